// The batched /kiosk feed (server/realtime/kiosk-feed.ts, turn-writes.ts), through a real server,
// real socket.io clients and the real TCP sockets between them: a kiosk gets, ahead of each of
// its acks and in the same TCP write, every change since its last update; a kiosk nobody taps
// gets the same at most every KIOSK_IDLE_MS, and still every revision exactly once, in order.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveState } from '../../shared/client/live.js';
import { BATCHED_FEED, FEED_QUERY } from '../../shared/events.js';
import type { Snapshot, Update } from '../../shared/types.js';
import { KIOSK_IDLE_MS } from '../../server/realtime/kiosk-feed.js';
import { TurnWrites } from '../../server/realtime/turn-writes.js';
import { until } from '../reliability/helpers.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer | null = null;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await server?.stop();
  server = null;
});

interface Kiosk {
  socket: Socket;
  /** Every `update` with the time it arrived. */
  updates: { at: number; u: Update }[];
  rev(): number;
}

function openKiosk(s: TestServer): Promise<Kiosk> {
  const socket = io(`${s.url}/kiosk`, { query: { [FEED_QUERY]: BATCHED_FEED }, transports: ['websocket'], reconnection: false, forceNew: true });
  s.clients.push(socket);
  const updates: Kiosk['updates'] = [];
  let rev = -1;
  socket.on('snapshot', (snap: Snapshot) => (rev = Math.max(rev, snap.rev)));
  socket.on('update', (u: Update) => {
    updates.push({ at: performance.now(), u });
    rev = Math.max(rev, u.rev);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, updates, rev: () => rev }));
    socket.once('connect_error', reject);
  });
}

const issue = (k: Kiosk, serviceId: string) =>
  new Promise<{ revAtAck: number; ok: boolean }>((resolve) =>
    k.socket.emit('ticket:issue', { serviceId, requestId: randomUUID() }, (r: { ok: boolean }) => resolve({ revAtAck: k.rev(), ok: r.ok })),
  );

/** Counts the TCP writes (syscalls) on the server side of a client's connection. */
function countWrites(s: TestServer, id: string): number[] {
  const socket = s.app.namespaces.kiosk.sockets.get(id);
  if (!socket) throw new Error(`no server socket ${id}`);
  // engine.io's websocket transport over ws over net.Socket.
  const tcp = (socket.conn as unknown as { transport: { socket: { _socket: Record<'_writev' | '_write', unknown> } } }).transport.socket._socket;
  const writes: number[] = [];
  for (const name of ['_writev', '_write'] as const) {
    const original = tcp[name] as (...a: unknown[]) => unknown;
    tcp[name] = function (this: unknown, ...a: unknown[]) {
      writes.push(name === '_writev' ? (a[0] as unknown[]).length : 1);
      return original.apply(this, a);
    };
  }
  return writes;
}

describe('batched kiosk feed', () => {
  it('an idle kiosk gets every revision once, in order, at most every KIOSK_IDLE_MS; a tapping kiosk has its changes before each ack', { timeout: 60_000 }, async () => {
    const s = (server = await startTestServer());
    const tapper = await openKiosk(s);
    const idle = await openKiosk(s);
    // The kiosk app's own client: its state must end equal to the server's, without a resync.
    const live = new LiveState({ namespace: '/kiosk', url: s.url });
    closers.push(() => live.close());
    let resyncs = 0;
    const resync = live.resync.bind(live);
    live.resync = () => {
      resyncs++;
      resync();
    };
    await until(() => live.state !== null && tapper.rev() >= 0 && idle.rev() >= 0, 10_000, 'every kiosk to have its snapshot');
    const rev0 = s.office.engine.rev;
    const tapperWrites = countWrites(s, tapper.socket.id!);
    const t0 = performance.now();
    const services = ['dat-dai', 'ho-tich', 'tu-phap', 'dkkd', 'ldtbxh'];
    for (let i = 0; i < 60; i++) {
      const r = await issue(tapper, services[i % services.length]!);
      expect(r.ok).toBe(true);
      // Read as the ack is handled: the update naming this ticket came first.
      expect(r.revAtAck).toBe(rev0 + i + 1);
    }
    const elapsed = performance.now() - t0;
    const end = s.office.engine.rev;
    expect(end).toBe(rev0 + 60);
    await until(() => idle.rev() === end && live.state?.rev === end, 5_000, 'the idle kiosks to catch up');

    // One command at a time: 60 flushes. The tapping kiosk had one update per ack, in the ack's TCP write.
    expect(tapper.updates).toHaveLength(60);
    expect(tapperWrites).toHaveLength(60);
    for (const client of [tapper, idle]) {
      const revs = client.updates.flatMap(({ u }) => Array.from({ length: u.rev - (u.fromRev ?? u.rev) + 1 }, (_, i) => (u.fromRev ?? u.rev) + i));
      expect(revs).toEqual(Array.from({ length: 60 }, (_, i) => rev0 + 1 + i));
    }
    // The idle kiosk: a few frames, never two closer than the pause (timer slack aside).
    expect(idle.updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / KIOSK_IDLE_MS) + 2);
    expect(idle.updates.length).toBeLessThan(30);
    for (let i = 1; i < idle.updates.length; i++) expect(idle.updates[i]!.at - idle.updates[i - 1]!.at).toBeGreaterThan(KIOSK_IDLE_MS * 0.8);

    // The idle client's counts are the server's.
    const state = (await s.api<{ snapshot: Snapshot }>('GET', '/api/state')).body;
    if (!state.ok) throw new Error('GET /api/state failed');
    expect(resyncs).toBe(0);
    expect(live.state!.services).toEqual(state.snapshot.services);
    console.log(`kiosk feed: 60 flushes, the tapping kiosk got ${tapper.updates.length} updates, an idle one ${idle.updates.length} in ${Math.round(elapsed)} ms`);
  });

  it('kiosks tapping at once share one encoded update per revision they were at, and each still has its own changes before its ack', { timeout: 60_000 }, async () => {
    const s = (server = await startTestServer());
    const kiosks = await Promise.all(Array.from({ length: 6 }, () => openKiosk(s)));
    await until(() => kiosks.every((k) => k.rev() >= 0), 10_000, 'every kiosk to have its snapshot');
    // Every `update` the server encodes for /kiosk, shared or not (a room emit encodes through the same encoder).
    const encoder = s.app.namespaces.io.encoder;
    const encode = encoder.encode.bind(encoder);
    let encodes = 0;
    encoder.encode = (packet) => {
      const data = (packet as { nsp?: string; data?: unknown[] }).data;
      if ((packet as { nsp?: string }).nsp === '/kiosk' && data?.[0] === 'update') encodes++;
      return encode(packet);
    };
    closers.push(() => (encoder.encode = encode));
    // The revision each ticket was committed at.
    const revOf = new Map<string, number>();
    closers.push(s.office.onCommitted((events) => {
      for (const e of events) if (e.type === 'ticket:issued') revOf.set(e.ticket.id, e.rev);
    }));
    const rev0 = s.office.engine.rev;
    const services = ['dat-dai', 'ho-tich', 'tu-phap', 'dkkd', 'ldtbxh'];
    const TAPS = 12;
    await Promise.all(
      kiosks.map(async (k, j) => {
        for (let i = 0; i < TAPS; i++) {
          const r = await new Promise<{ ok: boolean; ticket: { id: string }; revAtAck: number }>((resolve) =>
            k.socket.emit('ticket:issue', { serviceId: services[(i + j) % services.length]!, requestId: randomUUID() }, (a: { ok: boolean; ticket: { id: string } }) =>
              resolve({ ...a, revAtAck: k.rev() }),
            ),
          );
          expect(r.ok).toBe(true);
          // Its own ticket's revision had reached this kiosk when the ack was read.
          expect(r.revAtAck).toBeGreaterThanOrEqual(revOf.get(r.ticket.id)!);
        }
      }),
    );
    const end = s.office.engine.rev;
    expect(end).toBe(rev0 + kiosks.length * TAPS);
    await until(() => kiosks.every((k) => k.rev() === end), 5_000, 'every kiosk to catch up');
    // Shared or not, every kiosk got every revision once, in order.
    for (const k of kiosks) {
      const revs = k.updates.flatMap(({ u }) => Array.from({ length: u.rev - (u.fromRev ?? u.rev) + 1 }, (_, i) => (u.fromRev ?? u.rev) + i));
      expect(revs).toEqual(Array.from({ length: end - rev0 }, (_, i) => rev0 + 1 + i));
    }
    const sent = kiosks.reduce((n, k) => n + k.updates.length, 0);
    console.log(`kiosk feed: ${kiosks.length} kiosks × ${TAPS} taps, ${sent} updates received, ${encodes} encoded`);
    // Kiosks whose tickets shared a flush were at the same revision: fewer encodings than updates
    // (about half or less in runs here; one per update when each kiosk's was encoded on its own).
    expect(encodes).toBeLessThan(sent * 0.9);
  });

  it('a held socket writes the push and the ack of its turn in one TCP write', { timeout: 30_000 }, async () => {
    const s = (server = await startTestServer());
    const k = await openKiosk(s);
    await until(() => k.rev() >= 0, 10_000, 'the snapshot');
    const socket = s.app.namespaces.kiosk.sockets.get(k.socket.id!);
    const writes = countWrites(s, k.socket.id!);
    const got: string[] = [];
    k.socket.on('update', () => got.push('update'));
    k.socket.on('printer', () => got.push('printer'));
    const turn = new TurnWrites();

    // Held: three packets of one turn, in order, in one write.
    turn.hold(socket!);
    socket!.emit('update', { rev: 0 });
    socket!.emit('printer', { status: 'ok' });
    socket!.emit('update', { rev: 0 });
    expect(writes).toEqual([]);
    await until(() => got.length === 3, 5_000, 'the three packets');
    expect(got).toEqual(['update', 'printer', 'update']);
    expect(writes).toHaveLength(1);

    // Not held: one write per packet (what a held turn saves).
    writes.length = 0;
    socket!.emit('update', { rev: 0 });
    socket!.emit('printer', { status: 'ok' });
    await until(() => got.length === 5, 5_000, 'the two packets');
    expect(writes).toHaveLength(2);
  });
});
