import { readFileSync, statSync, type Stats } from 'node:fs';
import { z } from 'zod';
import { jsonFile } from './tenant-db.js';

// What start-up learned from checking each tenant's files, so the next start-up can skip the files
// nobody touched since: a tenant whose file has the same inode, size and modification time as when it
// was checked (the store replaces the file whenever it writes it, so that changes the inode), and the
// same journal and audit log, needs no second look. The index is only a shortcut: a missing, damaged or
// outdated entry means a full check.

const entrySchema = z.object({
  /** The tenant file's identity when checked: inode, size and modification time. */
  file: z.string(),
  /** Its journal's identity, absent when it had none. */
  journal: z.string().optional(),
  /** The committed length of its audit log. */
  auditBytes: z.number().int().nonnegative(),
  /** The audit log's identity, absent when it had none. */
  audit: z.string().optional(),
  publisherId: z.string().optional(),
});

/** Version 2 added the journal, 3 the audit log's identity: an index from before them is not trusted. */
const INDEX_VERSION = 3;

const indexSchema = z.object({ schemaVersion: z.literal(INDEX_VERSION), tenants: z.record(z.string(), entrySchema) });

export type CheckedTenant = z.infer<typeof entrySchema>;

/** A file's identity: inode, size and modification time. */
export const signature = ({ ino, size, mtimeMs }: Stats): string => `${ino}:${size}:${mtimeMs}`;

/** The file's identity, or undefined when it does not exist. */
export function fileSignature(path: string): string | undefined {
  try {
    return signature(statSync(path));
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
  await jsonFile<z.infer<typeof indexSchema>>(path).write({ schemaVersion: INDEX_VERSION, tenants: Object.fromEntries(tenants) });
}
