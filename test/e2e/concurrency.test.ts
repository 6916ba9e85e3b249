import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { wordsOf } from '../helpers/cards.js';
import { somebody, type Person } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';

const TENANTS = Array.from({ length: 20 }, (_, i) => `e${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`);

describe('200 concurrent write turns from 20 tenants', () => {
  let bot: TestBot;
  const people: Person[] = TENANTS.flatMap((tenantId, t) => Array.from({ length: 10 }, (_, i) => somebody(t * 10 + i, tenantId)));
  beforeAll(async () => {
    bot = await startBot({ people });
  });
  afterAll(() => bot.close());

  it('loses no update and leaves every file valid', async () => {
    // Each person's first turn writes: their email and chat are recorded, and one per tenant sets it up.
    const replies = await Promise.all(people.map((p, i) => bot.say(p, i % 10 === 0 ? 'setup' : 'whoami')));
    expect(replies.every((r) => r.length > 0)).toBe(true);
    expect(wordsOf(replies.flat())).not.toContain('Something went wrong');

    const check = async (store: { read: LowdbStore['read'] }) => {
      for (const [t, tenantId] of TENANTS.entries()) {
        const mine = people.slice(t * 10, t * 10 + 10);
        const data = await store.read(tenantId, async (x) => ({
          users: await Promise.all(mine.map((p) => x.user(p.aadObjectId))),
          members: await x.members(),
          audit: await x.auditEvents({ offset: 0, limit: 50 }),
        }));
        expect(data.users.map((u) => u?.email)).toEqual(mine.map((p) => p.email));
        expect(data.members.map((m) => m.email)).toEqual([mine[0]!.email]);
        expect(data.audit.total).toBe(1);
      }
    };
    await check(bot.app.store);

    const folder = join(dirname(bot.storageFile), 'publisher-desk.tenants');
    const files = (await readdir(folder)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(20);
    await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(folder, f), 'utf8'))));

    // The files alone, loaded by another store with full validation once the bot has stopped, hold everything.
    await bot.app.close();
    const reopened = await LowdbStore.open(bot.storageFile);
    await check(reopened);
    await reopened.close();
    // About 3 s on an idle machine; the margin is for a busy one, since this checks correctness, not speed.
  }, 120_000);
});
