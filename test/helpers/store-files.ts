import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** Every file of a lowdb store (catalog, tenant files, audit logs) by path, with its bytes as text. */
export async function storeFiles(storageFile: string): Promise<Record<string, string>> {
  const root = dirname(storageFile);
  const files: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files[relative(root, path)] = await readFile(path, 'utf8');
    }
  };
  await walk(root);
  return files;
}
