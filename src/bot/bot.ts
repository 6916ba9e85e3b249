import { randomBytes } from 'node:crypto';
import { ActivityTypes, CardFactory, DeliveryModes, type Activity, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Config } from '../config.js';
import { GateError } from '../domain/checklist.js';
import { DomainError } from '../domain/errors.js';
import { activateOnFirstContact } from '../domain/members.js';
import { personToday } from '../domain/validation.js';
import { pickLocale, translator, type Translate } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { helpCard } from './commands/help.js';
import type { ActivityCalls } from './activity-calls.js';
import { addressedHere, turnClient } from './connector-calls.js';
import { readIdentity, recordSender, type Identity } from './identity.js';
import type { ExpiryWatch } from './expiry-watch.js';
import type { Notifier } from './notify.js';
import {
  matchCommand,
  suggestCommand,
  type ActionResult,
  type CardAction,
  type Command,
  type InvokeInfo,
} from './registry.js';
import { renderCard, type AdaptiveCard } from './render.js';
import { normalizeText } from './text.js';
import type { Reply, Turn } from './turn.js';
import { gateCard } from './views/gate.js';

export interface BotDeps {
  readonly store: Store;
  readonly config: Config;
  readonly log: Logger;
  readonly now: () => Date;
  readonly commands: readonly Command[];
  readonly actions: readonly CardAction[];
  readonly notify: Notifier;
  readonly expiry: ExpiryWatch;
  readonly calls: ActivityCalls;
}

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const ERROR = 'application/vnd.microsoft.error';

const invokeValue = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.unknown().optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

/** Longest text we read as a command; anything longer is not one. */
const MAX_COMMAND_TEXT = 2000;

/**
 * Translates activities into command and card-action calls, and their results into cards. Every turn
 * that fails unexpectedly is logged with an error ID, and the person gets that ID instead of a stack trace.
 */
export class PublisherDeskBot {
  readonly #actions: ReadonlyMap<string, CardAction>;

  constructor(private readonly deps: BotDeps) {
    this.#actions = new Map(deps.actions.map((a) => [a.verb, a]));
  }

  async run(context: TurnContext): Promise<void> {
    const { activity } = context;
    const t = translator(pickLocale(activity.locale));
    try {
      switch (activity.type) {
        case ActivityTypes.Message:
          return await this.#onMessage(context);
        case ActivityTypes.Invoke:
          return await this.#onInvoke(context);
        case ActivityTypes.ConversationUpdate:
        case ActivityTypes.InstallationUpdate:
          return await this.#onInstall(context);
        default:
          return;
      }
    } catch (error) {
      await this.#answerFailure(context, t, error);
    }
  }

  async #onMessage(context: TurnContext): Promise<void> {
    const turn = await this.#begin(context);
    if (!turn) return;
    const raw = context.activity.text;
    // normalizeText drops Teams' <at>…</at> mention tags, so a channel @mention needs no other handling.
    const text = normalizeText(typeof raw === 'string' ? raw.slice(0, MAX_COMMAND_TEXT) : '');
    const match = text ? matchCommand(this.deps.commands, text) : undefined;
    if (!text || match) {
      const replies = match ? await this.#guard(turn, () => match.command.run(turn, match.args)) : [{ card: helpCard(turn) }];
      await this.#sendAll(context, replies);
      return;
    }

    const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    const suggestion = suggestCommand(this.deps.commands, text);
    await this.#sendAll(context, [
      {
        text: suggestion
          ? turn.t('unknown.didYouMean', { text: shown, suggestion })
          : turn.t('unknown.notUnderstood', { text: shown }),
      },
      { card: helpCard(turn) },
    ]);
  }

  async #onInvoke(context: TurnContext): Promise<void> {
    const { activity } = context;
    const t = translator(pickLocale(activity.locale));
    const refuse = (message: string, status: 400 | 403 = 400) => invokeResponse(context, { error: { status, message } });
    if (activity.name !== 'adaptiveCard/action') {
      return refuse(t('action.unsupported', { name: String(activity.name).slice(0, 80) }));
    }
    // Which field is named to the person; zod's own sentence, in English, goes to the log.
    const invalid = (error: z.ZodError, verb?: string) => {
      this.deps.log.info({ verb, issues: error.issues.slice(0, 3) }, 'refused card data');
      return refuse(t('action.invalidData', { field: fieldOf(error) }));
    };
    const parsed = invokeValue.safeParse(activity.value);
    if (!parsed.success) return invalid(parsed.error);
    const { verb, data } = parsed.data.action;
    const action = this.#actions.get(verb);
    if (!action) return refuse(t('action.unknownVerb', { verb: verb.slice(0, 80) }));
    const input = action.data.safeParse(data ?? {});
    if (!input.success) return invalid(input.error, verb);
    // Teams sends "manual" for a click; the Agents Playground sends no trigger at all.
    const trigger = parsed.data.trigger ?? 'manual';
    if (trigger === 'automatic' && !action.refresh) return refuse(t('action.notRefreshable', { verb }));
    const turn = await this.#begin(context, (message) => refuse(message, 403), trigger);
    if (!turn) return;
    const info: InvokeInfo = {
      trigger,
      replyToId: activity.replyToId,
      updateForEveryone: (card) => this.#updateForEveryone(context, turn, card),
    };
    const result = await this.#guardAction(turn, () => action.run(turn, input.data, info));
    await invokeResponse(context, result);
  }

  async #onInstall(context: TurnContext): Promise<void> {
    const { activity } = context;
    const identity = readIdentity(activity);
    const allowed = identity !== undefined && this.#tenantAllowed(identity);
    if (allowed) await recordSender(context, identity, this.deps);
    const botAdded = activity.membersAdded?.some((m) => m.id === activity.recipient?.id);
    if (activity.type === ActivityTypes.ConversationUpdate && botAdded) {
      const t = translator(pickLocale(activity.locale));
      const welcome = (activity.conversation.conversationType ?? 'personal') === 'personal' ? 'welcome.text' : 'welcome.textShared';
      // An organization the deployment does not serve is told so at once, not welcomed.
      await context.sendActivity(t(allowed || !identity ? welcome : 'tenant.notAllowed'));
    }
  }

  /** Identifies the sender and refuses turns Publisher Desk must not serve. */
  async #begin(context: TurnContext, refuse?: (message: string) => Promise<void>, trigger: 'manual' | 'automatic' = 'manual'): Promise<Turn | undefined> {
    const { activity } = context;
    const locale = pickLocale(activity.locale);
    const t = translator(locale);
    const say = refuse ?? (async (message: string) => void (await context.sendActivity(message)));
    const identity = readIdentity(activity);
    if (!identity) {
      await say(t('identity.missing'));
      return undefined;
    }
    if (!this.#tenantAllowed(identity)) {
      await say(t('tenant.notAllowed'));
      return undefined;
    }
    const person = await recordSender(context, identity, this.deps);
    const { store, config, log, now, commands, notify } = this.deps;
    const turn: Turn = {
      tenantId: identity.tenantId,
      person,
      locale,
      t,
      conversation: identity.conversation,
      store,
      config,
      log: log.child({ tenant: identity.tenantId, user: person.aadObjectId }),
      now,
      today: () => personToday(now(), identity.localDay),
      commands,
      notify,
      send: async (reply) => (await this.#sendAll(context, [reply]))[0],
    };
    // A refresh is the Teams client showing a card, not the person acting: it activates and announces nothing.
    if (trigger === 'manual') {
      await this.#welcomeNewMember(turn);
      this.deps.expiry.look(turn);
    }
    return turn;
  }

  /** An invited person's first turn makes them active; they are greeted with their role. */
  async #welcomeNewMember(turn: Turn): Promise<void> {
    const { email } = turn.person;
    if (!email) return;
    const invited = await turn.store.read(turn.tenantId, async (t) => (await t.memberByEmail(email))?.status === 'invited');
    if (!invited) return;
    const member = await turn.store.write(turn.tenantId, (t) => activateOnFirstContact(t, turn.person, turn.now()));
    if (member) await turn.send({ text: turn.t(`members.welcome.${member.role}`, { name: turn.person.name }) });
  }

  async #updateForEveryone(context: TurnContext, turn: Turn, card: AdaptiveCard | (() => Promise<AdaptiveCard>)): Promise<void> {
    const { replyToId } = context.activity;
    if (turn.conversation.type === 'personal' || !replyToId) return;
    const shared = typeof card === 'function' ? await card() : card;
    try {
      const update = addressedHere(context, { type: ActivityTypes.Message, id: replyToId, attachments: [CardFactory.adaptiveCard(shared)] });
      await this.deps.calls.update(turnClient(context), update, replyToId);
    } catch (error) {
      // The change is saved; a shared copy that cannot be updated (deleted, too old, Teams too slow) only goes stale.
      turn.log.warn({ reason: (error as Error).message, replyToId }, 'could not update the shared card');
    }
  }

  #tenantAllowed({ tenantId }: Identity): boolean {
    const allowed = this.deps.config.allowedTenants;
    return allowed.length === 0 || allowed.includes(tenantId);
  }

  /**
   * A rule's refusal is an answer, not a failure: it goes back in the person's language, and the
   * checklist gate as a card with a way to the checklist.
   */
  async #guard(turn: Turn, work: () => Promise<Reply[]>): Promise<Reply[]> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GateError) return [{ card: gateCard(turn, error) }];
      if (error instanceof DomainError) return [{ text: turn.t(error.key, error.params) }];
      throw error;
    }
  }

  async #guardAction(turn: Turn, work: () => Promise<ActionResult>): Promise<ActionResult> {
    try {
      return await work();
    } catch (error) {
      // A held-back approval keeps its card (Approve still there for later) and says why as an error.
      if (error instanceof GateError && error.work === 'change') return { card: gateCard(turn, error) };
      if (error instanceof DomainError) {
        const message = turn.t(error.key, error.params);
        return error.status === 400 ? { message } : { error: { status: error.status, message } };
      }
      throw error;
    }
  }

  /**
   * Posts the replies in order. With expectReplies they travel in the HTTP answer; otherwise each is a call
   * to Teams, made as the adapter would (a reply in a channel's thread stays in it) but with a time limit,
   * so a chat Teams does not answer fails the turn instead of holding it.
   */
  async #sendAll(context: TurnContext, replies: readonly Reply[]): Promise<(string | undefined)[]> {
    const activities = replies.map((reply): Partial<Activity> =>
      'card' in reply ? { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(reply.card)] } : { type: ActivityTypes.Message, text: reply.text },
    );
    if (context.activity.deliveryMode === DeliveryModes.ExpectReplies) return (await context.sendActivities(activities)).map((sent) => sent?.id);
    const { calls } = this.deps;
    const client = turnClient(context);
    const ids: (string | undefined)[] = [];
    for (const activity of activities) {
      const addressed = addressedHere(context, activity);
      const sent = await (addressed.replyToId ? calls.reply(client, addressed, addressed.replyToId) : calls.send(client, addressed));
      ids.push(sent.id);
    }
    return ids;
  }

  async #answerFailure(context: TurnContext, t: Translate, error: unknown): Promise<void> {
    const errorId = randomBytes(4).toString('hex');
    this.deps.log.error({ err: error, errorId, activityType: context.activity.type }, 'turn failed');
    try {
      if (context.activity.type === ActivityTypes.Invoke) {
        await invokeResponse(context, { message: t('error.body', { errorId }) });
      } else if (context.activity.type === ActivityTypes.Message) {
        const card = renderCard('error', { title: t('error.title'), body: t('error.body', { errorId }), errorId });
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
      }
    } catch (sendError) {
      this.deps.log.error({ err: sendError, errorId }, 'could not tell the user about a failed turn');
    }
  }
}

/** The data's field the first problem is at, as the card names it ("value" for the whole of it). */
const fieldOf = (error: z.ZodError) => (error.issues[0]?.path.join('.') || 'value').slice(0, 80);

async function invokeResponse(context: TurnContext, result: ActionResult): Promise<void> {
  const body =
    'card' in result
      ? { statusCode: 200, type: CARD, value: result.card }
      : 'message' in result
        ? { statusCode: 200, type: MESSAGE, value: result.message }
        : { statusCode: result.error.status, type: ERROR, value: { code: codeOf(result.error.status), message: result.error.message } };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: body.statusCode, body } });
}

function codeOf(status: number): string {
  return { 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 410: 'Gone' }[status] ?? 'Error';
}
