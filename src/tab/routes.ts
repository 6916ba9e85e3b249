import { readFileSync } from 'node:fs';
import type { Server } from 'restify';
import { registerTabApi, type TabApiDeps } from './api.js';

const root = new URL('../../', import.meta.url);

const HTML = 'text/html; charset=utf-8';

/**
 * The tab page's files (the HTML and CSS as written, the script as `npm run build` bundles it), and the
 * pages the Teams app package names as the developer's website, privacy statement and terms of use.
 */
const ASSETS: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/tab': { file: 'src/tab/page/index.html', type: HTML },
  '/tab/dashboard.css': { file: 'src/tab/page/dashboard.css', type: 'text/css; charset=utf-8' },
  '/tab/dashboard.js': { file: 'dist/tab/page/dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/': { file: 'src/site/index.html', type: HTML },
  '/privacy': { file: 'src/site/privacy.html', type: HTML },
  '/terms': { file: 'src/site/terms.html', type: HTML },
};

// Teams shows the tab in a frame of its own web and desktop clients, and (a personal tab of a manifest 1.13 or
// later) the Microsoft 365 app and Outlook show it too, as Microsoft's tab requirements list them; nothing
// else may frame it.
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://outlook.office365.com',
  'https://*.cloud.microsoft',
  'https://*.skype.com',
].join(' ');

const SECURITY_HEADERS = {
  // teams-js fetches its list of valid Teams origins from Microsoft's CDN.
  'content-security-policy': `default-src 'self'; connect-src 'self' https://res.cdn.office.net; img-src 'self' data:; frame-ancestors ${FRAME_ANCESTORS}`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The dashboard tab: its page, served by the bot's own server, and the JSON API the page calls. */
export function registerTab(server: Server, deps: TabApiDeps): void {
  for (const [path, { file, type }] of Object.entries(ASSETS)) {
    // Read once, at start: a build beside the running bot (a deploy, another `npm start`) rewrites these
    // files, and a request in the middle of that would get half a script.
    const body = readAsset(file, deps);
    server.get(path, async (_req, res) => {
      if (body) res.sendRaw(200, body, { 'content-type': type, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
      else res.send(503, { error: { code: 'not_built', message: 'The dashboard is not built on this server.' } });
    });
  }
  registerTabApi(server, deps);
}

function readAsset(file: string, { log }: TabApiDeps): Buffer | undefined {
  try {
    return readFileSync(new URL(file, root));
  } catch {
    log.error({ file }, 'the dashboard tab\'s page is missing: run npm run build');
    return undefined;
  }
}
