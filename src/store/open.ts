import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { LowdbStore } from './lowdb/lowdb-store.js';
import type { Store } from './store.js';

/** The embedded lowdb store unless a database is configured. */
export async function openStore(config: Pick<Config, 'storageFile' | 'databaseUrl'>, log: Logger): Promise<Store> {
  if (config.databaseUrl) {
    // Loaded only when used: the driver adds to every start-up of the embedded store otherwise.
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open(config.databaseUrl, log);
  }
  return LowdbStore.open(config.storageFile);
}
