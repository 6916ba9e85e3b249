import { describe, expect, it } from '@jest/globals';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { ClaimsIdentity, ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { ReusedClients } from '../../src/bot/reused-clients.js';

const APP = '9a1b2c3d-0000-4000-8000-000000000abc';
const claimsOf = (appId: string) => new ClaimsIdentity([{ type: 'aud', value: appId }], true);
const TEAMS = 'https://smba.trafficmanager.net/emea/';
/** Where a client sends its calls (a protected field of the SDK's client). */
const baseUriOf = (client: ConnectorClient) => (client as unknown as { baseUri: string }).baseUri;

describe('connector and user-token clients made once and reused', () => {
  const local = () => new ReusedClients(new ConfigurationBotFrameworkAuthentication({}));

  it('gives every turn to the same service URL, app and audience the same connector client', async () => {
    const auth = local();
    const first = await auth.createConnectorFactory(claimsOf(APP)).create(TEAMS, 'https://api.botframework.com');
    const again = await auth.createConnectorFactory(claimsOf(APP)).create(TEAMS, 'https://api.botframework.com');
    expect(again).toBe(first);
    expect(baseUriOf(first)).toBe(TEAMS);
  });

  it('keeps separate clients per service URL, audience and app ID', async () => {
    const auth = local();
    const base = await auth.createConnectorFactory(claimsOf(APP)).create(TEAMS);
    const otherUrl = await auth.createConnectorFactory(claimsOf(APP)).create('https://smba.trafficmanager.net/amer/');
    const otherAudience = await auth.createConnectorFactory(claimsOf(APP)).create(TEAMS, 'https://api.botframework.us');
    const otherApp = await auth.createConnectorFactory(claimsOf('another-app')).create(TEAMS);
    expect(new Set([base, otherUrl, otherAudience, otherApp]).size).toBe(4);
    expect(baseUriOf(otherUrl)).toBe('https://smba.trafficmanager.net/amer/');
  });

  it('reuses the connector factory of an authenticated request too', async () => {
    const auth = local();
    const activity = { type: 'message', serviceUrl: TEAMS, channelId: 'msteams' } as Activity;
    const [one, two] = await Promise.all([auth.authenticateRequest(activity, ''), auth.authenticateRequest(activity, '')]);
    const clients = await Promise.all([one, two].map((r) => r.connectorFactory!.create(TEAMS, r.audience)));
    expect(clients[1]).toBe(clients[0]);
  });

  it('makes one user-token client per app ID', async () => {
    const auth = local();
    const [a, b, other] = await Promise.all([
      auth.createUserTokenClient(claimsOf(APP)),
      auth.createUserTokenClient(claimsOf(APP)),
      auth.createUserTokenClient(claimsOf('another-app')),
    ]);
    expect(b).toBe(a);
    expect(other).not.toBe(a);
  });

  it('forgets a client that could not be made, so the next turn tries again', async () => {
    let attempts = 0;
    class FailsOnce extends ConnectorFactory {
      override async create(): Promise<ConnectorClient> {
        attempts += 1;
        if (attempts === 1) throw new Error('credentials unavailable');
        return { attempt: attempts } as unknown as ConnectorClient;
      }
    }
    class Inner extends ConfigurationBotFrameworkAuthentication {
      override createConnectorFactory(): ConnectorFactory {
        return new FailsOnce();
      }
    }
    const auth = new ReusedClients(new Inner({}));
    await expect(auth.createConnectorFactory(claimsOf(APP)).create(TEAMS)).rejects.toThrow('credentials unavailable');
    const made = await auth.createConnectorFactory(claimsOf(APP)).create(TEAMS);
    expect(await auth.createConnectorFactory(claimsOf(APP)).create(TEAMS)).toBe(made);
    expect(attempts).toBe(2);
  });
});
