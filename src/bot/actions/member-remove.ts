import { z } from 'zod';
import { listMembers, removeMember } from '../../domain/members.js';
import { findMember } from '../../domain/organization.js';
import { defineAction } from '../registry.js';
import { audienceOf } from '../views/audience.js';
import { membersCard } from '../views/members.js';

export const memberRemove = defineAction({
  verb: 'member.remove',
  data: z.object({ email: z.string().min(3).max(254) }),
  async run(turn, { email }) {
    const result = await turn.store.write(turn.tenantId, async (t) => {
      const removed = await removeMember(t, turn.person, email, turn.now());
      // An Owner may remove themselves while another Owner remains; the list is then no longer theirs to see.
      return (await findMember(t, turn.person)) ? { removed, ...(await listMembers(t, turn.person)) } : { removed };
    });
    if (!('members' in result)) return { message: turn.t('members.removedSelf', { email: result.removed.email }) };
    const notice = turn.t('members.removed', { email: result.removed.email });
    return { card: membersCard(turn, result.members, result.viewer, { notice, audience: await audienceOf(turn, { posted: false }) }) };
  },
});
