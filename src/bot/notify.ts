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
  async toPerson(tenantId: string, aadObjectId: string, reply: Reply): Promise<PostedCopy | undefined> {
    const stored = await this.store.read(tenantId, async (t) => {
      const chat = (await t.user(aadObjectId))?.personalConversationId;
      return chat ? (await t.conversation(chat))?.reference : undefined;
    });
    if (!stored) {
      this.log.info({ tenantId, aadObjectId }, 'no 1:1 chat with this person yet: nothing sent');
      return undefined;
    }
    const reference = addressOf(stored);
    const message: Partial<Activity> = {
      type: ActivityTypes.Message,
      ...('card' in reply ? { attachments: [CardFactory.adaptiveCard(reply.card)] } : { text: reply.text }),
    };
    const sent = await this.#call(reference, message, (client, activity) =>
      client.conversations.sendToConversation(activity.conversation.id, activity),
    );
    return sent?.id ? { conversationId: reference.conversation.id, messageId: sent.id } : undefined;
  }

  /** Replaces a card posted earlier with a new version. */
  async update(tenantId: string, copy: PostedCopy, card: AdaptiveCard): Promise<boolean> {
    const stored = await this.store.read(tenantId, async (t) => (await t.conversation(copy.conversationId))?.reference);
    if (!stored) return false;
    const message = { type: ActivityTypes.Message, id: copy.messageId, attachments: [CardFactory.adaptiveCard(card)] };
    const updated = await this.#call(addressOf(stored), message, (client, activity) =>
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

/** A reference as recordSender stored it, from a Teams activity: it names a service URL and a conversation. */
type Address = Partial<ConversationReference> & Pick<ConversationReference, 'conversation' | 'serviceUrl'>;
const addressOf = (stored: Readonly<Record<string, unknown>>) => stored as Address;
