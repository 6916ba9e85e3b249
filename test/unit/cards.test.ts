import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { actions } from '../../src/bot/actions/index.js';
import { renderCard, type CardName } from '../../src/bot/render.js';
import type { Turn } from '../../src/bot/turn.js';
import { checklistCard } from '../../src/bot/views/checklist.js';
import { historyCard } from '../../src/bot/views/history.js';
import { profileCard, profileConflictCard, profileFormCard } from '../../src/bot/views/profile.js';
import { STEP_IDS, type Checklist } from '../../src/domain/checklist.js';
import type { Actor, AuditEvent, Member } from '../../src/domain/model.js';
import { PROFILE_FIELDS, type Profile } from '../../src/domain/profile.js';
import { translator, type Locale } from '../../src/i18n/index.js';
import { actionsOf } from '../helpers/cards.js';

const names = readdirSync('cards').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
const verbs = new Set(actions.map((a) => a.verb));

describe('card templates', () => {
  it.each(names)('%s is an Adaptive Card 1.5 whose buttons are registered Action.Execute verbs', (name) => {
    const card = JSON.parse(readFileSync(`cards/${name}.json`, 'utf8'));
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const raw = JSON.stringify(card);
    expect(raw).not.toMatch(/"type":\s*"Action\.(Submit|ShowCard)"/);
    // A verb bound from data (the generic form) is checked where that data is built, in the e2e tests.
    for (const action of actionsOf(card).filter((a) => !a.verb.startsWith('${'))) expect(verbs).toContain(action.verb);
  });

  it('gives the same frozen card for the same data, without the nulls of false $when conditions', () => {
    const data = (notice: string) => ({
      title: 'Members', count: '2 members', notice, page: 1, pages: 1, canManage: false,
      labels: { remove: 'Remove', next: 'Next', previous: 'Previous' }, members: [],
    });
    const first = renderCard('members', data(''));
    expect(renderCard('members', data(''))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first["body"] as unknown[]).push({})).toThrow(TypeError);
    expect(JSON.stringify(first)).not.toContain('null');
    expect(JSON.stringify(first)).not.toContain('"color":"Good"');

    const other = renderCard('members', data('Saved.'));
    expect(other).not.toBe(first);
    expect(JSON.stringify(other)).toContain('"text":"Saved."');
  });

  it('binds data, leaving no unbound ${...} expressions', () => {
    const card = renderCard('whoami' as CardName, {
      title: 'T', statement: 'S', name: 'N', email: '', emailLabel: 'E', since: '', sinceLabel: 'M', ownersLabel: 'O', owners: [], canRequest: false, requestAccess: 'R',
    });
    expect(JSON.stringify(card)).not.toContain('${');
    expect(JSON.stringify(card)).not.toContain('"title":"E"');
  });
});

describe('checklist, profile and history cards bound with realistic and edge-case data', () => {
  const NOW = new Date('2026-11-30T10:00:00Z');
  const turnIn = (locale: Locale) => ({ locale, t: translator(locale), now: () => NOW, today: () => '2026-11-30' }) as unknown as Turn;
  // Teams gives display names of up to 256 characters; Swedish letters take two bytes each.
  const longName: Actor = { aadObjectId: 'a0000000-0000-4000-8000-000000000001', name: 'Åsa Öberg-'.repeat(26).slice(0, 256) };
  const unnamed: Actor = { aadObjectId: 'a0000000-0000-4000-8000-000000000002', name: '' };
  const longEmail = `${'å'.repeat(64)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.com`;
  const at = '2026-11-20T08:00:00.000Z';
  const step = (values: Record<string, string>, done = true) => ({ done, values, by: longName, at });

  const checklists: Record<string, Checklist> = {
    empty: { transact: null, steps: {} },
    full: {
      transact: true,
      steps: {
        mpn: step({ mpnId: '1234567890' }),
        account: step({ accountEmail: longEmail }),
        registration: step({ submittedOn: '2026-11-20', offerType: 'dynamicsCustomerEngagement', audience: 'itPros' }),
        portal: step({ signedInOn: '2026-11-24' }, false),
        devCenter: step({ devCenterEmail: longEmail, accountType: 'company' }),
      },
    },
  };
  const owner: Member = { email: 'olivia@contoso.com', displayName: 'Olivia', role: 'owner', type: 'user', status: 'active', addedBy: longName, addedAt: at };
  const longValues = {
    publisherId: 'p'.repeat(50),
    displayName: 'Å'.repeat(50),
    ownerEmails: Array.from({ length: 20 }, (_, n) => `owner${n}-${'o'.repeat(30)}@contoso.com`),
    contactName: 'Ö'.repeat(100),
    contactEmail: longEmail,
    phone: '+46 8 123 456 789 012 345',
    website: `https://${'w'.repeat(180)}.example.com`,
    devCenterStatus: 'linked' as const,
    devCenterAccountName: 'Ä'.repeat(100),
    devCenterOwnerEmail: 'owner0-oooooooooooooooooooooooooooooo@contoso.com',
    firstOfferPublishedOn: '2026-11-24',
  };
  const profiles: Record<string, Profile> = {
    empty: { version: 0, values: null, fieldVersions: {} },
    full: { version: 7, values: longValues, fieldVersions: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, 7])), updatedBy: longName, updatedAt: at },
    unnamed: { version: 1, values: { ...longValues, firstOfferPublishedOn: '' }, fieldVersions: {}, updatedBy: unnamed, updatedAt: at },
  };
  const events: AuditEvent[] = [
    { id: '1', type: 'profile.saved', at, actor: longName, subject: 'profile', before: { ...longValues, ownerEmails: [] }, after: longValues },
    { id: '2', type: 'prereq.completed', at, actor: unnamed, subject: 'step 3', after: checklists['full']!.steps.registration!.values },
    { id: '3', type: 'prereq.reopened', at, actor: longName, subject: 'step 4' },
    { id: '4', type: 'prereq.reopened', at, actor: longName, subject: 'step 5', after: { reason: 'account changed' } },
    { id: '5', type: 'prereq.transact', at, actor: longName, subject: 'sell through Azure', before: null, after: false },
    { id: '6', type: 'profile.saveRefused', at, actor: longName, subject: 'profile', after: { role: 'contributor' } },
    ...Array.from({ length: 4 }, (_, n) => ({ id: `p${n}`, type: 'profile.saved', at, actor: longName, subject: 'profile', before: longValues, after: { ...longValues, displayName: `${n}` } })),
  ];

  const cards = (locale: Locale) => {
    const turn = turnIn(locale);
    // What a person may type, at its longest; the date picker and the choice set give only their own values.
    const typed = { ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f, 'x'.repeat(254)])), devCenterStatus: 'linked', firstOfferPublishedOn: '2026-11-24' };
    const allWrong = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, 'profile.error.locked' as const]));
    return {
      'empty checklist': checklistCard(turn, checklists['empty']!),
      'full checklist': checklistCard(turn, checklists['full']!),
      ...Object.fromEntries(STEP_IDS.map((id) => [`checklist with step ${id} open`, checklistCard(turn, checklists['full']!, { step: id })])),
      'checklist with a refused step': checklistCard(turn, checklists['full']!, {
        step: 'devCenter', typed: { devCenterEmail: 'y'.repeat(254), accountType: 'individual' }, errors: { devCenterEmail: 'prereq.error.sameAccount', accountType: 'prereq.error.individual' },
      }),
      'empty profile': profileCard(turn, { profile: profiles['empty']!, mpnId: '', viewer: owner }),
      'full profile': profileCard(turn, { profile: profiles['full']!, mpnId: '1234567890', viewer: owner }, { notice: 'n', audience: { everyone: true, refreshUserIds: Array.from({ length: 60 }, (_, n) => `29:${'u'.repeat(80)}${n}`) } }),
      'profile saved by someone unnamed': profileCard(turn, { profile: profiles['unnamed']!, mpnId: '', viewer: owner }),
      'empty profile form': profileFormCard(turn, { profile: profiles['empty']!, ownerEmails: longValues.ownerEmails }),
      'locked profile form': profileFormCard(turn, { profile: profiles['full']!, ownerEmails: longValues.ownerEmails }),
      'refused profile form': profileFormCard(turn, { profile: profiles['unnamed']!, ownerEmails: longValues.ownerEmails }, typed, allWrong),
      'conflict on every field': profileConflictCard(turn, profiles['full']!, PROFILE_FIELDS),
      'conflict with someone unnamed': profileConflictCard(turn, profiles['unnamed']!, ['displayName']),
      'empty history': historyCard(turn, { events: [], page: 1, pages: 1 }),
      'full history': historyCard(turn, { events, page: 2, pages: 3 }),
    };
  };

  it('shows every step as its checklist stands, whatever was bound for the same step before', () => {
    const steps = (turn: Turn, checklist: Checklist) => ((checklistCard(turn, checklist)['body'] as any[])[3].items as Record<string, any>[]).map((s) => JSON.stringify(s));
    const mpn = step({ mpnId: '1234567890' });
    const registration = step({ submittedOn: '2026-11-20', offerType: 'azureApplications', audience: 'itPros' });
    const en = turnIn('en');
    const soon = { ...en, now: () => new Date('2026-11-21T10:00:00Z') } as Turn;
    const count = (texts: string[], text: string) => texts.filter((s) => s.includes(text)).length;
    // The same step records each time; what changes is around them.
    expect(count(steps(en, { transact: true, steps: { mpn } }), 'Recommended')).toBe(0);
    expect(count(steps(en, { transact: false, steps: { mpn } }), 'Recommended')).toBe(2);
    expect(count(steps(turnIn('sv'), { transact: false, steps: { mpn } }), translator('sv')('prereq.recommended'))).toBe(2);
    const overdue = translator('en')('prereq.portal.overdue').slice(0, 40);
    expect(count(steps(soon, { transact: true, steps: { mpn, registration } }), overdue)).toBe(0);
    expect(count(steps(en, { transact: true, steps: { mpn, registration } }), overdue)).toBe(1);
    const accent = (texts: string[]) => texts.map((s, n) => (s.includes('"style":"accent"') ? n : -1)).filter((n) => n >= 0);
    expect(accent(steps(en, { transact: true, steps: {} }))).toEqual([0]);
    expect(accent(steps(en, { transact: true, steps: { mpn } }))).toEqual([1]);
    expect(accent(steps(en, { transact: true, steps: { mpn, account: step({ accountEmail: 'a@contoso.com' }) } }))).toEqual([2]);
  });

  const inputsOf = (node: unknown): Record<string, any>[] =>
    Array.isArray(node) ? node.flatMap(inputsOf)
      : node && typeof node === 'object'
        ? [...(String((node as any).type).startsWith('Input.') ? [node as Record<string, any>] : []), ...Object.values(node).flatMap(inputsOf)]
        : [];

  describe.each(['en', 'sv'] as const)('in %s', (locale) => {
    it.each(Object.entries(cards(locale)))('%s', (_, card) => {
      const json = JSON.stringify(card);
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      // Nothing left unbound, nothing missing shown as a word.
      expect(json).not.toContain('${');
      expect(json).not.toMatch(/undefined|null|NaN|\[object Object\]/);
      // Teams refuses a message over about 28 KB, envelope included.
      expect(Buffer.byteLength(json)).toBeLessThan(26_000);
      for (const input of inputsOf(card)) {
        expect(input['label']).toEqual(expect.any(String));
        expect(input['label']).not.toBe('');
        if (input['isRequired'] || input['regex']) expect(input['errorMessage']).toMatch(/\S/);
        if (input['type'] === 'Input.Date') {
          expect(input['value']).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
          expect(input['max']).toBe('2026-11-30');
        }
        if (input['type'] === 'Input.ChoiceSet' && input['value']) expect(input['choices'].map((c: any) => c.value)).toContain(input['value']);
      }
    });
  });
});
