import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import pg from 'pg';
import { createLogger } from '../../src/log.js';
import type { ClientTimeouts } from '../../src/store/postgres/connection.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { auditEvent } from '../../src/domain/audit.js';
import { StoreOpenError, type Store } from '../../src/store/store.js';
import { member } from '../contract/store-contract.js';
import { CONTOSO, FABRIKAM } from '../helpers/people.js';
import { closedPort, createTestDatabase, describeWithPostgres, silentLink, type SilentLink, type TestDatabase } from '../helpers/postgres.js';

const log = createLogger('silent');

const openError = (url: string) => PostgresStore.open(url, log).then(() => undefined, (error: unknown) => error);

/** What a call came to and how long it took, or that it gave no answer within the time allowed. */
async function within<T>(allowedMs: number, call: Promise<T>): Promise<{ value?: T; error?: string; ms: number }> {
  const started = performance.now();
  const outcome = await Promise.race([
    call.then((value) => ({ value }), (error: Error) => ({ error: error.message })),
    delay(allowedMs, { error: `no answer within ${allowedMs} ms` }, { ref: false }),
  ]);
  return { ...outcome, ms: performance.now() - started };
}

describeWithPostgres('postgres store', () => {
  let database: TestDatabase;
  const opened: PostgresStore[] = [];
  const links: SilentLink[] = [];
  const open = async (url = database.url, timeouts?: ClientTimeouts) => {
    const store = await PostgresStore.open(url, log, timeouts);
    opened.push(store);
    return store;
  };
  const openThroughLink = async (timeouts?: ClientTimeouts) => {
    const link = await silentLink(database.url);
    links.push(link);
    return { link, store: await open(link.url, timeouts) };
  };
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    // Links first: a store closes only once its connections have ended.
    await Promise.all(links.splice(0).map((l) => l.close()));
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await database.drop();
  });

  it('migrates an empty database once, when several instances start at the same moment', async () => {
    await Promise.all(Array.from({ length: 4 }, () => open()));
    expect(await database.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    await open();
    expect(await database.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: 3 }]);
  });

  it('refuses a database whose schema is newer than it knows, and changes nothing', async () => {
    await (await open()).close();
    await database.query(`INSERT INTO schema_migrations (version, name) VALUES (99, 'from the future')`);
    const error = await openError(database.url);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toMatch(/schema is at version 99, newer than this version of Publisher Desk knows \(3\)/);
    expect(await database.query('SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: 4 }]);
  });

  it('says why it cannot connect, in one line, without the password', async () => {
    const wrongPassword = await openError(database.wrongPasswordUrl);
    expect(wrongPassword).toBeInstanceOf(StoreOpenError);
    expect((wrongPassword as Error).message).toMatch(/^Cannot open the store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/pd_test_\w+: password authentication failed for user "postgres"$/);

    const port = await closedPort();
    const down = await openError(`postgres://desk:secret@127.0.0.1:${port}/desk`);
    expect((down as Error).message).toBe(
      `Cannot open the store at postgres://desk:***@127.0.0.1:${port}/desk: nothing accepts connections at 127.0.0.1:${port} (is PostgreSQL running there?)`,
    );

    const missing = new URL(database.url);
    missing.pathname = '/no_such_database';
    expect(((await openError(missing.toString())) as Error).message).toMatch(/: database "no_such_database" does not exist$/);
  });

  it('reports itself unhealthy while the database is away, fails writes meanwhile, and recovers when it returns', async () => {
    const store = await open();
    await store.write(CONTOSO, (t) => t.putMember(member('a@contoso.com')));
    await database.takeOffline();
    expect(await store.healthy()).toBe(false);
    await expect(store.write(CONTOSO, (t) => t.putMember(member('b@contoso.com')))).rejects.toThrow();
    await expect(store.read(CONTOSO, (t) => t.members())).rejects.toThrow();

    await database.bringOnline();
    expect(await store.healthy()).toBe(true);
    await store.write(CONTOSO, (t) => t.putMember(member('c@contoso.com')));
    expect((await store.read(CONTOSO, (t) => t.members())).map((m) => m.email)).toEqual(['a@contoso.com', 'c@contoso.com']);
  });

  it("fails a write within the lock limit while another connection holds the organization's row, and writes again once it is let go", async () => {
    const store = await open();
    const emails = async () => (await store.read(CONTOSO, (t) => t.members())).map((m) => m.email);
    await store.write(CONTOSO, (t) => t.putMember(member('a@contoso.com')));
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM tenants WHERE tenant_id = $1 FOR UPDATE', [CONTOSO]);
      const write = await within(15_000, store.write(CONTOSO, (t) => t.putMember(member('b@contoso.com'))));
      expect(write).toMatchObject({ error: 'canceling statement due to lock timeout' });
      expect(write.ms).toBeLessThan(6_000);
      // Reads do not wait for the lock.
      expect(await within(2_000, emails())).toMatchObject({ value: ['a@contoso.com'] });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    await store.write(CONTOSO, (t) => t.putMember(member('c@contoso.com')));
    expect(await emails()).toEqual(['a@contoso.com', 'c@contoso.com']);
  });

  it('reports itself unhealthy within 2 s when the database stops answering', async () => {
    const { link, store } = await openThroughLink();
    expect(await store.healthy()).toBe(true);
    link.silence();
    const health = await within(15_000, store.healthy());
    expect(health).toMatchObject({ value: false });
    expect(health.ms).toBeLessThan(3_000);
  });

  it('fails writes and reads within its limits while the database does not answer, and works again once it does', async () => {
    const timeouts = { connectMs: 1_500, queryMs: 1_500 };
    const { link, store } = await openThroughLink(timeouts);
    const emails = async (tenantId = CONTOSO) => (await store.read(tenantId, (t) => t.members())).map((m) => m.email);
    await store.write(CONTOSO, (t) => t.putMember(member('a@contoso.com')));
    link.silence();

    // The connection the write gets is stuck: it is dropped at once, not asked to roll back first.
    const write = await within(15_000, store.write(CONTOSO, (t) => t.putMember(member('b@contoso.com'))));
    expect(write.error).toBe('Query read timeout');
    expect(write.ms).toBeLessThan(timeouts.queryMs + 1_000);
    // A read arriving while a version look-up is stuck waits for the next look-up, which must come.
    const reads = await Promise.all([within(15_000, emails()), within(15_000, emails(FABRIKAM))]);
    for (const read of reads) {
      expect(read.error).toMatch(/timeout/);
      expect(read.ms).toBeLessThan(3 * timeouts.connectMs);
    }

    link.restore();
    expect(await store.healthy()).toBe(true);
    expect(await emails()).toEqual(['a@contoso.com']);
    await store.write(CONTOSO, (t) => t.putMember(member('c@contoso.com')));
    expect(await emails()).toEqual(['a@contoso.com', 'c@contoso.com']);
  });

  it('creates no tenant row for a write that changes nothing', async () => {
    const store = await open();
    expect(await store.write(CONTOSO, async (t) => (await t.members()).length)).toBe(0);
    expect(await database.query('SELECT tenant_id FROM tenants')).toEqual([]);
  });

  it('refuses a stored record that lost its shape, naming it', async () => {
    await (await open()).write(CONTOSO, (t) => t.putMember(member('a@contoso.com')));
    await database.query(`UPDATE members SET record = record || '{"role": "boss"}'`);
    await expect((await open()).read(CONTOSO, (t) => t.members())).rejects.toThrow('A stored member is invalid at role');
  });

  it('fails the whole write when a statement failed, even if the work caught the error', async () => {
    const store = await open();
    await expect(
      store.write(CONTOSO, async (t) => {
        await t.putMember(member('a@contoso.com'));
        // A text parameter cannot hold U+0000, so this look-up fails inside the write.
        await t.publisherIdHolder('PUB\u0000').catch(() => undefined);
      }),
    ).rejects.toThrow();
    expect(await store.read(CONTOSO, (t) => t.members())).toEqual([]);
  });

  it('refuses only the write that failed of writes made together, and commits the others', async () => {
    const store = await open();
    await store.write(CONTOSO, (t) => t.putMember(member('first@contoso.com')));
    const results = await Promise.allSettled([
      store.write(CONTOSO, (t) => t.putMember(member('a@contoso.com'))),
      store.write(CONTOSO, async (t) => {
        await t.putMember(member('thrown@contoso.com'));
        throw new Error('refused by a rule');
      }),
      // A failed statement aborts the transaction the writes share: this write fails, though it caught the
      // error and changed nothing, and the others do not.
      store.write(CONTOSO, (t) => t.publisherIdHolder('PUB\u0000').catch(() => undefined)),
      store.write(CONTOSO, (t) => t.putMember(member('b@contoso.com'))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const emails = ['first@contoso.com', 'a@contoso.com', 'b@contoso.com'];
    expect((await store.read(CONTOSO, (t) => t.members())).map((m) => m.email)).toEqual(emails);
    expect((await (await open()).read(CONTOSO, (t) => t.members())).map((m) => m.email)).toEqual(emails);
  });

  it('answers many reads of many organizations at once, each with its own organization as it is now', async () => {
    const store = await open();
    const tenants = Array.from({ length: 5 }, (_, i) => `c${i}000000-0000-4000-8000-000000000000`);
    await Promise.all(tenants.map((tenantId, i) => store.write(tenantId, (t) => t.putMember(member(`m${i}@contoso.com`)))));
    const reads = Array.from({ length: 60 }, (_, n) => tenants[n % tenants.length]!);
    const found = await Promise.all(reads.map((tenantId) => store.read(tenantId, async (t) => (await t.members())[0]?.email)));
    expect(found).toEqual(reads.map((_, n) => `m${n % tenants.length}@contoso.com`));
    // An organization with no row, asked for together with the others, reads as empty.
    const [unknown, ...known] = await Promise.all(['d0000000-0000-4000-8000-000000000000', ...tenants].map((id) => store.read(id, (t) => t.members())));
    expect(unknown).toEqual([]);
    expect(known.map((members) => members.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('keeps each organization in memory, and reads it again once another instance has written', async () => {
    const [one, two] = [await open(), await open()];
    const emails = async (store: Store) => (await store.read(CONTOSO, (t) => t.members())).map((m) => m.email);
    await one.write(CONTOSO, (t) => t.putMember(member('a@contoso.com')));
    expect(await emails(two)).toEqual(['a@contoso.com']);
    await one.write(CONTOSO, (t) => t.putMember(member('b@contoso.com')));
    expect(await emails(two)).toEqual(['a@contoso.com', 'b@contoso.com']);
    // A write starts from the organization as it is in the database, not as this instance last saw it.
    await one.write(CONTOSO, (t) => t.putMember(member('c@contoso.com')));
    await two.write(CONTOSO, async (t) => t.putMember({ ...member('d@contoso.com'), displayName: `after ${(await t.members()).length}` }));
    expect(await emails(one)).toEqual(['a@contoso.com', 'b@contoso.com', 'c@contoso.com', 'd@contoso.com']);
    expect((await one.read(CONTOSO, (t) => t.memberByEmail('d@contoso.com')))?.displayName).toBe('after 3');
    // Audit events written by one are paged by the other.
    await one.write(CONTOSO, (t) => t.appendAudit(auditEvent('x', { aadObjectId: 'a-1', name: 'Olivia' }, 'e1', new Date())));
    expect((await two.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 5 }))).events.map((e) => e.subject)).toEqual(['e1']);
  });

  it('reads an organization whole once for a burst of reads arriving before it is kept', async () => {
    await (await open()).write(CONTOSO, async (t) => {
      for (let n = 0; n < 300; n++) await t.putMember(member(`person${n}@contoso.com`));
    });
    const bytesOfReads = async (reads: number) => {
      const { link, store } = await openThroughLink();
      const before = link.received();
      const counts = await Promise.all(Array.from({ length: reads }, () => store.read(CONTOSO, async (t) => (await t.members()).length)));
      expect(counts).toEqual(Array(reads).fill(300));
      return link.received() - before;
    };
    const one = await bytesOfReads(1);
    // Each whole read brings the 300 members again: twenty of them would bring twenty times the bytes.
    expect(one).toBeGreaterThan(300 * 50);
    expect(await bytesOfReads(20)).toBeLessThan(one * 1.5);
  });

  it("catches up with another instance's writes from the changes they left, without reading the organization again", async () => {
    const [one, two] = [await open(), await open()];
    await one.write(CONTOSO, async (t) => {
      for (const email of ['a', 'b', 'c', 'd'].map((n) => `${n}@contoso.com`)) await t.putMember(member(email));
      await t.putProfile({ version: 1, values: null, fieldVersions: {} });
    });
    const everything = (store: Store) => store.read(CONTOSO, async (t) => ({ members: await t.members(), invitations: await t.invitations(), profile: await t.profile(), audit: await t.auditEvents({ offset: 0, limit: 10 }) }));
    await everything(two);
    // Changed behind both instances' backs: only a whole read of the organization would show it.
    await database.query(`UPDATE members SET record = jsonb_set(record, '{displayName}', '"changed in the table"') WHERE email_key = 'a@contoso.com'`);
    await one.write(CONTOSO, (t) => t.putMember({ ...member('b@contoso.com'), role: 'owner' }));
    await one.write(CONTOSO, (t) => t.deleteMember('c@contoso.com'));
    await one.write(CONTOSO, async (t) => {
      await t.putMember(member('e@contoso.com'));
      await t.putProfile({ version: 2, values: null, fieldVersions: {} });
      await t.appendAudit(auditEvent('x', { aadObjectId: 'a-1', name: 'Olivia' }, 'e1', new Date()));
    });
    const caughtUp = await everything(two);
    expect(caughtUp.members.map((m) => [m.email, m.role, m.displayName])).toEqual([
      ['a@contoso.com', 'contributor', 'a'],
      ['b@contoso.com', 'owner', 'b'],
      ['d@contoso.com', 'contributor', 'd'],
      ['e@contoso.com', 'contributor', 'e'],
    ]);
    // The rest is as a fresh instance reads it from the tables.
    const fresh = await everything(await open());
    expect(caughtUp).toEqual({ ...fresh, members: fresh.members.map((m) => (m.email === 'a@contoso.com' ? { ...m, displayName: 'a' } : m)) });
    // A write catches up the same way before its work sees the organization.
    await one.write(CONTOSO, (t) => t.putMember(member('f@contoso.com')));
    await two.write(CONTOSO, async (t) => t.putMember({ ...member('g@contoso.com'), displayName: (await t.members()).map((m) => m.displayName).join(' ') }));
    expect((await one.read(CONTOSO, (t) => t.memberByEmail('g@contoso.com')))?.displayName).toBe('a b d e f');
  });

  it('reads the organization whole when the changes it missed are not all kept', async () => {
    const [one, two] = [await open(), await open()];
    const names = async (store: Store) => (await store.read(CONTOSO, (t) => t.members())).map((m) => m.displayName);
    await one.write(CONTOSO, (t) => t.putMember(member('a@contoso.com')));
    expect(await names(two)).toEqual(['a']);
    const changeInTable = (name: string) => database.query(`UPDATE members SET record = jsonb_set(record, '{displayName}', $1::jsonb) WHERE email_key = 'a@contoso.com'`, [JSON.stringify(name)]);

    // A write by an instance from before changes were kept leaves none.
    await changeInTable('whole read 1');
    await one.write(CONTOSO, (t) => t.putMember(member('b@contoso.com')));
    await database.query('DELETE FROM tenant_changes');
    expect(await names(two)).toEqual(['whole read 1', 'b']);

    // More writes than each organization keeps the changes of: the oldest are gone.
    await changeInTable('whole read 2');
    for (let n = 0; n < 120; n++) await one.write(CONTOSO, (t) => t.putMember({ ...member('b@contoso.com'), displayName: `b${n}` }));
    expect(await database.query('SELECT count(*)::int AS n, min(seq)::int AS first, max(seq)::int AS last FROM tenant_changes')).toEqual([{ n: 100, first: 23, last: 122 }]);
    expect(await names(two)).toEqual(['whole read 2', 'b119']);
  });

  it('stores text with U+0000, which jsonb cannot hold, without that character', async () => {
    const store = await open();
    await store.write(CONTOSO, (t) => t.putMember({ ...member('a@contoso.com'), displayName: 'Ana\u0000 Admin' }));
    expect((await store.read(CONTOSO, (t) => t.members()))[0]?.displayName).toBe('Ana Admin');
  });

  it('stores text with half an emoji (a lone UTF-16 surrogate), which jsonb cannot hold, with U+FFFD in its place', async () => {
    const store = await open();
    await store.write(CONTOSO, (t) => t.putMember({ ...member('a@contoso.com'), displayName: 'Ana \ud83d' }));
    await store.write(CONTOSO, (t) => t.putMember({ ...member('b@contoso.com'), displayName: '\ude00 Bo \ud83d\ude00' }));
    const names = async (s: Store) => (await s.read(CONTOSO, (t) => t.members())).map((m) => m.displayName);
    const expected = ['Ana \ufffd', '\ufffd Bo \ud83d\ude00'];
    expect(await names(store)).toEqual(expected);
    expect(await names(await open())).toEqual(expected);
  });

  it('rejects tenant IDs that are not shaped like one', async () => {
    const store = await open();
    await expect(store.write("x'; DROP TABLE tenants; --", async () => undefined)).rejects.toThrow('Not a tenant ID');
  });
});
