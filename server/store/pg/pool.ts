// One pool per process for the whole deployment. A database that stalls must not hang a kiosk:
// every query and every connection attempt has a time limit, after which it counts as gone.
import pg from 'pg';

export interface PoolOptions {
  /** Longest a query may take before the database counts as unavailable (default 5 s). */
  queryTimeoutMs?: number;
  max?: number;
}

export type Pool = pg.Pool;

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 8,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    query_timeout: opts.queryTimeoutMs ?? 5_000,
    // Keep-alive finds a connection whose peer vanished (a cut link) without a query on it.
    keepAlive: true,
    application_name: 'luot',
    // An acknowledged event is on the server's disk (and its synchronous standby), whatever the
    // server's default. A process cut off mid-transaction (a dead link: its server side never
    // learns) would hold its office's lock for good: the server ends such a session after 5 s.
    options: '-c synchronous_commit=on -c idle_in_transaction_session_timeout=5000',
  });
  // An idle connection dropped by the server (restart, cut link) is an event, not a crash: the
  // next query opens a new one, and a failing query fails its own command.
  pool.on('error', () => undefined);
  // The same for a connection that dies while checked out but between queries (the server
  // ended the session, a cut link): the query that runs on it next fails, which is enough.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in a transaction on one connection; a connection that failed is not reused. */
export async function transaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  try {
    await c.query('BEGIN');
    const result = await work(c);
    await c.query('COMMIT');
    return result;
  } catch (e) {
    broken = e as Error;
    await c.query('ROLLBACK').then(() => (broken = undefined), () => undefined);
    throw e;
  } finally {
    // `release(err)` destroys the connection: after a timeout its state is unknown.
    c.release(broken);
  }
}

/** A stable 32-bit key for an advisory lock, from a name (an office id). */
export function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
