import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { personalChat } from '../helpers/activities.js';
import { cardOf, textOf } from '../helpers/cards.js';
import { TestConnector } from '../helpers/connector.js';
import { organization } from '../helpers/flows.js';
import { carl, CONTOSO, olivia, oscar } from '../helpers/people.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../helpers/postgres.js';
import { killServers, spawnServer, type ServerProcess } from '../helpers/process.js';
import { botClient, type BotClient } from '../helpers/server.js';
import { createLogger } from '../../src/log.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';

// Two bot processes behind one imaginary load balancer: one database, one Teams connector.
describeWithPostgres('two bot processes on one database', () => {
  let database: TestDatabase;
  let connector: TestConnector;
  let servers: ServerProcess[] = [];
  let bots: BotClient[];
  let store: PostgresStore;
  /** Process A for even turns, process B for odd ones. */
  const through = (i: number) => bots[i % 2]!;

  beforeAll(async () => {
    database = await createTestDatabase();
    connector = await TestConnector.start([olivia, oscar, carl]);
    servers = [0, 1].map(() => spawnServer({ PORT: '0', DATABASE_URL: database.url }));
    const urls = await Promise.all(servers.map((s) => s.listening(60_000)));
    expect(new Set(urls).size).toBe(2);
    bots = urls.map((url) => botClient(() => url, connector));
    await organization(bots[0]!, olivia, [[oscar, 'owner']]);
    await organization(bots[1]!, olivia, [[carl, 'contributor']]);
    store = await PostgresStore.open(database.url, createLogger('silent'));
  }, 120_000);

  // Each step on its own, so a failed start-up still leaves no process, connection or database behind.
  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGTERM');
    const codes = await Promise.all(servers.map((s) => s.exited()));
    killServers();
    await store?.close();
    await connector?.close();
    await database?.drop();
    expect(codes).toEqual([0, 0]);
  });

  it('gives one decision for 20 concurrent approve and reject clicks split across both', async () => {
    await through(1).say(carl, 'invite race@contoso.com as contributor', { delivery: 'normal' });
    const [pending] = await store.read(CONTOSO, (t) => t.invitations({ email: 'race@contoso.com' }));
    expect(pending?.postedIn.length).toBeGreaterThan(1);
    connector.reset();

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        through(i).click(i % 4 < 2 ? olivia : oscar, i % 3 ? 'invite.approve' : 'invite.reject', { invitationId: pending!.id }),
      ),
    );

    const { stored, audit } = await store.read(CONTOSO, async (t) => ({
      stored: await t.invitation(pending!.id),
      audit: await t.auditEvents({ offset: 0, limit: 100 }),
    }));
    expect(['approved', 'rejected']).toContain(stored!.status);
    const decisions = audit.events.filter((e) => e.subject === 'race@contoso.com' && /^invitation\.(approved|rejected)$/.test(e.type));
    expect(decisions.map((e) => e.type)).toEqual([`invitation.${stored!.status}`]);
    // Every click, the winner's and the 19 that came too late, is answered with who decided.
    const decidedBy = `${stored!.status === 'approved' ? 'Approved' : 'Rejected'} by ${stored!.decidedBy!.name}`;
    for (const answer of answers) expect(textOf(cardOf(answer))).toContain(decidedBy);
    // Only the winner announced it: each copy updated once, the requester told once.
    expect(connector.updated).toHaveLength(pending!.postedIn.length);
    expect(connector.sentTo(personalChat(carl).id)).toHaveLength(1);
  });

  it('saves one of two profile forms opened at the same version, and answers the other with the conflict card', async () => {
    const form = (displayName: string) => ({
      version: 0,
      publisherId: 'contoso-apps',
      displayName,
      ownerEmails: 'olivia@contoso.com, oscar@contoso.com',
    });
    const answers = await Promise.all([
      through(0).click(olivia, 'profile.save', form('Contoso Apps')),
      through(1).click(oscar, 'profile.save', form('Contoso Applications')),
    ]);
    const texts = answers.map((a) => textOf(cardOf(a)));
    expect(texts.filter((t) => t.includes('Profile saved (version 1).'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Someone saved the profile first'))).toHaveLength(1);
    const profile = await store.read(CONTOSO, (t) => t.profile());
    expect(profile.version).toBe(1);
    const saved = texts.findIndex((t) => t.includes('Profile saved'));
    expect(profile.values?.displayName).toBe(saved === 0 ? 'Contoso Apps' : 'Contoso Applications');
  });
});
