import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App, type AppOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { cardAction, message, type ActivityOptions } from './activities.js';
import { TestConnector } from './connector.js';
import { everyone, type Person } from './people.js';

export interface HttpAnswer {
  readonly status: number;
  readonly body: any;
}

/** What a test does to a bot over HTTP, as one of the people in the tests. */
export interface BotClient {
  /** Sends a message with deliveryMode expectReplies and returns the bot's replies. */
  say(person: Person, text: string, options?: ActivityOptions): Promise<Record<string, any>[]>;
  /** Clicks an Action.Execute button and returns the HTTP answer (the invoke response). */
  click(
    person: Person,
    verb: string,
    data?: unknown,
    options?: ActivityOptions & { trigger?: 'manual' | 'automatic' },
  ): Promise<HttpAnswer>;
  post(body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
}

export interface TestBot extends BotClient {
  readonly url: string;
  readonly connector: TestConnector;
  readonly storageFile: string;
  readonly app: App;
  /** Stops the server and starts it again on the same store, as a redeploy would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestBotOptions {
  readonly env?: Record<string, string>;
  readonly now?: () => Date;
  readonly people?: readonly Person[];
  /** Reuse a store folder (from another test bot) instead of a fresh temporary one. */
  readonly storageFile?: string;
  /** With MicrosoftAppId set: the credentials the bot calls the connector with. */
  readonly credentials?: AppOptions['credentials'];
  readonly downloadIdleMs?: number;
}

/** The real server, on a free port, with its own lowdb files and a local connector. */
export async function startBot(options: TestBotOptions = {}): Promise<TestBot> {
  const dir = options.storageFile ? undefined : await mkdtemp(join(tmpdir(), 'publisher-desk-'));
  const storageFile = options.storageFile ?? join(dir!, 'publisher-desk.json');
  const connector = await TestConnector.start(options.people ?? everyone);
  const config = loadConfig({
    PORT: '0',
    STORAGE_FILE: storageFile,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ...options.env,
  });
  const log = createLogger(config.logLevel);
  const start = () => startApp(config, log, { now: options.now, credentials: options.credentials, downloadIdleMs: options.downloadIdleMs });
  let app = await start();

  return {
    get url() {
      return app.url;
    },
    get app() {
      return app;
    },
    connector,
    storageFile,
    ...botClient(() => app.url, connector),
    async restart() {
      await app.close();
      app = await start();
    },
    async close() {
      await app.close();
      await connector.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Talks to the bot at url() over HTTP; the activities name the connector as their serviceUrl. */
export function botClient(url: () => string, connector: TestConnector): BotClient {
  const post = async (body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> => {
    const res = await fetch(`${url()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? safeJson(text) : undefined };
  };
  return {
    post,
    async say(person, text, activityOptions) {
      const answer = await post(message(person, text, connector.url, activityOptions));
      if (answer.status !== 200) throw new Error(`say "${text}" got HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
      return (answer.body?.activities ?? []) as Record<string, any>[];
    },
    click(person, verb, data = {}, activityOptions) {
      return post(cardAction(person, verb, data, connector.url, activityOptions));
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
