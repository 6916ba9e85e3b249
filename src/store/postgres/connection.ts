import pg from 'pg';
import type { Logger } from '../../log.js';

/** How long a new connection may take before the attempt fails (start-up, or a turn while the database is away). */
const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per process; every instance of the bot opens its own pool. */
const POOL_SIZE = 10;

/** A pool of connections to DATABASE_URL. Nothing is connected until the first query. */
export function createPool(url: string, log: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'publisher-desk',
  });
  // An idle connection the server closed (a restart, a failover) is dropped by the pool and replaced on
  // the next query; without a listener the event would end the process.
  pool.on('error', (error) => log.warn({ reason: error.message }, 'lost an idle database connection'));
  return pool;
}

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
export function describeConnectionError(error: unknown): string {
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
  if (/timeout/i.test(message)) return `no connection within ${CONNECT_TIMEOUT_MS / 1000} s (${message})`;
  return message;
}
