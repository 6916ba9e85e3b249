import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

const APP = '9a1b2c3d-0000-4000-8000-000000000abc';
const TENANT = '7e0d0000-0000-4000-8000-000000000001';

describe('configuration', () => {
  it('runs in local mode with defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 3978,
      host: '127.0.0.1',
      storageFile: 'data/publisher-desk.json',
      databaseUrl: undefined,
      inviteTtlDays: 14,
      allowedTenants: [],
      auth: undefined,
      logLevel: 'info',
    });
  });

  it('treats empty values, as .env.example has them, as unset', () => {
    expect(loadConfig({ PORT: '', MicrosoftAppId: ' ', HOST: '' }).port).toBe(3978);
  });

  it('names PORT and the bad value in one line', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual([
      'Invalid setting PORT: must be a whole number from 0 to 65535 (got "abc")',
    ]);
    expect(problemsOf({ PORT: '70000' })).toEqual(['Invalid setting PORT: must be at most 65535 (got "70000")']);
  });

  it('reports every bad setting at once', () => {
    const problems = problemsOf({ INVITE_TTL_DAYS: '0', LOG_LEVEL: 'loud', STORAGE_FILE: 'data/db.txt' });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'Invalid setting STORAGE_FILE',
      'Invalid setting INVITE_TTL_DAYS',
      'Invalid setting LOG_LEVEL',
    ]);
  });

  it('refuses to listen beyond loopback while requests are unauthenticated', () => {
    expect(problemsOf({ HOST: '0.0.0.0' })[0]).toMatch(/^Invalid setting HOST: must be a loopback address/);
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
  });

  it('takes HOST as an address to listen on, not a host name', () => {
    const withApp = { MicrosoftAppId: APP, MicrosoftAppPassword: 's3cret', MicrosoftAppTenantId: TENANT };
    expect(loadConfig({ ...withApp, HOST: '::' }).host).toBe('::');
    expect(loadConfig({ ...withApp, HOST: ' 10.0.0.4 ' }).host).toBe('10.0.0.4');
    for (const host of ['desk.contoso.com', 'localhost:3978', '10.0.0.300']) {
      expect(problemsOf({ ...withApp, HOST: host })).toEqual([
        `Invalid setting HOST: must be an IP address of this machine (0.0.0.0 for all of them) or localhost (got ${JSON.stringify(host)})`,
      ]);
    }
  });

  it('needs the password and tenant of a single-tenant bot', () => {
    expect(problemsOf({ MicrosoftAppId: APP })).toEqual([
      'Invalid setting MicrosoftAppPassword: is required when MicrosoftAppId is set',
      'Invalid setting MicrosoftAppTenantId: is required when MicrosoftAppType is SingleTenant',
    ]);
    const config = loadConfig({ MicrosoftAppId: APP, MicrosoftAppPassword: 's3cret', MicrosoftAppTenantId: TENANT });
    expect(config.auth).toEqual({ appId: APP, appPassword: 's3cret', appType: 'SingleTenant', appTenantId: TENANT });
    expect(config.host).toBe('0.0.0.0');
  });

  it('takes a Bot Framework OpenID metadata URL only with an app ID', () => {
    const withApp = { MicrosoftAppId: APP, MicrosoftAppPassword: 's3cret', MicrosoftAppTenantId: TENANT };
    const url = 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration';
    expect(loadConfig({ ...withApp, BOT_OPENID_METADATA_URL: url }).auth?.openIdMetadataUrl).toBe(url);
    expect(loadConfig(withApp).auth?.openIdMetadataUrl).toBeUndefined();
    expect(problemsOf({ ...withApp, BOT_OPENID_METADATA_URL: 'ftp://keys' })).toEqual([
      'Invalid setting BOT_OPENID_METADATA_URL: must be an http(s) URL (got "ftp://keys")',
    ]);
    expect(problemsOf({ BOT_OPENID_METADATA_URL: url })[0]).toMatch(/^Invalid setting BOT_OPENID_METADATA_URL: has no effect while MicrosoftAppId is empty/);
  });

  it('checks app and tenant IDs are GUIDs', () => {
    expect(problemsOf({ MicrosoftAppId: 'my-bot' })[0]).toMatch(/^Invalid setting MicrosoftAppId: must be/);
    expect(problemsOf({ ALLOWED_TENANTS: `${TENANT}, contoso` })[0]).toMatch(/^Invalid setting ALLOWED_TENANTS/);
  });

  it('parses the allowed tenants list, lower-cased', () => {
    expect(loadConfig({ ALLOWED_TENANTS: ` ${TENANT.toUpperCase()} ,,${APP}` }).allowedTenants).toEqual([TENANT, APP]);
    // Commas alone would otherwise be an empty list, which allows every tenant.
    expect(problemsOf({ ALLOWED_TENANTS: ' , ' })).toEqual(['Invalid setting ALLOWED_TENANTS: names no tenant ID (leave it empty to allow any tenant) (got " , ")']);
  });

  it('checks a proxy for the calls to Teams is an http(s) URL, and never repeats it', () => {
    expect(problemsOf({ HTTPS_PROXY: 'http://proxy.contoso.com:8080', no_proxy: 'localhost' })).toEqual([]);
    expect(problemsOf({ HTTPS_PROXY: 'proxy.contoso.com:8080', http_proxy: 'socks5://user:s3cret@proxy:1080' })).toEqual([
      'Invalid setting HTTPS_PROXY: must be the http(s) URL of a proxy, such as http://proxy.contoso.com:8080 (value not shown)',
      'Invalid setting http_proxy: must be the http(s) URL of a proxy, such as http://proxy.contoso.com:8080 (value not shown)',
    ]);
  });

  it('never repeats a password in a start-up message', () => {
    const url = 'postgres://desk:s3cret pass@db.internal:5432/desk';
    const problems = problemsOf({ DATABASE_URL: url, MicrosoftAppId: APP, MicrosoftAppPassword: 'p4ss', MicrosoftAppTenantId: 'contoso' });
    expect(problems).toEqual([
      'Invalid setting DATABASE_URL: must be a postgres:// or postgresql:// URL (value not shown)',
      'Invalid setting MicrosoftAppTenantId: must be a tenant ID (a GUID) (got "contoso")',
    ]);
    expect(problemsOf({ MicrosoftAppPassword: 's3cret' }).join('\n')).not.toContain('s3cret');
  });

  it('refuses Azure Bot settings without MicrosoftAppId instead of running unauthenticated', () => {
    // As when the app ID is misspelled (MicrosoftAppID) or named as another tool names it (BOT_ID).
    const problems = problemsOf({ MicrosoftAppID: APP, MicrosoftAppPassword: 's3cret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'Invalid setting MicrosoftAppPassword',
      'Invalid setting MicrosoftAppType',
      'Invalid setting MicrosoftAppTenantId',
    ]);
    expect(problems[0]).toContain('has no effect while MicrosoftAppId is empty');
  });

  it('accepts only PostgreSQL URLs for DATABASE_URL', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^Invalid setting DATABASE_URL/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' }).databaseUrl).toBe(
      'postgres://u:p@127.0.0.1:5432/db',
    );
  });
});
