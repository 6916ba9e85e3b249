// What scripts/try-playground.mjs does in the Playground's web page, as a person would: type, click card buttons,
// wait for the bot's answer, and take screenshots into test-results/. Every wait names what it waited for, so a
// failure says what was missing.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const results = join(root, 'test-results');

const started = Date.now();
export const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
export const step = (message) => console.log(`[try ${seconds()}s] ${message}`);

/** A step that did not happen: the message says what was expected. */
export class StepError extends Error {}

/** The Playground's message box (a Lexical editor). */
export const messageBox = (page) => page.locator('[data-lexical-editor="true"]');

/** Types a message into the chat shown, as the Playground's current user, and sends it. */
export async function send(page, text) {
  await messageBox(page).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  step(`sent "${text}"`);
}

/** The adaptive cards in the chat whose text includes `title` exactly (a TextBlock of its own). */
export const cardsTitled = (page, title) =>
  page.locator('.ac-adaptiveCard').filter({ has: page.getByText(title, { exact: true }) });

/** Clicks a button on the latest of `cards` and waits for the Playground to log the invoke's answer. */
export async function clickOnCard(page, cards, name, { nth = 0, on = 'the card' } = {}) {
  const invokes = await invokeCount(page);
  await cards.last().getByRole('button', { name, exact: true }).nth(nth).click();
  step(`clicked "${name}"${nth ? ` (number ${nth + 1})` : ''} on ${on} (Action.Execute)`);
  await waitForInvoke(page, invokes, `"${name}"`);
}

/** The Playground's Log Panel lists one "invoke <status>" line per card action, once the bot has answered. */
const invokeLines = (page) => page.getByText(/^invoke \d+$/);
export const invokeCount = (page) => invokeLines(page).count();

export async function waitForInvoke(page, before, what, timeout = 20_000) {
  try {
    await invokeLines(page).nth(before).waitFor({ state: 'visible', timeout });
  } catch {
    throw new StepError(`the Playground logged no invoke for ${what} within ${timeout / 1000} s`);
  }
  await page.waitForTimeout(300); // the answer's card renders right after the log line
}

/** An Action.Execute's card must replace the one clicked, not arrive as another message. */
export async function expectSameCard(cards, count, what = 'card') {
  const now = await cards.count();
  if (now !== count) throw new StepError(`the chat shows ${now} ${what}s instead of ${count}: the answer was not put in place`);
  step(`still ${count} ${what}${count === 1 ? '' : 's'} in the chat: replaced in place`);
}

export async function expectVisible(locator, what, timeout = 20_000) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
    step(`saw ${what}`);
  } catch {
    throw new StepError(`did not see ${what} within ${timeout / 1000} s`);
  }
}

export async function expectGone(locator, what, timeout = 10_000) {
  try {
    await locator.waitFor({ state: 'detached', timeout });
  } catch {
    throw new StepError(`${what} is still there after ${timeout / 1000} s`);
  }
}

/**
 * Picks a day in an Input.Date, which the Playground renders as a read-only field with a calendar pop-up (typing
 * does nothing). The calendar opens on the current month, so `day` must be in it.
 */
export async function pickDate(page, card, label, day) {
  await card.getByLabel(label).click();
  const month = day.toLocaleString('en-US', { month: 'long' });
  await page.getByRole('gridcell').getByRole('button', { name: `${day.getDate()}, ${month}, ${day.getFullYear()}`, exact: true }).click();
  step(`picked ${day.getDate()} ${month} in "${label}"'s calendar`);
}

/** Chooses in a compact Input.ChoiceSet, which renders as a combobox with a pop-up list of options. */
export async function choose(page, card, label, option) {
  await card.getByRole('combobox', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  step(`chose "${option}" in "${label}"`);
}

export async function shot(page, name) {
  await page.waitForTimeout(500); // let the card finish laying out
  await page.screenshot({ path: join(results, name) });
  step(`saved test-results/${name}`);
}

/**
 * The whole card, however tall: the chat pane scrolls inside the page, so the window is made tall enough for the
 * card for the shot, and then put back.
 */
export async function shotCard(page, card, name) {
  const viewport = page.viewportSize();
  const { height } = await card.boundingBox();
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height) + 400) });
  await card.scrollIntoViewIfNeeded();
  await shot(page, name);
  await page.setViewportSize(viewport);
}
