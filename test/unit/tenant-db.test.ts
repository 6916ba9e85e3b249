import { beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../src/store/lowdb/audit-log.js';
import { Journal } from '../../src/store/lowdb/journal.js';
import { emptyTenantFile } from '../../src/store/lowdb/schema.js';
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
  let log: AuditLog;
  let db: TenantDb;
  const emails = async () => (await db.read().members()).map((m) => m.email);

  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-tenant-'));
    log = AuditLog.empty(join(dir, 't.audit.jsonl'));
    const index = { holderOf: () => undefined, apply: () => undefined };
    db = new TenantDb(join(dir, 't.json'), emptyTenantFile(CONTOSO), undefined, Journal.empty(join(dir, 't.journal.jsonl')), log, index);
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
    await expect(db.write(async (t) => t.putMember(member('bo@contoso.com')))).rejects.toThrow(/Could not put the changes to .*t\.json on the disk \(EIO/);
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
});
