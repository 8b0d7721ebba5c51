// The two feeds of realtime pushes (shared/events.ts) through a real server and real socket.io
// clients. The batched feed, which the apps take: one frame per client per journal flush, a call
// one `called` frame carrying its update. The classic feed of PROTOCOL.md, which clients outside
// this repository rely on (an LED board controller, a Python integration): one `update` per
// revision, `called` after it. Ground truth is the journal on disk.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayFeed } from '../../shared/client/display-feed.js';
import { StaffLiveState } from '../../shared/client/staff-live.js';
import { BATCHED_FEED, FEED_QUERY } from '../../shared/events.js';
import type { CalledEvent, PublicTicket, Snapshot, StaffSnapshot, Update } from '../../shared/types.js';
import type { JournalEvent } from '../../server/queue/events.js';
import { BATCHED_ROOM } from '../../server/realtime/broadcast.js';
import { comparable } from '../reliability/display-outage.js';
import { must, sleep, until } from '../reliability/helpers.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Namespace = '/display' | '/kiosk' | '/counter';
interface Frame {
  event: string;
  payload: Update & Partial<CalledEvent>;
}

let server: TestServer | null = null;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await server?.stop();
  server = null;
});

interface Client {
  socket: Socket;
  /** Every `update` and `called` frame received, in order. */
  frames: Frame[];
  /** The highest rev seen (snapshot included), -1 before the first. */
  rev(): number;
}

/**
 * A socket.io client recording its frames from the start (the snapshot comes with the connect).
 * `batched`: asks for the batched feed as LiveState does (handshake query); else the classic feed.
 */
function open(s: TestServer, namespace: Namespace, batched: boolean, auth: Record<string, unknown> = {}): Promise<Client> {
  const socket = io(`${s.url}${namespace}`, {
    auth,
    ...(batched ? { query: { [FEED_QUERY]: BATCHED_FEED } } : {}),
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  s.clients.push(socket);
  const frames: Frame[] = [];
  let rev = -1;
  socket.on('snapshot', (snap: Snapshot) => (rev = Math.max(rev, snap.rev)));
  socket.onAny((event: string, payload: Frame['payload']) => {
    if (event !== 'update' && event !== 'called') return;
    frames.push({ event, payload });
    rev = Math.max(rev, payload.rev, payload.update?.rev ?? -1);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, frames, rev: () => rev }));
    socket.once('connect_error', reject);
  });
}

/** The revision ranges a client's frames cover: an update alone, or the one inside a call. */
function ranges(frames: Frame[]): [number, number][] {
  return frames.flatMap(({ event, payload }) => {
    const u = event === 'update' ? payload : payload.update;
    return u ? [[u.fromRev ?? u.rev, u.rev] as [number, number]] : [];
  });
}

/** Every revision after `from` up to `to`, each in exactly one range, in order: nothing missed, nothing twice. */
function expectContiguous(rs: [number, number][], from: number, to: number): void {
  const revs = rs.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
  expect(revs).toEqual(Array.from({ length: to - from }, (_, i) => from + 1 + i));
}

async function journal(s: TestServer): Promise<JournalEvent[]> {
  const dir = join(s.dataDir, 'journal');
  const files = (await readdir(dir)).filter((f) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(f)).sort();
  const lines = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).flatMap((t) => t.split('\n'));
  return lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as JournalEvent);
}
const callsIn = (events: JournalEvent[], after: number) =>
  events.filter((e): e is Extract<JournalEvent, { type: 'ticket:called' }> => e.type === 'ticket:called' && e.rev > after);

const PUBLIC_TICKET_FIELDS = ['id', 'number', 'serviceId', 'priority', 'state', 'issuedAt', 'calledAt', 'counterId', 'callCount'];
const CALLED_FIELDS = ['rev', 'ticket', 'counterId', 'counterNumber', 'recall', 'at'];

describe('realtime feeds', () => {
  it('batched: a call reaches a display as one frame carrying its update, and the display equals a fresh snapshot', { timeout: 60_000 }, async () => {
    const s = (server = await startTestServer());
    const staff = await s.connect('/counter', { token: await s.login() });
    const kiosk = await s.connect('/kiosk');
    const classic = await open(s, '/display', false);
    const batched = await open(s, '/display', true);
    // The real display client (DisplayFeed over LiveState), as the wall display runs it.
    const feed = new DisplayFeed({ url: s.url });
    closers.push(() => feed.close());
    const announced: CalledEvent[] = [];
    feed.onAnnounce((c) => announced.push(c));
    await until(() => feed.state !== null && batched.rev() >= 0 && classic.rev() >= 0, 10_000, 'every display to have its snapshot');
    // LiveState asks for the batched feed: it sits in the room beside the raw batched socket.
    expect(s.app.namespaces.display.adapter.rooms.get(BATCHED_ROOM)?.size).toBe(2);
    const rev0 = s.office.engine.rev;

    const counters = ['q3', 'q4', 'q5'];
    for (const counterId of counters) await must(staff, 'counter:open', { counterId });
    const services = ['ho-tich', 'tu-phap', 'dkkd', 'ldtbxh'];
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 3; i++) await must(kiosk, 'ticket:issue', { serviceId: services[(round + i) % services.length] });
      for (const [k, counterId] of counters.entries()) {
        const r = await must<{ ticket: PublicTicket | null }>(staff, 'ticket:callNext', { counterId });
        if (!r.ticket) continue;
        if ((round + k) % 3 === 0) await must(staff, 'ticket:recall', { counterId });
        if ((round + k) % 4 === 1) await must(staff, 'ticket:noShow', { counterId });
        else await must(staff, 'ticket:complete', { counterId, fileCode: `HS-${round}-${k}` });
      }
    }
    const end = s.office.engine.rev;
    await until(() => feed.state?.rev === end && batched.rev() === end && classic.rev() === end, 10_000, 'every display to reach the last revision');

    const calls = callsIn(await journal(s), rev0);
    expect(calls.length).toBeGreaterThanOrEqual(20);
    const callRevs = calls.map((c) => c.rev);
    // Batched: every call once, each in one frame with the update of its revision.
    const batchedCalls = batched.frames.filter((f) => f.event === 'called').map((f) => f.payload);
    expect(batchedCalls.map((c) => c.rev)).toEqual(callRevs);
    for (const c of batchedCalls) {
      expect(c.update).toBeDefined();
      expect(c.update!.fromRev! <= c.rev && c.rev <= c.update!.rev).toBe(true);
      expect(c.update!.counters?.find((x) => x.id === c.counterId)?.current?.id).toBe(c.ticket!.id);
    }
    // …and no separate `update` for a call's revision.
    for (const [a, b] of ranges(batched.frames.filter((f) => f.event === 'update'))) {
      expect(callRevs.filter((r) => r >= a && r <= b)).toEqual([]);
    }
    expectContiguous(ranges(batched.frames), rev0, end);
    // One command at a time: one flush per revision. The classic feed pays a second frame per call.
    const revs = end - rev0;
    expect(batched.frames).toHaveLength(revs);
    expect(classic.frames.filter((f) => f.event === 'update' && !('fromRev' in f.payload))).toHaveLength(revs);
    expect(classic.frames).toHaveLength(revs + calls.length);

    // The real client: exactly the server's public state, and every call announced once, in order.
    const publicState = (await s.api<{ snapshot: Snapshot }>('GET', '/api/state')).body;
    if (!publicState.ok) throw new Error('GET /api/state failed');
    expect(comparable(feed.state!)).toEqual(comparable(publicState.snapshot));
    expect(announced.map((c) => c.rev)).toEqual(callRevs);
  });

  it('a client that listens only to `called` gets every call once with today\'s fields, on either feed, when six counters call at once', { timeout: 60_000 }, async () => {
    const s = (server = await startTestServer());
    const classicCalls: CalledEvent[] = [];
    const batchedCalls: CalledEvent[] = [];
    // Nothing but a `called` listener, as the LED board controller has.
    (await open(s, '/display', false)).socket.on('called', (c: CalledEvent) => classicCalls.push(c));
    (await open(s, '/display', true)).socket.on('called', (c: CalledEvent) => batchedCalls.push(c));
    const rev0 = s.office.engine.rev;

    const office = s.office;
    const counters = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    for (const q of counters) await office.openCounter(q, { id: `u-${q}`, name: `Cán bộ ${q}` }, true);
    const services = ['dat-dai', 'ho-tich', 'tu-phap', 'dkkd', 'ldtbxh'];
    for (let i = 0; i < 40; i++) await office.issue({ serviceId: services[i % services.length]! });
    const actor = { userId: null };
    for (let round = 0; round < 5; round++) {
      // Started in one tick: the first call's append starts a flush, the other five share the next.
      await Promise.all(counters.map((q) => (round % 2 ? office.recall(q, actor) : office.callNext(q, actor))));
      if (round % 2 === 0) continue;
      await Promise.all(counters.map((q) => office.complete(q, null)));
    }
    const end = office.engine.rev;
    const calls = callsIn(await journal(s), rev0);
    expect(calls).toHaveLength(30);
    await until(() => classicCalls.length >= calls.length && batchedCalls.length >= calls.length, 10_000, 'both listeners to get every call');

    const numbers = new Map(office.config.counters.map((c) => [c.id, c.number]));
    for (const got of [classicCalls, batchedCalls]) {
      expect(got.map((c) => c.rev)).toEqual(calls.map((c) => c.rev));
      got.forEach((c, i) => {
        const e = calls[i]!;
        for (const k of CALLED_FIELDS) expect(c).toHaveProperty(k);
        for (const k of PUBLIC_TICKET_FIELDS) expect(c.ticket).toHaveProperty(k);
        expect(c).toMatchObject({ rev: e.rev, counterId: e.counterId, counterNumber: numbers.get(e.counterId), recall: e.recall, at: e.at });
        expect(c.ticket.id).toBe(e.ticketId);
        expect(c.ticket.counterId).toBe(e.counterId);
        expect(c.ticket.callCount).toBeGreaterThanOrEqual(e.recall ? 2 : 1);
      });
    }
    // The classic `called` is today's, nothing added; the batched one carries its flush's update in
    // the first call of each flush only — some flushes held several calls.
    expect(classicCalls.some((c) => 'update' in c)).toBe(false);
    const withUpdate = batchedCalls.filter((c) => c.update);
    expect(withUpdate.length).toBeGreaterThan(0);
    expect(withUpdate.length).toBeLessThan(batchedCalls.length);
    // Each call's revision is in exactly one of those updates.
    for (const c of batchedCalls) {
      expect(withUpdate.filter((w) => w.update!.fromRev! <= c.rev && c.rev <= w.update!.rev)).toHaveLength(1);
    }
    expect(withUpdate.at(-1)!.update!.rev).toBeLessThanOrEqual(end);
  });

  it('coalesced updates from 20 busy kiosks keep revs contiguous, the staff client equals the engine, and pushes precede the ack', { timeout: 60_000 }, async () => {
    const s = (server = await startTestServer());
    const kiosks = await Promise.all(Array.from({ length: 20 }, () => open(s, '/kiosk', true)));
    const batchedKiosk = await open(s, '/kiosk', true);
    const classicKiosk = await open(s, '/kiosk', false);
    const batchedCounter = await open(s, '/counter', true, { token: await s.login() });
    // The staff app's own client, with its resyncs counted: a gap would make it ask for a snapshot.
    const live = new StaffLiveState({ namespace: '/counter', auth: { token: await s.login() }, url: s.url });
    closers.push(() => live.close());
    let resyncs = 0;
    const resync = live.resync.bind(live);
    live.resync = () => {
      resyncs++;
      resync();
    };
    await until(() => live.state !== null && batchedKiosk.rev() >= 0 && classicKiosk.rev() >= 0 && batchedCounter.rev() >= 0, 10_000, 'every client to have its snapshot');
    const rev0 = s.office.engine.rev;
    for (const q of ['q1', 'q3', 'q5']) await s.office.openCounter(q, { id: `u-${q}`, name: `Cán bộ ${q}` }, true);

    // 20 kiosks tapping as fast as their acks come back, while three counters call.
    const services = ['dat-dai', 'ho-tich', 'tu-phap', 'dkkd', 'ldtbxh'];
    let tapping = true;
    let calls = 0;
    const calling = Promise.all(
      ['q1', 'q3', 'q5'].map(async (q) => {
        for (let i = 0; i < 2000 && tapping; i++) {
          await s.office.complete(q, null).catch(() => undefined);
          if (await s.office.callNext(q, { userId: null })) calls++;
          else await sleep(2);
        }
      }),
    );
    await Promise.all(
      kiosks.map(async (k, i) => {
        for (let n = 0; n < 15; n++) await must(k.socket, 'ticket:issue', { serviceId: services[(i + n) % services.length], requestId: randomUUID() });
      }),
    );
    tapping = false;
    await calling;
    expect(calls).toBeGreaterThanOrEqual(6);
    const end = s.office.engine.rev;
    await until(
      () => live.state?.rev === end && batchedKiosk.rev() === end && classicKiosk.rev() === end && batchedCounter.rev() === end,
      10_000,
      'every client to reach the last revision',
    );

    const revs = end - rev0;
    expect(revs).toBeGreaterThan(300 + calls);
    // Batched: every revision in exactly one frame, far fewer frames than revisions.
    expectContiguous(ranges(batchedKiosk.frames), rev0, end);
    expectContiguous(ranges(batchedCounter.frames), rev0, end);
    expect(batchedKiosk.frames.length * 2).toBeLessThanOrEqual(revs);
    // Classic: one `update` per revision, as PROTOCOL.md says.
    expect(classicKiosk.frames.map((f) => f.payload.rev)).toEqual(Array.from({ length: revs }, (_, i) => rev0 + 1 + i));
    expect(classicKiosk.frames.some((f) => 'fromRev' in f.payload)).toBe(false);
    console.log(`coalescing: ${revs} revisions (${calls} calls) reached a batched kiosk in ${batchedKiosk.frames.length} frames, a classic one in ${classicKiosk.frames.length}`);

    // The staff client, from the batched feed alone, holds exactly the engine's state; it never resynced.
    const engine = JSON.parse(JSON.stringify(s.office.engine.staffSnapshot())) as StaffSnapshot;
    expect(resyncs).toBe(0);
    expect(live.state!.rev).toBe(engine.rev);
    expect(live.state!.waiting).toEqual(engine.waiting);
    expect(live.state!.counters).toEqual(engine.counters);
    expect(live.state!.services).toEqual(engine.services);

    // The push of a ticket reaches its kiosk before the ack does: read as the ack is handled
    // (synchronously, in the order the frames arrive), not after the awaiting code resumes.
    const tapper = kiosks[0]!;
    for (let n = 0; n < 10; n++) {
      const revAtAck = await new Promise<number>((resolve) =>
        tapper.socket.emit('ticket:issue', { serviceId: 'ho-tich', requestId: randomUUID() }, () => resolve(tapper.rev())),
      );
      expect(revAtAck).toBe(s.office.engine.rev);
    }
  });
});
