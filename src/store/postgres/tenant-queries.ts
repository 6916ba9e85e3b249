import type pg from 'pg';
import type { z } from 'zod';
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
import { UniqueViolation, type TenantWriter } from '../store.js';

const EMPTY_CHECKLIST: Checklist = { transact: null, steps: {} };
const EMPTY_PROFILE: Profile = { version: 0, values: null, fieldVersions: {} };

/** Emails are keyed in lower case as JavaScript folds them, so the rule does not depend on the database's locale. */
const emailKey = (email: string) => email.toLowerCase();
// PostgreSQL's jsonb cannot hold U+0000, which no field has a use for; dropping it keeps such a write possible.
const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\0', '') : v));

/** Postgres' code for a unique index refusing a row. */
const UNIQUE_VIOLATION = '23505';

interface TenantRow {
  organization: unknown;
  checklist: unknown;
  profile: unknown;
  audit_count: number;
}

/**
 * Takes the tenant's row lock for the rest of the transaction, creating the row first if the tenant is
 * new. Every write starts here, so writes to one tenant run one at a time across all processes.
 */
export async function lockTenant(client: pg.ClientBase, tenantId: string): Promise<void> {
  const lock = () => client.query('SELECT 1 FROM tenants WHERE tenant_id = $1 FOR UPDATE', [tenantId]);
  if ((await lock()).rowCount) return;
  // Two first writes at once: the second insert waits for the first to commit, then does nothing.
  await client.query('INSERT INTO tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING', [tenantId]);
  await lock();
}

/**
 * One tenant's data through one transaction's connection: reads see the transaction's own changes, and
 * nothing is visible to anyone else until it commits.
 */
export class TenantQueries implements TenantWriter {
  #changed = false;
  #failure: unknown;
  /** The last statement sent: a connection runs one at a time, so calls made together (Promise.all) queue here. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly tenantId: string,
    private readonly client: pg.ClientBase,
  ) {}

  /** Runs the work, then waits for any statement it left running, so nothing outlives the transaction. */
  async run<T>(work: (tenant: this) => Promise<T>): Promise<T> {
    try {
      return await work(this);
    } finally {
      await this.#queue;
    }
  }

  /** Whether anything was written, so a write that changed nothing can roll back instead. */
  get changed(): boolean {
    return this.#changed;
  }

  /** The first statement that failed: the transaction is then unusable, so the whole write must fail with it. */
  get failure(): unknown {
    return this.#failure;
  }

  async organization(): Promise<Organization | undefined> {
    const row = await this.#tenantRow();
    return row?.organization ? parse(organizationSchema, row.organization, 'organization') : undefined;
  }

  async members(): Promise<readonly Member[]> {
    const rows = await this.#records('SELECT record FROM members WHERE tenant_id = $1 ORDER BY position', [this.tenantId]);
    return rows.map((r) => parse(memberSchema, r, 'member'));
  }

  async memberByEmail(email: string): Promise<Member | undefined> {
    const [row] = await this.#records('SELECT record FROM members WHERE tenant_id = $1 AND email_key = $2', [this.tenantId, emailKey(email)]);
    return row ? parse(memberSchema, row, 'member') : undefined;
  }

  async memberByAadObjectId(aadObjectId: string): Promise<Member | undefined> {
    const [row] = await this.#records(
      'SELECT record FROM members WHERE tenant_id = $1 AND aad_object_id = $2 ORDER BY position LIMIT 1',
      [this.tenantId, aadObjectId],
    );
    return row ? parse(memberSchema, row, 'member') : undefined;
  }

  async auditEvents({ offset, limit }: { offset: number; limit: number }) {
    const total = (await this.#tenantRow())?.audit_count ?? 0;
    const newest = total - offset;
    if (limit <= 0 || newest <= 0) return { events: [], total };
    const rows = await this.#records(
      'SELECT record FROM audit_events WHERE tenant_id = $1 AND position > $2 AND position <= $3 ORDER BY position DESC',
      [this.tenantId, Math.max(newest - limit, 0), newest],
    );
    return { events: rows.map((r) => parse(auditEventSchema, r, 'audit event')), total };
  }

  async user(aadObjectId: string): Promise<UserRecord | undefined> {
    const [row] = await this.#records('SELECT record FROM users WHERE tenant_id = $1 AND aad_object_id = $2', [this.tenantId, aadObjectId]);
    return row ? parse(userSchema, row, 'user') : undefined;
  }

  async conversation(id: string): Promise<ConversationRecord | undefined> {
    const [row] = await this.#records('SELECT record FROM conversations WHERE tenant_id = $1 AND id = $2', [this.tenantId, id]);
    return row ? parse(conversationSchema, row, 'conversation') : undefined;
  }

  async checklist(): Promise<Checklist> {
    const row = await this.#tenantRow();
    return row?.checklist ? parse(checklistSchema, row.checklist, 'checklist') : EMPTY_CHECKLIST;
  }

  async invitation(id: string): Promise<Invitation | undefined> {
    const [row] = await this.#records('SELECT record FROM invitations WHERE tenant_id = $1 AND id = $2', [this.tenantId, id]);
    return row ? parse(invitationSchema, row, 'invitation') : undefined;
  }

  async invitations(filter: { status?: Invitation['status']; email?: string } = {}): Promise<readonly Invitation[]> {
    const rows = await this.#records(
      `SELECT record FROM invitations
        WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR email_key = $3)
        ORDER BY position`,
      [this.tenantId, filter.status || null, filter.email ? emailKey(filter.email) : null],
    );
    return rows.map((r) => parse(invitationSchema, r, 'invitation'));
  }

  async profile(): Promise<Profile> {
    const row = await this.#tenantRow();
    return row?.profile ? parse(profileSchema, row.profile, 'profile') : EMPTY_PROFILE;
  }

  async publisherIdHolder(publisherId: string): Promise<string | undefined> {
    const { rows } = await this.#query<{ tenant_id: string }>('SELECT tenant_id FROM tenants WHERE publisher_id = $1', [publisherId]);
    return rows[0]?.tenant_id;
  }

  async putOrganization(organization: Organization): Promise<void> {
    await this.#change('UPDATE tenants SET organization = $2 WHERE tenant_id = $1', [this.tenantId, json(organization)]);
  }

  async putMember(member: Member): Promise<void> {
    await this.#change(
      `INSERT INTO members (tenant_id, email_key, aad_object_id, record) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, email_key) DO UPDATE SET aad_object_id = excluded.aad_object_id, record = excluded.record`,
      [this.tenantId, emailKey(member.email), member.aadObjectId ?? null, json(member)],
    );
  }

  async deleteMember(email: string): Promise<void> {
    await this.#change('DELETE FROM members WHERE tenant_id = $1 AND email_key = $2', [this.tenantId, emailKey(email)]);
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    await this.#change(
      `WITH counted AS (UPDATE tenants SET audit_count = audit_count + 1 WHERE tenant_id = $1 RETURNING audit_count)
       INSERT INTO audit_events (tenant_id, position, record) SELECT $1, audit_count, $2 FROM counted`,
      [this.tenantId, json(event)],
    );
  }

  async putUser(user: UserRecord): Promise<void> {
    await this.#change(
      `INSERT INTO users (tenant_id, aad_object_id, record) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET record = excluded.record`,
      [this.tenantId, user.aadObjectId, json(user)],
    );
  }

  async putConversation(conversation: ConversationRecord): Promise<void> {
    await this.#change(
      `INSERT INTO conversations (tenant_id, id, record) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, id) DO UPDATE SET record = excluded.record`,
      [this.tenantId, conversation.id, json(conversation)],
    );
  }

  async putChecklist(checklist: Checklist): Promise<void> {
    await this.#change('UPDATE tenants SET checklist = $2 WHERE tenant_id = $1', [this.tenantId, json(checklist)]);
  }

  async putInvitation(invitation: Invitation): Promise<void> {
    await this.#change(
      `INSERT INTO invitations (tenant_id, id, email_key, status, record) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, id) DO UPDATE SET email_key = excluded.email_key, status = excluded.status, record = excluded.record`,
      [this.tenantId, invitation.id, emailKey(invitation.email), invitation.status, json(invitation)],
    );
  }

  async putProfile(profile: Profile): Promise<void> {
    try {
      await this.#change('UPDATE tenants SET profile = $2, publisher_id = $3 WHERE tenant_id = $1', [
        this.tenantId,
        json(profile),
        profile.values?.publisherId || null,
      ]);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      this.#failure = new UniqueViolation('publisherId');
      throw this.#failure;
    }
  }

  async #tenantRow(): Promise<TenantRow | undefined> {
    const { rows } = await this.#query<TenantRow>(
      'SELECT organization, checklist, profile, audit_count FROM tenants WHERE tenant_id = $1',
      [this.tenantId],
    );
    return rows[0];
  }

  async #records(sql: string, params: unknown[]): Promise<unknown[]> {
    return (await this.#query<{ record: unknown }>(sql, params)).rows.map((r) => r.record);
  }

  async #change(sql: string, params: unknown[]): Promise<void> {
    await this.#query(sql, params);
    this.#changed = true;
  }

  async #query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    const result = this.#queue.then(() => this.client.query<R>(sql, params));
    this.#queue = result.catch(() => undefined);
    try {
      return await result;
    } catch (error) {
      this.#failure ??= error;
      throw error;
    }
  }
}

/** A record that does not have its shape stops the turn with a message naming it, rather than spreading. */
function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`A stored ${what} is invalid at ${issue?.path.join('.') || 'the top level'}: ${issue?.message ?? 'unknown problem'}`);
}
