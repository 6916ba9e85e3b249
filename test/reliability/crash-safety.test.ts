import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { cardAction, message } from '../helpers/activities.js';
import { TestConnector } from '../helpers/connector.js';
import { VALID_STEPS } from '../helpers/flows.js';
import { somebody, type Person } from '../helpers/people.js';
import { killServers, spawnServer } from '../helpers/process.js';
import { reportFigures } from './figures.js';

// The real server process, killed with SIGKILL at random moments while it takes writes from three
// organizations at once, then started again: every write it acknowledged must be in the store it left.

const KILLS = 30;
/** How long a restarted server may take to acknowledge its first write. */
const ACK_WAIT_MS = 60_000;
const WRITERS_PER_TENANT = 3;
const TENANTS = ['d1000000-0000-4000-8000-000000000001', 'd2000000-0000-4000-8000-000000000002', 'd3000000-0000-4000-8000-000000000003'];
const OWNERS = TENANTS.map((tenantId, i) => somebody(900 + i, tenantId));

/** What an acknowledged write must have left behind. */
type Acknowledged =
  | { readonly kind: 'memberAdded'; readonly tenantId: string; readonly email: string }
  | { readonly kind: 'checklistSaved'; readonly tenantId: string; readonly mpnId: string }
  | { readonly kind: 'promoted'; readonly tenantId: string; readonly email: string };

describe('crash safety', () => {
  let dir: string;
  let connector: TestConnector;
  const env = () => ({ PORT: '0', STORAGE_FILE: join(dir, 'desk.json') });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-crash-'));
    connector = await TestConnector.start(OWNERS);
  });
  afterAll(async () => {
    killServers();
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write through ${KILLS} kills at random moments`, async () => {
    const post = async (url: string, activity: unknown) => {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      return { status: res.status, body: (await res.json()) as any };
    };

    // Each organization set up once, its checklist done, so Owners may invite.
    let server = spawnServer(env());
    let url = await server.listening(120_000);
    for (const owner of OWNERS) {
      await post(url, message(owner, 'setup', connector.url));
      await post(url, cardAction(owner, 'prereq.transact', { answer: 'yes' }, connector.url));
      for (const [step, inputs] of Object.entries(VALID_STEPS)) await post(url, cardAction(owner, 'prereq.update', { step, ...inputs }, connector.url));
    }

    const acknowledged: Acknowledged[] = [];
    let sent = 0;
    let next = 0;
    /** Members whose one role change has been asked for, so each acknowledged change is the last one. */
    const promoted = new Set<string>();
    const write = async (owner: Person): Promise<Acknowledged | undefined> => {
      const n = next++;
      const candidate = acknowledged.find((a) => a.kind === 'memberAdded' && a.tenantId === owner.tenantId && !promoted.has(a.email));
      if (n % 3 === 2 && candidate?.kind === 'memberAdded') {
        promoted.add(candidate.email);
        const { status, body } = await post(url, message(owner, `role ${candidate.email} owner`, connector.url));
        const said: string = body.activities?.[0]?.text ?? '';
        return status === 200 && said === `${candidate.email} is now an Owner.` ? { kind: 'promoted', tenantId: owner.tenantId, email: candidate.email } : undefined;
      }
      if (n % 3 === 1) {
        const mpnId = String(1_000_000 + n);
        const { status, body } = await post(url, cardAction(owner, 'prereq.update', { step: 'mpn', mpnId }, connector.url));
        return status === 200 && body.type === 'application/vnd.microsoft.card.adaptive' ? { kind: 'checklistSaved', tenantId: owner.tenantId, mpnId } : undefined;
      }
      const email = `member${n}@${owner.tenantId.slice(0, 2)}.example.com`;
      const { status, body } = await post(url, message(owner, `invite ${email} as contributor`, connector.url));
      const said: string = body.activities?.[0]?.text ?? '';
      return status === 200 && said.startsWith(`You added ${email} as a Contributor.`) ? { kind: 'memberAdded', tenantId: owner.tenantId, email } : undefined;
    };

    let checked = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      let running = true;
      let firstAcknowledged!: () => void;
      const acknowledgedHere = new Promise<void>((resolve) => (firstAcknowledged = resolve));
      const writers = OWNERS.flatMap((owner) =>
        Array.from({ length: WRITERS_PER_TENANT }, async () => {
          while (running) {
            sent += 1;
            const done = await write(owner).catch(() => undefined); // no answer: the server died first
            if (done) {
              acknowledged.push(done);
              firstAcknowledged();
            }
          }
        }),
      );
      // The kill lands at a random moment once this process has acknowledged a write, however slow the
      // machine is, with the other writers' requests in flight.
      const gaveUp = setTimeout(() => (running = false), ACK_WAIT_MS);
      await Promise.race([acknowledgedHere, Promise.all(writers)]);
      clearTimeout(gaveUp);
      if (!running) throw new Error(`no write acknowledged within ${ACK_WAIT_MS} ms after restart ${kill - 1}`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
      server.child.kill('SIGKILL');
      await server.exited();
      running = false;
      await Promise.all(writers);

      // The files as the killed process left them, through the store's own validating loader.
      checked = await expectAllPresent(join(dir, 'desk.json'), acknowledged);

      server = spawnServer(env());
      url = await server.listening(120_000);
    }
    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);

    reportFigures('crash-safety', { kills: KILLS, killsSurvived: KILLS, writesSent: sent, writesAcknowledged: acknowledged.length, writesChecked: checked });
  }, 600_000);
});

/** Every acknowledged write, found in the store; returns how many were checked. */
async function expectAllPresent(storageFile: string, acknowledged: readonly Acknowledged[]): Promise<number> {
  const store = await LowdbStore.open(storageFile);
  try {
    for (const tenantId of TENANTS) {
      const mine = acknowledged.filter((a) => a.tenantId === tenantId);
      const { members, events } = await store.read(tenantId, async (t) => ({
        members: await t.members(),
        events: (await t.auditEvents({ offset: 0, limit: 1_000_000 })).events,
      }));
      const roles = new Map(members.map((m) => [m.email, m.role]));
      const savedMpnIds = new Set(events.filter((e) => e.type.startsWith('prereq.')).map((e) => (e.after as { mpnId?: string } | undefined)?.mpnId));
      const promotions = new Set(events.filter((e) => e.type === 'member.roleChanged').map((e) => e.subject));
      for (const write of mine) {
        if (write.kind === 'memberAdded') expect(roles.get(write.email)).toBeDefined();
        if (write.kind === 'checklistSaved') expect(savedMpnIds).toContain(write.mpnId);
        if (write.kind === 'promoted') expect([roles.get(write.email), promotions.has(write.email)]).toEqual(['owner', true]);
      }
    }
    return acknowledged.length;
  } finally {
    await store.close();
  }
}
