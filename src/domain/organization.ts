import type { TenantReader, TenantWriter } from '../store/store.js';
import { auditEvent } from './audit.js';
import { DomainError } from './errors.js';
import type { Actor, Member, Organization } from './model.js';
import { can, owners, type Permission } from './roles.js';

export type SetupResult =
  | { readonly created: true; readonly owner: Member }
  | { readonly created: false; readonly organization: Organization; readonly owners: readonly Member[] };

/** First run: the first person in a tenant becomes its Owner; later calls only report who the Owners are. */
export async function setUp(tenant: TenantWriter, person: Actor, now: Date): Promise<SetupResult> {
  const existing = await tenant.organization();
  if (existing) return { created: false, organization: existing, owners: owners(await tenant.members()) };
  if (!person.email) throw new DomainError('setup.noEmail');

  const at = now.toISOString();
  const organization: Organization = { tenantId: tenant.tenantId, createdAt: at, createdBy: person };
  const owner: Member = {
    email: person.email.toLowerCase(),
    displayName: person.name,
    role: 'owner',
    type: 'user',
    status: 'active',
    aadObjectId: person.aadObjectId,
    addedBy: person,
    addedAt: at,
  };
  await tenant.putOrganization(organization);
  await tenant.putMember(owner);
  await tenant.appendAudit(auditEvent('organization.setUp', person, tenant.tenantId, now, { after: { owner: owner.email } }));
  return { created: true, owner };
}

/**
 * Finds the member a person is: by their Teams identity once linked, else by the email Teams gives. A member
 * linked to another identity stays that person's, whoever has their email now (an address given again).
 */
export async function findMember(tenant: TenantReader, person: Actor): Promise<Member | undefined> {
  const linked = await tenant.memberByAadObjectId(person.aadObjectId);
  if (linked) return linked;
  const byEmail = person.email ? await tenant.memberByEmail(person.email) : undefined;
  return byEmail && !byEmail.aadObjectId ? byEmail : undefined;
}

export type Access =
  | { readonly kind: 'notSetUp' }
  | { readonly kind: 'notMember'; readonly owners: readonly Member[] }
  | { readonly kind: 'member'; readonly member: Member; readonly owners: readonly Member[] };

export async function accessOf(tenant: TenantReader, person: Actor): Promise<Access> {
  if (!(await tenant.organization())) return { kind: 'notSetUp' };
  const all = owners(await tenant.members());
  const member = await findMember(tenant, person);
  return member ? { kind: 'member', member, owners: all } : { kind: 'notMember', owners: all };
}

/** The member a person is, if they may do what they ask; refuses everyone else. */
export async function requirePermission(tenant: TenantReader, person: Actor, permission: Permission): Promise<Member> {
  if (!(await tenant.organization())) throw new DomainError('whoami.notSetUp', {}, 403);
  const member = await findMember(tenant, person);
  if (!member) throw new DomainError('access.notMember', {}, 403);
  if (!can(member.role, permission)) throw new DomainError('access.ownersOnly', {}, 403);
  return member;
}
