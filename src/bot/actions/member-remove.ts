import { z } from 'zod';
import { listMembers, removeMember } from '../../domain/members.js';
import { findMember } from '../../domain/organization.js';
import { profileNamesAsOwner } from '../../domain/profile.js';
import { defineAction } from '../registry.js';
import { changedMembersCard, withProfileWarning } from '../views/members.js';
import { filterData, pageData } from './page.js';

export const memberRemove = defineAction({
  verb: 'member.remove',
  data: z.object({ email: z.string().min(3).max(254), page: pageData, filter: filterData }),
  async run(turn, { email, page, filter }, invoke) {
    const result = await turn.store.write(turn.tenantId, async (t) => {
      const removed = await removeMember(t, turn.person, email, turn.now());
      const named = await profileNamesAsOwner(t, removed.email);
      // An Owner may remove themselves while another Owner remains; the list is then no longer theirs to see.
      return (await findMember(t, turn.person)) ? { removed, named, ...(await listMembers(t, turn.person)) } : { removed };
    });
    if (!('members' in result)) return { message: turn.t('members.removedSelf', { email: result.removed.email }) };
    const notice = withProfileWarning(turn, turn.t('members.removed', { email: result.removed.email }), result.removed.email, result.named);
    return { card: await changedMembersCard(turn, invoke, result.members, result.viewer, { page, filter, notice }) };
  },
});
