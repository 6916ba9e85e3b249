import { ActivityTypes, CardFactory, type CloudAdapterBase, type ConversationReference, type TurnContext } from 'botbuilder';
import type { PostedCopy } from '../domain/model.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { AdaptiveCard } from './render.js';
import type { Reply } from './turn.js';

/**
 * Messages outside the current turn: to a person's 1:1 chat with the bot, and updates of cards posted
 * earlier. Both go through the conversation references stored as people talk to the bot. A failure
 * is logged and reported as "not delivered"; it never undoes the change that caused it.
 */
export class Notifier {
  constructor(
    private readonly adapter: CloudAdapterBase,
    private readonly appId: string,
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** Sends to the person's 1:1 chat; undefined when the bot has none with them or Teams refused. */
  async toPerson(tenantId: string, aadObjectId: string, reply: Reply): Promise<PostedCopy | undefined> {
    const reference = await this.store.read(tenantId, async (t) => {
      const chat = (await t.user(aadObjectId))?.personalConversationId;
      return chat ? (await t.conversation(chat))?.reference : undefined;
    });
    if (!reference) {
      this.log.info({ tenantId, aadObjectId }, 'no 1:1 chat with this person yet: nothing sent');
      return undefined;
    }
    let copy: PostedCopy | undefined;
    await this.#inConversation(reference, async (context) => {
      const sent = await context.sendActivity(
        'card' in reply ? { attachments: [CardFactory.adaptiveCard(reply.card)] } : { text: reply.text },
      );
      const conversationId = context.activity.conversation.id;
      if (sent?.id) copy = { conversationId, messageId: sent.id };
    });
    return copy;
  }

  /** Replaces a card posted earlier with a new version. */
  async update(tenantId: string, copy: PostedCopy, card: AdaptiveCard): Promise<boolean> {
    const reference = await this.store.read(tenantId, async (t) => (await t.conversation(copy.conversationId))?.reference);
    if (!reference) return false;
    return this.#inConversation(reference, async (context) => {
      await context.updateActivity({ type: ActivityTypes.Message, id: copy.messageId, attachments: [CardFactory.adaptiveCard(card)] });
    });
  }

  async #inConversation(
    reference: Readonly<Record<string, unknown>>,
    work: (context: TurnContext) => Promise<void>,
  ): Promise<boolean> {
    try {
      await this.adapter.continueConversationAsync(this.appId, reference as Partial<ConversationReference>, work);
      return true;
    } catch (error) {
      this.log.warn({ reason: (error as Error).message, conversation: (reference['conversation'] as { id?: string })?.id }, 'proactive message not delivered');
      return false;
    }
  }
}
