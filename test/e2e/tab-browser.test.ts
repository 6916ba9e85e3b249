import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { textOf } from '../helpers/cards.js';
import { browserAvailable, launchChromium } from '../helpers/browser.js';
import { organization, VALID_PROFILE } from '../helpers/flows.js';
import { carl, CONTOSO, FABRIKAM, fred, nina, olivia, oscar, somebody, type Person } from '../helpers/people.js';
import { startBot, type TestBot } from '../helpers/server.js';
import { startTabSignIn, type TabSignIn } from '../helpers/tab.js';
import { openInTeams, type TeamsHostOptions } from '../helpers/teams-host.js';

const SCREENSHOTS = 'test-results';
/** A guard against a hung browser, not a speed check: pages load slowly on a busy machine. */
const SLOW = 120_000;

(browserAvailable ? describe : describe.skip)('the dashboard tab in a browser', () => {
  let bot: TestBot;
  let signIn: TabSignIn;
  let browser: Browser;
  let context: BrowserContext;

  /** The tab as Teams shows it to `person`, with teams-js answered by the test host. */
  async function openAs(person: Person, locale = 'en-US', token: TeamsHostOptions['token'] | undefined = undefined): Promise<{ page: Page; tab: FrameLocator }> {
    token ??= await signIn.token(person);
    const teamsContext = { tid: person.tenantId, userObjectId: person.aadObjectId, loginHint: person.email, theme: 'default', locale, entityId: 'dashboard', frameContext: 'content', hostClientType: 'web' };
    const page = await openInTeams(context, bot.url, { context: teamsContext, token });
    return { page, tab: page.frameLocator('#tab') };
  }

  beforeAll(async () => {
    signIn = await startTabSignIn();
    bot = await startBot({ env: signIn.env });
    await organization(bot, olivia, [[oscar, 'owner'], [carl, 'contributor']]);
    await bot.click(olivia, 'profile.save', { version: 0, ...VALID_PROFILE });
    await bot.say(carl, 'invite ana@contoso.com as contributor', { delivery: 'normal' });
    await bot.say(nina, 'hello');
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1000, height: 1400 }, acceptDownloads: true });
    context.setDefaultTimeout(SLOW / 2);
    // Offline: teams-js asks Microsoft's CDN for valid Teams origins; anything not on the bot's origin is cut.
    await context.route('**/*', (route) => (route.request().url().startsWith(bot.url) ? route.continue() : route.abort()));
  }, SLOW);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await signIn?.close();
  });

  it('shows an Owner the checklist, profile, members, pending invitations and history; approves; downloads the CSV', async () => {
    const { page, tab } = await openAs(olivia);
    // The first heading is the dashboard's, or the title of whatever went wrong.
    expect(await tab.locator('main h1').innerText()).toBe('Publisher Desk');
    expect(await tab.getByText('Olivia Owner · Owner').count()).toBe(1);
    expect(await tab.getByTestId('progress').textContent()).toBe('5 of 5 done');
    expect(await tab.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('5');
    const profile = await tab.getByTestId('profile').innerText();
    for (const value of ['contoso-apps', 'Contoso Apps', 'olivia@contoso.com, oscar@contoso.com', '+46 8 123 456', 'https://contoso.com', '4512345']) {
      expect(profile).toContain(value);
    }
    const members = await tab.getByTestId('members').locator('li').allInnerTexts();
    expect(members.map((m) => m.replace(/\s+/g, ' ').trim())).toEqual([
      'Olivia Owner olivia@contoso.com Owner Active',
      'Oscar Owner oscar@contoso.com Owner Active',
      'Carl Contributor carl@contoso.com Contributor Active',
    ]);
    const invitation = tab.locator('[data-testid="invitations"] li', { hasText: 'ana@contoso.com' });
    expect(await invitation.innerText()).toContain('Asked by Carl Contributor');
    expect(await tab.getByTestId('history').innerText()).toContain('Carl Contributor');
    expect(await tab.locator(':root').getAttribute('data-theme')).toBe('light');
    await page.screenshot({ path: `${SCREENSHOTS}/tab-dashboard-light.png`, fullPage: true });

    const { id, postedIn } = (await bot.app.store.read(CONTOSO, (t) => t.invitations({ status: 'pending', email: 'ana@contoso.com' })))[0]!;
    bot.connector.reset();
    await invitation.getByRole('button', { name: 'Approve' }).click();
    await tab.getByText('You approved ana@contoso.com.').waitFor();
    expect(await tab.getByText('No invitations are waiting for an Owner.').count()).toBe(1);
    expect(await bot.app.store.read(CONTOSO, (t) => t.invitation(id))).toMatchObject({ status: 'approved', decidedBy: { aadObjectId: olivia.aadObjectId } });
    expect(await bot.app.store.read(CONTOSO, (t) => t.memberByEmail('ana@contoso.com'))).toMatchObject({ role: 'contributor', status: 'invited' });
    expect(bot.connector.updated.map((u) => `${u.conversationId}/${u.activityId}`).sort()).toEqual(postedIn.map((c) => `${c.conversationId}/${c.messageId}`).sort());
    for (const update of bot.connector.updated) expect(textOf(update.activity['attachments'][0].content)).toContain('Approved by Olivia Owner');

    const [download] = await Promise.all([page.waitForEvent('download'), tab.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^publisher-desk-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
    expect(csv[0]).toBe('time,event,by,by_id,subject,before,after');
    expect(csv[1]).toContain(',member.added,Olivia Owner,');
    expect(csv[2]).toContain(',invitation.approved,Olivia Owner,');
    expect(csv).toContainEqual(expect.stringContaining(',organization.setUp,Olivia Owner,'));

    await page.evaluate('changeTheme("dark")');
    await tab.locator(':root[data-theme="dark"]').waitFor({ state: 'attached' });
    await page.screenshot({ path: `${SCREENSHOTS}/tab-dashboard-dark.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 2000 });
    await page.screenshot({ path: `${SCREENSHOTS}/tab-dashboard-narrow-dark.png` });
    await page.close();
  }, SLOW);

  it('lists a big organization\'s first members until asked for all, and keeps the cards beside it their own height', async () => {
    await organization(bot, fred);
    const at = new Date().toISOString();
    await bot.app.store.write(FABRIKAM, async (t) => {
      for (let n = 1; n <= 60; n++) {
        const p = somebody(n, FABRIKAM);
        await t.putMember({ email: p.email, displayName: p.name, role: 'contributor', type: 'user', status: 'invited', addedBy: fred, addedAt: at });
      }
    });
    const { page, tab } = await openAs(fred);
    const members = tab.getByTestId('members').locator('li');
    await members.first().waitFor();
    expect(await members.count()).toBe(25);
    expect(await tab.getByText('61 members', { exact: true }).count()).toBe(1);
    // The profile card sits beside the members card, and is not stretched to its height.
    const card = (title: string) => tab.locator(`section[aria-labelledby="${title}"]`).boundingBox();
    const [profile, list] = await Promise.all([card('profile-title'), card('members-title')]);
    expect(profile!.y).toBe(list!.y);
    expect(profile!.height).toBeLessThan(list!.height / 2);
    await page.screenshot({ path: `${SCREENSHOTS}/tab-dashboard-big-organization.png` });

    await tab.getByRole('button', { name: 'Show all 61 members' }).click();
    expect(await members.count()).toBe(61);
    const shown = (await members.allInnerTexts()).join('\n');
    for (let n = 1; n <= 60; n++) expect(shown).toContain(somebody(n, FABRIKAM).email);
    expect(await tab.getByRole('button', { name: /Show all/ }).count()).toBe(0);
    expect(await tab.getByTestId('members').evaluate((list) => list === list.ownerDocument.activeElement)).toBe(true);
    await page.close();
  }, SLOW);

  it('shows a Contributor no Approve or Reject', async () => {
    await bot.say(carl, 'invite nils@contoso.com as contributor', { delivery: 'normal' });
    const { page, tab } = await openAs(carl);
    await tab.getByTestId('invitations').getByText('nils@contoso.com').waitFor();
    expect(await tab.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.close();
  }, SLOW);

  it('tells a person who is not a member why, in their language', async () => {
    const { page, tab } = await openAs(nina, 'sv-SE');
    await tab.getByRole('alert').waitFor();
    expect(await tab.getByRole('alert').innerText()).toContain('Översikten kan inte visas');
    expect(await tab.getByRole('alert').innerText()).toContain('Bara medlemmar');
    await page.close();
  }, SLOW);

  it("gives Teams' own reason when Teams cannot sign the person in", async () => {
    const { page, tab } = await openAs(olivia, 'en-US', { failure: 'resourceDisabled' });
    await tab.getByRole('alert').waitFor();
    const alert = await tab.getByRole('alert').innerText();
    expect(alert).toContain('Teams could not sign you in to Publisher Desk: resourceDisabled');
    expect(alert).not.toContain('did not answer');
    await page.close();
  }, SLOW);

  it('says plainly to open it in Teams when opened outside Teams', async () => {
    const page = await context.newPage();
    await page.goto(`${bot.url}/tab`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('heading').innerText()).toBe('Open this in Microsoft Teams');
    await page.close();
  }, SLOW);
});
