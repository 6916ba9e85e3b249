import type { TeamsAppManifest } from '@microsoft/app-manifest';
import { pickLocale } from '../../src/i18n/index.js';
import { commandLists, commandMenuProblems, commandOfTitle } from './command-menu.js';

/** One of the manifest's `localizationInfo.additionalLanguages`, with the strings its file holds. */
export interface LanguageFile {
  readonly languageTag: string;
  readonly file: string;
  readonly strings: Readonly<Record<string, unknown>>;
}

/**
 * A language file against the manifest it translates: its schema must be the manifest's version (Teams
 * wants both the same), every key must name one of the manifest's strings, and the manifest as Teams
 * shows it in that language must pass the command menu's checks in the bot's own messages for it, each
 * title running the same command as the English one in its place.
 */
export function localizationProblems(manifest: TeamsAppManifest, { languageTag, file, strings }: LanguageFile): string[] {
  const locale = pickLocale(languageTag);
  // pickLocale falls back to English: a language the bot does not speak has no messages to check against.
  if (languageTag.toLowerCase().split('-')[0] !== locale) return [`${file}: the bot has no messages in "${languageTag}"`];

  const problems: string[] = [];
  const schema = `/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`;
  if (typeof strings['$schema'] !== 'string' || !strings['$schema'].endsWith(schema)) {
    problems.push(`${file}: $schema must be the localization schema of the manifest's version (…${schema})`);
  }
  const shown = structuredClone(manifest) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(strings)) {
    if (key === '$schema') continue;
    if (!replaceString(shown, key, value)) problems.push(`${file}: "${key}" names no text in manifest.json`);
  }
  problems.push(...commandMenuProblems(shown, locale).map((problem) => `${file}: ${problem}`));

  const english = commandLists(manifest);
  commandLists(shown).forEach((list, i) =>
    list.forEach(({ title }, j) => {
      const translated = commandOfTitle(title);
      const original = commandOfTitle(english[i]![j]!.title);
      if (translated && translated !== original) {
        problems.push(`${file}: "${title}" runs ${translated.name}, not ${original?.name ?? english[i]![j]!.title} as the English menu does in its place`);
      }
    }),
  );
  return problems;
}

/** Sets the string at a localization key such as "name.short" or "bots[0].commandLists[1].commands[2].title". */
function replaceString(target: Record<string, unknown>, key: string, value: unknown): boolean {
  const path = key.split('.').flatMap((part) => part.split(/\[(\d+)\]/).filter(Boolean));
  let node: unknown = target;
  for (const step of path.slice(0, -1)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
  }
  const last = path.at(-1)!;
  if (!node || typeof node !== 'object' || typeof (node as Record<string, unknown>)[last] !== 'string') return false;
  (node as Record<string, unknown>)[last] = value;
  return true;
}
