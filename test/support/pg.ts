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

/** Creates an empty database `luot_test_<random>`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `luot_test_${randomBytes(6).toString('hex')}`;
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
