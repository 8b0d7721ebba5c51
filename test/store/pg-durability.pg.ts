// Power cuts on PostgreSQL: a server process on the database is killed with SIGKILL while
// kiosks issue and a counter calls, several times over. Everything acknowledged is there after
// each restart, as acknowledged, and the table never holds a number twice.
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult, LoginResult, PublicTicket, TicketView } from '../../shared/types.js';
import { spawnServer, type Child } from '../support/child.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROUNDS = Number(process.env.LUOT_PG_KILL_ROUNDS ?? 5);
const SERVICES = ['tu-phap', 'ho-tich', 'dat-dai'];
let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'luot-pg-kill-'));
});
afterEach(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

function connect(url: string, nsp: string, auth: object = {}): Promise<Socket> {
  const s = io(`${url}${nsp}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function ask<T>(s: Socket, event: string, payload: unknown): Promise<Result<T> | null> {
  if (!s.connected) return null;
  try {
    return (await s.timeout(3000).emitWithAck(event, payload)) as Result<T>;
  } catch {
    return null;
  }
}

it(`loses nothing acknowledged and never reuses a number over ${ROUNDS} kills`, async () => {
  const acked = new Map<string, { token: string; number: string; serviceId: string; called: boolean }>();
  const byId = new Map<string, { called: boolean }>();
  for (let round = 0; round < ROUNDS; round++) {
    const child: Child = await spawnServer(dir, { LUOT_DATABASE_URL: db.url });
    const url = child.url;
    for (const a of acked.values()) {
      const r = (await (await fetch(`${url}/api/tickets/${a.token}`)).json()) as Result<TicketView>;
      expect(r.ok, `ticket ${a.number} lost after kill ${round}`).toBe(true);
      if (!r.ok) continue;
      expect(r.ticket.number).toBe(a.number);
      if (a.called) expect(r.ticket.state).not.toBe('waiting');
    }
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'mat-khau-quan-tri' }),
    });
    const login = (await res.json()) as Result<LoginResult>;
    if (!login.ok) throw new Error(login.error.message);
    const kiosks = await Promise.all([0, 1, 2].map(() => connect(url, '/kiosk')));
    const counter = await connect(url, '/counter', { token: login.token });
    let stop = false;
    const issuing = kiosks.map(async (k, i) => {
      let n = 0;
      while (!stop && k.connected) {
        const serviceId = SERVICES[(i + n++) % SERVICES.length]!;
        const r = await ask<IssueResult>(k, 'ticket:issue', { serviceId, requestId: `r${round}-${i}-${n}` });
        if (r?.ok) {
          const a = { token: r.ticket.token, number: r.ticket.number, serviceId, called: false };
          acked.set(a.token, a);
          byId.set(r.ticket.id, a);
        }
      }
    });
    const calling = (async () => {
      await ask(counter, 'counter:open', { counterId: 'q3', takeOver: true });
      while (!stop && counter.connected) {
        const r = await ask<{ ticket: PublicTicket | null }>(counter, 'ticket:callNext', { counterId: 'q3' });
        if (r?.ok && r.ticket) {
          const a = byId.get(r.ticket.id);
          if (a) a.called = true;
          await ask(counter, 'ticket:complete', { counterId: 'q3' });
        } else if (r && !r.ok && r.error.code === 'conflict') {
          await ask(counter, 'ticket:complete', { counterId: 'q3' });
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 400 + Math.random() * 600));
    await child.kill('SIGKILL');
    stop = true;
    for (const s of [...kiosks, counter]) s.close();
    await Promise.all([...issuing, calling]);
  }

  const direct = new pg.Client({ connectionString: db.url });
  await direct.connect();
  try {
    const rows = (await direct.query<{ service: string; number: string; token: string }>(
      "SELECT body->'ticket'->>'serviceId' AS service, body->'ticket'->>'number' AS number, body->'ticket'->>'token' AS token FROM ticket_events WHERE type = 'ticket:issued'",
    )).rows;
    expect(acked.size).toBeGreaterThan(ROUNDS * 3);
    const keys = rows.map((r) => `${r.service}/${r.number}`);
    expect(new Set(keys).size, 'a number issued twice').toBe(keys.length);
    const tokens = new Set(rows.map((r) => r.token));
    for (const a of acked.values()) expect(tokens.has(a.token), `ticket ${a.number} acknowledged but not in the table`).toBe(true);
  } finally {
    await direct.end();
  }
}, 180_000);
