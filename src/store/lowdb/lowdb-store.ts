import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { noHistory, TenantSession } from '../document-session.js';
import { checkTenantId, StoreOpenError, UniqueViolation, type Store, type TenantReader, type TenantWriter } from '../store.js';
import { AuditLog } from './audit-log.js';
import { fileSignature, readCheckedIndex, signature, writeCheckedIndex, type CheckedTenant } from './checked-index.js';
import { DurableJsonFile } from './durable-file.js';
import { Journal } from './journal.js';
import { completeLines, readBytes, readLinesNow } from './json-lines.js';
import {
  catalogFileSchema,
  describeInvalid,
  emptyTenantFile,
  SCHEMA_VERSION,
  tenantFileSchema,
  type CatalogFile,
  type TenantFile,
} from './schema.js';
import { jsonFile, TenantDb, type TenantIndex } from './tenant-db.js';
import { lockStore } from './store-lock.js';

/** Tenants kept in memory by default; past it, the least recently used idle tenant is dropped and read again when needed. */
const CACHED_TENANTS = 1000;
/** Files a process keeps for everything else: sockets, the store's own files, the runtime's. */
const FILES_FOR_THE_REST = 256;

/**
 * The cache's size where the process may open fewer files than it needs: a tenant in memory keeps its
 * journal and audit log open, and past the limit every write would fail. Node raises its soft limit to the
 * hard one at start, so that one counts; Linux tells it in /proc.
 */
export function tenantsThatFit(limits = readLimits()): number {
  const openFiles = Number(/^Max open files\s+\S+\s+(\d+)/m.exec(limits)?.[1]);
  if (!Number.isFinite(openFiles)) return CACHED_TENANTS;
  return Math.max(1, Math.min(CACHED_TENANTS, Math.floor((openFiles - FILES_FOR_THE_REST) / 2)));
}

function readLimits(): string {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return '';
  }
}

export interface LowdbStoreOptions {
  readonly cachedTenants?: number;
}

/**
 * lowdb files, one per tenant beside a small catalog file, each with a journal of the changes since it
 * was written and an append-only audit log. A write appends only its own changes, so its cost follows
 * the size of the change, not of the organization or the store; now and then a write folds the journal
 * back into its tenant's file. lowdb's writer renames a finished temporary file over the old one, so a
 * crash leaves the old file or the new one, never half of one.
 *
 * Start-up checks every file (so a damaged one stops it) and indexes publisher IDs, but keeps no tenant
 * in memory: a tenant is loaded on first use, and only the most recently used ones stay loaded.
 */
export class LowdbStore implements Store {
  readonly kind = 'lowdb';
  /** Tenants in memory, least recently used first. */
  readonly #cache = new Map<string, TenantDb>();
  readonly #loading = new Map<string, Promise<void>>();
  /** Tenants that have (or may have) a file: a read of any other tenant needs no disk access. */
  readonly #onDisk = new Set<string>();
  /** Publisher ID -> tenant, across every tenant, loaded or not. */
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
  /** Per tenant, what its last check found; written out after start-up and on close. */
  readonly #checked = new Map<string, CheckedTenant>();
  /** Whether #checked holds anything the file does not. */
  #checkedChanged = false;
  readonly #tenantDir: string;
  readonly #checkedPath: string;
  readonly #lockPath: string;
  #unlock: () => void = () => undefined;
  readonly #cachedTenants: number;
  #closed = false;

  private constructor(
    private readonly catalogPath: string,
    options: LowdbStoreOptions,
  ) {
    const base = join(dirname(catalogPath), basename(catalogPath, '.json'));
    this.#tenantDir = `${base}.tenants`;
    this.#checkedPath = `${base}.checked.json`;
    this.#lockPath = `${base}.lock`;
    this.#cachedTenants = options.cachedTenants ?? tenantsThatFit();
  }

  /** Opens the store, creating it if missing; refuses a file it cannot read or trust, and leaves it untouched. */
  static async open(catalogPath: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
    const store = new LowdbStore(catalogPath, options);
    await ensureDir(dirname(catalogPath));
    // Before anything is read: loading may cut and rewrite files, which must be this process's alone.
    store.#unlock = lockStore(catalogPath, store.#lockPath);
    try {
      await store.#openCatalog();
      await store.#checkTenants();
    } catch (error) {
      store.#unlock();
      throw error;
    }
    return store;
  }

  async #openCatalog(): Promise<void> {
    await ensureDir(this.#tenantDir);
    await checkWritable(this.#tenantDir);
    const catalog = await readValidated(this.catalogPath, catalogFileSchema);
    if (!catalog) {
      const low = new Low<CatalogFile>(jsonFile(this.catalogPath), {
        schemaVersion: SCHEMA_VERSION,
        createdAt: new Date().toISOString(),
      });
      await low.write();
    }
  }

  async #checkTenants(): Promise<void> {
    const files = await readdir(this.#tenantDir);
    const names = files.filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    const tenantFiles = new Set(names);
    const previous = readCheckedIndex(this.#checkedPath);
    const orphans = files.filter((n) => /\.(audit|journal)\.jsonl$/.test(n) && !tenantFiles.has(n.replace(/\.\w+\.jsonl$/, '.json')));
    for (const orphan of orphans) await this.#setAside(orphan, previous);
    let unchanged = previous.size === names.length;
    for (const name of names) {
      const tenantId = basename(name, '.json');
      const checked = this.#checkTenant(tenantId, previous.get(tenantId));
      if (checked) this.#checked.set(tenantId, checked);
      unchanged &&= checked === previous.get(tenantId);
    }
    if (!unchanged) await writeCheckedIndex(this.#checkedPath, this.#checked);
  }

  /**
   * An audit log or journal without its tenant file is from a first write that never finished: its lines
   * were never answered, and the next first write must start without them. They are kept beside, under
   * another name, in case they are something else. A tenant the index knows had a file, so that file was
   * lost or moved: start-up stops rather than start the organization afresh.
   */
  async #setAside(orphan: string, previous: ReadonlyMap<string, CheckedTenant>): Promise<void> {
    const path = join(this.#tenantDir, orphan);
    const tenantPath = path.replace(/\.\w+\.jsonl$/, '.json');
    if (previous.has(basename(tenantPath, '.json'))) {
      throw new StoreOpenError(tenantPath, `is missing, but ${orphan} is there: put the file back, or move ${orphan} away to start this organization afresh`);
    }
    if ((await stat(path)).size > 0) await rename(path, `${path}.orphaned-${Date.now()}`);
  }

  /**
   * Validates a tenant's files, unless they are exactly as an earlier check found them, and indexes its
   * publisher ID; its data is dropped until the tenant is used.
   */
  #checkTenant(tenantId: string, previous: CheckedTenant | undefined): CheckedTenant | undefined {
    const path = this.#tenantPath(tenantId);
    const file = fileSignature(path);
    if (!file) return undefined;
    const journal = fileSignature(this.#journalPath(tenantId));
    let checked: CheckedTenant;
    const audit = fileSignature(this.#auditPath(tenantId));
    if (previous?.file === file && previous.journal === journal && previous.audit === audit) {
      checked = previous;
    } else {
      const saved = readValidatedNow(path, tenantFileSchema);
      if (!saved) return undefined;
      checkOwner(path, tenantId, saved);
      const auditText = readLinesNow(this.#auditPath(tenantId));
      const { data } = Journal.check(this.#journalPath(tenantId), saved, auditLines(this.#auditPath(tenantId), auditText));
      const auditBytes = AuditLog.check(this.#auditPath(tenantId), auditText, data.auditCount);
      // Signed after the check, which may have cut off a torn last line.
      checked = {
        file,
        journal: fileSignature(this.#journalPath(tenantId)),
        auditBytes,
        audit: fileSignature(this.#auditPath(tenantId)),
        publisherId: data.profile.values?.publisherId,
      };
    }
    const { publisherId } = checked;
    if (publisherId) {
      const holder = this.#publisherIds.get(publisherId);
      if (holder) throw new StoreOpenError(path, `uses publisher ID ${publisherId}, which tenant ${holder} uses too`);
      this.#publisherIds.set(publisherId, tenantId);
    }
    this.#onDisk.add(tenantId);
    return checked;
  }

  /**
   * Brings a tenant's entry in the checked index up to date with what this process wrote. A tenant file
   * no longer as this process wrote it (or start-up checked it) was changed from outside while the store
   * ran: its entry is dropped, so the next start-up checks it.
   */
  #recordChecked(tenantId: string, db: TenantDb): void {
    const written = db.written;
    const file = written && fileSignature(this.#tenantPath(tenantId));
    if (!written || !file) return;
    if (file !== (written.file ? signature(written.file) : this.#checked.get(tenantId)?.file)) {
      if (this.#checked.delete(tenantId)) this.#checkedChanged = true;
      return;
    }
    const journal = fileSignature(this.#journalPath(tenantId));
    const audit = fileSignature(this.#auditPath(tenantId));
    this.#checked.set(tenantId, { file, journal, auditBytes: written.auditBytes, audit, publisherId: written.data.profile.values?.publisherId });
    this.#checkedChanged = true;
  }

  async read<T>(tenantId: string, work: (tenant: TenantReader) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    if (!this.#cache.has(tenantId) && !this.#onDisk.has(tenantId)) {
      return work(new TenantSession(emptyTenantFile(tenantId), noHistory, this.#index.holderOf));
    }
    return this.#using(tenantId, (db) => work(db.read()));
  }

  async write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T> {
    checkTenantId(tenantId);
    if (this.#closed) throw new Error('The store is closed');
    return this.#using(tenantId, (db) => db.write(work));
  }

  async healthy(): Promise<boolean> {
    // A tenant whose flush failed refuses writes until a restart: a supervisor watching health restarts it.
    return !this.#closed && ![...this.#cache.values()].some((db) => db.failed);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(this.#loading.values());
    await Promise.all([...this.#cache.values()].map((db) => db.settled()));
    for (const [tenantId, db] of this.#cache) {
      this.#recordChecked(tenantId, db);
      db.close();
    }
    if (this.#checkedChanged) await writeCheckedIndex(this.#checkedPath, this.#checked);
    this.#unlock();
  }

  /**
   * Runs `use` on the tenant's one TenantDb, loading it first if needed. `use` starts in the same
   * synchronous step as the cache look-up, so a tenant is never dropped between the two (only idle
   * ones are), and two TenantDbs for one file never exist at once.
   */
  async #using<T>(tenantId: string, use: (db: TenantDb) => Promise<T>): Promise<T> {
    for (;;) {
      const db = this.#cache.get(tenantId);
      if (db) {
        this.#cache.delete(tenantId);
        this.#cache.set(tenantId, db);
        return use(db);
      }
      await this.#load(tenantId);
    }
  }

  #load(tenantId: string): Promise<void> {
    let loading = this.#loading.get(tenantId);
    if (!loading) {
      loading = this.#loadTenant(tenantId).finally(() => this.#loading.delete(tenantId));
      this.#loading.set(tenantId, loading);
    }
    return loading;
  }

  async #loadTenant(tenantId: string): Promise<void> {
    const path = this.#tenantPath(tenantId);
    const auditPath = this.#auditPath(tenantId);
    const journalPath = this.#journalPath(tenantId);
    const saved = this.#onDisk.has(tenantId) ? await this.#readTenantFile(tenantId) : undefined;
    let journal = Journal.empty(journalPath);
    let data = emptyTenantFile(tenantId);
    let log = AuditLog.empty(auditPath);
    if (saved) {
      const auditBytes = await readBytes(auditPath);
      ({ journal, data } = await Journal.open(journalPath, saved, auditLines(auditPath, auditBytes)));
      log = await AuditLog.open(auditPath, auditBytes, data.auditCount);
    }
    const fileBytes = saved ? statSync(path).size : undefined;
    this.#onDisk.add(tenantId);
    this.#cache.set(tenantId, new TenantDb(new DurableJsonFile(path), data, fileBytes, journal, log, this.#index));
    this.#dropIdleTenants(tenantId);
  }

  /** Keeps the cache to its size by dropping the least recently used tenants that have nothing in flight. */
  #dropIdleTenants(keep: string): void {
    let excess = this.#cache.size - this.#cachedTenants;
    for (const [tenantId, db] of this.#cache) {
      if (excess <= 0) return;
      if (db.idle && tenantId !== keep) {
        this.#recordChecked(tenantId, db);
        this.#cache.delete(tenantId);
        db.close();
        excess -= 1;
      }
    }
  }

  async #readTenantFile(tenantId: string): Promise<TenantFile | undefined> {
    const path = this.#tenantPath(tenantId);
    const data = await readValidated(path, tenantFileSchema);
    if (data) checkOwner(path, tenantId, data);
    return data;
  }

  #tenantPath(tenantId: string): string {
    return join(this.#tenantDir, `${tenantId}.json`);
  }

  #auditPath(tenantId: string): string {
    return join(this.#tenantDir, `${tenantId}.audit.jsonl`);
  }

  #journalPath(tenantId: string): string {
    return join(this.#tenantDir, `${tenantId}.journal.jsonl`);
  }
}

/** How many events an audit log holds; undefined when there is no log at all. */
const auditLines = (path: string, content: string | Buffer) => (existsSync(path) ? completeLines(content) : undefined);

function checkOwner(path: string, tenantId: string, data: TenantFile): void {
  if (data.tenantId !== tenantId) throw new StoreOpenError(path, `holds tenant ${data.tenantId}, but its name says ${tenantId}`);
}

/** A store the bot cannot write to would start, then fail every write: it stops start-up instead. */
async function checkWritable(folder: string): Promise<void> {
  const probe = join(folder, `.write-check-${process.pid}`);
  try {
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    throw new StoreOpenError(folder, `cannot be written (${(error as Error).message})`);
  }
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
    throw unreadable(path, error);
  }
  return raw === null ? undefined : validated(path, raw, schema);
}

/**
 * readValidated for start-up, which reads every tenant's files before the server listens: synchronous
 * reads of thousands of small files take a fraction of the time promise-based ones do, and no turn is
 * waiting yet.
 */
function readValidatedNow<S extends z.ZodType>(path: string, schema: S): z.infer<S> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(path, error);
  }
  return validated(path, raw, schema);
}

function unreadable(path: string, error: unknown): StoreOpenError {
  return new StoreOpenError(path, error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message);
}

function validated<S extends z.ZodType>(path: string, raw: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new StoreOpenError(path, describeInvalid(parsed.error));
  return parsed.data;
}
