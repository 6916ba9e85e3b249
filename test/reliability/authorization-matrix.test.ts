import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { actions } from '../../src/bot/actions/index.js';
import { commands } from '../../src/bot/commands/index.js';
import { translator, type MessageKey } from '../../src/i18n/index.js';
import type { Store } from '../../src/store/store.js';
import { message } from '../helpers/activities.js';
import { ADAPTIVE, wordsOf } from '../helpers/cards.js';
import type { TestConnector } from '../helpers/connector.js';
import { organization } from '../helpers/flows.js';
import { carl, CONTOSO, FABRIKAM, fred, nina, olivia, type Person } from '../helpers/people.js';
import { startBot, type HttpAnswer, type TestBot } from '../helpers/server.js';
import { storeFiles } from '../helpers/store-files.js';
import { reportFigures } from './figures.js';

// Who may do what: every command and every card verb, tried by an Owner, a Contributor, a non-member of
// the organization, and an Owner of another organization who replays the first one's IDs (and its tenant
// ID) in card data. Each cell runs on its own copy of the same store, so no cell depends on another.

const t = translator('en');

/** Contoso is the organization under test; Fred owns Fabrikam and reaches for Contoso's data. */
const PERSONAS = { owner: olivia, contributor: carl, nonMember: nina, otherTenant: fred } as const;
type Persona = keyof typeof PERSONAS;

type Outcome =
  /** Answered with a card or text; `writes` when the change must show in the store. */
  | { readonly kind: 'allowed'; readonly writes: boolean }
  /** Answered with this refusal (for a click, with this HTTP status); nothing changes but the audit event named. */
  | { readonly kind: 'refused'; readonly key: MessageKey; readonly status: number; readonly audited?: string; readonly params?: Record<string, string> }
  /** Answered with the form, this message at a field; nothing changes. */
  | { readonly kind: 'invalid'; readonly key: MessageKey };

const reads: Outcome = { kind: 'allowed', writes: false };
const writes: Outcome = { kind: 'allowed', writes: true };
const refused = (key: MessageKey, status = 403, extra: { audited?: string; params?: Record<string, string> } = {}): Outcome => ({
  kind: 'refused',
  key,
  status,
  ...extra,
});
const ownersOnly = refused('access.ownersOnly');
const notMember = refused('access.notMember');
const notInFabrikam = refused('members.notFound', 404, { params: { email: carl.email } });

interface Row {
  /** A command's text, or a card verb with its data. */
  readonly input: { readonly say: string } | { readonly verb: string; readonly data: Record<string, unknown> };
  readonly expect: Readonly<Record<Persona, Outcome>>;
}

/** Carl's request waiting for an Owner in Contoso; its ID is filled in once the baseline exists. */
const INVITEE = 'dana.newhire@contoso.com';
let pendingInvitationId = '';

const COMMANDS: Readonly<Record<string, Row>> = {
  help: { input: { say: 'help' }, expect: { owner: reads, contributor: reads, nonMember: reads, otherTenant: reads } },
  setup: { input: { say: 'setup' }, expect: { owner: reads, contributor: reads, nonMember: reads, otherTenant: reads } },
  whoami: { input: { say: 'whoami' }, expect: { owner: reads, contributor: reads, nonMember: reads, otherTenant: reads } },
  prereqs: { input: { say: 'prereqs' }, expect: { owner: reads, contributor: reads, nonMember: notMember, otherTenant: reads } },
  profile: { input: { say: 'profile' }, expect: { owner: reads, contributor: reads, nonMember: notMember, otherTenant: reads } },
  'profile edit': {
    input: { say: 'profile edit' },
    expect: { owner: reads, contributor: ownersOnly, nonMember: notMember, otherTenant: reads },
  },
  members: { input: { say: 'members' }, expect: { owner: reads, contributor: reads, nonMember: notMember, otherTenant: reads } },
  invite: {
    input: { say: 'invite newbie@contoso.com as contributor' },
    expect: { owner: writes, contributor: writes, nonMember: notMember, otherTenant: writes },
  },
  invites: { input: { say: 'invites' }, expect: { owner: reads, contributor: reads, nonMember: notMember, otherTenant: reads } },
  role: {
    input: { say: `role ${carl.email} owner` },
    expect: { owner: writes, contributor: ownersOnly, nonMember: notMember, otherTenant: notInFabrikam },
  },
  remove: {
    // The command only asks for confirmation; member.remove does the removal.
    input: { say: `remove ${carl.email}` },
    expect: { owner: reads, contributor: ownersOnly, nonMember: notMember, otherTenant: notInFabrikam },
  },
  history: { input: { say: 'history' }, expect: { owner: reads, contributor: reads, nonMember: notMember, otherTenant: reads } },
};

const decision = (verb: string, extra: Record<string, unknown> = {}): Row => ({
  input: { verb, data: { invitationId: '<pending>', ...extra } },
  expect: {
    owner: writes,
    contributor: refused('access.ownersOnly', 403, { audited: 'invitation.decisionRefused' }),
    nonMember: refused('access.notMember', 403, { audited: 'invitation.decisionRefused' }),
    // Contoso's invitation does not exist in Fabrikam: an ID that names nothing is answered, not logged.
    otherTenant: refused('invite.notFound', 404),
  },
});

const member = (verb: string, data: Record<string, unknown>, owner: Outcome): Row => ({
  input: { verb, data },
  expect: { owner, contributor: ownersOnly, nonMember: notMember, otherTenant: notInFabrikam },
});

const everyMember = (verb: string, data: Record<string, unknown>, outcome: Outcome): Row => ({
  input: { verb, data },
  expect: { owner: outcome, contributor: outcome, nonMember: notMember, otherTenant: outcome },
});

const VERBS: Readonly<Record<string, Row>> = {
  'command.run': everyMember('command.run', { command: 'members' }, reads),
  'prereq.view': everyMember('prereq.view', {}, reads),
  'prereq.open': everyMember('prereq.open', { step: 'mpn' }, reads),
  'prereq.update': everyMember('prereq.update', { step: 'mpn', mpnId: '7654321' }, writes),
  'prereq.reopen': everyMember('prereq.reopen', { step: 'mpn' }, writes),
  'prereq.transact': everyMember('prereq.transact', { answer: 'no' }, writes),
  'invite.create': everyMember('invite.create', { email: 'newbie@contoso.com', role: 'contributor', type: 'user' }, writes),
  'invite.refresh': {
    input: { verb: 'invite.refresh', data: { invitationId: '<pending>' } },
    expect: { owner: reads, contributor: reads, nonMember: notMember, otherTenant: refused('invite.notFound', 404) },
  },
  'invite.approve': decision('invite.approve'),
  'invite.reject': decision('invite.reject', { reason: 'not now' }),
  'invite.cancel': {
    input: { verb: 'invite.cancel', data: { invitationId: '<pending>' } },
    expect: {
      // Only the requester (here the Contributor) withdraws a request.
      owner: refused('invite.onlyRequester', 403, { audited: 'invitation.cancelRefused' }),
      contributor: writes,
      nonMember: refused('invite.onlyRequester', 403, { audited: 'invitation.cancelRefused' }),
      otherTenant: refused('invite.notFound', 404),
    },
  },
  'access.request': {
    input: { verb: 'access.request', data: {} },
    expect: {
      owner: refused('invite.alreadyMember', 409, { params: { email: olivia.email } }),
      contributor: refused('invite.alreadyMember', 409, { params: { email: carl.email } }),
      nonMember: writes,
      otherTenant: refused('invite.alreadyMember', 409, { params: { email: fred.email } }),
    },
  },
  'members.view': everyMember('members.view', { page: 1 }, reads),
  'invites.view': everyMember('invites.view', { page: 1 }, reads),
  'member.role': member('member.role', { email: carl.email, role: 'owner' }, writes),
  'member.confirmRemove': member('member.confirmRemove', { email: carl.email }, reads),
  'member.remove': member('member.remove', { email: carl.email }, writes),
  'profile.view': everyMember('profile.view', {}, reads),
  'profile.edit': {
    input: { verb: 'profile.edit', data: {} },
    expect: { owner: reads, contributor: ownersOnly, nonMember: notMember, otherTenant: reads },
  },
  'profile.save': {
    input: {
      verb: 'profile.save',
      data: { version: 0, publisherId: 'contoso-apps', displayName: 'Contoso Apps', ownerEmails: olivia.email },
    },
    expect: {
      owner: writes,
      contributor: refused('access.ownersOnly', 403, { audited: 'profile.saveRefused' }),
      nonMember: notMember,
      // Olivia is no Owner of Fabrikam, so Fred's copy of Contoso's form is refused at that field.
      otherTenant: { kind: 'invalid', key: 'profile.error.notOwner' },
    },
  },
  'history.view': everyMember('history.view', { page: 1 }, reads),
};

/** What an organization holds, without the bookkeeping every turn may update (who talked, from which chat). */
async function stateOf(store: Store, tenantId: string) {
  return store.read(tenantId, async (x) => ({
    organization: await x.organization(),
    members: await x.members(),
    checklist: await x.checklist(),
    invitations: await x.invitations(),
    profile: await x.profile(),
    audit: (await x.auditEvents({ offset: 0, limit: 100_000 })).events,
  }));
}
type State = Awaited<ReturnType<typeof stateOf>>;

/** Only Contoso's own people know these: none may reach a Fabrikam user. */
const CONTOSO_ONLY = ['Olivia Owner', 'Carl Contributor', INVITEE];

describe('authorization matrix', () => {
  let baseline: string;
  /** The people's 1:1 chats were recorded on this connector, so cards sent to them later go there. */
  let chats: TestConnector;
  let cells = 0;

  beforeAll(async () => {
    baseline = await mkdtemp(join(tmpdir(), 'pd-matrix-'));
    const bot = await startBot({ storageFile: join(baseline, 'desk.json') });
    await organization(bot, olivia, [[carl, 'contributor']]);
    await bot.say(carl, `invite ${INVITEE} as contributor`);
    await organization(bot, fred);
    await bot.say(nina, 'hello');
    const [pending] = await bot.app.store.read(CONTOSO, (x) => x.invitations({ status: 'pending' }));
    pendingInvitationId = pending!.id;
    chats = bot.connector;
    await bot.app.close();
  });
  afterAll(async () => {
    const rows = Object.keys(COMMANDS).length + Object.keys(VERBS).length;
    reportFigures('authorization-matrix', {
      commands: Object.keys(COMMANDS).length,
      verbs: Object.keys(VERBS).length,
      personas: Object.keys(PERSONAS).length,
      cells: rows * Object.keys(PERSONAS).length,
      cellsChecked: cells,
    });
    await chats.close();
    await rm(baseline, { recursive: true, force: true });
  });

  it('has a row for every command and every card verb', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual(commands.map((c) => c.name).sort());
    expect(Object.keys(VERBS).sort()).toEqual(actions.map((a) => a.verb).sort());
  });

  const table = [...Object.entries(COMMANDS), ...Object.entries(VERBS)].flatMap(([name, row]) =>
    (Object.keys(PERSONAS) as Persona[]).map((persona) => [name, persona, row] as const),
  );

  /** The bot of the cells that ran since the store was last copied from the baseline. */
  let current: { bot: TestBot; dir: string } | undefined;
  const botOnBaseline = async (): Promise<TestBot> => {
    if (current) return current.bot;
    const dir = await mkdtemp(join(tmpdir(), 'pd-cell-'));
    await cp(baseline, dir, { recursive: true });
    current = { dir, bot: await startBot({ storageFile: join(dir, 'desk.json') }) };
    return current.bot;
  };
  const discardBot = async () => {
    if (!current) return;
    await current.bot.close();
    await rm(current.dir, { recursive: true, force: true });
    current = undefined;
  };
  afterAll(discardBot);

  it.each(table)('%s by the %s', async (_name, persona, row) => {
    const bot = await botOnBaseline();
    const person = PERSONAS[persona];
    const own = person.tenantId;
    const before = { contoso: await stateOf(bot.app.store, CONTOSO), own: await stateOf(bot.app.store, own) };
    let unchanged = false;
    try {
      const expected = row.expect[persona];
      const answer = await attempt(bot, person, row.input, persona === 'otherTenant');
      const after = { contoso: await stateOf(bot.app.store, CONTOSO), own: await stateOf(bot.app.store, own) };
      unchanged = isDeepStrictEqual(after, before);

      expectAnswer(answer, expected);
      if (expected.kind === 'refused' || expected.kind === 'invalid') {
        expectUnchangedBut(after.own, before.own, expected.kind === 'refused' ? expected.audited : undefined);
      } else if (expected.writes) {
        expect(after.own).not.toEqual(before.own);
      } else {
        expect(after.own).toEqual(before.own);
      }
      if (persona === 'otherTenant') {
        expect(after.contoso).toEqual(before.contoso);
        for (const secret of CONTOSO_ONLY) expect(answer.words).not.toContain(secret);
      }
      cells += 1;
    } finally {
      // Every cell starts from the baseline: a cell that changed anything leaves its store behind.
      if (!unchanged) await discardBot();
    }
  });
});

describe('ALLOWED_TENANTS', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startBot({ env: { ALLOWED_TENANTS: CONTOSO } });
  });
  afterAll(() => bot.close());

  it('serves a listed tenant, and tells anyone else their organization is not enabled, storing nothing of theirs', async () => {
    await organization(bot, olivia);
    const before = await storeFiles(bot.storageFile);
    const notEnabled = t('tenant.notAllowed');

    expect(wordsOf(await bot.say(fred, 'setup'))).toContain(notEnabled);
    expect(wordsOf(await bot.say(fred, 'whoami'))).toContain(notEnabled);
    const click = await bot.click(fred, 'prereq.transact', { answer: 'yes' });
    expect(click).toMatchObject({ status: 403, body: { type: 'application/vnd.microsoft.error', value: { message: notEnabled } } });
    const installed = await bot.post({ ...message(fred, '', bot.connector.url), type: 'installationUpdate', action: 'add' });
    expect(installed.status).toBe(200);
    const added = { ...message(fred, '', bot.connector.url), type: 'conversationUpdate', membersAdded: [{ id: '28:publisher-desk-bot' }] };
    expect(wordsOf((await bot.post(added)).body.activities)).toContain(notEnabled);

    expect(await storeFiles(bot.storageFile)).toEqual(before);
    expect(Object.keys(before).some((file) => file.includes(FABRIKAM))).toBe(false);
    expect(bot.connector.memberLookups).not.toContain(fred.id);
  });
});

interface Answer {
  readonly kind: 'say' | 'click';
  readonly http?: HttpAnswer;
  readonly words: string;
}

async function attempt(bot: TestBot, person: Person, input: Row['input'], forge: boolean): Promise<Answer> {
  if ('say' in input) return { kind: 'say', words: wordsOf(await bot.say(person, input.say)) };
  const data = Object.fromEntries(
    Object.entries(input.data).map(([k, v]) => [k, v === '<pending>' ? pendingInvitationId : v]),
  );
  // A replayed card: Contoso's IDs as they were, plus Contoso's tenant ID, as if that chose the organization.
  const http = await bot.click(person, input.verb, forge ? { ...data, tenantId: CONTOSO } : data);
  return { kind: 'click', http, words: JSON.stringify(http.body) };
}

function expectAnswer(answer: Answer, expected: Outcome): void {
  const failure = t('error.title');
  if (expected.kind === 'refused') {
    const message = t(expected.key, expected.params);
    if (answer.kind === 'say') return expect(answer.words).toContain(message);
    return expect(answer.http).toEqual({
      status: expected.status,
      body: expect.objectContaining({ statusCode: expected.status, type: 'application/vnd.microsoft.error', value: expect.objectContaining({ message }) }),
    });
  }
  if (expected.kind === 'invalid') {
    expect(answer.http).toMatchObject({ status: 200, body: { type: ADAPTIVE } });
    return expect(answer.words).toContain(t(expected.key));
  }
  expect(answer.words).not.toContain(failure);
  for (const key of ['access.ownersOnly', 'access.notMember'] as const) expect(answer.words).not.toContain(t(key));
  if (answer.kind === 'say') return expect(answer.words.trim()).not.toBe('');
  expect(answer.http?.status).toBe(200);
  expect([ADAPTIVE, 'application/vnd.microsoft.activity.message']).toContain(answer.http?.body?.type);
}

/** Nothing changed, except one audit event of the given type when the domain logs this refusal. */
function expectUnchangedBut(after: State, before: State, audited: string | undefined): void {
  const added = after.audit.slice(0, after.audit.length - before.audit.length);
  expect(added.map((e) => e.type)).toEqual(audited ? [audited] : []);
  expect({ ...after, audit: after.audit.slice(added.length) }).toEqual(before);
}
