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
  /** The last journal entry this file holds; the journal's entries after it are applied on load. */
  seq: z.number().int().nonnegative().default(0),
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

/**
 * One write's changes, as a line of the tenant's journal: the records it put or deleted and the
 * values it replaced; what it left alone is absent. Lists keep the write's order.
 */
export const journalEntrySchema = z.object({
  seq: z.number().int().positive(),
  /** The committed length of the audit log once this write is done. */
  auditCount: z.number().int().nonnegative(),
  organization: organizationSchema.nullable().optional(),
  members: z.array(z.union([z.object({ put: memberSchema }), z.object({ delete: z.string() })])).optional(),
  invitations: z.array(invitationSchema).optional(),
  users: z.array(userSchema).optional(),
  conversations: z.array(conversationSchema).optional(),
  checklist: checklistSchema.optional(),
  profile: profileSchema.optional(),
});

export const catalogFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  createdAt: isoDate,
});

export type TenantFile = z.infer<typeof tenantFileSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const emptyTenantFile = (tenantId: string): TenantFile => ({
  schemaVersion: SCHEMA_VERSION,
  tenantId,
  seq: 0,
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
