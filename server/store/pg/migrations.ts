// Versioned schema. Each migration runs once, in order, in its own transaction, recorded in
// `schema_migrations`. Processes starting at once take one advisory lock first, so only the
// first migrates and the others find the work done. Never edit a released migration: add one.
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Class-wide key of the migration lock (offices lock with two-part keys, never this one). */
const MIGRATION_LOCK = 0x4c55_4f54; // 'LUOT'

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'offices, deployment, office configuration, ticket events',
    sql: `
      CREATE TABLE offices (
        id text PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
        archived boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        position bigserial NOT NULL
      );
      -- A copy of the deployment document's list of offices, written in the same transaction, for
      -- SQL readers (a province's own queries). An office's name and time zone are its settings'.
      -- Accounts, revoked sessions and the session secret: one document for the deployment.
      CREATE TABLE deployment (
        id smallint PRIMARY KEY CHECK (id = 1),
        data jsonb NOT NULL,
        version bigint NOT NULL DEFAULT 1
      );
      -- Services, counters and settings of one office, as the domain layer's zod schema reads them.
      CREATE TABLE office_config (
        office_id text PRIMARY KEY,
        data jsonb NOT NULL,
        version bigint NOT NULL DEFAULT 1
      );
      CREATE TABLE ticket_events (
        office_id text NOT NULL,
        rev bigint NOT NULL CHECK (rev > 0),
        day text NOT NULL CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        type text NOT NULL,
        body jsonb NOT NULL,
        PRIMARY KEY (office_id, rev)
      );
      CREATE INDEX ticket_events_day ON ticket_events (office_id, day, rev);
    `,
  },
  {
    version: 2,
    name: 'ticket events are append-only; when each was committed',
    sql: `
      ALTER TABLE ticket_events ADD COLUMN committed_at timestamptz NOT NULL DEFAULT now();
      CREATE FUNCTION luot_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ticket_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
        FOR EACH ROW EXECUTE FUNCTION luot_refuse_change();
    `,
  },
  {
    version: 3,
    name: 'office voice clips',
    sql: `
      -- An office's own recordings, served by every process (a folder would be one process's).
      -- A clip is a few seconds of audio (at most 2 MB, checked before it is stored).
      CREATE TABLE office_clips (
        office_id text NOT NULL,
        name text NOT NULL CHECK (name ~ '^[a-z0-9-]{1,40}$'),
        ext text NOT NULL CHECK (ext IN ('wav', 'ogg', 'mp3')),
        bytes bytea NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (office_id, name)
      );
    `,
  },
  {
    version: 4,
    name: 'webhook cursors and lease',
    sql: `
      -- Per webhook endpoint: the journal rev delivered up to and its recent deliveries (issue 14).
      -- The events themselves stay in ticket_events; nothing here is a copy of them.
      CREATE TABLE webhook_cursors (
        office_id text NOT NULL,
        endpoint_id text NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (office_id, endpoint_id)
      );
      -- Which process delivers an office's webhooks: held until expires_at, renewed while alive.
      CREATE TABLE webhook_leases (
        office_id text PRIMARY KEY,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL
      );
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Brings the schema up to `to` (default: the latest). Returns the versions applied now. */
export async function migrate(pool: pg.Pool, to = LATEST_VERSION): Promise<number[]> {
  const c = await pool.connect();
  const applied: number[] = [];
  try {
    // A session lock, not a transaction one: it spans the migrations' own transactions.
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (m.version > to || done.has(m.version)) continue;
        await c.query('BEGIN');
        try {
          await c.query(m.sql);
          await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await c.query('COMMIT');
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, { cause: e });
        }
        applied.push(m.version);
      }
      const newest = Math.max(0, ...done, ...applied);
      if (newest > LATEST_VERSION) throw new Error(`the database has schema version ${newest}, newer than this program (${LATEST_VERSION})`);
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    c.release();
  }
  return applied;
}

export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const r = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}
