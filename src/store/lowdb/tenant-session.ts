import type {
  AuditEvent,
  ConversationRecord,
  Member,
  Organization,
  UserRecord,
} from '../../domain/model.js';
import type { TenantWriter } from '../store.js';
import type { TenantFile } from './schema.js';

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A write's view of one tenant file. Changes go to copies of the touched collections and reach the
 * file's data only in commit(), so a write that fails half-way leaves nothing behind.
 */
export class TenantSession implements TenantWriter {
  #organization: Organization | null | undefined;
  #members: Member[] | undefined;
  #users: Record<string, UserRecord> | undefined;
  #conversations: Record<string, ConversationRecord> | undefined;
  readonly #audit: AuditEvent[] = [];

  constructor(private readonly data: TenantFile) {}

  get tenantId(): string {
    return this.data.tenantId;
  }

  get changed(): boolean {
    return (
      this.#organization !== undefined ||
      this.#members !== undefined ||
      this.#users !== undefined ||
      this.#conversations !== undefined ||
      this.#audit.length > 0
    );
  }

  async organization() {
    return (this.#organization === undefined ? this.data.organization : this.#organization) ?? undefined;
  }

  async members(): Promise<readonly Member[]> {
    return this.#members ?? this.data.members;
  }

  async memberByEmail(email: string) {
    return (await this.members()).find((m) => sameEmail(m.email, email));
  }

  async memberByAadObjectId(aadObjectId: string) {
    return (await this.members()).find((m) => m.aadObjectId === aadObjectId);
  }

  async auditEvents({ offset, limit }: { offset: number; limit: number }) {
    const all = this.#audit.length ? [...this.data.audit, ...this.#audit] : this.data.audit;
    const end = Math.max(all.length - offset, 0);
    return { events: all.slice(Math.max(end - limit, 0), end).reverse(), total: all.length };
  }

  async user(aadObjectId: string) {
    return (this.#users ?? this.data.users)[aadObjectId];
  }

  async conversation(id: string) {
    return (this.#conversations ?? this.data.conversations)[id];
  }

  async putOrganization(organization: Organization) {
    this.#organization = organization;
  }

  async putMember(member: Member) {
    const members = [...(await this.members())];
    const at = members.findIndex((m) => sameEmail(m.email, member.email));
    if (at === -1) members.push(member);
    else members[at] = member;
    this.#members = members;
  }

  async deleteMember(email: string) {
    this.#members = (await this.members()).filter((m) => !sameEmail(m.email, email));
  }

  async appendAudit(event: AuditEvent) {
    this.#audit.push(event);
  }

  async putUser(user: UserRecord) {
    this.#users = { ...(this.#users ?? this.data.users), [user.aadObjectId]: user };
  }

  async putConversation(conversation: ConversationRecord) {
    this.#conversations = { ...(this.#conversations ?? this.data.conversations), [conversation.id]: conversation };
  }

  /** Applies every change to the file's data in one synchronous step. */
  commit(): void {
    if (this.#organization !== undefined) this.data.organization = this.#organization;
    if (this.#members) this.data.members = this.#members;
    if (this.#users) this.data.users = this.#users;
    if (this.#conversations) this.data.conversations = this.#conversations;
    this.data.audit.push(...this.#audit);
  }
}
