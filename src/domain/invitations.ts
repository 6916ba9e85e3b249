import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { MessageKey } from '../i18n/index.js';
import type { TenantReader, TenantWriter } from '../store/store.js';
import { auditEvent } from './audit.js';
import { requireChecklistDone } from './checklist.js';
import { DomainError } from './errors.js';
import type { Actor, Invitation, Member, PostedCopy } from './model.js';
import { findMember, requirePermission } from './organization.js';
import { can } from './roles.js';
import { EMAIL, fieldErrors, GUID, msg, type FieldErrors } from './validation.js';

const DAY_MS = 24 * 60 * 60 * 1000;

// Forms send every input, empty ones as "": those mean "not given".
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const guid = z.preprocess(blank, z.string(msg('invite.error.guid')).trim().regex(GUID, msg('invite.error.guid')));

export const invitationInput = z
  .object({
    email: z
      .string(msg('invite.error.email'))
      .trim()
      .max(254, msg('invite.error.email'))
      .regex(EMAIL, msg('invite.error.email'))
      .transform((e) => e.toLowerCase()),
    role: z.enum(['owner', 'contributor'], msg('invite.error.role')),
    type: z.preprocess(blank, z.enum(['user', 'servicePrincipal'], msg('invite.error.type')).default('user')),
    friendlyName: z.preprocess(blank, z.string().trim().max(100, msg('invite.error.friendlyName')).optional()),
    applicationId: guid.optional(),
    tenantId: guid.optional(),
    objectId: guid.optional(),
    note: z.preprocess(blank, z.string().trim().max(500, msg('invite.error.note')).optional()),
  })
  .superRefine((input, ctx) => {
    if (input.type !== 'servicePrincipal') return;
    if (!input.friendlyName) ctx.addIssue({ code: 'custom', path: ['friendlyName'], message: 'invite.error.friendlyName' });
    for (const field of ['applicationId', 'tenantId', 'objectId'] as const) {
      if (!input[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'invite.error.guid' });
    }
  });
type InvitationInput = z.infer<typeof invitationInput>;

const servicePrincipalOf = (input: InvitationInput): Invitation['servicePrincipal'] =>
  input.type === 'servicePrincipal'
    ? { friendlyName: input.friendlyName!, applicationId: input.applicationId!, tenantId: input.tenantId!, objectId: input.objectId! }
    : undefined;

/** The status an invitation has now: a pending one past its expiry reads as expired before any write says so. */
export const statusAt = (invitation: Invitation, now: Date): Invitation['status'] =>
  invitation.status === 'pending' && Date.parse(invitation.expiresAt) <= now.getTime() ? 'expired' : invitation.status;

/** Someone asking for access for themselves: the only invitation whose requester is its invitee (a member cannot be invited). */
export const isAccessRequest = (invitation: Invitation): boolean => invitation.email === invitation.requestedBy.email?.toLowerCase();

/** Who the audit log names for what Publisher Desk does on its own, such as an invitation expiring. */
export const PUBLISHER_DESK: Actor = { aadObjectId: 'publisher-desk', name: 'Publisher Desk' };

async function expire(tenant: TenantWriter, invitation: Invitation, by: Actor, now: Date): Promise<Invitation> {
  const expired: Invitation = { ...invitation, status: 'expired', decidedAt: invitation.expiresAt };
  await tenant.putInvitation(expired);
  await tenant.appendAudit(auditEvent('invitation.expired', by, invitation.email, now));
  return expired;
}

/** Whether any pending invitation is past its expiry, for a look before a write. */
export async function hasOverdue(tenant: TenantReader, now: Date): Promise<boolean> {
  return (await tenant.invitations({ status: 'pending' })).some((i) => statusAt(i, now) === 'expired');
}

/** Records every pending invitation past its expiry as expired; returns them, to be announced. */
export async function expireOverdue(tenant: TenantWriter, now: Date): Promise<Invitation[]> {
  const overdue = (await tenant.invitations({ status: 'pending' })).filter((i) => statusAt(i, now) === 'expired');
  const expired: Invitation[] = [];
  for (const invitation of overdue) expired.push(await expire(tenant, invitation, PUBLISHER_DESK, now));
  return expired;
}

export type RequestResult =
  | { readonly outcome: 'invalid'; readonly errors: FieldErrors }
  /** A Contributor's request, waiting for an Owner. */
  | { readonly outcome: 'pending'; readonly invitation: Invitation }
  /**
   * An Owner's invitation, in effect at once. `settled`: it approved a request for the same person that
   * was waiting for an Owner, whose cards and requester are to be told.
   */
  | { readonly outcome: 'added'; readonly invitation: Invitation; readonly member: Member; readonly settled?: boolean };

/**
 * Invites someone with a role. Needs the checklist's required steps done; one pending invitation per
 * email; members cannot be invited again. An Owner's invitation takes effect at once.
 */
export async function requestInvitation(
  tenant: TenantWriter,
  person: Actor,
  raw: Readonly<Record<string, unknown>>,
  now: Date,
  ttlDays: number,
): Promise<RequestResult> {
  const requester = await requirePermission(tenant, person, 'invitation.request');
  await requireChecklistDone(tenant);
  const parsed = invitationInput.safeParse(raw);
  if (!parsed.success) return { outcome: 'invalid', errors: fieldErrors(parsed.error) };
  const input = parsed.data;
  const owner = can(requester.role, 'invitation.decide');
  await refuseMember(tenant, input.email);
  const waiting = await pendingFor(tenant, input.email, now);
  if (waiting && owner) return settleWaiting(tenant, person, waiting, input, now);
  if (waiting) throw new DomainError('invite.alreadyPending', { email: input.email }, 409);

  const invitation: Invitation = {
    id: randomUUID(),
    email: input.email,
    role: input.role,
    type: input.type,
    servicePrincipal: servicePrincipalOf(input),
    note: input.note,
    requestedBy: person,
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlDays * DAY_MS).toISOString(),
    status: 'pending',
    postedIn: [],
  };
  if (!owner) {
    await tenant.putInvitation(invitation);
    await tenant.appendAudit(auditEvent('invitation.requested', person, input.email, now, { after: { role: input.role, type: input.type } }));
    return { outcome: 'pending', invitation };
  }
  // An Owner asks nobody: "added a member" is the one event for it.
  const approved: Invitation = { ...invitation, status: 'approved', decidedBy: person, decidedAt: now.toISOString() };
  await tenant.putInvitation(approved);
  const member = await addMember(tenant, approved, person, now);
  return { outcome: 'added', invitation: approved, member };
}

/** A person who is not a member asks for access for themselves, as a Contributor. */
export async function requestAccess(tenant: TenantWriter, person: Actor, now: Date, ttlDays: number): Promise<Invitation> {
  if (!(await tenant.organization())) throw new DomainError('whoami.notSetUp', {}, 403);
  if (!person.email) throw new DomainError('access.noEmail', {}, 400);
  if (await findMember(tenant, person)) throw new DomainError('invite.alreadyMember', { email: person.email }, 409);
  await refuseDuplicate(tenant, person.email, now);
  const invitation: Invitation = {
    id: randomUUID(),
    email: person.email.toLowerCase(),
    role: 'contributor',
    type: 'user',
    note: undefined,
    requestedBy: person,
    requestedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlDays * DAY_MS).toISOString(),
    status: 'pending',
    postedIn: [],
  };
  await tenant.putInvitation(invitation);
  await tenant.appendAudit(auditEvent('access.requested', person, invitation.email, now, { after: { role: 'contributor' } }));
  return invitation;
}

/** The invitation for that email still waiting for an Owner, if any (one at most). */
async function pendingFor(tenant: TenantReader, email: string, now: Date): Promise<Invitation | undefined> {
  return (await tenant.invitations({ status: 'pending', email })).find((i) => statusAt(i, now) === 'pending');
}

async function refuseMember(tenant: TenantReader, email: string): Promise<void> {
  if (await tenant.memberByEmail(email)) throw new DomainError('invite.alreadyMember', { email }, 409);
}

async function refuseDuplicate(tenant: TenantReader, email: string, now: Date): Promise<void> {
  await refuseMember(tenant, email);
  if (await pendingFor(tenant, email, now)) throw new DomainError('invite.alreadyPending', { email }, 409);
}

/**
 * An Owner invites someone a request is already waiting for: their invitation takes effect at once, as
 * the approval of that request, with the role (and kind) the Owner chose.
 */
async function settleWaiting(tenant: TenantWriter, person: Actor, waiting: Invitation, input: InvitationInput, now: Date): Promise<RequestResult> {
  await tenant.putInvitation({ ...waiting, role: input.role, type: input.type, servicePrincipal: servicePrincipalOf(input), note: input.note ?? waiting.note });
  const result = await decideInvitation(tenant, person, waiting.id, { kind: 'approve' }, now);
  if (result.outcome !== 'decided' || !result.member) throw new Error(`the waiting invitation ${waiting.id} could not be approved`);
  return { outcome: 'added', invitation: result.invitation, member: result.member, settled: true };
}

async function addMember(tenant: TenantWriter, invitation: Invitation, by: Actor, now: Date): Promise<Member> {
  const member: Member = {
    email: invitation.email,
    displayName: invitation.servicePrincipal?.friendlyName ?? invitation.email,
    role: invitation.role,
    type: invitation.type,
    // A service principal never chats with the bot, so nothing would ever make it active later.
    status: invitation.type === 'servicePrincipal' ? 'active' : 'invited',
    servicePrincipal: invitation.servicePrincipal,
    addedBy: by,
    addedAt: now.toISOString(),
  };
  await tenant.putMember(member);
  await tenant.appendAudit(auditEvent('member.added', by, member.email, now, { after: { role: member.role, type: member.type } }));
  return member;
}

export type Decision = { readonly kind: 'approve' } | { readonly kind: 'reject'; readonly reason?: string | undefined };

export type DecisionResult =
  | { readonly outcome: 'decided'; readonly invitation: Invitation; readonly member?: Member | undefined }
  /** Somebody decided first (or the invitation was cancelled): the answer names who and when. */
  | { readonly outcome: 'alreadyDecided'; readonly invitation: Invitation }
  | { readonly outcome: 'expired'; readonly invitation: Invitation }
  /** Not an Owner of this organization: nothing changed, and the attempt is in the audit log. */
  | { readonly outcome: 'refused'; readonly key: MessageKey };

/**
 * An Owner approves or rejects a pending invitation. The store runs writes to one organization one at
 * a time, so of concurrent decisions exactly one finds the invitation pending; the rest are told who won.
 */
export async function decideInvitation(
  tenant: TenantWriter,
  person: Actor,
  id: string,
  decision: Decision,
  now: Date,
): Promise<DecisionResult> {
  const invitation = await tenant.invitation(id);
  // Only attempts at a real invitation go in the log: made-up IDs, which anyone can send, would flood it.
  if (!invitation) return { outcome: 'refused', key: 'invite.notFound' };
  const decider = await findMember(tenant, person);
  if (!decider || !can(decider.role, 'invitation.decide')) {
    await tenant.appendAudit(
      auditEvent('invitation.decisionRefused', person, invitation.email, now, {
        after: { attempted: decision.kind, invitationId: id, role: decider?.role ?? 'none' },
      }),
    );
    return { outcome: 'refused', key: decider ? 'access.ownersOnly' : 'access.notMember' };
  }
  if (invitation.status !== 'pending') return { outcome: 'alreadyDecided', invitation };
  if (statusAt(invitation, now) === 'expired') return { outcome: 'expired', invitation: await expire(tenant, invitation, person, now) };
  // An approval adds a member, which the gate holds back as it holds back an invitation; it waits, pending.
  if (decision.kind === 'approve') await requireChecklistDone(tenant, 'approval');
  const decided: Invitation = {
    ...invitation,
    status: decision.kind === 'approve' ? 'approved' : 'rejected',
    decidedBy: person,
    decidedAt: now.toISOString(),
    reason: decision.kind === 'reject' ? decision.reason : undefined,
  };
  await tenant.putInvitation(decided);
  await tenant.appendAudit(
    auditEvent(`invitation.${decided.status}`, person, invitation.email, now, {
      before: { status: 'pending' },
      after: { status: decided.status, reason: decided.reason },
    }),
  );
  const existing = await tenant.memberByEmail(invitation.email);
  const member = decision.kind === 'approve' && !existing ? await addMember(tenant, decided, person, now) : undefined;
  return { outcome: 'decided', invitation: decided, member };
}

/** The requester withdraws their pending invitation. */
export async function cancelInvitation(tenant: TenantWriter, person: Actor, id: string, now: Date): Promise<DecisionResult> {
  const invitation = await tenant.invitation(id);
  // As for decisions, a made-up ID is answered but not logged.
  if (!invitation) return { outcome: 'refused', key: 'invite.notFound' };
  if (invitation.requestedBy.aadObjectId !== person.aadObjectId) {
    await tenant.appendAudit(auditEvent('invitation.cancelRefused', person, invitation.email, now, { after: { invitationId: id } }));
    return { outcome: 'refused', key: 'invite.onlyRequester' };
  }
  if (statusAt(invitation, now) !== 'pending') return { outcome: 'alreadyDecided', invitation: { ...invitation, status: statusAt(invitation, now) } };
  const cancelled: Invitation = { ...invitation, status: 'cancelled', decidedBy: person, decidedAt: now.toISOString() };
  await tenant.putInvitation(cancelled);
  await tenant.appendAudit(auditEvent('invitation.cancelled', person, invitation.email, now, { before: { status: 'pending' }, after: { status: 'cancelled' } }));
  return { outcome: 'decided', invitation: cancelled };
}

/** Remembers where a card for the invitation was posted, so a decision can update that copy too. */
export async function recordCopy(tenant: TenantWriter, id: string, copy: PostedCopy): Promise<void> {
  const invitation = await tenant.invitation(id);
  if (!invitation || invitation.postedIn.some((c) => c.conversationId === copy.conversationId && c.messageId === copy.messageId)) return;
  await tenant.putInvitation({ ...invitation, postedIn: [...invitation.postedIn, copy] });
}

/** An invitation as a member of the organization may see it; anyone else is refused. */
export async function viewInvitation(tenant: TenantReader, person: Actor, id: string): Promise<Invitation> {
  const invitation = await tenant.invitation(id);
  const viewer = (await tenant.organization()) ? await findMember(tenant, person) : undefined;
  if (invitation && (viewer || invitation.requestedBy.aadObjectId === person.aadObjectId)) return invitation;
  throw new DomainError(invitation ? 'access.notMember' : 'invite.notFound', {}, invitation ? 403 : 404);
}

export async function pendingInvitations(tenant: TenantReader, person: Actor, now: Date): Promise<Invitation[]> {
  await requirePermission(tenant, person, 'view');
  return (await tenant.invitations({ status: 'pending' })).filter((i) => statusAt(i, now) === 'pending');
}
