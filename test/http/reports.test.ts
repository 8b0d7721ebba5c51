// Reports against a scripted two-day timeline: every figure of the summary is recomputed here
// from the script itself (what happened when), never from the server's records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { IssueResult, Priority, ReportRow, ReportSummary } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { act, expectError, get, pairDisplay, rateAtCounterDisplay, vnTime } from './helpers.js';
import { parseCsv } from '../support/csv.js';

const D1 = '2026-03-02'; // a Monday
const D2 = '2026-03-03';
const TARGET: Record<string, number> = { 'tu-phap': 10, 'ho-tich': 15 }; // the demo services' targetWaitMin
const SERVICE_VI: Record<string, string> = { 'tu-phap': 'Tư pháp – Chứng thực', 'ho-tich': 'Hộ tịch' };

let clock = vnTime(D1, '07:00');
let server: TestServer;
let kiosk: Socket;
let supervisorToken: string;

// ── the script's own record of what happened ─────────────────────────

type State = 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled' | 'expired';
interface Scripted {
  key: string;
  day: string;
  serviceId: string;
  priority: Priority | null;
  id: string;
  token: string;
  number: string;
  state: State;
  issuedMs: number;
  firstCalledMs: number | null;
  lastCalledMs: number | null;
  startedMs: number | null;
  finishedMs: number | null;
  counterId: string | null;
  staff: string | null;
  fileCode: string | null;
  rating: number | null;
  comment: string | null;
}
const tickets = new Map<string, Scripted>();
const T = (key: string) => tickets.get(key)!;
const staffNames = new Map<Socket, string>();

async function at(day: string, hhmm: string, step: () => Promise<unknown>): Promise<void> {
  clock = vnTime(day, hhmm);
  await step();
}

async function issue(key: string, serviceId: string, priority: Priority | null = null) {
  const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId, ...(priority ? { priority } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  tickets.set(key, {
    key, day: clock.getTime() < vnTime(D2, '00:00').getTime() ? D1 : D2, serviceId, priority,
    id: r.ticket.id, token: r.ticket.token, number: r.ticket.number, state: 'waiting', issuedMs: clock.getTime(),
    firstCalledMs: null, lastCalledMs: null, startedMs: null, finishedMs: null, counterId: null, staff: null,
    fileCode: null, rating: null, comment: null,
  });
}
async function call(s: Socket, counterId: string, key: string) {
  await act(s, 'ticket:call', { counterId, ticketId: T(key).id });
  const t = T(key);
  Object.assign(t, { state: 'called', counterId, staff: staffNames.get(s), lastCalledMs: clock.getTime() });
  t.firstCalledMs ??= clock.getTime();
}
async function recall(s: Socket, counterId: string, key: string) {
  await act(s, 'ticket:recall', { counterId });
  T(key).lastCalledMs = clock.getTime();
}
async function start(s: Socket, counterId: string, key: string) {
  await act(s, 'ticket:start', { counterId });
  Object.assign(T(key), { state: 'serving', startedMs: clock.getTime() });
}
async function complete(s: Socket, counterId: string, key: string, fileCode: string | null = null) {
  await act(s, 'ticket:complete', { counterId, ...(fileCode ? { fileCode } : {}) });
  const t = T(key);
  // Serving time runs from "start", or from the (last) call when the clerk never pressed start.
  Object.assign(t, { state: 'done', finishedMs: clock.getTime(), startedMs: t.startedMs ?? t.lastCalledMs, fileCode });
}
async function noShow(s: Socket, counterId: string, key: string) {
  await act(s, 'ticket:noShow', { counterId });
  Object.assign(T(key), { state: 'no_show', finishedMs: clock.getTime() });
}
async function cancel(s: Socket, key: string) {
  await act(s, 'ticket:cancel', { ticketId: T(key).id });
  Object.assign(T(key), { state: 'cancelled', finishedMs: clock.getTime() });
}
async function rateByToken(key: string, score: number, comment?: string) {
  const r = await server.api('POST', `/api/tickets/${T(key).token}/rating`, { score, ...(comment ? { comment } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  Object.assign(T(key), { rating: score, comment: comment ?? null });
}
const displayKeys = new Map<string, string>();
async function rateAtCounter(counterId: string, key: string, score: number) {
  if (!displayKeys.has(counterId)) displayKeys.set(counterId, await pairDisplay(server, counterId));
  const r = await rateAtCounterDisplay(server, counterId, displayKeys.get(counterId)!, score);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (r.body.ok) expect(r.body.ticketId).toBe(T(key).id);
  T(key).rating = score;
}

async function staffSocket(username: string, role: 'staff' | 'supervisor' = 'staff', existing = false): Promise<Socket> {
  const token = existing ? await server.login(username, 'mat-khau-can-bo') : await server.staff(username, role);
  const s = await server.connect('/counter', { token });
  staffNames.set(s, `Cán bộ ${username}`);
  return s;
}

// ── the independent arithmetic ───────────────────────────────────────

type Figures = Omit<ReportRow, 'day' | 'serviceId'>;
const minutes = (ms: number) => ms / 60_000;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
function nearestRank(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}
function figures(group: Scripted[]): Figures {
  // Wait: issue → first call, for every ticket that was called at all.
  const waits = group.filter((t) => t.firstCalledMs !== null).map((t) => minutes(t.firstCalledMs! - t.issuedMs));
  const served = group.filter((t) => t.state === 'done');
  const serves = served.map((t) => minutes(t.finishedMs! - t.startedMs!));
  const within = served.filter((t) => minutes(t.firstCalledMs! - t.issuedMs) <= TARGET[t.serviceId]!);
  const rated = group.filter((t) => t.rating !== null);
  return {
    issued: group.length,
    served: served.length,
    noShows: group.filter((t) => t.state === 'no_show').length,
    cancelled: group.filter((t) => t.state === 'cancelled').length,
    expired: group.filter((t) => t.state === 'expired').length,
    avgWaitMin: mean(waits),
    p90WaitMin: nearestRank(waits, 90),
    avgServeMin: mean(serves),
    p90ServeMin: nearestRank(serves, 90),
    withinTarget: served.length ? within.length / served.length : null,
    ratings: rated.length,
    avgRating: mean(rated.map((t) => t.rating!)),
    // The rating scale is 5 throughout: satisfied means 4 or 5.
    satisfied: rated.length ? rated.filter((t) => t.rating! >= 4).length / rated.length : null,
  };
}

function expectFigures(actual: Figures | undefined, expected: Figures, where: string): void {
  expect(actual, where).toBeDefined();
  for (const k of Object.keys(expected) as (keyof Figures)[]) {
    const e = expected[k];
    const a = actual![k];
    if (e === null) expect(a, `${where} ${k}`).toBeNull();
    else if (['issued', 'served', 'noShows', 'cancelled', 'expired', 'ratings'].includes(k)) expect(a, `${where} ${k}`).toBe(e);
    else {
      // Minutes and ratings are reported to 0.1, shares to 0.001: allow that rounding, no more.
      const step = k === 'withinTarget' || k === 'satisfied' ? 0.001 : 0.1;
      expect(a, `${where} ${k}`).not.toBeNull();
      expect(Math.abs((a as number) - e), `${where} ${k}: ${a} vs ${e}`).toBeLessThanOrEqual(step / 2 + 1e-9);
    }
  }
}

function expectSummary(summary: ReportSummary, group: Scripted[]): void {
  const byKey = new Map<string, Scripted[]>();
  for (const t of group) {
    const k = `${t.day}|${t.serviceId}`;
    byKey.set(k, [...(byKey.get(k) ?? []), t]);
  }
  expect(summary.rows.map((r) => `${r.day}|${r.serviceId}`).sort()).toEqual([...byKey.keys()].sort());
  for (const [k, g] of byKey) expectFigures(summary.rows.find((r) => `${r.day}|${r.serviceId}` === k), figures(g), k);
  expectFigures(summary.total, figures(group), 'total');
}

async function summary(query: string): Promise<ReportSummary> {
  const r = await server.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?${query}`, undefined, supervisorToken);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.summary;
}

// ── the scenario ─────────────────────────────────────────────────────

const COMMENT = 'Cán bộ tận tình, "nhanh", chu đáo,\nxin cảm ơn';

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, tickMs: 3_600_000 });
  const admin = await server.login();
  // A 5-level scale all along: "satisfied" is then unambiguous (4 or 5).
  expect((await server.api('PUT', '/api/settings', { ratingScale: 5 }, admin)).status).toBe(200);
  kiosk = await server.connect('/kiosk');
  let s3 = await staffSocket('canbo3');
  let s4 = await staffSocket('canbo4');
  const sup = await staffSocket('giamsat', 'supervisor');

  // Day 1
  await at(D1, '07:59', async () => {
    await act(s3, 'counter:open', { counterId: 'q3' });
    await act(s4, 'counter:open', { counterId: 'q4' });
  });
  await at(D1, '08:00', () => issue('T1', 'tu-phap'));
  await at(D1, '08:02', () => issue('T2', 'tu-phap'));
  await at(D1, '08:03', () => issue('H1', 'ho-tich'));
  await at(D1, '08:04', () => issue('T3', 'tu-phap'));
  await at(D1, '08:05', () => issue('H2', 'ho-tich'));
  await at(D1, '08:06', () => issue('T4', 'tu-phap'));
  await at(D1, '08:07', () => issue('H3', 'ho-tich'));
  await at(D1, '08:08', () => issue('T5', 'tu-phap'));
  await at(D1, '08:10', () => call(s3, 'q3', 'T1'));
  await at(D1, '08:11', () => start(s3, 'q3', 'T1'));
  await at(D1, '08:12', () => call(s4, 'q4', 'H1'));
  await at(D1, '08:13', () => start(s4, 'q4', 'H1'));
  await at(D1, '08:17', () => complete(s3, 'q3', 'T1', 'HS-2026-0001'));
  await at(D1, '08:18', () => rateByToken('T1', 4));
  await at(D1, '08:19', () => call(s3, 'q3', 'T2'));
  await at(D1, '08:20', () => recall(s3, 'q3', 'T2'));
  await at(D1, '08:21', () => noShow(s3, 'q3', 'T2'));
  await at(D1, '08:22', () => complete(s4, 'q4', 'H1'));
  await at(D1, '08:23', () => rateAtCounter('q4', 'H1', 1));
  await at(D1, '08:24', () => call(s3, 'q3', 'T3'));
  await at(D1, '08:25', () => complete(s3, 'q3', 'T3')); // never started: served from the call
  await at(D1, '08:26', () => call(s4, 'q4', 'H2'));
  await at(D1, '08:27', () => start(s4, 'q4', 'H2'));
  await at(D1, '08:30', () => complete(s4, 'q4', 'H2', '=HYPERLINK("http://x")'));
  await at(D1, '08:31', () => cancel(sup, 'T4'));
  await at(D1, '08:32', () => call(s4, 'q4', 'H3')); // still called when the day ends

  // Past local midnight: the day rolls over, whatever is still open expires.
  clock = vnTime(D2, '00:00', '30');
  await server.office.tick();
  for (const t of tickets.values()) if (['waiting', 'called', 'serving'].includes(t.state)) t.state = 'expired';
  expect(server.office.engine.serviceDay).toBe(D2);

  // Day 2: yesterday's 12-hour tokens have run out; staff log in again.
  await at(D2, '07:58', async () => {
    supervisorToken = await server.login('giamsat', 'mat-khau-can-bo');
    s3 = await staffSocket('canbo3', 'staff', true);
    s4 = await staffSocket('canbo4', 'staff', true);
  });
  await at(D2, '07:59', async () => {
    await act(s3, 'counter:open', { counterId: 'q3' });
    await act(s4, 'counter:open', { counterId: 'q4' });
  });
  await at(D2, '08:00', () => issue('T6', 'tu-phap', 'elderly'));
  await at(D2, '08:01', () => issue('H4', 'ho-tich'));
  await at(D2, '08:02', () => issue('T7', 'tu-phap'));
  await at(D2, '08:03', () => issue('H5', 'ho-tich'));
  await at(D2, '08:05', () => call(s3, 'q3', 'T6'));
  await at(D2, '08:06', () => start(s3, 'q3', 'T6'));
  await at(D2, '08:07', () => call(s4, 'q4', 'H4'));
  await at(D2, '08:09', () => start(s4, 'q4', 'H4'));
  await at(D2, '08:14', () => complete(s3, 'q3', 'T6', 'HS-2026-0003'));
  await at(D2, '08:15', () => rateByToken('T6', 5, COMMENT));
  await at(D2, '08:16', () => complete(s4, 'q4', 'H4'));
  await at(D2, '08:17', () => rateAtCounter('q4', 'H4', 4));
  await at(D2, '08:18', () => call(s3, 'q3', 'H5'));
  await at(D2, '08:19', () => call(s4, 'q4', 'T7'));
  await at(D2, '08:20', () => start(s4, 'q4', 'T7'));
  await at(D2, '08:21', () => start(s3, 'q3', 'H5'));
  await at(D2, '08:25', () => complete(s4, 'q4', 'T7'));
  await at(D2, '08:26', () => rateByToken('T7', 2));
  await at(D2, '08:30', () => complete(s3, 'q3', 'H5'));
  clock = vnTime(D2, '09:00');
}, 120_000);
afterAll(() => server.stop());

describe('GET /api/reports/summary', () => {
  it('the script itself adds up (guards the test arithmetic)', () => {
    const all = figures([...tickets.values()]);
    expect(all).toMatchObject({ issued: 12, served: 8, noShows: 1, cancelled: 1, expired: 2, ratings: 5 });
    expect(all.avgWaitMin).toBeCloseTo(14.5, 5);
    expect(all.p90WaitMin).toBe(21);
    expect(all.avgServeMin).toBeCloseTo(6, 5);
    expect(all.p90ServeMin).toBe(9);
    expect(all.withinTarget).toBeCloseTo(0.625, 5);
    expect(all.avgRating).toBeCloseTo(3.2, 5);
    expect(all.satisfied).toBeCloseTo(0.6, 5);
  });

  it('gives every figure per day and service, and the total, over both days', async () => {
    const s = await summary(`from=${D1}&to=${D2}`);
    expect(s).toMatchObject({ from: D1, to: D2 });
    expect(s.rows).toHaveLength(4);
    expectSummary(s, [...tickets.values()]);
  });

  it('a past day (from its journal) and today (live) each stand alone', async () => {
    expectSummary(await summary(`from=${D1}&to=${D1}`), [...tickets.values()].filter((t) => t.day === D1));
    expectSummary(await summary(`from=${D2}&to=${D2}`), [...tickets.values()].filter((t) => t.day === D2));
    // Asked again (the past day now comes from the cache): the same answer.
    expectSummary(await summary(`from=${D1}&to=${D1}`), [...tickets.values()].filter((t) => t.day === D1));
  });

  it('filters by service and by counter', async () => {
    expectSummary(await summary(`from=${D1}&to=${D2}&serviceId=tu-phap`), [...tickets.values()].filter((t) => t.serviceId === 'tu-phap'));
    const q4 = [...tickets.values()].filter((t) => t.counterId === 'q4');
    expect(q4.map((t) => t.key).sort()).toEqual(['H1', 'H2', 'H3', 'H4', 'T7']);
    expectSummary(await summary(`from=${D1}&to=${D2}&counterId=q4`), q4);
    expectSummary(await summary(`from=${D1}&to=${D2}&serviceId=ho-tich&counterId=q3`), [...tickets.values()].filter((t) => t.serviceId === 'ho-tich' && t.counterId === 'q3'));
  });

  it('a range with no journal is empty, not an error', async () => {
    const s = await summary('from=2026-01-01&to=2026-01-31');
    expect(s.rows).toEqual([]);
    expect(s.total).toMatchObject({ issued: 0, served: 0, avgWaitMin: null, p90WaitMin: null, withinTarget: null, avgRating: null, satisfied: null });
  });

  it('bad dates are refused with `invalid` naming the field', async () => {
    for (const [q, field] of [
      [`from=02/03/2026&to=${D2}`, 'from'],
      [`from=${D1}&to=mai`, 'to'],
      [`from=2026-02-30&to=${D2}`, 'from'],
      [`from=${D2}&to=${D1}`, 'to'],
      [`to=${D2}`, 'from'],
    ] as const) {
      const r = await server.api('GET', `/api/reports/summary?${q}`, undefined, supervisorToken);
      expect(r.status, q).toBe(400);
      expectError(r.body, 'invalid', field);
    }
  });
});

// ── CSV ──────────────────────────────────────────────────────────────


describe('GET /api/reports/tickets.csv', () => {
  it('is UTF-8 with a BOM, one row per ticket, Vietnamese intact', async () => {
    const res = await get(server, `/api/reports/tickets.csv?from=${D1}&to=${D2}`, supervisorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/i);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.slice(3));
    const [header, ...rows] = parseCsv(text);
    expect(header).toBeDefined();
    const col = (name: string) => {
      const i = header!.indexOf(name);
      expect(i, `column ${name} in ${header!.join(' | ')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const cId = col('Mã phiếu'), cNumber = col('Số thứ tự'), cService = col('Lĩnh vực'), cState = col('Trạng thái');
    const cFile = col('Mã hồ sơ'), cRating = col('Đánh giá'), cComment = col('Góp ý'), cDay = col('Ngày');
    const cCounter = col('Quầy'), cStaff = col('Cán bộ'), cWait = col('Chờ (phút)'), cPriority = col('Ưu tiên');
    for (const r of rows) expect(r, JSON.stringify(r)).toHaveLength(header!.length);
    expect(rows).toHaveLength(tickets.size);
    const byId = new Map(rows.map((r) => [r[cId]!, r]));
    expect(byId.size).toBe(tickets.size);

    const stateVi: Record<State, string[]> = {
      waiting: ['Đang chờ'], called: ['Đang mời'], serving: ['Đang phục vụ'], done: ['Đã xong'],
      no_show: ['Vắng mặt'], cancelled: ['Đã huỷ', 'Đã hủy'], expired: ['Hết hạn'],
    };
    for (const t of tickets.values()) {
      const r = byId.get(t.id);
      expect(r, t.key).toBeDefined();
      expect(r![cDay]).toBe(t.day);
      expect(r![cNumber]).toBe(t.number);
      expect(r![cService]).toBe(SERVICE_VI[t.serviceId]);
      expect(stateVi[t.state], `${t.key} ${r![cState]}`).toContain(r![cState]);
      expect(r![cRating]).toBe(t.rating === null ? '' : String(t.rating));
      expect(r![cComment]).toBe(t.comment ?? '');
      expect(r![cCounter]).toBe(t.counterId ? t.counterId.slice(1) : '');
      expect(r![cStaff]).toBe(t.staff ?? '');
      expect(r![cWait]).toBe(t.firstCalledMs === null ? '' : minutes(t.firstCalledMs - t.issuedMs).toFixed(1));
      expect(r![cPriority]).toBe(t.priority === 'elderly' ? 'Người cao tuổi' : '');
    }
    expect(byId.get(T('T1').id)![cFile]).toBe('HS-2026-0001');
    expect(byId.get(T('T6').id)![cFile]).toBe('HS-2026-0003');
    // A cell Excel would run as a formula is defused with a leading apostrophe.
    expect(byId.get(T('H2').id)![cFile]).toBe(`'=HYPERLINK("http://x")`);
    expect(byId.get(T('T2').id)![cState]).toBe('Vắng mặt');
    expect(text).toContain('Tư pháp – Chứng thực');
  });

  it('honours the range and refuses bad dates', async () => {
    const res = await get(server, `/api/reports/tickets.csv?from=${D2}&to=${D2}`, supervisorToken);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(1 + [...tickets.values()].filter((t) => t.day === D2).length);
    const bad = await get(server, `/api/reports/tickets.csv?from=3-2-2026&to=${D2}`, supervisorToken);
    expect(bad.status).toBe(400);
    expectError((await bad.json()) as { ok: boolean }, 'invalid', 'from');
  });
});
