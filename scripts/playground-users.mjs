// The Playground's other mock users. Its UI always chats as `currentUser` from .m365agentsplayground.yml and
// has no way to switch users, and it shows only chats that currentUser is in. So another user gets a personal chat
// the way a bot would create one (the connector's POST /v3/conversations), talks through the UI's
// "Mock an Activity > Custom activity" dialog (which posts any activity to /_internal/v1/customActivities),
// and the bot's answers in that chat are read from the Playground's log stream (the Log Panel's WebSocket).
import { isDeepStrictEqual } from 'node:util';
import { step, StepError } from './playground-ui.mjs';

/** The tenant, bot and users as the running Playground read them from the yml. */
export async function mockTenant(uiUrl) {
  // testConfig, not config: the UI's own GET /config also re-checks the bot and logs that in the Log Panel.
  const { config } = await getJson(`${uiUrl}/_internal/v1/testConfig`);
  const users = [config.currentUser, ...config.users];
  return {
    tenantId: config.tenantId,
    bot: config.bot,
    me: config.currentUser,
    /** currentUser's personal chat, the one the UI shows. */
    personalChatId: config.personalChat.id,
    user(name) {
      const user = users.find((u) => u.name === name);
      if (!user) throw new StepError(`.m365agentsplayground.yml has no user named "${name}"`);
      return user;
    },
  };
}

/** The user's personal chat with the bot (created on first call, as Teams does when the bot installs for them). */
export async function openPersonalChat(uiUrl, tenant, user) {
  const { id } = await getJson(`${uiUrl}/_connector/v3/conversations`, {
    isGroup: false,
    bot: { id: tenant.bot.id },
    members: [{ id: user.id }],
    tenantId: tenant.tenantId,
  });
  step(`opened ${user.name}'s personal chat with the bot (${id})`);
  return id;
}

/** A message from `user` in conversation `conversationId`, as Teams would send it to the bot. */
export function messageFrom(uiUrl, tenant, user, conversationId, text) {
  return {
    type: 'message',
    text,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: tenant.tenantId },
    recipient: { id: tenant.bot.id, name: tenant.bot.name },
    textFormat: 'plain',
    locale: 'en-US',
    id: `try-${Date.now()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: `${uiUrl}/_connector`,
    channelData: { tenant: { id: tenant.tenantId } },
  };
}

/**
 * Sends an activity through the UI: "Mock an Activity" > "Custom activity", replace the JSON in its editor
 * (Monaco) by pasting, "Send activity". Checks that what the Playground posted is exactly this activity. The
 * browser context needs the clipboard-read and clipboard-write permissions for the Playground's origin.
 */
export async function sendCustomActivity(page, activity, { screenshot } = {}) {
  await page.getByRole('button', { name: 'Mock an Activity' }).click();
  await page.getByRole('menuitem', { name: 'Custom activity' }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: 'Custom activity' });
  const editor = dialog.locator('.monaco-editor');
  await editor.waitFor({ state: 'visible', timeout: 10_000 });
  // Pasted: typed JSON would get the editor's auto-indent and closing brackets. (Needs clipboard permissions.)
  await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(activity, null, 2));
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Control+Home'); // the top, with text, from and conversation, for the screenshot
  if (screenshot) await screenshot();
  const posted = page.waitForRequest((r) => r.url().endsWith('/_internal/v1/customActivities') && r.method() === 'POST', { timeout: 10_000 });
  await dialog.getByRole('button', { name: 'Send activity' }).click();
  const body = (await posted.catch(() => undefined))?.postDataJSON();
  if (!body) throw new StepError('the "Custom activity" dialog posted nothing to /_internal/v1/customActivities');
  if (!isDeepStrictEqual(body, activity)) throw new StepError(`the "Custom activity" dialog posted something else:\n  ${JSON.stringify(body)}`);
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  step(`sent "${activity.text}" as ${activity.from.name} (Mock an Activity > Custom activity)`);
}

/**
 * What the bot sent to the Playground's connector, read from the Log Panel's WebSocket (every chat, including the
 * ones the UI does not show), and the Playground's own warnings. Attach before the page loads.
 */
export class BotTraffic {
  /**
   * { conversationId, messageId, status, body } for each activity the bot sent (status 201) or updated (status
   * 200, body.id the message updated).
   */
  sent = [];
  #waiters = new Set();

  constructor(page) {
    page.on('websocket', (ws) => {
      if (!ws.url().endsWith('/_ws/log/stream')) return;
      ws.on('framereceived', ({ payload }) => this.#onFrame(payload));
    });
  }

  #onFrame(payload) {
    let log;
    try {
      log = JSON.parse(String(payload)).log;
    } catch {
      return;
    }
    if (!log) return;
    const body = log.request?.body;
    if (log.from !== 'User Application' || !body?.type) return;
    this.sent.push({
      conversationId: log.conversationId ?? body.conversation?.id,
      messageId: log.messageId,
      name: log.activityName,
      status: log.response?.statusCode,
      body,
    });
    for (const waiter of this.#waiters) waiter();
  }

  /** Resolves with the first activity sent (from now or earlier) that `match` accepts. */
  waitFor(match, what, timeout = 20_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.sent.find(match);
        if (!found) return false;
        this.#waiters.delete(check);
        clearTimeout(timer);
        step(`the bot sent ${what}`);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new StepError(`the bot did not send ${what} within ${timeout / 1000} s`));
      }, timeout);
      if (!check()) this.#waiters.add(check);
    });
  }
}

/** All the text of an activity: its text and its cards' JSON, for matching. */
export const textOf = (activity) => `${activity.text ?? ''} ${JSON.stringify(activity.attachments ?? [])}`;

async function getJson(url, body) {
  const response = await fetch(url, body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new StepError(`${body === undefined ? 'GET' : 'POST'} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}
