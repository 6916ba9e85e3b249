import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import type { Logger } from '../../log.js';
import { applyChanges, emptyDocument, type TenantDocument } from '../document.js';
import { TenantSession } from '../document-session.js';
import { checkTenantId, StoreOpenError, type Store, type TenantReader, type TenantWriter } from '../store.js';
import { CLIENT_TIMEOUTS, createPool, describeConnectionError, displayUrl, queryTimedOut } from './connection.js';
import { migrate } from './migrations.js';
import {
  asStored,
  auditHistory,
  changesSince,
  loadDocument,
  lockTenant,
  publisherIdHolder,
  saveChanges,
  type Queryable,
  type WriteToSave,
} from './tenant-queries.js';
import { VersionLookups } from './version-lookups.js';

/** Organizations whose document a process keeps, as lowdb keeps its loaded tenants. */
const CACHED_TENANTS = 1000;

/** Writes that go together in one transaction at the most, so none waits behind a long line. */
const MAX_BATCH = 50;

/** A health check's wait for the database: /healthz answers "unhealthy" rather than hang with it. */
const HEALTH_TIMEOUT_MS = 2_000;

interface QueuedWrite {
  readonly work: (tenant: TenantWriter) => Promise<unknown>;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/**
 * A PostgreSQL database shared by every instance of the bot. A write is one transaction that starts by
 * locking its tenant's row, so writes to one tenant run one at a time across processes and a rule checked
 * inside a write (one decision per invitation, the last Owner, the profile version) holds everywhere.
 *
 * Each process keeps the latest document it has seen of each organization it serves, with the version
 * it was read at. A read asks only for the version (reads arriving together share one look-up, see
 * VersionLookups); when another instance has written since, it applies that instance's changes, kept in
 * the database for the last writes, and reads the whole document only when they are not all there. A
 * write does the same with the version it locked and, once committed, applies its own changes. So a
 * read or a write costs a few round trips and the size of the changes, however large the organization.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly #documents = new LRUCache<string, TenantDocument>({ max: CACHED_TENANTS });
  /** Per tenant, this process's writes waiting for the transaction in progress to end. */
  readonly #queued = new Map<string, QueuedWrite[]>();
  /** The loops running queued writes, which close() waits for. */
  readonly #draining = new Set<Promise<void>>();
  /** Per tenant, this process's write whose commit is under way: settled once its document is kept. */
  readonly #committing = new Map<string, Promise<void>>();
  /** Per tenant, the whole read of its organization under way, if one is. */
  readonly #wholeReads = new Map<string, Promise<TenantDocument>>();
  readonly #versions: VersionLookups;
  #closed = false;

  private constructor(private readonly pool: pg.Pool) {
    this.#versions = new VersionLookups(pool);
  }

  /** Connects and migrates the schema; a database that cannot be used stops start-up with the reason. */
  static async open(url: string, log: Logger, timeouts = CLIENT_TIMEOUTS): Promise<PostgresStore> {
    if (!URL.canParse(url)) {
      throw new StoreOpenError('DATABASE_URL', 'it is not a valid URL (check the port, and that special characters in the password are percent-encoded)');
    }
    const location = displayUrl(url);
    const pool = createPool(url, log, timeouts);
    try {
      const client = await pool.connect();
      try {
        await migrate(client, location);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error instanceof StoreOpenError ? error : new StoreOpenError(location, describeConnectionError(error, timeouts.connectMs));
    }
    return new PostgresStore(pool);
  }

  async read<T>(tenantId: string, work: (tenant: TenantReader) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    const document = await this.#current(tenantId);
    return work(new TenantSession(document, auditHistory(this.pool, document), (id) => publisherIdHolder(this.pool, id)));
  }

  /**
   * Writes from this process to one tenant queue here, before the row lock, and those that queued while
   * one transaction ran go together in the next (see #writeBatch). Each write then finds the document
   * the one before it kept, and a busy organization pays the transaction's round trips once per batch.
   */
  async write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    if (this.#closed) throw new Error('The store is closed');
    return new Promise<T>((resolve, reject) => {
      const queued = this.#queued.get(tenantId);
      const write: QueuedWrite = { work, resolve: resolve as (result: unknown) => void, reject };
      if (queued) queued.push(write);
      else {
        this.#queued.set(tenantId, [write]);
        const draining = this.#drain(tenantId);
        this.#draining.add(draining);
        void draining.finally(() => this.#draining.delete(draining));
      }
    });
  }

  /** Runs the tenant's queued writes, a batch at a time, until none is left; never rejects. */
  async #drain(tenantId: string): Promise<void> {
    for (let batch = this.#queued.get(tenantId); batch?.length; batch = this.#queued.get(tenantId)) {
      const taken = batch.splice(0, MAX_BATCH);
      try {
        await this.#writeBatch(tenantId, taken);
      } catch (error) {
        // #writeBatch answers its writes itself; this is only so none of them can be left waiting.
        for (const write of taken) write.reject(error);
      }
      if (!batch.length) this.#queued.delete(tenantId);
    }
  }

  /**
   * One transaction for the batch: each write works on the document as the writes before it in the
   * batch left it, a write whose work throws is refused alone, and the others are saved in one statement
   * and commit together. If the database refuses a statement (a publisher ID taken meanwhile, say), the
   * transaction is lost, so the batch's writes run again one by one, each in its own, to fail alone.
   */
  async #writeBatch(tenantId: string, batch: readonly QueuedWrite[]): Promise<void> {
    const outcomes: ({ result: unknown } | { error: unknown })[] = [];
    let saved: TenantDocument | undefined;
    let refused: unknown;
    let kept!: () => void;
    const keeping = new Promise<void>((resolve) => (kept = resolve));
    let ended = false;
    try {
      await this.#transaction('BEGIN', async (client) => {
        const version = await lockTenant(client, tenantId);
        let document = (await this.#caughtUp(client, tenantId, version)) ?? (await loadDocument(client, tenantId));
        // A failed statement aborts the transaction, even if the work caught its error and went on.
        let failed: unknown;
        const db: Queryable = {
          query: (text, values) => client.query(text, values).catch((error: unknown) => Promise.reject((failed ??= error))),
        };
        const base = document;
        const toSave: WriteToSave[] = [];
        for (const { work } of batch) {
          const history = auditHistory(db, document, toSave.flatMap((w) => w.events));
          const current = document;
          // The row still has the publisher ID from before the batch: the organization's is the one its writes
          // left (none when empty, as the row keeps it).
          const holderOf = async (id: string) => {
            if (id && current.profile.values?.publisherId === id) return tenantId;
            const holder = await publisherIdHolder(db, id);
            return holder === tenantId ? undefined : holder;
          };
          const session = new TenantSession(document, history, holderOf);
          let outcome: { result: unknown } | { error: unknown };
          try {
            outcome = { result: await work(session) };
          } catch (error) {
            outcome = { error };
          }
          if (failed !== undefined) {
            refused = failed;
            return { result: undefined, commit: false };
          }
          outcomes.push(outcome);
          if ('error' in outcome || !session.changed) continue;
          const changes = asStored(session.changes());
          toSave.push({ changes, events: session.newAudit });
          document = applyChanges(document, changes);
        }
        if (toSave.length) {
          try {
            await saveChanges(client, base, toSave);
          } catch (error) {
            refused = error;
            return { result: undefined, commit: false };
          }
          saved = document;
        }
        // Nothing changed: roll back, which also drops a tenant row made only to lock on.
        if (saved) this.#committing.set(tenantId, keeping);
        return { result: undefined, commit: saved !== undefined };
      });
      ended = true;
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    } finally {
      if (ended && saved && refused === undefined) this.#keep(saved);
      if (this.#committing.get(tenantId) === keeping) this.#committing.delete(tenantId);
      kept();
    }
    if (refused !== undefined) {
      if (batch.length === 1) batch[0]!.reject(refused);
      else for (const write of batch) await this.#writeBatch(tenantId, [write]);
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) write.reject(outcome.error);
      else write.resolve(outcome.result);
    });
  }

  /** The tenant's document as it is now: the kept one if no instance wrote since, else read afresh. */
  async #current(tenantId: string): Promise<TenantDocument> {
    const version = await this.#versions.versionOf(tenantId);
    if (version === undefined) return emptyDocument(tenantId);
    let kept = this.#documents.get(tenantId);
    if (kept && kept.seq < version) {
      // The newer version may be this process's own write, committed and about to be kept.
      await this.#committing.get(tenantId);
      kept = this.#documents.get(tenantId);
    }
    // A kept document newer than the version asked is a write committed since: newer still is fine.
    if (kept && kept.seq >= version) return kept;
    const caughtUp = await this.#caughtUp(this.pool, tenantId, version);
    if (!caughtUp) return this.#readWhole(tenantId, version);
    this.#keep(caughtUp);
    return caughtUp;
  }

  /**
   * The organization read whole, and kept. The reads that need it while such a read is under way (a cold
   * instance under load) wait for that one rather than each start their own, unless it turns out older
   * than the version they were asked for.
   */
  async #readWhole(tenantId: string, version: number): Promise<TenantDocument> {
    const underWay = this.#wholeReads.get(tenantId);
    if (underWay) {
      await underWay.catch(() => undefined);
      const kept = this.#documents.get(tenantId);
      if (kept && kept.seq >= version) return kept;
    }
    const reading = this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY', async (client) => ({
      result: await loadDocument(client, tenantId),
      commit: false,
    }));
    this.#wholeReads.set(tenantId, reading);
    try {
      const loaded = await reading;
      this.#keep(loaded);
      return loaded;
    } finally {
      if (this.#wholeReads.get(tenantId) === reading) this.#wholeReads.delete(tenantId);
    }
  }

  /**
   * The kept document brought to the version with the changes other instances' writes left, or undefined
   * when there is none to start from or they are not all kept: one query, however large the organization.
   */
  async #caughtUp(db: Queryable, tenantId: string, version: number): Promise<TenantDocument | undefined> {
    const kept = this.#documents.get(tenantId);
    if (!kept || kept.seq > version) return undefined;
    if (kept.seq === version) return kept;
    return (await changesSince(db, tenantId, kept.seq, version))?.reduce((document, changes) => applyChanges(document, changes), kept);
  }

  /** Keeps a document unless a newer one is kept already (two writes may finish out of order). */
  #keep(document: TenantDocument): void {
    const kept = this.#documents.get(document.tenantId);
    if (!kept || kept.seq < document.seq) this.#documents.set(document.tenantId, document);
  }

  async healthy(): Promise<boolean> {
    if (this.#closed) return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, HEALTH_TIMEOUT_MS, false)));
    try {
      return await Promise.race([this.pool.query('SELECT 1').then(() => true), late]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Writes accepted before the close finish first, queued ones included; no new one is accepted.
    await Promise.all(this.#draining);
    await this.pool.end();
  }

  async #transaction<T>(begin: string, work: (client: pg.PoolClient) => Promise<{ result: T; commit: boolean }>): Promise<T> {
    const client = await this.pool.connect();
    // A connection that breaks while checked out reports it here; it is then destroyed, not reused.
    let broken: Error | undefined;
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      await client.query(begin);
      const { result, commit } = await work(client);
      const end = await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      // The database answers ROLLBACK to a COMMIT of a transaction a failed statement aborted.
      if (commit && end.command !== 'COMMIT') throw new Error('The database rolled the transaction back');
      return result;
    } catch (error) {
      // After pg's own timeout the connection still waits for that answer: a ROLLBACK would only queue behind it.
      if (queryTimedOut(error)) broken ??= error as Error;
      else await client.query('ROLLBACK').catch(onError);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}

