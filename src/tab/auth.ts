import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import { firstCharacters } from '../domain/validation.js';
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
  | { readonly ok: false; readonly status: 401 | 503; readonly code: ApiErrorCode; readonly reason: string };

/** Clock skew allowed between Microsoft Entra and this server. */
const CLOCK_TOLERANCE_S = 60;

/** The scope the app exposes for Teams single sign-on (README, "Install it in Teams"). */
const TAB_SCOPE = 'access_as_user';

const refuse = (code: ApiErrorCode, reason: string, status: 401 | 503 = 401): Verified => ({ ok: false, status, code, reason });

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
    if (!token) return refuse('no_token', 'Send the Teams single sign-on token as "Authorization: Bearer <token>".');
    let tid: unknown;
    try {
      tid = decodeJwt(token)['tid'];
    } catch {
      return refuse('invalid_token', 'The token is not a JSON Web Token.');
    }
    if (typeof tid !== 'string' || !TENANT_ID.test(tid)) return refuse('invalid_token', 'The token names no tenant (tid).');
    try {
      const { payload } = await jwtVerify(token, keys, {
        audience,
        issuer: [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`],
        requiredClaims: ['exp', 'oid'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      // Only a token a Teams client got on the user's behalf: app-only tokens carry no delegated scope.
      const scopes = typeof payload['scp'] === 'string' ? payload['scp'].split(' ') : [];
      if (!scopes.includes(TAB_SCOPE)) return refuse('invalid_token', `The token does not carry the "${TAB_SCOPE}" scope.`);
      const oid = payload['oid'];
      if (typeof oid !== 'string' || oid.length === 0 || oid.length > 64) return refuse('invalid_token', 'The token names no user (oid).');
      const name = typeof payload['name'] === 'string' ? firstCharacters(payload['name'], 200) : '';
      return { ok: true, user: { tenantId: tid.toLowerCase(), aadObjectId: oid, name } };
    } catch (error) {
      return explain(error);
    }
  };
}

function explain(error: unknown): Verified {
  if (error instanceof errors.JWTExpired) return refuse('token_expired', 'The token has expired: get a new one.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return refuse('wrong_audience', 'The token is not for this app.');
    if (error.claim === 'iss') return refuse('wrong_issuer', 'The token was not issued by Microsoft Entra for its own tenant.');
    return refuse('invalid_token', `The token's "${error.claim}" claim is not valid: ${error.reason}.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return refuse('bad_signature', 'The token\'s signature does not match any published key.');
  }
  if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)) {
    return refuse('invalid_token', `The token is not valid: ${error.message}.`);
  }
  // The keys could not be fetched: the token may be fine, so this is not the caller's fault.
  return refuse('keys_unavailable', 'The keys to check the token could not be fetched; try again shortly.', 503);
}
