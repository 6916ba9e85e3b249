import { describe, expect, it } from '@jest/globals';
import { commands } from '../../src/bot/commands/index.js';
import { matchCommand, suggestCommand } from '../../src/bot/registry.js';
import { normalizeText } from '../../src/bot/text.js';

const match = (text: string) => {
  const found = matchCommand(commands, normalizeText(text));
  return found && { name: found.command.name, args: found.args };
};

describe('text commands', () => {
  it('strips mentions, markup, extra spaces and closing punctuation', () => {
    expect(normalizeText('<at>Publisher Desk</at>   who am  I?')).toBe('who am I');
    expect(normalizeText('<p>help</p>&nbsp;')).toBe('help');
    expect(normalizeText('   ')).toBe('');
  });

  it('matches names and aliases case-insensitively, keeping the arguments', () => {
    expect(match('HELP')).toEqual({ name: 'help', args: '' });
    expect(match('Who am I?')).toEqual({ name: 'whoami', args: '' });
    expect(match('setup please')).toEqual({ name: 'setup', args: 'please' });
    expect(match('hjälp')).toEqual({ name: 'help', args: '' });
  });

  it('takes the Swedish words the Swedish help card teaches for role and remove', () => {
    expect(match('roll ana@contoso.com ägare')).toEqual({ name: 'role', args: 'ana@contoso.com ägare' });
    expect(match('ta bort ana@contoso.com')).toEqual({ name: 'remove', args: 'ana@contoso.com' });
    // Without an address it is still the command, which then says how to use it.
    expect(match('ta bort')).toEqual({ name: 'remove', args: '' });
  });

  it('answers plain phrasings', () => {
    expect(match('who are the owners?')?.name).toBe('whoami');
    expect(match("what's my role")?.name).toBe('whoami');
    expect(match('vilka är ägarna')?.name).toBe('whoami');
    expect(match('what can you do?')?.name).toBe('help');
  });

  it('leaves a typo of a longer command name unmatched, for a suggestion, rather than run the shorter one', () => {
    for (const typo of ['profile eidt', 'Profile edti', 'profil edit']) {
      expect(match(typo)).toBeUndefined();
      expect(suggestCommand(commands, typo)).toBe('profile edit');
    }
    expect(match('profile edit')).toEqual({ name: 'profile edit', args: '' });
    expect(match('members please')).toEqual({ name: 'members', args: 'please' });
    expect(match('invite ana@contoso.com as owner')?.name).toBe('invite');
    expect(suggestCommand(commands, 'who am u')).toBe('whoami');
  });

  it('does not read a command inside a longer word', () => {
    expect(match('helpful')).toBeUndefined();
    expect(match('setups')).toBeUndefined();
  });

  it('suggests the closest command for typos only', () => {
    expect(suggestCommand(commands, 'hlep')).toBe('help');
    expect(suggestCommand(commands, 'whoam')).toBe('whoami');
    expect(suggestCommand(commands, 'stup')).toBe('setup');
    expect(suggestCommand(commands, 'banana bread')).toBeUndefined();
  });
});
