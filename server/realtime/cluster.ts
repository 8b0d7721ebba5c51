// The socket.io adapter that joins several server processes over the deployment's PostgreSQL
// (issue 11): what a handler addresses to a room (a session ended, a user removed, the sockets
// of a login disconnected) reaches the sockets every process holds.
//
// Ticket events do NOT go through it. Each process learns every committed event from the
// event table, in revision order, exactly once (the store's catch-up), and pushes it to its own
// sockets with a local broadcast (realtime/broadcast.ts). Sending them through the adapter as
// well would deliver each call once per process, and NOTIFY order between two processes'
// broadcasts is not the table's order; the table's rev is.
import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { ServerOptions } from 'socket.io';

export type AdapterFactory = NonNullable<Partial<ServerOptions>['adapter']>;

export interface ClusterLink {
  adapter: AdapterFactory;
  close(): Promise<void>;
}

interface Log {
  warn(obj: object, msg: string): void;
}

/** The adapter's own table (payloads over NOTIFY's 8000-byte limit); its README gives this shape. */
const ATTACHMENTS = 'socket_io_attachments';

/** No query running or queued on `client` (node-postgres 8's fields; unknown ones count as idle). */
function idle(client: pg.PoolClient): boolean {
  const c = client as unknown as { activeQuery?: unknown; queryQueue?: unknown[] };
  return !c.activeQuery && !c.queryQueue?.length;
}

export async function postgresLink(url: string, log: Log): Promise<ClusterLink> {
  // Its own pool, so that neither waits behind the store's appends: one client LISTENs for good
  // and ONE publishes. With two publishing connections, `session:ended` and the disconnect that
  // follows it could be NOTIFYed on different connections and arrive swapped (seen: the staff
  // app then reconnects instead of saying why); one connection queues them in order.
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000, application_name: 'luot-realtime' });
  // The adapter keeps its LISTEN client checked out, and pg-pool removes its error listener
  // from checked-out clients: a connection reset (database restart, failover, a cut line) would
  // then be an unhandled 'error' that ends the process. The adapter notices the 'end' and
  // listens again on a new connection by itself.
  pool.on('connect', (client) => client.on('error', (err) => log.warn({ err }, 'realtime adapter: database connection lost')));
  pool.on('error', (err) => log.warn({ err }, 'realtime adapter: idle database connection lost'));
  await pool.query(`CREATE TABLE IF NOT EXISTS ${ATTACHMENTS} (id bigserial UNIQUE, created_at timestamptz DEFAULT now(), payload bytea)`);
  let warned = 0;
  // What the adapter keeps: the clients it took with connect() (its LISTEN client); pool.query()
  // releases its own.
  const kept = new Set<pg.PoolClient>();
  const connecting = new Set<Promise<unknown>>();
  const listenPool = {
    query: pool.query.bind(pool),
    connect: () => {
      const p = pool.connect().then((client) => {
        kept.add(client);
        const release = client.release.bind(client);
        client.release = (err?: Error | boolean) => {
          kept.delete(client);
          release(err);
        };
        return client;
      });
      connecting.add(p);
      void p.finally(() => connecting.delete(p)).catch(() => undefined);
      return p;
    },
  };
  const adapter = createAdapter(listenPool as unknown as pg.Pool, {
    tableName: ATTACHMENTS,
    // A cut database makes every publish fail: one line every 10 s, not one per message.
    errorHandler: (err) => {
      if (Date.now() - warned < 10_000) return;
      warned = Date.now();
      log.warn({ err }, 'realtime adapter: publish failed');
    },
  }) as unknown as AdapterFactory;
  return {
    adapter,
    close: async () => {
      // The adapter acquires its LISTEN client asynchronously and releases it only when its last
      // namespace closes: a client it got after that (a server stopped right after it started)
      // is never released, and pool.end() would wait for it for ever. Wait for a connect under
      // way and its LISTENs, then destroy what is still out, without the adapter's 'end'
      // listener (it would reconnect).
      await Promise.allSettled([...connecting]);
      for (let i = 0; i < 100 && [...kept].some((c) => !idle(c)); i++) await new Promise((r) => setTimeout(r, 20));
      for (const client of kept) {
        client.removeAllListeners('end');
        client.release(true);
      }
      kept.clear();
      await pool.end().catch(() => undefined);
    },
  };
}
