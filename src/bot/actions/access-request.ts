import { z } from 'zod';
import { requestAccess } from '../../domain/invitations.js';
import { sendToOwners, sharedInvitationCard } from '../invitation-flow.js';
import { defineAction } from '../registry.js';

/** A non-member's "Ask for access" on the whoami card: an invitation for themselves, sent to the Owners. */
export const accessRequest = defineAction({
  verb: 'access.request',
  data: z.object({}),
  async run(turn) {
    const invitation = await turn.store.write(turn.tenantId, (t) =>
      requestAccess(t, turn.person, turn.now(), turn.config.inviteTtlDays),
    );
    const card = await sharedInvitationCard(turn, invitation);
    const messageId = await turn.send({ card });
    await sendToOwners(turn, invitation, messageId ? { conversationId: turn.conversation.id, messageId } : undefined);
    return { message: turn.t('access.requested') };
  },
});
