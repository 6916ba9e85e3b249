import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { commandMenuProblems, MAX_MENU_COMMANDS } from '../../scripts/app-package/command-menu.js';
import { commands } from '../../src/bot/commands/index.js';
import { translator } from '../../src/i18n/index.js';

const manifest = JSON.parse(readFileSync('manifest/manifest.json', 'utf8'));
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
});
