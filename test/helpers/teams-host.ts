// A stand-in for the Teams client around a tab: a page that frames the tab and answers the messages
// @microsoft/teams-js posts to its parent (initialize, context, single sign-on token), as Teams would.
import type { BrowserContext, Page } from 'playwright-core';

export interface TeamsHostOptions {
  /** What getContext answers (Teams' own field names): tid, userObjectId, theme, locale, … */
  readonly context: Readonly<Record<string, unknown>>;
  /** The single sign-on token getAuthToken answers, or the reason Teams gives for having none. */
  readonly token: string | { readonly failure: string };
}

const HOST_PATH = '/__teams-host';

function hostPage({ context, token }: TeamsHostOptions): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Teams (test host)</title>
<style>html, body { margin: 0; height: 100%; } iframe { border: 0; width: 100%; height: 100%; display: block; }</style>
</head><body><iframe id="tab" title="Dashboard"></iframe>
<script>
  const settings = ${JSON.stringify({ context, token })};
  const tab = document.getElementById('tab');
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (event.source !== tab.contentWindow || !message || typeof message.func !== 'string') return;
    const reply = (args) => tab.contentWindow.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, event.origin);
    if (message.func === 'initialize') reply(['content', 'web', JSON.stringify({ apiVersion: 4, supports: { pages: {} } }), '2.58.0']);
    else if (message.func === 'getContext') reply([settings.context]);
    else if (message.func === 'authentication.getAuthToken') {
      reply(typeof settings.token === 'string' ? [true, settings.token] : [false, settings.token.failure]);
    }
  });
  // Teams tells a tab about a theme change with a message of its own.
  window.changeTheme = (theme) => tab.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, location.origin);
  // Loaded only once the host listens, so no message of the tab's can come too early.
  tab.src = '/tab';
</script></body></html>`;
}

/**
 * Opens the tab inside the test host. The host is served on the bot's own origin (by intercepting one
 * path), because teams-js only answers a parent of the tab's origin or of an origin it was told.
 */
export async function openInTeams(browser: BrowserContext, botUrl: string, options: TeamsHostOptions): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${botUrl}${HOST_PATH}`, (route) => route.fulfill({ contentType: 'text/html', body: hostPage(options) }));
  await page.goto(`${botUrl}${HOST_PATH}`);
  return page;
}
