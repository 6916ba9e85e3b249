import type { z } from 'zod';
import type { MessageKey } from '../i18n/index.js';

// Shared pieces of the domain's zod schemas. Their messages are catalog keys, so a refused form can
// show each field's message in the person's language.

export const EMAIL = /^[^\s@]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const msg = (key: MessageKey) => ({ message: key });

export type FieldErrors = Partial<Record<string, MessageKey>>;

/** The first message for each field of a failed parse. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message as MessageKey;
  return errors;
}
