import { TurnContext, type Activity } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/**
 * How long a message or card update may take: someone clicked and waits, and Teams gives up on a click
 * after about 15 s. Past it, the call is aborted (its socket closed) and counts as not delivered.
 */
export const CONNECTOR_TIMEOUT_MS = 5_000;

/**
 * Runs a connector call with request options that abort it if still unanswered after `ms`. The timer ends
 * with the call: AbortSignal.timeout would keep a timer and its signal alive for the whole limit after
 * every call, thousands of them when the bot is busy.
 */
export async function withinLimit<T>(call: (options: { abortSignal: AbortSignal }) => Promise<T>, ms = CONNECTOR_TIMEOUT_MS): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  try {
    return await call({ abortSignal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The connector client the adapter made for this turn. Its calls, unlike TeamsInfo's, take request options,
 * and so a time limit; messages and card updates use only its credentials (see ActivityCalls).
 */
export function turnClient(context: TurnContext): ConnectorClient {
  const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  if (!client) throw new Error('no connector client in this turn');
  return client;
}

/** The activity addressed to this turn's conversation, as the turn context's own sends address it. */
export const addressedHere = (context: TurnContext, activity: Partial<Activity>): Activity =>
  TurnContext.applyConversationReference({ ...activity }, TurnContext.getConversationReference(context.activity)) as Activity;
