import { afterEach, beforeEach, expect, it } from '@jest/globals';
import pg from 'pg';
import { cardAction, groupChat, message } from '../helpers/activities.js';
import { cardsOf, textOf } from '../helpers/cards.js';
import { TestConnector } from '../helpers/connector.js';
import { CONTOSO, olivia } from '../helpers/people.js';
import { closedPort, createTestDatabase, describeWithPostgres, type TestDatabase } from '../helpers/postgres.js';
import { killServers, spawnServer } from '../helpers/process.js';

// Each test starts bot processes, which takes a few seconds, much longer on a busy machine.
const PROCESS_TEST_MS = 120_000;

describeWithPostgres('the server process on PostgreSQL', () => {
  let database: TestDatabase;
  let connector: TestConnector;
  beforeEach(async () => {
    database = await createTestDatabase();
    connector = await TestConnector.start([olivia]);
  });
  afterEach(async () => {
    killServers();
    await connector.close();
    await database.drop();
  });

  it('stops with exit code 1 and one line, no stack trace, when the database refuses it or is not there', async () => {
    const port = await closedPort();
    const cases: [string, string][] = [
      [database.wrongPasswordUrl, 'password authentication failed for user "postgres"'],
      [`postgres://desk:secret@127.0.0.1:${port}/desk`, `nothing accepts connections at 127.0.0.1:${port} (is PostgreSQL running there?)`],
    ];
    // Logging silenced, so all the output is what start-up printed on its way out.
    const servers = cases.map(([url]) => spawnServer({ PORT: '0', DATABASE_URL: url, LOG_LEVEL: 'silent' }));
    expect(await Promise.all(servers.map((s) => s.exited()))).toEqual([1, 1]);
    for (const [i, [, reason]] of cases.entries()) {
      const lines = servers[i]!.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Cannot open the store at postgres:\/\/\S+: /);
      expect(lines[0]).toContain(reason);
      expect(lines[0]).not.toContain('secret');
    }
  }, PROCESS_TEST_MS);

  it('answers turns with the error card while the database is away, stays up, and recovers when it returns', async () => {
    const server = spawnServer({ PORT: '0', DATABASE_URL: database.url });
    const url = await server.listening(PROCESS_TEST_MS);
    const post = async (activity: unknown) => {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const say = async (text: string) => {
      const answer = await post(message(olivia, text, connector.url));
      expect(answer.status).toBe(200);
      return textOf(cardsOf(answer.body['activities'])[0]);
    };
    const health = async () => {
      const res = await fetch(`${url}/healthz`);
      return { status: res.status, body: await res.json() };
    };

    expect(await say('setup')).toContain('Publisher Desk is set up');
    await database.takeOffline();

    expect(await health()).toMatchObject({ status: 503, body: { status: 'degraded', storage: { kind: 'postgres', ok: false } } });
    expect(await say('whoami')).toMatch(/Something went wrong[\s\S]*[0-9a-f]{8}/);
    const click = await post(cardAction(olivia, 'command.run', { command: 'whoami' }, connector.url));
    expect(click).toMatchObject({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message' } });
    expect(click.body['value']).toMatch(/[0-9a-f]{8}/);
    expect(server.child.exitCode).toBeNull();

    await database.bringOnline();
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', storage: { kind: 'postgres', ok: true } } });
    expect(await say('whoami')).toContain('You are an **Owner**');

    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
    expect(server.output()).not.toMatch(/\n\s+at /);
  }, PROCESS_TEST_MS);

  it("answers a turn that must write with the error card, within seconds, while another connection holds the organization's row", async () => {
    const server = spawnServer({ PORT: '0', DATABASE_URL: database.url });
    const url = await server.listening(PROCESS_TEST_MS);
    let chats = 0;
    const say = async (text: string) => {
      const started = performance.now();
      // Each turn in a new group chat, which the bot writes down: so every turn writes.
      const conversation = groupChat(`19:chat-${++chats}@thread.v2`);
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message(olivia, text, connector.url, { conversation })),
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await res.json()) as Record<string, any>;
      return { status: res.status, text: textOf(cardsOf(body['activities'])[0]), ms: performance.now() - started };
    };
    expect((await say('setup')).text).toContain('Publisher Desk is set up');

    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM tenants WHERE tenant_id = $1 FOR UPDATE', [CONTOSO]);
      const answer = await say('whoami');
      expect(answer).toMatchObject({ status: 200, text: expect.stringMatching(/Something went wrong[\s\S]*[0-9a-f]{8}/) });
      expect(answer.ms).toBeLessThan(8_000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect((await say('whoami')).text).toContain('You are an **Owner**');
    expect(server.child.exitCode).toBeNull();
  }, PROCESS_TEST_MS);
});
