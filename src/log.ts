import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string): Logger {
  // Written synchronously, as Node writes its own stdout to pipes and files. pino's asynchronous default
  // flushes at exit, and that flush retries for ever a line it cannot write: a bot whose log reader has
  // gone (a closed pipe) would never finish stopping. A synchronous write meets the closed pipe at once,
  // and pino then drops the lines that follow.
  return pino({ level, base: { app: 'publisher-desk' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ dest: 1, sync: true }));
}
