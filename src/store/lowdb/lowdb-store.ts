import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Mutex } from 'async-mutex';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { z } from 'zod';
import { StoreOpenError, TENANT_ID, type Store, type TenantReader, type TenantWriter } from '../store.js';
import {
  catalogFileSchema,
  describeInvalid,
  emptyTenantFile,
  SCHEMA_VERSION,
  tenantFileSchema,
  type CatalogFile,
  type TenantFile,
} from './schema.js';
import { TenantSession } from './tenant-session.js';

interface TenantDb {
  readonly low: Low<TenantFile>;
  readonly lock: Mutex;
}

/** How many tenant files are read at once at start-up. */
const LOAD_CONCURRENCY = 32;

/**
 * lowdb files, one per tenant beside a small catalog file. A write rewrites only its own tenant's file,
 * so its cost follows the size of one organization, not of the whole store. lowdb's writer renames a
 * finished temporary file over the old one (a crash leaves the old or the new file) and coalesces writes
 * that arrive while one is in flight.
 */
export class LowdbStore implements Store {
  readonly kind = 'lowdb';
  readonly #tenants = new Map<string, TenantDb>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #tenantDir: string;
  #closed = false;

  private constructor(private readonly catalogPath: string) {
    this.#tenantDir = join(dirname(catalogPath), `${basename(catalogPath, '.json')}.tenants`);
  }

  /** Opens the store, creating it if missing; refuses a file it cannot read or trust, and leaves it untouched. */
  static async open(catalogPath: string): Promise<LowdbStore> {
    const store = new LowdbStore(catalogPath);
    await store.#openCatalog();
    await store.#loadTenants();
    return store;
  }

  async #openCatalog(): Promise<void> {
    await ensureDir(dirname(this.catalogPath));
    await ensureDir(this.#tenantDir);
    const catalog = await readValidated(this.catalogPath, catalogFileSchema);
    if (!catalog) {
      const low = new Low<CatalogFile>(jsonFile(this.catalogPath), {
        schemaVersion: SCHEMA_VERSION,
        createdAt: new Date().toISOString(),
      });
      await low.write();
    }
  }

  async #loadTenants(): Promise<void> {
    const names = (await readdir(this.#tenantDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    for (let i = 0; i < names.length; i += LOAD_CONCURRENCY) {
      await Promise.all(
        names.slice(i, i + LOAD_CONCURRENCY).map(async (name) => {
          const path = join(this.#tenantDir, name);
          const data = await readValidated(path, tenantFileSchema);
          const tenantId = basename(name, '.json');
          if (!data) return;
          if (data.tenantId !== tenantId) {
            throw new StoreOpenError(path, `holds tenant ${data.tenantId}, but its name says ${tenantId}`);
          }
          this.#tenants.set(tenantId, { low: new Low(jsonFile(path), data), lock: new Mutex() });
        }),
      );
    }
  }

  async read<T>(tenantId: string, work: (tenant: TenantReader) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    const data = this.#tenants.get(tenantId)?.low.data ?? emptyTenantFile(tenantId);
    return work(new TenantSession(data));
  }

  async write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    if (this.#closed) throw new Error('The store is closed');
    const db = this.#tenant(tenantId);
    const { result, saved } = await db.lock.runExclusive(async () => {
      const session = new TenantSession(db.low.data);
      const result = await work(session);
      if (!session.changed) return { result, saved: undefined };
      session.commit();
      return { result, saved: this.#track(db.low.write()) };
    });
    // Awaited outside the lock so later writes can join lowdb's next coalesced file write.
    await saved;
    return result;
  }

  async healthy(): Promise<boolean> {
    return !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#pending]);
  }

  #tenant(tenantId: string): TenantDb {
    let db = this.#tenants.get(tenantId);
    if (!db) {
      const path = join(this.#tenantDir, `${tenantId}.json`);
      db = { low: new Low(jsonFile(path), emptyTenantFile(tenantId)), lock: new Mutex() };
      this.#tenants.set(tenantId, db);
    }
    return db;
  }

  #track(write: Promise<void>): Promise<void> {
    this.#pending.add(write);
    void write.catch(() => undefined).finally(() => this.#pending.delete(write));
    return write;
  }
}

function checkTenantId(tenantId: string): void {
  if (!TENANT_ID.test(tenantId)) throw new Error(`Not a tenant ID: ${JSON.stringify(tenantId.slice(0, 80))}`);
}

const jsonFile = <T>(path: string) => new DataFile<T>(path, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) });

async function ensureDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw new StoreOpenError(path, `cannot create the folder (${(error as Error).message})`);
  }
}

/** Reads and validates a lowdb file; undefined when it does not exist. */
async function readValidated<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S> | undefined> {
  let raw: unknown;
  try {
    raw = await jsonFile<unknown>(path).read();
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    throw new StoreOpenError(path, reason);
  }
  if (raw === null) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StoreOpenError(path, describeInvalid(parsed.error));
  return parsed.data;
}
