import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SSO_APP_ID = '6c1f7a52-1b6e-4a51-9d8e-2b1f3c4d5e6f';
const BOT = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: SSO_APP_ID };

describe('the dashboard tab\'s single sign-on settings', () => {
  it('are off without an app ID, so the tab\'s API can say so', () => {
    expect(loadConfig({}).sso).toBeUndefined();
  });

  it('use the bot\'s app by default, its api:// URI on the public host, and Microsoft\'s keys', () => {
    expect(loadConfig({ ...BOT, PUBLIC_HOST: 'Desk.Contoso.com' }).sso).toEqual({
      appId: APP_ID,
      resource: `api://desk.contoso.com/${APP_ID}`,
      keysUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
    });
  });

  it('need an app of their own for a bot that runs as a managed identity, which people cannot sign in to', () => {
    const msi = { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: SSO_APP_ID };
    expect(loadConfig(msi).sso).toBeUndefined();
    expect(loadConfig({ ...msi, SSO_APP_ID }).sso?.appId).toBe(SSO_APP_ID);
  });

  it('take a separate app and keys URL, also in local mode', () => {
    expect(loadConfig({ SSO_APP_ID, SSO_KEYS_URL: 'http://127.0.0.1:8080/keys' }).sso).toEqual({
      appId: SSO_APP_ID,
      resource: undefined,
      keysUrl: 'http://127.0.0.1:8080/keys',
    });
  });

  it('name each bad value', () => {
    expect(() => loadConfig({ PUBLIC_HOST: 'https://desk.contoso.com/tab', SSO_APP_ID: 'desk', SSO_KEYS_URL: 'keys' })).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringMatching(/^Invalid setting PUBLIC_HOST: must be a host name/),
          expect.stringMatching(/^Invalid setting SSO_APP_ID: must be an app ID/),
          expect.stringMatching(/^Invalid setting SSO_KEYS_URL: must be an http\(s\) URL/),
        ],
      }),
    );
  });
});
