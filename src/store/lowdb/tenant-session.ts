import type { Checklist } from '../../domain/checklist.js';
import type { Profile } from '../../domain/profile.js';
import type {
  AuditEvent,
  ConversationRecord,
  Invitation,
  Member,
  Organization,
  UserRecord,
} from '../../domain/model.js';
import type { TenantWriter } from '../store.js';
import { emailIs, withInvitation, withMember, withoutMember } from './journal.js';
import type { JournalEntry, TenantFile } from './schema.js';

/**
 * One tenant as a read or write sees it. Changes go to copies of the touched collections, which the
 * write's later reads see, and are recorded as the write's journal entry; a write that fails half-way
 * leaves nothing behind.
 */
export class TenantSession implements TenantWriter {
  #organization: Organization | null | undefined;
  #members: Member[] | undefined;
  #users: Record<string, UserRecord> | undefined;
  #conversations: Record<string, ConversationRecord> | undefined;
  #checklist: Checklist | undefined;
  #invitations: Invitation[] | undefined;
  #profile: Profile | undefined;
  readonly #audit: AuditEvent[] = [];
  readonly #memberChanges: NonNullable<JournalEntry['members']> = [];
  readonly #invitationPuts: Invitation[] = [];
  readonly #userPuts: UserRecord[] = [];
  readonly #conversationPuts: ConversationRecord[] = [];

  /** The first auditLength entries of audit are this view's history; later ones belong to newer writes. */
  constructor(
    private readonly data: TenantFile,
    private readonly audit: readonly AuditEvent[],
    private readonly auditLength: number,
    private readonly holderOf: (publisherId: string) => string | undefined = () => undefined,
  ) {}

  get tenantId(): string {
    return this.data.tenantId;
  }

  get changed(): boolean {
    return (
      this.#organization !== undefined ||
      this.#members !== undefined ||
      this.#users !== undefined ||
      this.#conversations !== undefined ||
      this.#checklist !== undefined ||
      this.#invitations !== undefined ||
      this.#profile !== undefined ||
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
    const matches = emailIs(email);
    return (await this.members()).find((m) => matches(m.email));
  }

  async memberByAadObjectId(aadObjectId: string) {
    return (await this.members()).find((m) => m.aadObjectId === aadObjectId);
  }

  async auditEvents({ offset, limit }: { offset: number; limit: number }) {
    const total = this.auditLength + this.#audit.length;
    const at = (i: number) => (i < this.auditLength ? this.audit[i] : this.#audit[i - this.auditLength])!;
    const events: AuditEvent[] = [];
    for (let i = total - 1 - offset; i >= 0 && events.length < limit; i--) events.push(at(i));
    return { events, total };
  }

  async user(aadObjectId: string) {
    return ownValue(this.#users ?? this.data.users, aadObjectId);
  }

  async conversation(id: string) {
    return ownValue(this.#conversations ?? this.data.conversations, id);
  }

  async checklist(): Promise<Checklist> {
    return this.#checklist ?? this.data.checklist;
  }

  async putChecklist(checklist: Checklist) {
    this.#checklist = checklist;
  }

  async invitation(id: string) {
    return (this.#invitations ?? this.data.invitations).find((i) => i.id === id);
  }

  async invitations(filter: { status?: Invitation['status']; email?: string } = {}): Promise<readonly Invitation[]> {
    const matches = filter.email ? emailIs(filter.email) : () => true;
    return (this.#invitations ?? this.data.invitations).filter((i) => (!filter.status || i.status === filter.status) && matches(i.email));
  }

  async putInvitation(invitation: Invitation) {
    this.#invitations = withInvitation(this.#invitations ?? this.data.invitations, invitation);
    this.#invitationPuts.push(invitation);
  }

  async profile(): Promise<Profile> {
    return this.#profile ?? this.data.profile;
  }

  async publisherIdHolder(publisherId: string) {
    return this.holderOf(publisherId);
  }

  async putProfile(profile: Profile) {
    this.#profile = profile;
  }

  async putOrganization(organization: Organization) {
    this.#organization = organization;
  }

  async putMember(member: Member) {
    this.#members = withMember(await this.members(), member);
    this.#memberChanges.push({ put: member });
  }

  async deleteMember(email: string) {
    this.#members = withoutMember(await this.members(), email);
    this.#memberChanges.push({ delete: email });
  }

  async appendAudit(event: AuditEvent) {
    this.#audit.push(event);
  }

  async putUser(user: UserRecord) {
    this.#users = { ...(this.#users ?? this.data.users), [user.aadObjectId]: user };
    this.#userPuts.push(user);
  }

  async putConversation(conversation: ConversationRecord) {
    this.#conversations = { ...(this.#conversations ?? this.data.conversations), [conversation.id]: conversation };
    this.#conversationPuts.push(conversation);
  }

  /** Events this write added, oldest first. */
  get newAudit(): readonly AuditEvent[] {
    return this.#audit;
  }

  /** This write's changes as the journal entry that follows the data it started from. */
  entry(): JournalEntry {
    const some = <T>(list: T[]) => (list.length ? list : undefined);
    return {
      seq: this.data.seq + 1,
      auditCount: this.auditLength + this.#audit.length,
      organization: this.#organization,
      members: some(this.#memberChanges),
      invitations: some(this.#invitationPuts),
      users: some(this.#userPuts),
      conversations: some(this.#conversationPuts),
      checklist: this.#checklist,
      profile: this.#profile,
    };
  }
}

/** Keys come from activities: "constructor" or "toString" must find nothing, not what every object inherits. */
function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
