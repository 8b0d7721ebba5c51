// Fan-out: a counter calls a ticket; how long until each of N wall displays has the `called` push?
// Latency per display = its receive time − the server's clock just before its first push of the
// call's revision (the 'called' broadcast; in the classic feed the 'update' before it), both on
// CLOCK_MONOTONIC, the servers in child processes, all displays in this process.
// Baseline in the same run: a bare socket.io server broadcasting the same payload to N sockets.
// The two servers run side by side and are measured in alternating blocks, so drift on a shared
// machine hits both alike.
// The displays, kiosk and counter take the feed the apps take (LiveState: the batched feed, a call
// is one frame carrying its update). `--classic`: the feed of PROTOCOL.md instead (an `update`,
// then `called`), which clients outside this repository get.
import type { Socket } from 'socket.io-client';
import { BATCHED_FEED, FEED_QUERY } from '../shared/events.js';
import type { CalledEvent, Update } from '../shared/types.js';
import {
  childStats, connect, connectMany, flags, loadNote, login, main, now, percentile, printResult, removeTempDir, request, round, sleep,
  startChild, table, tempDir, type ChildServer,
} from './support.js';

const { quick, values } = flags();
const CLASSIC = values.classic === true;
/** The namespace with the feed the apps ask for (shared/events.ts). */
const feed = (namespace: string) => (CLASSIC ? namespace : `${namespace}?${FEED_QUERY}=${BATCHED_FEED}`);
const CLIENTS = quick ? 100 : 500;
const CALLS = quick ? 10 : 30;
const WARMUP = quick ? 2 : 3;
const BLOCK = 5;
const COUNTER = 'q3';
const SERVICE = 'tu-phap';

interface Stamp {
  type: 'stamp';
  event: 'called' | 'update';
  rev: number;
  t: number;
  emitMs: number;
}
const isStamp = (m: unknown): m is Stamp => (m as Stamp)?.type === 'stamp';

/** N display sockets that record, per revision, when each `called` arrives. */
class Displays {
  readonly lastRev: Int32Array;
  private readonly byRev = new Map<number, { recv: Float64Array; got: number; done?: () => void }>();
  sample: CalledEvent | null = null;

  constructor(readonly sockets: Socket[]) {
    const n = sockets.length;
    this.lastRev = new Int32Array(n);
    sockets.forEach((s, i) => {
      s.on('snapshot', (snap: { rev: number }) => (this.lastRev[i] = Math.max(this.lastRev[i]!, snap.rev)));
      s.on('update', (u: { rev: number }) => (this.lastRev[i] = Math.max(this.lastRev[i]!, u.rev)));
      s.on('called', (c: CalledEvent) => {
        const t = now();
        this.lastRev[i] = Math.max(this.lastRev[i]!, c.update?.rev ?? c.rev);
        let e = this.byRev.get(c.rev);
        if (!e) this.byRev.set(c.rev, (e = { recv: new Float64Array(n), got: 0 }));
        e.recv[i] = t;
        this.sample ??= c;
        if (++e.got === n) e.done?.();
      });
    });
  }

  /** Receive times of the `called` of revision `rev`, once every display has it. */
  async called(rev: number, timeoutMs = 15_000): Promise<Float64Array> {
    let e = this.byRev.get(rev);
    if (!e) this.byRev.set(rev, (e = { recv: new Float64Array(this.sockets.length), got: 0 }));
    const entry = e;
    if (entry.got < this.sockets.length) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${entry.got}/${this.sockets.length} displays got called rev ${rev} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        entry.done = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.byRev.delete(rev);
    return entry.recv;
  }

  /** Resolves when every display has seen revision `rev` (lets the previous push drain). */
  async caughtUp(rev: number, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.lastRev.some((r) => r < rev)) {
      if (Date.now() > until) throw new Error(`displays never reached rev ${rev}`);
      await sleep(1);
    }
  }

  close(): void {
    for (const s of this.sockets) s.close();
  }
}

interface Samples {
  latencies: number[];
  lastPerCall: number[];
  emitMs: number[];
  /** From the 'called' broadcast itself (later than the first push in the classic feed). */
  fromCalled: number[];
  endToEnd: number[];
}
const emptySamples = (): Samples => ({ latencies: [], lastPerCall: [], emitMs: [], fromCalled: [], endToEnd: [] });

/** The highest revision a socket has seen, whichever frame brought it. */
function trackRev(socket: Socket): { rev: number } {
  const seen = { rev: 0 };
  const see = (rev: number) => (seen.rev = Math.max(seen.rev, rev));
  socket.on('update', (u: Update) => see(u.rev));
  socket.on('called', (c: CalledEvent) => see(c.update?.rev ?? c.rev));
  return seen;
}

async function setupLuot() {
  const dataDir = tempDir('fanout');
  const server = await startChild({ mode: 'luot', dataDir, stamp: true, kioskPerSec: 1000 });
  const stamps = new Map<string, Stamp>();
  server.onMessage((m) => isStamp(m) && stamps.set(`${m.event}:${m.rev}`, m));
  const token = await login(server.url);
  const counter = await connect(server.url, feed('/counter'), { token });
  const counterRev = trackRev(counter);
  await request(counter, 'counter:open', { counterId: COUNTER });
  const kiosk = await connect(server.url, feed('/kiosk'));
  const kioskRev = trackRev(kiosk);
  const displays = new Displays(await connectMany(CLIENTS, () => connect(server.url, feed('/display'))));
  await sleep(200);

  const stampOf = async (event: string, rev: number): Promise<Stamp> => {
    for (let i = 0; i < 5000 && !stamps.has(`${event}:${rev}`); i++) await sleep(1);
    const s = stamps.get(`${event}:${rev}`);
    if (!s) throw new Error(`no ${event} stamp for rev ${rev}`);
    return s;
  };
  /** The first push of revision `rev` to the displays: its `update` when the feed sends one first. */
  const firstPush = (rev: number, called: Stamp): Stamp => {
    const update = stamps.get(`update:${rev}`);
    if (CLASSIC && !update) throw new Error(`no update stamp for rev ${rev}`);
    return update && update.t < called.t ? update : called;
  };

  /** One citizen: issued at the kiosk, called at the counter (measured), completed. */
  const call = async (into: Samples | null) => {
    await request(kiosk, 'ticket:issue', { serviceId: SERVICE });
    // Updates go out before the ack on the same socket, so kioskRev is the revision.
    await displays.caughtUp(kioskRev.rev);
    const t0 = now();
    const r = await request<{ ticket: { id: string } | null }>(counter, 'ticket:callNext', { counterId: COUNTER });
    if (!r.ticket) throw new Error('callNext found nobody waiting');
    // The call's `called` (and in the classic feed its `update`) left before the ack.
    const calledRev = counterRev.rev;
    const recv = await displays.called(calledRev);
    const called = await stampOf('called', calledRev);
    const first = firstPush(calledRev, called);
    if (into) {
      let last = 0;
      for (const t of recv) {
        into.latencies.push(t - first.t);
        into.fromCalled.push(t - called.t);
        into.endToEnd.push(t - t0);
        last = Math.max(last, t - first.t);
      }
      into.lastPerCall.push(last);
      into.emitMs.push(called.emitMs);
    }
    await request(counter, 'ticket:complete', { counterId: COUNTER });
    await displays.caughtUp(counterRev.rev);
  };

  return {
    server,
    displays,
    call,
    async close() {
      displays.close();
      kiosk.close();
      counter.close();
      await server.stop();
      removeTempDir(dataDir);
    },
  };
}

async function setupBare(payload: CalledEvent) {
  const server: ChildServer = await startChild({ mode: 'bare' });
  const displays = new Displays(await connectMany(CLIENTS, () => connect(server.url, '/display')));
  await sleep(200);
  let rev = 0;
  const call = async (into: Samples | null) => {
    rev++;
    const stamp = server.next((m): m is Stamp => isStamp(m) && m.rev === rev);
    server.send({ cmd: 'emit', rev, payload });
    const recv = await displays.called(rev);
    const s = await stamp;
    if (into) {
      let last = 0;
      for (const t of recv) {
        into.latencies.push(t - s.t);
        last = Math.max(last, t - s.t);
      }
      into.lastPerCall.push(last);
      into.emitMs.push(s.emitMs);
    }
    await sleep(2);
  };
  return {
    server,
    call,
    async close() {
      displays.close();
      await server.stop();
    },
  };
}

main(async () => {
  console.log(
    `fan-out: ${CLIENTS} /display sockets (websocket, ${CLASSIC ? 'classic feed' : 'batched feed'}), ${CALLS} calls per server after ${WARMUP} warm-up calls`,
  );
  const luot = await setupLuot();
  await luot.call(null);
  const payload = luot.displays.sample!;
  const payloadBytes = Buffer.byteLength(JSON.stringify(payload));
  const bare = await setupBare(payload);
  for (let i = 0; i < WARMUP; i++) {
    await luot.call(null);
    await bare.call(null);
  }
  const L = emptySamples();
  const B = emptySamples();
  const load0 = loadNote();
  const cpu0 = await Promise.all([childStats(luot.server), childStats(bare.server)]);
  for (let done = 0; done < CALLS; done += BLOCK) {
    const n = Math.min(BLOCK, CALLS - done);
    for (let i = 0; i < n; i++) await luot.call(L);
    for (let i = 0; i < n; i++) await bare.call(B);
  }
  const cpu1 = await Promise.all([childStats(luot.server), childStats(bare.server)]);
  await luot.close();
  await bare.close();

  const row = (name: string, s: Samples) => [
    name,
    round(percentile(s.latencies, 50)),
    round(percentile(s.latencies, 99)),
    round(percentile(s.lastPerCall, 50)),
    round(percentile(s.emitMs, 50), 3),
  ];
  console.log(`\npayload of 'called': ${payloadBytes} bytes of JSON (the bare server sends the same object)\n`);
  console.log(
    table(
      ['server', 'p50 ms', 'p99 ms', 'last display, median ms', 'emit() call on server, median ms'],
      [row('Lượt', L), row('bare socket.io', B)],
    ),
  );
  const p50 = percentile(L.latencies, 50);
  const p99 = percentile(L.latencies, 99);
  const b50 = percentile(B.latencies, 50);
  const b99 = percentile(B.latencies, 99);
  console.log(
    `server CPU: Lượt ${round((cpu1[0].cpuMs - cpu0[0].cpuMs) / CALLS)} ms per citizen (issue + call + complete: ` +
      `${CLASSIC ? 4 : 3} frames to every display), ` +
      `bare ${round((cpu1[1].cpuMs - cpu0[1].cpuMs) / CALLS)} ms per broadcast; ${load0} at the start, ${loadNote()} at the end`,
  );
  console.log(`ratio Lượt ÷ bare: p50 ${round(p50 / b50)}×, p99 ${round(p99 / b99)}×`);
  // engine.io holds a socket's later packets while a websocket write is in flight: in the classic
  // feed the 'called' broadcast returns at once because the 'update' frames just before it are
  // still going out, and the 'called' frames follow when those writes complete.
  if (CLASSIC) {
    console.log(
      `classic feed: measured from the 'called' broadcast itself (each display's 'called' waits behind its 'update'): ` +
        `p50 ${round(percentile(L.fromCalled, 50))} ms, p99 ${round(percentile(L.fromCalled, 99))} ms`,
    );
  }
  console.log(
    `Lượt from the counter's callNext emit (end to end): p50 ${round(percentile(L.endToEnd, 50))} ms, p99 ${round(percentile(L.endToEnd, 99))} ms`,
  );
  printResult('fanout', [
    { id: 'fanout-p50', metric: `called → ${CLIENTS} displays, p50`, value: round(p50), unit: 'ms', baseline: round(b50), baselineLabel: 'bare socket.io', ratio: round(p50 / b50) },
    { id: 'fanout-p99', metric: `called → ${CLIENTS} displays, p99`, value: round(p99), unit: 'ms', baseline: round(b99), baselineLabel: 'bare socket.io', ratio: round(p99 / b99) },
    { id: 'fanout-end-to-end', metric: 'callNext emit → display, p50 (end to end)', value: round(percentile(L.endToEnd, 50)), unit: 'ms' },
  ]);
});
