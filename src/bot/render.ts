import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';

export type CardName =
  | 'help'
  | 'setup'
  | 'whoami'
  | 'error'
  | 'checklist'
  | 'gate'
  | 'form'
  | 'invitation'
  | 'invite-added'
  | 'invites'
  | 'members'
  | 'remove-confirm'
  | 'profile'
  | 'profile-conflict'
  | 'history';

export type AdaptiveCard = Readonly<Record<string, unknown>> & { readonly type: 'AdaptiveCard' };

const cardsDir = new URL('../../cards/', import.meta.url);
const templates = new Map<CardName, Template>();

/**
 * Cards bound lately, by template and data. Binding evaluates every expression of the template and is
 * the dearest part of most turns, while the same data keeps coming back: every member's `prereqs`, and
 * every Owner's client refreshing an invitation card each time it is shown. A few hundred cards of a
 * few kB each bound the memory it takes.
 */
const bound = new LRUCache<string, AdaptiveCard>({ max: 500 });

function template(name: CardName): Template {
  let found = templates.get(name);
  if (!found) {
    found = new Template(JSON.parse(readFileSync(new URL(`${name}.json`, cardsDir), 'utf8')));
    templates.set(name, found);
  }
  return found;
}

/**
 * Binds a card template from cards/ to its data. The card may be shared with other turns, so it is
 * frozen: nothing may change it after it is bound.
 */
export function renderCard(name: CardName, data: object): AdaptiveCard {
  const key = `${name}\n${JSON.stringify(data)}`;
  let card = bound.get(key);
  if (!card) {
    card = frozenWithoutNulls(template(name).expand({ $root: data })) as AdaptiveCard;
    bound.set(key, card);
  }
  return card;
}

/** An object whose $when is false expands to null, and the card schema has no use for nulls. */
function frozenWithoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return Object.freeze(value.filter((v) => v !== null).map(frozenWithoutNulls));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) copy[key] = frozenWithoutNulls(v);
  return Object.freeze(copy);
}
