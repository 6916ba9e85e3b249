import 'dotenv/config';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { StoreOpenError } from './store/store.js';

/** Why the server could not listen, as a line naming the setting to change. */
const LISTEN_PROBLEMS: Readonly<Record<string, (c: Config) => string>> = {
  EADDRINUSE: (c) => `Port ${c.port} on ${c.host} is already in use: set PORT to a free one`,
  EADDRNOTAVAIL: (c) => `${c.host} is not an address of this machine: set HOST to one of its addresses, or to 0.0.0.0 for all of them`,
  EACCES: (c) => `Listening on port ${c.port} needs privileges this process does not have: set PORT to 1024 or above`,
};

// dotenv fills process.env from an optional .env first; real environment variables win.
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  for (const problem of error.problems) console.error(problem);
  process.exit(1);
}

const log = createLogger(config.logLevel);
if (!config.auth) {
  log.warn(
    'MicrosoftAppId is empty: running in local mode. Requests are NOT authenticated; listening on a loopback address only.',
  );
}
if (config.sso && !config.sso.resource) {
  // Teams' single sign-on tokens name api://<PUBLIC_HOST>/<app ID> unless the app asks for v2 tokens.
  log.warn(
    'PUBLIC_HOST is empty: the dashboard tab accepts only tokens whose audience is the bare app ID, which Teams sends only to ' +
      'apps set up for v2 tokens. Set PUBLIC_HOST to the host Teams reaches the tab on.',
  );
}

try {
  // Loaded after the settings are checked, so a bad setting is reported at once.
  const { startApp } = await import('./app.js');
  const app = await startApp(config, log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing turns in flight');
    await app.close();
    log.info('stopped');
    process.exit(0);
  };
  // Every signal is handled, not only the first: a Ctrl-C reaches the bot from the terminal and again from npm,
  // which passes on what it gets, and a second signal left to Node would end the process mid-stop.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Announced only once the signals are handled: a supervisor may send SIGTERM as soon as it reads this.
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const also = everywhere ? ` and on every other address of this machine (HOST=${config.host})` : '';
  log.info({ url: app.url, host: config.host, storage: app.store.kind }, `Publisher Desk listening on ${app.url}${also}`);
} catch (error) {
  if (error instanceof StoreOpenError) {
    console.error(error.message);
    process.exit(1);
  }
  const listenProblem = LISTEN_PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  if (listenProblem) {
    console.error(listenProblem(config));
    process.exit(1);
  }
  throw error;
}
