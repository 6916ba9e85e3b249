import { once } from 'node:events';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditEvent } from '../../src/domain/audit.js';
import { personalChat } from '../helpers/activities.js';
import { textOf } from '../helpers/cards.js';
import { organization, VALID_STEPS } from '../helpers/flows.js';
import { ana, carl, CONTOSO, FABRIKAM, fred, nina, olivia, oscar, somebody } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';
import { callTab, PUBLIC_HOST, SSO_APP_ID, startTabSignIn, type TabSignIn } from '../helpers/tab.js';

const DASHBOARD = '/api/tab/dashboard';
const approve = (id: string) => `/api/tab/invitations/${id}/approve`;
const reject = (id: string) => `/api/tab/invitations/${id}/reject`;

describe('the dashboard tab\'s API', () => {
  let bot: TestBot;
  let signIn: TabSignIn;
  const pending = async (email: string) =>
    (await bot.app.store.read(CONTOSO, (t) => t.invitations({ status: 'pending', email })))[0]!;
  const audit = async () => (await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 1000 }))).events;

  beforeAll(async () => {
    signIn = await startTabSignIn();
    bot = await startBot({ env: signIn.env });
    await organization(bot, olivia, [[oscar, 'owner'], [carl, 'contributor']]);
    await bot.say(carl, 'invite ana@contoso.com as contributor', { delivery: 'normal' });
    await bot.say(carl, `invite ${somebody(1, CONTOSO).email} as owner`, { delivery: 'normal' });
    await bot.say(fred, 'setup');
  });
  afterAll(async () => {
    await bot.close();
    await signIn.close();
  });

  it('shows a member their organization: checklist, profile, members, pending invitations and history', async () => {
    const answer = await callTab(bot, DASHBOARD, { token: await signIn.token(carl) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const data = answer.body;
    expect(data.viewer).toEqual({ name: 'Carl Contributor', email: 'carl@contoso.com', role: 'contributor', canDecide: false });
    expect(data.checklist).toMatchObject({ done: 5, total: 5 });
    expect(data.checklist.steps.map((s: any) => [s.id, s.done, s.by.name])).toEqual([
      ['mpn', true, 'Olivia Owner'],
      ['account', true, 'Olivia Owner'],
      ['registration', true, 'Olivia Owner'],
      ['portal', true, 'Olivia Owner'],
      ['devCenter', true, 'Olivia Owner'],
    ]);
    expect(data.profile).toBeNull();
    expect(data.members.map((m: any) => [m.email, m.role, m.status])).toEqual([
      ['olivia@contoso.com', 'owner', 'active'],
      ['oscar@contoso.com', 'owner', 'active'],
      ['carl@contoso.com', 'contributor', 'active'],
    ]);
    expect(data.invitations.map((i: any) => [i.email, i.role, i.requestedBy])).toEqual([
      ['ana@contoso.com', 'contributor', 'Carl Contributor'],
      [somebody(1, CONTOSO).email, 'owner', 'Carl Contributor'],
    ]);
    expect(data.history.total).toBe((await audit()).length);
    expect(data.history.events[0]).toMatchObject({ type: 'invitation.requested', who: 'Carl Contributor' });
  });

  it('lets Teams, the Microsoft 365 app and Outlook frame the page, and no one else', async () => {
    const res = await fetch(`${bot.url}/tab`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const ancestors = /frame-ancestors ([^;]+)/.exec(csp)?.[1]?.split(' ');
    // Microsoft's tab requirements: Teams, the Microsoft 365 app and Outlook on the web.
    for (const host of ['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.office.com', 'https://*.microsoft365.com', 'https://outlook.office365.com']) {
      expect(ancestors).toContain(host);
    }
    expect(ancestors).not.toContain('*');
  });

  it('accepts v1 tokens too: issuer sts.windows.net and the app\'s api:// URI as audience', async () => {
    const token = await signIn.token(olivia, { iss: `https://sts.windows.net/${CONTOSO}/`, aud: `api://${PUBLIC_HOST}/${SSO_APP_ID}` });
    const answer = await callTab(bot, DASHBOARD, { token });
    expect(answer.status).toBe(200);
    expect(answer.body.viewer).toMatchObject({ role: 'owner', canDecide: true });
  });

  it.each([
    ['no token', async () => undefined, 'no_token'],
    ['a token that is not a JWT', async () => 'not-a-token', 'no_token'],
    ['an expired token', () => signIn.token(olivia, {}, { expiresIn: -600 }), 'token_expired'],
    ['a token without expiry', () => signIn.token(olivia, {}, { expiresIn: undefined }), 'invalid_token'],
    ['a forged signature', () => signIn.token(olivia, {}, { forged: true }), 'bad_signature'],
    ['a token for another app', () => signIn.token(olivia, { aud: '00000003-0000-0000-c000-000000000000' }), 'wrong_audience'],
    ['a token issued by another tenant', () => signIn.token(olivia, { iss: `https://login.microsoftonline.com/${FABRIKAM}/v2.0` }), 'wrong_issuer'],
    ['a token issued by someone else', () => signIn.token(olivia, { iss: 'https://evil.example.com/' }), 'wrong_issuer'],
    ['a token without a tenant', () => signIn.token(olivia, { tid: undefined }), 'invalid_token'],
    ['an app-only token (no delegated scope)', () => signIn.token(olivia, { scp: undefined, roles: ['Tab.Read'] }), 'invalid_token'],
    ['a token for another scope', () => signIn.token(olivia, { scp: 'User.Read' }), 'invalid_token'],
  ])('refuses %s with 401 and the reason', async (_what, token, code) => {
    const answer = await callTab(bot, DASHBOARD, { token: await token() });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('says why a sign-in is refused in the person\'s language', async () => {
    const expired = await signIn.token(olivia, {}, { expiresIn: -600 });
    expect((await callTab(bot, DASHBOARD, { token: expired, locale: 'sv-SE' })).body.error.message).toBe('Din inloggning har gått ut. Ladda om översikten för att logga in igen.');
    expect((await callTab(bot, DASHBOARD, { token: expired })).body.error.message).toBe('Your sign-in has expired. Reload the dashboard to sign in again.');
    const otherScope = await signIn.token(olivia, { scp: 'User.Read' });
    expect((await callTab(bot, DASHBOARD, { token: otherScope, locale: 'sv' })).body.error.message).toContain('saknar behörigheten "access_as_user"');
  });

  it('keeps each organization to its own data: another tenant\'s token sees only that tenant', async () => {
    const answer = await callTab(bot, DASHBOARD, { token: await signIn.token(fred) });
    expect(answer.status).toBe(200);
    expect(answer.body.members.map((m: any) => m.email)).toEqual(['fred@fabrikam.com']);
    expect(answer.body.invitations).toEqual([]);
    expect(JSON.stringify(answer.body)).not.toContain('contoso');

    // Olivia's object ID with Fabrikam's tenant is nobody there.
    const intruder = await callTab(bot, DASHBOARD, { token: await signIn.token({ ...olivia, tenantId: FABRIKAM }) });
    expect(intruder.status).toBe(403);
    expect(intruder.body.error.code).toBe('not_member');
    const unknownTenant = await callTab(bot, DASHBOARD, { token: await signIn.token({ ...olivia, tenantId: 'e0000000-0000-4000-8000-000000000009' }) });
    expect(unknownTenant.body.error).toMatchObject({ code: 'not_set_up' });
    expect(unknownTenant.status).toBe(403);
  });

  it('refuses a person who is not a member, in their language', async () => {
    await bot.say(nina, 'hello');
    const answer = await callTab(bot, DASHBOARD, { token: await signIn.token(nina), locale: 'sv-SE' });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({ code: 'not_member', message: expect.stringContaining('Bara medlemmar') });
  });

  it('tells an invited person who never wrote to the bot to write to it first', async () => {
    const invited = somebody(60, CONTOSO);
    await bot.say(olivia, `invite ${invited.email} as contributor`);
    const answer = await callTab(bot, DASHBOARD, { token: await signIn.token(invited) });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({ code: 'not_member', message: expect.stringContaining('Send it a message in Teams') });
  });

  it('refuses and audits a Contributor\'s approval, changing nothing', async () => {
    const { id } = await pending('ana@contoso.com');
    const answer = await callTab(bot, approve(id), { token: await signIn.token(carl), method: 'POST', body: {} });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('owners_only');
    expect((await pending('ana@contoso.com')).status).toBe('pending');
    expect((await audit())[0]).toMatchObject({ type: 'invitation.decisionRefused', actor: { aadObjectId: carl.aadObjectId } });
  });

  it('holds an approval back while a required prerequisite is open again, saying why', async () => {
    const { id } = await pending('ana@contoso.com');
    await bot.click(olivia, 'prereq.reopen', { step: 'mpn' });
    const held = await callTab(bot, approve(id), { token: await signIn.token(oscar), method: 'POST', body: {}, locale: 'sv-SE' });
    expect(held).toMatchObject({ status: 409, body: { error: { code: 'prerequisites_open', message: expect.stringContaining('Steg kvar att göra: 1.') } } });
    expect(await bot.app.store.read(CONTOSO, (t) => t.invitation(id))).toMatchObject({ status: 'pending' });
    await bot.click(olivia, 'prereq.update', { step: 'mpn', ...VALID_STEPS['mpn'] });
  });

  it('approves as the card does: the member is added, every copy of the card updated, the requester told', async () => {
    const { id, postedIn } = await pending('ana@contoso.com');
    bot.connector.reset();
    const answer = await callTab(bot, approve(id), { token: await signIn.token(olivia), method: 'POST', body: {} });
    expect(answer).toMatchObject({ status: 200, body: { invitationId: id, status: 'approved' } });

    expect(await bot.app.store.read(CONTOSO, (t) => t.memberByEmail(ana.email))).toMatchObject({ role: 'contributor', status: 'invited' });
    expect((await audit())[1]).toMatchObject({ type: 'invitation.approved', actor: { aadObjectId: olivia.aadObjectId }, subject: ana.email });
    expect(postedIn.length).toBeGreaterThan(1);
    expect(bot.connector.updated.map((u) => `${u.conversationId}/${u.activityId}`).sort()).toEqual(
      postedIn.map((c) => `${c.conversationId}/${c.messageId}`).sort(),
    );
    for (const update of bot.connector.updated) expect(textOf(update.activity['attachments'][0].content)).toContain('Approved by Olivia Owner');
    expect(bot.connector.sentTo(personalChat(carl).id).map((a) => a['text'])).toEqual([expect.stringContaining('ana@contoso.com')]);

    const again = await callTab(bot, approve(id), { token: await signIn.token(oscar), method: 'POST', body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'already_decided', message: expect.stringContaining('Approved by Olivia Owner') });
  });

  it('rejects with a reason, and answers 400 to a body it cannot use and 404 to an unknown invitation', async () => {
    const { id } = await pending(somebody(1, CONTOSO).email);
    const token = await signIn.token(oscar);
    expect((await callTab(bot, reject(id), { token, method: 'POST', body: { reason: 'x'.repeat(501) } })).status).toBe(400);
    expect((await callTab(bot, reject(id), { token, method: 'POST', body: { approve: true } })).status).toBe(400);
    const unknown = await callTab(bot, approve('no-such-invitation'), { token, method: 'POST', body: {} });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });

    // What restify answers itself, before any route runs, keeps the API's shape.
    const garbled = await fetch(`${bot.url}${reject(id)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"reason":' });
    expect([garbled.status, await garbled.json()]).toEqual([400, { error: { code: 'invalid_request', message: 'The dashboard sent a request Publisher Desk cannot use.' } }]);
    const nowhere = await callTab(bot, '/api/tab/nowhere', { token, locale: 'sv-SE' });
    expect(nowhere).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'Publisher Desk har inget på den här adressen. Ladda om översikten.' } } });
    // restify's router takes no path segment this long.
    expect(await callTab(bot, approve('x'.repeat(101)), { token, method: 'POST', body: {} })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });

    const answer = await callTab(bot, reject(id), { token, method: 'POST', body: { reason: 'Use the team alias' } });
    expect(answer).toMatchObject({ status: 200, body: { status: 'rejected' } });
    expect(await bot.app.store.read(CONTOSO, (t) => t.invitation(id))).toMatchObject({ status: 'rejected', reason: 'Use the team alias' });
  });

  it('downloads the whole history as CSV', async () => {
    const answer = await callTab(bot, '/api/tab/history.csv', { token: await signIn.token(carl) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="publisher-desk-history-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = answer.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,event,by,by_id,subject,before,after');
    expect(lines).toHaveLength((await audit()).length + 1);
    expect(lines[1]).toMatch(/^\d{4}-.*,invitation\.rejected,Oscar Owner,a0000000-0000-4000-8000-000000000004,person1@c0000000\.example\.com,"\{""status"":""pending""\}","\{""status"":""rejected"",""reason"":""Use the team alias""\}"$/);
    expect((await callTab(bot, '/api/tab/history.csv')).status).toBe(401);
  });
});

describe('the history download of a long history', () => {
  const EVENTS = 5_000;
  /** Long enough for the other downloads a held one waits on; the app's own limit is 60 s. */
  const IDLE_MS = 4_000;
  let bot: TestBot;
  let signIn: TabSignIn;
  const history = '/api/tab/history.csv';
  const count = async () => (await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 0 }))).total;
  const note = (n: number) => ({ note: `${n} `.repeat(2_000) });

  beforeAll(async () => {
    signIn = await startTabSignIn();
    bot = await startBot({ env: signIn.env, downloadIdleMs: IDLE_MS });
    await organization(bot, olivia, [[oscar, 'owner'], [carl, 'contributor']]);
    // About 40 MB of CSV: more than loopback's socket buffers hold, so a client that stops reading holds the server up.
    await bot.app.store.write(CONTOSO, async (t) => {
      for (let n = 0; n < EVENTS; n++) await t.appendAudit(auditEvent('profile.updated', oscar, `event ${n}`, new Date(), { after: note(n) }));
    });
  });
  afterAll(async () => {
    await bot.close();
    await signIn.close();
  });

  /** A download whose client reads its first piece, then stops reading until told to go on. */
  async function startDownload(token: string) {
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(`${bot.url}${history}`, { headers: { authorization: `Bearer ${token}` } }, resolve).on('error', reject));
    const pieces: Buffer[] = [];
    const first = await new Promise<Buffer>((resolve) => res.once('data', resolve));
    res.pause();
    pieces.push(first);
    return {
      res,
      rest: async () => {
        res.on('data', (piece: Buffer) => pieces.push(piece));
        res.resume();
        await once(res, 'end');
        return Buffer.concat(pieces).toString('utf8');
      },
    };
  }

  it('streams it, one download per person at a time, with the rows of the moment it began', async () => {
    const token = await signIn.token(carl);
    const before = await count();
    const download = await startDownload(token);
    expect(download.res.statusCode).toBe(200);

    const again = await callTab(bot, history, { token, locale: 'sv-SE' });
    expect(again).toMatchObject({ status: 429, body: { error: { code: 'export_busy', message: expect.stringContaining('pågår fortfarande') } } });
    // Someone else downloads meanwhile, and the dashboard still answers.
    expect((await callTab(bot, history, { token: await signIn.token(oscar) })).status).toBe(200);
    expect((await callTab(bot, DASHBOARD, { token })).status).toBe(200);
    // What is logged while the download runs is not in it, and nothing in it twice.
    await bot.app.store.write(CONTOSO, (t) => t.appendAudit(auditEvent('member.added', oscar, 'late@contoso.com', new Date())));
    expect(await count()).toBe(before + 1);

    const lines = (await download.rest()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(before + 1);
    expect(lines.filter((line) => line.includes(',profile.updated,'))).toHaveLength(EVENTS);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines[1]).toContain(`,event ${EVENTS - 1},`);
    expect((await callTab(bot, history, { token })).status).toBe(200);
  });

  it('cuts a download whose client stopped taking it, and gives the person\'s slot back', async () => {
    const token = await signIn.token(carl);
    const download = await startDownload(token);
    try {
      const began = Date.now();
      let status = 429;
      while (status === 429 && Date.now() - began < IDLE_MS + 6_000) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        status = (await callTab(bot, history, { token })).status;
      }
      expect(status).toBe(200);
      expect(Date.now() - began).toBeGreaterThanOrEqual(IDLE_MS - 500);
    } finally {
      download.res.destroy();
    }
  }, 20_000);

  it('lets a person download again after they gave up on a download midway', async () => {
    const token = await signIn.token(carl);
    const download = await startDownload(token);
    download.res.destroy();
    let status = 429;
    for (let tries = 0; status === 429 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await callTab(bot, DASHBOARD.replace('dashboard', 'history.csv'), { token })).status;
    }
    expect(status).toBe(200);
  });
});

describe('the dashboard tab without single sign-on', () => {
  it('answers 503: single sign-on is not configured', async () => {
    const bot = await startBot();
    try {
      const answer = await callTab(bot, DASHBOARD, { token: 'a.b.c' });
      expect(answer.status).toBe(503);
      expect(answer.body.error).toEqual({ code: 'sso_not_configured', message: expect.stringContaining('Single sign-on is not configured') });
    } finally {
      await bot.close();
    }
  });
});
