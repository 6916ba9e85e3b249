import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionsOf, cardsOf, textOf, wordsOf } from '../helpers/cards.js';
import { carl, CONTOSO, fred, olivia } from '../helpers/people.js';
import { completeChecklist } from '../helpers/flows.js';
import { startBot, type TestBot } from '../helpers/server.js';

describe('setup and whoami', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startBot({ now: () => new Date('2026-11-25T09:30:00Z') });
  });
  afterAll(() => bot.close());

  it('tells a person in a new organization how to start', async () => {
    expect(wordsOf(await bot.say(olivia, 'whoami'))).toContain('Type **setup** to become its first Owner');
  });

  it('makes the first person to run setup the Owner, with the email Teams gives', async () => {
    const card = cardsOf(await bot.say(olivia, 'setup'))[0];
    expect(textOf(card)).toContain('Publisher Desk is set up');
    expect(textOf(card)).toContain('olivia@contoso.com');
    // Inviting and editing the profile wait for the checklist: the card leads there.
    expect(textOf(card)).toContain('Next, work through the prerequisites checklist: inviting members and editing the profile wait for it.');
    expect(actionsOf(card)).toEqual([{ title: 'Open the checklist', verb: 'prereq.view', data: {} }]);
    const me = textOf(cardsOf(await bot.say(olivia, 'who am I?'))[0]);
    expect(me).toContain('You are an **Owner**');
    expect(me).toContain('25 Nov 2026, 09:30 UTC');
  });

  it('tells the next person who the Owners are, without changing them', async () => {
    const text = wordsOf(await bot.say(carl, 'setup'));
    expect(text).toContain('Already set up');
    expect(text).toContain('Olivia Owner');
    expect(wordsOf(await bot.say(carl, 'who are the owners'))).toContain(
      'You are not a member of your organization\'s publishing account yet',
    );
    const members = await bot.app.store.read(CONTOSO, (t) => t.members());
    expect(members.map((m) => [m.email, m.role])).toEqual([['olivia@contoso.com', 'owner']]);
  });

  it('keeps organizations apart: another tenant starts from nothing', async () => {
    expect(wordsOf(await bot.say(fred, 'whoami'))).toContain('Nobody has set up Publisher Desk');
    expect(wordsOf(await bot.say(fred, 'setup'))).toContain('Publisher Desk is set up');
    expect(wordsOf(await bot.say(olivia, 'whoami'))).not.toContain('fred@fabrikam.com');
  });

  it('keeps the organization across a restart', async () => {
    await bot.restart();
    expect(wordsOf(await bot.say(olivia, 'whoami'))).toContain('You are an **Owner**');
  });

  it('answers in Swedish', async () => {
    expect(wordsOf(await bot.say(olivia, 'vem är jag', { locale: 'sv-SE' }))).toContain('Du är **ägare**');
  });

  it('names an invited Owner, who has no name yet, by their email once', async () => {
    await completeChecklist(bot, olivia);
    await bot.say(olivia, 'invite deputy@contoso.com as owner');
    const text = wordsOf(await bot.say(olivia, 'whoami'));
    expect(text).toContain('**deputy@contoso.com**');
    expect(text).not.toContain('**deputy@contoso.com** · deputy@contoso.com');
    expect(wordsOf(await bot.say(carl, 'setup'))).toContain('**Olivia Owner** · olivia@contoso.com\n**deputy@contoso.com**');
  });
});
