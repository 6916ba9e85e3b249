import { z } from 'zod';
import { decideInvitation } from '../../domain/invitations.js';
import { answerDecision } from '../invitation-flow.js';
import { defineAction } from '../registry.js';

export const decisionData = z.object({
  invitationId: z.string().min(1).max(100),
  from: z.enum(['card', 'list']).default('card'),
  reason: z.string().max(500).optional(),
});

export const inviteApprove = defineAction({
  verb: 'invite.approve',
  data: decisionData,
  async run(turn, { invitationId, from }) {
    const result = await turn.store.write(turn.tenantId, (t) =>
      decideInvitation(t, turn.person, invitationId, { kind: 'approve' }, turn.now()),
    );
    return answerDecision(turn, result, from);
  },
});
