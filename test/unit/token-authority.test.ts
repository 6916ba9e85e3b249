import { describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startTokenAuthority } from '../helpers/token-authority.js';

describe('test token authority', () => {
  it('publishes a key that verifies its tokens and rejects forged ones', async () => {
    const authority = await startTokenAuthority({ issuer: 'https://issuer.test', endorsements: ['msteams'] });
    try {
      const metadata = (await (await fetch(authority.metadataUrl)).json()) as { jwks_uri: string };
      expect(metadata.jwks_uri).toBe(authority.jwksUrl);
      const keys = createRemoteJWKSet(new URL(authority.jwksUrl));
      const token = await authority.sign({ iss: 'https://issuer.test', aud: 'app' }, { expiresIn: 60 });
      const { payload } = await jwtVerify(token, keys, { issuer: 'https://issuer.test', audience: 'app' });
      expect(payload.aud).toBe('app');
      const forged = await authority.sign({ iss: 'https://issuer.test', aud: 'app' }, { forged: true });
      await expect(jwtVerify(forged, keys)).rejects.toThrow(/signature/);
    } finally {
      await authority.close();
    }
  });
});
