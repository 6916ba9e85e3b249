import { z } from 'zod';
import { commands } from '../../src/bot/commands/index.js';
import { matchCommand, type Command } from '../../src/bot/registry.js';
import { normalizeText } from '../../src/bot/text.js';
import { translator, type Locale } from '../../src/i18n/index.js';

/** Teams shows at most this many commands in a bot's command menu (per list). */
export const MAX_MENU_COMMANDS = 10;
/**
 * A menu entry's limits in manifest schemas before 1.21 (later ones allow 128 and 4000 characters): kept
 * so the menu fits on one line per command in every Teams client, in every language.
 */
export const MAX_TITLE_LENGTH = 32;
export const MAX_DESCRIPTION_LENGTH = 128;

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

/** The command menus of a manifest's bots, each a list of entries. */
export const commandLists = (manifest: unknown) => manifestBots.parse(manifest).bots.flatMap((bot) => bot.commandLists.map((list) => list.commands));

/**
 * The command a menu title runs: Teams sends the title as the message when someone picks it, so it must
 * be a name, alias or phrasing the bot takes as that command with nothing after it.
 */
export function commandOfTitle(title: string): Command | undefined {
  const match = matchCommand(commands, normalizeText(title));
  return match && match.args === '' ? match.command : undefined;
}

/**
 * The manifest's command menu against the bot's command registry: every entry must be a command the
 * bot understands, described as the help card describes it in the menu's language (English, the
 * manifest's own, unless a localization file's strings were laid over it).
 */
export function commandMenuProblems(manifest: unknown, locale: Locale = 'en'): string[] {
  const t = translator(locale);
  const problems: string[] = [];
  for (const list of commandLists(manifest)) {
    if (list.length > MAX_MENU_COMMANDS) {
      problems.push(`A command list has ${list.length} commands; Teams allows at most ${MAX_MENU_COMMANDS}.`);
    }
    for (const { title, description } of list) {
      if (title.length > MAX_TITLE_LENGTH) problems.push(`Command menu: "${title}" is longer than ${MAX_TITLE_LENGTH} characters.`);
      if (description.length > MAX_DESCRIPTION_LENGTH) {
        problems.push(`Command menu: the description of "${title}" is longer than ${MAX_DESCRIPTION_LENGTH} characters.`);
      }
      const command = commandOfTitle(title);
      if (!command) problems.push(`Command menu: "${title}" is not a command the bot knows.`);
      else if (description !== t(command.description)) problems.push(`Command menu: "${title}" must be described as the bot does: "${t(command.description)}".`);
    }
  }
  return problems;
}
