import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';

export type CardName =
  | 'help'
  | 'setup'
  | 'whoami'
  | 'error'
  | 'checklist'
  | 'gate'
  | 'form'
  | 'invitation'
  | 'invites'
  | 'members'
  | 'remove-confirm'
  | 'profile'
  | 'profile-conflict'
  | 'history';

export type AdaptiveCard = Readonly<Record<string, unknown>> & { readonly type: 'AdaptiveCard' };

const cardsDir = new URL('../../cards/', import.meta.url);
const templates = new Map<CardName, Template>();

function template(name: CardName): Template {
  let found = templates.get(name);
  if (!found) {
    found = new Template(JSON.parse(readFileSync(new URL(`${name}.json`, cardsDir), 'utf8')));
    templates.set(name, found);
  }
  return found;
}

/** Binds a card template from cards/ to its data. */
export function renderCard(name: CardName, data: object): AdaptiveCard {
  // An object whose $when is false expands to null; the card schema has no use for nulls.
  const expanded: unknown = template(name).expand({ $root: data });
  return JSON.parse(JSON.stringify(expanded, (_key, value: unknown) => (value === null ? undefined : value))) as AdaptiveCard;
}
