import pg from 'pg';
import type { Logger } from '../../log.js';

/** Connections per process; every instance of the bot opens its own pool. */
const POOL_SIZE = 10;

// Limits on waiting for the database: a lock held elsewhere or a connection the network dropped silently
// fails the turn (with the error card) instead of holding it, and the turns queued behind it, for ever.
// Teams gives up on a turn after about 15 s.
/** Far beyond what any statement of this store needs. */
const STATEMENT_TIMEOUT_MS = 5_000;
/** Below the statement's limit, so that a wait for another instance's write is reported as a lock. */
const LOCK_TIMEOUT_MS = 4_000;
/** A transaction left open by a process that stopped talking gives its locks back. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;
/** So TCP finds a dead peer of a quiet connection (the system's default waits 2 hours). */
const KEEPALIVE_DELAY_MS = 10_000;

/** Limits kept on this side, for when the database cannot answer at all; tests shorten them. */
export interface ClientTimeouts {
  /** A connection, new or free in the pool (start-up, or a turn while the database is away). */
  readonly connectMs: number;
  /** A query's answer: beyond the database's own limits, which say why when they can. */
  readonly queryMs: number;
}
export const CLIENT_TIMEOUTS: ClientTimeouts = { connectMs: 10_000, queryMs: 10_000 };

/** A pool of connections to DATABASE_URL. Nothing is connected until the first query. */
export function createPool(url: string, log: Logger, timeouts: ClientTimeouts): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.queryMs,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    lock_timeout: LOCK_TIMEOUT_MS,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    application_name: 'publisher-desk',
  });
  // An idle connection the server closed (a restart, a failover) is dropped by the pool and replaced on
  // the next query; without a listener the event would end the process.
  pool.on('error', (error) => log.warn({ reason: error.message }, 'lost an idle database connection'));
  return pool;
}

/** Whether a query failed on queryMs, pg's own limit: its connection is then still waiting for the answer. */
export const queryTimedOut = (error: unknown) => error instanceof Error && error.message === 'Query read timeout';

/** The URL as it may be shown in a message or a log: without its password. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  // The query string may carry one too, as in libpq's URLs (sslpassword unlocks the client key).
  parsed.search = parsed.search.replace(/([?&](?:ssl)?password=)[^&]*/g, '$1***');
  return parsed.toString();
}

interface ConnectionFailure {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  message?: string;
  errors?: ConnectionFailure[];
}

/** One line a person setting DATABASE_URL can act on, for why the database cannot be used. */
export function describeConnectionError(error: unknown, connectMs: number): string {
  const failure = error as ConnectionFailure;
  // Node reports each address it tried (IPv4 and IPv6 of "localhost", say) inside an AggregateError.
  const first = failure.errors?.[0] ?? failure;
  switch (first.code) {
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${first.address}:${first.port} (is PostgreSQL running there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host ${first.hostname} is not known`;
    case 'ETIMEDOUT':
      return `no answer from ${first.address}:${first.port}`;
  }
  const message = String(first.message ?? error).split('\n')[0]!;
  // pg's own words for a connection that did not come in time; a statement's timeout is told as the database says it.
  if (/connect.*timeout|timeout.*connect/i.test(message)) return `no connection within ${connectMs / 1000} s (${message})`;
  return message;
}
