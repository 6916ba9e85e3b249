// The records the product keeps for each organization. Records are replaced, never mutated in place,
// so a store can hand the same objects to concurrent readers.

export type Role = 'owner' | 'contributor';
export type MemberStatus = 'invited' | 'active';
export type MemberType = 'user' | 'servicePrincipal';

/** Who did something: enough to show a name and to find the person again. */
export interface Actor {
  readonly aadObjectId: string;
  readonly name: string;
  readonly email?: string | undefined;
}

export interface ServicePrincipal {
  readonly friendlyName: string;
  readonly applicationId: string;
  readonly tenantId: string;
  readonly objectId: string;
}

export interface Member {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly type: MemberType;
  readonly status: MemberStatus;
  readonly aadObjectId?: string | undefined;
  readonly servicePrincipal?: ServicePrincipal | undefined;
  readonly addedBy: Actor;
  readonly addedAt: string;
}

export interface Organization {
  readonly tenantId: string;
  readonly createdAt: string;
  readonly createdBy: Actor;
}

export interface AuditEvent {
  readonly id: string;
  readonly type: string;
  readonly at: string;
  readonly actor: Actor;
  readonly subject: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export type InvitationStatus = 'pending' | 'approved' | 'rejected' | 'cancelled' | 'expired';

/** Where a copy of a card was posted, so every copy can be updated when the invitation is decided. */
export interface PostedCopy {
  readonly conversationId: string;
  readonly messageId: string;
}

export interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly type: MemberType;
  readonly servicePrincipal?: ServicePrincipal | undefined;
  readonly note?: string | undefined;
  readonly requestedBy: Actor;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly status: InvitationStatus;
  readonly decidedBy?: Actor | undefined;
  readonly decidedAt?: string | undefined;
  readonly reason?: string | undefined;
  readonly postedIn: readonly PostedCopy[];
}

/** What Teams told us about a person, cached so a turn does not ask Teams every time. */
export interface UserRecord {
  readonly aadObjectId: string;
  /** The Teams user ID (29:…), used to address the person in card refreshes. */
  readonly teamsUserId?: string | undefined;
  readonly name: string;
  readonly email?: string | undefined;
  readonly emailCheckedAt?: string | undefined;
  /** The language of the person's Teams client, for messages sent to them outside a turn. */
  readonly locale?: string | undefined;
  /** The person's 1:1 chat with the bot, for proactive messages. */
  readonly personalConversationId?: string | undefined;
}

/** A Bot Framework conversation reference, kept opaque so the domain needs no botbuilder type. */
export interface ConversationRecord {
  readonly id: string;
  readonly type: string;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly updatedAt: string;
}
