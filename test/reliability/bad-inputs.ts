import fc from 'fast-check';
import { actions } from '../../src/bot/actions/index.js';
import { commands } from '../../src/bot/commands/index.js';
import { cardAction, channel, groupChat, message } from '../helpers/activities.js';
import { carl, CONTOSO, FABRIKAM, fred, nina, olivia, type Person } from '../helpers/people.js';

// Generators of what a careless or hostile client might POST to /api/messages: activities and card
// payloads with wrong types, huge or strange strings, missing fields, unknown verbs and activity types,
// broken JSON and bodies over the size limit. Many are nearly right, so they get past the first checks.

/** One request as it goes over the wire. */
export interface BadInput {
  readonly kind: 'message' | 'cardAction' | 'envelope' | 'raw' | 'oversized';
  readonly body: string | Uint8Array;
  readonly contentType: string;
}

/** Where the activities say the connector is, and the invitation that exists in Contoso. */
export interface Targets {
  readonly serviceUrl: string;
  readonly invitationId: string;
}

const LIMIT = 256 * 1024;

const strange = fc.constantFrom(
  '',
  ' ',
  'مرحبا، أين قائمة التحقق؟',
  'שלום invite ana@contoso.com',
  '\u202Eevil\u202C@contoso.com',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\u0000\u0001\u001f',
  '\uD800',
  '\uDFFF lone',
  '\uFEFF\u200B\u00A0',
  '<at>Publisher Desk</at>',
  '<script>alert(1)</script>',
  '${{7*7}} {{constructor.constructor("return 1")()}}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  'NaN',
  '-1',
  '1e309',
);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const pieces = fc.constantFrom('a', 'Å', 'ß', 'ی', 'א', '\u0301', '\u200D', '👩', '🏽', '🇸🇪', '\u202E', '\u0000', '\n', '"', '\\', '<', '&', '%s', '{0}');
const codePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => (c >= 0xd800 && c <= 0xdfff ? 'x' : String.fromCodePoint(c)));
// Built from code points and pieces: fc.string's unicode units cost seconds to set up and to generate.
const text = fc.oneof(
  { weight: 4, arbitrary: fc.array(codePoint, { maxLength: 40 }).map((p) => p.join('')) },
  { weight: 3, arbitrary: fc.array(pieces, { maxLength: 20 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.array(fc.oneof(loneSurrogate, pieces), { maxLength: 10 }).map((p) => p.join('')) },
  { weight: 3, arbitrary: strange },
);
/** Long strings: far past every field's limit, yet (alone) under the body limit. */
const huge = fc
  .tuple(fc.oneof(text.filter((s) => s.length > 0), fc.constant('a')), fc.integer({ min: 2_000, max: 60_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
const textOrHuge = fc.oneof({ weight: 30, arbitrary: text }, { weight: 1, arbitrary: huge });

const emails = fc.constantFrom(olivia.email, carl.email, nina.email, fred.email, 'OLIVIA@CONTOSO.COM', 'new@contoso.com', 'a@b', '@', 'x@outlook.com');
const plausible = (targets: Targets) =>
  fc.oneof(
    emails,
    fc.constantFrom(
      'mpn', 'account', 'registration', 'portal', 'devCenter', 'owner', 'contributor', 'user', 'servicePrincipal', 'yes', 'no',
      'card', 'list', 'company', 'individual', 'saasApplications', 'businessUsers', 'linked', 'notLinked', '4512345',
      '2026-11-20', '2026-02-30', '9999-99-99', 'https://contoso.com', 'contoso-apps', 'members', 'help', '0', '1',
      targets.invitationId, CONTOSO, FABRIKAM,
    ),
  );
/** A value of any JSON type: the field's own kind of value, a near miss, or something else entirely. */
const value = (targets: Targets) =>
  fc.oneof(
    { weight: 6, arbitrary: plausible(targets) },
    { weight: 3, arbitrary: textOrHuge },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

const FIELDS = [
  'step', 'mpnId', 'accountEmail', 'submittedOn', 'offerType', 'audience', 'signedInOn', 'devCenterEmail', 'accountType',
  'answer', 'invitationId', 'from', 'reason', 'email', 'role', 'type', 'friendlyName', 'applicationId', 'tenantId',
  'objectId', 'note', 'page', 'version', 'publisherId', 'displayName', 'ownerEmails', 'contactName', 'contactEmail',
  'phone', 'website', 'devCenterStatus', 'devCenterAccountName', 'devCenterOwnerEmail', 'firstOfferPublishedOn', 'command',
];
const field = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: text });

const VERBS = actions.map((a) => a.verb);
const verb = fc.oneof(
  { weight: 17, arbitrary: fc.constantFrom(...VERBS) },
  { weight: 1, arbitrary: fc.constantFrom(...VERBS).map((v) => v.toUpperCase()) },
  { weight: 2, arbitrary: fc.oneof(text, huge) },
);

const COMMAND_WORDS = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
const messageText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...COMMAND_WORDS), fc.array(fc.oneof(text, emails, fc.constantFrom('owner', 'contributor', 'as', 'an', 'som', 'to')), { maxLength: 4 }))
      .map(([command, args]) => [command, ...args].join(' ')),
  },
  { weight: 3, arbitrary: textOrHuge },
);

const stranger = fc.record({
  aadObjectId: fc.oneof(fc.uuid(), text.filter((s) => s.length > 0)),
  tenantId: fc.constantFrom(CONTOSO, FABRIKAM, 'a1000000-0000-4000-8000-000000000001', 'not-a-tenant!', ''),
}).map(({ aadObjectId, tenantId }): Person => ({ id: `29:${aadObjectId}`, aadObjectId, name: 'Stranger', email: 'stranger@example.com', tenantId }));
const person = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(olivia, carl, nina, fred) }, { weight: 2, arbitrary: stranger });

const options = fc.record(
  {
    conversation: fc.constantFrom(undefined, groupChat(), channel()),
    locale: fc.oneof(fc.constantFrom('en-US', 'sv-SE', 'ar-SA', 'he-IL', 'zz'), text),
    tenantId: fc.constantFrom(CONTOSO, FABRIKAM),
  },
  { requiredKeys: [] },
);

const json = (body: unknown): Pick<BadInput, 'body' | 'contentType'> => ({ body: JSON.stringify(body), contentType: 'application/json' });

function messages(targets: Targets): fc.Arbitrary<BadInput> {
  return fc
    .tuple(person, messageText, options)
    .map(([p, t, o]) => ({ kind: 'message', ...json(message(p, t, targets.serviceUrl, strip(o))) }));
}

function cardActions(targets: Targets): fc.Arbitrary<BadInput> {
  const data = fc.oneof(
    { weight: 8, arbitrary: fc.array(fc.tuple(field, value(targets)), { maxLength: 8 }).map((fields) => Object.fromEntries(fields)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const trigger = fc.constantFrom<'manual' | 'automatic' | undefined>('manual', 'automatic', undefined);
  return fc
    .tuple(person, verb, data, trigger, options)
    .map(([p, v, d, tr, o]) => ({ kind: 'cardAction', ...json(cardAction(p, v, d, targets.serviceUrl, { ...strip(o), ...(tr ? { trigger: tr } : {}) })) }));
}

/** Paths into an activity that a malformed one may lack or carry with the wrong type. */
const PATHS = [
  'type', 'serviceUrl', 'channelId', 'from', 'from.id', 'from.aadObjectId', 'from.name', 'recipient', 'recipient.id',
  'conversation', 'conversation.id', 'conversation.tenantId', 'conversation.conversationType', 'channelData',
  'channelData.tenant', 'channelData.tenant.id', 'text', 'locale', 'deliveryMode', 'entities', 'name', 'value',
  'value.action', 'value.action.type', 'value.action.verb', 'value.action.data', 'value.trigger', 'replyToId',
  'membersAdded', 'id', 'timestamp',
];
const ACTIVITY_TYPES = [
  'message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'typing', 'event', 'endOfConversation',
  'deleteUserData', 'handoff', 'trace', 'messageUpdate', 'messageDelete', 'suggestion', 'command', 'commandResult',
];

function envelopes(targets: Targets): fc.Arbitrary<BadInput> {
  const base = fc.oneof(messages(targets), cardActions(targets)).map((input) => JSON.parse(input.body as string) as Record<string, unknown>);
  const change = fc.oneof(
    { weight: 50, arbitrary: fc.record({ path: fc.constantFrom(...PATHS), remove: fc.constant(true as const) }) },
    { weight: 50, arbitrary: fc.record({ path: fc.constantFrom(...PATHS), to: fc.oneof(value(targets), fc.constantFrom({}, [], '', 0)) }) },
    { weight: 25, arbitrary: fc.record({ path: fc.constant('type'), to: fc.oneof(fc.constantFrom(...ACTIVITY_TYPES), text) }) },
    {
      weight: 15,
      arbitrary: fc.record({
        path: fc.constant('name'),
        to: fc.oneof(fc.constantFrom('adaptiveCard/action', 'task/fetch', 'signin/verifyState', 'composeExtension/query', 'fileConsent/invoke'), text),
      }),
    },
    { weight: 10, arbitrary: fc.record({ path: fc.constant('deliveryMode'), to: fc.constantFrom('normal', 'expectReplies', 'notification', 'ephemeral', 'stream') }) },
    { weight: 5, arbitrary: fc.record({ path: fc.constant('serviceUrl'), to: fc.constantFrom('ftp://connector/', 'javascript:alert(1)', 'http://') }) },
    // A connector nobody answers at: every call to it fails (after the SDK's retries), and the turn must still end well.
    { weight: 1, arbitrary: fc.record({ path: fc.constant('serviceUrl'), to: fc.constant('http://127.0.0.1:9/') }) },
  );
  return fc.tuple(base, fc.array(change, { minLength: 1, maxLength: 3 })).map(([activity, changes]) => {
    for (const c of changes) setPath(activity, c.path, 'remove' in c ? undefined : c.to, 'remove' in c);
    return { kind: 'envelope', ...json(activity) };
  });
}

function raw(targets: Targets): fc.Arbitrary<BadInput> {
  const valid = JSON.stringify(message(olivia, 'whoami', targets.serviceUrl));
  const cut = fc.integer({ min: 0, max: valid.length - 1 }).map((n) => valid.slice(0, n));
  const broken = fc.oneof(
    cut,
    fc.constantFrom('{', '}', '[', 'null', 'true', '0', '"message"', '[]', '[{}]', '{"type":}', "{'type':'message'}", '{"type":"message",}', '\u0000', 'NaN'),
    text,
    fc.jsonValue().map((v) => JSON.stringify(v)),
  );
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 200 });
  const contentType = fc.constantFrom(
    'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv',
    'multipart/form-data; boundary=x', 'application/vnd.api+json', 'application/xml', '',
  );
  return fc.oneof(
    fc.tuple(broken, contentType).map(([body, type]) => ({ kind: 'raw' as const, body, contentType: type })),
    fc.tuple(bytes, contentType).map(([body, type]) => ({ kind: 'raw' as const, body, contentType: type })),
    contentType.map((type) => ({ kind: 'raw' as const, body: valid, contentType: type })),
  );
}

/** Just over the limit, or four times it; a valid activity with a huge text, or junk. */
function oversized(targets: Targets): fc.Arbitrary<BadInput> {
  return fc.tuple(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: LIMIT + 1, max: LIMIT + 4096 }) }, { weight: 1, arbitrary: fc.constant(4 * LIMIT) }), fc.boolean()).map(([size, asActivity]) => {
    const body = asActivity
      ? JSON.stringify(message(olivia, `invite ${'a'.repeat(size)}@contoso.com`, targets.serviceUrl))
      : `{"junk":"${'x'.repeat(size)}"}`;
    return { kind: 'oversized', body, contentType: 'application/json' };
  });
}

export function badInputs(targets: Targets): fc.Arbitrary<BadInput> {
  return fc.oneof(
    { weight: 60, arbitrary: messages(targets) },
    { weight: 70, arbitrary: cardActions(targets) },
    { weight: 44, arbitrary: envelopes(targets) },
    { weight: 24, arbitrary: raw(targets) },
    { weight: 1, arbitrary: oversized(targets) },
  );
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function setPath(target: Record<string, unknown>, path: string, to: unknown, remove: boolean): void {
  const keys = path.split('.');
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (!node || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[key];
  }
  if (!node || typeof node !== 'object') return;
  const last = keys.at(-1)!;
  if (remove) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = to;
}
