import { beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditEvent } from '../../src/domain/audit.js';
import { AuditLog } from '../../src/store/lowdb/audit-log.js';
import { DurableJsonFile } from '../../src/store/lowdb/durable-file.js';
import { Journal } from '../../src/store/lowdb/journal.js';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { emptyTenantFile, type TenantFile } from '../../src/store/lowdb/schema.js';
import { TenantDb } from '../../src/store/lowdb/tenant-db.js';
import { member } from '../contract/store-contract.js';
import { CONTOSO } from '../helpers/people.js';

// Whether a line reached the disk cannot be seen without cutting the power; here the audit log's flush,
// which every flush starts with, is held or failed by hand instead.

const settledNow = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  await new Promise((r) => setTimeout(r, 20));
  return settled;
};

describe('a lowdb tenant\'s writes and the disk', () => {
  let dir: string;
  let file: DurableJsonFile<TenantFile>;
  let log: AuditLog;
  let db: TenantDb;
  const emails = async () => (await db.read().members()).map((m) => m.email);
  /** Laid out as the store's, so the store can open what the tenant left. */
  const tenantPath = (suffix: string) => join(dir, 'desk.tenants', `${CONTOSO}${suffix}`);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-tenant-'));
    await mkdir(join(dir, 'desk.tenants'));
    file = new DurableJsonFile(tenantPath('.json'));
    log = AuditLog.empty(tenantPath('.audit.jsonl'));
    const index = { holderOf: () => undefined, apply: () => undefined };
    db = new TenantDb(file, emptyTenantFile(CONTOSO), undefined, Journal.empty(tenantPath('.journal.jsonl')), log, index);
    await db.write(async (t) => t.putMember(member('ana@contoso.com')));
  });

  it('answers a write, and shows it to reads, only once a flush has its lines on the disk; later writes go on meanwhile', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    log.flush = () => held;
    const first = db.write(async (t) => t.putMember(member('bo@contoso.com')));
    const second = db.write(async (t) => {
      expect((await t.members()).map((m) => m.email)).toEqual(['ana@contoso.com', 'bo@contoso.com']);
      await t.putMember(member('cy@contoso.com'));
    });
    // A write that changes nothing answers from what it found, so it waits for that too.
    const looked = db.write(async (t) => (await t.members()).length);
    expect(await settledNow(first)).toBe(false);
    expect(await settledNow(looked)).toBe(false);
    expect(await emails()).toEqual(['ana@contoso.com']);
    release();
    expect(await looked).toBe(3);
    await Promise.all([first, second]);
    expect(await emails()).toEqual(['ana@contoso.com', 'bo@contoso.com', 'cy@contoso.com']);
  });

  it('reports a failed flush as a failed write, shows reads nothing of it, and refuses writes from then on', async () => {
    log.flush = () => Promise.reject(new Error('EIO: i/o error, fdatasync'));
    await expect(db.write(async (t) => t.putMember(member('bo@contoso.com')))).rejects.toThrow(/Could not put the changes to .*\.json on the disk \(EIO/);
    expect(await emails()).toEqual(['ana@contoso.com']);
    expect(db.failed).toBe(true);
    expect(db.idle).toBe(false);
    await expect(db.write(async (t) => t.putMember(member('cy@contoso.com')))).rejects.toThrow(/refused until the bot restarts/);
  });

  it('fails the writes behind a failed flush too, though the next flush succeeds (the disk reports an error once)', async () => {
    let failFirst!: (error: Error) => void;
    let flushes = 0;
    log.flush = () => (flushes++ === 0 ? new Promise((_, reject) => (failFirst = reject)) : Promise.resolve());
    const first = db.write(async (t) => t.putMember(member('bo@contoso.com')));
    // Appended while the first flush runs, on top of the first write's change.
    const second = db.write(async (t) => t.putMember(member('cy@contoso.com')));
    expect(await settledNow(second)).toBe(false);
    failFirst(new Error('EIO: i/o error, fdatasync'));
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((o) => o.status === 'rejected' && String(o.reason))).toEqual(Array(2).fill(expect.stringMatching(/Could not put the changes .*\(EIO/)));
    expect(await emails()).toEqual(['ana@contoso.com']);
    expect(db.failed).toBe(true);
  });

  it('fails a rewrite whose audit log flush failed, and the writes behind it, as after a failed flush', async () => {
    let release!: () => void;
    log.flush = () => new Promise<void>((resolve) => (release = resolve));
    // A journal line past 64 KB, with an audit event, waiting on a held flush: the next write rewrites the file.
    const first = db.write(async (t) => {
      for (let i = 0; i < 350; i++) await t.putMember(member(`early${i}@contoso.com`));
      await t.appendAudit(auditEvent('member.added', { aadObjectId: 'a-1', name: 'Olivia' }, 'early', new Date()));
    });
    expect(await settledNow(first)).toBe(false);
    // Its flush covers the first write's audit line too.
    log.flushNow = () => {
      throw new Error('EIO: i/o error, fdatasync');
    };
    await expect(db.write(async (t) => t.putMember(member('bo@contoso.com')))).rejects.toThrow(/Could not put the changes to .*\.json on the disk \(EIO/);
    // The disk reports an error once: the held flush now succeeds, yet the first write's line may be lost.
    release();
    await expect(first).rejects.toThrow(/Could not put the changes .*\(EIO/);
    expect(db.failed).toBe(true);
    expect(await emails()).toEqual(['ana@contoso.com']);
    await expect(db.write(async (t) => t.putMember(member('cy@contoso.com')))).rejects.toThrow(/refused until the bot restarts/);
  });

  it('keeps a rewrite whose rename it could not flush, and fails the write, as after a failed flush', async () => {
    // A journal line past 64 KB: the next write rewrites the file.
    await db.write(async (t) => {
      for (let i = 0; i < 350; i++) await t.putMember(member(`early${i}@contoso.com`));
    });
    const journal = await readFile(tenantPath('.journal.jsonl'), 'utf8');
    file.flushFolder = () => {
      throw new Error('EIO: i/o error, fsync');
    };
    await expect(
      db.write(async (t) => {
        await t.putMember(member('bo@contoso.com'));
        await t.appendAudit(auditEvent('member.added', { aadObjectId: 'a-1', name: 'Olivia' }, 'bo@contoso.com', new Date()));
      }),
    ).rejects.toThrow(/Could not put the changes to .*\.json on the disk \(EIO/);
    expect(db.failed).toBe(true);
    expect(await emails()).not.toContain('bo@contoso.com');
    // Nothing undone: the file holds the write and its audit event, and the journal stays in case the rename is lost.
    expect(JSON.parse(await readFile(tenantPath('.json'), 'utf8')).auditCount).toBe(1);
    expect(await readFile(tenantPath('.audit.jsonl'), 'utf8')).toMatch(/^[^\n]*bo@contoso\.com[^\n]*\n$/);
    expect(await readFile(tenantPath('.journal.jsonl'), 'utf8')).toBe(journal);
    db.close();
    const store = await LowdbStore.open(join(dir, 'desk.json'));
    expect((await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 5 }))).total).toBe(1);
    await store.close();
  });
});
