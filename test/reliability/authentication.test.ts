import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { decodeProtectedHeader } from 'jose';
import type { CredentialsFactory } from '../../src/bot/adapter.js';
import { cardAction, message } from '../helpers/activities.js';
import { cardsOf, textOf, wordsOf } from '../helpers/cards.js';
import { fred, olivia } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';
import { storeFiles } from '../helpers/store-files.js';
import { startTokenAuthority, type TokenAuthority } from '../helpers/token-authority.js';
import { reportFigures } from './figures.js';

// The bot with an app ID, checking Bot Framework tokens against a local authority's published key:
// only a token the channel could have made gets a turn; every other request is a 401 that changes nothing.

const APP_ID = '9a1b2c3d-0000-4000-8000-000000000abc';
const OTHER_APP_ID = '9a1b2c3d-0000-4000-8000-000000000def';
const APP_TENANT = '7e0d0000-0000-4000-8000-000000000001';
const ISSUER = 'https://api.botframework.com';

/** Outgoing calls carry this instead of a Microsoft Entra ID token, which would need the internet. */
const OUTGOING_TOKEN = 'local-test-token';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication with an app ID', () => {
  let authority: TokenAuthority;
  let bot: TestBot;
  let credentialsMade = 0;
  const figures = { tokensTried: 0, tokensRefused: 0, tokensAccepted: 0 };

  const credentials: CredentialsFactory = {
    isValidAppId: async (appId) => appId === APP_ID,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => {
      credentialsMade += 1;
      return {
        signRequest: async (request) => {
          request.headers.set('authorization', `Bearer ${OUTGOING_TOKEN}`);
          return request;
        },
      };
    },
  };

  beforeAll(async () => {
    // As the Bot Framework's keys are, endorsed for Teams and for the Web Chat every Azure Bot has.
    authority = await startTokenAuthority({ issuer: ISSUER, endorsements: ['msteams', 'webchat'] });
    bot = await startBot({
      credentials,
      env: {
        HOST: '127.0.0.1',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'never-used-offline',
        MicrosoftAppTenantId: APP_TENANT,
        BOT_OPENID_METADATA_URL: authority.metadataUrl,
      },
    });
  });
  afterAll(async () => {
    reportFigures('authentication', figures);
    await bot.close();
    await authority.close();
  });

  /** What the channel puts in a token for this bot and this connector. */
  const claims = () => ({ iss: ISSUER, aud: APP_ID, serviceurl: bot.connector.url });
  const send = async (activity: unknown, authorization: string | undefined) => {
    figures.tokensTried += 1;
    return bot.post(activity, authorization ? { authorization } : {});
  };

  it('gives a turn to a valid token, and the reply reaches the connector with the bot\'s own credentials', async () => {
    const token = await authority.sign(claims(), { expiresIn: 300 });
    const answer = await send(message(olivia, 'setup', bot.connector.url, { delivery: 'normal' }), `Bearer ${token}`);
    expect(answer.status).toBe(200);
    figures.tokensAccepted += 1;
    const [reply] = bot.connector.sent.map((s) => s.activity);
    expect(textOf(cardsOf([reply!])[0])).toContain('Publisher Desk is set up');
    expect(bot.connector.sent.map((s) => s.authorization)).toEqual(bot.connector.sent.map(() => `Bearer ${OUTGOING_TOKEN}`));
    expect(bot.connector.memberLookups).toContain(olivia.id);
    expect(credentialsMade).toBeGreaterThan(0);
  });

  // Each is tried on a message that would set up an organization and on a click that would change the checklist.
  const refused: [string, () => Promise<{ authorization?: string; channelId?: string }>][] = [
    ['no Authorization header', async () => ({})],
    ['a bearer value that is no JWT', async () => ({ authorization: 'Bearer not.a.token' })],
    ['another scheme', async () => ({ authorization: `Basic ${Buffer.from('bot:secret').toString('base64')}` })],
    ['a token that expired an hour ago', async () => ({ authorization: `Bearer ${await authority.sign(claims(), { expiresIn: -3600 })}` })],
    [
      'a token valid only from an hour from now',
      async () => ({ authorization: `Bearer ${await authority.sign(claims(), { expiresIn: 7200, notBefore: 3600 })}` }),
    ],
    [
      'a token for another bot (audience)',
      async () => ({ authorization: `Bearer ${await authority.sign({ ...claims(), aud: OTHER_APP_ID }, { expiresIn: 300 })}` }),
    ],
    [
      'a token from another issuer',
      async () => ({ authorization: `Bearer ${await authority.sign({ ...claims(), iss: 'https://login.example.com' }, { expiresIn: 300 })}` }),
    ],
    [
      'a token signed with a key the authority does not publish',
      async () => ({ authorization: `Bearer ${await authority.sign(claims(), { expiresIn: 300, forged: true })}` }),
    ],
    [
      'an unsigned token (alg "none") naming the published key',
      async () => {
        const { kid } = decodeProtectedHeader(await authority.sign(claims(), { expiresIn: 300 }));
        const exp = Math.floor(Date.now() / 1000) + 300;
        return { authorization: `Bearer ${base64url({ alg: 'none', kid, typ: 'JWT' })}.${base64url({ ...claims(), exp })}.` };
      },
    ],
    [
      'a token without a serviceurl claim',
      async () => ({ authorization: `Bearer ${await authority.sign({ iss: ISSUER, aud: APP_ID }, { expiresIn: 300 })}` }),
    ],
    [
      'a token for another service URL',
      async () => ({
        authorization: `Bearer ${await authority.sign({ ...claims(), serviceurl: 'https://smba.trafficmanager.net/emea/' }, { expiresIn: 300 })}`,
      }),
    ],
    [
      'a token for a channel its key is not endorsed for',
      async () => ({ authorization: `Bearer ${await authority.sign(claims(), { expiresIn: 300 })}`, channelId: 'slack' }),
    ],
    ['a token without expiry (exp)', async () => ({ authorization: `Bearer ${await authority.sign(claims())}` })],
  ];

  it.each(refused)('answers 401 to %s and changes nothing', async (_name, make) => {
    // The SDK prints the keys it tried when a signature does not verify; the 401 is what this test checks.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { authorization, channelId } = await make();
      const before = await storeFiles(bot.storageFile);
      const sent = bot.connector.sent.length;
      const lookups = bot.connector.memberLookups.length;
      const attempts = [
        message(fred, 'setup', bot.connector.url, { delivery: 'normal' }),
        cardAction(olivia, 'prereq.transact', { answer: 'yes' }, bot.connector.url),
      ];
      for (const activity of attempts) {
        const answer = await send(channelId ? { ...activity, channelId } : activity, authorization);
        expect(answer).toEqual({ status: 401, body: { error: 'Unauthorized' } });
        figures.tokensRefused += 1;
      }
      expect(await storeFiles(bot.storageFile)).toEqual(before);
      expect(bot.connector.sent).toHaveLength(sent);
      expect(bot.connector.memberLookups).toHaveLength(lookups);
    } finally {
      quiet.mockRestore();
    }
  });

  it('trusts no tenant or person a Web Chat or Direct Line client names, even with a valid token', async () => {
    // There the client writes from and channelData itself: here it claims to be Olivia, an Owner of Contoso.
    const authorization = `Bearer ${await authority.sign(claims(), { expiresIn: 300 })}`;
    const before = await storeFiles(bot.storageFile);
    const sent = bot.connector.sent.length;
    const click = await send({ ...cardAction(olivia, 'prereq.transact', { answer: 'yes' }, bot.connector.url), channelId: 'webchat' }, authorization);
    expect(click).toEqual({ status: 403, body: expect.objectContaining({ statusCode: 403 }) });
    expect(JSON.stringify(click.body)).toContain('Publisher Desk works inside Microsoft Teams');
    const said = await send({ ...message(olivia, 'members', bot.connector.url, { delivery: 'normal' }), channelId: 'webchat' }, authorization);
    expect(said.status).toBe(200);
    expect(bot.connector.sent.slice(sent).map((s) => s.activity.text)).toEqual([expect.stringContaining('Publisher Desk works inside Microsoft Teams')]);
    expect(await storeFiles(bot.storageFile)).toEqual(before);
  });

  it('still gives a turn to a valid token afterwards: a click that changes the checklist', async () => {
    const before = await storeFiles(bot.storageFile);
    const token = await authority.sign(claims(), { expiresIn: 300 });
    const answer = await send(cardAction(olivia, 'prereq.transact', { answer: 'yes' }, bot.connector.url), `Bearer ${token}`);
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    figures.tokensAccepted += 1;
    expect(await storeFiles(bot.storageFile)).not.toEqual(before);
    expect(wordsOf(bot.connector.sent.map((s) => s.activity))).not.toContain('Something went wrong');
  });
});
