import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { translator } from '../../src/i18n/index.js';
import { cardAction, message } from '../helpers/activities.js';
import { cardsOf, wordsOf } from '../helpers/cards.js';
import { TestConnector } from '../helpers/connector.js';
import { VALID_STEPS } from '../helpers/flows.js';
import { somebody, type Person } from '../helpers/people.js';
import { killServers, spawnServer } from '../helpers/process.js';
import { reportFigures } from './figures.js';

// 200 people in 10 organizations, each in their own chat, all talking to one server process at once for
// LOAD_SECONDS: reads, checklist saves, invitation requests and Owners' approvals. This checks correctness
// under load (no error, no lost write, memory that levels off), not speed: `npm run bench` measures that.

const SECONDS = Number(process.env['LOAD_SECONDS'] ?? 30);
const TENANTS = Array.from({ length: 10 }, (_, i) => `b${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`);
const PEOPLE = TENANTS.map((tenantId, t) => Array.from({ length: 20 }, (_, i) => somebody(2000 + t * 20 + i, tenantId)));
const FAILED = translator('en')('error.title');
/** Several times the live data of a run (about 100 MB at its end on a fast machine). */
const HEAP_MB = 384;
const READS = ['whoami', 'prereqs', 'members', 'invites', 'history', 'profile', 'help'];

type Write =
  | { readonly kind: 'requested'; readonly tenantId: string; readonly invitationId: string; readonly email: string }
  | { readonly kind: 'approved'; readonly tenantId: string; readonly invitationId: string; readonly email: string }
  | { readonly kind: 'checklistSaved'; readonly tenantId: string; readonly mpnId: string };

describe('load', () => {
  let dir: string;
  let connector: TestConnector;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-load-'));
    connector = await TestConnector.start(PEOPLE.flat());
  });
  afterAll(async () => {
    killServers();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`serves 200 conversations at once for ${SECONDS} s with no error, no lost write and level memory`, async () => {
    const storageFile = join(dir, 'desk.json');
    // A fixed old generation: left to itself, V8 lets it grow with the allocation rate, so a fast machine's
    // RSS climbs for the whole run however level the live data is. Within a bound, a leak fails the run.
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile }, [`--max-old-space-size=${HEAP_MB}`]);
    const url = await server.listening(120_000);
    const post = async (activity: unknown) => {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const say = async (person: Person, text: string) => (await post(message(person, text, connector.url))).body?.activities ?? [];

    // Each organization: its Owner, the checklist done, and 19 active Contributors.
    for (const [owner, ...others] of PEOPLE) {
      await say(owner!, 'setup');
      await post(cardAction(owner!, 'prereq.transact', { answer: 'yes' }, connector.url));
      for (const [step, inputs] of Object.entries(VALID_STEPS)) await post(cardAction(owner!, 'prereq.update', { step, ...inputs }, connector.url));
      for (const person of others) {
        await say(owner!, `invite ${person.email} as contributor`);
        await say(person, 'hello');
      }
    }

    const writes: Write[] = [];
    const pending = new Map<string, Write[]>(TENANTS.map((t) => [t, []]));
    const errors: string[] = [];
    let turns = 0;
    let sequence = 0;
    const check = (what: string, ok: boolean, answer: unknown) => {
      turns += 1;
      if (!ok || JSON.stringify(answer).includes(FAILED)) errors.push(`${what}: ${JSON.stringify(answer).slice(0, 200)}`);
      return ok;
    };

    const rss: number[] = [];
    const sampler = setInterval(() => {
      void readFile(`/proc/${server.child.pid}/status`, 'utf8').then((s) => rss.push(Number(/VmRSS:\s+(\d+)/.exec(s)?.[1]) / 1024), () => undefined);
    }, 250);

    const until = Date.now() + SECONDS * 1000;
    const conversation = async (person: Person, isOwner: boolean) => {
      while (Date.now() < until) {
        const n = sequence++;
        const queue = pending.get(person.tenantId)!;
        if (isOwner && queue.length) {
          const request = queue.shift()!;
          if (request.kind !== 'requested') continue;
          const { status, body } = await post(cardAction(person, 'invite.approve', { invitationId: request.invitationId }, connector.url));
          if (check('approve', status === 200 && JSON.stringify(body).includes('Approved by'), body)) writes.push({ ...request, kind: 'approved' });
        } else if (n % 5 === 1 && !isOwner) {
          const email = `guest${n}@${person.tenantId.slice(0, 8)}.example.com`;
          const replies = await say(person, `invite ${email} as contributor`);
          const invitationId = cardsOf(replies)[0]?.['refresh']?.action?.data?.invitationId as string | undefined;
          if (check('request', !!invitationId, replies)) {
            const request: Write = { kind: 'requested', tenantId: person.tenantId, invitationId: invitationId!, email };
            writes.push(request);
            queue.push(request);
          }
        } else if (n % 5 === 2) {
          const mpnId = String(10_000_000 + n);
          const { status, body } = await post(cardAction(person, 'prereq.update', { step: 'mpn', mpnId }, connector.url));
          if (check('checklist', status === 200 && body.type === 'application/vnd.microsoft.card.adaptive', body)) {
            writes.push({ kind: 'checklistSaved', tenantId: person.tenantId, mpnId });
          }
        } else {
          const replies = await say(person, READS[n % READS.length]!);
          check('read', replies.length > 0 && !wordsOf(replies).includes('Only members'), replies);
        }
      }
    };
    await Promise.all(PEOPLE.flatMap((people) => people.map((person, i) => conversation(person, i === 0))));
    clearInterval(sampler);

    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
    expect(errors.slice(0, 5)).toEqual([]);

    // Every acknowledged write, in the files the server left.
    const store = await LowdbStore.open(storageFile);
    let checked = 0;
    for (const tenantId of TENANTS) {
      const { invitations, members, events } = await store.read(tenantId, async (t) => ({
        invitations: new Map((await t.invitations()).map((i) => [i.id, i])),
        members: new Set((await t.members()).map((m) => m.email)),
        events: (await t.auditEvents({ offset: 0, limit: 1_000_000 })).events,
      }));
      const saved = new Set(events.filter((e) => e.type.startsWith('prereq.')).map((e) => (e.after as { mpnId?: string } | undefined)?.mpnId));
      for (const write of writes.filter((w) => w.tenantId === tenantId)) {
        if (write.kind === 'requested') expect(invitations.get(write.invitationId)?.email).toBe(write.email);
        if (write.kind === 'approved') expect([invitations.get(write.invitationId)?.status, members.has(write.email)]).toEqual(['approved', true]);
        if (write.kind === 'checklistSaved') expect(saved).toContain(write.mpnId);
        checked += 1;
      }
    }
    await store.close();

    const third = Math.floor(rss.length / 3);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(rss.slice(0, third));
    const last = mean(rss.slice(-third));
    reportFigures('load', {
      conversations: PEOPLE.flat().length,
      seconds: SECONDS,
      turns,
      errors: errors.length,
      writesAcknowledged: writes.length,
      writesChecked: checked,
      approvals: writes.filter((w) => w.kind === 'approved').length,
      rssFirstThirdMb: Math.round(first),
      rssLastThirdMb: Math.round(last),
    });
    expect(checked).toBe(writes.length);
    // Level memory: caches and the heap settle early; growth with every turn would show as a later mean far above.
    expect(last).toBeLessThan(first * 1.5);
  }, 600_000);
});
