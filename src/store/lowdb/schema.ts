import { z } from 'zod';

// The on-disk shape of the lowdb files. Loading validates against these, so a hand-edited or damaged
// file is caught at start-up instead of in the middle of a turn.

export const SCHEMA_VERSION = 1;

const isoDate = z.string().datetime({ offset: true });

const actor = z.object({
  aadObjectId: z.string(),
  name: z.string(),
  email: z.string().optional(),
});

const servicePrincipal = z.object({
  friendlyName: z.string(),
  applicationId: z.string(),
  tenantId: z.string(),
  objectId: z.string(),
});

const invitation = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['owner', 'contributor']),
  type: z.enum(['user', 'servicePrincipal']),
  servicePrincipal: servicePrincipal.optional(),
  note: z.string().optional(),
  requestedBy: actor,
  requestedAt: isoDate,
  expiresAt: isoDate,
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled', 'expired']),
  decidedBy: actor.optional(),
  decidedAt: isoDate.optional(),
  reason: z.string().optional(),
  postedIn: z.array(z.object({ conversationId: z.string(), messageId: z.string() })).readonly(),
});

const member = z.object({
  email: z.string().min(3),
  displayName: z.string(),
  role: z.enum(['owner', 'contributor']),
  type: z.enum(['user', 'servicePrincipal']),
  status: z.enum(['invited', 'active']),
  aadObjectId: z.string().optional(),
  servicePrincipal: servicePrincipal.optional(),
  addedBy: actor,
  addedAt: isoDate,
});

export const auditEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  at: isoDate,
  actor,
  subject: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

const user = z.object({
  aadObjectId: z.string(),
  teamsUserId: z.string().optional(),
  locale: z.string().optional(),
  name: z.string(),
  email: z.string().optional(),
  emailCheckedAt: isoDate.optional(),
  personalConversationId: z.string().optional(),
});

const conversation = z.object({
  id: z.string(),
  type: z.string(),
  reference: z.record(z.string(), z.unknown()),
  updatedAt: isoDate,
});

const stepRecord = z.object({
  done: z.boolean(),
  values: z.record(z.string(), z.string()),
  by: actor,
  at: isoDate,
});

const checklist = z.object({
  transact: z.boolean().nullable(),
  steps: z.partialRecord(z.enum(['mpn', 'account', 'registration', 'portal', 'devCenter']), stepRecord),
});

const profileValues = z.object({
  publisherId: z.string(),
  displayName: z.string(),
  ownerEmails: z.array(z.string()).readonly(),
  contactName: z.string(),
  contactEmail: z.string(),
  phone: z.string(),
  website: z.string(),
  devCenterStatus: z.enum(['notLinked', 'linked']),
  devCenterAccountName: z.string(),
  devCenterOwnerEmail: z.string(),
  firstOfferPublishedOn: z.string(),
});

const profile = z.object({
  version: z.number().int().nonnegative(),
  values: profileValues.nullable(),
  fieldVersions: z.record(z.string(), z.number().int()),
  updatedBy: actor.optional(),
  updatedAt: isoDate.optional(),
});

export const tenantFileSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tenantId: z.string(),
  organization: z.object({ tenantId: z.string(), createdAt: isoDate, createdBy: actor }).nullable(),
  members: z.array(member),
  /** How many lines of the tenant's audit log are committed; lines past it are from an unfinished write. */
  auditCount: z.number().int().nonnegative(),
  users: z.record(z.string(), user),
  conversations: z.record(z.string(), conversation),
  checklist: checklist.default({ transact: null, steps: {} }),
  invitations: z.array(invitation).default([]),
  profile: profile.default({ version: 0, values: null, fieldVersions: {} }),
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
