import { z } from 'zod';
import {
  auditEventSchema,
  checklistSchema,
  conversationSchema,
  invitationSchema,
  isoDate,
  memberSchema,
  organizationSchema,
  profileSchema,
  userSchema,
} from '../records.js';

export { auditEventSchema };

// The on-disk shape of the lowdb files. Loading validates against these, so a hand-edited or damaged
// file is caught at start-up instead of in the middle of a turn.

export const SCHEMA_VERSION = 1;

export const tenantFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tenantId: z.string(),
  organization: organizationSchema.nullable(),
  members: z.array(memberSchema),
  /** How many lines of the tenant's audit log are committed; lines past it are from an unfinished write. */
  auditCount: z.number().int().nonnegative(),
  users: z.record(z.string(), userSchema),
  conversations: z.record(z.string(), conversationSchema),
  checklist: checklistSchema.default({ transact: null, steps: {} }),
  invitations: z.array(invitationSchema).default([]),
  profile: profileSchema.default({ version: 0, values: null, fieldVersions: {} }),
});

export const catalogFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  createdAt: isoDate,
});

export type TenantFile = z.infer<typeof tenantFileSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;

export const emptyTenantFile = (tenantId: string): TenantFile => ({
  schemaVersion: SCHEMA_VERSION,
  tenantId,
  organization: null,
  members: [],
  auditCount: 0,
  users: {},
  conversations: {},
  checklist: { transact: null, steps: {} },
  invitations: [],
  profile: { version: 0, values: null, fieldVersions: {} },
});

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
