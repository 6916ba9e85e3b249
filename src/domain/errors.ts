import type { MessageKey } from '../i18n/index.js';

/**
 * A rule said no. It carries a catalog key rather than text, so the bot answers in the user's language
 * and the domain stays free of presentation.
 */
export class DomainError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(key);
    this.name = 'DomainError';
  }
}
