import type { Checklist } from '../domain/checklist.js';
import type { Profile } from '../domain/profile.js';
import type {
  AuditEvent,
  ConversationRecord,
  Invitation,
  Member,
  Organization,
  UserRecord,
} from '../domain/model.js';

/** One organization's data, as seen inside a read. */
export interface TenantReader {
  readonly tenantId: string;
  organization(): Promise<Organization | undefined>;
  members(): Promise<readonly Member[]>;
  /** Emails are compared case-insensitively. */
  memberByEmail(email: string): Promise<Member | undefined>;
  memberByAadObjectId(aadObjectId: string): Promise<Member | undefined>;
  /** Newest first. */
  auditEvents(page: { offset: number; limit: number }): Promise<{ events: readonly AuditEvent[]; total: number }>;
  user(aadObjectId: string): Promise<UserRecord | undefined>;
  conversation(id: string): Promise<ConversationRecord | undefined>;
  checklist(): Promise<Checklist>;
  invitation(id: string): Promise<Invitation | undefined>;
  /** Oldest first. */
  invitations(filter?: { status?: Invitation['status']; email?: string }): Promise<readonly Invitation[]>;
  profile(): Promise<Profile>;
  /** The tenant whose profile uses this publisher ID, if any: publisher IDs are unique across tenants. */
  publisherIdHolder(publisherId: string): Promise<string | undefined>;
}

/** One organization's data inside a write: every change commits together or not at all. */
export interface TenantWriter extends TenantReader {
  putOrganization(organization: Organization): Promise<void>;
  /** Inserts or replaces the member with the same email. */
  putMember(member: Member): Promise<void>;
  deleteMember(email: string): Promise<void>;
  appendAudit(event: AuditEvent): Promise<void>;
  putUser(user: UserRecord): Promise<void>;
  putConversation(conversation: ConversationRecord): Promise<void>;
  putChecklist(checklist: Checklist): Promise<void>;
  /** Inserts or replaces the invitation with the same id. */
  putInvitation(invitation: Invitation): Promise<void>;
  /** Fails the whole write with UniqueViolation if another tenant took the publisher ID meanwhile. */
  putProfile(profile: Profile): Promise<void>;
}

/**
 * The storage every feature goes through. Writes to one tenant are serialized and atomic; writes to
 * different tenants run independently. A write resolves only once its change is on the disk: committed
 * on PostgreSQL, flushed on lowdb.
 */
export interface Store {
  readonly kind: 'lowdb' | 'postgres';
  read<T>(tenantId: string, work: (tenant: TenantReader) => Promise<T>): Promise<T>;
  write<T>(tenantId: string, work: (tenant: TenantWriter) => Promise<T>): Promise<T>;
  /** True while the store can serve reads and writes. */
  healthy(): Promise<boolean>;
  /** Waits for pending writes, then releases files or connections. */
  close(): Promise<void>;
}

/** The store's files or database cannot be used as they are; start-up must stop. */
export class StoreOpenError extends Error {
  constructor(
    readonly location: string,
    readonly problem: string,
  ) {
    super(`Cannot open the store at ${location}: ${problem}`);
    this.name = 'StoreOpenError';
  }
}

/** A write lost a race for a value that must be unique across tenants; nothing of it was stored. */
export class UniqueViolation extends Error {
  constructor(readonly field: 'publisherId') {
    super(`${field} is already taken`);
    this.name = 'UniqueViolation';
  }
}

/** Tenant IDs reach file names and keys, so only the shape Teams uses is accepted. */
export const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export function checkTenantId(tenantId: string): void {
  if (!TENANT_ID.test(tenantId)) throw new Error(`Not a tenant ID: ${JSON.stringify(tenantId.slice(0, 80))}`);
}
