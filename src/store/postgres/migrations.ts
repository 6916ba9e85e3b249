import type pg from 'pg';
import { StoreOpenError } from '../store.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The schema, one step per version, applied in order and never edited once released: a change is a new
 * step. Every table is keyed by tenant first. Columns hold what is looked up or must be unique; each
 * record itself is a jsonb document, validated with the records' zod shapes when read.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants, members, invitations, users, conversations, audit events',
    sql: `
      CREATE TABLE tenants (
        tenant_id text PRIMARY KEY,
        organization jsonb,
        checklist jsonb,
        profile jsonb,
        -- Publisher IDs are unique across tenants; the index settles races between them.
        publisher_id text UNIQUE,
        audit_count integer NOT NULL DEFAULT 0
      );

      CREATE TABLE members (
        tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
        email_key text NOT NULL,
        aad_object_id text,
        position bigint GENERATED ALWAYS AS IDENTITY,
        record jsonb NOT NULL,
        PRIMARY KEY (tenant_id, email_key)
      );
      CREATE INDEX members_by_aad_object_id ON members (tenant_id, aad_object_id);
      CREATE INDEX members_in_order ON members (tenant_id, position);

      CREATE TABLE invitations (
        tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
        id text NOT NULL,
        email_key text NOT NULL,
        status text NOT NULL,
        position bigint GENERATED ALWAYS AS IDENTITY,
        record jsonb NOT NULL,
        PRIMARY KEY (tenant_id, id)
      );
      CREATE INDEX invitations_by_status ON invitations (tenant_id, status, position);
      CREATE INDEX invitations_by_email ON invitations (tenant_id, email_key);

      CREATE TABLE users (
        tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
        aad_object_id text NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (tenant_id, aad_object_id)
      );

      CREATE TABLE conversations (
        tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
        id text NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (tenant_id, id)
      );

      -- position counts a tenant's events from 1, so a page of the newest is a range on the key.
      CREATE TABLE audit_events (
        tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
        position integer NOT NULL,
        record jsonb NOT NULL,
        PRIMARY KEY (tenant_id, position)
      );
    `,
  },
  {
    version: 2,
    name: 'tenant versions',
    sql: `
      -- Bumped by every write that changes the tenant, so an instance can tell whether the copy it keeps
      -- in memory is current with one look-up.
      ALTER TABLE tenants ADD COLUMN version bigint NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 3,
    name: 'recent changes of each tenant',
    sql: `
      -- Each write's changes, the latest of each tenant kept, so an instance whose copy of an organization
      -- is a few writes behind applies them rather than reading the whole organization again.
      CREATE TABLE tenant_changes (
        tenant_id text NOT NULL REFERENCES tenants ON DELETE CASCADE,
        seq bigint NOT NULL,
        changes jsonb NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      );
    `,
  },
];

/**
 * Brings the schema up to date in one transaction. Instances starting at once take turns on an
 * advisory lock, so each step runs exactly once and none starts on a half-made schema.
 */
export async function migrate(client: pg.ClientBase, location: string): Promise<void> {
  const latest = MIGRATIONS.at(-1)!.version;
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('publisher-desk schema'))`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > latest) {
      throw new StoreOpenError(location, `its schema is at version ${current}, newer than this version of Publisher Desk knows (${latest})`);
    }
    for (const step of MIGRATIONS.filter((m) => m.version > current)) {
      await client.query(step.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
