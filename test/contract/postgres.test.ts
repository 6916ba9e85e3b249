import { afterAll, afterEach, beforeEach, describe } from '@jest/globals';
import { createLogger } from '../../src/log.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../helpers/postgres.js';
import { describeExactlyOnce, describeStoreContract } from './store-contract.js';

const log = createLogger('silent');

describeWithPostgres('postgres', () => {
  const databases: TestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return database.url;
  };
  afterAll(() => Promise.all(databases.map((d) => d.drop())));

  describeStoreContract('postgres', () => {
    const url = freshDatabase();
    return { open: async () => PostgresStore.open(await url, log), reopen: async () => PostgresStore.open(await url, log) };
  });

  // Two instances on one database, as two bot processes behind a load balancer.
  describe('postgres store shared by two instances', () => {
    let instances: Store[] = [];
    beforeEach(async () => {
      const url = await freshDatabase();
      instances = await Promise.all([PostgresStore.open(url, log), PostgresStore.open(url, log)]);
    });
    afterEach(() => Promise.all(instances.map((s) => s.close())));

    describeExactlyOnce(() => instances);
  });
});
