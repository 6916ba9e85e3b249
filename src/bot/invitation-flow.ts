import {
  decideInvitation,
  isAccessRequest,
  pendingInvitations,
  PUBLISHER_DESK,
  recordCopy,
  statusAt,
  type Decision,
  type DecisionResult,
} from '../domain/invitations.js';
import type { Actor, Invitation, PostedCopy } from '../domain/model.js';
import { requirePermission } from '../domain/organization.js';
import { pickLocale, translator, type Locale } from '../i18n/index.js';
import type { ActionResult, InvokeInfo } from './registry.js';
import type { AdaptiveCard } from './render.js';
import type { Turn } from './turn.js';
import { invitationCard, statusLine } from './views/invitation.js';
import { audienceOf, refreshIdsOf } from './views/audience.js';
import { invitesCard } from './views/invites.js';

// What happens around an invitation beyond the store: who gets a card, and which copies change when it
// is decided. Shared by the invite command, the form, access requests and every decision verb.

/** What telling everyone about a decision needs; a decision made in the dashboard tab has no turn. */
type AnnounceContext = Pick<Turn, 'tenantId' | 'person' | 'locale' | 't' | 'store' | 'now' | 'notify'>;

/** The turn as seen by someone else: cards and texts for them are in their Teams client's language. */
export function inLanguageOf<C extends AnnounceContext>(turn: C, locale: string | undefined): C {
  const language = pickLocale(locale);
  return language === turn.locale ? turn : { ...turn, locale: language, t: translator(language) };
}

/** Teams user IDs whose copy of the card refreshes into their own view: the Owners and the requester. */
export const refreshUserIds = (turn: Turn, invitation: Invitation): Promise<string[]> => refreshIdsOf(turn, [invitation.requestedBy.aadObjectId]);

/**
 * A new pending invitation goes out: its card is posted where it was asked (unless `here`, the form's
 * message, already holds it) and sent to every Owner's 1:1 chat. Everyone sees the same card; each
 * Owner's client refreshes it into Approve and Reject. Returns the card for where it was asked, as the
 * invitation stands once every copy is remembered: an Owner may have decided while the cards were on their way.
 */
export async function sendRequest(turn: Turn, invitation: Invitation, here?: { readonly messageId: string }): Promise<AdaptiveCard> {
  const refreshIds = await refreshUserIds(turn, invitation);
  const card = invitationCard(turn, invitation, { viewer: 'other', refreshUserIds: refreshIds });
  const messageId = here?.messageId ?? (await postHere(turn, card));
  const posted = messageId ? { conversationId: turn.conversation.id, messageId } : undefined;
  const latest = await sendToOwners(turn, invitation, refreshIds, posted);
  return latest.status === 'pending' ? card : invitationCard(turn, latest, { viewer: 'other' });
}

/** Posts the request where it was asked; a chat Teams refuses (the bot removed from it) must not keep it from the Owners. */
async function postHere(turn: Turn, card: AdaptiveCard): Promise<string | undefined> {
  try {
    return await turn.send({ card });
  } catch (error) {
    turn.log.warn({ reason: (error as Error).message, conversation: turn.conversation.id }, 'could not post the request where it was asked');
    return undefined;
  }
}

/**
 * Sends the card to every Owner's 1:1 chat and remembers every copy (with the one posted where it was
 * asked), so a decision can update them all. Returns the invitation as it stands once they are remembered.
 */
async function sendToOwners(turn: Turn, invitation: Invitation, refreshIds: readonly string[], here?: PostedCopy): Promise<Invitation> {
  const owners = await turn.store.read(turn.tenantId, async (t) =>
    (await t.members()).filter((m) => m.role === 'owner' && m.aadObjectId && m.aadObjectId !== invitation.requestedBy.aadObjectId),
  );
  const sent = await Promise.all(
    owners.map((owner) =>
      turn.notify.toPerson(
        turn.tenantId,
        owner.aadObjectId!,
        (locale) => ({ card: invitationCard(inLanguageOf(turn, locale), invitation, { viewer: 'other', refreshUserIds: refreshIds }) }),
        turn.conversation.id,
      ),
    ),
  );
  const copies = [...(here ? [here] : []), ...sent.filter((c): c is PostedCopy => !!c)];
  if (!copies.length) return invitation;
  const latest = await turn.store.write(turn.tenantId, async (t) => {
    for (const copy of copies) await recordCopy(t, invitation.id, copy);
    return (await t.invitation(invitation.id)) ?? invitation;
  });
  // A decision made before these copies were remembered could not update them: they show it now.
  if (latest.status !== 'pending') await showOutcome(turn, latest, copies);
  return latest;
}

/**
 * After a decision (or cancel, or expiry): every copy shows the outcome, and the requester is told. The
 * messages go out together: the person who clicked waits for the slowest of them, not for their sum.
 */
async function announceDecision(turn: AnnounceContext, invitation: Invitation, answered?: PostedCopy): Promise<AdaptiveCard> {
  const copies = invitation.postedIn.filter((c) => c.conversationId !== answered?.conversationId || c.messageId !== answered.messageId);
  const [card] = await Promise.all([showOutcome(turn, invitation, copies), tellRequester(turn, invitation)]);
  return card;
}

/** An Owner's own invitation approved a request waiting for the same person: its cards and its requester learn so. */
export async function announceSettled(turn: Turn, invitation: Invitation): Promise<void> {
  await announceDecision(turn, invitation);
}

/** Invitations that expired with nobody deciding: every copy shows it, and each requester is told. */
export async function announceExpired(turn: AnnounceContext, invitations: readonly Invitation[]): Promise<void> {
  const unattended = { ...turn, person: PUBLISHER_DESK };
  await Promise.all(invitations.map((invitation) => announceDecision(unattended, invitation)));
}

/** Updates the copies to the invitation as it stands, each in its chat's language; returns the decider's card. */
async function showOutcome(turn: AnnounceContext, invitation: Invitation, copies: readonly PostedCopy[]): Promise<AdaptiveCard> {
  const card = invitationCard(turn, invitation, { viewer: 'other' });
  const cardIn = (locale: string | undefined) => {
    const there = inLanguageOf(turn, locale);
    return there === turn ? card : invitationCard(there, invitation, { viewer: 'other' });
  };
  await Promise.all(copies.map((copy) => turn.notify.update(turn.tenantId, copy, cardIn)));
  return card;
}

/** A decision's (or expiry's) message to the person who asked for the invitation, unless they made it themselves. */
async function tellRequester(turn: AnnounceContext, invitation: Invitation): Promise<void> {
  const status = statusAt(invitation, turn.now());
  const requester = invitation.requestedBy;
  if (!['approved', 'rejected', 'expired'].includes(status) || requester.aadObjectId === turn.person.aadObjectId) return;
  const by = { email: invitation.email, name: invitation.decidedBy?.name ?? '' };
  // Someone who asked for access for themselves hears about their request, not about "your invitation for" them.
  const kind = isAccessRequest(invitation) ? 'access' : 'invite';
  const message = (locale: string | undefined) => {
    const { t } = inLanguageOf(turn, locale);
    const text =
      status === 'approved' ? t(`${kind}.notify.approved`, by)
      : status === 'expired' ? t(`${kind}.notify.expired`, by)
      : invitation.reason ? t(`${kind}.notify.rejectedReason`, { ...by, reason: invitation.reason })
      : t(`${kind}.notify.rejected`, by);
    return { text };
  };
  // Where they asked, if they have no 1:1 chat with the bot yet: one is opened through it.
  await turn.notify.toPerson(turn.tenantId, requester.aadObjectId, message, invitation.postedIn[0]?.conversationId);
}

/**
 * The page of invitations waiting, as the person may see them. Posted in a chat or channel, it is drawn for
 * everyone, and refreshed for the Owners and the requesters into their own.
 */
export async function invitesReply(turn: Turn, { page = 1, notice = '', posted }: { page?: number; notice?: string; posted: boolean }): Promise<AdaptiveCard> {
  const { viewer, pending, members } = await turn.store.read(turn.tenantId, async (t) => ({
    viewer: await requirePermission(t, turn.person, 'view'),
    pending: await pendingInvitations(t, turn.person, turn.now()),
    members: new Set((await t.members()).map((m) => m.aadObjectId)),
  }));
  // Requesters who are members refresh into their own view (Cancel); one asking for access may not see the list.
  const requesters = pending.map((i) => i.requestedBy.aadObjectId).filter((id) => members.has(id));
  const audience = await audienceOf(turn, { posted, also: requesters });
  return invitesCard(turn, pending, viewer, { page, notice, audience });
}

/**
 * The invoke answer to a decision or cancel click: the decided card (or, from the list, its page), or a refusal.
 * A copy clicked in a 1:1 chat is not updated through Teams as well: the answer replaces it, and on the
 * person's other devices the pending card's refresh fetches the outcome (Teams refreshes cards by itself in
 * chats of fewer than 60 people). A copy in a group chat or channel is, since the answer reaches only the
 * clicker; so is a list clicked there.
 */
export async function answerDecision(
  turn: Turn,
  result: DecisionResult,
  { from, page }: { from: 'card' | 'list'; page: number },
  { replyToId, updateForEveryone }: InvokeInfo,
): Promise<ActionResult> {
  if (result.outcome === 'refused') {
    turn.log.info({ aadObjectId: turn.person.aadObjectId, refused: result.key }, 'refused a click on an invitation');
    return { error: { status: result.key === 'invite.notFound' ? 404 : 403, message: turn.t(result.key) } };
  }
  const answered = from === 'card' && turn.conversation.type === 'personal' && replyToId ? { conversationId: turn.conversation.id, messageId: replyToId } : undefined;
  const announced = result.outcome === 'alreadyDecided' ? undefined : announceDecision(turn, result.invitation, answered);
  if (from === 'card') return { card: (await announced) ?? invitationCard(turn, result.invitation, { viewer: 'other' }) };
  const notice = `${result.invitation.email}: ${statusLine(turn, result.invitation)}`;
  // The list's shared copy goes out with the invitation's copies: the click waits for the slowest, not their sum.
  await Promise.all([announced, updateForEveryone(() => invitesReply(turn, { page, notice, posted: true }))]);
  return { card: await invitesReply(turn, { page, notice, posted: false }) };
}

export interface DecisionRequest {
  readonly tenantId: string;
  readonly person: Actor;
  /** The decider's language, for the copies of the card in chats whose language is not known. */
  readonly locale: Locale;
  readonly invitationId: string;
  readonly decision: Decision;
}

/**
 * Decisions made outside a chat (in the dashboard tab): the same rule as the cards' Approve and Reject,
 * then the same updates of every copy of the card and the same message to the requester.
 */
export function invitationDecider(deps: Pick<Turn, 'store' | 'notify' | 'now' | 'log'>) {
  return async ({ tenantId, person, locale, invitationId, decision }: DecisionRequest): Promise<DecisionResult> => {
    const result = await deps.store.write(tenantId, (t) => decideInvitation(t, person, invitationId, decision, deps.now()));
    if (result.outcome === 'refused') deps.log.info({ aadObjectId: person.aadObjectId, refused: result.key }, 'refused a decision in the dashboard');
    if (result.outcome === 'decided' || result.outcome === 'expired') {
      await announceDecision({ ...deps, tenantId, person, locale, t: translator(locale) }, result.invitation);
    }
    return result;
  };
}
