import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { groupChat } from '../helpers/activities.js';
import { actionsOf, cardOf, cardsOf, clientTakes, executesOf, inputOf, messagesAt, textOf, wordsOf } from '../helpers/cards.js';
import { VALID_STEPS } from '../helpers/flows.js';
import { CONTOSO, everyone, fred, nina, olivia, somebody, type Person } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';

const DAY = 24 * 60 * 60 * 1000;
const clock = { now: new Date('2026-11-25T09:00:00Z') };
/** In an organization of her own, so her steps leave Contoso's checklist alone. */
const ingrid = somebody(50, 'e0000000-0000-4000-8000-000000000005');
/** Another, whose steps try the forms' hints. */
const hilda = somebody(53, 'e0000000-0000-4000-8000-000000000008');


const VALID = VALID_STEPS;

describe('prerequisites checklist', () => {
  let bot: TestBot;
  const save = (person: Person, step: string, inputs: Record<string, string>, options = {}) =>
    bot.click(person, 'prereq.update', { step, ...inputs }, options);
  const stored = () => bot.app.store.read(CONTOSO, (t) => t.checklist());
  const auditCount = async () => (await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 1 }))).total;

  beforeAll(async () => {
    bot = await startBot({ now: () => clock.now, people: [...everyone, ingrid, hilda] });
    await bot.say(olivia, 'setup');
  });
  afterAll(() => bot.close());
  beforeEach(() => {
    clock.now = new Date('2026-11-25T09:00:00Z');
  });

  it('shows the five steps with status, duration and link, and what to do next', async () => {
    const card = cardsOf(await bot.say(olivia, 'checklist'))[0]!;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const text = textOf(card);
    expect(text).toContain('**0 of 5 done** · Next: step 1, Join the Microsoft Partner Network');
    expect(text).toContain('Will your organization sell through Azure');
    for (const title of [
      'Step 1: Join the Microsoft Partner Network',
      'Step 2: Create a Microsoft account for the portal',
      'Step 3: Submit the marketplace registration form',
      'Step 4: Sign in to the Cloud Partner Portal',
      'Step 5: Register in Microsoft Developer Center',
    ]) {
      expect(text).toContain(title);
    }
    expect(text).toContain('Required · About 15 minutes');
    expect(text).toContain('Required · 1 to 3 days');
    expect(text).toContain('Required · 5 to 10 days');
    expect(actionsOf(card).filter((a) => a.verb === 'prereq.open')).toHaveLength(5);
    expect(JSON.stringify(card)).toContain('"url":"https://cloudpartner.azure.com"');
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('opens a step\'s inputs inline, with client-side hints', async () => {
    const card = cardOf(await bot.click(olivia, 'prereq.open', { step: 'mpn' }));
    expect(inputOf(card, 'mpnId')).toMatchObject({
      type: 'Input.Text',
      label: 'MPN ID',
      isRequired: true,
      regex: '^\\s*(?:\\d{6,10})\\s*$',
      errorMessage: 'An MPN ID is 6 to 10 digits and nothing else.',
    });
    expect(actionsOf(card).map((a) => a.verb)).toEqual(expect.arrayContaining(['prereq.update', 'prereq.view']));
    // Only Save sends the open step's inputs: Teams would hold every other button until they are valid.
    const checked = executesOf(card).filter((a) => a['associatedInputs'] !== 'none').map((a) => a['verb']);
    expect(checked).toEqual(['prereq.update']);
  });

  describe('refuses bad input at the field, keeps what was typed, and stores nothing', () => {
    const expectRefused = async (step: string, inputs: Record<string, string>, field: string, message: string) => {
      const before = JSON.stringify(await stored());
      const audit = await auditCount();
      const card = cardOf(await save(olivia, step, inputs));
      expect(messagesAt(card, field).errors).toEqual([message]);
      expect(textOf(card)).toContain('Please correct the fields marked below. Nothing was saved.');
      for (const [id, value] of Object.entries(inputs)) expect(inputOf(card, id)?.['value']).toBe(value);
      expect(JSON.stringify(await stored())).toBe(before);
      expect(await auditCount()).toBe(audit);
    };

    it.each([['45123'], ['45123456789'], ['45-12345'], ['MPN4512345']])('MPN ID %s', (mpnId) =>
      expectRefused('mpn', { mpnId }, 'mpnId', 'An MPN ID is 6 to 10 digits and nothing else.'));

    it('an address in the microsoft.com domain', () =>
      expectRefused('account', { accountEmail: 'publishing@microsoft.com' }, 'accountEmail',
        'An address in the microsoft.com domain cannot register in Developer Center.'));

    it.each([['azure-team@outlook.com'], ['MicrosoftPublishing@live.com']])('an account name with a brand: %s', (accountEmail) =>
      expectRefused('account', { accountEmail }, 'accountEmail', 'The account name must not contain "Microsoft" or "Azure".'));

    it('something that is not an email address', () =>
      expectRefused('account', { accountEmail: 'publishing at outlook' }, 'accountEmail',
        'Enter an email address, such as publishing@outlook.com.'));

    it('a registration date in the future', () =>
      expectRefused('registration', { ...VALID['registration']!, submittedOn: '2026-12-01' }, 'submittedOn', 'This date is in the future.'));

    it('a date that does not exist', () =>
      expectRefused('registration', { ...VALID['registration']!, submittedOn: '2026-13-45' }, 'submittedOn', 'Enter a date as YYYY-MM-DD.'));

    it('an offer type that is not on the list', () =>
      expectRefused('registration', { ...VALID['registration']!, offerType: 'toasters' }, 'offerType', 'Choose the main offer type.'));

    it('a missing target audience', async () => {
      const card = cardOf(await save(olivia, 'registration', { submittedOn: '2026-11-20', offerType: 'containers' }));
      expect(messagesAt(card, 'audience').errors).toEqual(['Choose the target audience.']);
    });

    it('Developer Center before step 2', () =>
      expectRefused('devCenter', VALID['devCenter']!, 'devCenterEmail',
        'Complete step 2 first: Developer Center must use the Microsoft account from step 2.'));
  });

  it('takes today from the person\'s device: a day it has not reached yet is in the future', async () => {
    await bot.say(ingrid, 'setup');
    // 23:30 UTC: already the 26th in Stockholm, still the 25th in New York.
    clock.now = new Date('2026-11-25T23:30:00Z');
    const registration = { ...VALID['registration']!, submittedOn: '2026-11-26' };
    const newYork = cardOf(await save(ingrid, 'registration', registration, { localTimestamp: '2026-11-25T18:30:00.000-05:00' }));
    expect(messagesAt(newYork, 'submittedOn').errors).toEqual(['This date is in the future.']);
    await save(ingrid, 'registration', registration, { localTimestamp: '2026-11-26T00:30:00.000+01:00' });
    const { steps } = await bot.app.store.read(ingrid.tenantId, (t) => t.checklist());
    expect(steps.registration).toMatchObject({ done: true, values: { submittedOn: '2026-11-26' } });
  });

  it('gives the step forms\' hints the server\'s verdict: what the client lets through, the server saves', async () => {
    await bot.say(hilda, 'setup');
    const account = inputOf(cardOf(await bot.click(hilda, 'prereq.open', { step: 'account' })), 'accountEmail');
    expect(account?.['errorMessage']).toBe(
      'Enter an email address, such as publishing@outlook.com, outside the microsoft.com domain and without "Microsoft" or "Azure" in the name.',
    );
    const after = (day: string) => new Date(Date.parse(day) + DAY).toISOString().slice(0, 10);
    // In order: each case opens its step's form as it is then (step 5's hint names step 2's account once saved).
    const cases: [step: string, field: string, value: string | ((today: string) => string)][] = [
      ['mpn', 'mpnId', ' 4512345 '],
      ['devCenter', 'devCenterEmail', 'publishing@outlook.com'],
      ['account', 'accountEmail', 'azure-team@outlook.com'],
      ['account', 'accountEmail', 'publishing@microsoft.com'],
      ['account', 'accountEmail', 'publishing@eu.microsoft.com'],
      ['account', 'accountEmail', 'publishing@out_look.com'],
      ['account', 'accountEmail', ' Publishing@outlook.com '],
      ['devCenter', 'devCenterEmail', 'someone@outlook.com'],
      ['devCenter', 'devCenterEmail', 'publishing@outlook-com'],
      ['devCenter', 'devCenterEmail', 'PUBLISHING@outlook.com '],
      ['registration', 'submittedOn', after],
      ['registration', 'submittedOn', (today) => today],
      ['portal', 'signedInOn', after],
    ];
    for (const [step, field, given] of cases) {
      const input = inputOf(cardOf(await bot.click(hilda, 'prereq.open', { step })), field)!;
      const value = typeof given === 'string' ? given : given(input['max']);
      const client = clientTakes(input, value);
      const card = cardOf(await bot.click(hilda, 'prereq.update', { step, ...VALID[step], [field]: value }));
      const server = messagesAt(card, field).errors.length === 0;
      expect({ step, value, client }).toEqual({ step, value, client: server });
    }
  });

  it('records a step saved again with the same values (a double click) once, keeping who completed it and when', async () => {
    const events = async () => (await bot.app.store.read(hilda.tenantId, (t) => t.auditEvents({ offset: 0, limit: 0 }))).total;
    const before = await events();
    await save(hilda, 'mpn', { mpnId: '7654321' });
    clock.now = new Date('2026-11-25T09:05:00Z');
    await save(hilda, 'mpn', { mpnId: ' 7654321 ' });
    expect(await events()).toBe(before + 1);
    const { steps } = await bot.app.store.read(hilda.tenantId, (t) => t.checklist());
    expect(steps.mpn).toMatchObject({ done: true, values: { mpnId: '7654321' }, at: '2026-11-25T09:00:00.000Z' });
  });

  it('warns about a work-domain Microsoft account, and saves it', async () => {
    const card = cardOf(await save(olivia, 'account', { accountEmail: 'publishing@contoso.com' }));
    expect(textOf(card)).toContain('A Microsoft account tied to a work email address cannot sign in to the Cloud Partner Portal');
    expect(textOf(card)).toContain('create an @outlook.com account and forward its mail');
    expect((await stored()).steps.account).toMatchObject({ done: true, values: { accountEmail: 'publishing@contoso.com' } });
  });

  it('checks Developer Center against step 2\'s account and account type', async () => {
    const other = cardOf(await save(olivia, 'devCenter', { devCenterEmail: 'someone@outlook.com', accountType: 'company' }));
    expect(messagesAt(other, 'devCenterEmail').errors).toEqual(['This must be the Microsoft account from step 2.']);
    const individual = cardOf(await save(olivia, 'devCenter', { devCenterEmail: 'publishing@contoso.com', accountType: 'individual' }));
    expect(messagesAt(individual, 'accountType').errors).toEqual([
      'Developer Center needs a Company account. An Individual account cannot be changed to Company later.',
    ]);
    expect((await stored()).steps.devCenter).toBeUndefined();
  });

  it('a member completes all five steps through card actions: 5 of 5 done, with who and when', async () => {
    expect(cardOf(await bot.click(olivia, 'prereq.transact', { answer: 'yes' }))).toBeDefined();
    let card: Record<string, any> = {};
    for (const [step, inputs] of Object.entries(VALID)) card = cardOf(await save(olivia, step, inputs));
    const text = textOf(card);
    expect(text).toContain('**5 of 5 done** · Every step is done: your organization is a registered cloud publisher.');
    expect(text).toContain('Done by Olivia Owner, 25 Nov 2026, 09:00 UTC');
    expect(text).toContain('Your organization will sell through Azure: steps 2 and 5 are required.');
    expect(text).toContain('SaaS applications');
    expect(text).not.toContain('A Microsoft account tied to a work email');
    const checklist = await stored();
    expect(Object.values(checklist.steps).every((s) => s?.done)).toBe(true);
    const { events } = await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 20 }));
    expect(events.filter((e) => e.type.startsWith('prereq.')).map((e) => e.type)).toEqual([
      'prereq.completed',
      'prereq.completed',
      'prereq.completed',
      'prereq.changed',
      'prereq.completed',
      'prereq.transact',
      'prereq.completed',
    ]);
    expect(events[3]).toMatchObject({ before: { accountEmail: 'publishing@contoso.com' }, after: { accountEmail: 'publishing@outlook.com' } });
  });

  it('keeps the progress across a restart', async () => {
    await bot.restart();
    expect(textOf(cardsOf(await bot.say(olivia, 'prereqs'))[0])).toContain('**5 of 5 done**');
  });

  it('reopens a step, keeping its values for the form', async () => {
    const card = cardOf(await bot.click(olivia, 'prereq.reopen', { step: 'portal' }));
    expect(textOf(card)).toContain('**4 of 5 done** · Next: step 4, Sign in to the Cloud Partner Portal');
    expect(textOf(card)).toContain('Reopened by Olivia Owner');
    const form = cardOf(await bot.click(olivia, 'prereq.open', { step: 'portal' }));
    expect(inputOf(form, 'signedInOn')?.['value']).toBe('2026-11-24');
  });

  it('hints at the spam folder and support only when the welcome email is over 3 days late', async () => {
    const hint = 'Check your spam folder for "Welcome to Microsoft Marketplace!"';
    clock.now = new Date(Date.parse('2026-11-20T00:00:00Z') + 3 * DAY - 1000);
    expect(textOf(cardOf(await bot.click(olivia, 'prereq.view', {})))).not.toContain(hint);
    clock.now = new Date(Date.parse('2026-11-20T00:00:00Z') + 3 * DAY + 1000);
    const late = textOf(cardOf(await bot.click(olivia, 'prereq.view', {})));
    expect(late).toContain(hint);
    expect(late).toContain('"Marketplace Onboarding"');
  });

  it('makes steps 2 and 5 recommended for an organization that will not sell through Azure', async () => {
    const text = textOf(cardOf(await bot.click(olivia, 'prereq.transact', { answer: 'no' })));
    expect(text).toContain('steps 2 and 5 are recommended');
    expect(text.match(/Recommended ·/g)).toHaveLength(2);
    expect((await stored()).transact).toBe(false);
  });

  it('updates the shared card for everyone in a group chat, and not in a 1:1 chat', async () => {
    bot.connector.reset();
    await save(olivia, 'portal', VALID['portal']!, { conversation: groupChat(), replyToId: 'card-message-1' });
    expect(bot.connector.updated).toHaveLength(1);
    const update = bot.connector.updated[0]!;
    expect(update).toMatchObject({ conversationId: groupChat().id, activityId: 'card-message-1' });
    expect(textOf(update.activity['attachments'][0].content)).toContain('**5 of 5 done**');

    await bot.click(olivia, 'prereq.reopen', { step: 'portal' }, { replyToId: 'card-in-personal-chat' });
    expect(bot.connector.updated).toHaveLength(1);
    await save(olivia, 'portal', VALID['portal']!);
  });

  it('keeps an opened form to the person who opened it', async () => {
    bot.connector.reset();
    await bot.click(olivia, 'prereq.open', { step: 'mpn' }, { conversation: groupChat(), replyToId: 'card-message-1' });
    expect(bot.connector.updated).toHaveLength(0);
  });

  it('refuses a refresh (trigger automatic) on a verb that changes data', async () => {
    const before = JSON.stringify(await stored());
    const answer = await bot.click(olivia, 'prereq.reopen', { step: 'mpn' }, { trigger: 'automatic' });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await stored())).toBe(before);
  });

  it('refuses people who are not members, and another tenant sees only its own checklist', async () => {
    const before = JSON.stringify(await stored());
    expect(wordsOf(await bot.say(nina, 'prereqs'))).toContain(
      'Only members of your organization\'s publishing account can do this. Ask an Owner to invite you.',
    );
    const click = await save(nina, 'mpn', { mpnId: '9999999' });
    expect(click).toMatchObject({ status: 403, body: { type: 'application/vnd.microsoft.error' } });
    expect(JSON.stringify(await stored())).toBe(before);
    expect(wordsOf(await bot.say(fred, 'prereqs'))).toContain('Nobody has set up Publisher Desk for your organization yet');
  });

  it('answers Swedish clients in Swedish', async () => {
    const text = textOf(cardsOf(await bot.say(olivia, 'checklista', { locale: 'sv-SE' }))[0]);
    expect(text).toContain('Bli registrerad molnutgivare');
    expect(text).toContain('5 av 5 klara');
  });
});
