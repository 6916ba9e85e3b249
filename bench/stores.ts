import { copyFile, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createLogger } from '../src/log.js';
import { LowdbStore } from '../src/store/lowdb/lowdb-store.js';
import { SCHEMA_VERSION } from '../src/store/lowdb/schema.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { benchTenantId, LARGE, lastBackgroundTenant, seedBackground, seedBenchTenant } from './fixture.js';

export type StoreSize = 'one tenant' | 'large';

/** Changes whenever the generated data or its layout changes, so a cached store from an older fixture is not reused. */
const FIXTURE_VERSION = 2;

/** Where a product process keeps its data, and how the organization under load is put back before each run. */
export interface BenchStore {
  readonly backend: 'lowdb' | 'postgres';
  readonly size: StoreSize;
  readonly env: Record<string, string>;
  /**
   * Puts the organization under load in its starting state, with that many pending invitations (only
   * the approvals get a pool: invitations make every write of the organization bigger), while no
   * product runs; returns its tenant ID.
   */
  reset(pendingInvitations: number): Promise<string>;
  close(): Promise<void>;
}

export interface BenchTenantSpec {
  readonly serviceUrl: string;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * lowdb: the organization under load is made once per benchmark through the store, and its files
 * (tenant file, journal and audit log) are copied into the product's store before each run. The large store's
 * other 10,000 organizations are generated once and cached in bench/.cache.
 */
export async function lowdbStores(spec: BenchTenantSpec): Promise<{ stores: (size: StoreSize) => Promise<BenchStore>; close(): Promise<void> }> {
  const scratch = await mkdtemp(join(tmpdir(), 'publisher-desk-bench-'));
  const tenantId = benchTenantId();
  const benchFiles = [`${tenantId}.json`, `${tenantId}.journal.jsonl`, `${tenantId}.audit.jsonl`];
  /** The organization's files as made through the store, per pool size. */
  const templates = new Map<number, Promise<string>>();
  const template = (pending: number) => {
    if (!templates.has(pending)) {
      const catalog = join(scratch, `template-${pending}`, 'desk.json');
      templates.set(pending, (async () => {
        const store = await LowdbStore.open(catalog);
        await seedBenchTenant(store, tenantId, spec.serviceUrl, pending);
        await store.close();
        return catalog.replace(/\.json$/, '.tenants');
      })());
    }
    return templates.get(pending)!;
  };

  const storeAt = (catalog: string, size: StoreSize, cleanUp: () => Promise<void>): BenchStore => {
    const tenants = catalog.replace(/\.json$/, '.tenants');
    return {
      backend: 'lowdb',
      size,
      env: { STORAGE_FILE: catalog },
      async reset(pending) {
        const from = await template(pending);
        await mkdir(tenants, { recursive: true });
        for (const name of benchFiles) {
          // A journal exists only once a write has followed the first.
          if (await exists(join(from, name))) await copyFile(join(from, name), join(tenants, name));
          else await rm(join(tenants, name), { force: true });
        }
        return tenantId;
      },
      close: cleanUp,
    };
  };

  return {
    async stores(size) {
      if (size === 'one tenant') return storeAt(join(scratch, 'one', 'desk.json'), size, async () => undefined);
      const catalog = await cachedLargeLowdb();
      const tenants = catalog.replace(/\.json$/, '.tenants');
      // The cache keeps only the generated organizations.
      return storeAt(catalog, size, async () => {
        for (const name of benchFiles) await rm(join(tenants, name), { force: true });
      });
    },
    close: () => rm(scratch, { recursive: true, force: true }),
  };
}

async function cachedLargeLowdb(): Promise<string> {
  const dir = join('bench', '.cache', `lowdb-schema${SCHEMA_VERSION}-fixture${FIXTURE_VERSION}`);
  const catalog = join(dir, 'desk.json');
  if (await exists(join(dir, 'desk.tenants', `${lastBackgroundTenant(LARGE)}.json`))) return catalog;
  log(`Generating the large lowdb store (${LARGE.tenants} organizations) once, into ${dir} ...`);
  const started = performance.now();
  const building = `${dir}.partial`;
  await rm(building, { recursive: true, force: true });
  const store = await LowdbStore.open(join(building, 'desk.json'));
  await seedBackground(store, LARGE);
  await store.close();
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
  log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return catalog;
}

/**
 * PostgreSQL: two databases beside the one DATABASE_URL names, `<name>_bench_one` (made afresh before
 * each run) and `<name>_bench_large` (filled once). The organization under load is made through the
 * store before each run, under a new tenant ID.
 */
export async function postgresStores(databaseUrl: string, spec: BenchTenantSpec): Promise<{ stores: (size: StoreSize) => Promise<BenchStore>; close(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const base = new URL(databaseUrl);
  const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const baseName = decodeURIComponent(base.pathname.slice(1)) || 'postgres';
  const ensure = async (name: string, fresh: boolean) => {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name}"`);
    return urlOf(name);
  };
  let runs = 0;

  const storeAt = (url: string, size: StoreSize, empty?: () => Promise<unknown>): BenchStore => ({
    backend: 'postgres',
    size,
    env: { DATABASE_URL: url },
    async reset(pending) {
      await empty?.();
      const tenantId = benchTenantId(Date.now() * 16 + (runs++ % 16));
      await withStore(url, (store) => seedBenchTenant(store, tenantId, spec.serviceUrl, pending));
      return tenantId;
    },
    close: async () => undefined,
  });

  return {
    async stores(size) {
      const one = `${baseName}_bench_one`;
      if (size === 'one tenant') return storeAt(await ensure(one, true), size, () => ensure(one, true));
      const url = await ensure(`${baseName}_bench_large`, false);
      await withStore(url, async (store) => {
        const done = await store.read(lastBackgroundTenant(LARGE), (t) => t.organization());
        if (done) return;
        log(`Generating the large PostgreSQL store (${LARGE.tenants} organizations) once ...`);
        await seedBackground(store, LARGE);
      });
      return storeAt(url, size);
    },
    close: () => admin.end(),
  };
}

const exists = (path: string) => stat(path).then(() => true, () => false);

async function withStore<T>(databaseUrl: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl, storageFile: 'unused.json' }, createLogger('warn'));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
