import { z } from 'zod';
import { viewInvitation } from '../../domain/invitations.js';
import { findMember } from '../../domain/organization.js';
import { refreshUserIds } from '../invitation-flow.js';
import { defineAction } from '../registry.js';
import { invitationCard, viewerOf } from '../views/invitation.js';

/**
 * The clicker's own view of an invitation: Owners get Approve and Reject, the requester Cancel. Teams
 * calls it on its own (a refresh) for the people the card names, so it changes nothing.
 */
export const inviteRefresh = defineAction({
  verb: 'invite.refresh',
  refresh: true,
  data: z.object({ invitationId: z.string().min(1).max(100) }),
  async run(turn, { invitationId }) {
    const { invitation, member } = await turn.store.read(turn.tenantId, async (t) => ({
      invitation: await viewInvitation(t, turn.person, invitationId),
      member: await findMember(t, turn.person),
    }));
    return {
      card: invitationCard(turn, invitation, {
        viewer: viewerOf(invitation, turn.person, member),
        refreshUserIds: await refreshUserIds(turn, invitation),
      }),
    };
  },
});
