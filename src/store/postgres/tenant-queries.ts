import type pg from 'pg';
import type { z } from 'zod';
import type { AuditEvent, Member } from '../../domain/model.js';
import { changesSchema, type Changes, type TenantDocument } from '../document.js';
import type { AuditHistory } from '../document-session.js';
import { RecordMap } from '../record-map.js';
import {
  auditEventSchema,
  checklistSchema,
  conversationSchema,
  invitationSchema,
  memberSchema,
  organizationSchema,
  profileSchema,
  userSchema,
} from '../records.js';
import { UniqueViolation } from '../store.js';

// The SQL behind the PostgreSQL store: an organization's whole document read in one transaction, a
// write's changes saved (and kept a while, for other instances to catch up with), the version every
// change bumps, and the pages of the audit log.

/** What the look-ups need of a pool or a transaction's connection. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Emails are keyed in lower case as JavaScript folds them, so the rule does not depend on the database's locale. */
const emailKey = (email: string) => email.toLowerCase();
// PostgreSQL's jsonb cannot hold U+0000, which no field has a use for, nor a lone UTF-16 surrogate (an emoji
// cut in half): U+0000 is dropped and a lone surrogate becomes U+FFFD, which keeps such a write possible.
// A replacer makes JSON.stringify between two and three times slower, so it runs only when the text has one
// (written \u0000, or \ud800 to \udfff).
const storable = (_key: string, v: unknown) => (typeof v === 'string' ? v.replaceAll('\0', '').toWellFormed() : v);
const json = (value: unknown) => {
  const text = JSON.stringify(value);
  return /\\u(?:0000|d[89a-f])/.test(text) ? JSON.stringify(value, storable) : text;
};

/** Values as the database gives them back, so the document kept in memory holds exactly what it holds. */
export const asStored = <T>(value: T): T => JSON.parse(json(value)) as T;

/** Writes whose changes each tenant keeps: an instance further behind reads the organization whole. */
const KEPT_CHANGES = 100;

/** Postgres' code for a unique index refusing a row. */
const UNIQUE_VIOLATION = '23505';

interface TenantRow {
  organization: unknown;
  checklist: unknown;
  profile: unknown;
  audit_count: number;
  version: string;
}

/** The tenants' versions (how many writes changed each); a tenant without a row is left out. */
export async function currentVersions(db: pg.Pool | pg.ClientBase, tenantIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ tenant_id: string; version: string }>(
    'SELECT tenant_id, version FROM tenants WHERE tenant_id = ANY($1::text[])',
    [tenantIds],
  );
  return new Map(rows.map((r) => [r.tenant_id, Number(r.version)]));
}

/**
 * Takes the tenant's row lock for the rest of the transaction, creating the row first if the tenant is
 * new, and returns its version. Every write starts here, so writes to one tenant run one at a time
 * across all processes, and the version cannot move until the write commits.
 */
export async function lockTenant(client: pg.ClientBase, tenantId: string): Promise<number> {
  const lock = () => client.query<{ version: string }>('SELECT version FROM tenants WHERE tenant_id = $1 FOR UPDATE', [tenantId]);
  let { rows } = await lock();
  if (!rows[0]) {
    // Two first writes at once: the second insert waits for the first to commit, then does nothing.
    await client.query('INSERT INTO tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING', [tenantId]);
    ({ rows } = await lock());
  }
  return Number(rows[0]!.version);
}

/** The tenant's whole document; run inside one transaction, so its parts agree with each other. */
export async function loadDocument(client: pg.ClientBase, tenantId: string): Promise<TenantDocument> {
  const records = async (sql: string) => (await client.query<{ record: unknown }>(sql, [tenantId])).rows.map((r) => r.record);
  const { rows } = await client.query<TenantRow>(
    'SELECT organization, checklist, profile, audit_count, version FROM tenants WHERE tenant_id = $1',
    [tenantId],
  );
  const row = rows[0];
  const members = await records('SELECT record FROM members WHERE tenant_id = $1 ORDER BY position');
  const invitations = await records('SELECT record FROM invitations WHERE tenant_id = $1 ORDER BY position');
  const users = (await records('SELECT record FROM users WHERE tenant_id = $1')).map((r) => parse(userSchema, r, 'user'));
  const conversations = (await records('SELECT record FROM conversations WHERE tenant_id = $1')).map((r) => parse(conversationSchema, r, 'conversation'));
  return {
    tenantId,
    seq: Number(row?.version ?? 0),
    organization: row?.organization ? parse(organizationSchema, row.organization, 'organization') : null,
    members: members.map((r) => parse(memberSchema, r, 'member')),
    auditCount: row?.audit_count ?? 0,
    users: RecordMap.of(users.map((u) => [u.aadObjectId, u])),
    conversations: RecordMap.of(conversations.map((c) => [c.id, c])),
    checklist: row?.checklist ? parse(checklistSchema, row.checklist, 'checklist') : { transact: null, steps: {} },
    invitations: invitations.map((r) => parse(invitationSchema, r, 'invitation')),
    profile: row?.profile ? parse(profileSchema, row.profile, 'profile') : { version: 0, values: null, fieldVersions: {} },
  };
}

/** A write of a batch, to save: its changes as stored, and its audit events. */
export interface WriteToSave {
  readonly changes: Changes;
  readonly events: readonly AuditEvent[];
}

/**
 * Saves a batch of writes, made one after the other from `base`, inside their transaction; the tenant's
 * version becomes the last one's number. A publisher ID another tenant took meanwhile fails it with
 * UniqueViolation.
 *
 * Every statement is a round trip to the database, made while the tenant's row is locked, so the whole
 * batch goes in one statement (one more first when members were removed, and one when a publisher ID was
 * taken and given up within the batch), holding only the parts its writes need. A statement may not
 * change a row twice, so each record is saved as the batch last left it, in the order it was first put:
 * the order new rows take their positions in, as the kept document has them. Each write's changes are
 * still kept on their own, for instances catching up write by write.
 */
export async function saveChanges(client: pg.ClientBase, base: TenantDocument, writes: readonly WriteToSave[]): Promise<void> {
  const { tenantId } = base;
  const all = writes.map((w) => w.changes);
  const last = all.at(-1);
  if (!last) return;
  /** The value the last write that set it left, if one did. */
  const latest = <K extends 'organization' | 'checklist' | 'profile'>(key: K) => all.findLast((c) => c[key] !== undefined)?.[key];
  const profile = latest('profile');
  // The row keeps only the last publisher ID, which the unique index checks: one that an earlier write
  // took and a later one gave up must be free too, or the write that took it is refused.
  const given = all.flatMap((c) => c.profile?.values?.publisherId || []).filter((id) => id !== profile?.values?.publisherId);
  if (given.length) {
    const { rows } = await client.query('SELECT 1 FROM tenants WHERE publisher_id = ANY($2::text[]) AND tenant_id <> $1', [tenantId, given]);
    if (rows.length) throw new UniqueViolation('publisherId');
  }
  const { removed, members } = memberChanges(all.flatMap((c) => c.members ?? []));
  if (removed.length) {
    await client.query('DELETE FROM members WHERE tenant_id = $1 AND email_key = ANY($2::text[])', [tenantId, removed]);
  }
  const params: unknown[] = [tenantId];
  /** The placeholder of a new parameter. */
  const param = (value: unknown) => `$${params.push(value)}`;
  // Per table: its columns (the key first, then the other columns besides the record) and its rows.
  const puts: [table: string, columns: readonly [string, ...string[]], rows: readonly object[]][] = [
    [
      'members',
      ['email_key', 'aad_object_id'],
      members.map((m) => ({ email_key: emailKey(m.email), aad_object_id: m.aadObjectId ?? null, record: m })),
    ],
    [
      'invitations',
      ['id', 'email_key', 'status'],
      lastOfEach(all.flatMap((c) => c.invitations ?? []), (i) => i.id).map((i) => ({ id: i.id, email_key: emailKey(i.email), status: i.status, record: i })),
    ],
    ['users', ['aad_object_id'], lastOfEach(all.flatMap((c) => c.users ?? []), (u) => u.aadObjectId).map((u) => ({ aad_object_id: u.aadObjectId, record: u }))],
    ['conversations', ['id'], lastOfEach(all.flatMap((c) => c.conversations ?? []), (c) => c.id).map((c) => ({ id: c.id, record: c }))],
  ];
  const steps = puts.filter(([, , rows]) => rows.length).map(([table, columns, rows]) => upsertStep(table, columns, param(json(rows))));
  const events = writes.flatMap((w) => w.events);
  if (events.length) {
    steps.push(`events AS (
      INSERT INTO audit_events (tenant_id, position, record)
      SELECT $1, ${param(base.auditCount)}::integer + ordinality, value FROM jsonb_array_elements(${param(json(events))}::jsonb) WITH ORDINALITY)`);
  }
  steps.push(
    `changes_put AS (INSERT INTO tenant_changes (tenant_id, seq, changes) SELECT $1, (value->>'seq')::bigint, value FROM jsonb_array_elements(${param(json(all))}::jsonb))`,
    // Those that fall out of the window: a range would walk every row deleted since the last vacuum.
    `changes_pruned AS (DELETE FROM tenant_changes WHERE tenant_id = $1 AND seq = ANY(${param(all.map((c) => c.seq - KEPT_CHANGES))}::bigint[]))`,
  );
  const set = [`version = ${param(last.seq)}`, `audit_count = ${param(last.auditCount)}`];
  const organization = latest('organization');
  if (organization !== undefined) set.push(`organization = ${param(json(organization))}::jsonb`);
  const checklist = latest('checklist');
  if (checklist !== undefined) set.push(`checklist = ${param(json(checklist))}::jsonb`);
  if (profile !== undefined) set.push(`profile = ${param(json(profile))}::jsonb`, `publisher_id = ${param(profile.values?.publisherId || null)}`);
  try {
    await client.query(`WITH ${steps.join(', ')} UPDATE tenants SET ${set.join(', ')} WHERE tenant_id = $1`, params);
  } catch (error) {
    const { code, table } = error as { code?: string; table?: string };
    throw code === UNIQUE_VIOLATION && table === 'tenants' ? new UniqueViolation('publisherId') : error;
  }
}

/**
 * The changes of the writes after `after` up to `upTo`, in order, or undefined when they are not all kept
 * (too old, or written by an instance from before changes were kept): the document is then read whole.
 */
export async function changesSince(db: Queryable, tenantId: string, after: number, upTo: number): Promise<Changes[] | undefined> {
  if (upTo - after > KEPT_CHANGES) return undefined;
  const { rows } = await db.query<{ changes: unknown }>(
    'SELECT changes FROM tenant_changes WHERE tenant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
    [tenantId, after, upTo],
  );
  if (rows.length !== upTo - after) return undefined;
  return rows.map((r) => parse(changesSchema, r.changes, 'change'));
}

/**
 * A step of the save that puts the tenant's rows of a table, in their order, from a JSON array of
 * objects holding the named columns and the record.
 */
function upsertStep(table: string, columns: readonly [string, ...string[]], rows: string): string {
  const [key, ...others] = columns;
  return `${table}_put AS (
      INSERT INTO ${table} (tenant_id, ${columns.join(', ')}, record)
      SELECT $1, ${columns.map((c) => `value->>'${c}'`).join(', ')}, value->'record'
      FROM jsonb_array_elements(${rows}::jsonb) WITH ORDINALITY ORDER BY ordinality
      ON CONFLICT (tenant_id, ${key}) DO UPDATE SET ${[...others, 'record'].map((c) => `${c} = excluded.${c}`).join(', ')})`;
}

/**
 * The members a write removed, then the ones it put, each as it last put it. A member removed and put
 * again is removed first and inserted anew, at the end of the list, as the document has it.
 */
function memberChanges(changes: NonNullable<Changes['members']>): { removed: string[]; members: Member[] } {
  const removed = new Set<string>();
  const put = new Map<string, Member>();
  for (const change of changes) {
    if ('delete' in change) {
      const key = emailKey(change.delete);
      removed.add(key);
      put.delete(key);
    } else {
      put.set(emailKey(change.put.email), change.put);
    }
  }
  return { removed: [...removed], members: [...put.values()] };
}

/** Each key's last item, in the order the keys first came. */
function lastOfEach<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const last = new Map<string, T>();
  for (const item of items) last.set(keyOf(item), item);
  return [...last.values()];
}

/** The tenant that uses this publisher ID, if any. */
export async function publisherIdHolder(db: Queryable, publisherId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM tenants WHERE publisher_id = $1', [publisherId]);
  return rows[0]?.tenant_id;
}

/**
 * The audit events a document counts, read a page at a time: events are only ever appended, so any
 * connection reads the same. The last of them may be `unsaved` yet (a batch's earlier writes): those
 * come from memory.
 */
export function auditHistory(db: Queryable, document: TenantDocument, unsaved: readonly AuditEvent[] = []): AuditHistory {
  const length = document.auditCount;
  const stored = length - unsaved.length;
  return {
    length,
    async newest(offset, limit) {
      // Positions count from 1; the page is the `limit` positions up to `newest`.
      const newest = length - offset;
      if (limit <= 0 || newest <= 0) return [];
      const fromMemory = unsaved.slice(Math.max(newest - limit - stored, 0), Math.max(newest - stored, 0)).reverse();
      const upTo = Math.min(newest, stored);
      const wanted = limit - fromMemory.length;
      if (wanted <= 0 || upTo <= 0) return fromMemory;
      const { rows } = await db.query<{ record: unknown }>(
        'SELECT record FROM audit_events WHERE tenant_id = $1 AND position > $2 AND position <= $3 ORDER BY position DESC',
        [document.tenantId, Math.max(upTo - wanted, 0), upTo],
      );
      return [...fromMemory, ...rows.map((r) => parse(auditEventSchema, r.record, 'audit event'))];
    },
  };
}

/** A record that does not have its shape stops the turn with a message naming it, rather than spreading. */
function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`A stored ${what} is invalid at ${issue?.path.join('.') || 'the top level'}: ${issue?.message ?? 'unknown problem'}`);
}
