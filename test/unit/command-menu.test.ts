import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { commandMenuProblems, MAX_MENU_COMMANDS } from '../../scripts/app-package/command-menu.js';
import { localizationProblems } from '../../scripts/app-package/localization.js';
import { commands } from '../../src/bot/commands/index.js';
import { translator } from '../../src/i18n/index.js';

const manifest = JSON.parse(readFileSync('manifest/manifest.json', 'utf8'));
const swedish = JSON.parse(readFileSync('manifest/sv.json', 'utf8'));
const menuOf = (list: unknown[]) => ({ bots: [{ commandLists: [{ commands: list }] }] });

describe('the manifest\'s command menu', () => {
  it('lists only commands of the bot\'s registry, described as the help card describes them, at most 10', () => {
    expect(commandMenuProblems(manifest)).toEqual([]);
    const listed = manifest.bots[0].commandLists[0].commands as { title: string }[];
    expect(listed.length).toBeLessThanOrEqual(MAX_MENU_COMMANDS);
    expect(listed.map((c) => c.title)).toEqual(expect.arrayContaining(['help', 'prereqs', 'profile', 'members', 'invites', 'history']));
  });

  it('offers every command of the product in a menu, though Teams takes ten to a list', () => {
    const lists = manifest.bots[0].commandLists as { scopes: string[]; commands: { title: string }[] }[];
    const offered = new Set(lists.flatMap((l) => l.commands.map((c) => c.title)));
    for (const name of ['help', 'setup', 'prereqs', 'profile', 'profile edit', 'members', 'invite', 'invites', 'role', 'remove', 'history']) {
      expect([name, offered.has(name)]).toEqual([name, true]);
    }
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('reports an unknown command, a description that drifted, and a list longer than Teams allows', () => {
    const t = translator('en');
    const known = commands.map((c) => ({ title: c.name, description: t(c.description) }));
    expect(commandMenuProblems(menuOf([...known.slice(0, 10), { title: 'payouts', description: 'x' }]))).toEqual([
      `A command list has 11 commands; Teams allows at most ${MAX_MENU_COMMANDS}.`,
      'Command menu: "payouts" is not a command the bot knows.',
    ]);
    expect(commandMenuProblems(menuOf([{ title: 'help', description: 'Help.' }]))).toEqual([
      `Command menu: "help" must be described as the bot does: "${t('command.help')}".`,
    ]);
  });

  it('keeps every title within 32 characters and every description within 128, as the menu shows them', () => {
    expect(commandMenuProblems(menuOf([{ title: `help ${'x'.repeat(28)}`, description: `${'x'.repeat(129)}` }]))).toEqual([
      `Command menu: "help ${'x'.repeat(28)}" is longer than 32 characters.`,
      `Command menu: the description of "help ${'x'.repeat(28)}" is longer than 128 characters.`,
      `Command menu: "help ${'x'.repeat(28)}" is not a command the bot knows.`,
    ]);
  });
});

describe('the Swedish command menu (manifest/sv.json)', () => {
  const sv = { languageTag: 'sv', file: 'sv.json' };
  /** sv.json with the given strings changed. */
  const edited = (strings: Record<string, unknown>) => ({ ...sv, strings: { ...swedish, ...strings } });
  const key = (list: number, command: number, field: 'title' | 'description') => `bots[0].commandLists[${list}].commands[${command}].${field}`;

  it('is the manifest\'s only other language, in the schema of the manifest\'s version', () => {
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en', additionalLanguages: [{ languageTag: 'sv', file: 'sv.json' }] });
    expect(swedish.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`);
  });

  it('describes every command as the Swedish help card does, with titles the bot runs as the same command', () => {
    expect(localizationProblems(manifest, { ...sv, strings: swedish })).toEqual([]);
    expect(swedish[key(0, 5, 'title')]).toBe('bjud in');
    expect(swedish[key(0, 8, 'title')]).toBe('ta bort');
  });

  it('reports a title the bot does not understand, one that runs another command, a drifted description and a key naming nothing', () => {
    expect(manifest.bots[0].commandLists[0].commands[5].title).toBe('invite');
    const problems = localizationProblems(
      manifest,
      edited({
        [key(0, 0, 'title')]: 'hjälpa',
        [key(0, 5, 'title')]: 'inbjudningar',
        [key(0, 2, 'description')]: 'Visa profilen.',
        [key(0, 10, 'title')]: 'extra',
        'staticTabs[1].name': 'Flik',
      }),
    );
    const t = translator('sv');
    expect(problems).toEqual([
      `sv.json: "${key(0, 10, 'title')}" names no text in manifest.json`,
      'sv.json: "staticTabs[1].name" names no text in manifest.json',
      'sv.json: Command menu: "hjälpa" is not a command the bot knows.',
      `sv.json: Command menu: "profil" must be described as the bot does: "${t('command.profile')}".`,
      `sv.json: Command menu: "inbjudningar" must be described as the bot does: "${t('command.invites')}".`,
      'sv.json: "inbjudningar" runs invites, not invite as the English menu does in its place',
    ]);
  });

  it('reports an English description left untranslated, and a file for a language the bot does not speak', () => {
    const { [key(1, 8, 'description')]: _history, ...untranslated } = swedish;
    expect(localizationProblems(manifest, { ...sv, strings: untranslated })).toEqual([
      `sv.json: Command menu: "historik" must be described as the bot does: "${translator('sv')('command.history')}".`,
    ]);
    expect(localizationProblems(manifest, { languageTag: 'de', file: 'de.json', strings: swedish })).toEqual(['de.json: the bot has no messages in "de"']);
  });

  it('reports a schema that is not the manifest\'s version', () => {
    expect(localizationProblems(manifest, edited({ $schema: swedish.$schema.replace(/v[\d.]+/, 'v1.16') }))).toEqual([
      `sv.json: $schema must be the localization schema of the manifest's version (…/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json)`,
    ]);
  });
});
