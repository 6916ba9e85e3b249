// npm run playground:try: drives the real Playground UI in Chromium, as a person would, and saves screenshots
// to test-results/. Needs /usr/bin/chromium (Debian: apt-get install -y --no-install-recommends chromium)
// or CHROMIUM_PATH. Exits non-zero, saying what was missing, when a step fails.
// Stages: help and whoami; setup; the prerequisites checklist, to the end; the publisher profile (empty, the form,
// a refused save, a saved one, the history); members and an invitation approved by
// an Owner, with a Contributor played by another mock user (scripts/playground-users.mjs).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import {
  cardsTitled,
  choose,
  clickOnCard as clickOn,
  expectGone,
  expectSameCard,
  expectVisible,
  invokeCount,
  pickDate,
  results,
  root,
  seconds,
  send,
  shot,
  shotCard,
  step,
  StepError,
  waitForInvoke,
} from './playground-ui.mjs';
import { BotTraffic, messageFrom, mockTenant, openPersonalChat, sendCustomActivity, textOf } from './playground-users.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'publisher-desk-try-'));
const output = [];
let stack; // the playground.mjs process group
let browser;
let page; // for a screenshot when a step fails
let traffic; // what the bot sent, from the Playground's log stream

async function main() {
  mkdirSync(results, { recursive: true });
  const uiUrl = await startStack();
  step(`Playground UI at ${uiUrl}`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  // Offline machine: anything not on this machine (fonts, CDNs) would only hang until it times out.
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return ['localhost', '127.0.0.1'].includes(hostname) ? route.continue() : route.abort();
  });
  // The "Custom activity" dialog is filled by pasting (scripts/playground-users.mjs).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: uiUrl });
  page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  traffic = new BotTraffic(page); // before the page loads, to see its Log Panel's WebSocket open

  // Not "load": on a busy machine the page's last resources can take over 30 s; the message box is what counts.
  await page.goto(uiUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await expectVisible(page.locator('[data-lexical-editor="true"]'), 'the message box ([data-lexical-editor="true"])', 30_000);

  await tryHelpAndWhoami(page);
  await trySetup(page);
  await tryChecklist(page);
  await tryProfile(page, uiUrl);
  await tryInvitation(page, uiUrl);

  if (pageErrors.length > 0) step(`the Playground page reported errors:\n  ${pageErrors.join('\n  ')}`);
  // Such as the refresh of the invitation card (Universal Actions' user-specific views); the Log Panel shortens it.
  const notices = await page.getByText(/not supported yet/).allInnerTexts();
  for (const notice of new Set(notices.filter((n) => !/(\.\.\.|…)$/.test(n)))) step(`the Playground noted: "${notice}"`);
}

async function tryHelpAndWhoami(page) {
  await send(page, 'help');
  await expectVisible(page.getByText('What Publisher Desk can do').last(), 'the help card after typing "help"');
  await shot(page, 'playground-help.png');

  const button = page.getByRole('button', { name: 'whoami', exact: true }).last();
  await expectVisible(button, 'the "whoami" button on the help card');
  await button.click();
  step('clicked the help card\'s "whoami" button (Action.Execute)');
  await expectVisible(page.getByText('Your access').last(), 'the whoami card after clicking the button');
  // The invoke answer is a message-type response ("Sent: whoami"); note whether the Playground shows it.
  const ack = page.getByText('Sent: whoami');
  const ackShown = await ack.first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
  step(`invoke response text "Sent: whoami" ${ackShown ? 'is shown' : 'is not shown'} by the Playground`);
  await shot(page, 'playground-whoami.png');
}

async function trySetup(page) {
  await send(page, 'setup');
  const setUp = page.getByText(/^(Publisher Desk is set up|Already set up)$/);
  const noEmail = page.getByText(/could not read your email address from Teams/);
  await expectVisible(setUp.or(noEmail).last(), 'an answer to "setup"');
  await shot(page, 'playground-setup.png');
  if (await noEmail.count()) {
    throw new StepError('setup was refused: the bot could not read the email (TeamsInfo.getMember failed, see below)');
  }
}

const CHECKLIST_TITLE = 'Become a registered cloud publisher';
const SERVER_FORM_ERROR = 'Please correct the fields marked below. Nothing was saved.';
const MPN_MESSAGE = 'An MPN ID is 6 to 10 digits and nothing else.';
const ACCOUNT_HINT = 'Enter an email address, such as publishing@outlook.com, outside the microsoft.com domain and without "Microsoft" or "Azure" in the name.';
const INDIVIDUAL_MESSAGE = 'Developer Center needs a Company account. An Individual account cannot be changed to Company later.';
const ACCOUNT_EMAIL = 'publishing@contoso.com'; // a work address: step 2 warns, and step 5 must use the same one

/**
 * The prerequisites checklist: the transact question, then steps 1 and 2 with bad and good input, a look at step 3,
 * and then steps 3 to 5 saved, which opens the gate to inviting. Every Action.Execute must answer with the same
 * card re-rendered in place; Save with bad input must either be stopped by the renderer's own validation (the
 * input's regex) or come back from the bot with the message at the field.
 */
async function tryChecklist(page) {
  await send(page, 'checklist');
  const card = cardsTitled(page, CHECKLIST_TITLE);
  await expectVisible(card.last(), `the "${CHECKLIST_TITLE}" card after typing "checklist"`);
  await expectVisible(card.last().getByText('0 of 5 done'), '"0 of 5 done" on the checklist');
  await shotCard(page, card.last(), 'playground-checklist.png');
  const cardsAtStart = await card.count();

  await clickOnCard(page, card, 'Yes, we will sell through Azure');
  await expectVisible(card.last().getByText(/^Your organization will sell through Azure/), 'the transact answer on the card');
  await expectGone(card.last().getByRole('button', { name: 'No', exact: true }), 'the "No" button');
  await expectSameCard(card, cardsAtStart, 'checklist card');

  // Step 1 with an MPN ID that is too short: the input's regex should catch it before anything is sent.
  await openStep(page, card, 1, 'MPN ID');
  const mpn = card.last().getByLabel('MPN ID');
  await mpn.fill('12345');
  const stopped = await saveRefused(page, card, mpn, '12345', MPN_MESSAGE);
  await shotCard(page, card.last(), 'playground-checklist-error.png');

  await mpn.fill('4512345');
  await saveStep(page, card, 1);
  await expectVisible(card.last().getByText(/^Done by Olivia Owner, /), '"Done by Olivia Owner, <date>" on step 1');
  await expectGone(card.last().getByLabel('MPN ID'), 'the MPN ID input after saving');
  await expectSameCard(card, cardsAtStart, 'checklist card');
  await shotCard(page, card.last(), 'playground-checklist-saved.png');

  // Step 2: the input's regex is the bot's own rule, so a microsoft.com address is stopped before anything is sent.
  await openStep(page, card, 2, 'Microsoft account email');
  const email = card.last().getByLabel('Microsoft account email');
  if (stopped) {
    await email.fill('team@microsoft.com');
    const alsoStopped = await saveRefused(page, card, email, 'team@microsoft.com', ACCOUNT_HINT);
    if (!alsoStopped) throw new StepError('Save sent "team@microsoft.com": the input\'s regex should have stopped it in the renderer');
  }
  await email.fill(ACCOUNT_EMAIL);
  await saveStep(page, card, 2);
  await expectVisible(card.last().getByText(/cannot sign in to the Cloud Partner Portal/), 'the work-address warning on step 2');
  await expectSameCard(card, cardsAtStart, 'checklist card');
  await shotCard(page, card.last(), 'playground-checklist-warning.png');

  // Step 3 has the Date and ChoiceSet inputs: open it to see how they render, then Cancel without saving.
  // (The compact ChoiceSet renders as a combobox whose chevron button carries the same label, hence by role.)
  await openStep(page, card, 3, 'Date the form was submitted');
  await expectVisible(card.last().getByRole('combobox', { name: /^Main offer type/ }), 'step 3\'s "Main offer type" choice');
  await expectVisible(card.last().getByRole('combobox', { name: /^Target audience/ }), 'step 3\'s "Target audience" choice');
  await shotCard(page, card.last(), 'playground-checklist-step3.png');
  await clickOnCard(page, card, 'Cancel');
  await expectGone(card.last().getByRole('combobox', { name: /^Main offer type/ }), 'step 3\'s inputs after Cancel');
  await expectVisible(card.last().getByText('2 of 5 done'), '"2 of 5 done" after Cancel');
  await expectSameCard(card, cardsAtStart, 'checklist card');

  // The gate: nobody can invite while required steps remain.
  await send(page, 'invite someone@contoso.example as contributor');
  const gate = cardsTitled(page, 'Finish the prerequisites first');
  await expectVisible(gate.last().getByText(/(Still to do: step|Steps still to do:) 3, 4, 5\.$/), 'the gate card naming steps 3, 4, 5');
  await shotCard(page, gate.last(), 'playground-invite-gate.png');

  // Steps 3 to 5, through the inputs. The dates: days of the current month (its calendar opens there), not later
  // than today, step 4 after step 3 (on 25 November: the 20th and the 24th).
  const today = new Date();
  const daysAgo = (n) => new Date(today.getFullYear(), today.getMonth(), Math.max(1, today.getDate() - n));
  await send(page, 'checklist');
  await expectVisible(card.nth(cardsAtStart), 'a second checklist card after typing "checklist"');
  await openStep(page, card, 3, 'Date the form was submitted');
  await pickDate(page, card.last(), 'Date the form was submitted', daysAgo(5));
  await choose(page, card.last(), 'Main offer type', 'SaaS applications');
  await choose(page, card.last(), 'Target audience', 'Business users (AppSource)');
  await saveStep(page, card, 3);

  await openStep(page, card, 4, 'Date of the first sign-in');
  await pickDate(page, card.last(), 'Date of the first sign-in', daysAgo(1));
  await saveStep(page, card, 4);

  // Step 5 as an Individual account: no input rule can tell, so the bot refuses it and the card keeps what was typed.
  await openStep(page, card, 5, 'Developer Center account email');
  const accountEmail = card.last().getByLabel('Developer Center account email');
  await accountEmail.fill(ACCOUNT_EMAIL);
  await choose(page, card.last(), 'Developer Center account type', 'Individual');
  await saveRefused(page, card, accountEmail, ACCOUNT_EMAIL, INDIVIDUAL_MESSAGE);
  await shotCard(page, card.last(), 'playground-checklist-server-error.png');
  await choose(page, card.last(), 'Developer Center account type', 'Company');
  await saveStep(page, card, 5);
  await expectVisible(card.last().getByText(/Every step is done: your organization is a registered cloud publisher/), '"Every step is done" on the checklist');
  await expectSameCard(card, cardsAtStart + 1, 'checklist card');
  await shotCard(page, card.last(), 'playground-invite-checklist-done.png');
}

/** Clicks a button on the latest checklist card. */
const clickOnCard = (page, card, name, options) => clickOn(page, card, name, { ...options, on: 'the checklist' });

/** Step n's "Complete this step" is the n-th one while the steps before it are done or open. */
async function openStep(page, card, number, label) {
  const done = await card.last().getByRole('button', { name: 'Change', exact: true }).count();
  await clickOnCard(page, card, 'Complete this step', { nth: number - 1 - done });
  await expectVisible(card.last().getByLabel(label), `step ${number}'s "${label}" input`);
}

/** Saves step n, which must then count as done. */
async function saveStep(page, card, number) {
  await clickOnCard(page, card, 'Save');
  await expectVisible(card.last().getByText(new RegExp(`^${number} of 5 done`)), `"${number} of 5 done" after saving step ${number}`);
}

/**
 * Clicks Save with input that breaks a rule. Resolves true when the renderer's own validation stopped it (no invoke
 * sent), false when the bot answered with the card, the typed value kept and the message at the field.
 */
async function saveRefused(page, card, input, typed, message) {
  const invokes = await invokeCount(page);
  await card.last().getByRole('button', { name: 'Save', exact: true }).click();
  step(`clicked "Save" with "${typed}"`);
  const sent = await waitForInvoke(page, invokes, '"Save"', 5_000).then(() => true, () => false);
  if (!sent) {
    await expectVisible(card.last().getByText(message), `the renderer's message "${message}" (the input's errorMessage)`);
    step(`client-side validation fired: Save sent nothing for "${typed}"`);
    if ((await input.inputValue()) !== typed) throw new StepError(`the input lost "${typed}"`);
    return true;
  }
  await expectVisible(card.last().getByText(SERVER_FORM_ERROR), 'the bot\'s "Nothing was saved" message');
  await expectVisible(card.last().getByText(message), `the bot's message "${message}" at the field`);
  const kept = await input.inputValue();
  if (kept !== typed) throw new StepError(`the card came back with "${kept}" in the input instead of "${typed}"`);
  step(`the bot refused "${typed}" and the card kept it`);
  return false;
}

const PROFILE_TITLE = 'Publisher profile';
const PROFILE_FORM_TITLE = 'Edit the publisher profile';
const BRAND_HINT = 'Enter a display name of 1 to 50 characters, without "Microsoft" or "Azure".';
const LINKED_MESSAGE = 'A linked Developer Center needs its account name.';
const PROFILE_TEXT_FIELDS = ['Publisher ID', 'Display name', 'Owner emails', 'Contact name', 'Contact email', 'Phone', 'Website',
  'Developer Center account name', 'Developer Center owner email'];

/**
 * The publisher profile, as Olivia: empty at first; "Edit the profile" puts the form in the card's place; a display
 * name with "Azure" passes every input rule, so only the bot can refuse it, and the form comes back with the typed
 * values and the message at the field; a good one saves version 1; the history lists the save, field by field.
 */
async function tryProfile(page, uiUrl) {
  const { me: olivia } = await mockTenant(uiUrl);
  const allCards = page.locator('.ac-adaptiveCard');
  const profile = cardsTitled(page, PROFILE_TITLE);
  const form = cardsTitled(page, PROFILE_FORM_TITLE);

  await send(page, 'profile');
  await expectVisible(profile.last(), `the "${PROFILE_TITLE}" card after typing "profile"`);
  await expectVisible(profile.last().getByText('No profile yet. An Owner can fill it in with "profile edit".'), '"No profile yet" on it');
  await expectVisible(profile.last().getByRole('button', { name: 'Edit the profile', exact: true }), 'its "Edit the profile" button');
  await shotCard(page, profile.last(), 'playground-profile-empty.png');
  const cardsAtStart = await allCards.count();
  const profilesAtStart = await profile.count();

  await clickOn(page, profile, 'Edit the profile', { on: 'the profile' });
  await expectVisible(form.last(), `the "${PROFILE_FORM_TITLE}" form`);
  if ((await profile.count()) !== profilesAtStart - 1) throw new StepError('the profile card is still there next to the form: not replaced in place');
  await expectSameCard(allCards, cardsAtStart, 'card');
  const card = form.last();
  for (const label of PROFILE_TEXT_FIELDS) await expectVisible(field(card, label), `the "${label}" input`);
  await expectVisible(card.getByText('Developer Center link', { exact: true }).first(), 'the "Developer Center link" choice');
  for (const option of ['Not linked', 'Linked']) {
    await expectVisible(card.getByRole('radio', { name: option, exact: true }).or(card.getByText(option, { exact: true })).first(), `its "${option}" option`);
  }
  await expectVisible(card.getByLabel('First offer published'), 'the "First offer published" date');
  for (const name of ['Save', 'Cancel']) await expectVisible(card.getByRole('button', { name, exact: true }), `the "${name}" button`);
  await describeInputs(card);
  await shotCard(page, card, 'playground-profile-form.png');

  const typed = {
    'Publisher ID': 'contoso-apps',
    'Display name': 'Contoso for Azure',
    'Owner emails': olivia.email,
    Website: 'https://contoso.example',
  };
  for (const [label, value] of Object.entries(typed)) await field(card, label).fill(value);
  step(`filled ${Object.entries(typed).map(([l, v]) => `${l} "${v}"`).join(', ')}`);
  const invokes = await invokeCount(page);
  await card.getByRole('button', { name: 'Save', exact: true }).click();
  step('clicked "Save" on the profile form with "Contoso for Azure"');
  if (await waitForInvoke(page, invokes, '"Save"', 5_000).then(() => true, () => false)) {
    throw new StepError('Save sent "Contoso for Azure": the display name\'s hint should have stopped it in the renderer');
  }
  await expectVisible(card.getByText(BRAND_HINT), `the renderer's message "${BRAND_HINT}" (the input's errorMessage)`);
  step('client-side validation fired: Save sent nothing with a brand in the display name');
  await shotCard(page, card, 'playground-profile-client-error.png');

  // A linked Developer Center needs its account name, a rule across two inputs that only the bot checks: its
  // refusal comes back on the form.
  await field(card, 'Display name').fill('Contoso Apps');
  await card.getByRole('radio', { name: 'Linked', exact: true }).check();
  step('filled Display name "Contoso Apps", chose "Linked" with no Developer Center account name');
  const again = await invokeCount(page);
  await card.getByRole('button', { name: 'Save', exact: true }).click();
  await waitForInvoke(page, again, '"Save" with a linked Developer Center and no account name');
  step('Save sent the invoke');
  await expectVisible(form.last().getByText(SERVER_FORM_ERROR), `"${SERVER_FORM_ERROR}" on the form`);
  await expectVisible(form.last().getByText(LINKED_MESSAGE), `"${LINKED_MESSAGE}"`);
  await expectSameCard(allCards, cardsAtStart, 'card');
  const kept = { ...typed, 'Display name': 'Contoso Apps' };
  for (const [label, value] of Object.entries(kept)) {
    const shown = await field(form.last(), label).inputValue();
    if (shown !== value) throw new StepError(`the form came back with "${shown}" in "${label}" instead of "${value}"`);
  }
  step('the form kept every typed value');
  await describeMessage(form.last(), SERVER_FORM_ERROR);
  await describeMessage(form.last(), LINKED_MESSAGE);
  await shotCard(page, form.last(), 'playground-profile-error.png');

  await form.last().getByRole('radio', { name: 'Not linked', exact: true }).check();
  await clickOn(page, form, 'Save', { on: 'the profile form' });
  // A saved profile is titled with its display name.
  const savedProfile = cardsTitled(page, 'Contoso Apps');
  await expectVisible(savedProfile.last().getByText('Profile saved (version 1).'), '"Profile saved (version 1)." on the profile card');
  await expectGone(form, 'the profile form');
  await expectSameCard(allCards, cardsAtStart, 'card');
  for (const value of ['contoso-apps', olivia.email, 'https://contoso.example']) {
    await expectVisible(savedProfile.last().getByText(value, { exact: true }), `"${value}" on the profile`);
  }
  await expectVisible(savedProfile.last().getByText(/^Last saved by Olivia Owner, .+ \(version 1\)$/), '"Last saved by Olivia Owner, <date> (version 1)"');
  await shotCard(page, savedProfile.last(), 'playground-profile-saved.png');

  await send(page, 'history');
  const history = cardsTitled(page, 'History');
  await expectVisible(history.last(), 'the "History" card after typing "history"');
  const saved = history.last().locator('.ac-container').filter({ hasText: /Olivia Owner\s*·\s*saved the profile\s*·\s*the publisher profile/ }).last();
  await expectVisible(saved, '"Olivia Owner · saved the profile · the publisher profile" in the history');
  await expectVisible(saved.getByText(/^Display name: (.* → )?Contoso Apps$/), '"Display name: … Contoso Apps" under it');
  step(`the history entry reads:\n    ${(await saved.innerText()).split('\n').filter(Boolean).join('\n    ')}`);
  await shotCard(page, history.last(), 'playground-profile-history.png');
}

/** A form input by its label, which may carry a required mark after it. */
const field = (card, label) => card.getByLabel(new RegExp(`^${label}\\b`)).first();

/** Notes how the form's inputs render: type, read-only, the choice's and the date's elements. */
async function describeInputs(card) {
  const inputs = await card.locator('input, textarea, select, [role="combobox"], [role="radiogroup"]').evaluateAll((els) =>
    els.map((el) => `${el.tagName.toLowerCase()}${el.type ? `[type=${el.type}]` : ''}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''}` +
      `${el.readOnly ? '[readonly]' : ''} "${el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.value ?? ''}"`));
  step(`the form's inputs: ${inputs.join('; ')}`);
}

/** Notes the color and weight a message renders with. */
async function describeMessage(card, text) {
  const style = await card.getByText(text).first().evaluate((el) => {
    const s = getComputedStyle(el);
    return `color ${s.color}, weight ${s.fontWeight}, size ${s.fontSize}`;
  });
  step(`"${text}" renders with ${style}`);
}

/**
 * Members and an invitation, with three mock users: Olivia (the UI's current user, an Owner) adds Carlos, who is a
 * member at once; Carlos talks to the bot in his own personal chat (greeted, now active) and asks to invite Nora;
 * the request card arrives in Olivia's chat by itself; she approves it there, every copy shows the decision, Carlos
 * is told, and Nora is a member, Invited.
 */
async function tryInvitation(page, uiUrl) {
  const tenant = await mockTenant(uiUrl);
  const olivia = tenant.me;
  const carlos = tenant.user('Carlos Contributor');
  const nora = tenant.user('Nora Newcomer');
  const oliviasChat = tenant.personalChatId;

  await send(page, `invite ${carlos.email} as contributor`);
  await expectVisible(page.getByText(`You added ${carlos.email} as a Contributor.`, { exact: false }).last(), `"You added ${carlos.email} as a Contributor"`);
  await shot(page, 'playground-invite-added.png');

  // Carlos, in his own personal chat: the UI does not show it, so his answers are read from the bot's traffic.
  const carlosChat = await openPersonalChat(uiUrl, tenant, carlos);
  const inCarlosChat = (match) => (a) => a.conversationId === carlosChat && match(textOf(a.body));
  await sendCustomActivity(page, messageFrom(uiUrl, tenant, carlos, carlosChat, 'whoami'), {
    screenshot: () => shot(page, 'playground-invite-as-carlos.png'),
  });
  await traffic.waitFor(
    inCarlosChat((text) => text.includes(`Welcome to your organization's publishing account, ${carlos.name}. You are a Contributor`)),
    `Carlos the welcome "… ${carlos.name}. You are a Contributor …"`,
  );
  await traffic.waitFor(inCarlosChat((text) => /Your access/.test(text) && /Contributor/.test(text) && /active/i.test(text)), 'Carlos his whoami card (Contributor, Active)');
  await shot(page, 'playground-invite-carlos-greeted.png'); // his chat is not shown; the Log Panel lists the answers

  // Carlos asks for Nora: a pending invitation, posted in his chat and sent to Olivia's.
  const requests = cardsTitled(page, 'Invitation request').filter({ hasText: nora.email });
  await sendCustomActivity(page, messageFrom(uiUrl, tenant, carlos, carlosChat, `invite ${nora.email} as contributor`));
  const carlosCopy = await traffic.waitFor(
    inCarlosChat((text) => text.includes('Invitation request') && text.includes(nora.email) && text.includes('Waiting for an Owner to approve.')),
    'the "Invitation request" card into Carlos\'s chat',
  );
  await expectVisible(requests.last(), `the "Invitation request" card for ${nora.email} in Olivia's chat, sent proactively`);
  const oliviasCopy = await traffic.waitFor(
    (a) => a.conversationId === oliviasChat && a.status === 201 && textOf(a.body).includes(nora.email),
    'the card into Olivia\'s personal chat (proactive)',
  );
  const card = requests.last();
  await expectVisible(card.getByText('Waiting for an Owner to approve.'), '"Waiting for an Owner to approve." on it');
  await expectVisible(card.getByText(`Requested by ${carlos.name}, `, { exact: false }), `"Requested by ${carlos.name}, <date>"`);
  if (await card.getByRole('button', { name: 'Approve', exact: true }).count()) {
    throw new StepError('the shared card shows Approve to everyone; it should ask for "Show my options"');
  }
  await shotCard(page, card, 'playground-invite-request.png');

  // Olivia's own view, then her decision; both answers replace the card in place.
  const copies = await requests.count();
  await clickOn(page, requests, 'Show my options', { on: 'the invitation' });
  await expectVisible(card.getByLabel(/^Reason, if you reject/), 'the Owner\'s "Reason, if you reject" input');
  await expectVisible(card.getByRole('button', { name: 'Reject', exact: true }), 'the "Reject" button');
  await expectSameCard(requests, copies, 'invitation card');
  await shotCard(page, card, 'playground-invite-options.png');

  const approvedAt = traffic.sent.length;
  await clickOn(page, requests, 'Approve', { on: 'the invitation' });
  const approved = `Approved by ${olivia.name}, `;
  await expectVisible(card.getByText(approved, { exact: false }), `"${approved}<date>" on the card`);
  await expectGone(card.getByRole('button', { name: 'Approve', exact: true }), 'the "Approve" button');
  await expectSameCard(requests, copies, 'invitation card');
  await shotCard(page, card, 'playground-invite-approved.png');

  // Every other posted copy updated (updateActivity), and Carlos told in his chat. Olivia's copy, the one she
  // clicked in her 1:1 chat, took the click's answer (seen above), so Teams is not asked to update it as well.
  const after = (match) => (a) => traffic.sent.indexOf(a) >= approvedAt && match(a);
  const updated = (copy) =>
    after((a) => a.conversationId === copy.conversationId && a.status === 200 && a.body.id === copy.messageId && textOf(a.body).includes(approved));
  await traffic.waitFor(updated(carlosCopy), 'an update of Carlos\'s copy to "Approved by …"');
  await traffic.waitFor(
    after(inCarlosChat((text) => text.includes(`Your invitation for ${nora.email} was approved by ${olivia.name}.`))),
    `Carlos "Your invitation for ${nora.email} was approved by ${olivia.name}."`,
  );
  if (traffic.sent.some(updated(oliviasCopy))) throw new StepError('Teams was asked to update Olivia\'s copy too, which the answer to her click had replaced');

  await send(page, 'members');
  const members = cardsTitled(page, 'Members of the publishing account');
  const row = (user) => members.last().locator('.ac-container').filter({ hasText: user.email }).last();
  await expectVisible(row(nora).getByText('Contributor · Invited · User'), `${nora.email} as "Contributor · Invited · User"`);
  await expectVisible(row(carlos).getByText('Contributor · Active · User'), `${carlos.email} as "Contributor · Active · User"`);
  await shotCard(page, members.last(), 'playground-invite-members.png');
}

/** Starts `npm run playground`'s script in its own process group and resolves with the UI URL it prints. */
function startStack() {
  stack = spawn(process.execPath, [join(root, 'scripts/playground.mjs')], {
    cwd: root,
    detached: true, // its own process group, so cleanup reaches the bot and the Playground too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      STORAGE_FILE: join(dataDir, 'playground.json'),
      DATABASE_URL: '', // empty counts as unset and wins over .env: always the throwaway lowdb file
      PORT: process.env.PORT ?? '0', // any free port: a bot already running on 3978 must not break this
      TEAMSAPPTESTER_BROWSER: 'none',
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new StepError('the bot and the Playground did not start within 60 s')), 60_000);
    for (const stream of [stack.stdout, stack.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const url = /\[playground\] Open (http:\/\/\S+)/.exec(line)?.[1];
        if (!url) return;
        clearTimeout(timer);
        resolve(url);
      });
    }
    stack.on('exit', (code) => {
      clearTimeout(timer);
      reject(new StepError(`npm run playground exited (code ${code}) before the Playground was ready`));
    });
  });
}

/** The bot's warnings and errors (pino levels 40 and up), apart from the expected local-mode warning. */
function botProblems() {
  return output
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry?.level >= 40 && !String(entry.msg).startsWith('MicrosoftAppId is empty'));
}

async function stopStack() {
  if (!stack || stack.exitCode !== null || stack.signalCode !== null) return;
  const exited = new Promise((resolve) => stack.once('exit', resolve));
  const kill = (signal) => {
    try {
      process.kill(-stack.pid, signal);
    } catch {} // already gone
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  kill('SIGKILL'); // anything in the group that outlived its parent
}

async function cleanup() {
  await browser?.close().catch(() => {});
  await stopStack();
  rmSync(dataDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

let code = 0;
try {
  await main();
  const problems = botProblems();
  for (const p of problems) console.log(`[try] bot ${p.level >= 50 ? 'ERROR' : 'warning'}: ${JSON.stringify(p)}`);
  if (problems.some((p) => p.level >= 50)) throw new StepError('the bot logged errors (above)');
  step('OK: help card, whoami button, setup, the checklist, the profile and the invitation flow all worked; screenshots in test-results/');
} catch (error) {
  code = 1;
  console.error(`\n[try] FAILED after ${seconds()} s: ${error instanceof StepError ? error.message : error.stack}`);
  await page?.screenshot({ path: join(results, 'playground-failed.png') }).then(
    () => console.error('[try] the page when it failed: test-results/playground-failed.png'),
    () => {},
  );
  console.error('[try] last output of npm run playground:\n  ' + output.slice(-40).join('\n  '));
  console.error('[try] all of it: test-results/playground-output.log; the bot\'s activities: test-results/playground-traffic.json');
  console.error('[try] the Playground\'s own log: devTools/m365agentsplayground.log');
} finally {
  // For reading afterwards: everything the bot and the Playground printed, and every activity the bot sent.
  writeFileSync(join(results, 'playground-output.log'), `${output.join('\n')}\n`);
  writeFileSync(join(results, 'playground-traffic.json'), JSON.stringify(traffic?.sent ?? [], null, 2));
  await cleanup();
}
process.exit(code);
