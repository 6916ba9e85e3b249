import { z } from 'zod';
import { decideInvitation } from '../../domain/invitations.js';
import { answerDecision } from '../invitation-flow.js';
import { defineAction } from '../registry.js';
import { pageData } from './page.js';

export const decisionData = z.object({
  invitationId: z.string().min(1).max(100),
  from: z.enum(['card', 'list']).default('card'),
  /** The list's page the click came from, to show again after it. */
  page: pageData,
  reason: z.string().max(500).optional(),
});

export const inviteApprove = defineAction({
  verb: 'invite.approve',
  data: decisionData,
  async run(turn, { invitationId, from, page }, invoke) {
    const result = await turn.store.write(turn.tenantId, (t) =>
      decideInvitation(t, turn.person, invitationId, { kind: 'approve' }, turn.now()),
    );
    return answerDecision(turn, result, { from, page }, invoke);
  },
});
