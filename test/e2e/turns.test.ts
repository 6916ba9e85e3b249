import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cardAction, channel, groupChat, message, personalChat } from '../helpers/activities.js';
import { cardsOf, textOf, wordsOf } from '../helpers/cards.js';
import { ana, carl, CONTOSO, FABRIKAM, fred, nina, olivia, somebody } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';
import { storeFiles } from '../helpers/store-files.js';

describe('turn handling', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.close());

  it('stores the sender\'s conversation reference and email, and asks Teams for the email only once', async () => {
    bot.connector.reset();
    await bot.say(nina, 'help');
    await bot.say(nina, 'whoami');
    await bot.say(nina, 'help', { conversation: groupChat() });
    expect(bot.connector.memberLookups).toEqual([nina.id]);
    const stored = await bot.app.store.read(CONTOSO, async (t) => ({
      user: await t.user(nina.aadObjectId),
      personal: await t.conversation(personalChat(nina).id),
      group: await t.conversation(groupChat().id),
    }));
    expect(stored.user).toMatchObject({ email: 'nina@contoso.com', personalConversationId: personalChat(nina).id });
    expect(stored.personal?.reference).toMatchObject({
      serviceUrl: bot.connector.url,
      conversation: { id: personalChat(nina).id },
      bot: { id: '28:publisher-desk-bot' },
    });
    expect(stored.personal?.reference).not.toHaveProperty('activityId');
    expect(stored.group?.type).toBe('groupChat');
  });

  it('writes nothing for a chat\'s ordinary messages, whoever of its people sends them', async () => {
    const chat = { conversation: groupChat('19:talkative@thread.v2') };
    await bot.say(carl, 'help', chat);
    await bot.say(olivia, 'help', chat);
    const before = await storeFiles(bot.storageFile);
    for (let n = 0; n < 6; n++) await bot.say(n % 2 ? carl : olivia, 'help', chat);
    expect(await storeFiles(bot.storageFile)).toEqual(before);
  });

  it('answers without the sender\'s email when Teams is slow to give it, and asks again next time', async () => {
    const slow = ana;
    bot.connector.lookupDelayMs = 20_000;
    try {
      const began = Date.now();
      expect(wordsOf(await bot.say(slow, 'whoami'))).toContain('Your access');
      expect(Date.now() - began).toBeLessThan(10_000);
      // The look-up is abandoned, not left open for Teams' 20 s.
      expect(await bot.connector.waitingAfter(2_000)).toBe(0);
    } finally {
      bot.connector.lookupDelayMs = 0;
    }
    expect((await bot.app.store.read(CONTOSO, (t) => t.user(slow.aadObjectId)))?.email).toBeUndefined();
    await bot.say(slow, 'whoami');
    expect((await bot.app.store.read(CONTOSO, (t) => t.user(slow.aadObjectId)))?.email).toBe(slow.email);
  }, 30_000);

  it('still answers when Teams cannot say who the sender is', async () => {
    const ghost = somebody(1, CONTOSO);
    const replies = await bot.say(ghost, 'whoami');
    expect(wordsOf(replies)).toContain('Your access');
  });

  it('refuses activities that carry no Teams user or tenant', async () => {
    const anonymous = message(nina, 'help', bot.connector.url);
    delete (anonymous.from as { aadObjectId?: string }).aadObjectId;
    const answer = await bot.post(anonymous);
    expect(answer.status).toBe(200);
    expect(wordsOf(answer.body.activities)).toContain('Publisher Desk works inside Microsoft Teams');

    const noTenant = message(nina, 'help', bot.connector.url);
    delete (noTenant.conversation as { tenantId?: string }).tenantId;
    delete (noTenant as { channelData?: unknown }).channelData;
    expect(wordsOf((await bot.post(noTenant)).body.activities)).toContain('Publisher Desk works inside Microsoft Teams');
  });

  it('answers a request that is not an activity with 400 and the reason', async () => {
    expect(await bot.post({ hello: 'world' })).toEqual({
      status: 400,
      body: { error: 'Not a valid activity: type: Invalid input: expected string, received undefined' },
    });
    const noServiceUrl = { ...message(nina, 'help', bot.connector.url), serviceUrl: 'file:///etc/passwd' };
    expect((await bot.post(noServiceUrl)).status).toBe(400);
    expect((await bot.post('{not json')).status).toBe(400);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const huge = message(nina, 'x'.repeat(300 * 1024), bot.connector.url);
    expect((await bot.post(huge)).status).toBe(413);
  });

  describe('card actions', () => {
    it('answers an unknown verb with a 400 error response and the reason', async () => {
      const answer = await bot.click(nina, 'rocket.launch', {});
      expect(answer).toEqual({
        status: 400,
        body: {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: {
            code: 'BadRequest',
            message: 'This button (rocket.launch) is not one Publisher Desk knows. The card may be out of date: type help for a fresh one.',
          },
        },
      });
    });

    it('answers invalid data with a 400 naming the field', async () => {
      const answer = await bot.click(nina, 'command.run', { command: 42 });
      expect(answer.status).toBe(400);
      expect(answer.body.value.message).toBe(
        'This button sent data Publisher Desk cannot use (at command). The card may be out of date: type help for a fresh one.',
      );
      const swedish = await bot.click(nina, 'command.run', { command: 42 }, { locale: 'sv-SE' });
      expect(swedish.body.value.message).toBe('Knappen skickade data som Publisher Desk inte kan använda (vid command). Kortet kan vara inaktuellt: skriv hjälp för ett nytt.');
      const unknown = await bot.click(nina, 'command.run', { command: 'format-disk' });
      expect(unknown.body.value.message).toBe('This button asks for a command Publisher Desk does not have (format-disk). Type help for the ones it has.');
    });

    it('answers a malformed invoke value and other invoke names with 400', async () => {
      const noAction = { ...cardAction(nina, 'x', {}, bot.connector.url), value: { action: null } };
      expect((await bot.post(noAction)).status).toBe(400);
      const submit = cardAction(nina, 'x', {}, bot.connector.url);
      submit.value.action.type = 'Action.Submit';
      expect((await bot.post(submit)).body.type).toBe('application/vnd.microsoft.error');
      const other = { ...cardAction(nina, 'x', {}, bot.connector.url), name: 'composeExtension/query' };
      expect((await bot.post(other)).status).toBe(400);
    });
  });

  it('greets a conversation the bot is added to', async () => {
    bot.connector.reset();
    const base = message(carl, '', bot.connector.url);
    const added = { ...base, type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:publisher-desk-bot' }] };
    expect((await bot.post(added)).status).toBe(200);
    expect(wordsOf((await bot.post(added)).body.activities)).toContain('Hi, I am Publisher Desk');
    expect(wordsOf((await bot.post(added)).body.activities)).toContain('Type **help**');

    // In a team's channel or a group chat, Teams passes the bot only messages that @mention it.
    for (const [conversation, locale, hint] of [
      [channel('19:installed@thread.tacv2'), 'en-US', '@mention me first: type **@Publisher Desk help**'],
      [groupChat('19:installed@thread.v2'), 'en-US', '@mention me first: type **@Publisher Desk help**'],
      [groupChat('19:installed@thread.v2'), 'sv-SE', '@nämna mig först: skriv **@Publisher Desk help**'],
    ] as const) {
      const shared = { ...message(carl, '', bot.connector.url, { conversation, locale }), type: 'conversationUpdate', text: undefined, entities: undefined, membersAdded: [{ id: '28:publisher-desk-bot' }] };
      const words = wordsOf((await bot.post(shared)).body.activities);
      expect(words).toContain(hint);
      expect(words).not.toMatch(/(Type|Skriv) \*\*help\*\*/);
    }
  });

  it('logs a failing turn with an error ID and shows the person that ID, not a stack trace', async () => {
    // A folder where the tenant's file should be makes lowdb's rename fail: a real I/O error.
    const tenantFile = join(dirname(bot.storageFile), 'publisher-desk.tenants', `${FABRIKAM}.json`);
    await mkdir(tenantFile, { recursive: true });
    const replies = await bot.say(fred, 'setup');
    const card = cardsOf(replies)[0];
    expect(textOf(card)).toContain('Something went wrong');
    expect(textOf(card)).toMatch(/error ID: [0-9a-f]{8}/);
    expect(JSON.stringify(replies)).not.toMatch(/EISDIR|at .*\.ts:\d+/);

    const click = await bot.click(fred, 'command.run', { command: 'whoami' });
    expect(click.status).toBe(200);
    expect(click.body.value).toMatch(/error ID: [0-9a-f]{8}/);
  });
});

describe('allowed tenants', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startBot({ env: { ALLOWED_TENANTS: CONTOSO } });
  });
  afterAll(() => bot.close());

  it('serves listed tenants and refuses others without storing anything of theirs', async () => {
    expect(wordsOf(await bot.say(olivia, 'setup'))).toContain('Publisher Desk is set up');
    expect(wordsOf(await bot.say(fred, 'setup'))).toContain('Publisher Desk is not enabled for your organization.');
    const click = await bot.click(fred, 'command.run', { command: 'whoami' });
    expect(click.status).toBe(403);
    expect(await bot.app.store.read(FABRIKAM, (t) => t.user(fred.aadObjectId))).toBeUndefined();
  });
});
