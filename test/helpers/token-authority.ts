import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface TokenOptions {
  /** Seconds from now; negative for a token that has already expired. Omit for no `exp` claim. */
  readonly expiresIn?: number;
  /** Seconds from now before which the token is not valid. */
  readonly notBefore?: number;
  /** Sign with a key the authority does not publish (same kid), as a forger would. */
  readonly forged?: boolean;
}

/**
 * A local identity provider for tests: publishes OpenID metadata and a JWKS over plain http and signs
 * tokens with the published key, so real token validation code runs without Azure.
 */
export interface TokenAuthority {
  /** The OpenID configuration document's URL. */
  readonly metadataUrl: string;
  readonly jwksUrl: string;
  /** Delay before the keys are served, to hold a request that checks a token in flight. */
  keysDelayMs: number;
  sign(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  close(): Promise<void>;
}

export interface TokenAuthorityOptions {
  /** The `issuer` the metadata document announces. */
  readonly issuer: string;
  /** Bot Framework keys list the channels they may sign for. */
  readonly endorsements?: readonly string[];
}

export async function startTokenAuthority(options: TokenAuthorityOptions): Promise<TokenAuthority> {
  // A fresh kid per authority: token validators cache keys per URL and kid.
  const kid = randomUUID();
  const published = await generateKeyPair('RS256', { extractable: true });
  const impostor = await generateKeyPair('RS256');
  const jwk: JWK & { endorsements?: string[] } = { ...(await exportJWK(published.publicKey)), kid, use: 'sig', alg: 'RS256' };
  if (options.endorsements) jwk.endorsements = [...options.endorsements];

  let base = '';
  let authority: TokenAuthority | undefined;
  const server: Server = createServer(async (req, res) => {
    const body =
      req.url === '/.well-known/openid-configuration'
        ? { issuer: options.issuer, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
        : req.url === '/keys'
          ? { keys: [jwk] }
          : undefined;
    if (req.url === '/keys' && authority!.keysDelayMs) await new Promise((r) => setTimeout(r, authority!.keysDelayMs));
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(body ? JSON.stringify(body) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign = async (claims: JWTPayload, tokenOptions: TokenOptions = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).setIssuedAt(now);
    if (tokenOptions.expiresIn !== undefined) jwt.setExpirationTime(now + tokenOptions.expiresIn);
    if (tokenOptions.notBefore !== undefined) jwt.setNotBefore(now + tokenOptions.notBefore);
    const key: CryptoKey = tokenOptions.forged ? impostor.privateKey : published.privateKey;
    return jwt.sign(key);
  };

  authority = {
    metadataUrl: `${base}/.well-known/openid-configuration`,
    jwksUrl: `${base}/keys`,
    keysDelayMs: 0,
    sign,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return authority;
}
