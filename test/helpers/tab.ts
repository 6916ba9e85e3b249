// Single sign-on for the dashboard tab in tests: a local authority signs tokens shaped as Microsoft Entra
// issues them to Teams, and the bot is told to trust its keys.
import type { JWTPayload } from 'jose';
import type { Person } from './people.js';
import type { TestBot } from './server.js';
import { startTokenAuthority, type TokenAuthority, type TokenOptions } from './token-authority.js';

export const SSO_APP_ID = '5d1c1a8e-7b0e-4c59-9a47-3f0e2d6b8c11';
export const PUBLIC_HOST = 'desk.contoso.test';

export interface TabSignIn {
  /** Settings for startBot: the app ID, host and the authority's keys. */
  readonly env: Record<string, string>;
  /** A token for the person, valid for an hour unless the options or claims say otherwise. */
  token(person: Person, claims?: JWTPayload, options?: TokenOptions): Promise<string>;
  /** The authority publishing the keys, e.g. to slow them down. */
  readonly authority: TokenAuthority;
  close(): Promise<void>;
}

export async function startTabSignIn(): Promise<TabSignIn> {
  const authority = await startTokenAuthority({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' });
  return {
    env: { SSO_APP_ID, PUBLIC_HOST, SSO_KEYS_URL: authority.jwksUrl },
    token: (person, claims = {}, options = {}) =>
      authority.sign(
        {
          iss: `https://login.microsoftonline.com/${person.tenantId}/v2.0`,
          aud: SSO_APP_ID,
          tid: person.tenantId,
          oid: person.aadObjectId,
          name: person.name,
          scp: 'access_as_user',
          ...claims,
        },
        { expiresIn: 3600, ...options },
      ),
    authority,
    close: () => authority.close(),
  };
}

export interface TabAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

/** Calls the tab's API as the page does. */
export async function callTab(
  bot: TestBot,
  path: string,
  options: { token?: string; method?: 'GET' | 'POST'; body?: unknown; locale?: string } = {},
): Promise<TabAnswer> {
  const res = await fetch(`${bot.url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      'accept-language': options.locale ?? 'en-US',
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, body: json, text };
}
