import { describe, expect, it } from '@jest/globals';
import { auditChanges, auditSubject } from '../../src/i18n/audit.js';
import { en } from '../../src/i18n/en.js';
import { catalogKeys, pickLocale, translator } from '../../src/i18n/index.js';
import { sv } from '../../src/i18n/sv.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('have the same keys in English and Swedish', () => {
    expect(catalogKeys('sv')).toEqual(catalogKeys('en'));
  });

  it('use the same placeholders in both languages, and no empty text', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(sv[key])]).toEqual([key, placeholders(en[key])]);
      expect(sv[key].trim()).not.toBe('');
    }
  });

  it('names a role inside a sentence with its article in English and in lower case in Swedish', () => {
    const [en, sv] = [translator('en'), translator('sv')];
    expect(en('members.roleChanged.owner', { email: 'ana@contoso.com' })).toBe('ana@contoso.com is now an Owner.');
    expect(en('whoami.member.contributor', { status: 'active' })).toBe('You are a **Contributor** of your organization\'s publishing account (active).');
    expect(sv('members.roleChanged.owner', { email: 'ana@contoso.com' })).toBe('ana@contoso.com är nu ägare.');
    expect(sv('members.welcome.contributor', { name: 'Ana' })).toContain('Du är deltagare.');
    // A role name starts a Swedish text (a label, "Ägare: …") or a sentence, never the middle of one.
    for (const [key, text] of Object.entries(sv)) expect([key, /(?<!^|[.:!?] )\b(Ägare|Deltagare)\b/.test(text)]).toEqual([key, false]);
  });

  it('picks Swedish for sv tags and English for everything else', () => {
    expect(pickLocale('sv-SE')).toBe('sv');
    expect(pickLocale('SV')).toBe('sv');
    expect(pickLocale('en-GB')).toBe('en');
    expect(pickLocale('de-DE')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('en');
    expect(t('unknown.didYouMean', { text: 'hepl', suggestion: 'help' })).toBe('I do not know "hepl". Did you mean **help**?');
    expect(t('unknown.didYouMean', { text: 'x' })).toContain('{suggestion}');
  });

  it('shortens a long value in a history line, so ten events fit on a card', () => {
    const owners = Array.from({ length: 40 }, (_, n) => `owner${n}@contoso.com`);
    const [line] = auditChanges(translator('en'), { type: 'profile.saved', before: { ownerEmails: owners.slice(1) }, after: { ownerEmails: owners } });
    const [before, after] = line!.replace(/^[^:]+: /, '').split(' → ');
    expect(before).toHaveLength(121);
    expect(before).toMatch(/^owner1@contoso\.com, owner2@.*…$/);
    expect(after).toMatch(/^owner0@contoso\.com, .*…$/);
    expect(auditChanges(translator('en'), { type: 'member.roleChanged', before: { role: 'owner' }, after: { role: 'contributor' } })).toEqual(['Role: Owner → Contributor']);
  });

  it('names the organization set up as words, not by its tenant ID', () => {
    const setUp = { type: 'organization.setUp', subject: 'c0000000-0000-4000-8000-000000000001' };
    expect(auditSubject(translator('en'), setUp)).toBe('your organization');
    expect(auditSubject(translator('sv'), setUp)).toBe('er organisation');
    expect(auditSubject(translator('en'), { type: 'member.added', subject: 'ana@contoso.com' })).toBe('ana@contoso.com');
  });

  it('shows a value set for the first time alone, not as "- → a", and a cleared one as "a → -"', () => {
    const t = translator('en');
    expect(auditChanges(t, { type: 'prereq.transact', before: null, after: false })).toEqual(['no']);
    expect(auditChanges(t, { type: 'prereq.transact', before: false, after: true })).toEqual(['no → yes']);
    expect(auditChanges(t, { type: 'prereq.reopened', before: {}, after: { reason: 'account changed' } })).toEqual(['Reason: the Microsoft account changed']);
    const edited = { type: 'profile.saved', before: { contactName: '', website: 'https://contoso.com' }, after: { contactName: 'Ana', website: '' } };
    expect(auditChanges(t, edited)).toEqual(['Contact name: Ana', 'Website: https://contoso.com → -']);
  });

  it('shows a value a change kept as it is, not as "a → a"', () => {
    // A step reopened and completed again with the same date.
    const event = { type: 'prereq.completed', before: { signedInOn: '2026-11-24', accountType: 'individual' }, after: { signedInOn: '2026-11-24', accountType: 'company' } };
    expect(auditChanges(translator('en'), event)).toEqual(['Date of the first sign-in: 2026-11-24', 'Developer Center account type: Individual → Company']);
  });
});
