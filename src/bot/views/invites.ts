import type { Invitation, Member } from '../../domain/model.js';
import { formatDate } from '../format.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import type { Audience } from './audience.js';
import { viewerOf } from './invitation.js';

/** Invitations a card shows at once: a long list would pass the size Teams allows for a card. */
const INVITES_PER_PAGE = 10;

export interface InvitesCardOptions {
  readonly page?: number;
  readonly notice?: string;
  /** Unset in a 1:1 chat: the card is the viewer's own. */
  readonly audience?: Audience;
}

/** A page of the pending invitations, each with the actions the viewer may take on it. */
export function invitesCard(turn: Turn, invitations: readonly Invitation[], viewer: Member, { page = 1, notice = '', audience }: InvitesCardOptions = {}): AdaptiveCard {
  const { t } = turn;
  const pages = Math.max(1, Math.ceil(invitations.length / INVITES_PER_PAGE));
  // A decision from the last page may leave it empty: the list shows the page before.
  const current = Math.min(Math.max(1, page), pages);
  const items = invitations.slice((current - 1) * INVITES_PER_PAGE, current * INVITES_PER_PAGE).map((invitation) => {
    const role = audience?.everyone ? 'other' : viewerOf(invitation, turn.person, viewer);
    return {
      id: invitation.id,
      line: t(`invites.item.${invitation.role}`, {
        email: invitation.email,
        name: invitation.requestedBy.name,
        date: formatDate(turn, invitation.requestedAt),
      }),
      expires: t('invite.card.expires', { date: formatDate(turn, invitation.expiresAt) }),
      canDecide: role === 'owner',
      canCancel: role === 'requester',
    };
  });
  return renderCard('invites', {
    title: t('invites.title'),
    none: t('invites.none'),
    summary: t('invites.count', { count: invitations.length, page: current, pages }),
    notice,
    page: current,
    pages,
    forEveryone: audience?.everyone ?? false,
    refreshUserIds: audience?.refreshUserIds ?? [],
    labels: {
      approve: t('invite.action.approve'),
      reject: t('invite.action.reject'),
      cancel: t('invite.action.cancel'),
      next: t('list.next'),
      previous: t('list.previous'),
      options: t('card.showMyOptions'),
      reason: t('invite.field.reason'),
    },
    items,
    // One reason field for the page, sent with whichever Reject is clicked (input IDs are unique in a card).
    askReason: items.some((i) => i.canDecide),
  });
}
