import type { Config } from '../config.js';
import type { Actor } from '../domain/model.js';
import type { Locale, Translate } from '../i18n/index.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { Notifier } from './notify.js';
import type { Command } from './registry.js';
import type { AdaptiveCard } from './render.js';

/** What a handler answers: cards and texts, sent in order. */
export type Reply = { readonly card: AdaptiveCard } | { readonly text: string };

/** Everything a command or card-action handler may use; nothing of Bot Framework. */
export interface Turn {
  readonly tenantId: string;
  readonly person: Actor;
  readonly locale: Locale;
  readonly t: Translate;
  readonly conversation: { readonly id: string; readonly type: string };
  readonly store: Store;
  readonly config: Config;
  readonly log: Logger;
  readonly now: () => Date;
  /** Today's date (YYYY-MM-DD) where the person is, for rules about past and future days. */
  readonly today: () => string;
  /** Every registered command, for the help card. */
  readonly commands: readonly Command[];
  readonly notify: Notifier;
  /** Sends a new message into the conversation, beside whatever the handler returns; its ID when Teams gives one. */
  send(reply: Reply): Promise<string | undefined>;
}
