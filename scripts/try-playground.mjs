// npm run playground:try: drives the real Playground UI in Chromium, as a person would, and saves screenshots
// to test-results/. Needs /usr/bin/chromium (Debian: apt-get install -y --no-install-recommends chromium)
// or CHROMIUM_PATH. Exits non-zero, saying what was missing, when a step fails.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'test-results');
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const step = (message) => console.log(`[try ${seconds()}s] ${message}`);

class StepError extends Error {}

const dataDir = mkdtempSync(join(tmpdir(), 'publisher-desk-try-'));
const output = [];
let stack; // the playground.mjs process group
let browser;
let page; // for a screenshot when a step fails

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
  page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(uiUrl);
  const box = page.locator('[data-lexical-editor="true"]');
  await expectVisible(box, 'the message box ([data-lexical-editor="true"])', 30_000);

  await send(page, box, 'help');
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

  await send(page, box, 'setup');
  const setUp = page.getByText(/^(Publisher Desk is set up|Already set up)$/);
  const noEmail = page.getByText(/could not read your email address from Teams/);
  await expectVisible(setUp.or(noEmail).last(), 'an answer to "setup"');
  await shot(page, 'playground-setup.png');
  if (await noEmail.count()) {
    throw new StepError('setup was refused: the bot could not read the email (TeamsInfo.getMember failed, see below)');
  }

  await tryChecklist(page, box);

  if (pageErrors.length > 0) step(`the Playground page reported errors:\n  ${pageErrors.join('\n  ')}`);
}

const CHECKLIST_TITLE = 'Become a registered cloud publisher';
const SERVER_FORM_ERROR = 'Please correct the fields marked below. Nothing was saved.';
const MPN_MESSAGE = 'An MPN ID is 6 to 10 digits and nothing else.';
const MICROSOFT_MESSAGE = 'An address in the microsoft.com domain cannot register in Developer Center.';

/**
 * The prerequisites checklist: the transact question, then steps 1 and 2 with bad and good input. Every
 * Action.Execute must answer with the same card re-rendered in place; Save with bad input must either be stopped
 * by the renderer's own validation (the input's regex) or come back from the bot with the message at the field.
 */
async function tryChecklist(page, box) {
  await send(page, box, 'checklist');
  const card = page.locator('.ac-adaptiveCard').filter({ has: page.getByText(CHECKLIST_TITLE, { exact: true }) });
  await expectVisible(card.last(), `the "${CHECKLIST_TITLE}" card after typing "checklist"`);
  await expectVisible(card.last().getByText('0 of 5 done'), '"0 of 5 done" on the checklist');
  await shotCard(page, card.last(), 'playground-checklist.png');
  const cardsAtStart = await card.count();

  await clickOnCard(page, card, 'Yes, we will sell through Azure');
  await expectVisible(card.last().getByText(/^Your organization will sell through Azure/), 'the transact answer on the card');
  await expectGone(card.last().getByRole('button', { name: 'No', exact: true }), 'the "No" button');
  await expectSameCard(page, card, cardsAtStart);

  // Step 1 with an MPN ID that is too short: the input's regex should catch it before anything is sent.
  await openStep(page, card, 1, 'MPN ID');
  const mpn = card.last().getByLabel('MPN ID');
  await mpn.fill('12345');
  const stopped = await saveRefused(page, card, mpn, '12345', MPN_MESSAGE);
  await shotCard(page, card.last(), 'playground-checklist-error.png');

  await mpn.fill('4512345');
  await saveStep(page, card);
  await expectVisible(card.last().getByText('1 of 5 done'), '"1 of 5 done" after saving step 1');
  await expectVisible(card.last().getByText(/^Done by Olivia Owner, /), '"Done by Olivia Owner, <date>" on step 1');
  await expectGone(card.last().getByLabel('MPN ID'), 'the MPN ID input after saving');
  await expectSameCard(page, card, cardsAtStart);
  await shotCard(page, card.last(), 'playground-checklist-saved.png');

  // Step 2: a microsoft.com address passes the input's email regex, so only the bot can refuse it.
  await openStep(page, card, 2, 'Microsoft account email');
  const email = card.last().getByLabel('Microsoft account email');
  if (stopped) {
    await email.fill('team@microsoft.com');
    const alsoStopped = await saveRefused(page, card, email, 'team@microsoft.com', MICROSOFT_MESSAGE);
    if (alsoStopped) throw new StepError('the Playground stopped "team@microsoft.com" too, which passes the input\'s regex');
    await shotCard(page, card.last(), 'playground-checklist-server-error.png');
  }
  await email.fill('publishing@contoso.com');
  await saveStep(page, card);
  await expectVisible(card.last().getByText('2 of 5 done'), '"2 of 5 done" after saving step 2');
  await expectVisible(card.last().getByText(/cannot sign in to the Cloud Partner Portal/), 'the work-address warning on step 2');
  await expectSameCard(page, card, cardsAtStart);
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
  await expectSameCard(page, card, cardsAtStart);
}

/** Clicks a button on the latest checklist card and waits for the Playground to log the invoke's answer. */
async function clickOnCard(page, card, name, { nth = 0 } = {}) {
  const invokes = await invokeCount(page);
  await card.last().getByRole('button', { name, exact: true }).nth(nth).click();
  step(`clicked "${name}"${nth ? ` (number ${nth + 1})` : ''} on the checklist (Action.Execute)`);
  await waitForInvoke(page, invokes, `"${name}"`);
}

/** Step n's "Complete this step" is the n-th one while the steps before it are done or open. */
async function openStep(page, card, number, label) {
  const done = await card.last().getByRole('button', { name: 'Change', exact: true }).count();
  await clickOnCard(page, card, 'Complete this step', { nth: number - 1 - done });
  await expectVisible(card.last().getByLabel(label), `step ${number}'s "${label}" input`);
}

async function saveStep(page, card) {
  await clickOnCard(page, card, 'Save');
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

/** The Playground's Log Panel lists one "invoke <status>" line per card action, once the bot has answered. */
const invokeLines = (page) => page.getByText(/^invoke \d+$/);
const invokeCount = (page) => invokeLines(page).count();

async function waitForInvoke(page, before, what, timeout = 20_000) {
  try {
    await invokeLines(page).nth(before).waitFor({ state: 'visible', timeout });
  } catch {
    throw new StepError(`the Playground logged no invoke for ${what} within ${timeout / 1000} s`);
  }
  await page.waitForTimeout(300); // the answer's card renders right after the log line
}

async function expectGone(locator, what, timeout = 10_000) {
  try {
    await locator.waitFor({ state: 'detached', timeout });
  } catch {
    throw new StepError(`${what} is still there after ${timeout / 1000} s`);
  }
}

/** Action.Execute's card must replace the one clicked, not arrive as another message. */
async function expectSameCard(page, card, count) {
  const now = await card.count();
  if (now !== count) throw new StepError(`the chat shows ${now} checklist cards instead of ${count}: the answer was not put in place`);
  step(`still ${count} checklist card in the chat: replaced in place`);
}

/**
 * The whole card, however tall: the chat pane scrolls inside the page, so the window is made tall enough for the
 * card for the shot, and then put back.
 */
async function shotCard(page, card, name) {
  const viewport = page.viewportSize();
  const { height } = await card.boundingBox();
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height) + 400) });
  await card.scrollIntoViewIfNeeded();
  await shot(page, name);
  await page.setViewportSize(viewport);
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

async function send(page, box, text) {
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  step(`sent "${text}"`);
}

async function expectVisible(locator, what, timeout = 20_000) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
    step(`saw ${what}`);
  } catch {
    throw new StepError(`did not see ${what} within ${timeout / 1000} s`);
  }
}

async function shot(page, name) {
  await page.waitForTimeout(500); // let the card finish laying out
  await page.screenshot({ path: join(results, name) });
  step(`saved test-results/${name}`);
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
  step('OK: help card, whoami button, setup and the checklist all worked; screenshots in test-results/');
} catch (error) {
  code = 1;
  console.error(`\n[try] FAILED after ${seconds()} s: ${error instanceof StepError ? error.message : error.stack}`);
  await page?.screenshot({ path: join(results, 'playground-failed.png') }).then(
    () => console.error('[try] the page when it failed: test-results/playground-failed.png'),
    () => {},
  );
  console.error('[try] last output of npm run playground:\n  ' + output.slice(-40).join('\n  '));
  console.error('[try] the Playground\'s own log: devTools/m365agentsplayground.log');
} finally {
  await cleanup();
}
process.exit(code);
