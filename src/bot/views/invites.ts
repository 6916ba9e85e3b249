import type { Invitation, Member } from '../../domain/model.js';
import { formatDate } from '../format.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import { viewerOf } from './invitation.js';

/** Pending invitations, each with the actions the viewer may take on it. */
export function invitesCard(turn: Turn, invitations: readonly Invitation[], viewer: Member, notice = ''): AdaptiveCard {
  const { t } = turn;
  return renderCard('invites', {
    title: t('invites.title'),
    none: t('invites.none'),
    notice,
    labels: { approve: t('invite.action.approve'), reject: t('invite.action.reject'), cancel: t('invite.action.cancel') },
    items: invitations.map((invitation) => {
      const role = viewerOf(invitation, turn.person, viewer);
      return {
        id: invitation.id,
        line: t('invites.item', {
          email: invitation.email,
          role: t(`role.${invitation.role}`),
          name: invitation.requestedBy.name,
          date: formatDate(turn, invitation.requestedAt),
        }),
        expires: t('invite.card.expires', { date: formatDate(turn, invitation.expiresAt) }),
        canDecide: role === 'owner',
        canCancel: role === 'requester',
      };
    }),
  });
}
