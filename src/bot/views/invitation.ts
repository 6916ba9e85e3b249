import { statusAt } from '../../domain/invitations.js';
import type { Invitation, Member } from '../../domain/model.js';
import { can } from '../../domain/roles.js';
import { formatDate } from '../format.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import { MAX_REFRESH_USERS } from './audience.js';

export type InvitationViewer = 'owner' | 'requester' | 'other';

/** Who is looking: Owners decide, the requester may cancel, everyone else sees the status. */
export function viewerOf(invitation: Invitation, person: { aadObjectId: string }, member: Member | undefined): InvitationViewer {
  if (member && can(member.role, 'invitation.decide')) return 'owner';
  return invitation.requestedBy.aadObjectId === person.aadObjectId ? 'requester' : 'other';
}

export interface InvitationCardOptions {
  readonly viewer: InvitationViewer;
  /** Teams user IDs whose clients refresh the shared card into their own view (Owners and the requester). */
  readonly refreshUserIds?: readonly string[];
  /** Where the buttons are: a decision clicked in the `invites` list answers with the list. */
  readonly from?: 'card' | 'list';
}

/** What an invitation's card needs of a turn: the card is also drawn outside one (after a decision in the tab). */
export type CardContext = Pick<Turn, 't' | 'locale' | 'now'>;

export function invitationCard(turn: CardContext, invitation: Invitation, options: InvitationCardOptions): AdaptiveCard {
  const { t } = turn;
  const status = statusAt(invitation, turn.now());
  const pending = status === 'pending';
  const sp = invitation.servicePrincipal;
  return renderCard('invitation', {
    invitationId: invitation.id,
    from: options.from ?? 'card',
    title: t('invite.card.title'),
    requestedBy: t('invite.card.requestedBy', { name: invitation.requestedBy.name, date: formatDate(turn, invitation.requestedAt) }),
    facts: [
      { title: t('invite.fact.email'), value: invitation.email },
      { title: t('invite.fact.role'), value: t(`role.${invitation.role}`) },
      { title: t('invite.fact.type'), value: t(`invite.type.${invitation.type}`) },
      ...(sp
        ? [
            { title: t('invite.field.friendlyName'), value: sp.friendlyName },
            { title: t('invite.field.applicationId'), value: sp.applicationId },
            { title: t('invite.field.tenantId'), value: sp.tenantId },
            { title: t('invite.field.objectId'), value: sp.objectId },
          ]
        : []),
      ...(invitation.note ? [{ title: t('invite.fact.note'), value: invitation.note }] : []),
    ],
    status: statusLine(turn, invitation, status),
    statusColor: { pending: 'Default', approved: 'Good', rejected: 'Attention', cancelled: 'Default', expired: 'Warning' }[status],
    expires: pending ? t('invite.card.expires', { date: formatDate(turn, invitation.expiresAt) }) : '',
    canDecide: pending && options.viewer === 'owner',
    canCancel: pending && options.viewer === 'requester',
    canView: pending && options.viewer === 'other',
    refreshUserIds: pending ? (options.refreshUserIds ?? []).slice(0, MAX_REFRESH_USERS) : [],
    labels: {
      approve: t('invite.action.approve'),
      reject: t('invite.action.reject'),
      cancel: t('invite.action.cancel'),
      view: t('card.showMyOptions'),
      reason: t('invite.field.reason'),
    },
  });
}

export function statusLine(turn: CardContext, invitation: Invitation, status = statusAt(invitation, turn.now())): string {
  const { t } = turn;
  const by = { name: invitation.decidedBy?.name ?? '', date: invitation.decidedAt ? formatDate(turn, invitation.decidedAt) : '' };
  switch (status) {
    case 'pending':
      return t('invite.status.pending');
    case 'approved':
      return t('invite.status.approved', by);
    case 'rejected':
      return invitation.reason ? t('invite.status.rejectedReason', { ...by, reason: invitation.reason }) : t('invite.status.rejected', by);
    case 'cancelled':
      return t('invite.status.cancelled', by);
    case 'expired':
      return t('invite.status.expired', { date: formatDate(turn, invitation.expiresAt) });
  }
}
