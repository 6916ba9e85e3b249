import {
  ActivityTypes,
  CardFactory,
  TurnContext,
  type Activity,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { ConnectorClient, ConnectorFactory } from 'botframework-connector';
import type { PostedCopy, UserRecord } from '../domain/model.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { ActivityCalls, Delivered } from './activity-calls.js';
import { withinLimit } from './connector-calls.js';
import type { AdaptiveCard } from './render.js';
import type { Reply } from './turn.js';

/**
 * Messages outside the current turn: to a person's 1:1 chat with the bot, and updates of cards posted
 * earlier. Both go through the conversation references stored as people talk to the bot. A failure
 * is logged and reported as "not delivered"; it never undoes the change that caused it.
 *
 * Each is one Bot Connector call (see ActivityCalls), addressed by the stored reference. The adapter's
 * continueConversationAsync would first build a turn around it, with its own context, middleware run
 * and send handlers: a third more CPU than the call, for a message no handler needs to see.
 */
export class Notifier {
  constructor(
    /** Connector clients for the bot's own app ID (see BotEndpoint.proactiveConnectors). */
    private readonly connectors: ConnectorFactory,
    private readonly calls: ActivityCalls,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => Date,
  ) {}

  /**
   * Sends to the person's 1:1 chat; undefined when Teams refused, or when there is none and none can be
   * opened. Someone who has talked to the bot only in channels and group chats gets one opened through
   * `via`, a conversation the bot has in their organization: it gives the service URL and the bot's ID.
   */
  async toPerson(tenantId: string, aadObjectId: string, reply: InLanguage<Reply>, via?: string): Promise<PostedCopy | undefined> {
    const found = await this.store.read(tenantId, async (t) => {
      const user = await t.user(aadObjectId);
      const own = user?.personalConversationId ? (await t.conversation(user.personalConversationId))?.reference : undefined;
      const through = !own && via ? (await t.conversation(via))?.reference : undefined;
      return { user, own: own && addressOf(own), through: through && addressOf(through) };
    });
    const { user } = found;
    const reference = found.own ?? (found.through && user?.teamsUserId ? await this.#openChat(tenantId, user, found.through) : undefined);
    if (!reference) {
      this.log.info({ tenantId, aadObjectId }, 'no 1:1 chat with this person, and none could be opened: nothing sent');
      return undefined;
    }
    const content = reply(user?.locale);
    const message: Partial<Activity> = {
      type: ActivityTypes.Message,
      ...('card' in content ? { attachments: [CardFactory.adaptiveCard(content.card)] } : { text: content.text }),
    };
    const sent = await this.#call(reference, message, (client, activity) => this.calls.send(client, activity));
    return sent?.id ? { conversationId: reference.conversation.id, messageId: sent.id } : undefined;
  }

  /** Replaces a card posted earlier with a new version, in the language of the chat it is in. */
  async update(tenantId: string, copy: PostedCopy, card: InLanguage<AdaptiveCard>): Promise<boolean> {
    const stored = await this.store.read(tenantId, async (t) => (await t.conversation(copy.conversationId))?.reference);
    if (!stored) return false;
    const reference = addressOf(stored);
    const message = { type: ActivityTypes.Message, id: copy.messageId, attachments: [CardFactory.adaptiveCard(card(reference.locale))] };
    const updated = await this.#call(reference, message, (client, activity) => this.calls.update(client, activity, copy.messageId));
    return updated !== undefined;
  }

  /** Opens a 1:1 chat with the person and keeps it as theirs, as their first message to the bot would have. */
  async #openChat(tenantId: string, user: UserRecord, through: Address): Promise<Address | undefined> {
    const member = { id: user.teamsUserId!, name: user.name, aadObjectId: user.aadObjectId };
    try {
      const client = await this.connectors.create(through.serviceUrl);
      const parameters: Partial<ConversationParameters> = { isGroup: false, bot: through.bot, members: [member], tenantId, channelData: { tenant: { id: tenantId } } };
      const { id } = await withinLimit((limit) => client.conversations.createConversation(parameters as ConversationParameters, limit));
      const reference: Address = {
        channelId: through.channelId,
        serviceUrl: through.serviceUrl,
        bot: through.bot,
        user: member,
        conversation: { id, conversationType: 'personal', tenantId, isGroup: false, name: '' },
        ...(user.locale ? { locale: user.locale } : {}),
      };
      await this.store.write(tenantId, async (t) => {
        const at = this.now().toISOString();
        await t.putConversation({ id, type: 'personal', reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>, updatedAt: at });
        const latest = await t.user(user.aadObjectId);
        if (latest && !latest.personalConversationId) await t.putUser({ ...latest, personalConversationId: id });
      });
      return reference;
    } catch (error) {
      this.log.warn({ reason: (error as Error).message, tenantId, aadObjectId: user.aadObjectId }, 'could not open a 1:1 chat');
      return undefined;
    }
  }

  /** The message addressed to the reference's conversation, handed to `call`; undefined if it failed. */
  async #call(
    reference: Address,
    message: Partial<Activity>,
    call: (client: ConnectorClient, activity: Activity) => Promise<Delivered>,
  ): Promise<Delivered | undefined> {
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
