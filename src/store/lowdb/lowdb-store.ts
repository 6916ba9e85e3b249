import { mkdir, readdir, truncate } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { StoreOpenError, TENANT_ID, UniqueViolation, type Store, type TenantReader, type TenantWriter } from '../store.js';
import { AuditLog } from './audit-log.js';
import {
  catalogFileSchema,
  describeInvalid,
  emptyTenantFile,
  SCHEMA_VERSION,
  tenantFileSchema,
  type CatalogFile,
} from './schema.js';
import { jsonFile, TenantDb, type TenantIndex } from './tenant-db.js';
import { TenantSession } from './tenant-session.js';

/** How many tenant files are read at once at start-up. */
const LOAD_CONCURRENCY = 32;

/**
 * lowdb files, one per tenant beside a small catalog file, each with an append-only audit log. A write
 * rewrites only its own tenant's file, so its cost follows the size of one organization, not of the
 * whole store. lowdb's writer renames a finished temporary file over the old one, so a crash leaves the
 * old file or the new one, never half of one.
 */
export class LowdbStore implements Store {
  readonly kind = 'lowdb';
  readonly #tenants = new Map<string, TenantDb>();
  /** Publisher ID -> tenant, across every tenant in memory. */
  readonly #publisherIds = new Map<string, string>();
  readonly #index: TenantIndex = {
    holderOf: (id) => this.#publisherIds.get(id),
    apply: (previous, next) => {
      const before = previous.profile.values?.publisherId;
      const after = next.profile.values?.publisherId;
      if (before === after) return;
      const holder = after ? this.#publisherIds.get(after) : undefined;
      if (after && holder && holder !== next.tenantId) throw new UniqueViolation('publisherId');
      if (before && this.#publisherIds.get(before) === next.tenantId) this.#publisherIds.delete(before);
      if (after) this.#publisherIds.set(after, next.tenantId);
    },
  };
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
    const files = await readdir(this.#tenantDir);
    const names = files.filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    // An audit log without its tenant file is all from a first write that never finished.
    for (const orphan of files.filter((n) => n.endsWith('.audit.jsonl') && !files.includes(n.replace(/\.audit\.jsonl$/, '.json')))) {
      await truncate(join(this.#tenantDir, orphan), 0);
    }
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
          const { log, events } = await AuditLog.open(this.#auditPath(tenantId), data.auditCount);
          const publisherId = data.profile.values?.publisherId;
          const holder = publisherId ? this.#publisherIds.get(publisherId) : undefined;
          if (holder) throw new StoreOpenError(path, `uses publisher ID ${publisherId}, which tenant ${holder} uses too`);
          this.#index.apply(emptyTenantFile(tenantId), data);
          this.#tenants.set(tenantId, new TenantDb(path, data, log, events, this.#index));
        }),
      );
    }
  }

  async read<T>(tenantId: string, work: (tenant: TenantReader) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    const db = this.#tenants.get(tenantId);
    return work(db ? db.read() : new TenantSession(emptyTenantFile(tenantId), [], 0, this.#index.holderOf));
  }

  async write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    if (this.#closed) throw new Error('The store is closed');
    return this.#tenant(tenantId).write(work);
  }

  async healthy(): Promise<boolean> {
    return !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#tenants.values()].map((db) => db.settled()));
  }

  #tenant(tenantId: string): TenantDb {
    let db = this.#tenants.get(tenantId);
    if (!db) {
      const path = join(this.#tenantDir, `${tenantId}.json`);
      db = new TenantDb(path, emptyTenantFile(tenantId), AuditLog.empty(this.#auditPath(tenantId)), [], this.#index);
      this.#tenants.set(tenantId, db);
    }
    return db;
  }

  #auditPath(tenantId: string): string {
    return join(this.#tenantDir, `${tenantId}.audit.jsonl`);
  }
}

function checkTenantId(tenantId: string): void {
  if (!TENANT_ID.test(tenantId)) throw new Error(`Not a tenant ID: ${JSON.stringify(tenantId.slice(0, 80))}`);
}

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
