import type { Person } from './people.js';

export interface ActivityOptions {
  /** Defaults to the person's 1:1 chat with the bot. */
  readonly conversation?: { id: string; type: 'personal' | 'groupChat' | 'channel' };
  readonly locale?: string;
  readonly serviceUrl?: string;
  /** Overrides the person's tenant, as a forged or misrouted activity would. */
  readonly tenantId?: string;
  readonly replyToId?: string;
  /** The person's device time with its UTC offset, as Teams sends it, e.g. "2026-11-26T00:30:00.000+01:00". */
  readonly localTimestamp?: string;
  /** "normal" sends replies through the connector, as Teams does, so they get message IDs; default expectReplies. */
  readonly delivery?: 'normal' | 'expectReplies';
}

export const BOT = { id: '28:publisher-desk-bot', name: 'Publisher Desk' };

export const personalChat = (p: Person) => ({ id: `a:personal-${p.aadObjectId}`, type: 'personal' as const });
export const groupChat = (id = '19:group-chat@thread.v2') => ({ id, type: 'groupChat' as const });
export const channel = (id = '19:general@thread.tacv2') => ({ id, type: 'channel' as const });

let sequence = 0;

function envelope(person: Person, options: ActivityOptions, serviceUrl: string) {
  const conversation = options.conversation ?? personalChat(person);
  const tenantId = options.tenantId ?? person.tenantId;
  return {
    id: `activity-${++sequence}`,
    channelId: 'msteams',
    serviceUrl: options.serviceUrl ?? serviceUrl,
    timestamp: new Date().toISOString(),
    locale: options.locale ?? 'en-US',
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    recipient: BOT,
    conversation: { id: conversation.id, conversationType: conversation.type, tenantId },
    channelData: { tenant: { id: tenantId } },
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    ...(options.localTimestamp ? { localTimestamp: options.localTimestamp } : {}),
  };
}

/** A Teams message; in a group chat or channel Teams puts the bot's @mention in the text. */
export function message(person: Person, text: string, serviceUrl: string, options: ActivityOptions = {}) {
  const base = envelope(person, options, serviceUrl);
  const mentioned = base.conversation.conversationType !== 'personal';
  const tag = `<at>${BOT.name}</at>`;
  return {
    ...base,
    type: 'message',
    text: mentioned ? `${tag} ${text}` : text,
    textFormat: 'plain',
    deliveryMode: options.delivery ?? 'expectReplies',
    entities: mentioned ? [{ type: 'mention', text: tag, mentioned: BOT }] : [],
  };
}

/** A Universal Actions click (or, with trigger "automatic", a refresh) on an Action.Execute button. */
export function cardAction(
  person: Person,
  verb: string,
  data: unknown,
  serviceUrl: string,
  options: ActivityOptions & { trigger?: 'manual' | 'automatic' } = {},
) {
  return {
    ...envelope(person, options, serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', id: 'action', verb, data }, trigger: options.trigger ?? 'manual' },
  };
}
