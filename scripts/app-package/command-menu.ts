import { z } from 'zod';
import { commands } from '../../src/bot/commands/index.js';
import { translator } from '../../src/i18n/index.js';

/** Teams shows at most this many commands in a bot's command menu (per list). */
export const MAX_MENU_COMMANDS = 10;

const manifestBots = z.object({
  bots: z
    .array(
      z.object({
        commandLists: z
          .array(z.object({ commands: z.array(z.object({ title: z.string(), description: z.string() })) }))
          .default([]),
      }),
    )
    .default([]),
});

/**
 * The manifest's command menu against the bot's command registry: every entry must be a command the
 * bot knows, described as the help card describes it (in English, the manifest's language).
 */
export function commandMenuProblems(manifest: unknown): string[] {
  const t = translator('en');
  const known = new Map(commands.map((c) => [c.name, t(c.description)]));
  const problems: string[] = [];
  for (const bot of manifestBots.parse(manifest).bots) {
    for (const list of bot.commandLists) {
      if (list.commands.length > MAX_MENU_COMMANDS) {
        problems.push(`A command list has ${list.commands.length} commands; Teams allows at most ${MAX_MENU_COMMANDS}.`);
      }
      for (const { title, description } of list.commands) {
        const expected = known.get(title);
        if (expected === undefined) problems.push(`Command menu: "${title}" is not a command the bot knows.`);
        else if (description !== expected) problems.push(`Command menu: "${title}" must be described as the bot does: "${expected}".`);
      }
    }
  }
  return problems;
}
