// Real servers on loopback port 0 with a fresh data folder, and real socket.io clients.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import type { Result } from '../../shared/errors.js';
import type { LoginResult, PrinterStatus, PrintStatus } from '../../shared/types.js';
import type { TicketPrinter, TicketPrintJob } from '../../server/print/types.js';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server.js';
import { createTestDatabase, type TestDatabase } from './pg.js';

export const ADMIN_PASSWORD = 'mat-khau-quan-tri';

export interface TestServer extends RunningServer {
  dataDir: string;
  clients: Socket[];
  /** A socket.io client of `namespace`, connected (or refused) before it is returned. */
  connect(namespace: '/display' | '/kiosk' | '/counter' | `/o/${string}/${'display' | 'kiosk' | 'counter'}` | '/province', auth?: Record<string, unknown>): Promise<Socket>;
  login(username?: string, password?: string): Promise<string>;
  /** A staff user with `role`, logged in: returns the token. */
  staff(username: string, role?: 'staff' | 'supervisor' | 'office_admin' | 'admin', officeSlug?: string): Promise<string>;
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Result<T> }>;
  /** The deployment's accounts as the store holds them: deployment.json, or its row in PostgreSQL. */
  storedAccounts(): Promise<unknown>;
  /** The office's configuration as the store holds it, as text: config.json, or its row in PostgreSQL. */
  storedConfigText(): Promise<string>;
  stop(): Promise<void>;
}

/** A printer that only records what it was asked to print. */
export class RecordingPrinter implements TicketPrinter {
  jobs: TicketPrintJob[] = [];
  async print(job: TicketPrintJob): Promise<{ status: PrintStatus }> {
    if (!this.jobs.some((j) => j.id === job.id)) this.jobs.push(job);
    return { status: 'printed' };
  }
  async test(): Promise<{ status: PrintStatus }> {
    return { status: 'printed' };
  }
  status(): PrinterStatus {
    return { status: 'ok' };
  }
  onStatus(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
}

/**
 * LUOT_TEST_STORE=pg (test/store/vitest.pg.config.ts): each data folder's store is a fresh
 * PostgreSQL database instead of its files; a server started again on the same folder (a
 * restart) reopens the same database.
 */
const databases = new Map<string, TestDatabase>();
async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (process.env.LUOT_TEST_STORE !== 'pg') return undefined;
  let db = databases.get(dataDir);
  if (!db) databases.set(dataDir, (db = await createTestDatabase()));
  return db.url;
}

export async function startTestServer(opts: Partial<ServerOptions> & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'luot-test-')));
  const databaseUrl = opts.databaseUrl ?? (await testDatabaseUrl(dataDir));
  const server = await startServer({
    databaseUrl,
    demo: true,
    adminPassword: ADMIN_PASSWORD,
    host: '127.0.0.1',
    port: 0,
    printer: new RecordingPrinter(),
    log: pino({ level: 'silent' }),
    loginLimit: 1000,
    // Every test client is 127.0.0.1, so one address budget serves a whole file of kiosks.
    kioskRate: { capacity: 100_000, perSec: 100_000 },
    publicRate: { capacity: 100_000, perSec: 100_000 },
    ...opts,
    dataDir,
  });
  const clients: Socket[] = [];
  const t: TestServer = {
    ...server,
    dataDir,
    clients,
    connect(namespace, auth = {}) {
      const socket = io(`${server.url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      clients.push(socket);
      firstSnapshots.set(socket, new Promise((resolve) => socket.once('snapshot', resolve)));
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (e) => reject(e));
      });
    },
    async api<T>(method: string, path: string, body?: unknown, token?: string) {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Result<T> };
    },
    async login(username = 'admin', password = ADMIN_PASSWORD) {
      const r = await t.api<LoginResult>('POST', '/api/auth/login', { username, password });
      if (!r.body.ok) throw new Error(`login failed: ${r.body.error.message}`);
      return r.body.token;
    },
    async staff(username, role = 'staff', officeSlug) {
      const admin = await t.login();
      const r = await t.api('POST', officeSlug ? `/api/o/${officeSlug}/users` : '/api/users', { username, name: `Cán bộ ${username}`, role, password: 'mat-khau-can-bo' }, admin);
      if (!r.body.ok) throw new Error(`user create failed: ${r.body.error.message}`);
      return t.login(username, 'mat-khau-can-bo');
    },
    async storedAccounts() {
      if (!databaseUrl) return JSON.parse(await readFile(join(dataDir, 'deployment.json'), 'utf8')) as unknown;
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query<{ data: unknown }>('SELECT data FROM deployment WHERE id = 1')).rows[0]?.data;
      } finally {
        await client.end();
      }
    },
    async storedConfigText() {
      if (!databaseUrl) return readFile(join(dataDir, 'config.json'), 'utf8');
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query<{ data: string }>('SELECT data::text AS data FROM office_config')).rows.map((r) => r.data).join('\n');
      } finally {
        await client.end();
      }
    },
    async stop() {
      for (const c of clients) c.close();
      await server.close();
      if (!opts.dataDir) {
        await rm(dataDir, { recursive: true, force: true });
        await databases.get(dataDir)?.drop();
        databases.delete(dataDir);
      }
    },
  };
  return t;
}

const firstSnapshots = new WeakMap<Socket, Promise<unknown>>();

/** The snapshot the server sent when `socket` connected. */
export function firstSnapshot<T>(socket: Socket): Promise<T> {
  return firstSnapshots.get(socket) as Promise<T>;
}

/** Emits with an ack and a timeout, like a well-behaved client. */
export function request<T = Record<string, unknown>>(socket: Socket, event: string, payload?: unknown): Promise<Result<T>> {
  return socket.timeout(15_000).emitWithAck(event, payload) as Promise<Result<T>>;
}

/** Resolves with the next `event` on `socket` that satisfies `pred`. */
export function nextEvent<T>(socket: Socket, event: string, pred: (x: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (x: T) => {
      if (!pred(x)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(x);
    };
    socket.on(event, handler);
  });
}
