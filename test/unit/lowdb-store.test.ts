import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditEvent } from '../../src/domain/audit.js';
import type { Actor } from '../../src/domain/model.js';
import { fileSignature } from '../../src/store/lowdb/checked-index.js';
import { LowdbStore, tenantsThatFit } from '../../src/store/lowdb/lowdb-store.js';
import { removeStale } from '../../src/store/lowdb/store-lock.js';
import { StoreOpenError } from '../../src/store/store.js';
import { member } from '../contract/store-contract.js';
import { CONTOSO, FABRIKAM } from '../helpers/people.js';

const actor: Actor = { aadObjectId: 'a-1', name: 'Olivia' };
const now = new Date('2026-11-25T10:00:00Z');

describe('lowdb store', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-store-'));
    file = join(dir, 'desk.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const tenantFile = (tenantId: string) => join(dir, 'desk.tenants', `${tenantId}.json`);
  const journalFile = (tenantId: string) => join(dir, 'desk.tenants', `${tenantId}.journal.jsonl`);
  const journalLines = async (tenantId: string) =>
    (await readFile(journalFile(tenantId), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);

  it('creates a missing store, with a schema version', async () => {
    const store = await LowdbStore.open(file);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(await store.healthy()).toBe(true);
    await store.close();
    expect(await store.healthy()).toBe(false);
  });

  it('keeps each tenant in its own file', async () => {
    const store = await LowdbStore.open(file);
    await store.write(CONTOSO, async (t) => t.putMember(member('Ana@Contoso.com')));
    await store.write(FABRIKAM, async (t) => t.putMember(member('bo@fabrikam.com')));
    await store.close();

    expect(JSON.parse(await readFile(tenantFile(CONTOSO), 'utf8'))).toMatchObject({ schemaVersion: 1, tenantId: CONTOSO });
    expect(JSON.parse(await readFile(tenantFile(FABRIKAM), 'utf8'))).toMatchObject({ schemaVersion: 1, tenantId: FABRIKAM });
  });

  it('answers reads of an unknown tenant without creating anything', async () => {
    const store = await LowdbStore.open(file);
    expect(await store.read(CONTOSO, (t) => t.members())).toEqual([]);
    expect(await readdir(join(dir, 'desk.tenants'))).toEqual([]);
  });

  describe('refuses files it cannot trust, and leaves them as they are', () => {
    const expectRefusal = async (path: string, content: string, problem: RegExp) => {
      await mkdir(join(dir, 'desk.tenants'), { recursive: true });
      await writeFile(path, content);
      const error = await LowdbStore.open(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as StoreOpenError).message).toContain(path);
      expect((error as StoreOpenError).message).toMatch(problem);
      expect(await readFile(path, 'utf8')).toBe(content);
    };

    it('a catalog file that is not JSON', () => expectRefusal(file, '{"schemaVersion": 1,', /not valid JSON/));
    it('an empty catalog file', () => expectRefusal(file, '', /not valid JSON/));
    it('a catalog from a newer version', () =>
      expectRefusal(file, '{"schemaVersion": 99, "createdAt": "2026-01-01T00:00:00Z"}', /unsupported schemaVersion/));
    it('a tenant file with a member missing its role', async () => {
      const bad = { schemaVersion: 1, tenantId: CONTOSO, organization: null, members: [{ ...member('a@b.c'), role: 'boss' }], auditCount: 0, users: {}, conversations: {} };
      await expectRefusal(tenantFile(CONTOSO), JSON.stringify(bad), /members\.0\.role/);
    });
    it('a tenant file cut short', () => expectRefusal(tenantFile(CONTOSO), '{"schemaVersion":1,"tena', /not valid JSON/));
    it('a tenant file under another tenant\'s name', async () => {
      const other = { schemaVersion: 1, tenantId: FABRIKAM, organization: null, members: [], auditCount: 0, users: {}, conversations: {} };
      await expectRefusal(tenantFile(CONTOSO), JSON.stringify(other), /holds tenant/);
    });
  });

  describe('serves one process', () => {
    const lockFile = () => join(dir, 'desk.lock');
    const pidOfExited = () => {
      const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
      return Number(child.stdout.trim());
    };

    it('refuses a second opening while the store is open, and takes it once closed', async () => {
      const store = await LowdbStore.open(file);
      await expect(LowdbStore.open(file)).rejects.toThrow(new RegExp(`desk\\.json: is in use by process ${process.pid} on ${hostname()}`));
      await store.close();
      await (await LowdbStore.open(file)).close();
      await expect(readFile(lockFile())).rejects.toThrow(/ENOENT/);
    });

    it.each([
      ['a process that is gone', () => JSON.stringify({ host: hostname(), pid: pidOfExited() })],
      ['a crash as it was written', () => ''],
    ])('takes over a lock left by %s', async (_who, lock) => {
      await writeFile(lockFile(), lock());
      const store = await LowdbStore.open(file);
      expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ host: hostname(), pid: process.pid });
      await store.close();
    });

    it('leaves alone a lock another process has just taken over, however late this one looks', async () => {
      const stale = JSON.stringify({ host: hostname(), pid: pidOfExited() });
      await writeFile(lockFile(), stale);
      const store = await LowdbStore.open(file);
      const taken = await readFile(lockFile(), 'utf8');
      // A second process that read the same stale lock before the first took it over, and acts on it only now.
      removeStale(lockFile(), stale);
      expect(await readFile(lockFile(), 'utf8')).toBe(taken);
      await expect(LowdbStore.open(file)).rejects.toThrow(/is in use by process/);
      // While one takes over, another does not; a take-over left by a process that died doing so is cleared.
      await writeFile(`${lockFile()}.takeover`, '');
      removeStale(lockFile(), taken);
      expect(await readFile(lockFile(), 'utf8')).toBe(taken);
      const old = new Date(Date.now() - 60_000);
      await utimes(`${lockFile()}.takeover`, old, old);
      await store.close();
      await writeFile(lockFile(), stale);
      await (await LowdbStore.open(file)).close();
      await expect(readFile(`${lockFile()}.takeover`)).rejects.toThrow(/ENOENT/);
    });

    it('refuses a lock held on another machine, which it cannot check', async () => {
      await writeFile(lockFile(), JSON.stringify({ host: 'elsewhere', pid: 4242 }));
      await expect(LowdbStore.open(file)).rejects.toThrow(/is in use by process 4242 on elsewhere: .* delete .*desk\.lock/);
    });
  });

  describe('audit log', () => {
    const auditFile = (tenantId: string) => join(dir, 'desk.tenants', `${tenantId}.audit.jsonl`);
    const addEvents = (store: LowdbStore, n: number) =>
      store.write(CONTOSO, async (t) => {
        for (let i = 0; i < n; i++) await t.appendAudit(auditEvent('x', actor, `e${i}`, now));
      });

    it('appends one line per event and keeps the count with the write that made them', async () => {
      const store = await LowdbStore.open(file);
      await addEvents(store, 3);
      await addEvents(store, 2);
      expect((await readFile(auditFile(CONTOSO), 'utf8')).trim().split('\n')).toHaveLength(5);
      expect(JSON.parse(await readFile(tenantFile(CONTOSO), 'utf8')).auditCount).toBe(3);
      expect((await journalLines(CONTOSO)).map((e) => e.auditCount)).toEqual([5]);
    });

    it('cuts off lines a crash left past the committed count', async () => {
      const store = await LowdbStore.open(file);
      await addEvents(store, 2);
      await store.close();
      const committed = await readFile(auditFile(CONTOSO), 'utf8');
      await writeFile(auditFile(CONTOSO), `${committed}{"id":"half-writ`);
      const reopened = await LowdbStore.open(file);
      expect(await readFile(auditFile(CONTOSO), 'utf8')).toBe(committed);
      await addEvents(reopened, 1);
      expect((await reopened.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 10 }))).total).toBe(3);
    });

    it('refuses a log shorter than its tenant file says', async () => {
      const store = await LowdbStore.open(file);
      await addEvents(store, 2);
      await store.close();
      const lines = (await readFile(auditFile(CONTOSO), 'utf8')).split('\n');
      await writeFile(auditFile(CONTOSO), `${lines[0]}\n`);
      await expect(LowdbStore.open(file)).rejects.toThrow(/holds 1 events, but the tenant file counts 2/);
    });

    it('refuses a damaged event at start-up, naming its line, also when an earlier start-up had checked the log', async () => {
      const store = await LowdbStore.open(file);
      await addEvents(store, 3);
      await store.close();
      await (await LowdbStore.open(file)).close();
      const lines = (await readFile(auditFile(CONTOSO), 'utf8')).split('\n');
      lines[1] = lines[1]!.replace('"type":"x"', '"type":+x+');
      await writeFile(auditFile(CONTOSO), lines.join('\n'));
      await expect(LowdbStore.open(file)).rejects.toThrow(/audit\.jsonl: line 2 is not valid JSON/);
    });

    it('sets aside a log whose tenant file was never written, so the first write starts without it', async () => {
      await mkdir(join(dir, 'desk.tenants'), { recursive: true });
      await writeFile(auditFile(FABRIKAM), '{"id":"orphan"}\n');
      await (await LowdbStore.open(file)).close();
      const files = await readdir(join(dir, 'desk.tenants'));
      expect(files.filter((f) => f.startsWith(`${FABRIKAM}.audit.jsonl`))).toEqual([expect.stringMatching(/\.audit\.jsonl\.orphaned-\d+$/)]);
      const aside = files.find((f) => f.includes('.orphaned-'))!;
      expect(await readFile(join(dir, 'desk.tenants', aside), 'utf8')).toBe('{"id":"orphan"}\n');
    });

    it('stops, and changes nothing, when a tenant file it knew is gone but its log is there', async () => {
      const store = await LowdbStore.open(file);
      await addEvents(store, 2);
      await store.close();
      const log = await readFile(auditFile(CONTOSO), 'utf8');
      await rename(tenantFile(CONTOSO), `${tenantFile(CONTOSO)}.moved`);
      await expect(LowdbStore.open(file)).rejects.toThrow(/\.json: is missing, but .*\.audit\.jsonl is there/);
      expect(await readFile(auditFile(CONTOSO), 'utf8')).toBe(log);
    });

    it('makes the journal and the log with the tenant file, so the folder flush of its first write covers their names', async () => {
      const store = await LowdbStore.open(file);
      await store.write(CONTOSO, async (t) => t.putMember(member('first@contoso.com')));
      expect(await readFile(journalFile(CONTOSO), 'utf8')).toBe('');
      expect(await readFile(auditFile(CONTOSO), 'utf8')).toBe('');
      await store.close();
    });

    it('stops, and keeps the journal, when the log is moved away while the journal needs it', async () => {
      const store = await LowdbStore.open(file);
      await store.write(CONTOSO, async (t) => t.putMember(member('first@contoso.com')));
      await addEvents(store, 2);
      await store.close();
      const journal = await readFile(journalFile(CONTOSO), 'utf8');
      expect(journal).not.toBe('');
      await rename(auditFile(CONTOSO), `${auditFile(CONTOSO)}.moved`);
      await expect(LowdbStore.open(file)).rejects.toThrow(/journal\.jsonl: /);
      expect(await readFile(journalFile(CONTOSO), 'utf8')).toBe(journal);
    });
  });

  it('rolls back every write whose append failed, so none reappears later', async () => {
    const store = await LowdbStore.open(file);
    await store.write(CONTOSO, async (t) => t.putMember(member('kept@contoso.com')));
    // A folder in the journal's place makes the next appends fail for real.
    const blocker = journalFile(CONTOSO);
    await rm(blocker);
    await mkdir(blocker);
    const failed = await Promise.allSettled([
      store.write(CONTOSO, async (t) => t.putMember(member('lost1@contoso.com'))),
      store.write(CONTOSO, async (t) => t.appendAudit(auditEvent('x', actor, 'lost2', now))),
    ]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await store.read(CONTOSO, (t) => t.members())).map((m) => m.email)).toEqual(['kept@contoso.com']);
    await rm(blocker, { recursive: true });
    await store.write(CONTOSO, async (t) => t.putMember(member('later@contoso.com')));
    await store.close();
    const reopened = await LowdbStore.open(file);
    expect((await reopened.read(CONTOSO, (t) => t.members())).map((m) => m.email)).toEqual([
      'kept@contoso.com',
      'later@contoso.com',
    ]);
    expect((await reopened.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 5 }))).total).toBe(0);
  });

  describe('journal', () => {
    const writeMember = (store: LowdbStore, email: string) => store.write(CONTOSO, async (t) => t.putMember(member(email)));
    const emails = (store: LowdbStore) => store.read(CONTOSO, async (t) => (await t.members()).map((m) => m.email));

    it('takes only what a write changed, and leaves the tenant file as it was', async () => {
      const store = await LowdbStore.open(file);
      await writeMember(store, 'ana@contoso.com');
      const written = await readFile(tenantFile(CONTOSO), 'utf8');
      await writeMember(store, 'bo@contoso.com');
      await store.write(CONTOSO, (t) => t.deleteMember('ana@contoso.com'));
      expect(await readFile(tenantFile(CONTOSO), 'utf8')).toBe(written);
      expect(await journalLines(CONTOSO)).toEqual([
        { seq: 2, auditCount: 0, members: [{ put: member('bo@contoso.com') }] },
        { seq: 3, auditCount: 0, members: [{ delete: 'ana@contoso.com' }] },
      ]);
      await store.close();
      expect(await emails(await LowdbStore.open(file))).toEqual(['bo@contoso.com']);
    });

    it('is folded into the tenant file once it outgrows it, and everything is still there', async () => {
      const store = await LowdbStore.open(file);
      const all = Array.from({ length: 400 }, (_, i) => `person${i}@contoso.com`);
      for (const email of all) await writeMember(store, email);
      expect((await journalLines(CONTOSO)).length).toBeLessThan(all.length - 1);
      const saved = JSON.parse(await readFile(tenantFile(CONTOSO), 'utf8'));
      expect(saved.members.length + (await journalLines(CONTOSO)).length).toBe(all.length);
      expect(saved.seq).toBe(saved.members.length);
      await store.close();
      expect(await emails(await LowdbStore.open(file))).toEqual(all);
    });

    it('cuts off a line a crash left half-written', async () => {
      const store = await LowdbStore.open(file);
      await writeMember(store, 'ana@contoso.com');
      await writeMember(store, 'bo@contoso.com');
      await store.close();
      const committed = await readFile(journalFile(CONTOSO), 'utf8');
      await writeFile(journalFile(CONTOSO), `${committed}{"seq":3,"auditCount":0,"mem`);
      const reopened = await LowdbStore.open(file);
      expect(await readFile(journalFile(CONTOSO), 'utf8')).toBe(committed);
      await writeMember(reopened, 'cy@contoso.com');
      await reopened.close();
      expect(await emails(await LowdbStore.open(file))).toEqual(['ana@contoso.com', 'bo@contoso.com', 'cy@contoso.com']);
    });

    it('skips the changes the tenant file already holds (a crash between rewriting it and emptying the journal)', async () => {
      const store = await LowdbStore.open(file);
      await writeMember(store, 'ana@contoso.com');
      await store.close();
      const saved = JSON.parse(await readFile(tenantFile(CONTOSO), 'utf8'));
      await writeFile(tenantFile(CONTOSO), JSON.stringify({ ...saved, seq: 2, members: [...saved.members, member('bo@contoso.com')] }));
      const stale = { seq: 2, auditCount: 0, members: [{ delete: 'ana@contoso.com' }] };
      const after = { seq: 3, auditCount: 0, members: [{ put: member('cy@contoso.com') }] };
      await writeFile(journalFile(CONTOSO), `${JSON.stringify(stale)}\n${JSON.stringify(after)}\n`);
      expect(await emails(await LowdbStore.open(file))).toEqual(['ana@contoso.com', 'bo@contoso.com', 'cy@contoso.com']);
    });

    it('drops the entries whose audit events a power cut took before they were flushed, and every entry after them', async () => {
      const store = await LowdbStore.open(file);
      const writeAudited = (email: string) =>
        store.write(CONTOSO, async (t) => {
          await t.putMember(member(email));
          await t.appendAudit(auditEvent('member.added', actor, email, now));
        });
      for (const email of ['ana@contoso.com', 'bo@contoso.com', 'cy@contoso.com', 'di@contoso.com']) await writeAudited(email);
      await store.close();
      // The kernel wrote the journal back but not the audit log's last two lines: those writes were never answered.
      const audit = join(dir, 'desk.tenants', `${CONTOSO}.audit.jsonl`);
      const lines = (await readFile(audit, 'utf8')).split('\n');
      await writeFile(audit, `${lines.slice(0, 2).join('\n')}\n`);
      const reopened = await LowdbStore.open(file);
      expect(await emails(reopened)).toEqual(['ana@contoso.com', 'bo@contoso.com']);
      expect(await journalLines(CONTOSO)).toHaveLength(1);
      expect((await reopened.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 10 }))).events.map((e) => e.subject)).toEqual([
        'bo@contoso.com',
        'ana@contoso.com',
      ]);
      // Writes go on from there.
      await reopened.write(CONTOSO, async (t) => t.appendAudit(auditEvent('x', actor, 'after', now)));
      await reopened.close();
      expect((await (await LowdbStore.open(file)).read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 1 }))).total).toBe(3);
    });

    it('fails a rewrite the disk took only part of, and keeps the file and the journal as they were', async () => {
      const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => member(`${prefix}${i}@contoso.com`));
      const store = await LowdbStore.open(file);
      await writeMember(store, 'ana@contoso.com');
      // One journal line past 64 KB: the next write rewrites the file.
      await store.write(CONTOSO, async (t) => {
        for (const m of people('early', 350)) await t.putMember(m);
      });
      await store.close();
      const before = await Promise.all([readFile(tenantFile(CONTOSO)), readFile(journalFile(CONTOSO))]);
      // A process file-size limit gives a real short write, then an error, as a full disk does. The
      // limit holds the journal, not the file with a thousand more members. The child runs the build
      // that jest's global setup makes.
      const script = `
        import { readFileSync } from 'node:fs';
        const [storeModule, file, tenantId] = process.argv.slice(1);
        const { LowdbStore } = await import(storeModule);
        const people = JSON.parse(readFileSync(0, 'utf8'));
        const store = await LowdbStore.open(file);
        const outcome = await store
          .write(tenantId, async (t) => { for (const m of people) await t.putMember(m); })
          .then(() => 'acknowledged', (error) => error.message);
        await store.close();
        console.log(outcome);`;
      const storeModule = pathToFileURL(join(process.cwd(), 'dist/store/lowdb/lowdb-store.js')).href;
      const child = spawnSync('prlimit', [`--fsize=${2 * before[1].length}`, process.execPath, '--input-type=module', '-e', script, storeModule, file, CONTOSO], {
        input: JSON.stringify(people('late', 1000)),
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toMatch(/^EFBIG/);
      expect(await Promise.all([readFile(tenantFile(CONTOSO)), readFile(journalFile(CONTOSO))])).toEqual(before);
      expect((await readdir(join(dir, 'desk.tenants'))).sort()).toEqual([`${CONTOSO}.audit.jsonl`, `${CONTOSO}.journal.jsonl`, `${CONTOSO}.json`]);
      // With room on the disk again, the next write rewrites the file.
      const reopened = await LowdbStore.open(file);
      expect(await emails(reopened)).toEqual(['ana@contoso.com', ...people('early', 350).map((m) => m.email)]);
      await writeMember(reopened, 'later@contoso.com');
      expect(await journalLines(CONTOSO)).toEqual([]);
      await reopened.close();
      expect((await emails(await LowdbStore.open(file))).at(-1)).toBe('later@contoso.com');
    });

    it('refuses a damaged line or a missing change, and leaves the journal as it is', async () => {
      const store = await LowdbStore.open(file);
      await writeMember(store, 'ana@contoso.com');
      await writeMember(store, 'bo@contoso.com');
      await store.close();
      const line = (await readFile(journalFile(CONTOSO), 'utf8')).split('\n')[0]!;
      for (const [content, problem] of [
        [`${line}\n{"seq":3,"auditCount":0,"members":[{"put":{"email":1}}]}\n`, /line 2: invalid content at members\.0/],
        [`${line}\n{"seq":3,"auditCount":0,"members":[{"put":\n`, /line 2 is not valid JSON/],
        [`${line.replace('"seq":2', '"seq":4')}\n`, /line 1 is change 4, but the next one is 2/],
      ] as const) {
        await writeFile(journalFile(CONTOSO), content);
        const error = await LowdbStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreOpenError);
        expect((error as Error).message).toContain(journalFile(CONTOSO));
        expect((error as Error).message).toMatch(problem);
        expect(await readFile(journalFile(CONTOSO), 'utf8')).toBe(content);
      }
    });
  });

  it('keeps no more tenants open than the process may open files for', async () => {
    expect(tenantsThatFit('Max open files            20000                20000                files')).toBe(1000);
    expect(tenantsThatFit('Max open files            1024                 4096                 files')).toBe(1000);
    expect(tenantsThatFit('Max open files            300                  300                  files')).toBe(22);
    expect(tenantsThatFit('Max open files            unlimited            unlimited            files')).toBe(1000);
    // 150 organizations written in a process that may open 300 files: each kept in memory holds two.
    const script = `
      const { LowdbStore } = await import(process.argv[1]);
      const store = await LowdbStore.open(process.argv[2]);
      const failures = [];
      for (let n = 0; n < 150; n++) {
        const tenant = 'd0000000-0000-4000-8000-' + String(n).padStart(12, '0');
        // The second write appends to the journal and the audit log, which then stay open.
        for (const subject of ['first', 'second']) {
          await store
            .write(tenant, async (t) => { await t.putMember(JSON.parse(process.argv[3])); await t.appendAudit(JSON.parse(process.argv[4])); })
            .catch((error) => failures.push(subject + ': ' + error.message));
        }
      }
      await store.close();
      console.log(JSON.stringify(failures.slice(0, 3)));`;
    const storeModule = pathToFileURL(join(process.cwd(), 'dist/store/lowdb/lowdb-store.js')).href;
    const child = spawnSync('prlimit', ['--nofile=300', process.execPath, '--input-type=module', '-e', script, storeModule, file, JSON.stringify(member('ana@contoso.com')), JSON.stringify(auditEvent('x', actor, 'y', now))], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([]);
  });

  it('keeps only the most recently used tenants in memory and reads the others again from their files', async () => {
    const store = await LowdbStore.open(file, { cachedTenants: 1 });
    await store.write(CONTOSO, async (t) => t.putMember(member('ana@contoso.com')));
    await store.write(FABRIKAM, async (t) => t.putMember(member('bo@fabrikam.com')));
    await store.write(CONTOSO, async (t) => t.appendAudit(auditEvent('x', actor, 'after reload', now)));
    expect((await store.read(CONTOSO, (t) => t.members())).map((m) => m.email)).toEqual(['ana@contoso.com']);
    expect((await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 5 }))).total).toBe(1);
    expect((await store.read(FABRIKAM, (t) => t.members())).map((m) => m.email)).toEqual(['bo@fabrikam.com']);
  });

  it('holds open only the journals and audit logs of the tenants in memory, and none once closed', async () => {
    const openFiles = async () => {
      const targets = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
      return targets.filter((target) => target.startsWith(dir)).map((target) => basename(target)).sort();
    };
    const store = await LowdbStore.open(file, { cachedTenants: 2 });
    const tenants = [1, 2, 3, 4].map((n) => `c0000000-0000-4000-8000-00000000010${n}`);
    for (const tenantId of tenants) {
      for (const email of ['ana@contoso.com', 'bo@contoso.com']) {
        await store.write(tenantId, async (t) => {
          await t.putMember(member(email));
          await t.appendAudit(auditEvent('member.added', actor, email, now));
        });
      }
    }
    expect(await openFiles()).toEqual(tenants.slice(2).flatMap((id) => [`${id}.audit.jsonl`, `${id}.journal.jsonl`]).sort());
    await store.close();
    expect(await openFiles()).toEqual([]);
  });

  it('checks again at start-up a file changed since the last check, however it changed', async () => {
    const store = await LowdbStore.open(file);
    await store.write(CONTOSO, async (t) => t.putMember(member('ana@contoso.com')));
    await store.close();
    const bad = { schemaVersion: 1, tenantId: CONTOSO, organization: null, members: [{ ...member('a@b.c'), role: 'boss' }], auditCount: 0, users: {}, conversations: {} };
    await writeFile(tenantFile(CONTOSO), JSON.stringify(bad));
    await expect(LowdbStore.open(file)).rejects.toThrow(/members\.0\.role/);
  });

  it.each([
    ['rewrote it', false],
    ['only appended to its journal', true],
  ])('checks again at start-up a tenant file edited by hand while the store ran, after the store %s', async (_how, appendOnly) => {
    let store = await LowdbStore.open(file);
    await store.write(CONTOSO, async (t) => t.putMember(member('ana@contoso.com')));
    await store.write(FABRIKAM, async (t) => t.putMember(member('bo@fabrikam.com')));
    if (appendOnly) {
      await store.close();
      store = await LowdbStore.open(file);
      await store.write(CONTOSO, async (t) => t.putMember(member('cy@contoso.com')));
      await store.write(FABRIKAM, async (t) => t.putMember(member('di@fabrikam.com')));
    }
    const bad = { schemaVersion: 1, tenantId: CONTOSO, organization: null, members: [{ ...member('a@b.c'), role: 'boss' }], auditCount: 0, users: {}, conversations: {} };
    await writeFile(tenantFile(CONTOSO), JSON.stringify(bad));
    await store.close();
    // The untouched tenant stays indexed, so start-up still skips it.
    const index = JSON.parse(await readFile(join(dir, 'desk.checked.json'), 'utf8'));
    expect(index.tenants[FABRIKAM].file).toBe(fileSignature(tenantFile(FABRIKAM)));
    await expect(LowdbStore.open(file)).rejects.toThrow(/members\.0\.role/);
  });

  it('rejects tenant IDs that could escape the folder', async () => {
    const store = await LowdbStore.open(file);
    await expect(store.write('../escape', async (t) => t.putMember(member('a@b.c')))).rejects.toThrow('Not a tenant ID');
  });
});
