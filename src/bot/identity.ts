import { isDeepStrictEqual } from 'node:util';
import { teamsGetTeamId, TurnContext, type ActivityTimestamps, type TeamsChannelAccount } from 'botbuilder';
import type { Actor, ConversationRecord, UserRecord } from '../domain/model.js';
import { firstCharacters, GUID, isRealDay } from '../domain/validation.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { TENANT_ID } from '../store/store.js';
import { turnClient, withinLimit } from './connector-calls.js';

export interface Identity {
  readonly tenantId: string;
  readonly person: Actor;
  readonly conversation: { readonly id: string; readonly type: string };
  /** The date on the person's device as they acted, when the client said (localTimestamp). */
  readonly localDay?: string | undefined;
}

/** "2026-11-26T00:30:00.000+01:00": the date before the T is the device's own. */
const LOCAL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}/;

/** How long an email Teams gave us is trusted before we ask again. */
const EMAIL_TTL_MS = 24 * 60 * 60 * 1000;

/** The tenant and person an activity comes from; undefined when Teams did not say (not a Teams client). */
export function readIdentity(activity: ActivityTimestamps): Identity | undefined {
  // Only Teams vouches for the tenant and the person. The Azure Bot's Web Chat and Direct Line channels reach
  // the same endpoint with valid tokens, but there the client writes channelData and from as it likes.
  if (activity.channelId !== 'msteams') return undefined;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const rawTenant = activity.conversation?.tenantId ?? channelData?.tenant?.id;
  const aadObjectId = activity.from?.aadObjectId;
  if (typeof rawTenant !== 'string' || !TENANT_ID.test(rawTenant)) return undefined;
  // Teams sends the person's Microsoft Entra object ID, a GUID; anything else did not come from Teams.
  if (typeof aadObjectId !== 'string' || !GUID.test(aadObjectId)) return undefined;
  if (typeof activity.conversation?.id !== 'string') return undefined;
  // The client's string; botbuilder's own parsing would turn it into a Date in UTC and keep the string aside.
  const stamp: unknown = activity.rawLocalTimestamp ?? activity.localTimestamp;
  const localDay = typeof stamp === 'string' ? LOCAL_TIMESTAMP.exec(stamp)?.[1] : undefined;
  return {
    tenantId: rawTenant.toLowerCase(),
    person: { aadObjectId, name: firstCharacters(String(activity.from.name ?? ''), 200) },
    conversation: { id: activity.conversation.id, type: activity.conversation.conversationType ?? 'personal' },
    localDay: localDay && isRealDay(localDay) ? localDay : undefined,
  };
}

/**
 * Keeps what later turns need about the sender: their email from Teams (cached, because asking Teams
 * costs a round trip) and the conversation reference for proactive messages. Writes only what changed,
 * so an ordinary turn touches no file.
 */
export async function recordSender(
  context: TurnContext,
  identity: Identity,
  deps: { store: Store; log: Logger; now: () => Date },
): Promise<Actor> {
  const { store, log, now } = deps;
  const { tenantId, person, conversation } = identity;
  const at = now();
  // Through JSON, so it compares equal to the copy the store gives back (no undefined fields).
  const { activityId: _, ...live } = TurnContext.getConversationReference(context.activity);
  const reference = JSON.parse(JSON.stringify(live)) as Record<string, unknown>;

  const [known, storedConversation] = await store.read(tenantId, async (t) => [
    await t.user(person.aadObjectId),
    await t.conversation(conversation.id),
  ] as const);

  let user: UserRecord = known ?? { aadObjectId: person.aadObjectId, name: person.name };
  const teamsUserId = context.activity.from.id;
  if (user.teamsUserId !== teamsUserId) user = { ...user, teamsUserId };
  if (!user.emailCheckedAt || at.getTime() - Date.parse(user.emailCheckedAt) > EMAIL_TTL_MS) {
    // Teams accepts its own user ID or the AAD object ID here; the Agents Playground only the former.
    const email = await emailFromTeams(context, context.activity.from.id, log);
    if (email) user = { ...user, email, emailCheckedAt: at.toISOString() };
  }
  if (person.name && user.name !== person.name) user = { ...user, name: person.name };
  const { locale } = context.activity;
  if (locale && user.locale !== locale) user = { ...user, locale };
  if (conversation.type === 'personal') user = { ...user, personalConversationId: conversation.id };

  const userChanged = !isDeepStrictEqual(user, known);
  // In a group chat or channel each sender names themselves as the reference's user; the conversation is
  // the same, so a change of speaker is no change to write.
  const conversationChanged = !storedConversation || !isDeepStrictEqual(withoutUser(storedConversation.reference), withoutUser(reference));
  if (userChanged || conversationChanged) {
    await store.write(tenantId, async (t) => {
      if (userChanged) await t.putUser(user);
      if (conversationChanged) {
        const record: ConversationRecord = {
          id: conversation.id,
          type: conversation.type,
          reference,
          updatedAt: at.toISOString(),
        };
        await t.putConversation(record);
      }
    });
  }
  return { ...person, email: user.email };
}

const withoutUser = ({ user: _, ...rest }: Readonly<Record<string, unknown>>) => rest;

/** How long the turn waits for Teams to give the sender's email; without it, the next turn asks again. */
const EMAIL_LOOKUP_TIMEOUT_MS = 3_000;

async function emailFromTeams(context: TurnContext, userId: string, log: Logger): Promise<string | undefined> {
  try {
    // In a team's channel, Teams answers for the team's roster (as TeamsInfo.getMember asks).
    const rosterId = teamsGetTeamId(context.activity) ?? context.activity.conversation.id;
    const member: Partial<TeamsChannelAccount> = await withinLimit(
      (limit) => turnClient(context).conversations.getConversationMember(rosterId, userId, limit),
      EMAIL_LOOKUP_TIMEOUT_MS,
    );
    const email = member.email ?? member.userPrincipalName;
    return email ? email.toLowerCase() : undefined;
  } catch (error) {
    log.warn({ reason: (error as Error).message }, 'Teams did not return the sender\'s email');
    return undefined;
  }
}
