import { z } from 'zod';
import type { ConversationRecord, Invitation, Member, UserRecord } from '../domain/model.js';
import { RecordMap } from './record-map.js';
import {
  checklistSchema,
  conversationSchema,
  invitationSchema,
  memberSchema,
  organizationSchema,
  profileSchema,
  userSchema,
} from './records.js';

// One organization's data as a single document, and one write's changes to it. lowdb keeps the
// document in a file and the changes in a journal; PostgreSQL keeps a recent document in memory and
// brings it up to date with the changes its own writes made.

/**
 * Records by key, from the object the file holds. Read through its own entries as a Map, as z.record
 * leaves out a "__proto__" key; the error names an object, as the file has one.
 */
const recordsByKey = <T extends object>(record: z.ZodType<T>) =>
  z
    .preprocess(
      (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? new Map(Object.entries(value)) : value),
      z.map(z.string(), record, { error: 'Invalid input: expected object' }),
    )
    .transform((records) => RecordMap.of(records));

export const documentSchema = z.object({
  tenantId: z.string(),
  /** How many writes changed the document so far: the number of the last change it holds. */
  seq: z.number().int().nonnegative().default(0),
  organization: organizationSchema.nullable(),
  members: z.array(memberSchema),
  /** How many audit events the organization has. */
  auditCount: z.number().int().nonnegative(),
  users: recordsByKey(userSchema),
  conversations: recordsByKey(conversationSchema),
  checklist: checklistSchema.default({ transact: null, steps: {} }),
  invitations: z.array(invitationSchema).default([]),
  profile: profileSchema.default({ version: 0, values: null, fieldVersions: {} }),
});

/**
 * One write's changes: the records it put or deleted and the values it replaced; what it left alone is
 * absent. Lists keep the write's order.
 */
export const changesSchema = z.object({
  seq: z.number().int().positive(),
  /** The audit event count once this write is done. */
  auditCount: z.number().int().nonnegative(),
  organization: organizationSchema.nullable().optional(),
  members: z.array(z.union([z.object({ put: memberSchema }), z.object({ delete: z.string() })])).optional(),
  invitations: z.array(invitationSchema).optional(),
  users: z.array(userSchema).optional(),
  conversations: z.array(conversationSchema).optional(),
  checklist: checklistSchema.optional(),
  profile: profileSchema.optional(),
});

export type TenantDocument = z.infer<typeof documentSchema>;
export type Changes = z.infer<typeof changesSchema>;

export const emptyDocument = (tenantId: string): TenantDocument => ({
  tenantId,
  seq: 0,
  organization: null,
  members: [],
  auditCount: 0,
  users: RecordMap.of<UserRecord>([]),
  conversations: RecordMap.of<ConversationRecord>([]),
  checklist: { transact: null, steps: {} },
  invitations: [],
  profile: { version: 0, values: null, fieldVersions: {} },
});

/** The document with one write's changes, exactly as the write itself saw them; the one given is left as it was. */
export function applyChanges<D extends TenantDocument>(document: D, changes: Changes): D {
  let { users, conversations } = document;
  if (changes.users) users = users.with(changes.users.map((u) => [u.aadObjectId, u]));
  if (changes.conversations) conversations = conversations.with(changes.conversations.map((c) => [c.id, c]));
  return {
    ...document,
    seq: changes.seq,
    auditCount: changes.auditCount,
    organization: changes.organization === undefined ? document.organization : changes.organization,
    checklist: changes.checklist ?? document.checklist,
    profile: changes.profile ?? document.profile,
    members: withMemberChanges(document.members, changes.members ?? [], { handOn: true }),
    invitations: withInvitations(document.invitations, changes.invitations ?? [], { handOn: true }),
    users,
    conversations,
  };
}

/**
 * The document with a run of changes, such as a journal's, as applyChanges one after the other gives it,
 * in one pass: each list is copied once and changed in place, where applyChanges copies it per change.
 * The one given is left as it was.
 */
export function applyAllChanges<D extends TenantDocument>(document: D, run: Iterable<Changes>): D {
  let members: KeyedList<Member> | undefined;
  let invitations: KeyedList<Invitation> | undefined;
  const users = new Map<string, UserRecord>();
  const conversations = new Map<string, ConversationRecord>();
  let { seq, auditCount, organization, checklist, profile } = document;
  for (const changes of run) {
    for (const change of changes.members ?? []) {
      members ??= new KeyedList(document.members, (m) => m.email.toLowerCase());
      if ('put' in change) members.put(change.put);
      else members.delete(change.delete.toLowerCase());
    }
    for (const invitation of changes.invitations ?? []) (invitations ??= new KeyedList(document.invitations, (i) => i.id)).put(invitation);
    for (const user of changes.users ?? []) users.set(user.aadObjectId, user);
    for (const conversation of changes.conversations ?? []) conversations.set(conversation.id, conversation);
    ({ seq, auditCount } = changes);
    if (changes.organization !== undefined) organization = changes.organization;
    checklist = changes.checklist ?? checklist;
    profile = changes.profile ?? profile;
  }
  return {
    ...document,
    seq,
    auditCount,
    organization,
    checklist,
    profile,
    members: members?.items() ?? document.members,
    invitations: invitations?.items() ?? document.invitations,
    users: users.size ? document.users.with(users) : document.users,
    conversations: conversations.size ? document.conversations.with(conversations) : document.conversations,
  };
}

/**
 * A list that applyAllChanges changes in place, keeping withMember's and withoutMember's rules: a put
 * replaces the first item with its key, or appends; a delete drops every item with it.
 */
class KeyedList<T extends object> {
  /** Deleted items leave a hole until items() closes them up, so positions stay put. */
  readonly #items: (T | undefined)[];
  /** The positions of the items still there, by key. */
  readonly #at = new Map<string, number[]>();

  constructor(
    items: readonly T[],
    private readonly keyOf: (item: T) => string,
  ) {
    this.#items = [...items];
    items.forEach((item, i) => {
      const key = keyOf(item);
      const at = this.#at.get(key);
      if (at) at.push(i);
      else this.#at.set(key, [i]);
    });
  }

  put(item: T): void {
    const key = this.keyOf(item);
    const at = this.#at.get(key);
    if (at) this.#items[at[0]!] = item;
    else this.#at.set(key, [this.#items.push(item) - 1]);
  }

  delete(key: string): void {
    for (const i of this.#at.get(key) ?? []) this.#items[i] = undefined;
    this.#at.delete(key);
  }

  items(): T[] {
    return this.#items.filter((item) => item !== undefined);
  }
}

/**
 * Where each item of a list stands, by one key, so a look-up in a large organization is one map read
 * instead of a scan. The map is built on the first look-up in a list and handed on to the list that
 * applyChanges makes from it by putting an item: a put keeps every other item where it was, so one map
 * serves each new version of the list. Only the newest list of a line trusts it; an older one, still
 * read by a turn that began before a write, scans as it would without one.
 */
class Positions<T> {
  readonly #lines = new WeakMap<readonly T[], { at: Map<string, number>; newest: readonly T[] }>();

  constructor(private readonly keyOf: (item: T) => string | undefined) {}

  /**
   * The position of the first item with this key, or -1. Without `build`, a list nobody looked up in
   * yet is scanned: a write putting many items would otherwise map each list it makes on the way.
   */
  indexOf(list: readonly T[], key: string, { build = true } = {}): number {
    const line = build ? this.#lineOf(list) : this.#lines.get(list);
    if (line?.newest === list) return line.at.get(key) ?? -1;
    return list.findIndex((item) => this.keyOf(item) === key);
  }

  /**
   * Hands the map on from `list` to `next`, the same list with `item` put at `at` (its length for an
   * append). Called before the put: `next` may be `list` itself, a new list its maker is still changing.
   */
  handOn(list: readonly T[], next: readonly T[], at: number, item: T): void {
    const line = this.#lines.get(list);
    if (!line || line.newest !== list) return;
    const key = this.keyOf(item);
    if (at < list.length && this.keyOf(list[at]!) !== key) {
      // The key changed: next makes its own map, and one changed in place no longer matches its own.
      if (next === list) this.#lines.delete(list);
      return;
    }
    if (key !== undefined && !line.at.has(key)) line.at.set(key, at);
    line.newest = next;
    this.#lines.set(next, line);
  }

  #lineOf(list: readonly T[]) {
    let line = this.#lines.get(list);
    if (!line) {
      const at = new Map<string, number>();
      list.forEach((item, i) => {
        const key = this.keyOf(item);
        if (key !== undefined && !at.has(key)) at.set(key, i);
      });
      line = { at, newest: list };
      this.#lines.set(list, line);
    }
    return line;
  }
}

const memberPositions = new Positions<Member>((m) => m.email.toLowerCase());
const memberAadPositions = new Positions<Member>((m) => m.aadObjectId);
const invitationPositions = new Positions<Invitation>((i) => i.id);

export const memberByEmail = (members: readonly Member[], email: string): Member | undefined =>
  members[memberPositions.indexOf(members, email.toLowerCase())];

export const memberByAadObjectId = (members: readonly Member[], aadObjectId: string): Member | undefined =>
  members[memberAadPositions.indexOf(members, aadObjectId)];

export const invitationById = (invitations: readonly Invitation[], id: string): Invitation | undefined =>
  invitations[invitationPositions.indexOf(invitations, id)];

/** Matches emails case aside; the wanted one is lowercased once, not at every comparison. */
export const emailIs = (wanted: string) => {
  const lower = wanted.toLowerCase();
  return (email: string) => email.toLowerCase() === lower;
};

/**
 * The members with a write's puts and deletes, in a new list made once (the one given is left as it
 * was). A put replaces the first member with the same email (case aside), or appends; a delete drops
 * every member with it. With handOn, the new list takes over the old one's positions (see Positions).
 */
export function withMemberChanges(members: Member[], changes: NonNullable<Changes['members']>, { handOn = false } = {}): Member[] {
  let next: Member[] | undefined;
  for (const change of changes) {
    if ('delete' in change) {
      const matches = emailIs(change.delete);
      next = (next ?? members).filter((m) => !matches(m.email));
      continue;
    }
    const member = change.put;
    const list = next ?? members;
    const found = memberPositions.indexOf(list, member.email.toLowerCase(), { build: false });
    const at = found === -1 ? list.length : found;
    next ??= [...members];
    if (handOn) {
      memberPositions.handOn(list, next, at, member);
      memberAadPositions.handOn(list, next, at, member);
    }
    next[at] = member;
  }
  return next ?? members;
}

/** The invitations with a write's puts, each replacing the one with the same id or appended; made and handed on as withMemberChanges. */
export function withInvitations(invitations: Invitation[], puts: readonly Invitation[], { handOn = false } = {}): Invitation[] {
  let next: Invitation[] | undefined;
  for (const invitation of puts) {
    const list = next ?? invitations;
    const found = invitationPositions.indexOf(list, invitation.id, { build: false });
    const at = found === -1 ? list.length : found;
    next ??= [...invitations];
    if (handOn) invitationPositions.handOn(list, next, at, invitation);
    next[at] = invitation;
  }
  return next ?? invitations;
}
