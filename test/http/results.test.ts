// Issue 15 §1 over a real server: files marked ready over REST (staff token; refused without;
// bad input named), the check, and the pickup ticket on REST and the /kiosk socket: issued for a
// ready file with its code, refused for one not ready (no ticket in the state, nothing printed)
// unless asked anyway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ResultCheck } from '../../shared/file-code.js';
import type { IssueResult, Snapshot, StaffSnapshot } from '../../shared/types.js';
import { PICKUP_SERVICE } from '../support/results.js';
import { RecordingPrinter, firstSnapshot, request, startTestServer, type TestServer } from '../support/server.js';
import { expectError, snapshotOf } from './helpers.js';

const CODE = '000.00.12.H29-250714-0001';

let server: TestServer;
let clerk: string;
let kiosk: Socket;
const printer = new RecordingPrinter();

beforeAll(async () => {
  server = await startTestServer({ printer });
  const admin = await server.login();
  const r = await server.api('POST', '/api/services', PICKUP_SERVICE, admin);
  expect(r.status).toBe(201);
  clerk = await server.staff('tra-kq', 'staff');
  kiosk = await server.connect('/kiosk');
});
afterAll(() => server.stop());

describe('POST /api/results/ready', () => {
  it('is refused without a staff token, and with a bad one', async () => {
    const none = await server.api('POST', '/api/results/ready', { fileCodes: [CODE] });
    expect(none.status).toBe(401);
    const bad = await server.api('POST', '/api/results/ready', { fileCodes: [CODE] }, 'not-a-token');
    expect(bad.status).toBe(401);
    const check = await server.api<{ result: ResultCheck }>('GET', `/api/results/${CODE}`);
    expect(check.body.ok && check.body.result.status).toBe('unknown');
  });

  it('names bad input and changes nothing', async () => {
    const bad = await server.api('POST', '/api/results/ready', { fileCodes: ['H29-250714-0002', 'hồ sơ/2'] }, clerk);
    expect(bad.status).toBe(400);
    expectError(bad.body, 'invalid', 'fileCodes.1');
    const empty = await server.api('POST', '/api/results/ready', { fileCodes: [] }, clerk);
    expect(empty.status).toBe(400);
    const check = await server.api<{ result: ResultCheck }>('GET', '/api/results/H29-250714-0002');
    expect(check.body.ok && check.body.result.status).toBe('unknown');
  });

  it('marks files ready with a staff token, codes normalised', async () => {
    const r = await server.api<{ fileCodes: string[] }>('POST', '/api/results/ready', { fileCodes: [' 000.00.12.h29-250714-0001'] }, clerk);
    expect(r.status).toBe(200);
    expect(r.body.ok && r.body.fileCodes).toEqual([CODE]);
    const check = await server.api<{ result: ResultCheck }>('GET', `/api/results/${CODE.toLowerCase()}`);
    expect(check.body.ok && check.body.result).toEqual({ fileCode: CODE, status: 'ready', promisedDate: null });
  });
});

describe('pickup tickets', () => {
  it('a file not ready: no ticket, nothing printed, the promised date said; a ticket when asked anyway', async () => {
    const promise = await server.api('POST', '/api/results/promise', { fileCode: 'H29-250714-0003', date: '2026-12-08' }, clerk);
    expect(promise.status).toBe(200);
    const before = (await snapshotOf(server)).services.find((s) => s.id === 'tra-ket-qua')!.waiting;
    const jobs = printer.jobs.length;
    const check = await request<{ result: ResultCheck }>(kiosk, 'result:check', { fileCode: 'h29-250714-0003' });
    expect(check.ok && check.result).toEqual({ fileCode: 'H29-250714-0003', status: 'not_ready', promisedDate: '2026-12-08' });
    const refused = await request<IssueResult>(kiosk, 'result:pickup', { fileCode: 'H29-250714-0003', requestId: 'pickup-req-1' });
    expectError(refused, 'conflict');
    expect(!refused.ok && refused.error.reason).toBe('result_not_ready');
    const rest = await server.api('POST', '/api/results/pickup', { fileCode: 'H99-000009' });
    expect(rest.status).toBe(409);
    expect((await snapshotOf(server)).services.find((s) => s.id === 'tra-ket-qua')!.waiting).toBe(before);
    expect(printer.jobs.length).toBe(jobs);

    const anyway = await request<IssueResult>(kiosk, 'result:pickup', { fileCode: 'H29-250714-0003', requestId: 'pickup-req-2', anyway: true });
    expect(anyway.ok && anyway.pickup).toEqual({ fileCode: 'H29-250714-0003', ready: false });
    expect(printer.jobs.length).toBe(jobs + 1);
    expect(printer.jobs.at(-1)!.fileCode).toBe('H29-250714-0003');
  });

  it('a ready file: a ticket of the pickup service with the file code, on the socket and over REST', async () => {
    const r = await request<IssueResult>(kiosk, 'result:pickup', { fileCode: CODE, requestId: 'pickup-req-3' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.ticket.serviceId).toBe('tra-ket-qua');
    expect(r.ticket.number).toMatch(/^K\d{3}$/);
    expect(r.pickup).toEqual({ fileCode: CODE, ready: true });
    // The same request again: the same ticket.
    const again = await request<IssueResult>(kiosk, 'result:pickup', { fileCode: CODE, requestId: 'pickup-req-3' });
    expect(again.ok && again.ticket.id).toBe(r.ticket.id);
    const rest = await server.api<IssueResult>('POST', '/api/results/pickup', { fileCode: CODE });
    expect(rest.status).toBe(201);
    expect(rest.body.ok && rest.body.pickup).toEqual({ fileCode: CODE, ready: true });
  });

  it('staff see each pickup ticket’s file (the counter shows it large); public feeds never do', async () => {
    const staff = await server.connect('/counter', { token: clerk });
    const snap = await firstSnapshot<StaffSnapshot>(staff);
    const mine = Object.values(snap.pickups ?? {});
    expect(mine).toContainEqual({ fileCode: CODE, ready: true });
    expect(mine).toContainEqual({ fileCode: 'H29-250714-0003', ready: false });
    expect(snap.waiting['tra-ket-qua']!.every((t) => t.pickup !== undefined)).toBe(true);
    const display = await server.connect('/display');
    expect(JSON.stringify(await firstSnapshot<Snapshot>(display))).not.toContain('H29-250714');
    expect(JSON.stringify(await snapshotOf(server))).not.toContain('H29-250714');
  });
});
