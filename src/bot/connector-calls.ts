import { TurnContext, type Activity } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/**
 * How long a message or card update may take: someone clicked and waits, and Teams gives up on a click
 * after about 15 s. Past it, the call is aborted (its socket closed) and counts as not delivered.
 */
const CONNECTOR_TIMEOUT_MS = 5_000;

/** Request options that abort a connector call still unanswered after `ms`. */
export const timeLimit = (ms = CONNECTOR_TIMEOUT_MS) => ({ abortSignal: AbortSignal.timeout(ms) });

/**
 * The connector client the adapter made for this turn. Calls through it, unlike the turn context's own
 * updateActivity or TeamsInfo, take request options, and so a time limit.
 */
export function turnClient(context: TurnContext): ConnectorClient {
  const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  if (!client) throw new Error('no connector client in this turn');
  return client;
}

/** The activity addressed to this turn's conversation, as the turn context's own sends address it. */
export const addressedHere = (context: TurnContext, activity: Partial<Activity>): Activity =>
  TurnContext.applyConversationReference({ ...activity }, TurnContext.getConversationReference(context.activity)) as Activity;
