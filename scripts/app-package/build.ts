import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ManifestUtil, type TeamsAppManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { commandMenuProblems } from './command-menu.js';
import { localizationProblems } from './localization.js';
import type { Placeholders } from './settings.js';

/** The icon sizes Teams requires. */
const ICON_SIZE = { color: 192, outline: 32 } as const;

export class PackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PackageError';
  }
}

export interface PackageOptions {
  /** The folder with manifest.json and the icons it names. */
  readonly manifestDir: string;
  readonly outFile: string;
  readonly placeholders: Placeholders;
}

/**
 * Fills the manifest's placeholders, checks it against the Teams schema bundled with
 * @microsoft/app-manifest (offline), checks the command menu and the icons, and writes the zip Teams
 * accepts: manifest.json and the two icons at its root.
 */
export async function buildAppPackage({ manifestDir, outFile, placeholders }: PackageOptions): Promise<TeamsAppManifest> {
  const manifest = fill(await readFile(join(manifestDir, 'manifest.json'), 'utf8'), placeholders);
  const schemaErrors = await ManifestUtil.validateManifestAgainstSchema(manifest, await bundledSchema(manifest.manifestVersion));
  const problems = [...schemaErrors.map((e) => `manifest.json: ${e}`), ...commandMenuProblems(manifest)];
  const languages = await Promise.all(
    (manifest.localizationInfo?.additionalLanguages ?? []).map(async ({ languageTag, file }) => {
      const { data, strings, problems: fileProblems } = await languageFile(manifestDir, file, manifest.manifestVersion);
      problems.push(...fileProblems);
      if (strings && !fileProblems.length) problems.push(...localizationProblems(manifest, { languageTag, file, strings }));
      return { file, data };
    }),
  );
  const icons = await Promise.all(
    (['color', 'outline'] as const).map(async (kind) => {
      const file = manifest.icons?.[kind];
      if (!file) return { kind, file: '', data: Buffer.alloc(0) };
      const data = await readFile(join(manifestDir, file));
      problems.push(...iconProblems(kind, file, data));
      return { kind, file, data };
    }),
  );
  if (problems.length) throw new PackageError(problems);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const icon of icons) zip.addFile(icon.file, icon.data);
  for (const language of languages) zip.addFile(language.file, language.data);
  await mkdir(dirname(outFile), { recursive: true });
  await zip.writeZipPromise(outFile);
  return manifest;
}

function fill(text: string, placeholders: Placeholders): TeamsAppManifest {
  const filled = text.replace(/\$\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in placeholders ? placeholders[name as keyof Placeholders] : whole,
  );
  const unknown = [...new Set(filled.match(/\$\{\{\w+\}\}/g) ?? [])];
  if (unknown.length) throw new PackageError([`manifest.json: no setting fills ${unknown.join(', ')}`]);
  try {
    return JSON.parse(filled) as TeamsAppManifest;
  } catch (error) {
    throw new PackageError([`manifest.json is not valid JSON: ${(error as Error).message}`]);
  }
}

/** The schema of the manifest's own version, as bundled in @microsoft/app-manifest (its download needs the internet). */
async function bundledSchema(version: unknown, name = 'MicrosoftTeams.schema.json'): Promise<Parameters<typeof ManifestUtil.validateManifestAgainstSchema>[1]> {
  const root = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
  const file = join(root, 'json-schemas', 'teams', `v${String(version)}`, name);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new PackageError([`manifest.json: no bundled Teams schema ${name} for manifestVersion ${JSON.stringify(version)}`]);
  }
}

/** A localization file the manifest names, read and checked against the bundled localization schema of the manifest's version. */
async function languageFile(manifestDir: string, file: string, version: unknown): Promise<{ data: Buffer; strings?: Record<string, unknown>; problems: string[] }> {
  let data: Buffer;
  try {
    data = await readFile(join(manifestDir, file));
  } catch (error) {
    return { data: Buffer.alloc(0), problems: [`${file}: named in localizationInfo but cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`] };
  }
  let strings: Record<string, unknown>;
  try {
    strings = JSON.parse(data.toString('utf8'));
  } catch (error) {
    return { data, problems: [`${file} is not valid JSON: ${(error as Error).message}`] };
  }
  const schema = await bundledSchema(version, 'MicrosoftTeams.Localization.schema.json');
  // Two of its key patterns (activities.activityTypes[n]) have a bare "]", a literal in a plain regular
  // expression but an error in the unicode mode ajv compiles with; escaped, they mean what they meant.
  schema.patternProperties = Object.fromEntries(Object.entries(schema.patternProperties ?? {}).map(([pattern, rule]) => [pattern.replaceAll('\\b]', '\\b\\]'), rule]));
  // The validator is plain JSON Schema; only its types are written for manifests.
  const schemaErrors = await ManifestUtil.validateManifestAgainstSchema(strings as never, schema);
  return { data, strings, problems: schemaErrors.map((e) => `${file}: ${e}`) };
}

function iconProblems(kind: keyof typeof ICON_SIZE, file: string, data: Buffer): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (error) {
    return [`${file}: not a PNG image (${(error as Error).message})`];
  }
  const size = ICON_SIZE[kind];
  if (png.width !== size || png.height !== size) return [`${file}: the ${kind} icon must be ${size}x${size} pixels, not ${png.width}x${png.height}`];
  if (kind === 'outline' && !whiteOnTransparent(png)) return [`${file}: the outline icon must be white on a transparent background`];
  return [];
}

function whiteOnTransparent({ data }: PNG): boolean {
  let transparent = false;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) transparent = true;
    else if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) return false;
  }
  return transparent;
}
