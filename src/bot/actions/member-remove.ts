import { z } from 'zod';
import { listMembers, removeMember } from '../../domain/members.js';
import { defineAction } from '../registry.js';
import { membersCard } from '../views/members.js';

export const memberRemove = defineAction({
  verb: 'member.remove',
  data: z.object({ email: z.string().min(3).max(254) }),
  async run(turn, { email }) {
    const { removed, viewer, members } = await turn.store.write(turn.tenantId, async (t) => {
      const removed = await removeMember(t, turn.person, email, turn.now());
      return { removed, ...(await listMembers(t, turn.person)) };
    });
    return { card: membersCard(turn, members, viewer, 1, turn.t('members.removed', { email: removed.email })) };
  },
});
