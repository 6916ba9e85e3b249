import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { ActivityCalls } from './bot/activity-calls.js';
import { actions } from './bot/actions/index.js';
import { createEndpoint, type CredentialsFactory } from './bot/adapter.js';
import { PublisherDeskBot } from './bot/bot.js';
import { commands } from './bot/commands/index.js';
import { ExpiryWatch } from './bot/expiry-watch.js';
import { invitationDecider } from './bot/invitation-flow.js';
import { Notifier } from './bot/notify.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';
import { registerTab } from './tab/routes.js';

export interface App {
  readonly url: string;
  readonly store: Store;
  /** Stops accepting requests, lets turns in flight finish, then flushes and closes the store. */
  close(): Promise<void>;
}

export interface AppOptions {
  readonly now?: () => Date;
  /** Instead of fetching Microsoft Entra ID tokens for the app ID (tests that call a local connector). */
  readonly credentials?: CredentialsFactory;
  /** How long a history download may go without the client taking any of it (default 60 s). */
  readonly downloadIdleMs?: number;
}

/** A Bot Framework activity is small; this leaves room for big cards' data, and refuses floods with 413. */
const MAX_BODY_BYTES = 256 * 1024;
/** How long an idle connection stays open: longer than the idle limits of callers and load balancers (60 s). */
const KEEP_ALIVE_MS = 65_000;
/**
 * How long a stop waits for requests in flight: turns take milliseconds, but a client that stopped sending
 * half-way through a request would hold the stop until Node's own timeouts, minutes later.
 */
const STOP_GRACE_MS = 10_000;
/** A history download the client stopped taking is cut after this, which gives the person's export slot back. */
const DOWNLOAD_IDLE_MS = 60_000;
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function startApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  const store = await openStore(config, log);
  const endpoint = createEndpoint(config, log, options.credentials);
  const now = options.now ?? (() => new Date());
  const calls = new ActivityCalls();
  const notify = new Notifier(endpoint.proactiveConnectors(config.auth?.appId ?? ''), calls, store, log, now);
  const expiry = new ExpiryWatch();
  const bot = new PublisherDeskBot({ store, config, log, now, commands, actions, notify, expiry, calls });

  const server = restify.createServer({ name: 'publisher-desk', handleUncaughtExceptions: false });
  // Callers keep connections open between requests. Node closes an idle one after 5 s by default, which can
  // cut off a request the caller is already sending on it; waiting longer than callers' own idle limits
  // leaves the closing to them.
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 1000;
  // JSON only: the Bot Framework sends nothing else, and restify's form, multipart and CSV parsers answer
  // some malformed bodies with a 500 (multipart would also write uploads to disk).
  server.use(restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }));
  server.use(restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }));

  // Every request, whatever its route, so a stop waits for tab requests as well as turns.
  const inFlight = new Set<restify.Response>();
  let drained: (() => void) | undefined;
  let stopping = false;
  // While stopping, an answer closes its connection, which keep-alive would otherwise hold open.
  const closeAfterAnswer = (res: restify.Response) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  server.pre((_req, res, next) => {
    if (stopping) closeAfterAnswer(res);
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
    return next();
  });

  // Before any body is read: restify would inflate a compressed one past the size limit (which counts the
  // compressed bytes), and a corrupt one would throw where nothing catches it. Teams never compresses.
  server.pre((req, _res, next) => {
    const encoding = req.header('content-encoding', 'identity').trim().toLowerCase();
    if (encoding === 'identity') return next();
    const message = `Compressed request bodies are not accepted (Content-Encoding: ${encoding.slice(0, 40)})`;
    return next(Object.assign(new Error(message), { statusCode: 415, toJSON: () => ({ code: 'UnsupportedMediaType', message }) }));
  });

  server.post('/api/messages', async (req, res) => {
    try {
      const auth = req.header('authorization') ?? '';
      const { status, body } = await endpoint.handle(req.body, auth, (context) => bot.run(context));
      res.send(status, body);
    } catch (error) {
      log.error({ err: error }, 'request failed');
      res.send(500, { error: 'The request could not be processed' });
    }
  });

  registerTab(server, {
    config,
    store,
    log,
    now,
    decide: invitationDecider({ store, notify, now, log }),
    downloadIdleMs: options.downloadIdleMs ?? DOWNLOAD_IDLE_MS,
  });

  const health = async (_req: restify.Request, res: restify.Response) => {
    const storageOk = await store.healthy().catch(() => false);
    res.send(storageOk ? 200 : 503, { status: storageOk ? 'ok' : 'degraded', version: VERSION, storage: { kind: store.kind, ok: storageOk } });
  };
  server.get('/healthz', health);
  // Some probes ask with HEAD (Azure Front Door's by default): restify would answer it 405, an unhealthy instance.
  server.head('/healthz', health);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    // Bound to every address, it is reached here through the loopback one.
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${port}`,
    store,
    async close() {
      stopping = true;
      inFlight.forEach(closeAfterAnswer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight.size > 0) {
        const cut = setTimeout(() => server.server.closeAllConnections(), STOP_GRACE_MS);
        await new Promise<void>((resolve) => (drained = resolve));
        clearTimeout(cut);
      }
      server.server.closeIdleConnections();
      await closed;
      await expiry.idle();
      await calls.close();
      await store.close();
    },
  };
}
