import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import type { Logger } from '../../log.js';
import { applyChanges, emptyDocument, type TenantDocument } from '../document.js';
import { TenantSession } from '../document-session.js';
import { checkTenantId, StoreOpenError, type Store, type TenantReader, type TenantWriter } from '../store.js';
import { createPool, describeConnectionError, displayUrl } from './connection.js';
import { migrate } from './migrations.js';
import { asStored, auditHistory, loadDocument, lockTenant, publisherIdHolder, saveChanges } from './tenant-queries.js';
import { VersionLookups } from './version-lookups.js';

/** Organizations whose document a process keeps, as lowdb keeps its loaded tenants. */
const CACHED_TENANTS = 1000;

/**
 * A PostgreSQL database shared by every instance of the bot. A write is one transaction that starts by
 * locking its tenant's row, so writes to one tenant run one at a time across processes and a rule checked
 * inside a write (one decision per invitation, the last Owner, the profile version) holds everywhere.
 *
 * Each process keeps the latest document it has seen of each organization it serves, with the version
 * it was read at. A read asks only for the version (reads arriving together share one look-up, see
 * VersionLookups), and reads the whole document again only when another instance has written since;
 * a write checks the version it locked against the kept document and, once committed, applies its own
 * changes to it. So a read costs at most one look-up and a write the statements of its changes, however
 * large the organization.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly #documents = new LRUCache<string, TenantDocument>({ max: CACHED_TENANTS });
  /** Per tenant, the last of this process's writes to it, which the next one waits for. */
  readonly #lastWrite = new Map<string, Promise<unknown>>();
  /** Per tenant, this process's write whose commit is under way: settled once its document is kept. */
  readonly #committing = new Map<string, Promise<void>>();
  readonly #versions: VersionLookups;
  #closed = false;

  private constructor(private readonly pool: pg.Pool) {
    this.#versions = new VersionLookups(pool);
  }

  /** Connects and migrates the schema; a database that cannot be used stops start-up with the reason. */
  static async open(url: string, log: Logger): Promise<PostgresStore> {
    if (!URL.canParse(url)) {
      throw new StoreOpenError('DATABASE_URL', 'it is not a valid URL (check the port, and that special characters in the password are percent-encoded)');
    }
    const location = displayUrl(url);
    const pool = createPool(url, log);
    try {
      const client = await pool.connect();
      try {
        await migrate(client, location);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error instanceof StoreOpenError ? error : new StoreOpenError(location, describeConnectionError(error));
    }
    return new PostgresStore(pool);
  }

  async read<T>(tenantId: string, work: (tenant: TenantReader) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    const document = await this.#current(tenantId);
    return work(new TenantSession(document, auditHistory(this.pool, document), (id) => publisherIdHolder(this.pool, id)));
  }

  /**
   * Writes from this process to one tenant also take turns here, before the row lock: each then finds
   * the document the one before it kept, where otherwise it could take the lock between the other's
   * commit and the keeping, and read the whole organization again.
   */
  async write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    if (this.#closed) throw new Error('The store is closed');
    const turn = (this.#lastWrite.get(tenantId) ?? Promise.resolve()).then(() => this.#write(tenantId, work));
    const done = turn.catch(() => undefined);
    this.#lastWrite.set(tenantId, done);
    void done.then(() => {
      if (this.#lastWrite.get(tenantId) === done) this.#lastWrite.delete(tenantId);
    });
    return turn;
  }

  async #write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    let saved: TenantDocument | undefined;
    let kept!: () => void;
    const keeping = new Promise<void>((resolve) => (kept = resolve));
    try {
      const result = await this.#transaction('BEGIN', async (client) => {
        const version = await lockTenant(client, tenantId);
        const known = this.#documents.get(tenantId);
        const base = known?.seq === version ? known : await loadDocument(client, tenantId);
        const session = new TenantSession(base, auditHistory(client, base), (id) => publisherIdHolder(client, id));
        const result = await work(session);
        // Nothing changed: roll back, which also drops a tenant row made only to lock on.
        if (!session.changed) return { result, commit: false };
        const changes = asStored(session.changes());
        await saveChanges(client, base, changes, session.newAudit);
        saved = applyChanges(base, changes);
        this.#committing.set(tenantId, keeping);
        return { result, commit: true };
      });
      if (saved) this.#keep(saved);
      return result;
    } finally {
      if (this.#committing.get(tenantId) === keeping) this.#committing.delete(tenantId);
      kept();
    }
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
    const loaded = await this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY', async (client) => ({
      result: await loadDocument(client, tenantId),
      commit: false,
    }));
    this.#keep(loaded);
    return loaded;
  }

  /** Keeps a document unless a newer one is kept already (two writes may finish out of order). */
  #keep(document: TenantDocument): void {
    const kept = this.#documents.get(document.tenantId);
    if (!kept || kept.seq < document.seq) this.#documents.set(document.tenantId, document);
  }

  async healthy(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Resolves once every connection is back in the pool, so writes in flight finish first.
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
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(onError);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}

