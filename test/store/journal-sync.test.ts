// "Nothing acknowledged is lost" proven to the disk, not only to the process: every ticket
// acknowledged to a kiosk and every call acknowledged to a counter must have been covered by
// a completed datasync of the journal before the acknowledgement left the server. The order
// is recorded through the journal's file-operation seam and the server's outgoing packets.
import type { Socket as ServerSocket } from 'socket.io';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, PublicTicket } from '../../shared/types.js';
import { FaultyFs, type FsRecord } from '../support/faulty-fs.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const KIOSKS = 20;
const PER_KIOSK = 10;
const SERVICES = ['tu-phap', 'ho-tich', 'dat-dai'];

let server: TestServer;
const fs = new FaultyFs();
/** Acknowledgements as they left the server: what they name, and when in the shared order. */
const acks: { at: number; nsp: string; ticketId: string }[] = [];

beforeAll(async () => {
  // A sync that takes a few ms: an answer sent before its sync resolved would then show up
  // before the sync in the recorded order, and concurrent kiosks share syncs (group commit).
  fs.syncDelayMs = 4;
  server = await startTestServer({ journalFs: fs.ops });
  for (const nsp of ['/kiosk', '/counter']) {
    server.app.io.of(nsp).on('connection', (s: ServerSocket) => {
      s.conn.on('packetCreate', (packet: { type: string; data?: unknown }) => {
        // An ack is socket.io packet type 3: "3/kiosk,<id>[<result>]".
        const m = typeof packet.data === 'string' ? /^3\/\w+,\d+(\[.*\])$/s.exec(packet.data) : null;
        if (!m) return;
        const [result] = JSON.parse(m[1]!) as [{ ok: boolean; ticket?: { id: string } | null }];
        if (result.ok && result.ticket) acks.push({ at: fs.tick(), nsp, ticketId: result.ticket.id });
      });
    });
  }
});
afterAll(() => server.stop());

/** The first completed sync that covers the append holding `needle`, or null. */
function syncCovering(log: FsRecord[], needle: string): { append: number; synced: number } | null {
  const ordinal = new Map<number, number>();
  let found: { handle: number; ordinal: number; at: number } | null = null;
  for (const r of log) {
    if (r.k === 'append') {
      const n = (ordinal.get(r.handle) ?? 0) + 1;
      ordinal.set(r.handle, n);
      if (!found && r.text.includes(needle)) found = { handle: r.handle, ordinal: n, at: r.at };
    } else if (r.k === 'synced' && found && r.handle === found.handle && r.covers >= found.ordinal) {
      return { append: found.at, synced: r.at };
    }
  }
  return null;
}

describe('the journal syncs before anything is acknowledged', () => {
  it(`${KIOSKS} kiosks and 2 counters at once: every ack follows the datasync of its line`, async () => {
    const kiosks = await Promise.all(Array.from({ length: KIOSKS }, () => server.connect('/kiosk')));
    const staff = await Promise.all(['q1', 'q2'].map(async (counterId, i) => {
      const s = await server.connect('/counter', { token: await server.staff(`canbo${i}`, 'supervisor') });
      const r = await request(s, 'counter:open', { counterId });
      expect(r.ok).toBe(true);
      return { s, counterId };
    }));
    const issued: IssueResult[] = [];
    const called: PublicTicket[] = [];
    let issuing = true;
    const kioskRuns = kiosks.map(async (k: Socket, i) => {
      for (let n = 0; n < PER_KIOSK; n++) {
        const r = await request<IssueResult>(k, 'ticket:issue', { serviceId: SERVICES[(i + n) % SERVICES.length], requestId: `sync-k${i}-n${n}` });
        expect(r.ok, JSON.stringify(r)).toBe(true);
        if (r.ok) issued.push(r);
      }
    });
    const counterRuns = staff.map(async ({ s, counterId }) => {
      for (let n = 0; n < 200 && (issuing || n < 5); n++) {
        const r = await request<{ ticket: PublicTicket | null }>(s, 'ticket:callNext', { counterId });
        if (r.ok && r.ticket) {
          called.push(r.ticket);
          await request(s, 'ticket:complete', { counterId });
        } else await new Promise((res) => setTimeout(res, 5));
      }
    });
    await Promise.all(kioskRuns);
    issuing = false;
    await Promise.all(counterRuns);

    expect(issued).toHaveLength(KIOSKS * PER_KIOSK);
    expect(called.length).toBeGreaterThan(5);
    const log = fs.log;
    let checked = 0;
    for (const t of issued) {
      const ack = acks.find((a) => a.nsp === '/kiosk' && a.ticketId === t.ticket.id);
      expect(ack, `ack of ${t.ticket.number} not seen leaving the server`).toBeDefined();
      const sync = syncCovering(log, `"id":"${t.ticket.id}"`);
      expect(sync, `${t.ticket.number} acknowledged without a completed datasync of its line`).not.toBeNull();
      expect(sync!.synced, `${t.ticket.number} acknowledged before its datasync finished`).toBeLessThan(ack!.at);
      checked++;
    }
    for (const t of called) {
      const ack = acks.find((a) => a.nsp === '/counter' && a.ticketId === t.id);
      expect(ack).toBeDefined();
      const sync = syncCovering(log, `"type":"ticket:called","ticketId":"${t.id}"`);
      expect(sync, `call of ${t.number} acknowledged without a completed datasync`).not.toBeNull();
      expect(sync!.synced, `call of ${t.number} acknowledged before its datasync finished`).toBeLessThan(ack!.at);
      checked++;
    }
    expect(checked).toBe(issued.length + called.length);
    // Group commit really happened: far fewer syncs than acknowledged changes.
    const syncs = log.filter((r) => r.k === 'synced').length;
    expect(syncs).toBeLessThan(issued.length);
  }, 60_000);
});
