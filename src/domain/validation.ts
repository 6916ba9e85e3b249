import type { z } from 'zod';
import type { MessageKey } from '../i18n/index.js';

// Shared pieces of the domain's zod schemas. Their messages are catalog keys, so a refused form can
// show each field's message in the person's language.

// Patterns are written without flags (both cases listed), so the forms' client-side hints reuse them as they are.
const EMAIL_DOMAIN = '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+';
export const EMAIL_PATTERN = `[^\\s@]{1,64}@${EMAIL_DOMAIN}`;
export const EMAIL = new RegExp(`^${EMAIL_PATTERN}$`);
export const GUID_PATTERN = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
export const GUID = new RegExp(`^${GUID_PATTERN}$`);
/** Names Microsoft does not let a publisher use for itself or its accounts. */
export const BRANDED = /microsoft|azure/i;

/** A YYYY-MM-DD day that exists: Date.parse rolls 2026-02-30 over to March, so a round trip catches it. */
export function isRealDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}

/** The text's first `max` characters, an emoji counting as one, so none is cut in half (a lone surrogate). */
export function firstCharacters(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  let count = 0;
  for (const character of text) {
    if (count++ === max) break;
    end += character.length;
  }
  return text.slice(0, end);
}

const HOUR_MS = 60 * 60 * 1000;
const dayAt = (now: Date, offsetHours: number) => new Date(now.getTime() + offsetHours * HOUR_MS).toISOString().slice(0, 10);

/**
 * Today's date where the person is: the day their device gave, kept between the earliest and the latest
 * date on Earth right now (UTC-12 to UTC+14); without one, the latest, so nobody's today is refused as a
 * day in the future. Days are YYYY-MM-DD, so they compare as strings.
 */
export function personToday(now: Date, localDay?: string): string {
  const latest = dayAt(now, 14);
  if (!localDay) return latest;
  const earliest = dayAt(now, -12);
  return localDay < earliest ? earliest : localDay > latest ? latest : localDay;
}

export const msg = (key: MessageKey) => ({ message: key });

export type FieldErrors = Partial<Record<string, MessageKey>>;

/** The first message for each field of a failed parse. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? '')] ??= issue.message as MessageKey;
  return errors;
}
