import type { Stats } from 'node:fs';
import { Mutex } from 'async-mutex';
import { LowSync } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { AuditEvent } from '../../domain/model.js';
import { applyChanges, type Changes } from '../document.js';
import { TenantSession } from '../document-session.js';
import type { TenantReader, TenantWriter } from '../store.js';
import type { AuditLog } from './audit-log.js';
import { UnflushedRename, type DurableJsonFile } from './durable-file.js';
import { GroupFlush } from './group-flush.js';
import type { Journal } from './journal.js';
import type { TenantFile } from './schema.js';

/** The store's view across tenants, for values unique across them (publisher IDs). */
export interface TenantIndex {
  holderOf(publisherId: string): string | undefined;
  /** Runs as a write's changes are applied: may refuse them (UniqueViolation) and must then change nothing. */
  apply(previous: TenantFile, next: TenantFile): void;
}

const json = { parse: JSON.parse, stringify: (data: unknown) => JSON.stringify(data) };

export const jsonFile = <T>(path: string) => new DataFile<T>(path, json);

/**
 * The journal may grow to this, or to the tenant file's own size if larger, before the file is
 * rewritten with it folded in: rewriting costs the whole organization, so it is done once per about
 * as many bytes of changes, and a write's cost stays that of its own changes.
 */
const JOURNAL_BYTES = 64 * 1024;

/**
 * One tenant: its lowdb file, the journal of changes since that file was written, its audit log, and
 * the writes between them.
 *
 * Writes run one at a time (the lock). Each appends its audit events, then its journal entry, and the
 * next write may go on at once; but a write is answered, and reads see its change, only once a flush
 * has put its lines on the disk (the audit log's first, then the journal's). Flushes are shared (see
 * GroupFlush), so under load one serves many writes. A read never sees a change a power cut could
 * take back, and a write whose append failed changed nothing. When the journal has grown to the size
 * of the file, a write rewrites the file instead (flushed, see DurableJsonFile) and empties the journal.
 */
export class TenantDb {
  readonly #low: LowSync<TenantFile>;
  readonly #lock = new Mutex();
  /** The tenant file's size as last written; undefined until it exists. */
  #fileBytes: number | undefined;
  /** Writes begun and not yet answered, counted from the first synchronous step of write(). */
  #writes = 0;
  #wrote = false;
  /** What reads see: the newest data whose lines are on the disk. `#low.data` may be newer, for the next write. */
  #durable: TenantFile;
  readonly #flushes = new GroupFlush(async () => {
    try {
      // In this order: loading drops journal entries whose audit lines a power cut took (see Journal).
      await this.log.flush();
      await this.journal.flush();
    } catch (error) {
      // Here, so no later flush can answer a write first.
      this.#failure ??= error as Error;
      throw error;
    }
  });
  /** Set once a flush (or a rewrite's audit log or rename flush) failed: the disk may have lost what this process counts as written. */
  #failure: Error | undefined;

  constructor(
    private readonly file: DurableJsonFile<TenantFile>,
    data: TenantFile,
    fileBytes: number | undefined,
    private readonly journal: Journal,
    private readonly log: AuditLog,
    private readonly index: TenantIndex,
  ) {
    // Synchronous, like the appends: see #rewriteFile.
    this.#low = new LowSync(file, data);
    this.#durable = data;
    this.#fileBytes = fileBytes;
  }

  read(): TenantReader {
    return this.#session(this.#durable);
  }

  /**
   * True when nothing is in flight, so the store may drop this tenant from memory and load it again
   * later. Never after a failed flush: loading again could show writes that were reported as failed.
   */
  get idle(): boolean {
    return this.#writes === 0 && !this.#failure;
  }

  /** Whether a flush failed; the tenant then refuses writes until the process restarts. */
  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /** What is on disk, if anything was written since this tenant was loaded; `file` if the tenant file was among it. */
  get written(): { readonly data: TenantFile; readonly auditBytes: number; readonly file: Stats | undefined } | undefined {
    return this.#wrote ? { data: this.#low.data, auditBytes: this.log.bytes, file: this.file.written } : undefined;
  }

  async write<T>(work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    this.#writes += 1;
    try {
      const { result, data } = await this.#lock.runExclusive(() => this.#write(work));
      // Also a write that changed nothing: its answer may rest on changes still being flushed.
      if (data.seq > this.#durable.seq) await this.#flushed(data);
      return result;
    } finally {
      this.#writes -= 1;
    }
  }

  /** Resolves once the writes begun so far are done, flushes included. */
  async settled(): Promise<void> {
    await this.#lock.runExclusive(() => undefined);
    await this.#flushes.idle();
  }

  /** Gives back the open journal and audit log files, when the tenant leaves memory; a later write opens them again. */
  close(): void {
    this.journal.close();
    this.log.close();
  }

  #session(data: TenantFile): TenantSession {
    return new TenantSession(data, this.log.history(data.auditCount), (id) => this.index.holderOf(id));
  }

  /** Waits for a flush that covers this write's lines (and every earlier write's), then shows its data to reads. */
  async #flushed(data: TenantFile): Promise<void> {
    // A failed flush has set #failure. A later one may succeed (a disk reports an error once), but the
    // lines it flushed build on those the failed one may have lost: their writes fail too.
    await this.#flushes.after().catch(() => undefined);
    if (this.#failure) throw new StoreWriteError(this.file.path, this.#failure);
    if (data.seq > this.#durable.seq) this.#durable = data;
  }

  /** Runs the write; returns its answer and the data it rests on (what it made, or what it found). */
  async #write<T>(work: (tenant: TenantWriter) => Promise<T>): Promise<{ result: T; data: TenantFile }> {
    // Checked under the lock, so a write queued behind a failed flush appends nothing.
    if (this.#failure) throw new StoreWriteError(this.file.path, this.#failure);
    // Builds on the newest data, flushed or not: its lines are ahead of this write's in both files.
    const previous = this.#low.data;
    const session = this.#session(previous);
    const result = await work(session);
    if (!session.changed) return { result, data: previous };
    const entry = session.changes();
    const next = applyChanges(previous, entry);
    // Checked here, where no other write can interleave, so a race for a unique value has one winner.
    this.index.apply(previous, next);
    try {
      this.#commit(entry, next, session.newAudit);
    } catch (error) {
      this.index.apply(next, previous);
      throw error;
    }
    this.#low.data = next;
    this.#wrote = true;
    return { result, data: next };
  }

  /** Audit lines first: a crash between the two leaves lines past the count, which loading cuts off. */
  #commit(entry: Changes, next: TenantFile, events: readonly AuditEvent[]): void {
    this.log.append(events);
    try {
      if (this.#fileBytes === undefined || this.journal.bytes >= Math.max(JOURNAL_BYTES, this.#fileBytes)) {
        this.#rewriteFile(next);
      } else {
        this.journal.append(entry);
      }
    } catch (error) {
      this.log.rollback();
      throw error;
    }
    this.log.commit();
  }

  /**
   * Writes the whole file (flushed to the disk, see DurableJsonFile), then empties the journal; a crash
   * between the two leaves entries the file already holds, which loading skips by seq. Synchronous: the
   * promise-based writer took tens of milliseconds under load, with every write of the organization
   * waiting behind it, where the work itself (a megabyte's JSON, and a flush) takes a few.
   */
  #rewriteFile(next: TenantFile): void {
    // The file counts this write's audit lines, so they must reach the disk first.
    try {
      this.log.flushNow();
    } catch (error) {
      // As after a failed flush: lines of earlier writes still waiting for their flush may be lost with
      // this write's, though that flush succeeds (a disk reports an error once); they fail too, as do later writes.
      this.#failure ??= error as Error;
      throw new StoreWriteError(this.file.path, this.#failure);
    }
    // The journal and the log exist before the write flushes the folder, so their names outlast a power
    // cut too: a later append flushes only its file.
    this.log.create();
    this.journal.create();
    try {
      this.file.write(next);
    } catch (error) {
      if (!(error instanceof UnflushedRename)) throw error;
      // The file holds the write, which a power cut may or may not take back: as after a failed flush,
      // nothing is undone (the journal stays, for the old file), the write fails, and so do later ones.
      this.#failure ??= error.cause;
      return;
    }
    this.#fileBytes = this.file.written?.size;
    this.journal.clear();
  }
}

/** A flush failed: the write (and every one after it) may not be on the disk, so it is reported as failed. */
class StoreWriteError extends Error {
  constructor(path: string, cause: Error) {
    super(`Could not put the changes to ${path} on the disk (${cause.message}); its writes are refused until the bot restarts`, { cause });
    this.name = 'StoreWriteError';
  }
}
