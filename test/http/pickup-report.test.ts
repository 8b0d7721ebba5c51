// Issue 15 §1, the pickup figures (GET /api/results/report) against two scripted days whose
// answers are worked out here by hand from the script, not read back from the server: day 1 two
// submissions (files handed in, waits 10 and 20 min); day 2 three pickups (one ready by its
// promised date, one ready late, one not ready and seen anyway; waits 6, 14 and 28 min).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { PickupDay } from '../../server/pickup-report.js';
import type { IssueResult } from '../../shared/types.js';
import { PICKUP_SERVICE } from '../support/results.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { vnTime } from './helpers.js';

const DAY1 = '2026-03-02';
const DAY2 = '2026-03-03';
let clock = vnTime(DAY1, '07:00');
const at = (day: string, hhmm: string) => {
  clock = vnTime(day, hhmm);
};

let server: TestServer;
let clerk: Socket;
let kiosk: Socket;
let staffToken: string;
let supervisor: string;

async function ok<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const r = await request<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
  return r as T;
}

async function serve(counterId: string, hhmm: string, day: string, fileCode: string | null) {
  at(day, hhmm);
  await ok(clerk, 'ticket:callNext', { counterId });
  await ok(clerk, 'ticket:complete', { counterId, ...(fileCode ? { fileCode } : {}) });
}

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, tickMs: 60_000 });
  const admin = await server.login();
  expect((await server.api('POST', '/api/services', PICKUP_SERVICE, admin)).status).toBe(201);
  const q7 = { id: 'q7', number: 7, label: { vi: 'Quầy 7', en: 'Counter 7' }, serviceIds: [PICKUP_SERVICE.id] };
  expect((await server.api('POST', '/api/counters', q7, admin)).status).toBe(201);
  staffToken = await server.staff('lan', 'staff');
  clerk = await server.connect('/counter', { token: staffToken });
  kiosk = await server.connect('/kiosk');

  // Day 1: two files handed in.
  at(DAY1, '07:55');
  await ok(clerk, 'counter:open', { counterId: 'q3' });
  at(DAY1, '08:00');
  await ok<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich', requestId: 'day1-ticket-a' });
  at(DAY1, '08:05');
  await ok<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich', requestId: 'day1-ticket-b' });
  await serve('q3', '08:10', DAY1, 'H29-260302-0001'); // waited 10
  await serve('q3', '08:25', DAY1, 'H29-260302-0002'); // waited 20
  at(DAY1, '08:30');
  for (const [fileCode, date] of [['H29-260302-0001', DAY2], ['H29-260302-0002', DAY2], ['H29-260227-0003', DAY1]] as const) {
    expect((await server.api('POST', '/api/results/promise', { fileCode, date }, staffToken)).status).toBe(200);
  }

  // Day 2: two files ready (one on its promised day, one a day late), three pickups.
  at(DAY2, '09:00');
  // Yesterday's sessions have expired by the office clock: today's staff sign in again.
  staffToken = await server.staff('thu', 'staff');
  clerk = await server.connect('/counter', { token: staffToken });
  supervisor = await server.staff('giamsat', 'supervisor');
  expect((await server.api('POST', '/api/results/ready', { fileCodes: ['H29-260302-0001', 'H29-260227-0003'] }, staffToken)).status).toBe(200);
  at(DAY2, '09:55');
  await ok(clerk, 'counter:open', { counterId: 'q7' });
  at(DAY2, '10:00');
  await ok<IssueResult>(kiosk, 'result:pickup', { fileCode: 'H29-260302-0001', requestId: 'day2-pickup-1' });
  at(DAY2, '10:01');
  await ok<IssueResult>(kiosk, 'result:pickup', { fileCode: 'H29-260227-0003', requestId: 'day2-pickup-3' });
  at(DAY2, '10:02');
  await ok<IssueResult>(kiosk, 'result:pickup', { fileCode: 'H29-260302-0002', requestId: 'day2-pickup-2', anyway: true });
  await serve('q7', '10:06', DAY2, null); // waited 6
  await serve('q7', '10:15', DAY2, null); // waited 14
  await serve('q7', '10:30', DAY2, null); // waited 28
});
afterAll(() => server.stop());

describe('GET /api/results/report', () => {
  it('gives each day’s pickups, readiness by the promised date and the two waits', async () => {
    const r = await server.api<{ days: PickupDay[] }>('GET', `/api/results/report?from=${DAY1}&to=${DAY2}`, undefined, supervisor);
    expect(r.status).toBe(200);
    expect(r.body.ok && r.body.days).toEqual([
      { day: DAY1, pickups: 0, notReady: 0, promised: 0, readyByPromise: 0, avgWaitPickupMin: null, avgWaitSubmissionMin: 15 },
      { day: DAY2, pickups: 3, notReady: 1, promised: 3, readyByPromise: 1, avgWaitPickupMin: 16, avgWaitSubmissionMin: null },
    ]);
  });

  it('is for supervisors, and refuses a bad range', async () => {
    expect((await server.api('GET', `/api/results/report?from=${DAY1}&to=${DAY2}`, undefined, staffToken)).status).toBe(403);
    expect((await server.api('GET', `/api/results/report?from=2026-3-1&to=${DAY2}`, undefined, supervisor)).status).toBe(400);
  });
});
