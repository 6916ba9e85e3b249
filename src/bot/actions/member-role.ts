import { z } from 'zod';
import { changeRole, listMembers } from '../../domain/members.js';
import { profileNamesAsOwner } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { tellRoleChange } from '../role-news.js';
import { changedMembersCard, withProfileWarning } from '../views/members.js';
import { filterData, pageData } from './page.js';

export const memberRole = defineAction({
  verb: 'member.role',
  data: z.object({ email: z.string().min(3).max(254), role: z.enum(['owner', 'contributor']), page: pageData, filter: filterData }),
  async run(turn, { email, role, page, filter }, invoke) {
    const { change, named, viewer, members } = await turn.store.write(turn.tenantId, async (t) => {
      const change = await changeRole(t, turn.person, email, role, turn.now());
      const named = change.member.role !== 'owner' && (await profileNamesAsOwner(t, change.member.email));
      return { change, named, ...(await listMembers(t, turn.person)) };
    });
    const { member } = change;
    const changed = turn.t(`members.roleChanged.${member.role}`, { email: member.email });
    const notice = withProfileWarning(turn, changed, member.email, named);
    // The member is told while the list is updated: the click waits for the slower of the two, not their sum.
    const [card] = await Promise.all([changedMembersCard(turn, invoke, members, viewer, { page, filter, notice }), tellRoleChange(turn, change)]);
    return { card };
  },
});
