import { LRUCache } from 'lru-cache';
import type { Member } from '../domain/model.js';
import type { Turn } from './turn.js';

// Made once per language: building an Intl.DateTimeFormat costs far more than using one, and cards
// format several dates per turn.
const dateFormats = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
  sv: new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
};

/** Dates formatted lately: cards show the same few (steps done, invitations, history) turn after turn. */
const formatted = new LRUCache<string, string>({ max: 2000 });

/** Dates as the person's locale writes them, in UTC so every copy of a card reads the same. */
export function formatDate(turn: Pick<Turn, 'locale'>, iso: string): string {
  const language = turn.locale === 'sv' ? 'sv' : 'en';
  const key = `${language} ${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = `${dateFormats[language].format(new Date(iso))} UTC`;
    formatted.set(key, text);
  }
  return text;
}

export function memberRows(turn: Pick<Turn, 't'>, members: readonly Member[]) {
  return members.map((m) => ({
    name: m.displayName,
    email: m.email,
    role: turn.t(`role.${m.role}`),
    status: turn.t(`status.${m.status}`),
  }));
}
