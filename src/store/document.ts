import { z } from 'zod';
import type { Invitation, Member } from '../domain/model.js';
import {
  checklistSchema,
  conversationSchema,
  invitationSchema,
  memberSchema,
  organizationSchema,
  profileSchema,
  userSchema,
} from './records.js';

// One organization's data as a single document, and one write's changes to it. lowdb keeps the
// document in a file and the changes in a journal; PostgreSQL keeps a recent document in memory and
// brings it up to date with the changes its own writes made.

export const documentSchema = z.object({
  tenantId: z.string(),
  /** How many writes changed the document so far: the number of the last change it holds. */
  seq: z.number().int().nonnegative().default(0),
  organization: organizationSchema.nullable(),
  members: z.array(memberSchema),
  /** How many audit events the organization has. */
  auditCount: z.number().int().nonnegative(),
  users: z.record(z.string(), userSchema),
  conversations: z.record(z.string(), conversationSchema),
  checklist: checklistSchema.default({ transact: null, steps: {} }),
  invitations: z.array(invitationSchema).default([]),
  profile: profileSchema.default({ version: 0, values: null, fieldVersions: {} }),
});

/**
 * One write's changes: the records it put or deleted and the values it replaced; what it left alone is
 * absent. Lists keep the write's order.
 */
export const changesSchema = z.object({
  seq: z.number().int().positive(),
  /** The audit event count once this write is done. */
  auditCount: z.number().int().nonnegative(),
  organization: organizationSchema.nullable().optional(),
  members: z.array(z.union([z.object({ put: memberSchema }), z.object({ delete: z.string() })])).optional(),
  invitations: z.array(invitationSchema).optional(),
  users: z.array(userSchema).optional(),
  conversations: z.array(conversationSchema).optional(),
  checklist: checklistSchema.optional(),
  profile: profileSchema.optional(),
});

export type TenantDocument = z.infer<typeof documentSchema>;
export type Changes = z.infer<typeof changesSchema>;

export const emptyDocument = (tenantId: string): TenantDocument => ({
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

/** The document with one write's changes, exactly as the write itself saw them; the one given is left as it was. */
export function applyChanges<D extends TenantDocument>(document: D, changes: Changes): D {
  let { members, invitations, users, conversations } = document;
  for (const change of changes.members ?? []) members = 'put' in change ? withMember(members, change.put) : withoutMember(members, change.delete);
  for (const invitation of changes.invitations ?? []) invitations = withInvitation(invitations, invitation);
  if (changes.users) users = { ...users, ...Object.fromEntries(changes.users.map((u) => [u.aadObjectId, u])) };
  if (changes.conversations) conversations = { ...conversations, ...Object.fromEntries(changes.conversations.map((c) => [c.id, c])) };
  return {
    ...document,
    seq: changes.seq,
    auditCount: changes.auditCount,
    organization: changes.organization === undefined ? document.organization : changes.organization,
    checklist: changes.checklist ?? document.checklist,
    profile: changes.profile ?? document.profile,
    members,
    invitations,
    users,
    conversations,
  };
}

/** Matches emails case aside; the wanted one is lowercased once, not at every comparison. */
export const emailIs = (wanted: string) => {
  const lower = wanted.toLowerCase();
  return (email: string) => email.toLowerCase() === lower;
};

/** Inserts the member, or replaces the one with the same email (case aside), in a new list. */
export function withMember(members: readonly Member[], member: Member): Member[] {
  const matches = emailIs(member.email);
  const at = members.findIndex((m) => matches(m.email));
  return at === -1 ? [...members, member] : members.with(at, member);
}

export function withoutMember(members: readonly Member[], email: string): Member[] {
  const matches = emailIs(email);
  return members.filter((m) => !matches(m.email));
}

/** Inserts the invitation, or replaces the one with the same id, in a new list. */
export function withInvitation(invitations: readonly Invitation[], invitation: Invitation): Invitation[] {
  const at = invitations.findIndex((i) => i.id === invitation.id);
  return at === -1 ? [...invitations, invitation] : invitations.with(at, invitation);
}
