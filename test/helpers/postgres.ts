// Tests that need PostgreSQL get it from TEST_DATABASE_URL: an admin URL of a throwaway cluster (`.ci/test-postgres
// start` makes one). Each test database is created here, fresh, and dropped after.
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import { describe, it } from '@jest/globals';
import pg from 'pg';

const SETTING = 'TEST_DATABASE_URL';
const adminUrl = process.env[SETTING];

/**
 * `describe` for tests that need PostgreSQL. Without TEST_DATABASE_URL they are skipped with a message,
 * except in CI (CI=true), where a missing database is a failure: CI never skips them silently.
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (adminUrl) return describe(name, body);
  if (process.env['CI'] === 'true') {
    return describe(name, () => {
      it('has a PostgreSQL server to test against', () => {
        throw new Error(`${SETTING} is not set: in CI the PostgreSQL tests must run (.ci/run starts a cluster for them)`);
      });
    });
  }
  console.warn(`Skipping "${name}": set ${SETTING} to an admin URL of a throwaway PostgreSQL cluster (.ci/test-postgres start makes one)`);
  describe.skip(name, body);
}

/** Runs one statement on the cluster as its admin. */
async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** A URL of the database, as DATABASE_URL. */
  readonly url: string;
  /** The URL with another password, which the server refuses. */
  readonly wrongPasswordUrl: string;
  query<R extends pg.QueryResultRow = Record<string, any>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** The database goes away: open connections are cut and new ones refused, as while it restarts. */
  takeOffline(): Promise<void>;
  bringOnline(): Promise<void>;
  drop(): Promise<void>;
}

/** A new empty database on the test cluster. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!adminUrl) throw new Error(`${SETTING} is not set`);
  const name = `pd_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const wrong = new URL(url);
  wrong.password = 'not-the-password';
  return {
    url: url.toString(),
    wrongPasswordUrl: wrong.toString(),
    async query(sql, params = []) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async takeOffline() {
      await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    },
    bringOnline: () => asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
    drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A local port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A relay to a database that can fall silent, as a network that drops a connection without a word. */
export interface SilentLink {
  /** The database's URL, through the relay. */
  readonly url: string;
  /** From now on nothing gets through: a connection that carries anything hangs for good, a new one is never answered. */
  silence(): void;
  /** New connections get through again. */
  restore(): void;
  /** Bytes the database has sent through the relay so far. */
  received(): number;
  close(): Promise<void>;
}

export async function silentLink(databaseUrl: string): Promise<SilentLink> {
  const target = new URL(databaseUrl);
  let silent = false;
  let received = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => undefined);
    return socket;
  };
  const server = createServer((client) => {
    track(client);
    if (silent) return void client.resume();
    const upstream = track(connect(Number(target.port), target.hostname));
    let dead = false;
    const relay = (from: Socket, to: Socket) => from.on('data', (bytes) => {
      dead ||= silent;
      if (!dead) to.write(bytes);
    });
    relay(client, upstream);
    relay(upstream, client).on('data', (bytes: Buffer) => void (received += bytes.length));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = new URL(databaseUrl);
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    silence: () => void (silent = true),
    restore: () => void (silent = false),
    received: () => received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
