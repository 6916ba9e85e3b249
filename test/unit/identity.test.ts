import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { readIdentity } from '../../src/bot/identity.js';
import { tokenVerifier } from '../../src/tab/auth.js';
import { CONTOSO, olivia } from '../helpers/people.js';
import { SSO_APP_ID, startTabSignIn, type TabSignIn } from '../helpers/tab.js';

// Names are kept to 200 characters; an emoji (two UTF-16 code units) at the cut stays whole.
const LONG_NAME = `${'a'.repeat(199)}\u{1F600}b`;
const KEPT = `${'a'.repeat(199)}\u{1F600}`;

describe("a person's name as the bot keeps it", () => {
  let signIn: TabSignIn;
  beforeAll(async () => {
    signIn = await startTabSignIn();
  });
  afterAll(() => signIn.close());

  it('from a Teams activity', () => {
    const named = (name: string) =>
      readIdentity({
        channelId: 'msteams',
        from: { id: olivia.id, aadObjectId: olivia.aadObjectId, name },
        conversation: { id: 'a:personal', tenantId: CONTOSO },
      } as Activity)?.person.name;
    expect(named(LONG_NAME)).toBe(KEPT);
    expect(named('Olivia \u{1F600}')).toBe('Olivia \u{1F600}');
  });

  it("from the tab's sign-in token", async () => {
    const verify = tokenVerifier({ appId: SSO_APP_ID, resource: undefined, keysUrl: signIn.authority.jwksUrl });
    const verified = await verify(`Bearer ${await signIn.token(olivia, { name: LONG_NAME })}`);
    expect(verified).toMatchObject({ ok: true, user: { name: KEPT } });
  });
});
