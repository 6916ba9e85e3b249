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
  withInvitations,
  withMemberChanges,
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
 * One tenant as a read or write sees it. Changes go to this write's own records, looked in before the
 * document's: a copy of a list or map would cost the whole organization's, and the new document makes
 * its own once the write is done. The write's later reads see them, and they are recorded as the write's
 * journal entry; a write that fails half-way leaves nothing behind.
 */
export class TenantSession implements TenantWriter {
  #organization: Organization | null | undefined;
  #checklist: Checklist | undefined;
  #profile: Profile | undefined;
  readonly #audit: AuditEvent[] = [];
  readonly #memberChanges: NonNullable<Changes['members']> = [];
  /** Each email this write put or deleted (lowercased): the member it put last, or null once deleted. */
  readonly #membersByEmail = new Map<string, Member | null>();
  /** The whole list as this write left it, made when a read asks for it. */
  #members: Member[] | undefined;
  readonly #invitationPuts: Invitation[] = [];
  readonly #invitationsById = new Map<string, Invitation>();
  #invitations: Invitation[] | undefined;
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
      this.#memberChanges.length > 0 ||
      this.#users.size > 0 ||
      this.#conversations.size > 0 ||
      this.#checklist !== undefined ||
      this.#invitationPuts.length > 0 ||
      this.#profile !== undefined ||
      this.#audit.length > 0
    );
  }

  async organization() {
    return (this.#organization === undefined ? this.data.organization : this.#organization) ?? undefined;
  }

  async members(): Promise<readonly Member[]> {
    if (!this.#memberChanges.length) return this.data.members;
    return (this.#members ??= withMemberChanges(this.data.members, this.#memberChanges));
  }

  async memberByEmail(email: string) {
    const put = this.#membersByEmail.get(email.toLowerCase());
    return put === undefined ? memberByEmail(this.data.members, email) : (put ?? undefined);
  }

  async memberByAadObjectId(aadObjectId: string) {
    const found = memberByAadObjectId(this.data.members, aadObjectId);
    if (!this.#membersByEmail.size) return found;
    // The document's member stands unless this write changed it or put one with the object ID, which may
    // come before it in the list: then the list as the write left it says.
    const changed =
      (found && this.#membersByEmail.has(found.email.toLowerCase())) || [...this.#membersByEmail.values()].some((m) => m?.aadObjectId === aadObjectId);
    return changed ? (await this.members()).find((m) => m.aadObjectId === aadObjectId) : found;
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
    return this.#invitationsById.get(id) ?? invitationById(this.data.invitations, id);
  }

  async invitations(filter: { status?: Invitation['status']; email?: string } = {}): Promise<readonly Invitation[]> {
    const matches = filter.email ? emailIs(filter.email) : () => true;
    const all = this.#invitationPuts.length ? (this.#invitations ??= withInvitations(this.data.invitations, this.#invitationPuts)) : this.data.invitations;
    return all.filter((i) => (!filter.status || i.status === filter.status) && matches(i.email));
  }

  async putInvitation(invitation: Invitation) {
    this.#invitationPuts.push(invitation);
    this.#invitationsById.set(invitation.id, invitation);
    this.#invitations = undefined;
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
    this.#memberChanges.push({ put: member });
    this.#membersByEmail.set(member.email.toLowerCase(), member);
    this.#members = undefined;
  }

  async deleteMember(email: string) {
    this.#memberChanges.push({ delete: email });
    this.#membersByEmail.set(email.toLowerCase(), null);
    this.#members = undefined;
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
