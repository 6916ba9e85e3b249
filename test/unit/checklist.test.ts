import { beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  answerTransact,
  checkStep,
  emptyChecklist,
  remainingRequiredSteps,
  reopenStep,
  saveStep,
  stepWarnings,
  welcomeEmailOverdue,
  type Checklist,
} from '../../src/domain/checklist.js';
import { DomainError } from '../../src/domain/errors.js';
import { setUp } from '../../src/domain/organization.js';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { CONTOSO } from '../helpers/people.js';

const now = new Date('2026-11-25T12:00:00Z');
/** The person's date at `now`: days after it are in the future. */
const today = '2026-11-25';
const olivia = { aadObjectId: 'a-olivia', name: 'Olivia', email: 'olivia@contoso.com' };
const stranger = { aadObjectId: 'a-x', name: 'X', email: 'x@contoso.com' };
const by = { aadObjectId: 'a', name: 'A' };
const done = (values: Record<string, string> = {}) => ({ done: true, values, by, at: now.toISOString() });

describe('checklist rules', () => {
  it('accepts 6 to 10 digits as an MPN ID', () => {
    expect(checkStep('mpn', { mpnId: ' 123456 ' }, emptyChecklist, today)).toEqual({ ok: true, values: { mpnId: '123456' } });
    expect(checkStep('mpn', { mpnId: '1234567890' }, emptyChecklist, today).ok).toBe(true);
    expect(checkStep('mpn', {}, emptyChecklist, today)).toEqual({ ok: false, errors: { mpnId: 'prereq.error.mpnId' } });
  });

  it('refuses microsoft.com and its subdomains, and brand names in the account name only', () => {
    const err = (accountEmail: string) => checkStep('account', { accountEmail }, emptyChecklist, today);
    expect(err('a@microsoft.com')).toMatchObject({ errors: { accountEmail: 'prereq.error.microsoftDomain' } });
    expect(err('a@corp.Microsoft.com')).toMatchObject({ errors: { accountEmail: 'prereq.error.microsoftDomain' } });
    expect(err('myAZUREteam@outlook.com')).toMatchObject({ errors: { accountEmail: 'prereq.error.branded' } });
    expect(err('Team@Outlook.com')).toEqual({ ok: true, values: { accountEmail: 'team@outlook.com' } });
  });

  it('warns about work domains but not personal Microsoft account domains', () => {
    for (const personal of ['a@outlook.com', 'a@hotmail.se', 'a@live.co.uk', 'a@msn.com']) {
      expect(stepWarnings('account', { accountEmail: personal })).toEqual({});
    }
    expect(stepWarnings('account', { accountEmail: 'a@contoso.com' })).toEqual({ accountEmail: 'prereq.warning.workAccount' });
  });

  it('refuses days that do not exist and days in the future', () => {
    const at = (submittedOn: string) =>
      checkStep('registration', { submittedOn, offerType: 'containers', audience: 'both' }, emptyChecklist, today);
    expect(at('2026-02-30')).toMatchObject({ errors: { submittedOn: 'prereq.error.date' } });
    expect(at('2026-11-26')).toMatchObject({ errors: { submittedOn: 'prereq.error.future' } });
    expect(at('2026-11-25').ok).toBe(true);
  });

  it('needs Developer Center to repeat step 2\'s account, case aside, as a Company', () => {
    const checklist: Checklist = { transact: true, steps: { account: done({ accountEmail: 'pub@outlook.com' }) } };
    expect(checkStep('devCenter', { devCenterEmail: 'PUB@outlook.com', accountType: 'company' }, checklist, today).ok).toBe(true);
    expect(checkStep('devCenter', { devCenterEmail: 'pub@outlook.com', accountType: 'individual' }, checklist, today)).toMatchObject({
      errors: { accountType: 'prereq.error.individual' },
    });
    expect(checkStep('devCenter', { devCenterEmail: 'other@outlook.com', accountType: 'company' }, checklist, today)).toEqual({
      ok: false,
      errors: { devCenterEmail: 'prereq.error.sameAccount' },
    });
    // Every field's problem at once, the ones that need step 2 included, and each field's own rule first.
    expect(checkStep('devCenter', { devCenterEmail: 'pub@outlook.com', accountType: 'individual' }, emptyChecklist, today)).toEqual({
      ok: false,
      errors: { accountType: 'prereq.error.individual', devCenterEmail: 'prereq.error.accountFirst' },
    });
    expect(checkStep('devCenter', { devCenterEmail: 'not an email', accountType: 'company' }, emptyChecklist, today)).toEqual({
      ok: false,
      errors: { devCenterEmail: 'prereq.error.email' },
    });
  });

  it('gates on required steps only: 2 and 5 drop out when the organization will not transact', () => {
    const partial: Checklist = { transact: null, steps: { mpn: done(), registration: done() } };
    expect(remainingRequiredSteps(partial).map((s) => s.number)).toEqual([2, 4, 5]);
    expect(remainingRequiredSteps({ ...partial, transact: true }).map((s) => s.number)).toEqual([2, 4, 5]);
    expect(remainingRequiredSteps({ ...partial, transact: false }).map((s) => s.number)).toEqual([4]);
    expect(remainingRequiredSteps({ transact: false, steps: { ...partial.steps, portal: done() } })).toEqual([]);
  });

  it('flags the welcome email as late only after 3 days and until step 4 is done', () => {
    const checklist: Checklist = { transact: null, steps: { registration: done({ submittedOn: '2026-11-20' }) } };
    expect(welcomeEmailOverdue(checklist, new Date('2026-11-23T00:00:00Z'))).toBe(false);
    expect(welcomeEmailOverdue(checklist, new Date('2026-11-23T00:00:01Z'))).toBe(true);
    expect(welcomeEmailOverdue({ ...checklist, steps: { ...checklist.steps, portal: done() } }, now)).toBe(false);
  });
});

describe('checklist changes', () => {
  let store: Store;
  beforeEach(async () => {
    store = await LowdbStore.open(join(await mkdtemp(join(tmpdir(), 'pd-checklist-')), 'desk.json'));
    await store.write(CONTOSO, (t) => setUp(t, olivia, now));
  });
  const write = <T>(work: Parameters<Store['write']>[1]) => store.write(CONTOSO, work) as Promise<T>;

  it('reopens step 5 when step 2 moves to another account', async () => {
    await write((t) => saveStep(t, olivia, 'account', { accountEmail: 'old@outlook.com' }, now));
    await write((t) => saveStep(t, olivia, 'devCenter', { devCenterEmail: 'old@outlook.com', accountType: 'company' }, now));
    const result = await write<{ checklist: Checklist }>((t) => saveStep(t, olivia, 'account', { accountEmail: 'new@outlook.com' }, now));
    expect(result.checklist.steps.devCenter).toMatchObject({ done: false, values: { devCenterEmail: 'old@outlook.com' } });
  });

  it('does nothing, and records nothing, for a reopen of an open step or a repeated answer', async () => {
    await write((t) => answerTransact(t, olivia, true, now));
    await write((t) => answerTransact(t, olivia, true, now));
    await write((t) => reopenStep(t, olivia, 'mpn', now));
    const { events } = await store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 10 }));
    expect(events.map((e) => e.type)).toEqual(['prereq.transact', 'organization.setUp']);
  });

  it('refuses a person who is not a member', async () => {
    await expect(write((t) => saveStep(t, stranger, 'mpn', { mpnId: '123456' }, now))).rejects.toEqual(
      new DomainError('access.notMember', {}, 403),
    );
  });
});
