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
  | 'removed-self'
  | 'profile'
  | 'profile-conflict'
  | 'history';

/** Templates of a card's element, in cards/parts/, bound on their own so an unchanged part is bound once. */
export type PartName = 'checklist-step';

export type AdaptiveCard = Readonly<Record<string, unknown>> & { readonly type: 'AdaptiveCard' };
/** A bound element, for a card's data to hold where its template has the element's place. */
export type CardPart = Readonly<Record<string, unknown>>;

const cardsDir = new URL('../../cards/', import.meta.url);
const templates = new Map<string, Template>();

/**
 * Cards bound lately, by template and data. Binding evaluates every expression of the template and is
 * the dearest part of most turns, while the same data keeps coming back: every member's `prereqs`, and
 * every Owner's client refreshing an invitation card each time it is shown. A few hundred cards of a
 * few kB each bound the memory it takes.
 */
const bound = new LRUCache<string, Readonly<Record<string, unknown>>>({ max: 500 });

function template(file: string): Template {
  let found = templates.get(file);
  if (!found) {
    found = new Template(JSON.parse(readFileSync(new URL(file, cardsDir), 'utf8')));
    templates.set(file, found);
  }
  return found;
}

/** The template bound to the data, frozen (see renderCard). */
const expand = (file: string, data: object) => frozenWithoutNulls(template(file).expand({ $root: data })) as Readonly<Record<string, unknown>>;

/** The template's binding cached under key, bound (its data asked for) only when missing. */
function kept(file: string, key: string, data: () => object): Readonly<Record<string, unknown>> {
  const cacheKey = `${file}\n${key}`;
  let result = bound.get(cacheKey);
  if (!result) {
    result = expand(file, data());
    bound.set(cacheKey, result);
  }
  return result;
}

/**
 * Binds a card template from cards/ to its data, from the cache when the same data came lately. The card
 * may be shared with other turns, so it is frozen: nothing may change it after it is bound.
 */
export const renderCard = (name: CardName, data: object): AdaptiveCard => kept(`${name}.json`, JSON.stringify(data), () => data) as AdaptiveCard;

/**
 * renderCard for a card made of bound parts, whose caller keeps it: a cache key of the whole data would
 * cost about as much as binding it.
 */
export const renderCardOfParts = (name: CardName, data: object): AdaptiveCard => expand(`${name}.json`, data) as AdaptiveCard;

/**
 * Binds an element's template from cards/parts/, cached by `key`: what the element shows, which is far
 * shorter to write out than the data made of it (labels, hints and all), so an unchanged part costs
 * a look-up. A card of several such parts, of which a change touches one (a checklist step saved),
 * binds only that one again.
 */
export const renderPart = (name: PartName, key: string, data: () => object): CardPart => kept(`parts/${name}.json`, key, data);

/** An object whose $when is false expands to null, and the card schema has no use for nulls. */
function frozenWithoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return Object.freeze(value.filter((v) => v !== null).map(frozenWithoutNulls));
  // A bound part in the data comes through as it is, frozen and without nulls already.
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) copy[key] = frozenWithoutNulls(v);
  return Object.freeze(copy);
}
