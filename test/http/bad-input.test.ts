// Every request event and every mutating REST route refuses bad input with the `invalid`
// envelope naming the field, and leaves the office exactly as it was. Also: who may connect
// where, and which namespace may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { IssueResult, Snapshot, TicketView } from '../../shared/types.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';
import { act, emitNoAckExpected, expectError, issueOn, refusal, sleep, snapshotOf, vnTime } from './helpers.js';

// A fixed Monday morning: opening hours (xay-dung) and estimates do not move while we compare.
let clock = vnTime('2026-03-02', '09:00');

let server: TestServer;
let admin: string;
let adminId: string;
let kiosk: Socket;
let display: Socket;
let counter: Socket;
/** T1 done at q4 (ratable), T2 called at q4, T3 waiting; q3 open and idle. */
let t1: IssueResult;
let t2: IssueResult;
let t3: IssueResult;

const big = (n: number) => 'x'.repeat(n);
const ids: Record<string, () => string> = {
  '{T1}': () => t1.ticket.token,
  '{T3}': () => t3.ticket.id,
  '{ADMIN}': () => adminId,
};
/** Payloads are written before the tickets exist: placeholders are filled in at run time. */
function fill<T>(x: T): T {
  if (typeof x === 'string') return x.replace(/\{(T1|T3|ADMIN)\}/g, (m) => ids[m]!()) as T;
  if (Array.isArray(x)) return x.map(fill) as T;
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, fill(v)])) as T;
  return x;
}

/**
 * The fingerprint after the previous case: nothing legitimate changes the state between
 * cases, so it is the next case's "before" (half the requests).
 */
let last: Awaited<ReturnType<typeof fingerprint>> | null = null;
async function unchanged<T>(run: () => Promise<T>): Promise<T> {
  const before = last ?? (await fingerprint());
  const result = await run();
  const after = await fingerprint();
  last = after;
  expect(after).toEqual(before);
  return result;
}

/** Everything a bad request could have touched, as the API shows it (the snapshot has the full services and counters). */
async function fingerprint() {
  const [state, users, settings, v1, v3] = await Promise.all([
    server.api('GET', '/api/state'),
    server.api('GET', '/api/users', undefined, admin),
    server.api('GET', '/api/settings', undefined, admin),
    server.api<TicketView>('GET', `/api/tickets/${t1.ticket.token}`),
    server.api<TicketView>('GET', `/api/tickets/${t3.ticket.token}`),
  ]);
  for (const r of [state, users, settings, v1, v3]) expect(r.status).toBe(200);
  return { state: state.body, users: users.body, settings: settings.body, v1: v1.body, v3: v3.body };
}

beforeAll(async () => {
  // No background tick: the clock only moves when a test moves it.
  server = await startTestServer({ now: () => clock, tickMs: 3_600_000 });
  admin = await server.login();
  const me = await server.api<{ user: { id: string } }>('GET', '/api/auth/me', undefined, admin);
  if (!me.body.ok) throw new Error('me');
  adminId = me.body.user.id;
  kiosk = await server.connect('/kiosk');
  display = await server.connect('/display');
  counter = await server.connect('/counter', { token: admin });
  t1 = await issueOn(kiosk, 'tu-phap');
  t2 = await issueOn(kiosk, 'tu-phap');
  t3 = await issueOn(kiosk, 'tu-phap');
  await issueOn(kiosk, 'ho-tich');
  await act(counter, 'counter:open', { counterId: 'q3' });
  await act(counter, 'counter:open', { counterId: 'q4' });
  await act(counter, 'ticket:call', { counterId: 'q4', ticketId: t1.ticket.id });
  await act(counter, 'ticket:complete', { counterId: 'q4' });
  await act(counter, 'ticket:call', { counterId: 'q4', ticketId: t2.ticket.id });
});
afterAll(() => server.stop());

// ── socket request events ─────────────────────────────────────────────

type Ns = 'kiosk' | 'display' | 'counter';
interface SocketCase {
  ns: Ns;
  event: string;
  payload: unknown;
  field: string;
}

const counterIdBad = (event: string): SocketCase[] => [
  { ns: 'counter', event, payload: { counterId: 42 }, field: 'counterId' },
  { ns: 'counter', event, payload: {}, field: 'counterId' },
  { ns: 'counter', event, payload: null, field: 'counterId' },
  { ns: 'counter', event, payload: 'q3', field: '(payload)' },
  { ns: 'counter', event, payload: ['q3'], field: '(payload)' },
  { ns: 'counter', event, payload: 7, field: '(payload)' },
  { ns: 'counter', event, payload: { counterId: big(10_000) }, field: 'counterId' },
  { ns: 'counter', event, payload: { counterId: 'Quầy 3' }, field: 'counterId' },
];

const socketCases: SocketCase[] = [
  // /kiosk
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: 42 }, field: 'serviceId' },
  { ns: 'kiosk', event: 'ticket:issue', payload: {}, field: 'serviceId' },
  { ns: 'kiosk', event: 'ticket:issue', payload: null, field: 'serviceId' },
  { ns: 'kiosk', event: 'ticket:issue', payload: 'tu-phap', field: '(payload)' },
  { ns: 'kiosk', event: 'ticket:issue', payload: ['tu-phap'], field: '(payload)' },
  { ns: 'kiosk', event: 'ticket:issue', payload: 42, field: '(payload)' },
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: 'tu-phap', priority: 'vip' }, field: 'priority' },
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: 'tu-phap', priority: 1 }, field: 'priority' },
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: 'tu-phap', requestId: 12345678 }, field: 'requestId' },
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: 'tu-phap', requestId: 'ngan' }, field: 'requestId' },
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: 'tu-phap', requestId: big(65) }, field: 'requestId' },
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: big(10_000) }, field: 'serviceId' },
  { ns: 'kiosk', event: 'ticket:issue', payload: { serviceId: 'tư pháp' }, field: 'serviceId' },
  { ns: 'kiosk', event: 'snapshot:get', payload: 'all', field: '(payload)' },
  { ns: 'kiosk', event: 'snapshot:get', payload: [1], field: '(payload)' },
  { ns: 'display', event: 'snapshot:get', payload: 42, field: '(payload)' },
  { ns: 'display', event: 'snapshot:get', payload: [], field: '(payload)' },
  { ns: 'counter', event: 'snapshot:get', payload: true, field: '(payload)' },
  // /counter: the counterId-only events
  ...['counter:open', 'counter:close', 'counter:pause', 'counter:resume', 'ticket:callNext', 'ticket:recall', 'ticket:start', 'ticket:complete', 'ticket:noShow'].flatMap(counterIdBad),
  // q3 is open and idle: a valid pause would pause it
  { ns: 'counter', event: 'counter:pause', payload: { counterId: 'q3', reason: big(201) }, field: 'reason' },
  { ns: 'counter', event: 'counter:pause', payload: { counterId: 'q3', reason: 5 }, field: 'reason' },
  // q4 has T2 called: a valid complete would finish it
  { ns: 'counter', event: 'ticket:complete', payload: { counterId: 'q4', fileCode: big(65) }, field: 'fileCode' },
  { ns: 'counter', event: 'ticket:complete', payload: { counterId: 'q4', fileCode: 42 }, field: 'fileCode' },
  { ns: 'counter', event: 'ticket:call', payload: { counterId: 'q3' }, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:call', payload: { counterId: 'q3', ticketId: 42 }, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:call', payload: { ticketId: '{T3}' }, field: 'counterId' },
  { ns: 'counter', event: 'ticket:call', payload: null, field: 'counterId' },
  { ns: 'counter', event: 'ticket:call', payload: '{T3}', field: '(payload)' },
  { ns: 'counter', event: 'ticket:call', payload: { counterId: 'q3', ticketId: big(10_000) }, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:transfer', payload: { counterId: 'q4' }, field: 'toServiceId' },
  { ns: 'counter', event: 'ticket:transfer', payload: { counterId: 'q4', toServiceId: 42 }, field: 'toServiceId' },
  { ns: 'counter', event: 'ticket:transfer', payload: { counterId: 'q4', toCounterId: ['q3'] }, field: 'toCounterId' },
  { ns: 'counter', event: 'ticket:transfer', payload: { toServiceId: 'ho-tich' }, field: 'counterId' },
  { ns: 'counter', event: 'ticket:transfer', payload: null, field: 'counterId' },
  { ns: 'counter', event: 'ticket:transfer', payload: [], field: '(payload)' },
  { ns: 'counter', event: 'ticket:cancel', payload: { ticketId: 42 }, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:cancel', payload: {}, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:cancel', payload: null, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:cancel', payload: '{T3}', field: '(payload)' },
  { ns: 'counter', event: 'ticket:cancel', payload: { ticketId: big(10_000) }, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:move', payload: { ticketId: '{T3}' }, field: 'toServiceId' },
  { ns: 'counter', event: 'ticket:move', payload: { ticketId: '{T3}', toCounterId: 42 }, field: 'toCounterId' },
  { ns: 'counter', event: 'ticket:move', payload: { ticketId: '{T3}', toServiceId: big(100) }, field: 'toServiceId' },
  { ns: 'counter', event: 'ticket:move', payload: { toServiceId: 'ho-tich' }, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:move', payload: null, field: 'ticketId' },
  { ns: 'counter', event: 'ticket:move', payload: ['{T3}'], field: '(payload)' },
];

const short = (x: unknown) => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 48 ? `${s.slice(0, 45)}…` : s;
};

describe('socket request events refuse bad payloads and change nothing', () => {
  const socketOf = (ns: Ns) => ({ kiosk, display, counter })[ns];

  it.each(socketCases.map((c) => ({ ...c, name: `/${c.ns} ${c.event} ${short(c.payload)} → ${c.field}` })))('$name', async (c) => {
    const r = await unchanged(() => request(socketOf(c.ns), c.event, fill(c.payload)));
    expectError(r, 'invalid', c.field);
  });

  it('covers every request event of the contract', () => {
    const covered = new Set(socketCases.map((c) => `/${c.ns} ${c.event}`));
    for (const e of ['/kiosk ticket:issue', '/kiosk snapshot:get', '/display snapshot:get', '/counter snapshot:get']) expect(covered).toContain(e);
    for (const e of ['counter:open', 'counter:close', 'counter:pause', 'counter:resume', 'ticket:callNext', 'ticket:call', 'ticket:recall', 'ticket:start', 'ticket:complete', 'ticket:noShow', 'ticket:transfer', 'ticket:cancel', 'ticket:move']) {
      expect(covered).toContain(`/counter ${e}`);
    }
  });

  it('a request sent with only an ack (no payload) is still answered', async () => {
    const only = (socket: Socket, event: string) =>
      new Promise<unknown>((resolve) => {
        const timer = setTimeout(() => resolve('no answer'), 1000);
        socket.emit(event, (r: unknown) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    const snap = (await only(display, 'snapshot:get')) as { ok: boolean; snapshot?: Snapshot };
    expect(snap).toMatchObject({ ok: true });
    expect(snap.snapshot?.rev).toBe((await snapshotOf(server)).rev);
    const before = await fingerprint();
    expectError((await only(kiosk, 'ticket:issue')) as { ok: boolean }, 'invalid', 'serviceId');
    expect(await fingerprint()).toEqual(before);
  });

  it('a request without an ack is still validated and changes nothing', async () => {
    const before = await fingerprint();
    kiosk.emit('ticket:issue', { serviceId: 'tu-phap', priority: 'vip' });
    counter.emit('ticket:complete', { counterId: 'q4', fileCode: 42 });
    await sleep(200);
    expect(await fingerprint()).toEqual(before);
  });

  it('a frame over the 16 kB socket limit closes that connection and changes nothing', async () => {
    const before = await fingerprint();
    const greedy = await server.connect('/kiosk');
    const closed = new Promise<string>((resolve) => greedy.once('disconnect', (reason) => resolve(reason)));
    const r = await emitNoAckExpected(greedy, 'ticket:issue', { serviceId: 'tu-phap', requestId: big(100_000) }, 2000);
    expect(r).toBe('no-ack');
    expect(await closed).toBe('transport close');
    expect(await fingerprint()).toEqual(before);
    // Everyone else carries on.
    expect((await request(kiosk, 'snapshot:get')).ok).toBe(true);
  });
});

// ── REST ──────────────────────────────────────────────────────────────

interface RestCase {
  method: 'POST' | 'PUT' | 'GET' | 'DELETE';
  path: string;
  /** An object is sent as JSON; a string is sent raw as the JSON body. */
  body?: unknown;
  auth?: boolean;
  status: number;
  code?: 'invalid' | 'not_found';
  field?: string;
}

const service = {
  id: 'thue', name: { vi: 'Thuế', en: 'Tax' }, prefix: 'E', start: 1, digits: 3,
  targetWaitMin: 15, dailyLimit: null, active: true, hours: null,
};
const counterBody = { id: 'q9', number: 9, label: { vi: 'Quầy 9', en: 'Counter 9' }, serviceIds: ['tu-phap'] };
const userBody = { username: 'canbo9', name: 'Cán bộ 9', role: 'staff', password: 'mat-khau-dai-du' };
const omit = <T extends object>(o: T, k: keyof T) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== k));

const restCases: RestCase[] = [
  // issuing
  { method: 'POST', path: '/api/tickets', body: { serviceId: 42 }, status: 400, field: 'serviceId' },
  { method: 'POST', path: '/api/tickets', body: {}, status: 400, field: 'serviceId' },
  { method: 'POST', path: '/api/tickets', body: { serviceId: 'tu-phap', priority: 'vip' }, status: 400, field: 'priority' },
  { method: 'POST', path: '/api/tickets', body: { serviceId: 'tu-phap', requestId: 12345678 }, status: 400, field: 'requestId' },
  { method: 'POST', path: '/api/tickets', body: { serviceId: big(10_000) }, status: 400, field: 'serviceId' },
  { method: 'POST', path: '/api/tickets', body: { serviceId: big(100_000) }, status: 413, field: '(payload)' },
  { method: 'POST', path: '/api/tickets', body: 'null', status: 400, field: '(payload)' },
  { method: 'POST', path: '/api/tickets', body: '"tu-phap"', status: 400, field: '(payload)' },
  { method: 'POST', path: '/api/tickets', body: '["tu-phap"]', status: 400, field: '(payload)' },
  { method: 'POST', path: '/api/tickets', body: '{"serviceId":', status: 400, field: '(payload)' },
  // ratings (T1 is done: a valid rating would be recorded)
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: { score: 'năm' }, status: 400, field: 'score' },
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: {}, status: 400, field: 'score' },
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: { score: 6 }, status: 400, field: 'score' },
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: { score: 2.5 }, status: 400, field: 'score' },
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: { score: 3, comment: big(501) }, status: 400, field: 'comment' },
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: { score: 3, comment: big(100_000) }, status: 413, field: '(payload)' },
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: '[3]', status: 400, field: '(payload)' },
  { method: 'POST', path: '/api/tickets/{T1}/rating', body: '3', status: 400, field: '(payload)' },
  { method: 'POST', path: '/api/counters/q4/rating', body: { score: '3' }, status: 400, field: 'score' },
  { method: 'POST', path: '/api/counters/q4/rating', body: {}, status: 400, field: 'score' },
  { method: 'POST', path: '/api/counters/q4/rating', body: { score: 0 }, status: 400, field: 'score' },
  { method: 'POST', path: '/api/counters/q4/rating', body: 'null', status: 400, field: '(payload)' },
  // login and password
  { method: 'POST', path: '/api/auth/login', body: { username: 42, password: 'x' }, status: 400, field: 'username' },
  { method: 'POST', path: '/api/auth/login', body: { username: 'admin' }, status: 400, field: 'password' },
  { method: 'POST', path: '/api/auth/login', body: { username: 'admin', password: big(201) }, status: 400, field: 'password' },
  { method: 'POST', path: '/api/auth/login', body: { username: big(100_000), password: 'x' }, status: 413, field: '(payload)' },
  { method: 'POST', path: '/api/auth/login', body: '["admin","x"]', status: 400, field: '(payload)' },
  { method: 'POST', path: '/api/auth/login', body: '"admin"', status: 400, field: '(payload)' },
  { method: 'POST', path: '/api/auth/password', auth: true, body: { currentPassword: ADMIN_PASSWORD, newPassword: 'ngan' }, status: 400, field: 'newPassword' },
  { method: 'POST', path: '/api/auth/password', auth: true, body: { newPassword: 'mat-khau-moi-dai' }, status: 400, field: 'currentPassword' },
  { method: 'POST', path: '/api/auth/password', auth: true, body: 'null', status: 400, field: '(payload)' },
  // services
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, id: 42 }, status: 400, field: 'id' },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, id: 'thuế' }, status: 400, field: 'id' },
  { method: 'POST', path: '/api/services', auth: true, body: omit(service, 'name'), status: 400, field: 'name' },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, name: { vi: 'Thuế' } }, status: 400, field: 'name.en' },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, name: { vi: big(121), en: 'Tax' } }, status: 400, field: 'name.vi' },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, prefix: 'abcd' }, status: 400, field: 'prefix' },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, digits: 0 }, status: 400, field: 'digits' },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, dailyLimit: '100' }, status: 400, field: 'dailyLimit' },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, active: 'yes' }, status: 400, field: 'active' },
  {
    method: 'POST', path: '/api/services', auth: true, status: 400, field: 'hours.weekly.mon.0.to',
    body: { ...service, hours: { weekly: { mon: [{ from: '11:00', to: '08:00' }] }, daysOff: [] } },
  },
  { method: 'POST', path: '/api/services', auth: true, body: { ...service, name: { vi: big(20_000), en: 'Tax' } }, status: 413, field: '(payload)' },
  { method: 'POST', path: '/api/services', auth: true, body: '[]', status: 400, field: '(payload)' },
  { method: 'PUT', path: '/api/services/tu-phap', auth: true, body: { active: 'no' }, status: 400, field: 'active' },
  { method: 'PUT', path: '/api/services/tu-phap', auth: true, body: { targetWaitMin: 0 }, status: 400, field: 'targetWaitMin' },
  { method: 'PUT', path: '/api/services/tu-phap', auth: true, body: { prefix: 42 }, status: 400, field: 'prefix' },
  { method: 'PUT', path: '/api/services/tu-phap', auth: true, body: { name: null }, status: 400, field: 'name' },
  { method: 'PUT', path: '/api/services/tu-phap', auth: true, body: '"tắt"', status: 400, field: '(payload)' },
  { method: 'DELETE', path: '/api/services/khong-co', auth: true, status: 404, code: 'not_found' },
  // counters
  { method: 'POST', path: '/api/counters', auth: true, body: { ...counterBody, number: '9' }, status: 400, field: 'number' },
  { method: 'POST', path: '/api/counters', auth: true, body: { ...counterBody, number: 1000 }, status: 400, field: 'number' },
  { method: 'POST', path: '/api/counters', auth: true, body: { ...counterBody, serviceIds: 'tu-phap' }, status: 400, field: 'serviceIds' },
  { method: 'POST', path: '/api/counters', auth: true, body: { ...counterBody, serviceIds: [42] }, status: 400, field: 'serviceIds.0' },
  { method: 'POST', path: '/api/counters', auth: true, body: omit(counterBody, 'label'), status: 400, field: 'label' },
  { method: 'POST', path: '/api/counters', auth: true, body: omit(counterBody, 'id'), status: 400, field: 'id' },
  { method: 'POST', path: '/api/counters', auth: true, body: 'null', status: 400, field: '(payload)' },
  { method: 'PUT', path: '/api/counters/q3', auth: true, body: { number: 0 }, status: 400, field: 'number' },
  { method: 'PUT', path: '/api/counters/q3', auth: true, body: { serviceIds: ['bad id'] }, status: 400, field: 'serviceIds.0' },
  { method: 'PUT', path: '/api/counters/q3', auth: true, body: { label: { vi: 'Quầy ba' } }, status: 400, field: 'label.en' },
  { method: 'DELETE', path: '/api/counters/khong-co', auth: true, status: 404, code: 'not_found' },
  // users
  { method: 'POST', path: '/api/users', auth: true, body: { ...userBody, role: 'root' }, status: 400, field: 'role' },
  { method: 'POST', path: '/api/users', auth: true, body: { ...userBody, password: 'ngan' }, status: 400, field: 'password' },
  { method: 'POST', path: '/api/users', auth: true, body: { ...userBody, username: 'Can Bo' }, status: 400, field: 'username' },
  { method: 'POST', path: '/api/users', auth: true, body: { ...userBody, username: 42 }, status: 400, field: 'username' },
  { method: 'POST', path: '/api/users', auth: true, body: omit(userBody, 'name'), status: 400, field: 'name' },
  { method: 'POST', path: '/api/users', auth: true, body: '[]', status: 400, field: '(payload)' },
  { method: 'PUT', path: '/api/users/{ADMIN}', auth: true, body: { role: 'root' }, status: 400, field: 'role' },
  { method: 'PUT', path: '/api/users/{ADMIN}', auth: true, body: { password: 'ngan' }, status: 400, field: 'password' },
  { method: 'PUT', path: '/api/users/{ADMIN}', auth: true, body: { name: '' }, status: 400, field: 'name' },
  { method: 'DELETE', path: '/api/users/khong-co', auth: true, status: 404, code: 'not_found' },
  // settings
  { method: 'PUT', path: '/api/settings', auth: true, body: { timeZone: 'Mars/Olympus' }, status: 400, field: 'timeZone' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { timeZone: 7 }, status: 400, field: 'timeZone' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { printerPaperWidth: 72 }, status: 400, field: 'printerPaperWidth' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { kioskKey: 'ab' }, status: 400, field: 'kioskKey' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { publicBaseUrl: 'ftp://luot.vn' }, status: 400, field: 'publicBaseUrl' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { priorityPolicy: { mode: 'random' } }, status: 400, field: 'priorityPolicy.mode' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { ratingScale: 4 }, status: 400, field: 'ratingScale' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { announcementRepeat: 'hai' }, status: 400, field: 'announcementRepeat' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { officeName: { vi: '', en: 'Office' } }, status: 400, field: 'officeName.vi' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { ticketFooter: { vi: big(201), en: '' } }, status: 400, field: 'ticketFooter.vi' },
  { method: 'PUT', path: '/api/settings', auth: true, body: { announcementTemplate: big(20_000) }, status: 413, field: '(payload)' },
  { method: 'PUT', path: '/api/settings', auth: true, body: '"Asia/Ho_Chi_Minh"', status: 400, field: '(payload)' },
  // report query parameters
  { method: 'GET', path: '/api/reports/summary?from=h%C3%B4m-qua&to=2026-03-02', auth: true, status: 400, field: 'from' },
  { method: 'GET', path: '/api/reports/summary?to=2026-03-02', auth: true, status: 400, field: 'from' },
  { method: 'GET', path: '/api/reports/summary?from=2026-03-02', auth: true, status: 400, field: 'to' },
  { method: 'GET', path: '/api/reports/summary?from=2026-03-01&from=2026-03-02&to=2026-03-02', auth: true, status: 400, field: 'from' },
  { method: 'GET', path: '/api/reports/summary?from=2026-03-02&to=2026-03-02&serviceId=a%20b', auth: true, status: 400, field: 'serviceId' },
  { method: 'GET', path: `/api/reports/summary?from=2026-03-02&to=2026-03-02&counterId=${big(65)}`, auth: true, status: 400, field: 'counterId' },
  { method: 'GET', path: '/api/reports/summary?from=2026-02-30&to=2026-03-02', auth: true, status: 400, field: 'from' },
  { method: 'GET', path: '/api/reports/summary?from=0000-01-01&to=9999-12-31', auth: true, status: 400, field: 'from' },
  { method: 'GET', path: '/api/reports/summary?from=2026-03-05&to=2026-03-01', auth: true, status: 400, field: 'to' },
  { method: 'GET', path: '/api/reports/tickets.csv?from=2026-3-2&to=2026-03-02', auth: true, status: 400, field: 'from' },
  // a malformed %-escape in a path parameter is bad input, not a crash
  { method: 'GET', path: '/api/tickets/%E0%A4%A', status: 400, field: '(url)' },
  { method: 'POST', path: '/api/tickets/%zz/rating', body: { score: 3 }, status: 400, field: '(url)' },
];

describe('REST routes refuse bad input with 400/413 `invalid` and change nothing', () => {
  it.each(restCases.map((c) => ({ ...c, name: `${c.method} ${c.path.slice(0, 70)} ${short(c.body ?? '')} → ${c.status} ${c.field ?? c.code}` })))('$name', async (c) => {
    const body = typeof c.body === 'string' ? c.body : c.body === undefined ? undefined : JSON.stringify(fill(c.body));
    const res = await unchanged(() => server.api(c.method, fill(c.path), body, c.auth ? admin : undefined));
    expect(res.status, JSON.stringify(res.body)).toBe(c.status);
    expect(res.body.ok).toBe(false);
    if (c.code === 'not_found') expectError(res.body, 'not_found');
    else expectError(res.body, 'invalid', c.field);
  });

  it('covers every mutating route of the contract', () => {
    const covered = new Set(restCases.map((c) => `${c.method} ${c.path.replace(/\?.*/, '').replace(/\{T1\}/, ':token').replace(/\/(q4|tu-phap|q3|\{ADMIN\}|khong-co)(?=\/|$)/, '/:id')}`));
    for (const r of [
      'POST /api/tickets', 'POST /api/tickets/:token/rating', 'POST /api/counters/:id/rating', 'POST /api/auth/login', 'POST /api/auth/password',
      'POST /api/services', 'PUT /api/services/:id', 'DELETE /api/services/:id', 'POST /api/counters', 'PUT /api/counters/:id',
      'DELETE /api/counters/:id', 'POST /api/users', 'PUT /api/users/:id', 'DELETE /api/users/:id', 'PUT /api/settings',
      'GET /api/reports/summary', 'GET /api/reports/tickets.csv',
    ]) expect(covered).toContain(r);
  });

  it('the same payloads, made valid, do change the state (the fingerprint can tell)', async () => {
    const before = await fingerprint();
    last = null; // this test changes the state on purpose
    const r = await server.api('POST', `/api/tickets/${t1.ticket.token}/rating`, { score: 3 });
    expect(r.status).toBe(200);
    const after = await fingerprint();
    expect(after).not.toEqual(before);
    expect((after.v1 as unknown as TicketView).rated).toBe(true);
  });
});

// ── who may connect, and what each namespace may do ──────────────────

describe('namespaces and handshakes', () => {
  it('/counter refuses a missing, forged, foreign or expired token at connect', async () => {
    for (const auth of [undefined, {}, { token: '' }, { token: 42 }, { token: 'abc.def' }, { token: big(2000) }]) {
      const e = await refusal(server, '/counter', auth);
      expect(e.data?.code, JSON.stringify(auth)).toBe('unauthorized');
    }
    // A forged payload (a later expiry) under the real signature.
    const [body, mac] = admin.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { exp: number };
    const forged = `${Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 86_400_000 })).toString('base64url')}.${mac}`;
    expect((await refusal(server, '/counter', { token: forged })).data?.code).toBe('unauthorized');
    // A token signed by another office (another secret).
    const other = await startTestServer({ now: () => clock, tickMs: 3_600_000 });
    try {
      const foreign = await other.login();
      expect((await refusal(server, '/counter', { token: foreign })).data?.code).toBe('unauthorized');
    } finally {
      await other.stop();
    }
    // Expired: the clock passes the 12 h lifetime (still the same service day).
    const saved = clock;
    clock = new Date(saved.getTime() + 12 * 3_600_000 + 1000);
    try {
      expect((await refusal(server, '/counter', { token: admin })).data?.code).toBe('unauthorized');
    } finally {
      clock = saved;
    }
    // The same token is fine again at the right time: the refusals above were for the reasons tested.
    expect((await server.connect('/counter', { token: admin })).connected).toBe(true);
  });

  it('a /kiosk socket emitting counter events gets no answer and no effect', async () => {
    const before = await fingerprint();
    for (const [event, payload] of [
      ['ticket:callNext', { counterId: 'q3' }],
      ['ticket:complete', { counterId: 'q4' }],
      ['counter:open', { counterId: 'q1' }],
      ['ticket:cancel', { ticketId: t3.ticket.id }],
      ['ticket:move', { ticketId: t3.ticket.id, toServiceId: 'ho-tich' }],
    ] as const) {
      expect(await emitNoAckExpected(kiosk, event, payload)).toBe('no-ack');
    }
    await sleep(100);
    expect(await fingerprint()).toEqual(before);
    expect(kiosk.connected).toBe(true);
  });

  it('a /display socket cannot issue or act', async () => {
    const before = await fingerprint();
    expect(await emitNoAckExpected(display, 'ticket:issue', { serviceId: 'tu-phap' })).toBe('no-ack');
    expect(await emitNoAckExpected(display, 'ticket:callNext', { counterId: 'q3' })).toBe('no-ack');
    await sleep(100);
    expect(await fingerprint()).toEqual(before);
    // ... while the kiosk can, so the check above would see an issued ticket.
    last = null; // issuing below changes the state on purpose
    const waiting = (await snapshotOf(server)).services.find((s) => s.id === 'tu-phap')!.waiting;
    await issueOn(kiosk, 'tu-phap');
    expect((await snapshotOf(server)).services.find((s) => s.id === 'tu-phap')!.waiting).toBe(waiting + 1);
  });

  it('with a kiosk key set, /kiosk and POST /api/tickets need it', async () => {
    last = null; // settings and issuing change the state on purpose
    const put = await server.api('PUT', '/api/settings', { kioskKey: 'khoa-kiosk-2026' }, admin);
    expect(put.status).toBe(200);
    try {
      for (const auth of [undefined, { kioskKey: 'sai-khoa' }, { kioskKey: 42 }]) {
        const e = await refusal(server, '/kiosk', auth);
        expect(e.data?.code).toBe('unauthorized');
        expect(e.data?.message).toBe('Mã ki-ốt không đúng');
      }
      const before = (await snapshotOf(server)).rev;
      const noKey = await server.api('POST', '/api/tickets', { serviceId: 'tu-phap' });
      expect(noKey.status).toBe(401);
      expectError(noKey.body, 'unauthorized');
      const wrong = await fetch(`${server.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-key': 'sai-khoa' },
        body: JSON.stringify({ serviceId: 'tu-phap' }),
      });
      expect(wrong.status).toBe(401);
      expect((await snapshotOf(server)).rev).toBe(before);

      const keyed = await server.connect('/kiosk', { kioskKey: 'khoa-kiosk-2026' });
      expect((await request(keyed, 'ticket:issue', { serviceId: 'tu-phap' })).ok).toBe(true);
      const right = await fetch(`${server.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-key': 'khoa-kiosk-2026' },
        body: JSON.stringify({ serviceId: 'tu-phap' }),
      });
      expect(right.status).toBe(201);
      expect((await snapshotOf(server)).rev).toBe(before + 2);
    } finally {
      await server.api('PUT', '/api/settings', { kioskKey: null }, admin);
    }
    expect((await server.connect('/kiosk')).connected).toBe(true);
  });
});

describe('kiosk rate limit', () => {
  it('answers rate_limited past the burst and issues nothing more', async () => {
    const limited = await startTestServer({ kioskRate: { capacity: 3, perSec: 0.001 } });
    try {
      const k = await limited.connect('/kiosk');
      const results = await Promise.all(Array.from({ length: 5 }, () => request<IssueResult>(k, 'ticket:issue', { serviceId: 'dkkd' })));
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      const refused = results.filter((r) => !r.ok);
      expect(refused).toHaveLength(2);
      for (const r of refused) expectError(r, 'rate_limited');
      const snap = (await limited.api<{ snapshot: Snapshot }>('GET', '/api/state')).body;
      if (!snap.ok) throw new Error('state');
      expect(snap.snapshot.services.find((s) => s.id === 'dkkd')?.waiting).toBe(3);
    } finally {
      await limited.stop();
    }
  });
});
