import { z } from 'zod';
import { documentSchema, emptyDocument } from '../document.js';
import { auditEventSchema, isoDate } from '../records.js';

export { auditEventSchema };

// The on-disk shape of the lowdb files. Loading validates against these, so a hand-edited or damaged
// file is caught at start-up instead of in the middle of a turn.

export const SCHEMA_VERSION = 1;

/** A tenant's file: its document when the file was last written, with the schema version. */
export const tenantFileSchema = documentSchema.extend({ schemaVersion: z.literal(SCHEMA_VERSION) });

export const catalogFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  createdAt: isoDate,
});

export type TenantFile = z.infer<typeof tenantFileSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;

export const emptyTenantFile = (tenantId: string): TenantFile => ({ schemaVersion: SCHEMA_VERSION, ...emptyDocument(tenantId) });

/** Names the first problem in words a person fixing the file can act on. */
export function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid content';
  const where = issue.path.length ? issue.path.join('.') : 'the top level';
  if (issue.path[0] === 'schemaVersion') {
    return `unsupported schemaVersion (this version of Publisher Desk reads ${SCHEMA_VERSION})`;
  }
  return `invalid content at ${where}: ${issue.message}`;
}
