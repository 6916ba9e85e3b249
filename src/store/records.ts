import { z } from 'zod';

// The shapes of the records every store keeps, checked whenever a store loads them, so damaged or
// hand-edited data is refused with a clear reason instead of failing in the middle of a turn.

export const isoDate = z.string().datetime({ offset: true });

const actorSchema = z.object({
  aadObjectId: z.string(),
  name: z.string(),
  email: z.string().optional(),
});

const servicePrincipalSchema = z.object({
  friendlyName: z.string(),
  applicationId: z.string(),
  tenantId: z.string(),
  objectId: z.string(),
});

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['owner', 'contributor']),
  type: z.enum(['user', 'servicePrincipal']),
  servicePrincipal: servicePrincipalSchema.optional(),
  note: z.string().optional(),
  requestedBy: actorSchema,
  requestedAt: isoDate,
  expiresAt: isoDate,
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled', 'expired']),
  decidedBy: actorSchema.optional(),
  decidedAt: isoDate.optional(),
  reason: z.string().optional(),
  postedIn: z.array(z.object({ conversationId: z.string(), messageId: z.string() })).readonly(),
});

export const memberSchema = z.object({
  email: z.string().min(3),
  displayName: z.string(),
  role: z.enum(['owner', 'contributor']),
  type: z.enum(['user', 'servicePrincipal']),
  status: z.enum(['invited', 'active']),
  aadObjectId: z.string().optional(),
  servicePrincipal: servicePrincipalSchema.optional(),
  addedBy: actorSchema,
  addedAt: isoDate,
});

export const auditEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  at: isoDate,
  actor: actorSchema,
  subject: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const userSchema = z.object({
  aadObjectId: z.string(),
  teamsUserId: z.string().optional(),
  locale: z.string().optional(),
  name: z.string(),
  email: z.string().optional(),
  emailCheckedAt: isoDate.optional(),
  personalConversationId: z.string().optional(),
});

export const conversationSchema = z.object({
  id: z.string(),
  type: z.string(),
  reference: z.record(z.string(), z.unknown()),
  updatedAt: isoDate,
});

const stepRecordSchema = z.object({
  done: z.boolean(),
  values: z.record(z.string(), z.string()),
  by: actorSchema,
  at: isoDate,
});

export const checklistSchema = z.object({
  transact: z.boolean().nullable(),
  steps: z.partialRecord(z.enum(['mpn', 'account', 'registration', 'portal', 'devCenter']), stepRecordSchema),
});

const profileValuesSchema = z.object({
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

export const profileSchema = z.object({
  version: z.number().int().nonnegative(),
  values: profileValuesSchema.nullable(),
  fieldVersions: z.record(z.string(), z.number().int()),
  updatedBy: actorSchema.optional(),
  updatedAt: isoDate.optional(),
});

export const organizationSchema = z.object({ tenantId: z.string(), createdAt: isoDate, createdBy: actorSchema });
