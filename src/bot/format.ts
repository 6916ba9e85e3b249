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

/** "**Name** · email", or "**email**" for an invited person, whose name is only their email until they first talk to the bot. */
export function memberLabel(m: Pick<Member, 'displayName' | 'email'>): string {
  return m.displayName && m.displayName !== m.email ? `**${m.displayName}** · ${m.email}` : `**${m.email}**`;
}

export function memberRows(members: readonly Member[]) {
  return members.map((m) => ({ label: memberLabel(m) }));
}
