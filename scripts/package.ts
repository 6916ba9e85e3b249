// `npm run package`: the Teams app package (the zip to upload in Teams), from manifest/ and the settings.
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { buildAppPackage, PackageError } from './app-package/build.js';
import { placeholdersFrom, SettingsError } from './app-package/settings.js';

const { values } = parseArgs({
  options: {
    manifest: { type: 'string', default: 'manifest' },
    out: { type: 'string', default: 'build/publisher-desk.zip' },
  },
});

try {
  const manifest = await buildAppPackage({ manifestDir: values.manifest, outFile: values.out, placeholders: placeholdersFrom(process.env) });
  console.log(`Wrote ${values.out}: Teams app ${manifest.id}, version ${manifest.version}, for https://${process.env['PUBLIC_HOST']?.trim()}`);
} catch (error) {
  if (!(error instanceof PackageError || error instanceof SettingsError)) throw error;
  for (const problem of error.problems) console.error(problem);
  process.exit(1);
}
