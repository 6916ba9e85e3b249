import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { ClaimsIdentity, ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { ActivityCalls } from '../../src/bot/activity-calls.js';

/** A Teams conversation ID: a reply chain in a channel, with the characters a path must escape. */
const CHANNEL_THREAD = '19:4f3c1a@thread.tacv2;messageid=1733220000000';

interface Call {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

type Answer = (call: Call) => { status: number; body?: string; headers?: Record<string, string> };

const delivered: Answer = () => ({ status: 200, body: '{"id":"1"}' });

/** A Bot Connector that records each call and answers as told, in turn (the last answer repeats). */
class Channel {
  readonly calls: Call[] = [];
  answers: Answer[] = [];
  readonly #server: Server = createServer((req, res) => void this.#answer(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const call = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
    };
    this.calls.push(call);
    const answer = (this.answers[this.calls.length - 1] ?? this.answers.at(-1) ?? delivered)(call);
    // Not chained: restify, loaded beside this test by other suites, makes writeHead return nothing.
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? '');
  }
}

/** A client whose credentials sign as the SDK's do once it has a token for the bot's app ID. */
const signingClient = (serviceUrl: string) =>
  new ConnectorClient(
    {
      signRequest: async (request) => {
        request.headers.set('Authorization', 'Bearer token-for-the-bot');
        return request;
      },
    },
    { baseUri: serviceUrl },
  );

/** The client the SDK makes in local mode, with no app ID: its credentials add no token. */
const localClient = (serviceUrl: string) =>
  new ConfigurationBotFrameworkAuthentication({}).createConnectorFactory(new ClaimsIdentity([], true)).create(serviceUrl);

const message = (serviceUrl: string, conversationId: string, text: string): Activity =>
  ({ type: 'message', serviceUrl, channelId: 'msteams', conversation: { id: conversationId }, text }) as Activity;

describe('activity calls to the Bot Connector', () => {
  const channel = new Channel();
  let url: string;
  let calls: ActivityCalls;

  beforeAll(async () => {
    url = await channel.start();
  });
  afterEach(async () => {
    channel.calls.length = 0;
    channel.answers = [];
    await calls?.close();
  });
  afterAll(() => channel.close());
  const fresh = () => (calls = new ActivityCalls());

  it('sends, replies and updates at the Bot Connector paths, with the activity as JSON and the credentials’ token', async () => {
    const activities = fresh();
    channel.answers = [() => ({ status: 201, body: '{"id":"sent-1"}' }), () => ({ status: 200, body: '{"id":"reply-2"}' }), () => ({ status: 200, body: '{"id":"m-3"}' })];
    const client = signingClient(url);
    const sent = await activities.send(client, message(url, 'a:personal-chat', 'Hello'));
    const replied = await activities.reply(client, message(url, CHANNEL_THREAD, 'In the thread'), '1733220000000');
    const updated = await activities.update(client, message(url, CHANNEL_THREAD, 'Approved'), 'm-3');

    expect([sent, replied, updated]).toEqual([{ id: 'sent-1' }, { id: 'reply-2' }, { id: 'm-3' }]);
    const thread = encodeURIComponent(CHANNEL_THREAD);
    expect(channel.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /v3/conversations/a%3Apersonal-chat/activities',
      `POST /v3/conversations/${thread}/activities/1733220000000`,
      `PUT /v3/conversations/${thread}/activities/m-3`,
    ]);
    expect(channel.calls.map((c) => c.authorization)).toEqual(Array(3).fill('Bearer token-for-the-bot'));
    expect(channel.calls[0]!.contentType).toMatch(/^application\/json/);
    expect(channel.calls[2]!.body).toEqual(message(url, CHANNEL_THREAD, 'Approved'));
  });

  it('signs with the SDK\'s own credentials for an app ID, with the token they hold', async () => {
    const activities = fresh();
    const credentials = new MicrosoftAppCredentials('9a1b2c3d-0000-4000-8000-000000000abc', 'secret', 'contoso.onmicrosoft.com');
    // Fetching the token would need Microsoft Entra ID: the token is the one thing not the SDK's here.
    credentials.getToken = async () => 'token-from-entra';
    await activities.send(new ConnectorClient(credentials, { baseUri: url }), message(url, 'a:chat', 'Hi'));
    expect(channel.calls.map((c) => c.authorization)).toEqual(['Bearer token-from-entra']);
  });

  it('keeps the path of a service URL, with or without its final slash, and sends no token in local mode', async () => {
    const activities = fresh();
    for (const serviceUrl of [`${url}/amer/`, `${url}/amer`]) {
      await activities.send(await localClient(serviceUrl), message(serviceUrl, 'a:chat', 'Hi'));
    }
    expect(channel.calls.map((c) => c.path)).toEqual(Array(2).fill('/amer/v3/conversations/a%3Achat/activities'));
    expect(channel.calls.map((c) => c.authorization)).toEqual([undefined, undefined]);
  });

  it('answers an update with no ID when Teams gives none, or gives no JSON', async () => {
    const activities = fresh();
    channel.answers = [() => ({ status: 200 }), () => ({ status: 200, body: 'OK' })];
    const client = signingClient(url);
    expect(await activities.update(client, message(url, 'a:chat', 'one'), 'm-1')).toEqual({});
    expect(await activities.update(client, message(url, 'a:chat', 'two'), 'm-1')).toEqual({});
  });

  it('waits as Teams asks when it throttles, then delivers', async () => {
    const activities = fresh();
    channel.answers = [() => ({ status: 429, headers: { 'retry-after': '1' } }), () => ({ status: 201, body: '{"id":"after-wait"}' })];
    const started = performance.now();
    expect(await activities.send(signingClient(url), message(url, 'a:chat', 'Hi'))).toEqual({ id: 'after-wait' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(channel.calls).toHaveLength(2);
    expect(channel.calls[1]!.body).toEqual(channel.calls[0]!.body);
  });

  it('tries a busy Teams three times more, then says what it answered', async () => {
    const activities = fresh();
    channel.answers = [() => ({ status: 503, body: '{"error":{"code":"ServiceUnavailable"}}' })];
    await expect(activities.update(signingClient(url), message(url, 'a:chat', 'Hi'), 'm-1')).rejects.toThrow('the connector answered 503 after 4 tries');
    expect(channel.calls).toHaveLength(4);
  });

  it('gives up at the time limit when Teams asks to wait longer', async () => {
    const activities = fresh();
    channel.answers = [() => ({ status: 429, headers: { 'retry-after': '6' } })];
    const started = performance.now();
    await expect(activities.send(signingClient(url), message(url, 'a:chat', 'Hi'))).rejects.toThrow('no answer within 5000 ms');
    expect(performance.now() - started).toBeLessThan(5_900);
    // The try Teams asked for, once due, is dropped: the message was reported as not delivered.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(channel.calls).toHaveLength(1);
  });

  it('gives up at the time limit while the credentials are still fetching their token', async () => {
    const activities = fresh();
    const credentials = new MicrosoftAppCredentials('9a1b2c3d-0000-4000-8000-000000000abc', 'secret', 'contoso.onmicrosoft.com');
    credentials.getToken = () => new Promise<string>(() => undefined);
    const started = performance.now();
    await expect(activities.send(new ConnectorClient(credentials, { baseUri: url }), message(url, 'a:chat', 'Hi'))).rejects.toThrow('no answer within 5000 ms');
    expect(performance.now() - started).toBeLessThan(5_900);
    expect(channel.calls).toHaveLength(0);
  });

  it('does not try again what Teams refused, and gives its reason', async () => {
    const activities = fresh();
    channel.answers = [() => ({ status: 403, body: '{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}' })];
    await expect(activities.send(signingClient(url), message(url, 'a:chat', 'Hi'))).rejects.toThrow(
      'the connector answered 403: {"error":{"code":"BotNotInConversationRoster"',
    );
    expect(channel.calls).toHaveLength(1);
  });

  it('goes through the proxy the environment names', async () => {
    const tunnels: string[] = [];
    const proxy = createServer().on('connect', (req: IncomingMessage, client) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const target = connect(Number(port), host!, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        target.pipe(client).pipe(target);
      });
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    const names = ['HTTP_PROXY', 'NO_PROXY', 'no_proxy'] as const;
    const saved = names.map((name) => process.env[name]);
    process.env['HTTP_PROXY'] = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    delete process.env['NO_PROXY'];
    delete process.env['no_proxy'];
    try {
      const activities = fresh();
      expect(await activities.send(signingClient(url), message(url, 'a:chat', 'Hi'))).toEqual({ id: '1' });
      expect(tunnels).toEqual([new URL(url).host]);
      expect(channel.calls).toHaveLength(1);
    } finally {
      names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])));
      proxy.closeAllConnections();
      proxy.close();
    }
  });
});
