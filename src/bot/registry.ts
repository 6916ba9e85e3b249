import { distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/index.js';
import type { AdaptiveCard } from './render.js';
import type { Reply, Turn } from './turn.js';

export interface Command {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** How the help card shows it, e.g. "role <email> <owner|contributor>", in the person's language; the name when absent. */
  readonly usage?: MessageKey;
  readonly description: MessageKey;
  /** Plain phrasings of the command; a named group "args" carries its arguments. */
  readonly phrasings?: readonly RegExp[];
  /** Runs from a card's button (verb command.run), offered on the help card: commands that need no arguments. */
  readonly button?: boolean;
  /** Kept off the help card's buttons, as Teams shows at most six actions on a card; other cards still offer it. */
  readonly helpButton?: false;
  run(turn: Turn, args: string): Promise<Reply[]>;
}

export interface InvokeInfo {
  /** "automatic" for a Universal Actions refresh, which must have no side effects. */
  readonly trigger: 'manual' | 'automatic';
  /** The message that holds the clicked card. */
  readonly replyToId: string | undefined;
  /**
   * Replaces the clicked card for everyone in a group chat or channel (the invoke response only reaches
   * the person who clicked). In a 1:1 chat the invoke response is enough, so this does nothing there, and a
   * card given as a function (one made only for the chat's readers) is not even made.
   */
  updateForEveryone(card: AdaptiveCard | (() => Promise<AdaptiveCard>)): Promise<void>;
}

export type ActionResult =
  | { readonly card: AdaptiveCard }
  | { readonly message: string }
  | { readonly error: { readonly status: 400 | 403 | 404 | 409 | 410; readonly message: string } };

export interface CardAction<S extends z.ZodType = z.ZodType> {
  readonly verb: string;
  readonly data: S;
  /** Answers Universal Actions refreshes (trigger "automatic"); such a verb must change nothing. */
  readonly refresh?: boolean;
  run(turn: Turn, data: z.infer<S>, invoke: InvokeInfo): Promise<ActionResult>;
}

/** Keeps a handler's data type tied to its schema. */
export const defineAction = <S extends z.ZodType>(action: CardAction<S>): CardAction => action as unknown as CardAction;

export interface CommandMatch {
  readonly command: Command;
  readonly args: string;
}

/** Matches by name or alias (longest first, so "profile edit" wins over "profile"), then by phrasing. */
export function matchCommand(commands: readonly Command[], text: string): CommandMatch | undefined {
  const lower = text.toLowerCase();
  const names = commands
    .flatMap((command) => [command.name, ...(command.aliases ?? [])].map((name) => ({ name, command })))
    .sort((a, b) => b.name.length - a.name.length);
  for (const { name, command } of names) {
    if (lower !== name && !lower.startsWith(`${name} `)) continue;
    // A typo of a longer name ("profile eidt") is left unmatched, so it gets a suggestion.
    if (lower !== name && suggestCommand(commands, text) !== command.name) return undefined;
    return { command, args: text.slice(name.length).trim() };
  }
  for (const command of commands) {
    for (const phrasing of command.phrasings ?? []) {
      const found = phrasing.exec(text);
      if (found) return { command, args: found.groups?.['args']?.trim() ?? '' };
    }
  }
  return undefined;
}

/**
 * The command name closest to what was typed, when it is close enough to be a typo. A close name of more
 * words wins: "profile eidt" means "profile edit", not "profile" with an argument.
 */
export function suggestCommand(commands: readonly Command[], text: string): string | undefined {
  const typed = text.toLowerCase().split(' ');
  const longest = Math.max(...commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]).map((name) => name.split(' ').length));
  for (let words = longest; words > 0; words--) {
    const found = closest(commands, typed, words);
    if (found) return found;
  }
  return undefined;
}

function closest(commands: readonly Command[], typed: readonly string[], words: number): string | undefined {
  const attempt = typed.slice(0, words).join(' ');
  let best: { name: string; cost: number } | undefined;
  for (const command of commands) {
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      if (name.split(' ').length !== words) continue;
      const cost = distance(attempt, name);
      // Two edits cover a swapped pair of letters ("hlep"); longer names tolerate a third of their length.
      if (cost <= Math.max(2, Math.floor(name.length / 3)) && (!best || cost < best.cost)) {
        best = { name: command.name, cost };
      }
    }
  }
  return best?.name;
}
