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
import {
  emailIs,
  invitationById,
  memberByAadObjectId,
  memberByEmail,
  withInvitation,
  withMember,
  withoutMember,
  type Changes,
  type TenantDocument,
} from './document.js';
import type { TenantWriter } from './store.js';

/** An organization's audit events as of a document, newest first: the newest `limit` after skipping `offset`. */
export interface AuditHistory {
  readonly length: number;
  newest(offset: number, limit: number): Promise<readonly AuditEvent[]>;
}

/** The history of an organization that has none yet. */
export const noHistory: AuditHistory = { length: 0, newest: async () => [] };

/**
 * One tenant as a read or write sees it. Changes go to copies of the touched lists, and people and
 * conversations to this write's own maps, looked in before the document's (a copy of those would cost
 * the whole organization's). The write's later reads see them, and they are recorded as the write's
 * journal entry; a write that fails half-way leaves nothing behind.
 */
export class TenantSession implements TenantWriter {
  #organization: Organization | null | undefined;
  #members: Member[] | undefined;
  #checklist: Checklist | undefined;
  #invitations: Invitation[] | undefined;
  #profile: Profile | undefined;
  readonly #audit: AuditEvent[] = [];
  readonly #memberChanges: NonNullable<Changes['members']> = [];
  readonly #invitationPuts: Invitation[] = [];
  readonly #users = new Map<string, UserRecord>();
  readonly #conversations = new Map<string, ConversationRecord>();

  constructor(
    private readonly data: TenantDocument,
    private readonly history: AuditHistory,
    private readonly holderOf: (publisherId: string) => Promise<string | undefined> | string | undefined = () => undefined,
  ) {}

  get tenantId(): string {
    return this.data.tenantId;
  }

  get changed(): boolean {
    return (
      this.#organization !== undefined ||
      this.#members !== undefined ||
      this.#users.size > 0 ||
      this.#conversations.size > 0 ||
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
    return memberByEmail(await this.members(), email);
  }

  async memberByAadObjectId(aadObjectId: string) {
    return memberByAadObjectId(await this.members(), aadObjectId);
  }

  async auditEvents({ offset, limit }: { offset: number; limit: number }) {
    const own = this.#audit;
    const events: AuditEvent[] = [];
    // This write's own events are the newest.
    for (let i = own.length - 1 - offset; i >= 0 && events.length < limit; i--) events.push(own[i]!);
    if (events.length < limit) events.push(...(await this.history.newest(Math.max(0, offset - own.length), limit - events.length)));
    return { events, total: this.history.length + own.length };
  }

  async user(aadObjectId: string) {
    return this.#users.get(aadObjectId) ?? this.data.users.get(aadObjectId);
  }

  async conversation(id: string) {
    return this.#conversations.get(id) ?? this.data.conversations.get(id);
  }

  async checklist(): Promise<Checklist> {
    return this.#checklist ?? this.data.checklist;
  }

  async putChecklist(checklist: Checklist) {
    this.#checklist = checklist;
  }

  async invitation(id: string) {
    return invitationById(this.#invitations ?? this.data.invitations, id);
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
    this.#users.set(user.aadObjectId, user);
  }

  async putConversation(conversation: ConversationRecord) {
    this.#conversations.set(conversation.id, conversation);
  }

  /** Events this write added, oldest first. */
  get newAudit(): readonly AuditEvent[] {
    return this.#audit;
  }

  /** This write's changes, as the change that follows the document it started from. */
  changes(): Changes {
    const some = <T>(list: T[]) => (list.length ? list : undefined);
    return {
      seq: this.data.seq + 1,
      auditCount: this.history.length + this.#audit.length,
      organization: this.#organization,
      members: some(this.#memberChanges),
      invitations: some(this.#invitationPuts),
      users: some([...this.#users.values()]),
      conversations: some([...this.#conversations.values()]),
      checklist: this.#checklist,
      profile: this.#profile,
    };
  }
}
