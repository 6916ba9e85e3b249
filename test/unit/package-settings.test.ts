import { describe, expect, it } from '@jest/globals';
import { placeholdersFrom } from '../../scripts/app-package/settings.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SSO_APP_ID = '6c1f7a52-1b6e-4a51-9d8e-2b1f3c4d5e6f';

describe('the app package\'s settings', () => {
  it('fill the placeholders; single sign-on uses the bot\'s app unless a separate one is set', () => {
    expect(placeholdersFrom({ MicrosoftAppId: APP_ID, PUBLIC_HOST: 'Desk.Contoso.com' })).toEqual({
      BOT_ID: APP_ID,
      PUBLIC_HOST: 'desk.contoso.com',
      SSO_APP_ID: APP_ID,
    });
    expect(placeholdersFrom({ MicrosoftAppId: APP_ID, PUBLIC_HOST: 'desk.contoso.com:8443', SSO_APP_ID })).toMatchObject({ SSO_APP_ID });
  });

  it('need a separate single sign-on app for a bot that runs as a managed identity', () => {
    expect(() => placeholdersFrom({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', PUBLIC_HOST: 'desk.contoso.com' })).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(/^Missing setting SSO_APP_ID: the Entra app the tab signs people in with/)] }),
    );
    expect(placeholdersFrom({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', PUBLIC_HOST: 'desk.contoso.com', SSO_APP_ID })).toMatchObject({ SSO_APP_ID });
  });

  it('name every missing or malformed setting', () => {
    expect(() => placeholdersFrom({ PUBLIC_HOST: ' ', SSO_APP_ID: 'x' })).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringMatching(/^Missing setting MicrosoftAppId: the Azure Bot's app ID/),
          expect.stringMatching(/^Missing setting PUBLIC_HOST: the host name/),
          expect.stringMatching(/^Invalid setting SSO_APP_ID: must be an app ID/),
        ],
      }),
    );
  });
});
