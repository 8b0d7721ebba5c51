// Issue 10: the kiosk's ack no longer waits for the printer. Through the real server and a real
// TCP fake printer: the ack comes while the printer still holds the job unread, and
// `ticket:print` says `printed` once it has read it; a printer that is off gets an ack at once
// and a push saying why the ticket waits, then `printed` when it is back; a retried request on
// another socket hears the same; REST still waits for the printer as before.
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { IssueResult, TicketPrintEvent } from '../../shared/types.js';
import { FakePrinter } from '../support/fake-printer.js';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.js';
import { until } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setUp(printer: FakePrinter | string): Promise<{ server: TestServer; kiosk: Socket }> {
  const server = await startTestServer({ printer: typeof printer === 'string' ? printer : printer.target });
  cleanups.push(() => server.stop());
  return { server, kiosk: await server.connect('/kiosk') };
}

/** Every `ticket:print` a socket hears, in order. */
function pushes(socket: Socket): TicketPrintEvent[] {
  const seen: TicketPrintEvent[] = [];
  socket.on('ticket:print', (e: TicketPrintEvent) => seen.push(e));
  return seen;
}

describe('the kiosk ack and the ticket:print push', () => {
  it('the ack arrives while the printer holds the job unread; the push says printed once it has read it', async () => {
    // A jammed printer: it takes the connection and reads nothing (the job sits in its buffer).
    const printer = await FakePrinter.start({ kind: 'neverRead' });
    cleanups.push(() => printer.stop());
    const { kiosk } = await setUp(printer);
    const seen = pushes(kiosk);
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    if (!r.ok) throw new Error(r.error.message);
    // Before: the ack waited out the ack time (1.5 s) and said queued "waiting for the printer".
    expect(r.print).toEqual({ status: 'queued' });
    expect(printer.completeJobs).toHaveLength(0);
    // The job sat unread until its attempt ran out (4 s): the kiosk is told why it waits.
    await until(() => seen.length > 0, 20_000, 'a push');
    expect(seen).toEqual([{ ticketId: r.ticket.id, status: 'queued', message: expect.stringContaining('Máy in không phản hồi') }]);
    expect(printer.connections).toBeGreaterThan(0);
    expect(printer.completeJobs).toHaveLength(0);
    // Unjammed: the job is sent again, and read.
    const printed = nextEvent<TicketPrintEvent>(kiosk, 'ticket:print', (e) => e.status === 'printed', 20_000);
    printer.setMode({ kind: 'normal' });
    expect(await printed).toEqual({ ticketId: r.ticket.id, status: 'printed' });
    expect(printer.completeJobs).toHaveLength(1);
    expect(seen.map((e) => e.status)).toEqual(['queued', 'printed']);
  }, 40_000);

  it('a printer that is off: the ack says queued at once, the push says why, then printed when it is back', async () => {
    const port = await FakePrinter.freePort();
    const { kiosk } = await setUp(`tcp://127.0.0.1:${port}`);
    const seen = pushes(kiosk);
    const why = nextEvent<TicketPrintEvent>(kiosk, 'ticket:print', (e) => e.status === 'queued', 10_000);
    const started = Date.now();
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    if (!r.ok) throw new Error(r.error.message);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(r.print.status).toBe('queued');
    const queued = await why;
    expect(queued.ticketId).toBe(r.ticket.id);
    expect(queued.message).toMatch(/Máy in không phản hồi|Không kết nối được máy in/);
    const printer = await FakePrinter.start({ kind: 'normal' }, port);
    cleanups.push(() => printer.stop());
    const printed = nextEvent<TicketPrintEvent>(kiosk, 'ticket:print', (e) => e.status === 'printed', 20_000);
    expect(await printed).toEqual({ ticketId: r.ticket.id, status: 'printed' });
    expect(printer.completeJobs).toHaveLength(1);
    // One push per reason, not one per retry, and nothing after the end.
    const reasons = seen.filter((e) => e.status === 'queued').map((e) => e.message);
    expect(new Set(reasons).size).toBe(reasons.length);
    expect(seen.at(-1)).toEqual({ ticketId: r.ticket.id, status: 'printed' });
  }, 30_000);

  it('a retried request (same requestId) on a new socket gets the current state and the push too; REST still waits', async () => {
    const printer = await FakePrinter.start({ kind: 'neverRead' });
    cleanups.push(() => printer.stop());
    const { server, kiosk } = await setUp(printer);
    const requestId = '7c1e9a52-2f4b-4c7e-9d3a-5b6f0e8a1c24';
    const first = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap', requestId });
    if (!first.ok) throw new Error(first.error.message);
    // The kiosk lost the ack and reconnected: same ticket, the job's state now, and the push.
    const again = await server.connect('/kiosk');
    const retried = await request<IssueResult>(again, 'ticket:issue', { serviceId: 'tu-phap', requestId });
    if (!retried.ok) throw new Error(retried.error.message);
    expect(retried.ticket.id).toBe(first.ticket.id);
    expect(retried.print.status).toBe('queued');
    const onFirst = nextEvent<TicketPrintEvent>(kiosk, 'ticket:print', (e) => e.status === 'printed', 20_000);
    const onAgain = nextEvent<TicketPrintEvent>(again, 'ticket:print', (e) => e.status === 'printed', 20_000);
    printer.setMode({ kind: 'normal' });
    expect(await onFirst).toEqual({ ticketId: first.ticket.id, status: 'printed' });
    expect(await onAgain).toEqual({ ticketId: first.ticket.id, status: 'printed' });
    expect(printer.completeJobs).toHaveLength(1);

    // An integration has no socket to hear the push: POST /api/tickets answers once printed.
    const rest = await server.api<IssueResult>('POST', '/api/tickets', { serviceId: 'tu-phap' });
    expect(rest.status).toBe(201);
    expect(rest.body.ok && rest.body.print).toEqual({ status: 'printed' });
    expect(printer.completeJobs).toHaveLength(2);
  }, 30_000);
});
