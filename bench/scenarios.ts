import { cardAction, message } from '../test/helpers/activities.js';
import type { Person } from '../test/helpers/people.js';

export type ScenarioKind = 'read' | 'write' | 'approval';

/** The share of the echo bot's requests/s each kind of turn must reach. */
export const TARGET_RATIO: Readonly<Record<ScenarioKind, number>> = { read: 0.5, write: 0.3, approval: 0.3 };

export interface Scenario {
  readonly name: string;
  readonly kind: ScenarioKind;
  /** What one request is, for the printed table's notes. */
  readonly measures: string;
  /** The next request's body. */
  next(): string;
  /** How many more requests have real work to do, when that is limited (pending invitations). */
  remaining?(): number;
  /** Whether the product's answer is the one a person would get (the echo bot's answers are not checked). */
  ok(body: string): boolean;
}

export interface ScenarioContext {
  readonly serviceUrl: string;
  readonly owner: Person;
  /** The n-th pending invitation to approve (each once), and the message of the Owner's copy its click comes from. */
  invitation(n: number): { readonly id: string; readonly messageId: string };
  /** How many pending invitations there are; unlimited when not given (the echo bot decides nothing). */
  readonly pendingInvitations?: number;
}

const isCard = (body: string) => body.includes('"contentType":"application/vnd.microsoft.card.adaptive"');
const isInvokeCard = (body: string) => body.includes('"type":"application/vnd.microsoft.card.adaptive"') && body.includes('"statusCode":200');

const same = (body: string) => () => body;

export function scenarios(context: ScenarioContext): Scenario[] {
  const { owner, serviceUrl } = context;
  let approved = 0;
  let saved = 0;
  return [
    {
      name: 'members',
      kind: 'read',
      measures: "an Owner's `members` message (expectReplies) in an organization of 500 members: the first page of the members card",
      next: same(JSON.stringify(message(owner, 'members', serviceUrl))),
      ok: (body) => isCard(body) && body.includes('500 members'),
    },
    {
      name: 'prereqs',
      kind: 'read',
      measures: 'a `prereqs` message (expectReplies): the checklist card',
      next: same(JSON.stringify(message(owner, 'prereqs', serviceUrl))),
      ok: isCard,
    },
    {
      name: 'checklist step saved',
      kind: 'write',
      measures:
        'an `adaptiveCard/action` invoke `prereq.update` saving step 1 with another MPN ID each time (the same values again change nothing): the checklist and an audit event written to disk, the card returned',
      next: () => JSON.stringify(cardAction(owner, 'prereq.update', { step: 'mpn', mpnId: String(1_000_000 + (saved++ % 9_000_000)) }, serviceUrl)),
      ok: isInvokeCard,
    },
    {
      name: 'invitation approved',
      kind: 'approval',
      measures:
        'an `invite.approve` click on the Owner\'s copy of the card, a distinct pending invitation each time (a fresh pool per product process, warm-up included): decision, new member and audit event written, the copy in the requester\'s chat updated and the requester told through the connector',
      next: () => {
        const { id, messageId } = context.invitation(approved++);
        return JSON.stringify(cardAction(owner, 'invite.approve', { invitationId: id }, serviceUrl, { replyToId: messageId }));
      },
      ...(context.pendingInvitations === undefined ? {} : { remaining: () => context.pendingInvitations! - approved }),
      ok: (body) => isInvokeCard(body) && body.includes('Approved'),
    },
  ];
}
