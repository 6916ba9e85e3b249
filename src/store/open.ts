import type { Config } from '../config.js';
import { LowdbStore } from './lowdb/lowdb-store.js';
import type { Store } from './store.js';

/** The embedded lowdb store unless a database is configured. */
export async function openStore(config: Pick<Config, 'storageFile' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but this build has no PostgreSQL store yet; unset it to use lowdb');
  }
  return LowdbStore.open(config.storageFile);
}
