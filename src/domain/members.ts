import type { TenantReader, TenantWriter } from '../store/store.js';
import { auditEvent } from './audit.js';
import { DomainError } from './errors.js';
import type { Actor, Member, Role } from './model.js';
import { requirePermission } from './organization.js';
import { owners } from './roles.js';

// One collator for every sort: localeCompare looks one up on each of a sort's thousands of comparisons.
// Numeric, so person2@ comes before person10@.
const byEmail = new Intl.Collator(undefined, { numeric: true }).compare;

/**
 * Sorted lists by the list the store gave: a store hands out the same list until a write replaces it,
 * so a large organization is not sorted again for every `members`.
 */
const sorted = new WeakMap<readonly Member[], readonly Member[]>();

export async function listMembers(tenant: TenantReader, person: Actor): Promise<{ viewer: Member; members: readonly Member[] }> {
  const viewer = await requirePermission(tenant, person, 'view');
  const all = await tenant.members();
  let members = sorted.get(all);
  if (!members) {
    members = [...all].sort((a, b) => Number(b.role === 'owner') - Number(a.role === 'owner') || byEmail(a.email, b.email));
    sorted.set(all, members);
  }
  return { viewer, members };
}

/** Members whose email or name holds the text typed, whatever its case; all of them when nothing is typed. */
export function matchingMembers(members: readonly Member[], filter: string): readonly Member[] {
  const wanted = filter.trim().toLocaleLowerCase();
  if (!wanted) return members;
  return members.filter((m) => m.email.toLowerCase().includes(wanted) || m.displayName.toLocaleLowerCase().includes(wanted));
}

async function target(tenant: TenantReader, email: string): Promise<Member> {
  const member = await tenant.memberByEmail(email);
  if (!member) throw new DomainError('members.notFound', { email }, 404);
  return member;
}

/**
 * Who among these members is the last Owner, to be neither demoted nor removed: someone must be able to
 * approve and manage. Only Owners who can act count: people who have talked to the bot (an invited Owner
 * may never come, or be a mistyped address), not service principals, which never chat. The members card
 * asks it too, so it offers no button the rule would refuse.
 */
export function lastOwnerAmong(members: readonly Member[]): (member: Member) => boolean {
  const people = owners(members).filter((o) => o.type === 'user' && o.status === 'active');
  return (member) => member.role === 'owner' && !people.some((o) => o.email !== member.email);
}

async function refuseLastOwner(tenant: TenantReader, member: Member): Promise<void> {
  const members = await tenant.members();
  if (!lastOwnerAmong(members)(member)) return;
  // Other Owners who cannot act are explained; with none, that explanation would send them looking for one.
  const others = owners(members).some((o) => o.email !== member.email);
  throw new DomainError(others ? 'members.lastOwnerWhoCanAct' : 'members.lastOwner', { email: member.email }, 409);
}

/** A role change as it was made: the member as they are after it, and the role they had before. */
export interface RoleChange {
  readonly member: Member;
  readonly before: Role;
}

export async function changeRole(tenant: TenantWriter, person: Actor, email: string, role: Role, now: Date): Promise<RoleChange> {
  await requirePermission(tenant, person, 'member.changeRole');
  const member = await target(tenant, email);
  if (member.role === role) return { member, before: member.role };
  if (role === 'contributor') await refuseLastOwner(tenant, member);
  const changed: Member = { ...member, role };
  await tenant.putMember(changed);
  await tenant.appendAudit(auditEvent('member.roleChanged', person, member.email, now, { before: { role: member.role }, after: { role } }));
  return { member: changed, before: member.role };
}

/**
 * Who is told of a role change, in their 1:1 chat: the member whose role it was, when it changed, and
 * changed by someone else (whoever changes their own role reads the answer). Only a person the bot knows
 * (linked to their Teams identity) can be reached; an invited member who has not talked to the bot yet
 * hears their role in the welcome of their first message.
 */
export function toldOfRoleChange(person: Actor, { member, before }: RoleChange): (Member & { readonly aadObjectId: string }) | undefined {
  if (member.role === before || member.type !== 'user' || !member.aadObjectId || member.aadObjectId === person.aadObjectId) return undefined;
  return member as Member & { readonly aadObjectId: string };
}

/** Checks a removal is allowed, for the confirmation card, without changing anything. */
export async function checkRemoval(tenant: TenantReader, person: Actor, email: string): Promise<Member> {
  await requirePermission(tenant, person, 'member.remove');
  const member = await target(tenant, email);
  await refuseLastOwner(tenant, member);
  return member;
}

export async function removeMember(tenant: TenantWriter, person: Actor, email: string, now: Date): Promise<Member> {
  const member = await checkRemoval(tenant, person, email);
  await tenant.deleteMember(member.email);
  await tenant.appendAudit(auditEvent('member.removed', person, member.email, now, { before: { role: member.role, status: member.status } }));
  return member;
}

/**
 * An invited person's first message: matched by the email Teams gives for them, the member becomes
 * active and linked to their Teams identity. Undefined when there is nothing to activate.
 */
export async function activateOnFirstContact(tenant: TenantWriter, person: Actor, now: Date): Promise<Member | undefined> {
  if (!person.email) return undefined;
  const member = await tenant.memberByEmail(person.email);
  if (!member || member.status !== 'invited' || member.type !== 'user') return undefined;
  const active: Member = { ...member, status: 'active', aadObjectId: person.aadObjectId, displayName: person.name || member.displayName };
  await tenant.putMember(active);
  await tenant.appendAudit(auditEvent('member.activated', person, member.email, now, { before: { status: 'invited' }, after: { status: 'active' } }));
  return active;
}
