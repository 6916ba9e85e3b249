import type { Member } from '../domain/model.js';
import type { Turn } from './turn.js';

/** Dates as the person's locale writes them, in UTC so every copy of a card reads the same. */
export function formatDate(turn: Pick<Turn, 'locale'>, iso: string): string {
  return new Intl.DateTimeFormat(turn.locale === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso)) + ' UTC';
}

export function memberRows(turn: Pick<Turn, 't'>, members: readonly Member[]) {
  return members.map((m) => ({
    name: m.displayName,
    email: m.email,
    role: turn.t(`role.${m.role}`),
    status: turn.t(`status.${m.status}`),
  }));
}
