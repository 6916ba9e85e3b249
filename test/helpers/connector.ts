import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Person } from './people.js';

export interface Recorded {
  readonly conversationId: string;
  readonly activityId?: string;
  /** For a message posted as a reply: the activity it replied to. */
  readonly replyToId?: string;
  readonly activity: Record<string, any>;
  /** The call's Authorization header: the bot's token, or none in local mode. */
  readonly authorization?: string;
}

/**
 * A stand-in for the Teams connector service (the activity's serviceUrl): answers member look-ups from
 * a roster, and records every message the bot sends, every card it updates and every chat it opens.
 */
export class TestConnector {
  readonly sent: Recorded[] = [];
  readonly updated: Recorded[] = [];
  readonly created: Record<string, any>[] = [];
  readonly memberLookups: string[] = [];
  /** Delay before answering a member look-up, to hold a turn in flight. */
  lookupDelayMs = 0;
  /** People whose look-up answers 404, as Teams does for someone who left. */
  readonly unknown = new Set<string>();
  /** While set, card updates are recorded but answered only once it resolves. */
  updatesHeld: Promise<void> | undefined;
  /** Conversations whose messages are recorded but answered only once their promise resolves. */
  readonly sendsHeld = new Map<string, Promise<void>>();
  /** Held or delayed requests whose caller is still connected: one that gave up closes its connection. */
  waiting = 0;
  #waiting: { conversationId: string; resolve: (sent: Recorded) => void }[] = [];
  #roster = new Map<string, Person>();
  #next = 1;

  private constructor(private readonly server: Server) {}

  static async start(people: readonly Person[] = []): Promise<TestConnector> {
    let connector: TestConnector | undefined;
    const server = createServer((req, res) => {
      void connector!.#route(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body ?? {}));
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: error.message }));
        },
      );
    });
    connector = new TestConnector(server);
    for (const p of people) connector.add(p);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return connector;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  add(person: Person): void {
    this.#roster.set(person.aadObjectId, person);
    this.#roster.set(person.id, person);
  }

  /** Messages sent into one conversation. */
  sentTo(conversationId: string): Record<string, any>[] {
    return this.sent.filter((s) => s.conversationId === conversationId).map((s) => s.activity);
  }

  /** The next message sent into the conversation. */
  nextSentTo(conversationId: string): Promise<Recorded> {
    return new Promise((resolve) => this.#waiting.push({ conversationId, resolve }));
  }

  /** How many held callers are still connected once they have had `ms` to give up. */
  async waitingAfter(ms: number): Promise<number> {
    const until = Date.now() + ms;
    while (this.waiting > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.waiting;
  }

  reset(): void {
    this.sent.length = 0;
    this.updated.length = 0;
    this.created.length = 0;
    this.memberLookups.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Waits for `until`, or for the caller to close the connection. */
  async #hold(req: IncomingMessage, until: Promise<unknown> | undefined): Promise<void> {
    if (!until) return;
    this.waiting++;
    try {
      await Promise.race([until, once(req.socket, 'close')]);
    } finally {
      this.waiting--;
    }
  }

  async #route(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const body = await readJson(req);
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && member) {
      const userId = member[2]!;
      this.memberLookups.push(userId);
      if (this.lookupDelayMs) await this.#hold(req, new Promise((r) => setTimeout(r, this.lookupDelayMs)));
      const person = this.#roster.get(userId);
      if (!person || this.unknown.has(userId)) return { status: 404, body: { error: { code: 'MemberNotFoundInConversation' } } };
      return {
        status: 200,
        body: {
          id: person.id,
          name: person.name,
          aadObjectId: person.aadObjectId,
          email: person.email,
          userPrincipalName: person.email,
          tenantId: person.tenantId,
          userRole: 'user',
        },
      };
    }
    const activity = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (activity && req.method === 'POST') {
      const id = `sent-${this.#next++}`;
      const sent = { conversationId: activity[1]!, activityId: id, replyToId: activity[2], activity: body, authorization: req.headers.authorization };
      this.sent.push(sent);
      for (const w of this.#waiting) if (w.conversationId === sent.conversationId) w.resolve(sent);
      this.#waiting = this.#waiting.filter((w) => w.conversationId !== sent.conversationId);
      await this.#hold(req, this.sendsHeld.get(sent.conversationId));
      return { status: 200, body: { id } };
    }
    if (activity && req.method === 'PUT') {
      this.updated.push({ conversationId: activity[1]!, activityId: activity[2]!, activity: body, authorization: req.headers.authorization });
      await this.#hold(req, this.updatesHeld);
      return { status: 200, body: { id: activity[2] } };
    }
    if (req.method === 'POST' && path === '/v3/conversations') {
      this.created.push(body);
      return { status: 200, body: { id: `a:created-${this.#next++}`, activityId: `sent-${this.#next++}` } };
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `${req.method} ${path}` } } };
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, any>) : {};
}
