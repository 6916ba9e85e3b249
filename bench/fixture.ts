// The data the benchmark runs against, written through the Store interface so it fits lowdb and
// PostgreSQL alike: one organization the load talks to, and many others that only make the store big.
import { auditEvent } from '../src/domain/audit.js';
import type { Checklist } from '../src/domain/checklist.js';
import type { Invitation, Member, Organization, UserRecord } from '../src/domain/model.js';
import type { Profile } from '../src/domain/profile.js';
import type { Store, TenantWriter } from '../src/store/store.js';
import { personalChat } from '../test/helpers/activities.js';
import type { Person } from '../test/helpers/people.js';

export interface BackgroundSize {
  readonly tenants: number;
  readonly membersPerTenant: number;
  readonly auditEvents: number;
}

export const LARGE: BackgroundSize = { tenants: 10_000, membersPerTenant: 20, auditEvents: 100_000 };

/** Members of the organization the load talks to. */
export const BENCH_MEMBERS = 500;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const guid = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${hex(n, 12)}`;

/** Tenant IDs as Teams sends them (GUIDs); readIdentity lowercases them, so these are lowercase already. */
export const benchTenantId = (run = 0) => guid('b0', run);
const backgroundTenantId = (n: number) => guid('e0', n);

const personOf = (tenantId: string, n: number): Person => ({
  id: `29:bench-${tenantId.slice(-6)}-${n}`,
  aadObjectId: guid('a0', n),
  name: `Person ${n}`,
  email: `person${n}@${tenantId.slice(-6)}.example.com`,
  tenantId,
});

/** The Owner who reads, saves and approves; the Contributor who asked for every invitation. */
export const benchPeople = (tenantId: string) => ({
  owner: personOf(tenantId, 1),
  requester: personOf(tenantId, 2),
});

const DONE_CHECKLIST = (by: Person, at: string): Checklist => {
  const step = (values: Record<string, string>) => ({ done: true, values, by: actorOf(by), at });
  return {
    transact: true,
    steps: {
      mpn: step({ mpnId: '4512345' }),
      account: step({ accountEmail: 'publishing@outlook.com' }),
      registration: step({ submittedOn: '2026-11-20', offerType: 'saasApplications', audience: 'businessUsers' }),
      portal: step({ signedInOn: '2026-11-24' }),
      devCenter: step({ devCenterEmail: 'publishing@outlook.com', accountType: 'company' }),
    },
  };
};

const actorOf = (p: Person) => ({ aadObjectId: p.aadObjectId, name: p.name, email: p.email });

function memberOf(p: Person, role: Member['role'], addedBy: Person, at: string): Member {
  return { email: p.email, displayName: p.name, role, type: 'user', status: 'active', aadObjectId: p.aadObjectId, addedBy: actorOf(addedBy), addedAt: at };
}

function profileOf(tenantId: string, owner: Person, at: string): Profile {
  return {
    version: 1,
    values: {
      publisherId: `publisher-${tenantId.slice(-12)}`,
      displayName: `Publisher ${tenantId.slice(-6)}`,
      ownerEmails: [owner.email],
      contactName: owner.name,
      contactEmail: owner.email,
      phone: '+46 8 123 456',
      website: 'https://example.com',
      devCenterStatus: 'notLinked',
      devCenterAccountName: '',
      devCenterOwnerEmail: '',
      firstOfferPublishedOn: '',
    },
    fieldVersions: { publisherId: 1, displayName: 1, ownerEmails: 1 },
    updatedBy: actorOf(owner),
    updatedAt: at,
  };
}

/** A set-up organization: its Owner (n = 1) and others, a finished checklist, a profile, some history. */
async function putOrganization(t: TenantWriter, size: { members: number; audit: number }, at: string): Promise<void> {
  const owner = personOf(t.tenantId, 1);
  const organization: Organization = { tenantId: t.tenantId, createdAt: at, createdBy: actorOf(owner) };
  await t.putOrganization(organization);
  for (let n = 1; n <= size.members; n++) {
    const role = n === 1 || n % 10 === 0 ? 'owner' : 'contributor';
    await t.putMember(memberOf(personOf(t.tenantId, n), role, owner, at));
  }
  await t.putChecklist(DONE_CHECKLIST(owner, at));
  await t.putProfile(profileOf(t.tenantId, owner, at));
  const now = new Date(at);
  for (let i = 0; i < size.audit; i++) {
    await t.appendAudit(auditEvent('member.added', actorOf(owner), personOf(t.tenantId, (i % size.members) + 1).email, now));
  }
}

/** Fills the store with organizations nobody talks to during the run, a few at a time. */
export async function seedBackground(store: Store, size: BackgroundSize, at = new Date()): Promise<void> {
  const perTenant = Math.ceil(size.auditEvents / size.tenants);
  const batch = 64;
  for (let first = 1; first <= size.tenants; first += batch) {
    const last = Math.min(size.tenants, first + batch - 1);
    const ids = Array.from({ length: last - first + 1 }, (_, i) => backgroundTenantId(first + i));
    await Promise.all(
      ids.map((id) => store.write(id, (t) => putOrganization(t, { members: size.membersPerTenant, audit: perTenant }, at.toISOString()))),
    );
  }
}

/** The last background organization, to tell whether a store holds a finished fixture. */
export const lastBackgroundTenant = (size: BackgroundSize) => backgroundTenantId(size.tenants);

/**
 * The organization under load: BENCH_MEMBERS members, the Owner and the requester known to the bot (their
 * email checked just now, a 1:1 chat on record through the given connector), and `pending` invitations
 * the requester asked for, each posted to the Owner's chat, for the approvals to decide.
 */
export async function seedBenchTenant(store: Store, tenantId: string, serviceUrl: string, pending: number, at = new Date()): Promise<string[]> {
  const { owner, requester } = benchPeople(tenantId);
  const iso = at.toISOString();
  const invitationIds: string[] = [];
  await store.write(tenantId, async (t) => {
    await putOrganization(t, { members: BENCH_MEMBERS, audit: 20 }, iso);
    for (const person of [owner, requester]) {
      const chat = personalChat(person);
      const user: UserRecord = {
        aadObjectId: person.aadObjectId,
        teamsUserId: person.id,
        locale: 'en-US',
        name: person.name,
        email: person.email,
        emailCheckedAt: iso,
        personalConversationId: chat.id,
      };
      await t.putUser(user);
      await t.putConversation({
        id: chat.id,
        type: 'personal',
        updatedAt: iso,
        reference: {
          bot: { id: '28:publisher-desk-bot', name: 'Publisher Desk' },
          channelId: 'msteams',
          conversation: { id: chat.id, conversationType: 'personal', tenantId },
          locale: 'en-US',
          serviceUrl,
          user: { id: person.id, name: user.name, aadObjectId: person.aadObjectId },
        },
      });
    }
    for (let i = 0; i < pending; i++) {
      const id = `bench-invitation-${i}`;
      const invitation: Invitation = {
        id,
        email: `invitee${i}@${tenantId.slice(-6)}.example.com`,
        role: 'contributor',
        type: 'user',
        requestedBy: actorOf(requester),
        requestedAt: iso,
        expiresAt: new Date(at.getTime() + 14 * 86_400_000).toISOString(),
        status: 'pending',
        // Asked in the requester's 1:1 chat, so a copy is there as well as in the Owner's.
        postedIn: [
          { conversationId: personalChat(requester).id, messageId: `request-${i}` },
          { conversationId: personalChat(owner).id, messageId: `card-${i}` },
        ],
      };
      await t.putInvitation(invitation);
      invitationIds.push(id);
    }
  });
  return invitationIds;
}
