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

/** The Action.Execute buttons of a card, with their verbs and data. */
export function actionsOf(card: unknown): { title: string; verb: string; data: any }[] {
  const out: { title: string; verb: string; data: any }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, any>;
    if (n['type'] === 'Action.Execute') out.push({ title: n['title'], verb: n['verb'], data: n['data'] });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}
