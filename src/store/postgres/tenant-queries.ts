import type pg from 'pg';
import type { z } from 'zod';
import type { AuditEvent } from '../../domain/model.js';
import type { Changes, TenantDocument } from '../document.js';
import type { AuditHistory } from '../document-session.js';
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
// write's changes saved, the version every change bumps, and the pages of the audit log.

/** What the look-ups need of a pool or a transaction's connection. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Emails are keyed in lower case as JavaScript folds them, so the rule does not depend on the database's locale. */
const emailKey = (email: string) => email.toLowerCase();
// PostgreSQL's jsonb cannot hold U+0000, which no field has a use for; dropping it keeps such a write possible.
const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\0', '') : v));

/** Values as the database gives them back, so the document kept in memory holds exactly what it holds. */
export const asStored = <T>(value: T): T => JSON.parse(json(value)) as T;

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
    users: Object.fromEntries(users.map((u) => [u.aadObjectId, u])),
    conversations: Object.fromEntries(conversations.map((c) => [c.id, c])),
    checklist: row?.checklist ? parse(checklistSchema, row.checklist, 'checklist') : { transact: null, steps: {} },
    invitations: invitations.map((r) => parse(invitationSchema, r, 'invitation')),
    profile: row?.profile ? parse(profileSchema, row.profile, 'profile') : { version: 0, values: null, fieldVersions: {} },
  };
}

/**
 * Saves one write's changes to the document it started from, and its audit events, inside the write's
 * transaction; the tenant's version becomes the change's number. A publisher ID another tenant took
 * meanwhile fails it with UniqueViolation.
 */
export async function saveChanges(client: pg.ClientBase, base: TenantDocument, changes: Changes, events: readonly AuditEvent[]): Promise<void> {
  const { tenantId } = base;
  const run = (sql: string, params: unknown[]) => client.query(sql, [tenantId, ...params]);
  for (const change of changes.members ?? []) {
    if ('delete' in change) {
      await run('DELETE FROM members WHERE tenant_id = $1 AND email_key = $2', [emailKey(change.delete)]);
    } else {
      const member = change.put;
      await run(
        `INSERT INTO members (tenant_id, email_key, aad_object_id, record) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, email_key) DO UPDATE SET aad_object_id = excluded.aad_object_id, record = excluded.record`,
        [emailKey(member.email), member.aadObjectId ?? null, json(member)],
      );
    }
  }
  for (const invitation of changes.invitations ?? []) {
    await run(
      `INSERT INTO invitations (tenant_id, id, email_key, status, record) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, id) DO UPDATE SET email_key = excluded.email_key, status = excluded.status, record = excluded.record`,
      [invitation.id, emailKey(invitation.email), invitation.status, json(invitation)],
    );
  }
  for (const user of changes.users ?? []) {
    await run(
      `INSERT INTO users (tenant_id, aad_object_id, record) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET record = excluded.record`,
      [user.aadObjectId, json(user)],
    );
  }
  for (const conversation of changes.conversations ?? []) {
    await run(
      `INSERT INTO conversations (tenant_id, id, record) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, id) DO UPDATE SET record = excluded.record`,
      [conversation.id, json(conversation)],
    );
  }
  const profile = changes.profile;
  try {
    // The audit events and the tenant's row in one statement: one round trip fewer for every write.
    await run(
      `WITH events AS (
         INSERT INTO audit_events (tenant_id, position, record)
         SELECT $1, $11::integer + ordinality, value FROM jsonb_array_elements($12::jsonb) WITH ORDINALITY
       )
       UPDATE tenants SET version = $2, audit_count = $3,
         organization = CASE WHEN $4 THEN $5::jsonb ELSE organization END,
         checklist = CASE WHEN $6 THEN $7::jsonb ELSE checklist END,
         profile = CASE WHEN $8 THEN $9::jsonb ELSE profile END,
         publisher_id = CASE WHEN $8 THEN $10 ELSE publisher_id END
       WHERE tenant_id = $1`,
      [
        changes.seq,
        changes.auditCount,
        changes.organization !== undefined,
        changes.organization === undefined ? null : json(changes.organization),
        changes.checklist !== undefined,
        changes.checklist === undefined ? null : json(changes.checklist),
        profile !== undefined,
        profile === undefined ? null : json(profile),
        profile?.values?.publisherId || null,
        base.auditCount,
        json(events),
      ],
    );
  } catch (error) {
    const { code, table } = error as { code?: string; table?: string };
    throw code === UNIQUE_VIOLATION && table === 'tenants' ? new UniqueViolation('publisherId') : error;
  }
}

/** The tenant that uses this publisher ID, if any. */
export async function publisherIdHolder(db: Queryable, publisherId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ tenant_id: string }>('SELECT tenant_id FROM tenants WHERE publisher_id = $1', [publisherId]);
  return rows[0]?.tenant_id;
}

/** The audit events a document counts, read a page at a time: events are only ever appended, so any connection reads the same. */
export function auditHistory(db: Queryable, document: TenantDocument): AuditHistory {
  const length = document.auditCount;
  return {
    length,
    async newest(offset, limit) {
      const newest = length - offset;
      if (limit <= 0 || newest <= 0) return [];
      const { rows } = await db.query<{ record: unknown }>(
        'SELECT record FROM audit_events WHERE tenant_id = $1 AND position > $2 AND position <= $3 ORDER BY position DESC',
        [document.tenantId, Math.max(newest - limit, 0), newest],
      );
      return rows.map((r) => parse(auditEventSchema, r.record, 'audit event'));
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
