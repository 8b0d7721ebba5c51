// A fresh PostgreSQL database per test (or per server), dropped afterwards. The machine's
// PostgreSQL (127.0.0.1:5432, trust auth, user postgres) is shared by everyone's tests at once,
// so every database has its own random name and nothing else on the server is touched.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server every test database lives on; `LUOT_TEST_PG_URL` may point elsewhere. */
export const PG_ADMIN_URL = process.env.LUOT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** `postgres://…/luot_test_<random>`, for `LUOT_DATABASE_URL` or `openPgDeployment`. */
  url: string;
  name: string;
  /** Drops the database, ending any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/**
 * Databases of one run of a suite (LUOT_TEST_PG_RUN, set by its global setup) share a prefix, so
 * the run drops at its end those a restarted server kept open (see `dropRunDatabases`).
 */
const RUN = /^[a-z0-9]{1,16}$/.test(process.env.LUOT_TEST_PG_RUN ?? '') ? `${process.env.LUOT_TEST_PG_RUN}_` : '';

/** Creates an empty database `luot_test_<random>`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `luot_test_${RUN}${randomBytes(6).toString('hex')}`;
  // The name is ours (hex), so it can be spliced in; CREATE DATABASE takes no parameters.
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  return {
    name,
    url: withDatabase(PG_ADMIN_URL, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) ends a killed child process's leftover connections too.
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Whether PostgreSQL answers: a suite that needs it fails loudly rather than skip silently. */
export async function pgAvailable(): Promise<boolean> {
  try {
    await admin((c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/** Drops every database of the run `run` still there (its own prefix only: others' tests run at the same time). */
export async function dropRunDatabases(run: string): Promise<number> {
  if (!/^[a-z0-9]{1,16}$/.test(run)) throw new Error('bad run id');
  return admin(async (c) => {
    const names = (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`luot_test_${run}_%`])).rows;
    for (const { datname } of names) if (/^luot_test_[a-z0-9_]+$/.test(datname)) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    return names.length;
  });
}
