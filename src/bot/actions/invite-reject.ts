import { decideInvitation } from '../../domain/invitations.js';
import { answerDecision } from '../invitation-flow.js';
import { defineAction } from '../registry.js';
import { decisionData } from './invite-approve.js';

export const inviteReject = defineAction({
  verb: 'invite.reject',
  data: decisionData,
  async run(turn, { invitationId, from, page, reason }, invoke) {
    const result = await turn.store.write(turn.tenantId, (t) =>
      decideInvitation(t, turn.person, invitationId, { kind: 'reject', reason: reason?.trim() || undefined }, turn.now()),
    );
    return answerDecision(turn, result, { from, page }, invoke);
  },
});
