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
  const page = await context.newPage();
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

  if (pageErrors.length > 0) step(`the Playground page reported errors:\n  ${pageErrors.join('\n  ')}`);
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
  step('OK: help card, whoami button and setup all worked; screenshots in test-results/');
} catch (error) {
  code = 1;
  console.error(`\n[try] FAILED after ${seconds()} s: ${error instanceof StepError ? error.message : error.stack}`);
  console.error('[try] last output of npm run playground:\n  ' + output.slice(-40).join('\n  '));
  console.error('[try] the Playground\'s own log: devTools/m365agentsplayground.log');
} finally {
  await cleanup();
}
process.exit(code);
