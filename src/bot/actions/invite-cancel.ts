import { cancelInvitation } from '../../domain/invitations.js';
import { answerDecision } from '../invitation-flow.js';
import { defineAction } from '../registry.js';
import { decisionData } from './invite-approve.js';

export const inviteCancel = defineAction({
  verb: 'invite.cancel',
  data: decisionData,
  async run(turn, { invitationId, from, page }, invoke) {
    const result = await turn.store.write(turn.tenantId, (t) => cancelInvitation(t, turn.person, invitationId, turn.now()));
    return answerDecision(turn, result, { from, page }, invoke);
  },
});
