import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { jsonFile } from './tenant-db.js';

// What start-up learned from checking each tenant's files, so the next start-up can skip the files
// nobody touched since: a tenant whose file has the same inode, size and modification time as when it
// was checked (the store replaces the file on every write, so any write changes the inode) needs no
// second look. The index is only a shortcut: a missing, damaged or outdated entry means a full check.

const entrySchema = z.object({
  /** The tenant file's identity when checked: inode, size and modification time. */
  file: z.string(),
  /** The committed length of its audit log. */
  auditBytes: z.number().int().nonnegative(),
  publisherId: z.string().optional(),
});

const indexSchema = z.object({ schemaVersion: z.literal(1), tenants: z.record(z.string(), entrySchema) });

export type CheckedTenant = z.infer<typeof entrySchema>;

/** The file's identity, or undefined when it does not exist. */
export function fileSignature(path: string): string | undefined {
  try {
    const { ino, size, mtimeMs } = statSync(path);
    return `${ino}:${size}:${mtimeMs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Read synchronously at start-up; anything unreadable counts as no index. */
export function readCheckedIndex(path: string): Map<string, CheckedTenant> {
  try {
    const parsed = indexSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return new Map(parsed.success ? Object.entries(parsed.data.tenants) : []);
  } catch {
    return new Map();
  }
}

/** Replaces the index atomically (lowdb writes a temporary file and renames it). */
export async function writeCheckedIndex(path: string, tenants: ReadonlyMap<string, CheckedTenant>): Promise<void> {
  await jsonFile<z.infer<typeof indexSchema>>(path).write({ schemaVersion: 1, tenants: Object.fromEntries(tenants) });
}
