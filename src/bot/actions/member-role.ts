import { z } from 'zod';
import { changeRole, listMembers } from '../../domain/members.js';
import { profileNamesAsOwner } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { changedMembersCard, withProfileWarning } from '../views/members.js';
import { filterData, pageData } from './page.js';

export const memberRole = defineAction({
  verb: 'member.role',
  data: z.object({ email: z.string().min(3).max(254), role: z.enum(['owner', 'contributor']), page: pageData, filter: filterData }),
  async run(turn, { email, role, page, filter }, invoke) {
    const { member, named, viewer, members } = await turn.store.write(turn.tenantId, async (t) => {
      const member = await changeRole(t, turn.person, email, role, turn.now());
      const named = member.role !== 'owner' && (await profileNamesAsOwner(t, member.email));
      return { member, named, ...(await listMembers(t, turn.person)) };
    });
    const changed = turn.t('members.roleChanged', { email: member.email, role: turn.t(`role.${member.role}`) });
    const notice = withProfileWarning(turn, changed, member.email, named);
    return { card: await changedMembersCard(turn, invoke, members, viewer, { page, filter, notice }) };
  },
});
