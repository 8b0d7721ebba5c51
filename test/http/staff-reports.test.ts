// What the staff app adds to reporting: a counter's figures for today (GET /api/counters/:id/today),
// the staff filter (userId) of the summary and the CSV, and file codes and Vietnamese names
// surviving the CSV round trip. A scripted morning at known instants; every expected figure is
// recomputed here from the script, never read back from the server's records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { CSV_HEADER } from '../../server/reports.js';
import type { IssueResult, Priority, ReportRow, ReportSummary, UserPublic } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { act, expectError, get, vnTime } from './helpers.js';
import { parseCsv } from '../support/csv.js';

const DAY = '2026-03-02'; // a Monday
const TARGET: Record<string, number> = { 'tu-phap': 10, 'ho-tich': 15 }; // the demo services' targetWaitMin
const SERVICE_VI: Record<string, string> = { 'tu-phap': 'Tư pháp – Chứng thực', 'ho-tich': 'Hộ tịch' };
const COUNTER_NO: Record<string, string> = { q3: '3', q4: '4' };
const STAFF = {
  lan: { username: 'lan', name: 'Nguyễn Thị Lan' },
  minh: { username: 'minh', name: 'Trần Văn Minh' },
} as const;
type Who = keyof typeof STAFF;

let clock = vnTime(DAY, '07:00');
let server: TestServer;
let admin: string;
let supervisor: string;
const tokens = {} as Record<Who, string>;
const ids = {} as Record<Who, string>;
const sockets = {} as Record<Who, Socket>;
let kiosk: Socket;
let supSocket: Socket;

// ── the script's own record ──────────────────────────────────────────

interface Scripted {
  key: string;
  serviceId: string;
  priority: Priority | null;
  id: string;
  token: string;
  number: string;
  state: 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled';
  issuedMs: number;
  firstCalledMs: number | null;
  lastCalledMs: number | null;
  startedMs: number | null;
  finishedMs: number | null;
  counterId: string | null;
  staff: Who | null;
  callCount: number;
  transfers: number;
  fileCode: string | null;
  rating: number | null;
  comment: string | null;
}
const script = new Map<string, Scripted>();
const T = (key: string) => script.get(key)!;

const at = (hhmm: string) => {
  clock = vnTime(DAY, hhmm);
};

async function issue(key: string, serviceId: string, priority: Priority | null = null) {
  const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId, ...(priority ? { priority } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  script.set(key, {
    key, serviceId, priority, id: r.ticket.id, token: r.ticket.token, number: r.ticket.number, state: 'waiting',
    issuedMs: clock.getTime(), firstCalledMs: null, lastCalledMs: null, startedMs: null, finishedMs: null,
    counterId: null, staff: null, callCount: 0, transfers: 0, fileCode: null, rating: null, comment: null,
  });
}
async function call(who: Who, counterId: string, key: string) {
  await act(sockets[who], 'ticket:call', { counterId, ticketId: T(key).id });
  const t = T(key);
  Object.assign(t, { state: 'called', counterId, staff: who, lastCalledMs: clock.getTime(), callCount: t.callCount + 1 });
  t.firstCalledMs ??= clock.getTime();
}
async function recall(who: Who, counterId: string, key: string) {
  await act(sockets[who], 'ticket:recall', { counterId });
  const t = T(key);
  Object.assign(t, { lastCalledMs: clock.getTime(), callCount: t.callCount + 1 });
}
async function start(who: Who, counterId: string, key: string) {
  await act(sockets[who], 'ticket:start', { counterId });
  Object.assign(T(key), { state: 'serving', startedMs: clock.getTime() });
}
async function complete(who: Who, counterId: string, key: string, fileCode: string | null = null) {
  await act(sockets[who], 'ticket:complete', { counterId, ...(fileCode ? { fileCode } : {}) });
  const t = T(key);
  // Without "start", serving time runs from the last call.
  Object.assign(t, { state: 'done', finishedMs: clock.getTime(), startedMs: t.startedMs ?? t.lastCalledMs, fileCode });
}
async function noShow(who: Who, counterId: string, key: string) {
  await act(sockets[who], 'ticket:noShow', { counterId });
  Object.assign(T(key), { state: 'no_show', finishedMs: clock.getTime() });
}
async function transferToCounter(who: Who, counterId: string, key: string, toCounterId: string) {
  await act(sockets[who], 'ticket:transfer', { counterId, toCounterId });
  const t = T(key);
  // Back to waiting: no counter, no start; the first call (and so the wait) is kept.
  Object.assign(t, { state: 'waiting', counterId: null, startedMs: null, transfers: t.transfers + 1 });
}
async function cancel(key: string) {
  await act(supSocket, 'ticket:cancel', { ticketId: T(key).id });
  Object.assign(T(key), { state: 'cancelled', finishedMs: clock.getTime() });
}
async function rate(key: string, score: number, comment?: string) {
  const r = await server.api('POST', `/api/tickets/${T(key).token}/rating`, { score, ...(comment ? { comment } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  Object.assign(T(key), { rating: score, comment: comment ?? null });
}

// ── the independent arithmetic ───────────────────────────────────────

type Figures = Omit<ReportRow, 'day' | 'serviceId'>;
const min = (ms: number) => ms / 60_000;
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
function p90(xs: number[]): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1]!;
}
function figures(group: Scripted[]): Figures {
  const waits = group.filter((t) => t.firstCalledMs !== null).map((t) => min(t.firstCalledMs! - t.issuedMs));
  const served = group.filter((t) => t.state === 'done');
  const serves = served.map((t) => min(t.finishedMs! - t.startedMs!));
  const rated = group.filter((t) => t.rating !== null);
  const share = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);
  return {
    issued: group.length,
    served: served.length,
    noShows: group.filter((t) => t.state === 'no_show').length,
    cancelled: group.filter((t) => t.state === 'cancelled').length,
    expired: 0,
    avgWaitMin: round1(mean(waits)),
    p90WaitMin: round1(p90(waits)),
    avgServeMin: round1(mean(serves)),
    p90ServeMin: round1(p90(serves)),
    withinTarget: share(served.filter((t) => min(t.firstCalledMs! - t.issuedMs) <= TARGET[t.serviceId]!).length, served.length),
    ratings: rated.length,
    avgRating: round1(mean(rated.map((t) => t.rating!))),
    // The office's rating scale is 3 (the default): satisfied means 2 or 3.
    satisfied: share(rated.filter((t) => t.rating! >= 2).length, rated.length),
  };
}
const tickets = (pred: (t: Scripted) => boolean) => [...script.values()].filter(pred);


// ── the morning ──────────────────────────────────────────────────────

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, tickMs: 60_000 });
  admin = await server.login();
  for (const who of Object.keys(STAFF) as Who[]) {
    const r = await server.api<{ user: UserPublic }>('POST', '/api/users', { ...STAFF[who], role: 'staff', password: 'mat-khau-can-bo' }, admin);
    if (!r.body.ok) throw new Error(r.body.error.message);
    ids[who] = r.body.user.id;
    tokens[who] = await server.login(STAFF[who].username, 'mat-khau-can-bo');
    sockets[who] = await server.connect('/counter', { token: tokens[who] });
  }
  supervisor = await server.staff('giamsat', 'supervisor');
  supSocket = await server.connect('/counter', { token: supervisor });
  kiosk = await server.connect('/kiosk');

  at('07:55');
  await act(sockets.lan, 'counter:open', { counterId: 'q3' });
  await act(sockets.minh, 'counter:open', { counterId: 'q4' });
  at('08:00'); await issue('t1', 'ho-tich');
  at('08:02'); await issue('t2', 'tu-phap');
  at('08:04'); await issue('t3', 'ho-tich', 'elderly');
  at('08:06'); await issue('t4', 'tu-phap');
  at('08:08'); await issue('t5', 'ho-tich');
  at('08:10'); await issue('t6', 'tu-phap');
  await call('lan', 'q3', 't1');
  at('08:11'); await start('lan', 'q3', 't1');
  at('08:12'); await call('minh', 'q4', 't2');
  at('08:13'); await noShow('minh', 'q4', 't2');
  at('08:14'); await call('minh', 'q4', 't3');
  at('08:15'); await start('minh', 'q4', 't3');
  at('08:19'); await complete('lan', 'q3', 't1', 'HS-ĐĐ-001/Hộ tịch');
  at('08:20'); await call('lan', 'q3', 't4');
  at('08:26'); await complete('lan', 'q3', 't4');
  at('08:27'); await call('lan', 'q3', 't5'); // 19 min: over the 15 min target
  at('08:28'); await start('lan', 'q3', 't5');
  at('08:30'); await complete('minh', 'q4', 't3', 'HS-002');
  at('08:33'); await transferToCounter('lan', 'q3', 't5', 'q4');
  at('08:34'); await call('minh', 'q4', 't5');
  at('08:35'); await start('minh', 'q4', 't5');
  at('08:40'); await cancel('t6');
  at('08:41'); await complete('minh', 'q4', 't5', 'HS-ĐT-005');
  at('08:42'); await issue('t7', 'ho-tich');
  at('08:45'); await call('lan', 'q3', 't7');
  at('08:46'); await recall('lan', 'q3', 't7');
  at('08:50'); await complete('lan', 'q3', 't7');
  at('08:55');
  await rate('t1', 3, 'Cán bộ nhiệt tình, chu đáo; "rất hài lòng"');
  await rate('t3', 1);
  await rate('t5', 2);
  at('09:00');
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

// ── GET /api/counters/:id/today ──────────────────────────────────────

describe('GET /api/counters/:id/today', () => {
  interface Today {
    counterId: string;
    serviceDay: string;
    figures: Figures;
    serverTime: string;
  }

  it.each(['q3', 'q4'])('gives counter %s the figures of the tickets that ended there today', async (counterId) => {
    const r = await server.api<Today>('GET', `/api/counters/${counterId}/today`, undefined, tokens.lan);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    if (!r.body.ok) return;
    expect(r.body.counterId).toBe(counterId);
    expect(r.body.serviceDay).toBe(DAY);
    // The panel sets its clock from this: the office's local time, with its offset.
    expect(r.body.serverTime).toBe(`${DAY}T09:00:00+07:00`);
    expect(r.body.figures).toEqual(figures(tickets((t) => t.counterId === counterId)));
  });

  it('counts the transferred ticket once, at the counter that finished it', async () => {
    const q3 = await server.api<Today>('GET', '/api/counters/q3/today', undefined, tokens.lan);
    const q4 = await server.api<Today>('GET', '/api/counters/q4/today', undefined, tokens.minh);
    if (!q3.body.ok || !q4.body.ok) throw new Error('today');
    // Hand-checked against the script, as a guard on the recomputation itself.
    expect(q3.body.figures).toMatchObject({ issued: 3, served: 3, noShows: 0, avgWaitMin: 9, avgServeMin: 6, withinTarget: 0.667 });
    expect(q4.body.figures).toMatchObject({ issued: 3, served: 2, noShows: 1, avgWaitMin: 13, avgServeMin: 10.5, withinTarget: 0.5 });
    expect(q4.body.figures.p90WaitMin).toBe(19);
  });

  it('gives a counter nobody used today zeros and no averages', async () => {
    const r = await server.api<Today>('GET', '/api/counters/q1/today', undefined, tokens.minh);
    expect(r.body.ok && r.body.figures).toMatchObject({ issued: 0, served: 0, noShows: 0, avgWaitMin: null, avgServeMin: null });
  });

  it('is for logged-in staff only, and names unknown counters', async () => {
    expectError((await server.api('GET', '/api/counters/q3/today')).body, 'unauthorized');
    const unknown = await server.api('GET', '/api/counters/q99/today', undefined, tokens.lan);
    expect(unknown.status).toBe(404);
    expectError(unknown.body, 'not_found');
    expect((await server.api('GET', '/api/counters/q3/today', undefined, supervisor)).status).toBe(200);
  });
});

// ── the staff filter ─────────────────────────────────────────────────

describe('GET /api/reports/summary?userId=', () => {
  const summary = async (query: string) => {
    const r = await server.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${DAY}&to=${DAY}${query}`, undefined, supervisor);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    if (!r.body.ok) throw new Error(r.body.error.message);
    return r.body.summary;
  };

  it.each(['lan', 'minh'] as Who[])('keeps only the tickets %s handled last, per service and in total', async (who) => {
    const s = await summary(`&userId=${ids[who]}`);
    const mine = tickets((t) => t.staff === who);
    expect(s.total).toEqual(figures(mine));
    const services = [...new Set(mine.map((t) => t.serviceId))].sort();
    expect(s.rows.map((r) => [r.day, r.serviceId])).toEqual(services.map((id) => [DAY, id]));
    for (const row of s.rows) {
      const { day: _d, serviceId, ...rest } = row;
      expect(rest, serviceId).toEqual(figures(mine.filter((t) => t.serviceId === serviceId)));
    }
  });

  it('combines with the service filter, and an unknown user is simply nobody', async () => {
    const s = await summary(`&userId=${ids.minh}&serviceId=ho-tich`);
    expect(s.total).toEqual(figures(tickets((t) => t.staff === 'minh' && t.serviceId === 'ho-tich')));
    expect((await summary('&userId=khong-co-ai')).total.issued).toBe(0);
  });

  it('names the staff for the filter list to supervisors, not to staff', async () => {
    const r = await server.api<{ users: { id: string; name: string; username: string; role: string }[] }>('GET', '/api/staff/users', undefined, supervisor);
    expect(r.status).toBe(200);
    if (!r.body.ok) return;
    expect(r.body.users.find((u) => u.id === ids.lan)).toEqual({ id: ids.lan, username: 'lan', name: 'Nguyễn Thị Lan', role: 'staff' });
    expect(JSON.stringify(r.body)).not.toMatch(/hash|argon/);
    const denied = await server.api('GET', '/api/staff/users', undefined, tokens.lan);
    expect(denied.status).toBe(403);
  });
});

// ── the CSV ──────────────────────────────────────────────────────────

describe('GET /api/reports/tickets.csv for the staff app', () => {
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms + 7 * 3600_000).toISOString().slice(0, 19) + '+07:00');
  const minutes1 = (ms: number | null) => (ms === null ? '' : (ms / 60_000).toFixed(1));
  const expectedRow = (t: Scripted): string[] => [
    DAY, t.number, SERVICE_VI[t.serviceId]!, t.priority === 'elderly' ? 'Người cao tuổi' : '',
    { done: 'Đã xong', no_show: 'Vắng mặt', cancelled: 'Đã huỷ', waiting: 'Đang chờ', called: 'Đang mời', serving: 'Đang phục vụ' }[t.state],
    iso(t.issuedMs), iso(t.firstCalledMs), iso(t.finishedMs),
    t.counterId ? COUNTER_NO[t.counterId]! : '', t.staff ? STAFF[t.staff].name : '',
    String(t.callCount), String(t.transfers),
    minutes1(t.firstCalledMs === null ? null : t.firstCalledMs - t.issuedMs),
    minutes1(t.state === 'done' ? t.finishedMs! - t.startedMs! : null),
    t.fileCode ?? '', t.rating === null ? '' : String(t.rating), t.comment ?? '', t.id,
  ];

  async function csv(query: string): Promise<string[][]> {
    const res = await get(server, `/api/reports/tickets.csv?from=${DAY}&to=${DAY}${query}`, supervisor);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // UTF-8 with a BOM, so that Excel reads the diacritics.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(3));
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(CSV_HEADER);
    return rows;
  }

  it('parses back to the script, row for row, with file codes and Vietnamese intact', async () => {
    const rows = await csv('');
    // Issue 15's walk column (test/http/reports-walk.test.ts) follows the ticket's id.
    const byId = new Map(rows.map((r) => [r[17]!, r.slice(0, 18)]));
    expect(rows).toHaveLength(script.size);
    for (const t of script.values()) expect(byId.get(t.id), t.key).toEqual(expectedRow(t));
    const t1 = byId.get(T('t1').id)!;
    expect(t1[14]).toBe('HS-ĐĐ-001/Hộ tịch');
    expect(t1[9]).toBe('Nguyễn Thị Lan');
    expect(t1[16]).toBe('Cán bộ nhiệt tình, chu đáo; "rất hài lòng"');
    for (const cell of rows.flat()) expect(cell.normalize('NFC')).toBe(cell);
  });

  it('follows the staff filter', async () => {
    const rows = await csv(`&userId=${ids.minh}`);
    expect(rows.map((r) => r[17]).sort()).toEqual(tickets((t) => t.staff === 'minh').map((t) => t.id).sort());
  });
});
