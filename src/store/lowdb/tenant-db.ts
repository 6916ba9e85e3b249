import { Mutex } from 'async-mutex';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { AuditEvent } from '../../domain/model.js';
import type { TenantReader, TenantWriter } from '../store.js';
import { AuditLog } from './audit-log.js';
import type { TenantFile } from './schema.js';
import { TenantSession } from './tenant-session.js';

/** The store's view across tenants, for values unique across them (publisher IDs). */
export interface TenantIndex {
  holderOf(publisherId: string): string | undefined;
  /** Runs as a write's changes are applied: may refuse them (UniqueViolation) and must then change nothing. */
  apply(previous: TenantFile, next: TenantFile): void;
}

interface Waiter {
  readonly version: number;
  resolve(): void;
  reject(error: unknown): void;
}

export const jsonFile = <T>(path: string) =>
  new DataFile<T>(path, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) });

/**
 * One tenant: its lowdb file, its audit log, and the writes between them.
 *
 * Writes apply to the in-memory head one at a time (the lock), then wait until a flush has put their
 * version on disk. A flush writes whatever the head holds by then, so writes that arrive while a file
 * write is in flight share the next one (group commit). Reads see only what is on disk. If a flush
 * fails, every write not yet on disk is rolled back and its caller gets the error: nothing a person
 * was told failed can reappear later.
 */
export class TenantDb {
  readonly #low: Low<TenantFile>;
  readonly #lock = new Mutex();
  readonly #audit: AuditEvent[];
  #head: TenantFile;
  #headVersion = 0;
  #durableAudit: number;
  #durableVersion = 0;
  #waiters: Waiter[] = [];
  #flushing: Promise<void> | undefined;
  /** Writes begun and not yet answered, counted from the first synchronous step of write(). */
  #writes = 0;

  constructor(
    path: string,
    data: TenantFile,
    private readonly log: AuditLog,
    audit: AuditEvent[],
    private readonly index: TenantIndex,
  ) {
    this.#low = new Low(jsonFile<TenantFile>(path), data);
    this.#head = data;
    this.#audit = audit;
    this.#durableAudit = audit.length;
  }

  read(): TenantReader {
    return new TenantSession(this.#low.data, this.#audit, this.#durableAudit, (id) => this.index.holderOf(id));
  }

  /** True when nothing is in flight, so the store may drop this tenant from memory and load it again later. */
  get idle(): boolean {
    return this.#writes === 0 && !this.#flushing;
  }

  /** What is on disk, if anything was written since this tenant was loaded. */
  get written(): { readonly data: TenantFile; readonly auditBytes: number } | undefined {
    return this.#durableVersion > 0 ? { data: this.#low.data, auditBytes: this.log.bytes } : undefined;
  }

  async write<T>(work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    this.#writes += 1;
    try {
      return await this.#write(work);
    } finally {
      this.#writes -= 1;
    }
  }

  async #write<T>(work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    const { result, onDisk } = await this.#lock.runExclusive(async () => {
      const session = new TenantSession(this.#head, this.#audit, this.#head.auditCount, (id) => this.index.holderOf(id));
      const result = await work(session);
      if (!session.changed) return { result, onDisk: undefined };
      const next = session.next();
      // Checked here, where no other write can interleave, so a race for a unique value has one winner.
      this.index.apply(this.#head, next);
      this.#head = next;
      this.#audit.push(...session.newAudit);
      // Registered before the lock is released, so a roll-back cannot miss this write.
      return { result, onDisk: this.#onDisk(++this.#headVersion) };
    });
    await onDisk;
    return result;
  }

  /** Resolves once no write is waiting for the disk. */
  async settled(): Promise<void> {
    while (this.#flushing) await this.#flushing.catch(() => undefined);
  }

  #onDisk(version: number): Promise<void> {
    const onDisk = new Promise<void>((resolve, reject) => this.#waiters.push({ version, resolve, reject }));
    this.#startFlush();
    onDisk.catch(() => undefined); // the writer awaits it; this only keeps an early failure from counting as unhandled
    return onDisk;
  }

  #startFlush(): void {
    if (this.#flushing) return;
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      // A write may have landed between the loop's last check and this callback.
      if (this.#durableVersion < this.#headVersion) this.#startFlush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#durableVersion < this.#headVersion) {
      const version = this.#headVersion;
      const doc = this.#head;
      const auditEnd = doc.auditCount;
      try {
        // Audit lines first: a crash between the two leaves lines past the count, which loading cuts off.
        if (auditEnd > this.#durableAudit) await this.log.append(this.#audit.slice(this.#durableAudit, auditEnd));
        await this.#low.adapter.write(doc);
      } catch (error) {
        await this.#rollBack(error);
        continue;
      }
      this.log.commit();
      this.#low.data = doc;
      this.#durableAudit = auditEnd;
      this.#durableVersion = version;
      this.#settle(version);
    }
  }

  async #rollBack(error: unknown): Promise<void> {
    await this.#lock.runExclusive(async () => {
      await this.log.rollback().catch(() => undefined);
      this.index.apply(this.#head, this.#low.data);
      this.#head = this.#low.data;
      this.#audit.length = this.#durableAudit;
      this.#headVersion = this.#durableVersion;
      const failed = this.#waiters;
      this.#waiters = [];
      for (const waiter of failed) waiter.reject(error);
    });
  }

  #settle(version: number): void {
    const done = this.#waiters.filter((w) => w.version <= version);
    this.#waiters = this.#waiters.filter((w) => w.version > version);
    for (const waiter of done) waiter.resolve();
  }
}
