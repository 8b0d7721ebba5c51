// Security over a whole office day, through the real stack:
// - every REST route and every /counter event against none / bad token / staff / supervisor /
//   admin (auth.test.ts has a sample of routes; this is the full table, events included);
// - kiosk and display sockets can do nothing but issue (kiosk) and read;
// - the login rate limit at its production default, shared with the password change;
// - argon2id hashes; no public payload (every push to /display and /kiosk, and the public REST
//   answers) carries a ticket token, a request id, a file code, a rating comment, a password
//   hash, the signing secret, a staff session, the kiosk key or the kiosk PIN;
// - helmet headers on pages and API; the static folders cannot be escaped;
// - oversized bodies (413 `invalid`) and socket frames (connection closed, server up).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterClientToServer } from '../../shared/events.js';
import type { IssueResult, PublicTicket, UserPublic } from '../../shared/types.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';
import { pairDisplay, rateAtCounterDisplay } from '../http/helpers.js';
import { ask, sleep } from './helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const DAY = '2026-03-02';
// A fixed Monday morning: opening hours do not move and counter ratings stay within 5 minutes.
const clock = new Date(`${DAY}T09:00:00+07:00`);
const KIOSK_KEY = 'KHOA-KIOSK-BI-MAT-2026';
const KIOSK_PIN = '73915864';
const STAFF_PASSWORD = 'mat-khau-can-bo-bi-mat';

let server: TestServer;
let admin = '';
let staffA = '';
let staffB = '';
let supervisor = '';
/** Temp folder: www/ is a copy of the build, with decoy files where an escape would land. */
let base = '';

/** Everything the public namespaces received, as JSON text, and what must never be in it. */
const publicSeen: string[] = [];
const secrets = new Set<string>();
let issuingKiosk: Socket;

function ensureBuilt(): void {
  if (existsSync(join(root, 'dist', 'index.html'))) return;
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

async function rev(s: TestServer = server): Promise<number> {
  return ((await s.api<{ rev: number }>('GET', '/api/health')).body as { rev: number }).rev;
}

async function createStaff(username: string, role: 'staff' | 'supervisor' | 'admin'): Promise<string> {
  const r = await server.api<{ user: UserPublic }>('POST', '/api/users', { username, name: `Cán bộ ${username}`, role, password: STAFF_PASSWORD }, admin);
  if (!r.body.ok) throw new Error(r.body.error.message);
  const token = await server.login(username, STAFF_PASSWORD);
  secrets.add(token);
  return token;
}

async function issue(k: Socket, serviceId: string, extra: Record<string, unknown> = {}): Promise<IssueResult> {
  const requestId = `req-${serviceId}-${Math.random().toString(36).slice(2, 12)}`;
  const r = await ask<IssueResult>(k, 'ticket:issue', { serviceId, requestId, ...extra });
  if (!r?.ok) throw new Error(`issue ${serviceId}: ${JSON.stringify(r)}`);
  secrets.add(r.ticket.token);
  secrets.add(requestId);
  return r;
}

beforeAll(async () => {
  ensureBuilt();
  base = mkdtempSync(join(tmpdir(), 'luot-sec-'));
  cpSync(join(root, 'dist'), join(base, 'www'), { recursive: true });
  // Where ../package.json and ../server/main.ts would resolve from the static folder.
  writeFileSync(join(base, 'package.json'), '{"name":"DECOY-PACKAGE-JSON"}');
  mkdirSync(join(base, 'server'));
  writeFileSync(join(base, 'server', 'main.ts'), '// DECOY-SERVER-SOURCE');
  writeFileSync(join(base, '.env'), 'DECOY_ENV=1');
  server = await startTestServer({ staticDir: join(base, 'www'), now: () => clock, tickMs: 3_600_000 });
  admin = await server.login();
  secrets.add(admin);
  secrets.add(ADMIN_PASSWORD);
  secrets.add(STAFF_PASSWORD);
  secrets.add(KIOSK_KEY);
  secrets.add(KIOSK_PIN);
  // The session secret as the store holds it (deployment.json, or its row in PostgreSQL).
  const secret = server.office.accounts.secret;
  expect(secret).toMatch(/^.{32,}$/);
  secrets.add(secret);
  expect((await server.api('PUT', '/api/settings', { kioskKey: KIOSK_KEY, kioskPin: KIOSK_PIN }, admin)).status).toBe(200);

  // The public watchers listen from the start of the day to its end.
  const watchers = await Promise.all([
    server.connect('/display'),
    server.connect('/display'),
    server.connect('/kiosk', { kioskKey: KIOSK_KEY }),
  ]);
  issuingKiosk = await server.connect('/kiosk', { kioskKey: KIOSK_KEY });
  for (const s of [...watchers, issuingKiosk]) s.onAny((event: string, ...args: unknown[]) => publicSeen.push(JSON.stringify([event, args])));

  staffA = await createStaff('canbo-a', 'staff');
  staffB = await createStaff('canbo-b', 'staff');
  supervisor = await createStaff('giamsat', 'supervisor');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (base) rmSync(base, { recursive: true, force: true });
});

// ── REST: the full role table ────────────────────────────────────────

type Need = 'staff' | 'supervisor' | 'admin';
interface Route {
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
  need: Need;
  /** The status once past the role check: the bodies and ids are chosen so nothing changes. */
  passed: number;
}

const ROUTES: Route[] = [
  { method: 'GET', path: '/api/auth/me', need: 'staff', passed: 200 },
  { method: 'POST', path: '/api/auth/password', body: {}, need: 'staff', passed: 400 },
  { method: 'GET', path: '/api/services', need: 'staff', passed: 200 },
  { method: 'GET', path: '/api/counters', need: 'staff', passed: 200 },
  { method: 'GET', path: '/api/counters/q1/today', need: 'staff', passed: 200 },
  { method: 'GET', path: `/api/reports/summary?from=${DAY}&to=${DAY}`, need: 'supervisor', passed: 200 },
  { method: 'GET', path: `/api/reports/tickets.csv?from=${DAY}&to=${DAY}`, need: 'supervisor', passed: 200 },
  { method: 'GET', path: '/api/printer', need: 'supervisor', passed: 200 },
  { method: 'POST', path: '/api/printer/test', body: {}, need: 'supervisor', passed: 200 },
  { method: 'GET', path: '/api/staff/users', need: 'supervisor', passed: 200 },
  { method: 'POST', path: '/api/services', body: {}, need: 'admin', passed: 400 },
  { method: 'PUT', path: '/api/services/tu-phap', body: { targetWaitMin: 0 }, need: 'admin', passed: 400 },
  { method: 'DELETE', path: '/api/services/khong-co', need: 'admin', passed: 404 },
  { method: 'POST', path: '/api/counters', body: {}, need: 'admin', passed: 400 },
  { method: 'PUT', path: '/api/counters/q1', body: { number: 0 }, need: 'admin', passed: 400 },
  { method: 'DELETE', path: '/api/counters/khong-co', need: 'admin', passed: 404 },
  { method: 'POST', path: '/api/counters/khong-co/display-key', need: 'admin', passed: 404 },
  { method: 'GET', path: '/api/users', need: 'admin', passed: 200 },
  { method: 'POST', path: '/api/users', body: {}, need: 'admin', passed: 400 },
  { method: 'PUT', path: '/api/users/khong-co', body: { name: '' }, need: 'admin', passed: 400 },
  { method: 'DELETE', path: '/api/users/khong-co', need: 'admin', passed: 404 },
  { method: 'GET', path: '/api/settings', need: 'admin', passed: 200 },
  { method: 'PUT', path: '/api/settings', body: { timeZone: 'Mars/Olympus' }, need: 'admin', passed: 400 },
  { method: 'GET', path: '/api/settings/clips', need: 'admin', passed: 200 },
  { method: 'POST', path: '/api/settings/clips?name=SAI', body: 'RIFF0000WAVE', contentType: 'audio/wav', need: 'admin', passed: 400 },
];

const RANK: Record<Need, number> = { staff: 1, supervisor: 2, admin: 3 };

async function call(route: Route, token: string | undefined): Promise<{ status: number; text: string }> {
  const body = route.body === undefined ? undefined : typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
  const res = await fetch(`${server.url}${route.path}`, {
    method: route.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': route.contentType ?? 'application/json' } : {}),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

describe('REST: every route × none / bad token / staff / supervisor / admin', () => {
  it('refuses below the route’s role (401 without a valid token, 403 with too small a role) and changes nothing', async () => {
    const before = await rev();
    const forged = `${admin.split('.')[0]}.${'A'.repeat(43)}`;
    const roles: [string, string | undefined, number][] = [
      ['none', undefined, 0],
      ['bad token', forged, 0],
      ['staff', staffA, 1],
      ['supervisor', supervisor, 2],
      ['admin', admin, 3],
    ];
    const table: string[] = [];
    for (const route of ROUTES) {
      const row: string[] = [];
      for (const [name, token, rank] of roles) {
        const r = await call(route, token);
        const expected = rank === 0 ? 401 : rank < RANK[route.need] ? 403 : route.passed;
        row.push(`${name}:${r.status}`);
        expect(r.status, `${route.method} ${route.path} as ${name}: ${r.text.slice(0, 200)}`).toBe(expected);
        if (expected === 401 || expected === 403) {
          expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: expected === 401 ? 'unauthorized' : 'forbidden' } });
        }
      }
      table.push(`${route.method} ${route.path.split('?')[0]} → ${row.join(' ')}`);
    }
    console.log(`[security] REST role table (${ROUTES.length} routes × ${roles.length}):\n  ${table.join('\n  ')}`);
    // The printer test page is the only thing any of these did, and it is not an event.
    expect(await rev()).toBe(before);
  });
});

// ── /counter: every event × role ─────────────────────────────────────

type CounterEvent = Exclude<keyof CounterClientToServer, 'snapshot:get'>;
const COUNTER_EVENTS: CounterEvent[] = [
  'counter:open', 'counter:close', 'counter:pause', 'counter:resume', 'ticket:callNext', 'ticket:call', 'ticket:recall',
  'ticket:start', 'ticket:complete', 'ticket:noShow', 'ticket:transfer', 'ticket:cancel', 'ticket:move',
];

describe('/counter: every event × role', () => {
  let a: Socket;
  let b: Socket;
  let sup: Socket;
  let adm: Socket;
  const waitingIds: string[] = [];

  beforeAll(async () => {
    const connected = await Promise.all([staffA, staffB, supervisor, admin].map((token) => server.connect('/counter', { token })));
    [a, b, sup, adm] = connected as [Socket, Socket, Socket, Socket];
    expect((await ask(a, 'counter:open', { counterId: 'q1' }))?.ok).toBe(true);
    // q1 (dat-dai, xay-dung) is held by A; q2, the other dat-dai counter, stays closed.
    for (let i = 0; i < 8; i++) waitingIds.push((await issue(issuingKiosk, 'dat-dai')).ticket.id);
  });

  const payload = (event: CounterEvent, ticketId: string): unknown => {
    switch (event) {
      case 'ticket:call': return { counterId: 'q1', ticketId };
      case 'ticket:transfer': return { counterId: 'q1', toServiceId: 'ho-tich' };
      case 'ticket:cancel': return { ticketId };
      case 'ticket:move': return { ticketId, toServiceId: 'ho-tich' };
      case 'counter:pause': return { counterId: 'q1', reason: 'Nghỉ giữa giờ' };
      default: return { counterId: 'q1' };
    }
  };

  it('no token, or a bad one: the connection itself is refused', async () => {
    for (const auth of [{}, { token: 'khong.hop-le' }, { token: `${admin.split('.')[0]}.${'B'.repeat(43)}` }]) {
      await expect(server.connect('/counter', auth)).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    }
  });

  it('staff at a counter another holds: every event refused, nothing changes', async () => {
    const before = await rev();
    const outcomes: string[] = [];
    for (const event of COUNTER_EVENTS) {
      const r = await ask(b, event, payload(event, waitingIds[0]!));
      expect(r, event).not.toBeNull();
      expect(r!.ok, `${event}: ${JSON.stringify(r)}`).toBe(false);
      const code = r!.ok ? 'ok' : r!.error.code;
      outcomes.push(`${event}:${code}`);
      // Opening a held counter is a conflict for staff (only supervisors take over); the rest are forbidden.
      expect(code, event).toBe(event === 'counter:open' ? 'conflict' : 'forbidden');
    }
    console.log(`[security] staff at another's counter: ${outcomes.join(' ')}`);
    expect(await rev()).toBe(before);
  });

  it('staff at their own counter: everything but cancel and move (supervisor only)', async () => {
    const before = await rev();
    for (const event of ['ticket:cancel', 'ticket:move'] as const) {
      const r = await ask(a, event, payload(event, waitingIds[0]!));
      expect(r && !r.ok && r.error.code, event).toBe('forbidden');
    }
    expect(await rev()).toBe(before);
    const run = async (socket: Socket, event: CounterEvent, p: unknown) => {
      const r = await ask<{ ticket?: PublicTicket | null }>(socket, event, p);
      expect(r?.ok, `${event} ${JSON.stringify(p)}: ${JSON.stringify(r)}`).toBe(true);
      return r as { ok: true; ticket?: PublicTicket | null };
    };
    await run(a, 'counter:pause', payload('counter:pause', ''));
    await run(a, 'counter:resume', { counterId: 'q1' });
    await run(a, 'ticket:call', payload('ticket:call', waitingIds[3]!));
    await run(a, 'ticket:recall', { counterId: 'q1' });
    await run(a, 'ticket:start', { counterId: 'q1' });
    await run(a, 'ticket:complete', { counterId: 'q1', fileCode: 'HS-A-000001' });
    secrets.add('HS-A-000001');
    expect((await run(a, 'ticket:callNext', { counterId: 'q1' })).ticket?.id).toBe(waitingIds[0]);
    await run(a, 'ticket:noShow', { counterId: 'q1' });
    await run(a, 'ticket:callNext', { counterId: 'q1' });
    await run(a, 'ticket:transfer', payload('ticket:transfer', ''));
    await run(a, 'counter:close', { counterId: 'q1' });
    await run(a, 'counter:open', { counterId: 'q1' });
  });

  it('supervisor and admin: every event, at a counter someone else holds', async () => {
    for (const [name, socket] of [['supervisor', sup], ['admin', adm]] as const) {
      const outcomes: string[] = [];
      const run = async (event: CounterEvent, p: unknown) => {
        const r = await ask<{ ticket?: PublicTicket | null }>(socket, event, p);
        expect(r?.ok, `${name} ${event} ${JSON.stringify(p)}: ${JSON.stringify(r)}`).toBe(true);
        outcomes.push(event);
        return r as { ok: true; ticket?: PublicTicket | null };
      };
      // A holds q1; a supervisor works it without taking it over, then takes it over.
      await run('counter:pause', payload('counter:pause', ''));
      await run('counter:resume', { counterId: 'q1' });
      const next = await run('ticket:callNext', { counterId: 'q1' });
      expect(next.ticket).not.toBeNull();
      await run('ticket:recall', { counterId: 'q1' });
      await run('ticket:start', { counterId: 'q1' });
      await run('ticket:complete', { counterId: 'q1' });
      const firstWaiting = async (): Promise<string> => {
        const r = await ask<{ snapshot: { waiting: Record<string, PublicTicket[]> } }>(socket, 'snapshot:get', {});
        if (!r?.ok) throw new Error('snapshot');
        return r.snapshot.waiting['dat-dai']![0]!.id;
      };
      await run('ticket:call', payload('ticket:call', await firstWaiting()));
      await run('ticket:noShow', { counterId: 'q1' });
      await run('ticket:callNext', { counterId: 'q1' });
      await run('ticket:transfer', payload('ticket:transfer', ''));
      await run('ticket:move', payload('ticket:move', await firstWaiting()));
      const third = (await issue(issuingKiosk, 'dat-dai')).ticket.id;
      await run('ticket:cancel', payload('ticket:cancel', third));
      await run('counter:close', { counterId: 'q1' });
      await run('counter:open', { counterId: 'q1' });
      expect(new Set(outcomes)).toEqual(new Set(COUNTER_EVENTS));
      // Hand q1 back to A for the next round.
      await run('counter:close', { counterId: 'q1' });
      expect((await ask(a, 'counter:open', { counterId: 'q1' }))?.ok).toBe(true);
      for (let i = 0; i < 6; i++) await issue(issuingKiosk, 'dat-dai');
    }
  });
});

// ── public namespaces cannot act ─────────────────────────────────────

describe('kiosk and display sockets', () => {
  it('get no answer and change nothing for any staff event; a display cannot issue either', async () => {
    const kiosk = await server.connect('/kiosk', { kioskKey: KIOSK_KEY });
    const display = await server.connect('/display');
    const snap = await ask<{ snapshot: { waiting?: unknown } }>(kiosk, 'snapshot:get', {});
    expect(snap?.ok).toBe(true);
    const anyTicket = (await issue(issuingKiosk, 'ho-tich')).ticket.id;
    const before = await rev();
    const attempts: [string, unknown][] = [
      ...COUNTER_EVENTS.map((e): [string, unknown] => [e, { counterId: 'q1', ticketId: anyTicket, toServiceId: 'tu-phap' }]),
      ['ticket:rate', { counterId: 'q1', score: 1 }],
      ['settings:update', { kioskKey: null }],
      ['config:changed', {}],
      ['snapshot', { rev: 0 }],
    ];
    for (const socket of [kiosk, display]) {
      const answers = await Promise.all(attempts.map(([event, p]) => ask(socket, event, p, 400)));
      expect(answers.every((a) => a === null), JSON.stringify(answers)).toBe(true);
    }
    expect(await ask(display, 'ticket:issue', { serviceId: 'ho-tich' }, 400)).toBeNull();
    await sleep(100);
    expect(await rev()).toBe(before);
    // Still connected: refusing an event is not a reason to drop a display.
    expect(kiosk.connected && display.connected).toBe(true);
    // /kiosk snapshots are the public ones: no waiting lists.
    if (snap?.ok) expect(snap.snapshot.waiting).toBeUndefined();
    kiosk.close();
    display.close();
  });
});

// ── the full day ─────────────────────────────────────────────────────

describe('a full day', () => {
  it('300 tickets through every kind of operation and config change', async () => {
    const counters = ['q2', 'q3', 'q4', 'q5', 'q6'];
    // q2 and q3 are staff's own; q4–q6 are worked by the supervisor; q1 stays with A.
    const tokens: Record<string, string> = { q2: staffB, q3: await createStaff('canbo-c', 'staff'), q4: supervisor, q5: supervisor, q6: supervisor };
    const sockets = new Map<string, Socket>();
    for (const c of counters) {
      const s = await server.connect('/counter', { token: tokens[c] });
      sockets.set(c, s);
      expect((await ask(s, 'counter:open', { counterId: c }))?.ok, c).toBe(true);
    }
    const a = await server.connect('/counter', { token: staffA });
    expect((await ask(a, 'counter:open', { counterId: 'q1' }))?.ok).toBe(true);
    sockets.set('q1', a);
    const services = ['dat-dai', 'ho-tich', 'tu-phap', 'dkkd', 'ldtbxh', 'xay-dung'];
    const priorities = [null, null, null, 'elderly', 'disabled', 'pregnant', 'child', 'merit'];
    const done: IssueResult[] = [];
    const tickets = new Map<string, IssueResult>();
    let n = 0;
    let fileCodes = 0;
    const counts: Record<string, number> = {};
    const did = (what: string) => (counts[what] = (counts[what] ?? 0) + 1);
    const must = async (socket: Socket, event: string, p: unknown) => {
      const r = await ask<{ ticket: PublicTicket | null }>(socket, event, p);
      if (!r?.ok) throw new Error(`${event} ${JSON.stringify(p)}: ${JSON.stringify(r)}`);
      did(event);
      return r;
    };

    for (let batch = 0; batch < 10; batch++) {
      const issued = await Promise.all(
        Array.from({ length: 30 }, () => {
          const serviceId = services[n % services.length]!;
          const priority = priorities[n++ % priorities.length];
          return issue(issuingKiosk, serviceId, priority ? { priority } : {});
        }),
      );
      for (const r of issued) tickets.set(r.ticket.id, r);
      // Every counter works through part of its queue at the same time, with a mix of outcomes.
      await Promise.all(
        [...sockets].map(async ([counterId, s]) => {
          for (let round = 0; round < 5; round++) {
            const r = await must(s, 'ticket:callNext', { counterId });
            if (!r.ticket) continue;
            const k = (batch * 7 + round * 3 + counterId.charCodeAt(1)) % 9;
            if (k === 0) await must(s, 'ticket:noShow', { counterId });
            else if (k === 1) await must(s, 'ticket:transfer', { counterId, toServiceId: counterId === 'q5' ? 'tu-phap' : 'dkkd' });
            else if (k === 2) await must(s, 'ticket:transfer', { counterId, toCounterId: counterId === 'q6' ? 'q5' : 'q6' });
            else if (k === 3 && counterId !== 'q1' && counterId !== 'q2' && counterId !== 'q3') await must(s, 'ticket:cancel', { ticketId: r.ticket.id });
            else {
              if (k % 2 === 0) await must(s, 'ticket:recall', { counterId });
              await must(s, 'ticket:start', { counterId });
              const fileCode = `HS-BI-MAT-${String(++fileCodes).padStart(5, '0')}`;
              secrets.add(fileCode);
              await must(s, 'ticket:complete', { counterId, fileCode });
              const t = tickets.get(r.ticket.id);
              if (t) done.push(t);
            }
          }
        }),
      );
      // Supervisor moves and cancels waiting tickets, pauses and resumes with a reason.
      const sup = sockets.get('q4')!;
      const snap = await ask<{ snapshot: { waiting: Record<string, PublicTicket[]> } }>(sup, 'snapshot:get', {});
      if (!snap?.ok) throw new Error('snapshot');
      const waiting = Object.values(snap.snapshot.waiting).flat().filter((t) => t.serviceId !== 'ldtbxh');
      if (waiting[0]) await must(sup, 'ticket:move', { ticketId: waiting[0].id, toServiceId: 'ldtbxh' });
      if (waiting[1]) await must(sup, 'ticket:cancel', { ticketId: waiting[1].id });
      await must(sup, 'counter:pause', { counterId: 'q4', reason: `Họp giao ban ${batch}` });
      await must(sup, 'counter:resume', { counterId: 'q4' });
      // Configuration changes reach displays as snapshots.
      if (batch % 3 === 0) {
        expect((await server.api('PUT', '/api/settings', { displayTicker: { vi: `Thông báo ${batch}`, en: `Notice ${batch}` } }, admin)).status).toBe(200);
        expect((await server.api('PUT', '/api/services/ho-tich', { targetWaitMin: 10 + batch }, admin)).status).toBe(200);
        expect((await server.api('PUT', '/api/counters/q6', { label: { vi: `Quầy 6 (${batch})`, en: `Counter 6 (${batch})` } }, admin)).status).toBe(200);
        did('config');
      }
      if (batch === 5) {
        // Not public: a user is created and a staff member changes their password.
        const r = await server.api('POST', '/api/users', { username: 'canbo-moi', name: 'Cán bộ mới', role: 'staff', password: 'mat-khau-moi-bi-mat' }, admin);
        expect(r.status).toBe(201);
        secrets.add('mat-khau-moi-bi-mat');
        const changed = await server.api<{ token: string }>('POST', '/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'mat-khau-doi-bi-mat' }, tokens.q3!);
        expect(changed.status).toBe(200);
        if (!changed.body.ok) throw new Error('password change');
        secrets.add(changed.body.token);
        secrets.add('mat-khau-doi-bi-mat');
        // The change ends the old session, open sockets included (told why, then disconnected
        // within a second): q3 carries on with the new one.
        const old = sockets.get('q3')!;
        for (let i = 0; i < 100 && old.connected; i++) await sleep(10);
        expect(old.connected).toBe(false);
        expect(await ask(old, 'ticket:callNext', { counterId: 'q3' })).toBeNull();
        old.close();
        sockets.set('q3', await server.connect('/counter', { token: changed.body.token }));
      }
    }
    // Citizens rate from their ticket page (a comment each), and at a counter display.
    let rated = 0;
    for (const t of done.slice(0, 20)) {
      const comment = `GOP-Y-BI-MAT-${rated}`;
      secrets.add(comment);
      const r = await server.api('POST', `/api/tickets/${t.ticket.token}/rating`, { score: 1 + (rated % 3), comment });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      rated++;
    }
    for (const c of ['q2', 'q3', 'q5']) {
      // Only the paired counter display rates: without its key, 403; with it, rated or nothing to rate.
      expect((await server.api('POST', `/api/counters/${c}/rating`, { score: 3 })).status).toBe(403);
      const displayKey = await pairDisplay(server, c, admin);
      secrets.add(displayKey);
      const r = await rateAtCounterDisplay(server, c, displayKey, 3);
      expect([200, 409]).toContain(r.status);
    }
    // The public REST answers are public payloads too.
    const state = await (await fetch(`${server.url}/api/state`)).text();
    publicSeen.push(state);
    for (const t of [...tickets.values()].slice(0, 50)) publicSeen.push(await (await fetch(`${server.url}/api/tickets/${t.ticket.token}`)).text());
    publicSeen.push(await (await fetch(`${server.url}/api/health`)).text());
    for (const s of [...sockets.values()]) s.close();
    await sleep(200);

    console.log(`[security] full day: ${tickets.size} tickets, ${done.length} done with file codes, ${rated} rated, operations ${JSON.stringify(counts)}; public payloads checked: ${publicSeen.length} (${Math.round(publicSeen.reduce((a, p) => a + p.length, 0) / 1024)} KB), secrets looked for: ${secrets.size}`);
    expect(tickets.size).toBe(300);
    expect(counts['ticket:noShow']).toBeGreaterThan(0);
    expect(counts['ticket:transfer']).toBeGreaterThan(0);
    expect(counts['ticket:cancel']).toBeGreaterThan(0);
    expect(counts['ticket:move']).toBeGreaterThan(0);
    expect(publicSeen.length).toBeGreaterThan(1000);

    const all = publicSeen.join('\n');
    const leaked = [...secrets].filter((s) => all.includes(s));
    expect(leaked).toEqual([]);
    for (const key of ['"token"', '"requestId"', '"fileCode"', '"hash"', '"secret"', '"kioskKey"', '"kioskPin"', '"comment"', '"ratingComment"', '"password"', '$argon2']) {
      expect(all, key).not.toContain(key);
    }
  }, 180_000);

  it('every stored password hash is argon2id (users made, and changed, during the day)', async () => {
    // As the store holds them (deployment.json, or its row in PostgreSQL), not as the server last read them.
    const config = (await server.storedAccounts()) as { users: { username: string; hash: string }[] };
    expect(config.users.length).toBeGreaterThanOrEqual(6);
    for (const u of config.users) {
      expect(u.hash, u.username).toMatch(/^\$argon2id\$v=19\$[mtp]=\d+,[mtp]=\d+,[mtp]=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    }
  });
});

// ── login rate limit ─────────────────────────────────────────────────

describe('login rate limit at its default (10 failures per 15 minutes)', () => {
  it('holds across usernames, also for the right password after it, and for password changes', async () => {
    const limited = await startTestServer({ loginLimit: undefined });
    try {
      const login = (username: string, password: string) => limited.api('POST', '/api/auth/login', { username, password });
      // Successes do not count.
      expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
      const good = await limited.login();
      for (let i = 0; i < 10; i++) expect((await login(i % 2 ? 'admin' : `khong-ai-${i}`, `sai-${i}`)).status).toBe(401);
      for (const [u, p] of [['admin', 'sai-nua'], ['admin', ADMIN_PASSWORD], ['nguoi-khac', 'x']] as const) {
        const r = await login(u, p);
        expect(r.status, `${u}`).toBe(429);
        expect(r.body).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
      }
      // The password change shares the limit: a stolen session cannot guess the password either.
      const change = await limited.api('POST', '/api/auth/password', { currentPassword: 'doan-mo', newPassword: 'mat-khau-moi-dai' }, good);
      expect(change.status).toBe(429);
      // A session made before is still good for everything else.
      expect((await limited.api('GET', '/api/auth/me', undefined, good)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

// ── headers, static files ────────────────────────────────────────────

function raw(path: string, port = server.port): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  // node:http sends the path byte for byte; fetch() would normalise the dot segments away.
  return new Promise((resolvePromise, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolvePromise({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP headers and static files', () => {
  it('pages, assets and the API carry the helmet headers', async () => {
    const index = await raw('/kiosk/');
    expect(index.status).toBe(200);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(asset).toBeTruthy();
    for (const path of ['/', '/kiosk/', '/display/', '/counter/', '/t/abcdefghijkl', asset!, '/api/health', '/api/state', '/khong-co']) {
      const r = await raw(path);
      expect(r.status, path).toBe(path === '/khong-co' ? 404 : 200);
      const h = r.headers;
      expect(h['content-security-policy'], path).toContain("default-src 'self'");
      expect(h['content-security-policy']).toContain("object-src 'none'");
      expect(h['content-security-policy']).toContain("script-src 'self'");
      expect(h['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['x-frame-options']).toBe('SAMEORIGIN');
      expect(h['referrer-policy']).toBe('no-referrer');
      expect(h['cross-origin-opener-policy']).toBe('same-origin');
      expect(h['x-powered-by']).toBeUndefined();
      // Plain HTTP on the office LAN: never pin HTTPS.
      expect(h['strict-transport-security']).toBeUndefined();
    }
  });

  const ESCAPES = [
    '/../package.json', '/../../package.json', '/..%2fpackage.json', '/..%2f..%2fpackage.json', '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json', '/.%2e/package.json', '/%2e./package.json', '/%252e%252e/package.json', '/..%252fpackage.json',
    '/..\\package.json', '/..%5cpackage.json', '/kiosk/..%5c..%5cpackage.json', '/%c0%ae%c0%ae/package.json', '/%c0%ae%c0%ae%c0%afpackage.json',
    '/..%00/package.json', '/package.json%00.html', '/kiosk/../../server/main.ts', '/kiosk/..%2f..%2fserver%2fmain.ts',
    '/kiosk/%2e%2e/%2e%2e/server/main.ts', '/display/..%2f..%2f..%2f..%2fetc%2fpasswd', '/assets/../../package.json',
    '/assets/..%2f..%2fpackage.json', '/clips/../../package.json', '/clips/..%2f..%2f..%2fpackage.json', '/clips/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/t/..%2f..%2fpackage.json', '/t/../../package.json', '/.env', '/%2eenv', '/..%2f.env', '/.git/config', '/node_modules/express/package.json',
    '/../../../../../../etc/passwd', '//etc/passwd', '/%2fetc%2fpasswd', '/server/main.ts', '/package.json',
  ];
  const LEAKS = [/DECOY/, /"name":\s*"luot"/, /startServer|import .* from/, /root:x:0:0/, /\[core\]/, /"name":\s*"express"/];

  it('no path escapes the build folder (decoys next to it, and the real dist next to the repo)', async () => {
    const real = await startTestServer({ staticDir: join(root, 'dist') });
    try {
      const results: string[] = [];
      // /t/<anything> is the citizen's page whatever the token: that page, and only it, is fine.
      const ticketPage = readFileSync(join(base, 'www', 'display', 'ticket.html'), 'latin1');
      for (const port of [server.port, real.port]) {
        for (const path of ESCAPES) {
          const r = await raw(path, port);
          results.push(`${r.status} ${path}`);
          if (path.startsWith('/t/') && r.status === 200) expect(r.body, path).toBe(ticketPage);
          else expect([400, 404], `${path} → ${r.status}: ${r.body.slice(0, 120)}`).toContain(r.status);
          for (const leak of LEAKS) expect(r.body, path).not.toMatch(leak);
        }
      }
      expect(results).toHaveLength(ESCAPES.length * 2);
    } finally {
      await real.stop();
    }
  });
});

// ── oversized payloads ───────────────────────────────────────────────

describe('oversized payloads', () => {
  it('a JSON body over 16 kB is refused with 413 `invalid` on every JSON route, before auth, changing nothing', async () => {
    const before = await rev();
    const big = { x: 'y'.repeat(17 * 1024) };
    const routes: [string, string, string?][] = [
      ['POST', '/api/tickets'], ['POST', '/api/tickets/abc/rating'], ['POST', '/api/counters/q1/rating'], ['POST', '/api/auth/login'],
      ['POST', '/api/auth/password', admin], ['POST', '/api/kiosk/unlock'], ['POST', '/api/services', admin], ['PUT', '/api/services/tu-phap', admin],
      ['POST', '/api/counters', admin], ['PUT', '/api/counters/q1', admin], ['POST', '/api/users', admin], ['PUT', '/api/users/x', admin],
      ['PUT', '/api/settings', admin], ['PUT', '/api/settings'], ['POST', '/api/printer/test'],
    ];
    for (const [method, path, token] of routes) {
      const r = await server.api(method, path, big, token);
      expect(r.status, `${method} ${path}`).toBe(413);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'invalid', field: '(payload)' } });
    }
    expect(await rev()).toBe(before);
    expect((await server.api('GET', '/api/health')).status).toBe(200);
  });

  it('a socket frame over 16 kB closes that connection on every namespace; the server stays up', async () => {
    const before = await rev();
    const big = 'z'.repeat(20 * 1024);
    const cases: [('/display' | '/kiosk' | '/counter'), Record<string, unknown>, string, unknown][] = [
      ['/display', {}, 'snapshot:get', { pad: big }],
      ['/kiosk', { kioskKey: KIOSK_KEY }, 'ticket:issue', { serviceId: 'ho-tich', requestId: big }],
      ['/counter', { token: admin }, 'ticket:complete', { counterId: 'q4', fileCode: big }],
      ['/counter', { token: admin }, 'no-such-event', big],
    ];
    for (const [nsp, auth, event, p] of cases) {
      const s = await server.connect(nsp, auth);
      const closed = new Promise<string>((r) => s.once('disconnect', r));
      expect(await ask(s, event, p, 2000)).toBeNull();
      expect(await closed, `${nsp} ${event}`).toBe('transport close');
    }
    expect(await rev()).toBe(before);
    const health = await server.api('GET', '/api/health');
    expect(health.status).toBe(200);
    const fresh = await server.connect('/display');
    expect((await ask(fresh, 'snapshot:get', {}))?.ok).toBe(true);
    fresh.close();
  });
});
