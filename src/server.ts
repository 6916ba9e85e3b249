import 'dotenv/config';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { StoreOpenError } from './store/store.js';

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
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // Announced only once the signals are handled: a supervisor may send SIGTERM as soon as it reads this.
  log.info({ url: app.url, storage: app.store.kind }, `Publisher Desk listening on ${app.url}`);
} catch (error) {
  if (error instanceof StoreOpenError) {
    console.error(error.message);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${config.port} on ${config.host} is already in use: set PORT to a free one`);
    process.exit(1);
  }
  throw error;
}
