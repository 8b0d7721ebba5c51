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
  const adapter = createAdapter(pool, {
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
      await pool.end().catch(() => undefined);
    },
  };
}
