import type { Activity } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { EnvHttpProxyAgent, RetryAgent, errors, request, type RetryHandler } from 'undici';
import { CONNECTOR_TIMEOUT_MS, withinLimit } from './connector-calls.js';

/**
 * Tried again, close to what the SDK's HTTP pipeline did: Teams throttling (after its Retry-After) or
 * busy, or a connection lost. As with the SDK, a message Teams took before a 502 or a lost connection may
 * then come twice. No wait outlasts a call's time limit: a try due after it is dropped unsent.
 */
const RETRIES = {
  maxRetries: 3,
  minTimeout: 500,
  maxTimeout: CONNECTOR_TIMEOUT_MS,
  methods: ['POST', 'PUT'],
  statusCodes: [408, 429, 500, 502, 503, 504],
} satisfies RetryHandler.RetryOptions;

/** Enough of a refusal's body to say why in the log. */
const REASON_CHARS = 300;

/** What Teams answers a send or an update with: the activity's ID (an update's answer may have none). */
export interface Delivered {
  readonly id?: string;
}

/**
 * The Bot Connector calls the bot makes on every busy path (send, reply to and update an activity), as
 * plain JSON over kept-alive connections. The SDK's connector client passes each activity through its
 * generated serializer and a pipeline of a dozen HTTP policies: about 1 ms of CPU per call, half of what
 * an approval costs. The SDK's client still lends its credentials, so the token and its renewal stay the
 * SDK's, and the rare calls (opening a chat, reading a member) still go through it.
 */
export class ActivityCalls {
  readonly #dispatcher = new RetryAgent(new EnvHttpProxyAgent(), RETRIES);
  #closing: Promise<void> | undefined;

  /** A new message in the activity's conversation. */
  send(client: ConnectorClient, activity: Activity): Promise<Delivered> {
    return this.#call(client, 'POST', activity);
  }

  /** A reply to an activity (in a channel, it stays in that activity's thread). */
  reply(client: ConnectorClient, activity: Activity, replyToId: string): Promise<Delivered> {
    return this.#call(client, 'POST', activity, replyToId);
  }

  /** Replaces the activity with that ID by this one. */
  update(client: ConnectorClient, activity: Activity, activityId: string): Promise<Delivered> {
    return this.#call(client, 'PUT', activity, activityId);
  }

  /** Closes the kept connections; the app may be closed more than once. */
  close(): Promise<void> {
    return (this.#closing ??= this.#dispatcher.close());
  }

  /** The call within its time limit, the token included: the SDK's may have to be fetched from Microsoft Entra ID. */
  #call(client: ConnectorClient, method: 'POST' | 'PUT', activity: Activity, activityId?: string): Promise<Delivered> {
    return withinLimit(({ abortSignal }) => Promise.race([this.#exchange(client, method, activity, activityId, abortSignal), aborted(abortSignal)]));
  }

  async #exchange(client: ConnectorClient, method: 'POST' | 'PUT', activity: Activity, activityId: string | undefined, signal: AbortSignal): Promise<Delivered> {
    const path = `v3/conversations/${encodeURIComponent(activity.conversation.id)}/activities${activityId ? `/${encodeURIComponent(activityId)}` : ''}`;
    const url = new URL(path, activity.serviceUrl.endsWith('/') ? activity.serviceUrl : `${activity.serviceUrl}/`);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...(await signed(client)) };
    try {
      const { statusCode, body } = await request(url, { method, headers, body: JSON.stringify(activity), signal, dispatcher: this.#dispatcher });
      const text = await body.text();
      if (statusCode >= 300) throw new Error(refusal(statusCode, text));
      return deliveredIn(text);
    } catch (error) {
      if (error instanceof errors.RequestRetryError) throw new Error(`${refusal(error.statusCode, '')} after ${error.data.count} tries`);
      throw error;
    }
  }
}

/**
 * Rejects when the signal aborts. undici sees an abort only while a request is on the wire, so one waiting
 * to be tried again, or for its token, would otherwise hold the call past its limit.
 */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));

/** The Authorization header the client's credentials give a request: none in local mode, without an app ID. */
async function signed(client: ConnectorClient): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  // Every credentials class of the SDK only sets headers on what it is given, so a bare holder of them serves.
  const holder = { headers: { set: (name: string, value: string) => void (headers[name.toLowerCase()] = value) } };
  await client.credentials.signRequest(holder as unknown as Parameters<ConnectorClient['credentials']['signRequest']>[0]);
  return headers;
}

const refusal = (status: number, text: string) => `the connector answered ${status}${text ? `: ${text.slice(0, REASON_CHARS)}` : ''}`;

function deliveredIn(text: string): Delivered {
  try {
    const { id } = JSON.parse(text) as { id?: unknown };
    return typeof id === 'string' ? { id } : {};
  } catch {
    return {};
  }
}
