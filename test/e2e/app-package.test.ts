import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TeamsAppManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { groupChat, personalChat } from '../helpers/activities.js';
import { organization } from '../helpers/flows.js';
import { olivia } from '../helpers/people.js';
import { startBot } from '../helpers/server.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SSO_APP_ID = '6c1f7a52-1b6e-4a51-9d8e-2b1f3c4d5e6f';
const HOST = 'desk.contoso.com';

/** A guard against a hung run, not a speed check: each run starts node with tsx and loads the bot's command registry, which takes many seconds on a busy machine. */
const SLOW = 180_000;

interface Run {
  readonly code: number;
  readonly output: string;
}

/** Runs `npm run package` as its own process, with only the given settings (no .env file). */
function runPackage(env: Record<string, string>, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/package.ts', ...args],
      { env: { PATH: process.env['PATH'] ?? '', DOTENV_CONFIG_PATH: '/nonexistent/.env', DOTENV_CONFIG_QUIET: 'true', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('the Teams app package', () => {
  let dir: string;
  const settings = { MicrosoftAppId: APP_ID, PUBLIC_HOST: HOST };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-package-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A copy of manifest/ changed by `edit`, to break one thing at a time. */
  async function brokenCopy(name: string, edit: (manifest: Record<string, any>) => void): Promise<string> {
    const copy = join(dir, name);
    await cp('manifest', copy, { recursive: true });
    const manifest = JSON.parse(await readFile(join(copy, 'manifest.json'), 'utf8'));
    edit(manifest);
    await writeFile(join(copy, 'manifest.json'), JSON.stringify(manifest));
    return copy;
  }

  it('zips manifest.json, both icons and the Swedish strings at the root, filled from the settings, and the manifest passes the Teams schema', async () => {
    const out = join(dir, 'ok', 'publisher-desk.zip');
    const run = await runPackage({ ...settings, SSO_APP_ID }, ['--out', out]);
    expect(run).toEqual({ code: 0, output: expect.stringContaining(`Wrote ${out}`) });

    const zip = new AdmZip(out);
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png', 'sv.json']);
    const text = zip.readAsText('manifest.json');
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text) as TeamsAppManifest;
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en', additionalLanguages: [{ languageTag: 'sv', file: 'sv.json' }] });
    expect(zip.readFile('sv.json')).toEqual(await readFile('manifest/sv.json'));
    // The package's own contents, checked again as a manifest folder: schema, command menu, Swedish strings and icons.
    const unpacked = join(dir, 'unpacked');
    zip.extractAllTo(unpacked);
    expect((await runPackage(settings, ['--manifest', unpacked, '--out', join(dir, 'again.zip')])).code).toBe(0);
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.22);

    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots?.[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
    expect(manifest.staticTabs).toEqual([
      { entityId: 'dashboard', name: 'Dashboard', contentUrl: `https://${HOST}/tab`, scopes: ['personal'] },
    ]);
    expect(manifest.webApplicationInfo).toEqual({ id: SSO_APP_ID, resource: `api://${HOST}/${SSO_APP_ID}` });
    expect(manifest.validDomains).toEqual([HOST]);

    const size = (name: string) => {
      const png = PNG.sync.read(zip.readFile(name)!);
      return [png.width, png.height];
    };
    expect(size('color.png')).toEqual([192, 192]);
    expect(size('outline.png')).toEqual([32, 32]);
  }, SLOW);

  // Every problem is reported in one run, so a broken manifest is fixed in one go.
  it('links to pages the bot serves: the developer\'s website, privacy statement and terms, and the tab', async () => {
    const manifest = JSON.parse(await readFile('manifest/manifest.json', 'utf8'));
    const { websiteUrl, privacyUrl, termsOfUseUrl } = manifest.developer;
    const links = [websiteUrl, privacyUrl, termsOfUseUrl, manifest.staticTabs[0].contentUrl].map((url: string) => url.replace('https://${{PUBLIC_HOST}}', ''));
    expect(links).toEqual(['', '/privacy', '/terms', '/tab']);
    const bot = await startBot();
    try {
      for (const path of links) {
        const page = await fetch(`${bot.url}${path || '/'}`);
        expect([path, page.status, page.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
        expect(await page.text()).toMatch(/<title>Publisher Desk/);
      }
    } finally {
      await bot.close();
    }
  }, SLOW);

  it('fails with the schema\'s message, and names bad icons, unknown menu commands and bad language files, writing no package', async () => {
    const manifestDir = await brokenCopy('broken', (m) => {
      m['accentColor'] = 'blue';
      delete m['name'].short;
      m['bots'][0].commandLists[0].commands[0] = { title: 'payouts', description: 'Show payouts.' };
      m['localizationInfo'].additionalLanguages.push({ languageTag: 'sv-se', file: 'sv-se.json' }, { languageTag: 'sv-fi', file: 'sv-fi.json' });
    });
    const swedish = JSON.parse(await readFile(join(manifestDir, 'sv.json'), 'utf8'));
    await writeFile(join(manifestDir, 'sv.json'), JSON.stringify({ ...swedish, 'bots[0].commandLists[0].commands[1].title': 'förutsättningar och mer' }));
    await writeFile(join(manifestDir, 'sv-se.json'), JSON.stringify({ $schema: swedish.$schema, 'name.short': 'Publisher Desk för publicering i Sverige', 'description.short': 'Kort.', 'description.full': 'Lång.', 'bots[0].commandLists[0].commands[1].emoji': '✓' }));
    await cp(join('manifest', 'outline.png'), join(manifestDir, 'color.png'));
    const opaque = new PNG({ width: 32, height: 32 });
    opaque.data.fill(128);
    await writeFile(join(manifestDir, 'outline.png'), PNG.sync.write(opaque));
    const out = join(dir, 'broken.zip');

    const run = await runPackage(settings, ['--manifest', manifestDir, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.output).toContain("manifest.json: /name must have required property 'short'");
    expect(run.output).toMatch(/manifest\.json: \/accentColor must match pattern/);
    expect(run.output).toContain('Command menu: "payouts" is not a command the bot knows.');
    expect(run.output).toContain('sv.json: Command menu: "förutsättningar och mer" is not a command the bot knows.');
    expect(run.output).toMatch(/sv-se\.json: \/name\.short must NOT have more than 30 characters/);
    expect(run.output).toMatch(/sv-se\.json:  must NOT have additional properties.*commands\[1\]\.emoji/);
    expect(run.output).toContain('sv-fi.json: named in localizationInfo but cannot be read (ENOENT)');
    expect(run.output).toContain('color.png: the color icon must be 192x192 pixels, not 32x32');
    expect(run.output).toContain('outline.png: the outline icon must be white on a transparent background');
    await expect(readFile(out)).rejects.toThrow('ENOENT');
  }, SLOW);

  // Teams sends a menu command's title as the message, in the language the menu is shown in.
  it('runs each Swedish menu title, picked by a Swedish user, as the command the English menu has in its place', async () => {
    const manifest = JSON.parse(await readFile('manifest/manifest.json', 'utf8'));
    const swedish = JSON.parse(await readFile('manifest/sv.json', 'utf8'));
    const lists = manifest.bots[0].commandLists as { scopes: string[]; commands: { title: string }[] }[];
    const bot = await startBot();
    try {
      await organization(bot, olivia);
      const answer = async (text: string, conversation: ReturnType<typeof personalChat | typeof groupChat>) =>
        (await bot.say(olivia, text, { locale: 'sv-SE', conversation })).map(({ text: words, attachments }) => ({ words, attachments }));
      let localized = 0;
      for (const [i, list] of lists.entries()) {
        const conversation = list.scopes.includes('personal') ? personalChat(olivia) : groupChat();
        for (const [j, { title }] of list.commands.entries()) {
          const picked = swedish[`bots[0].commandLists[${i}].commands[${j}].title`] as string | undefined;
          if (picked === undefined || picked === title) continue;
          localized++;
          const [english, translated] = [await answer(title, conversation), await answer(picked, conversation)];
          expect([picked, translated]).toEqual([picked, english]);
        }
      }
      expect(localized).toBeGreaterThan(0);
    } finally {
      await bot.close();
    }
  }, SLOW);

  it('fails naming each setting that is missing or malformed', async () => {
    const run = await runPackage({ MicrosoftAppId: 'my-bot' }, ['--out', join(dir, 'none.zip')]);
    expect(run.code).toBe(1);
    expect(run.output).toContain('Invalid setting MicrosoftAppId: must be an app ID');
    expect(run.output).toContain('Missing setting PUBLIC_HOST');
  }, SLOW);
});
