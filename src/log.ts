import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'publisher-desk' }, timestamp: pino.stdTimeFunctions.isoTime });
}
