import type pg from 'pg';
import type { Logger } from '../../log.js';
import { checkTenantId, StoreOpenError, type Store, type TenantReader, type TenantWriter } from '../store.js';
import { createPool, describeConnectionError, displayUrl } from './connection.js';
import { migrate } from './migrations.js';
import { lockTenant, TenantQueries } from './tenant-queries.js';

/**
 * A PostgreSQL database shared by every instance of the bot. A write is one transaction that starts by
 * locking its tenant's row, so writes to one tenant run one at a time across processes and a rule checked
 * inside a write (one decision per invitation, the last Owner, the profile version) holds everywhere.
 * A read is a read-only snapshot, as consistent as a lowdb file.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  #closed = false;

  private constructor(private readonly pool: pg.Pool) {}

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
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY', async (client) => {
      const result = await new TenantQueries(tenantId, client).run(work);
      return { result, commit: false };
    });
  }

  async write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    if (this.#closed) throw new Error('The store is closed');
    return this.#transaction('BEGIN', async (client) => {
      await lockTenant(client, tenantId);
      const tenant = new TenantQueries(tenantId, client);
      const result = await tenant.run(work);
      // A failed statement aborts the transaction, even if the work caught its error and went on.
      if (tenant.failure) throw tenant.failure;
      // Nothing changed: roll back, which also drops a tenant row made only to lock on.
      return { result, commit: tenant.changed };
    });
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

