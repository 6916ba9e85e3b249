import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import { firstCharacters } from '../domain/validation.js';
import type { MessageKey } from '../i18n/index.js';
import { TENANT_ID } from '../store/store.js';
import type { ApiErrorCode } from './contract.js';

/** Who a verified single sign-on token names. */
export interface TabUser {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly name: string;
}

export type Verified =
  | { readonly ok: true; readonly user: TabUser }
  /** The reason as a message key: the API answers in the person's language. */
  | { readonly ok: false; readonly status: 401 | 503; readonly code: ApiErrorCode; readonly key: MessageKey; readonly params?: Readonly<Record<string, string>> };

/** Clock skew allowed between Microsoft Entra and this server. */
const CLOCK_TOLERANCE_S = 60;

/** The scope the app exposes for Teams single sign-on (README, "Install it in Teams"). */
const TAB_SCOPE = 'access_as_user';

const refuse = (code: ApiErrorCode, key: MessageKey, params?: Record<string, string>, status: 401 | 503 = 401): Verified =>
  ({ ok: false, status, code, key, ...(params ? { params } : {}) });

/**
 * Checks the tab's single sign-on tokens as Microsoft Entra issues them: signed by a key from the keys
 * URL, for this app (its ID or its api:// URI), issued by Entra for the very tenant the token names
 * (v1 or v2 issuer), and not expired.
 */
export function tokenVerifier(sso: NonNullable<Config['sso']>) {
  const keys = createRemoteJWKSet(new URL(sso.keysUrl));
  const audience = [sso.appId, ...(sso.resource ? [sso.resource] : [])];

  return async (authorization: string | undefined): Promise<Verified> => {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) return refuse('no_token', 'tab.token.missing');
    let tid: unknown;
    try {
      tid = decodeJwt(token)['tid'];
    } catch {
      return refuse('invalid_token', 'tab.token.notJwt');
    }
    if (typeof tid !== 'string' || !TENANT_ID.test(tid)) return refuse('invalid_token', 'tab.token.noTenant');
    try {
      const { payload } = await jwtVerify(token, keys, {
        audience,
        issuer: [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`],
        requiredClaims: ['exp', 'oid'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      // Only a token a Teams client got on the user's behalf: app-only tokens carry no delegated scope.
      const scopes = typeof payload['scp'] === 'string' ? payload['scp'].split(' ') : [];
      if (!scopes.includes(TAB_SCOPE)) return refuse('invalid_token', 'tab.token.noScope', { scope: TAB_SCOPE });
      const oid = payload['oid'];
      if (typeof oid !== 'string' || oid.length === 0 || oid.length > 64) return refuse('invalid_token', 'tab.token.noUser');
      const name = typeof payload['name'] === 'string' ? firstCharacters(payload['name'], 200) : '';
      return { ok: true, user: { tenantId: tid.toLowerCase(), aadObjectId: oid, name } };
    } catch (error) {
      return explain(error);
    }
  };
}

function explain(error: unknown): Verified {
  if (error instanceof errors.JWTExpired) return refuse('token_expired', 'tab.token.expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return refuse('wrong_audience', 'tab.token.wrongAudience');
    if (error.claim === 'iss') return refuse('wrong_issuer', 'tab.token.wrongIssuer');
    return refuse('invalid_token', 'tab.token.badClaim', { claim: error.claim });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return refuse('bad_signature', 'tab.token.badSignature');
  }
  if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)) {
    return refuse('invalid_token', 'tab.token.invalid');
  }
  // The keys could not be fetched: the token may be fine, so this is not the caller's fault.
  return refuse('keys_unavailable', 'tab.token.keysUnavailable', undefined, 503);
}
