import {
  ActivityTypes,
  CardFactory,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { ConnectorClient, ConnectorFactory } from 'botframework-connector';
import type { PostedCopy } from '../domain/model.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { AdaptiveCard } from './render.js';
import type { Reply } from './turn.js';

/**
 * Messages outside the current turn: to a person's 1:1 chat with the bot, and updates of cards posted
 * earlier. Both go through the conversation references stored as people talk to the bot. A failure
 * is logged and reported as "not delivered"; it never undoes the change that caused it.
 *
 * Each is one call of the connector client, addressed by the stored reference. The adapter's
 * continueConversationAsync would first build a turn around it, with its own context, middleware run
 * and send handlers: a third more CPU than the call, for a message no handler needs to see.
 */
export class Notifier {
  constructor(
    /** Connector clients for the bot's own app ID (see BotEndpoint.proactiveConnectors). */
    private readonly connectors: ConnectorFactory,
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** Sends to the person's 1:1 chat; undefined when the bot has none with them or Teams refused. */
  async toPerson(tenantId: string, aadObjectId: string, reply: InLanguage<Reply>): Promise<PostedCopy | undefined> {
    const found = await this.store.read(tenantId, async (t) => {
      const user = await t.user(aadObjectId);
      const stored = user?.personalConversationId ? (await t.conversation(user.personalConversationId))?.reference : undefined;
      return stored && { reference: addressOf(stored), locale: user?.locale };
    });
    if (!found) {
      this.log.info({ tenantId, aadObjectId }, 'no 1:1 chat with this person yet: nothing sent');
      return undefined;
    }
    const { reference, locale } = found;
    const content = reply(locale);
    const message: Partial<Activity> = {
      type: ActivityTypes.Message,
      ...('card' in content ? { attachments: [CardFactory.adaptiveCard(content.card)] } : { text: content.text }),
    };
    const sent = await this.#call(reference, message, (client, activity) =>
      client.conversations.sendToConversation(activity.conversation.id, activity),
    );
    return sent?.id ? { conversationId: reference.conversation.id, messageId: sent.id } : undefined;
  }

  /** Replaces a card posted earlier with a new version, in the language of the chat it is in. */
  async update(tenantId: string, copy: PostedCopy, card: InLanguage<AdaptiveCard>): Promise<boolean> {
    const stored = await this.store.read(tenantId, async (t) => (await t.conversation(copy.conversationId))?.reference);
    if (!stored) return false;
    const reference = addressOf(stored);
    const message = { type: ActivityTypes.Message, id: copy.messageId, attachments: [CardFactory.adaptiveCard(card(reference.locale))] };
    const updated = await this.#call(reference, message, (client, activity) =>
      client.conversations.updateActivity(activity.conversation.id, copy.messageId, activity),
    );
    return updated !== undefined;
  }

  /** The message addressed to the reference's conversation, handed to `call`; undefined if it failed. */
  async #call(
    reference: Address,
    message: Partial<Activity>,
    call: (client: ConnectorClient, activity: Activity) => Promise<ResourceResponse>,
  ): Promise<ResourceResponse | undefined> {
    try {
      const client = await this.connectors.create(reference.serviceUrl);
      return await call(client, TurnContext.applyConversationReference({ ...message }, reference) as Activity);
    } catch (error) {
      this.log.warn({ reason: (error as Error).message, conversation: reference.conversation?.id }, 'proactive message not delivered');
      return undefined;
    }
  }
}

/**
 * What to send, made for the Teams client it goes to: the locale that client last reported (undefined
 * when none is known), read with the address, so the caller needs no look-up of its own.
 */
export type InLanguage<T> = (locale: string | undefined) => T;

/** A reference as recordSender stored it, from a Teams activity: it names a service URL and a conversation. */
type Address = Partial<ConversationReference> & Pick<ConversationReference, 'conversation' | 'serviceUrl'>;
const addressOf = (stored: Readonly<Record<string, unknown>>) => stored as Address;
