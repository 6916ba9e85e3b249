import type { MessageKey } from '../i18n/index.js';

/**
 * A rule said no. It carries a catalog key rather than text, so the bot answers in the user's language
 * and the domain stays free of presentation; status says what kind of no it is (HTTP-style).
 */
export class DomainError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: Readonly<Record<string, string | number>> = {},
    readonly status: 400 | 403 | 404 | 409 | 410 = 400,
  ) {
    super(key);
    this.name = 'DomainError';
  }
}
