// Issue 15: the walk to the desk (call → start of service) in the reports, against a scripted
// day with calls, recalls, a transfer, a no-show put back, a booked and two priority tickets.
// Every figure is recomputed here from the script's own record of what happened when, and
// checked today (the live engine), the next day (the worker's fold of the journal) and after a
// restart (the aggregate cache on disk).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { CitizenBooking } from '../../shared/booking.js';
import type { Result } from '../../shared/errors.js';
import type { IssueResult, Priority, ReportSummary, WalkFigures, WalkSplit } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { parseCsv } from '../support/csv.js';
import { act, get, vnTime } from './helpers.js';

const D1 = '2026-11-26'; // a Thursday: the default week's hours are open
const D2 = '2026-11-27';
let clock = vnTime(D1, '07:00');
let server: TestServer;
let dataDir: string;
let supervisor: string;

type Kind = 'walkIn' | 'priority' | 'booked';
/** What the script did to a ticket, in order: the walk is read from this alone. */
interface Scripted {
  id: string;
  kind: Kind;
  serviceId: string;
  counterId: string | null;
  steps: { what: 'call' | 'recall' | 'start' | 'requeue'; ms: number }[];
}
const tickets = new Map<string, Scripted>();
const T = (key: string) => tickets.get(key)!;

function at(hhmmss: string): void {
  const [h, m, s] = hhmmss.split(':');
  clock = vnTime(D1, `${h}:${m}`, s ?? '00');
}
const step = (key: string, what: Scripted['steps'][number]['what']) => T(key).steps.push({ what, ms: clock.getTime() });

function track(key: string, r: Result<IssueResult>, serviceId: string, kind: Kind): void {
  if (!r.ok) throw new Error(r.error.message);
  tickets.set(key, { id: r.ticket.id, kind, serviceId, counterId: null, steps: [] });
}
async function issue(kiosk: Socket, key: string, serviceId: string, priority: Priority | null = null) {
  track(key, await request<IssueResult>(kiosk, 'ticket:issue', { serviceId, ...(priority ? { priority } : {}) }), serviceId, priority ? 'priority' : 'walkIn');
}
async function call(s: Socket, counterId: string, key: string) {
  await act(s, 'ticket:call', { counterId, ticketId: T(key).id });
  T(key).counterId = counterId;
  step(key, 'call');
}
async function recall(s: Socket, counterId: string, key: string) {
  await act(s, 'ticket:recall', { counterId });
  step(key, 'recall');
}
async function start(s: Socket, counterId: string, key: string) {
  await act(s, 'ticket:start', { counterId });
  step(key, 'start');
}
const complete = (s: Socket, counterId: string) => act(s, 'ticket:complete', { counterId });

/**
 * The walk as the issue asks for it: from the first call after the ticket last joined a queue
 * (recalls do not restart the clock; a transfer or a put-back does) to the start of service.
 */
function walkOf(t: Scripted): number | null {
  let turn: { from: number | null; walk: number | null } = { from: null, walk: null };
  for (const s of t.steps) {
    if (s.what === 'requeue') turn = { from: null, walk: null };
    else if (s.what === 'start') turn.walk = (s.ms - turn.from!) / 1000;
    else if (turn.from === null) turn.from = s.ms;
  }
  return turn.walk;
}

function figures(xs: number[]): WalkFigures {
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (p: number) => (xs.length ? sorted[Math.ceil((p / 100) * xs.length) - 1]! : null);
  return { count: xs.length, avgSec: xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null, medianSec: rank(50), p90Sec: rank(90) };
}
function split(group: Scripted[]): WalkSplit {
  const walked = group.filter((t) => walkOf(t) !== null);
  const of = (kind?: Kind) => figures(walked.filter((t) => !kind || t.kind === kind).map((t) => walkOf(t)!));
  return { all: of(), walkIn: of('walkIn'), priority: of('priority'), booked: of('booked') };
}

function expectWalks(summary: ReportSummary, where: string): void {
  const all = [...tickets.values()];
  const walked = all.filter((t) => walkOf(t) !== null);
  // Every line of the day read (a put-back the fold refused would shift a walk and count here).
  expect(summary.skippedLines, where).toBe(0);
  expect(summary.walk.total, `${where}: total`).toEqual(split(all));
  const services = [...new Set(walked.map((t) => t.serviceId))].sort();
  expect(summary.walk.services, `${where}: by service`).toEqual(services.map((serviceId) => ({ serviceId, ...split(all.filter((t) => t.serviceId === serviceId)) })));
  const counters = [...new Set(walked.map((t) => t.counterId!))].sort();
  expect(summary.walk.counters, `${where}: by counter`).toEqual(counters.map((counterId) => ({ counterId, ...split(all.filter((t) => t.counterId === counterId)) })));
}

async function summaryOf(day: string): Promise<ReportSummary> {
  const r = await server.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${day}&to=${day}`, undefined, supervisor);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.summary;
}

async function expectCsv(): Promise<void> {
  const res = await get(server, `/api/reports/tickets.csv?from=${D1}&to=${D1}`, supervisor);
  expect(res.status).toBe(200);
  const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
  // Appended at the end: the columns before it keep their places.
  expect(header!.at(-1)).toBe('Đi tới quầy (giây)');
  expect(header!.at(-2)).toBe('Mã phiếu');
  const byId = new Map(rows.filter((r) => r.length > 1).map((r) => [r.at(-2)!, r.at(-1)!]));
  expect(byId.size).toBe(tickets.size);
  for (const [key, t] of tickets) expect(byId.get(t.id), key).toBe(walkOf(t) === null ? '' : String(walkOf(t)));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'luot-walk-'));
  server = await startTestServer({ dataDir, now: () => clock, tickMs: 3_600_000 });
  const admin = await server.login();
  expect((await server.api('PUT', '/api/settings', { booking: { enabled: true, proof: 'pin', pin: '2468', powBits: 8, policy: 'strict', interleaveEvery: 2 } }, admin)).status).toBe(200);
  const booking = { remote: true, slots: true, slotMinutes: 15, capacity: 3, daysAhead: 7, perPhonePerDay: 1, checkInBeforeMin: 15, checkInAfterMin: 15 };
  expect((await server.api('PUT', '/api/services/dat-dai', { booking }, admin)).status).toBe(200);
  supervisor = await server.staff('giamsat', 'supervisor');
  const kiosk = await server.connect('/kiosk');
  const staff: Socket[] = [];
  for (const n of [1, 2, 3, 4]) {
    const s = await server.connect('/counter', { token: await server.staff(`canbo${n}`, 'staff') });
    await act(s, 'counter:open', { counterId: `q${n}` });
    staff.push(s);
  }
  const [s1, s2, s3, s4] = staff as [Socket, Socket, Socket, Socket];

  at('07:55');
  const made = await server.api<{ booking: CitizenBooking }>('POST', '/api/bookings', {
    serviceId: 'dat-dai', kind: 'slot', at: `${D1}T08:30:00+07:00`, phone: '0912 345 678', name: 'Phạm Thị Hoa', proof: { pin: '2468' },
  });
  if (!made.body.ok) throw new Error(made.body.error.message);

  at('08:00');
  await issue(kiosk, 'A1', 'dat-dai');
  await issue(kiosk, 'P1', 'dat-dai', 'elderly');
  await issue(kiosk, 'H1', 'ho-tich');
  await issue(kiosk, 'T1', 'tu-phap');
  await issue(kiosk, 'N1', 'ho-tich');
  // Called, recalled, started: the walk runs from the first call (45 s, not 25).
  at('08:01:00'), await call(s1, 'q1', 'A1');
  at('08:01:20'), await recall(s1, 'q1', 'A1');
  at('08:01:45'), await start(s1, 'q1', 'A1');
  at('08:02:00'), await call(s2, 'q2', 'P1');
  at('08:02:10'), await start(s2, 'q2', 'P1');
  // Started at q3, transferred: its walk is the one to q4, in its new service.
  at('08:03:00'), await call(s3, 'q3', 'H1');
  at('08:03:30'), await start(s3, 'q3', 'H1');
  at('08:04:00'), await act(s3, 'ticket:transfer', { counterId: 'q3', toServiceId: 'tu-phap' });
  Object.assign(T('H1'), { serviceId: 'tu-phap', counterId: null }), step('H1', 'requeue');
  at('08:05:00'), await complete(s1, 'q1'), await complete(s2, 'q2');
  // Served from the call, never started: no walk.
  at('08:05:00'), await call(s3, 'q3', 'T1');
  at('08:06:00'), await call(s4, 'q4', 'H1');
  at('08:06:50'), await start(s4, 'q4', 'H1');
  at('08:07:00'), await complete(s3, 'q3');
  // A no-show put back: the call before it does not count.
  at('08:08:00'), await call(s3, 'q3', 'N1');
  at('08:09:00'), await act(s3, 'ticket:noShow', { counterId: 'q3' });
  at('08:10:00'), await act(s3, 'ticket:putBack', { ticketId: T('N1').id });
  step('N1', 'requeue');
  at('08:10:00'), await complete(s4, 'q4');
  at('08:12:00'), await call(s3, 'q3', 'N1');
  at('08:12:15'), await recall(s3, 'q3', 'N1');
  at('08:12:40'), await start(s3, 'q3', 'N1');
  at('08:13:00'), await issue(kiosk, 'P2', 'ho-tich', 'disabled');
  at('08:15:00'), await complete(s3, 'q3');
  at('08:16:00'), await call(s4, 'q4', 'P2');
  at('08:16:20'), await start(s4, 'q4', 'P2');
  at('08:18:00'), await complete(s4, 'q4');
  // The booked citizen checks in for 08:30 and walks for 65 s.
  at('08:20:00');
  track('B1', await request<IssueResult>(kiosk, 'booking:checkIn', { code: made.body.booking.code }), 'dat-dai', 'booked');
  at('08:21:00'), await call(s1, 'q1', 'B1');
  at('08:22:05'), await start(s1, 'q1', 'B1');
  at('08:25:00'), await complete(s1, 'q1');
  for (const s of staff) s.disconnect();
  kiosk.disconnect();
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the walk to the desk in the reports', () => {
  it('the script covers every case: recalls, a transfer, a put-back, a ticket never started, each kind', () => {
    expect([...tickets.values()].map((t) => walkOf(t))).toEqual([45, 10, 50, null, 40, 20, 65]);
  });

  it('today, from the live engine: REST summary and CSV', async () => {
    expectWalks(await summaryOf(D1), 'today');
    await expectCsv();
  });

  it('the next day, from the fold of the journal; then after a restart, from the aggregate cache', async () => {
    clock = vnTime(D2, '07:00');
    await server.office.tick();
    expect(server.office.engine.serviceDay).toBe(D2);
    // Yesterday's 12-hour session has run out.
    supervisor = await server.login('giamsat', 'mat-khau-can-bo');
    expectWalks(await summaryOf(D1), 'folded');
    await expectCsv();

    await server.stop();
    server = await startTestServer({ dataDir, now: () => clock, tickMs: 3_600_000 });
    supervisor = await server.login('giamsat', 'mat-khau-can-bo');
    expectWalks(await summaryOf(D1), 'after a restart');
    await expectCsv();
    if (process.env.LUOT_TEST_STORE !== 'pg') {
      const cache = JSON.parse(await readFile(join(dataDir, 'cache', `groups-${D1}.json`), 'utf8')) as { v: number; groups: { walks: number[][] }[] };
      expect(cache.groups.flatMap((g) => g.walks.flat()).sort((a, b) => a - b)).toEqual([10, 20, 40, 45, 50, 65]);
      expect((await readdir(join(dataDir, 'cache'))).length).toBeGreaterThan(0);
    }
  });
});
