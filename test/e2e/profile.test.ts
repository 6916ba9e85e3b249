import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionsOf, cardOf, cardsOf, clientTakes, inputOf, messagesAt, textOf, wordsOf } from '../helpers/cards.js';
import { completeChecklist, organization, VALID_PROFILE } from '../helpers/flows.js';
import { carl, CONTOSO, everyone, fred, nina, olivia, oscar, somebody, type Person } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';

/** An Owner in an organization of her own. */
const ingrid = somebody(51, 'e0000000-0000-4000-8000-000000000006');
/** An Owner whose organization saves long profiles. */
const lars = somebody(52, 'e0000000-0000-4000-8000-000000000007');

describe('publisher profile', () => {
  let bot: TestBot;
  const stored = () => bot.app.store.read(CONTOSO, (t) => t.profile());
  const version = async () => (await stored()).version;
  const save = async (person: Person, changes: Record<string, string>, at?: number) =>
    bot.click(person, 'profile.save', { version: at ?? (await version()), ...VALID_PROFILE, ...changes });

  beforeAll(async () => {
    bot = await startBot({ now: () => new Date('2026-11-25T10:00:00Z'), people: [...everyone, ingrid, lars] });
    await organization(bot, olivia, [[oscar, 'owner'], [carl, 'contributor']]);
  });
  afterAll(() => bot.close());

  it('shows an empty profile, with Edit for Owners only', async () => {
    const forOwner = cardsOf(await bot.say(olivia, 'profile'))[0];
    expect(textOf(forOwner)).toContain('No profile yet.');
    expect(actionsOf(forOwner)).toEqual([{ title: 'Edit the profile', verb: 'profile.edit', data: {} }]);
    expect(actionsOf(cardsOf(await bot.say(carl, 'profile'))[0])).toEqual([]);
    expect(wordsOf(await bot.say(nina, 'profile'))).toContain('Only members');
  });

  it('opens a form with every editable field and client-side hints, at the current version', async () => {
    const form = cardsOf(await bot.say(olivia, 'profile edit'))[0];
    expect(inputOf(form, 'publisherId')).toMatchObject({ type: 'Input.Text', isRequired: true, regex: '^\\s*(?:[a-z0-9-]{3,50})\\s*$', errorMessage: 'Use 3 to 50 lowercase letters, digits and hyphens.' });
    expect(inputOf(form, 'displayName')).toMatchObject({ isRequired: true, errorMessage: 'Enter a display name of 1 to 50 characters, without "Microsoft" or "Azure".' });
    expect(inputOf(form, 'ownerEmails')).toMatchObject({ isRequired: true, errorMessage: 'Enter the email of one or more Owners of your organization, separated by commas.' });
    expect(inputOf(form, 'website')?.['regex']).toMatch(/^\^\\s\*\(\?:\[Hh\]\[Tt\]\[Tt\]\[Pp\]\[Ss\]:\/\//);
    expect(inputOf(form, 'devCenterStatus')?.['choices'].map((c: any) => c.value)).toEqual(['notLinked', 'linked']);
    // The person's latest possible today (no device time here: 10:00 UTC + 14 h).
    expect(inputOf(form, 'firstOfferPublishedOn')).toMatchObject({ type: 'Input.Date', max: '2026-11-26' });
    expect(actionsOf(form)).toEqual([
      { title: 'Save', verb: 'profile.save', data: { version: 0 } },
      { title: 'Cancel', verb: 'profile.view', data: {} },
    ]);
    expect(wordsOf(await bot.say(carl, 'profile edit'))).toContain('Only Owners');
  });

  it('saves a valid profile and shows every field, with the MPN ID from the checklist', async () => {
    const card = cardOf(await save(olivia, {}));
    const text = textOf(card);
    expect(text).toContain('Profile saved (version 1).');
    for (const value of ['contoso-apps', 'Contoso Apps', 'olivia@contoso.com, oscar@contoso.com', '4512345', '+46 8 123 456', 'https://contoso.com', 'Linked', 'Contoso AB']) {
      expect(text).toContain(value);
    }
    expect(text).toContain('Last saved by Olivia Owner, 25 Nov 2026, 10:00 UTC (version 1)');
    const profile = await stored();
    expect(profile).toMatchObject({ version: 1, values: { ...VALID_PROFILE, ownerEmails: ['olivia@contoso.com', 'oscar@contoso.com'] } });
  });

  describe('refuses bad input at the field, keeps what was typed, and stores nothing', () => {
    const expectRefused = async (changes: Record<string, string>, field: string, message: string) => {
      const before = JSON.stringify(await stored());
      const card = cardOf(await save(olivia, changes));
      expect(messagesAt(card, field).errors).toEqual([message]);
      expect(textOf(card)).toContain('Please correct the fields marked below. Nothing was saved.');
      for (const [id, value] of Object.entries(changes)) expect(inputOf(card, id)?.['value']).toBe(value);
      expect(JSON.stringify(await stored())).toBe(before);
    };

    it.each([['Contoso Apps'], ['ab'], ['a'.repeat(51)], ['contoso_apps']])('publisher ID %s', (publisherId) =>
      expectRefused({ publisherId }, 'publisherId', 'Use 3 to 50 lowercase letters, digits and hyphens.'));
    it('an empty display name', () => expectRefused({ displayName: '' }, 'displayName', 'Enter a display name of 1 to 50 characters.'));
    it.each([['Contoso for Azure'], ['MICROSOFT Tools']])('a display name with a brand: %s', (displayName) =>
      expectRefused({ displayName }, 'displayName', 'The display name must not contain "Microsoft" or "Azure".'));
    it('owner emails that are not Owners', () =>
      expectRefused({ ownerEmails: 'olivia@contoso.com, carl@contoso.com' }, 'ownerEmails', 'Every owner email must belong to an Owner of your organization.'));
    it('no owner email', () => expectRefused({ ownerEmails: ' , ' }, 'ownerEmails', 'Enter at least one owner email, separated by commas.'));
    it('a Developer Center owner who is not among the owner emails', () =>
      expectRefused({ ownerEmails: 'olivia@contoso.com', devCenterOwnerEmail: 'oscar@contoso.com' }, 'devCenterOwnerEmail',
        'The Developer Center owner email must be one of the owner emails.'));
    it('a Developer Center owner outside the owner emails, also while not linked', () =>
      expectRefused({ devCenterStatus: 'notLinked', devCenterOwnerEmail: 'carl@contoso.com' }, 'devCenterOwnerEmail',
        'The Developer Center owner email must be one of the owner emails.'));
    it('a linked Developer Center without an account name', () =>
      expectRefused({ devCenterAccountName: '' }, 'devCenterAccountName', 'A linked Developer Center needs its account name.'));
    it.each([['http://contoso.com'], ['contoso.com'], ['https://']])('a website that is not https: %s', (website) =>
      expectRefused({ website }, 'website', 'Enter an https:// address, such as https://contoso.com.'));
    it('a phone number with letters', () =>
      expectRefused({ phone: 'call us' }, 'phone', 'Enter a phone number of digits, spaces, dashes and brackets, such as +46 8 123 456.'));
    it('a contact email that is not one', () =>
      expectRefused({ contactEmail: 'publishing' }, 'contactEmail', 'Enter an email address, such as publishing@contoso.com.'));
    it('a first offer date in the future', () =>
      expectRefused({ firstOfferPublishedOn: '2027-01-01' }, 'firstOfferPublishedOn', 'Enter a date as YYYY-MM-DD, not in the future.'));

    it('a publisher ID another organization uses', async () => {
      await bot.say(fred, 'setup');
      await completeChecklist(bot, fred);
      const taken = await bot.click(fred, 'profile.save', { version: 0, ...VALID_PROFILE, ownerEmails: 'fred@fabrikam.com', devCenterOwnerEmail: 'fred@fabrikam.com' });
      expect(messagesAt(cardOf(taken), 'publisherId').errors).toEqual(['Another publisher already uses this publisher ID.']);
      const own = await bot.click(fred, 'profile.save', { version: 0, ...VALID_PROFILE, publisherId: 'fabrikam', ownerEmails: 'fred@fabrikam.com', devCenterOwnerEmail: 'fred@fabrikam.com' });
      expect(textOf(cardOf(own))).toContain('Profile saved (version 1).');
    });
  });

  it('refuses a stale form: one save wins, the other gets what changed since and a fresh form', async () => {
    const opened = await version();
    const [first, second] = await Promise.all([
      save(olivia, { displayName: 'Contoso Apps AB' }, opened),
      save(oscar, { displayName: 'Contoso Applications', phone: '+46 8 999 999' }, opened),
    ]);
    const texts = [textOf(cardOf(first)), textOf(cardOf(second))];
    const winner = texts.findIndex((t) => t.includes(`Profile saved (version ${opened + 1}).`));
    expect(winner).not.toBe(-1);
    const conflict = texts[1 - winner]!;
    expect(conflict).toContain('Someone saved the profile first');
    expect(conflict).toContain(`saved a newer version (${opened + 1})`);
    expect(conflict).toContain(winner === 0 ? 'Display name\nContoso Apps AB' : 'Display name\nContoso Applications');
    const card = cardOf(winner === 0 ? second : first);
    expect(actionsOf(card)).toEqual([{ title: 'Open the form with the current values', verb: 'profile.edit', data: {} }]);
    const fresh = cardOf(await bot.click(winner === 0 ? oscar : olivia, 'profile.edit', {}));
    expect(actionsOf(fresh)[0]?.data).toEqual({ version: opened + 1 });
    expect((await stored()).version).toBe(opened + 1);
  });

  it('tells a stale form and a missing owner email in Swedish to a Swedish Teams client', async () => {
    const sv = { locale: 'sv-SE' };
    const stale = textOf(cardOf(await bot.click(oscar, 'profile.save', { ...VALID_PROFILE, version: (await version()) - 1 }, sv)));
    expect(stale).toMatch(/sparade en nyare version \(\d+\) den \d+ nov\. 2026 10:00 UTC, efter att du öppnade formuläret\. Inget av det du skrev sparades\./);
    const refused = cardOf(await bot.click(olivia, 'profile.save', { ...VALID_PROFILE, version: await version(), ownerEmails: ' , ' }, sv));
    expect(messagesAt(refused, 'ownerEmails').errors).toEqual(['Ange minst en ägaradress; skilj flera åt med kommatecken.']);
  });

  it('answers the same form sent twice (a double click, a retry) as saved, not as someone else\'s newer version', async () => {
    const opened = await version();
    const events = async () => (await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 0 }))).total;
    const eventsBefore = await events();
    const answers = await Promise.all([0, 1].map(() => save(olivia, { displayName: 'Contoso Apps Nordic' }, opened)));
    for (const answer of answers) {
      const text = textOf(cardOf(answer));
      expect(text).toContain(`Profile saved (version ${opened + 1}).`);
      expect(text).not.toContain('Someone saved the profile first');
    }
    expect((await stored()).version).toBe(opened + 1);
    expect(await events()).toBe(eventsBefore + 1);
  });

  it('refuses a Contributor\'s forged save and audits it', async () => {
    const before = JSON.stringify(await stored());
    const answer = await save(carl, { displayName: 'Carl was here' });
    expect(answer).toMatchObject({ status: 403, body: { value: { message: expect.stringContaining('Only Owners') } } });
    expect(JSON.stringify(await stored())).toBe(before);
    const { events } = await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 1 }));
    expect(events[0]).toMatchObject({ type: 'profile.saveRefused', actor: { aadObjectId: carl.aadObjectId } });
  });

  describe('after the first offer is published', () => {
    beforeAll(async () => {
      const current = (await stored()).values!;
      const card = cardOf(await save(olivia, { displayName: current.displayName, phone: current.phone, firstOfferPublishedOn: '2026-11-24' }));
      expect(textOf(card)).toContain('The first offer is published, so the publisher ID and owner emails can no longer change.');
    });

    it('shows the publisher ID and owner emails read-only in the form', async () => {
      const form = cardOf(await bot.click(olivia, 'profile.edit', {}));
      expect(inputOf(form, 'publisherId')).toBeUndefined();
      expect(inputOf(form, 'ownerEmails')).toBeUndefined();
      expect(textOf(form)).toContain('Publisher ID\ncontoso-apps');
      expect(inputOf(form, 'displayName')).toMatchObject({ type: 'Input.Text' });
    });

    it('refuses a forged payload that changes them', async () => {
      const before = JSON.stringify(await stored());
      const card = cardOf(await save(olivia, { publisherId: 'contoso-new', ownerEmails: 'olivia@contoso.com', firstOfferPublishedOn: '2026-11-24' }));
      expect(messagesAt(card, 'publisherId').errors).toEqual(['This cannot change after the first offer is published.']);
      expect(messagesAt(card, 'ownerEmails').errors).toEqual(['This cannot change after the first offer is published.']);
      expect(JSON.stringify(await stored())).toBe(before);
    });

    it('refuses removing the first offer date', async () => {
      const card = cardOf(await save(olivia, { firstOfferPublishedOn: '' }));
      expect(messagesAt(card, 'firstOfferPublishedOn').errors).toEqual(['Once the first offer is published, its date cannot be removed.']);
    });

    it('still lets Owners change the display name, from a form without the locked fields', async () => {
      const { publisherId: _, ownerEmails: __, ...editable } = VALID_PROFILE;
      const answer = await bot.click(olivia, 'profile.save', {
        version: await version(), ...editable, displayName: 'Contoso Marketplace', firstOfferPublishedOn: '2026-11-24',
      });
      expect(textOf(cardOf(answer))).toContain('Contoso Marketplace');
      expect((await stored()).values).toMatchObject({ publisherId: 'contoso-apps', displayName: 'Contoso Marketplace' });
    });

    it('stays editable when an Owner named in the locked owner emails is no longer an Owner', async () => {
      expect(wordsOf(await bot.say(olivia, 'role oscar@contoso.com contributor'))).toContain('oscar@contoso.com is now a Contributor.');
      const { publisherId: _, ownerEmails: __, ...editable } = VALID_PROFILE;
      const answer = await bot.click(olivia, 'profile.save', {
        version: await version(), ...editable, displayName: 'Contoso Market', firstOfferPublishedOn: '2026-11-24',
      });
      expect(textOf(cardOf(answer))).toContain('Contoso Market');
      expect((await stored()).values).toMatchObject({ displayName: 'Contoso Market', ownerEmails: ['olivia@contoso.com', 'oscar@contoso.com'] });
      await bot.say(olivia, 'role oscar@contoso.com owner');
    });
  });

  it('needs the checklist done to edit', async () => {
    await bot.click(olivia, 'prereq.reopen', { step: 'mpn' });
    const gate = cardsOf(await bot.say(olivia, 'edit profile'))[0];
    expect(textOf(gate)).toContain('Steps still to do: 1.');
    expect(actionsOf(gate)).toEqual([{ title: 'Open the checklist', verb: 'prereq.view', data: {} }]);
    expect(textOf(cardOf(await save(olivia, { displayName: 'Blocked' })))).toContain('Finish the prerequisites first');
    await bot.click(olivia, 'prereq.update', { step: 'mpn', mpnId: '4512345' });
  });

  it('shows who changed what and when in `history`, with before and after, page by page', async () => {
    const card = cardsOf(await bot.say(carl, 'history'))[0];
    const text = textOf(card);
    expect(text).toContain('**Olivia Owner** · completed a prerequisite · step 1');
    expect(text).toContain('**Olivia Owner** · saved the profile · the publisher profile');
    expect(text).toContain('Role: Owner → Contributor');
    expect(text).toContain('Display name: Contoso Apps');
    expect(text).toContain('→ Contoso Marketplace');
    expect(text).toContain('**Carl Contributor** · was refused saving the profile');
    expect(text).toMatch(/Page 1 of \d+/);
    const older = actionsOf(card).find((a) => a.verb === 'history.view');
    expect(older).toEqual({ title: 'Older', verb: 'history.view', data: { page: 2 } });
    const second = cardOf(await bot.click(carl, 'history.view', { page: 2 }));
    expect(textOf(second)).toContain('Page 2 of');
    expect(wordsOf(await bot.say(nina, 'history'))).toContain('Only members');
  });

  it('keeps a history page of ten long profile saves under Teams\' message size, saying what it left out', async () => {
    await organization(bot, lars);
    const version = async () => (await bot.app.store.read(lars.tenantId, (t) => t.profile())).version;
    // Every field at its longest, in characters UTF-8 spends two bytes on, and different on each save.
    const long = (n: number, length: number) => `${n}${'Åö'.repeat(length)}`.slice(0, length);
    for (let n = 0; n < 10; n++) {
      const answer = await bot.click(lars, 'profile.save', {
        version: await version(),
        publisherId: `publisher-${n}`.padEnd(50, 'x'),
        displayName: long(n, 50),
        ownerEmails: lars.email,
        contactName: long(n, 100),
        contactEmail: `${'k'.repeat(60)}${n}@${'d'.repeat(60)}.example.com`,
        phone: `+46 ${n}${'1'.repeat(20)}`,
        website: `https://${'w'.repeat(170)}${n}.example.com`,
        devCenterStatus: n % 2 ? 'linked' : 'notLinked',
        devCenterAccountName: long(n, 100),
        devCenterOwnerEmail: lars.email,
        firstOfferPublishedOn: '',
      });
      expect(textOf(cardOf(answer))).not.toContain('Nothing was saved');
    }
    for (const locale of ['en-US', 'sv-SE']) {
      const [message] = (await bot.say(lars, 'history', { locale })).filter((a) => a['attachments']);
      const card = cardsOf([message!])[0]!;
      expect(textOf(card)).toContain(locale === 'en-US' ? 'Page 1 of 2' : 'Sida 1 av 2');
      // Teams refuses a message over about 28 KB.
      expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(28_000);
      expect(textOf(card)).toMatch(locale === 'en-US' ? /…and \d+ more, in full in the tab's history CSV/ : /…och \d+ till, i sin helhet/);
    }
  });

  it('counts what JSON escapes in that size: quotes, backslashes and control characters pasted into the profile', async () => {
    const odd = (n: number, length: number) => `${n}${'"\\\u0001\u0002'.repeat(length)}`.slice(0, length);
    for (let n = 0; n < 10; n++) {
      await bot.click(lars, 'profile.save', {
        version: (await bot.app.store.read(lars.tenantId, (t) => t.profile())).version,
        publisherId: `publisher-${n}`.padEnd(50, 'x'),
        displayName: `x${odd(n, 49)}`,
        ownerEmails: lars.email,
        contactName: `x${odd(n, 99)}`,
        contactEmail: '',
        phone: '',
        website: `https://example.com/${odd(n, 150)}`,
        devCenterStatus: 'linked',
        devCenterAccountName: `x${odd(n, 99)}`,
        devCenterOwnerEmail: lars.email,
        firstOfferPublishedOn: '',
      });
    }
    const [message] = (await bot.say(lars, 'history')).filter((a) => a['attachments']);
    expect(textOf(cardsOf([message!])[0]!)).toContain('**Person 52** · saved the profile');
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(28_000);
  });

  it('tells the history in Swedish to a Swedish Teams client, with the words of the forms', async () => {
    const text = textOf(cardsOf(await bot.say(carl, 'historik', { locale: 'sv-SE' }))[0]);
    expect(text).toContain('**Olivia Owner** · ändrade en roll · oscar@contoso.com');
    expect(text).toContain('Roll: Ägare → Deltagare');
    expect(text).toContain('**Olivia Owner** · sparade profilen · utgivarprofilen');
    expect(text).not.toMatch(/\b(owner|contributor|step \d|profile)\b/);
    const older = textOf(cardOf(await bot.click(carl, 'history.view', { page: 2 }, { locale: 'sv-SE' })));
    expect(older).toContain('slutförde en förutsättning · steg 1');
    expect(older).toContain('MPN-ID: 4512345');
  });
  it('gives the form hints the server\'s verdict: what the client lets through, the server saves', async () => {
    // An organization of its own, so the saves leave Contoso's profile alone.
    await organization(bot, ingrid);
    const base = { ...VALID_PROFILE, publisherId: 'elsewhere-apps', ownerEmails: ingrid.email, devCenterOwnerEmail: ingrid.email };
    const form = cardsOf(await bot.say(ingrid, 'profile edit'))[0];
    const today = inputOf(form, 'firstOfferPublishedOn')?.['max'];
    const cases: [field: string, value: string][] = [
      ['displayName', 'Elsewhere Apps'],
      ['displayName', 'Azure Tools AB'],
      ['displayName', 'tools for micROSOFT'],
      ['displayName', '   '],
      ['displayName', ' Elsewhere Apps '],
      ['publisherId', ' elsewhere-apps '],
      ['ownerEmails', ` ${ingrid.email}; `],
      ['ownerEmails', `${ingrid.email} oscar`],
      ['ownerEmails', `${ingrid.email}, ${'x'.repeat(65)}@elsewhere.example.com`],
      ['ownerEmails', `${ingrid.email}, ingrid@elsewhere_example.com`],
      ['ownerEmails', `${ingrid.email.toUpperCase()};${olivia.email}`],
      ['ownerEmails', ` ${ingrid.email.toUpperCase()} `],
      ['contactEmail', ' publishing@elsewhere.example.com '],
      ['contactEmail', 'publishing@elsewhere.example.com.'],
      ['contactEmail', 'publishing@bücher.example'],
      ['phone', ' +46 8 123 456 '],
      ['phone', '+4612     '],
      ['website', 'HTTPS://elsewhere.example.com'],
      ['website', 'https://elsewhere.example.com/about?tab=1'],
      ['website', 'https://intranet/a.b'],
      ['website', 'http://elsewhere.example.com'],
      ['website', ' https://elsewhere.example.com '],
      ['website', 'https://elsewhere.example.com/about us'],
      ['website', 'https://elsewhere.example.com:99999'],
      ['website', 'https://elsewhere.'],
      ['website', 'https://bücher.example'],
      ['firstOfferPublishedOn', today],
      ['firstOfferPublishedOn', new Date(Date.parse(today) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10)],
    ];
    for (const [field, value] of cases) {
      const client = clientTakes(inputOf(form, field)!, value);
      const version = (await bot.app.store.read(ingrid.tenantId, (t) => t.profile())).version;
      const answer = cardOf(await bot.click(ingrid, 'profile.save', { ...base, version, [field]: value }));
      const server = !textOf(answer).includes('Nothing was saved');
      expect({ field, value, client }).toEqual({ field, value, client: server });
    }
  });
});
