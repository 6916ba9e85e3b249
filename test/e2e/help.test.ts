import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { channel } from '../helpers/activities.js';
import { actionsOf, cardsOf, textOf, wordsOf } from '../helpers/cards.js';
import { fred, nina } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';

describe('help and unknown text', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.close());

  it('answers help with an Adaptive Card 1.5 that lists every command', async () => {
    const [card, ...rest] = cardsOf(await bot.say(nina, 'help'));
    expect(rest).toHaveLength(0);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const text = textOf(card);
    for (const command of ['help', 'setup', 'whoami']) expect(text).toContain(`**${command}**`);
    expect(text).toContain('Show your role in the publishing account');
    expect(actionsOf(card)).toContainEqual({ title: 'whoami', verb: 'command.run', data: { command: 'whoami' } });
    // Teams shows at most six of a card's actions.
    expect(actionsOf(card).length).toBeLessThanOrEqual(6);
  });

  it('points the first person of a new organization to setup, and nobody after it is done', async () => {
    const [first, ...rest] = await bot.say(fred, 'hello');
    expect(first?.['text']).toBe('Nobody has set up Publisher Desk for your organization yet. Type **setup** to become its first Owner.');
    expect(textOf(cardsOf(rest)[0])).toContain('What Publisher Desk can do');
    await bot.say(fred, 'setup');
    const after = await bot.say(fred, 'help');
    expect(after.map((a) => a['text']).filter(Boolean)).toEqual([]);
    expect(cardsOf(after)).toHaveLength(1);
  });

  it('reads commands case-insensitively, with the @mention stripped in a channel', async () => {
    const replies = await bot.say(nina, 'HELP', { conversation: channel() });
    expect(textOf(cardsOf(replies)[0])).toContain('What Publisher Desk can do');
  });

  it('answers Swedish clients in Swedish', async () => {
    const replies = await bot.say(nina, 'hjälp', { locale: 'sv-SE' });
    const text = textOf(cardsOf(replies)[0]);
    expect(text).toContain('Det här kan Publisher Desk göra');
    expect(text).toContain('**invite [e-post som ägare|deltagare]**');
    expect(text).not.toMatch(/name or email|<email>/);
  });

  it('suggests the closest command for a typo, and shows help', async () => {
    const replies = await bot.say(nina, 'whoamii');
    expect(replies[0]?.['text']).toBe('I do not know "whoamii". Did you mean **whoami**?');
    expect(textOf(cardsOf(replies)[0])).toContain('What Publisher Desk can do');
  });

  it('suggests a longer command rather than run a shorter one its typo starts with', async () => {
    const replies = await bot.say(nina, 'profile eidt');
    expect(replies[0]?.['text']).toBe('I do not know "profile eidt". Did you mean **profile edit**?');
  });

  it('says plainly when nothing is close', async () => {
    const replies = await bot.say(nina, 'make me a sandwich');
    expect(wordsOf(replies)).toContain('I do not know "make me a sandwich". Here is what I can do.');
  });

  it('answers an empty message (a bare @mention) with help', async () => {
    const replies = await bot.say(nina, '', { conversation: channel() });
    expect(textOf(cardsOf(replies)[0])).toContain('What Publisher Desk can do');
  });

  it('runs a command from a help-card button: the answer arrives as a new message', async () => {
    bot.connector.reset();
    const answer = await bot.click(nina, 'command.run', { command: 'whoami' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    const sent = bot.connector.sent.map((s) => s.activity);
    expect(sent).toHaveLength(1);
    expect(textOf(cardsOf(sent)[0])).toContain('Your access');
  });
});
