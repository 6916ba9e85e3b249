import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('lowdb', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pd-contract-')), 'desk.json');
  return { open: () => LowdbStore.open(file), reopen: () => LowdbStore.open(file) };
});
