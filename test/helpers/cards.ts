import { expect } from '@jest/globals';
import type { HttpAnswer } from './server.js';

// Reading what the bot answered: the Adaptive Cards in its replies and the words a person would see.

export const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

export function cardsOf(activities: readonly Record<string, any>[]): Record<string, any>[] {
  return activities.flatMap((a) =>
    (a['attachments'] ?? []).filter((x: any) => x.contentType === ADAPTIVE).map((x: any) => x.content),
  );
}

/** Every TextBlock text, FactSet fact and action title in a card, in order, joined by newlines. */
export function textOf(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['text'] === 'string') out.push(n['text']);
    if (typeof n['title'] === 'string') out.push(n['title']);
    if (typeof n['value'] === 'string' && n['type'] === undefined) out.push(n['value']);
    for (const [key, value] of Object.entries(n)) if (key !== 'text' && key !== 'title') walk(value);
  };
  walk(card);
  return out.join('\n');
}

/** All words of a set of replies: texts of messages and of their cards. */
export function wordsOf(activities: readonly Record<string, any>[]): string {
  return activities.map((a) => [a['text'] ?? '', ...cardsOf([a]).map(textOf)].join('\n')).join('\n');
}

/** The Action.Execute buttons of a card, with their verbs and data (not its refresh action, which is no button). */
export function actionsOf(card: unknown): { title: string; verb: string; data: any }[] {
  return executesOf(card).map((a) => ({ title: a['title'], verb: a['verb'], data: a['data'] }));
}

/** Every Action.Execute of a card as it stands in the JSON, outside its refresh. */
export function executesOf(card: unknown): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, any>;
    if (n['type'] === 'Action.Execute') out.push(n);
    for (const [key, value] of Object.entries(n)) if (key !== 'refresh') walk(value);
  };
  walk(card);
  return out;
}

function findContainer(node: unknown, inputId: string): Record<string, any> | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findContainer(item, inputId);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const n = node as Record<string, any>;
  // Forms wrap each field in a container named after it, also when the field is shown read-only.
  if (n['id'] === `field-${inputId}` && Array.isArray(n['items'])) return n;
  for (const key of ['items', 'body']) {
    if (Array.isArray(n[key]) && n[key].some((i: any) => i?.id === inputId)) return { items: n[key] };
  }
  for (const value of Object.values(n)) {
    const found = findContainer(value, inputId);
    if (found) return found;
  }
  return undefined;
}

/** An input of a card by its id. */
export function inputOf(card: unknown, id: string): Record<string, any> | undefined {
  return findContainer(card, id)?.['items'].find((i: any) => i?.id === id);
}

/** The messages shown at a field: the coloured text blocks beside its input. */
export function messagesAt(card: unknown, id: string): { errors: string[]; warnings: string[] } {
  const items: any[] = findContainer(card, id)?.['items'] ?? [];
  const errors = items.filter((i) => i.type === 'TextBlock' && i.color === 'Attention').map((i) => i.text);
  const warnings = items.filter((i) => i.style === 'warning').flatMap((c) => c.items.map((i: any) => i.text));
  return { errors, warnings };
}

/** The card an Action.Execute answered with (HTTP 200, type card), failing the test on anything else. */
export function cardOf(answer: HttpAnswer): Record<string, any> {
  expect(answer).toMatchObject({ status: 200, body: { type: ADAPTIVE } });
  return answer.body.value as Record<string, any>;
}

/**
 * Whether a Teams client lets a value of an input through, as the Adaptive Cards renderer checks it:
 * required, maxLength, the regex (tested as `new RegExp(regex, 'g')`, so a match anywhere in the value
 * passes), and a date's max.
 */
export function clientTakes(input: Record<string, any>, value: string): boolean {
  if (value === '') return !input['isRequired'];
  if (input['type'] === 'Input.Date') return !input['max'] || value <= input['max'];
  if (value.length > (input['maxLength'] ?? Infinity)) return false;
  return !input['regex'] || new RegExp(input['regex'], 'g').test(value);
}
