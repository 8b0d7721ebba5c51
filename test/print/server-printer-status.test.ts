// The printer's own status through the real server: paper out, cover open and offline reach
// the kiosk and the staff quickly; a ticket issued without paper is answered at once, waits,
// and prints once when the paper is back; a printer that never answers status requests prints
// all the same and is never reported offline.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, PrinterStatus, TicketPrintEvent } from '../../shared/types.js';
import { decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.js';
import { until } from './helpers.js';

/** The idle check runs every 15 s in an office; here every 200 ms so the test is quick. */
const CHECK_MS = 200;

describe('a printer that reports its status', () => {
  let printer: FakePrinter;
  let server: TestServer;
  let kiosk: Socket;
  let staff: Socket;
  let admin: string;

  beforeAll(async () => {
    printer = await FakePrinter.start();
    server = await startTestServer({ printer: printer.target, printerCheckMs: CHECK_MS });
    admin = await server.login();
    kiosk = await server.connect('/kiosk');
    staff = await server.connect('/counter', { token: await server.staff('canbo-in', 'supervisor') });
  });
  afterAll(async () => {
    await server?.stop();
    await printer?.stop();
  });

  const both = (pred: (p: PrinterStatus) => boolean, timeoutMs = 5000) =>
    Promise.all([nextEvent<PrinterStatus>(kiosk, 'printer', pred, timeoutMs), nextEvent<PrinterStatus>(staff, 'printer', pred, timeoutMs)]);

  it('paper out reaches the kiosk and the staff within a few checks, and GET /api/printer says so', async () => {
    await until(() => server.office.printerStatus().status === 'ok' && printer.statusPolls > 0, 5000, 'first check');
    const seen = both((p) => p.status === 'paper_out');
    const at = Date.now();
    printer.setStatus({ paperOut: true });
    const [k, s] = await seen;
    const ms = Date.now() - at;
    console.log(`[printer status] paper out reached kiosk and staff ${ms} ms after it happened (idle check every ${CHECK_MS} ms)`);
    expect(ms).toBeLessThan(CHECK_MS * 10);
    expect(k.message).toContain('hết giấy');
    expect(s).toEqual(k);
    const api = await server.api<{ printer: PrinterStatus }>('GET', '/api/printer', undefined, admin);
    expect(api.body.ok && api.body.printer.status).toBe('paper_out');
  });

  it('a ticket issued without paper is answered at once, waits unsent, and prints once when the paper is back', async () => {
    const started = Date.now();
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    if (!r.ok) throw new Error(r.error.message);
    const ackMs = Date.now() - started;
    expect(ackMs).toBeLessThan(1500);
    expect(r.print.status).toBe('queued');
    expect(r.print.message).toContain('hết giấy');
    await new Promise((res) => setTimeout(res, 1000));
    expect(printer.completeJobs).toHaveLength(0);
    expect(server.office.printerStatus()).toMatchObject({ status: 'paper_out', pending: 1 });

    const back = both((p) => p.status === 'ok' && p.pending === 0, 8000);
    const changed = Date.now();
    printer.setStatus({ paperOut: false });
    await back;
    await printer.waitForJobs(1, 5000);
    console.log(`[printer status] ticket issued without paper answered in ${ackMs} ms (queued); printed ${printer.jobs[0]!.at - changed} ms after the paper was back`);
    await new Promise((res) => setTimeout(res, 1000));
    expect(printer.completeJobs).toHaveLength(1);
    expect(qrCodes(decodeEscPos(printer.completeJobs[0]!)).map((q) => q.data)).toEqual([r.trackUrl]);
  });

  it('cover open and offline are told apart from paper out', async () => {
    const cover = both((p) => p.status === 'error');
    printer.setStatus({ coverOpen: true });
    const [k] = await cover;
    expect(k.message).toContain('Nắp máy in');
    const offline = both((p) => p.status === 'offline');
    printer.setStatus({ coverOpen: false, offline: true });
    expect((await offline)[0].message).toContain('ngoại tuyến');
    const ok = both((p) => p.status === 'ok');
    printer.setStatus({ offline: false });
    await ok;
  });

  it('paper near end stays "ok" for the kiosk and warns the staff; a ticket still prints', async () => {
    const low = both((p) => p.paperNearEnd === true);
    printer.setStatus({ paperNearEnd: true });
    const [k] = await low;
    expect(k.status).toBe('ok');
    const before = printer.completeJobs.length;
    const printed = nextEvent<TicketPrintEvent>(kiosk, 'ticket:print', (e) => e.status === 'printed');
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    // "Near end" is no reason to wait: on its way, no message, and printed.
    expect(r.ok && r.print).toEqual({ status: 'queued' });
    expect((await printed).ticketId).toBe(r.ok && r.ticket.id);
    expect(printer.completeJobs).toHaveLength(before + 1);
    printer.setStatus({ paperNearEnd: false });
  });
});

describe('a printer that never answers status requests', () => {
  let printer: FakePrinter;
  let server: TestServer;

  beforeAll(async () => {
    printer = await FakePrinter.start();
    printer.setStatus({ silent: true });
    server = await startTestServer({ printer: printer.target, printerCheckMs: CHECK_MS });
  });
  afterAll(async () => {
    await server?.stop();
    await printer?.stop();
  });

  it('prints every ticket and is never reported offline', async () => {
    const kiosk = await server.connect('/kiosk');
    const states: string[] = [];
    kiosk.on('printer', (p: PrinterStatus) => states.push(p.status));
    const tracks: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap' });
      if (!r.ok) throw new Error(r.error.message);
      expect(['printed', 'queued']).toContain(r.print.status);
      tracks.push(r.trackUrl);
    }
    await until(() => printer.completeJobs.length === 3, 10_000, 'three tickets');
    // Several idle checks go unanswered meanwhile.
    await new Promise((res) => setTimeout(res, CHECK_MS * 5));
    expect(printer.statusRequests).toBeGreaterThan(3);
    expect(printer.completeJobs.map((b) => qrCodes(decodeEscPos(b))[0]?.data)).toEqual(tracks);
    expect(states).not.toContain('offline');
    expect(server.office.printerStatus().status).toBe('ok');
  });
});
