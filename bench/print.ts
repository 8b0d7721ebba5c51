// Printing at a province server's pace. Two figures:
//   render CPU   the server's renderer and ESC/POS encoder (what print() does per ticket before
//                queueing), CPU time by process.cpuUsage over blocks of tickets with changing
//                numbers, people ahead and issue times, median of the blocks; against the same
//                ticket drawn whole on one canvas (the renderer before issue 10), same run.
//   ack latency  kiosks tap at a paced 50 tickets/s (open loop: a tap every 20 ms whatever the
//                acks do) on two real servers in child processes: one whose print queue and
//                renderer send every ticket to a TCP printer on 127.0.0.1 (sink-printer.ts in a
//                process of its own, as a printer is a device of its own: answers status
//                requests as a ready printer, reads and discards each job; since issue 10 the
//                ack comes once the job is queued, and `ticket:print` says when it printed),
//                one with printing off. Alternating blocks, so both see the same machine load;
//                p50/p99 over all. Also from the same taps: tap → printed (the ack's or the
//                push's), which is what the ack itself measured before issue 10.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { seedConfig } from '../server/demo.js';
import type { TicketPrintJob } from '../server/print/types.js';
import type { IssueResult, PrintStatus, TicketPrintEvent } from '../shared/types.js';
import { SinkProcess, type SinkCounts } from './sink-printer-process.js';
import {
  ADMIN_PASSWORD, OPEN_SERVICES, connect, connectMany, flags, loadNote, main, median, now, percentile, printResult, removeTempDir,
  procCpuMs, request, round, sleep, startChild, table, tempDir, type ChildServer,
} from './support.js';

const { quick } = flags();
const RENDER_BLOCKS = quick ? 5 : 15;
const RENDER_BLOCK = quick ? 40 : 100;
const PAINT_BLOCK = quick ? 10 : 20;
const RATE = 50;
const KIOSKS = 10;
// 2,000 taps a side: a p99 over 1,000 is the 10th-slowest, and moved by one spike of the machine
// (0.6x to 1.34x in runs of one hour on the same code).
const BLOCKS = quick ? 4 : 20;
const PER_BLOCK = quick ? 50 : 100;
// Each side's server warms up alike before the measured blocks (a server runs for days). After
// 100 warm-up tickets, about half of issue-throughput's measured server CPU was still V8's
// optimizing compiler (8e6cf15); the printing side has more code to compile. 500 taps is 10 s a
// side at RATE.
const WARMUP = quick ? 60 : 500;

async function jobs(): Promise<(i: number) => TicketPrintJob> {
  const { settings, services } = (await seedConfig({ demo: true, adminPassword: ADMIN_PASSWORD })).config.office.config;
  const t0 = Date.parse('2026-03-02T01:00:00Z');
  return (i) => {
    const service = services[i % services.length]!;
    return {
      id: randomUUID(),
      officeName: settings.officeName,
      serviceName: service.name,
      number: String(service.start + Math.floor(i / services.length)),
      priority: i % 11 === 0 ? 'elderly' : null,
      // A ticket every ~2 s of office time: the issue time changes every 30 tickets.
      issuedAt: new Date(t0 + i * 2000).toISOString(),
      timeZone: settings.timeZone,
      ahead: (i * 7) % 60,
      estimatedWaitMin: (i * 3) % 90,
      trackUrl: `http://192.168.1.20:8080/t/${randomUUID().slice(0, 12)}`,
      footer: settings.ticketFooter,
    };
  };
}

function cpuMsNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** CPU ms per ticket, one figure per block. */
async function renderCpu(): Promise<{ composed: number[]; painted: number[]; bytes: number }> {
  const [{ renderTicketBitmap, paintTicketBitmap }, { buildRasterJob }] = await Promise.all([
    import('../server/print/render.js'),
    import('../server/print/escpos.js'),
  ]);
  const make = await jobs();
  let i = 0;
  let bytes = 0;
  const once = (render: typeof renderTicketBitmap): void => {
    const job = make(i++);
    bytes = buildRasterJob(render(job, { width: 576 }), { paperWidth: 80, qr: job.trackUrl }).length;
  };
  // Warm-up: the server renders a test page at start; its first tickets fill the caches.
  for (let k = 0; k < 50; k++) once(renderTicketBitmap);
  const composed: number[] = [];
  const painted: number[] = [];
  for (let b = 0; b < RENDER_BLOCKS; b++) {
    let c = cpuMsNow();
    for (let k = 0; k < RENDER_BLOCK; k++) once(renderTicketBitmap);
    composed.push((cpuMsNow() - c) / RENDER_BLOCK);
    c = cpuMsNow();
    for (let k = 0; k < PAINT_BLOCK; k++) once(paintTicketBitmap);
    painted.push((cpuMsNow() - c) / PAINT_BLOCK);
    await sleep(0);
  }
  return { composed, painted, bytes };
}

interface Side {
  label: string;
  server: ChildServer;
  kiosks: Socket[];
  latencies: number[];
  statuses: Partial<Record<PrintStatus, number>>;
  /** Tap (when it was due) → printed, by the ack or by `ticket:print`. */
  printed: number[];
  /** Recorded tickets acked `queued`, by id: when their tap was due. */
  awaiting: Map<string, number>;
  /**
   * `printed` pushes whose ack this process has not handled yet, by ticket id: when they came.
   * The push follows the ack on the wire, but a busy client can read both in one go and run the
   * push's handler before the ack's promise continuation.
   */
  early: Map<string, number>;
  dataDir: string;
  /** The server's CPU ms per recorded ticket: its main thread, and its other threads (the renderer's among them). */
  cpu?: { main: number; others: number };
}

async function side(label: string, printer?: string): Promise<Side> {
  const dataDir = tempDir(`print-${label}`);
  const server = await startChild({ mode: 'luot', dataDir, kioskPerSec: 1_000_000, printer });
  const kiosks = await connectMany(KIOSKS, () => connect(server.url, '/kiosk'));
  const s: Side = { label, server, kiosks, latencies: [], statuses: {}, printed: [], awaiting: new Map(), early: new Map(), dataDir };
  for (const k of kiosks) {
    k.on('ticket:print', (e: TicketPrintEvent) => {
      if (e.status !== 'printed') return;
      const due = s.awaiting.get(e.ticketId);
      if (due === undefined) return void s.early.set(e.ticketId, now());
      s.awaiting.delete(e.ticketId);
      s.printed.push(now() - due);
    });
  }
  return s;
}

/** `count` taps at RATE per second, each on the next kiosk, not waiting for acks between taps. */
async function paced(s: Side, count: number, record: boolean): Promise<void> {
  const t0 = now();
  const pending: Promise<void>[] = [];
  for (let n = 0; n < count; n++) {
    const due = t0 + (n * 1000) / RATE;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    const k = s.kiosks[n % s.kiosks.length]!;
    // Latency from when the tap was due: a late tap (this process busy) counts against the server.
    pending.push(
      request<IssueResult>(k, 'ticket:issue', { serviceId: OPEN_SERVICES[n % OPEN_SERVICES.length], requestId: randomUUID() }).then((r) => {
        if (!record) return;
        s.latencies.push(now() - due);
        s.statuses[r.print.status] = (s.statuses[r.print.status] ?? 0) + 1;
        const pushed = s.early.get(r.ticket.id);
        s.early.delete(r.ticket.id);
        if (r.print.status === 'printed') s.printed.push(now() - due);
        else if (pushed !== undefined) s.printed.push(pushed - due);
        else if (r.print.status === 'queued') s.awaiting.set(r.ticket.id, due);
      }),
    );
  }
  await Promise.all(pending);
}

main(async () => {
  const load0 = loadNote();
  console.log(`print: render CPU over ${RENDER_BLOCKS} blocks of ${RENDER_BLOCK} tickets; ack latency at ${RATE} tickets/s, ${BLOCKS} blocks of ${PER_BLOCK} per side`);
  const cpu = await renderCpu();
  const sink = await SinkProcess.start();
  const on = await side('printing', sink.target);
  const off = await side('off');
  let acks: { on: Side; off: Side };
  let counts: SinkCounts;
  let sinkCpuPerJob: number | null = null;
  try {
    await paced(on, WARMUP, false);
    await paced(off, WARMUP, false);
    const jobs0 = (await sink.counts()).jobs;
    const cpu0 = [on, off].map((s) => procCpuMs(s.server.child.pid));
    const sinkCpu0 = procCpuMs(sink.pid);
    for (let b = 0; b < BLOCKS; b++) {
      for (const s of b % 2 ? [off, on] : [on, off]) await paced(s, PER_BLOCK, true);
    }
    counts = await sink.waitForJobs(jobs0 + BLOCKS * PER_BLOCK, 60_000);
    if (counts.jobs !== jobs0 + BLOCKS * PER_BLOCK) throw new Error(`the printer got ${counts.jobs - jobs0} jobs for ${BLOCKS * PER_BLOCK} tickets`);
    for (let waited = 0; on.awaiting.size > 0 && waited < 10_000; waited += 50) await sleep(50);
    if (on.awaiting.size > 0) throw new Error(`${on.awaiting.size} tickets printed without a ticket:print saying so`);
    // Each server's CPU over the whole measured phase, its printing after its last block included
    // (an idle server spends next to nothing): main thread apart, as that is what the acks wait on.
    [on, off].forEach((s, i) => {
      const a = cpu0[i];
      const b = procCpuMs(s.server.child.pid);
      if (a && b) s.cpu = { main: (b.main - a.main) / (BLOCKS * PER_BLOCK), others: (b.others - a.others) / (BLOCKS * PER_BLOCK) };
    });
    const sinkCpu1 = procCpuMs(sink.pid);
    if (sinkCpu0 && sinkCpu1) sinkCpuPerJob = (sinkCpu1.total - sinkCpu0.total) / (BLOCKS * PER_BLOCK);
    acks = { on, off };
  } finally {
    for (const s of [on, off]) {
      for (const k of s.kiosks) k.close();
      await s.server.stop();
      removeTempDir(s.dataDir);
    }
    await sink.stop();
  }
  const cpuComposed = median(cpu.composed);
  const cpuPainted = median(cpu.painted);
  const p = (s: Side, q: number): number => percentile(s.latencies, q);
  console.log(
    '\n' +
      table(
        ['', 'tickets', 'p50 ms', 'p99 ms', 'max ms', 'print answers'],
        [acks.on, acks.off].map((s) => [
          s.label === 'off' ? 'printing off' : 'printing (TCP printer on 127.0.0.1)',
          s.latencies.length,
          round(p(s, 50)),
          round(p(s, 99)),
          round(Math.max(...s.latencies)),
          JSON.stringify(s.statuses),
        ]),
      ),
  );
  console.log(
    `render + ESC/POS CPU per ticket: composed ${round(cpuComposed, 3)} ms (blocks ${cpu.composed.map((v) => round(v, 2)).join(' ')}), ` +
      `drawn whole ${round(cpuPainted, 2)} ms; ${cpu.bytes} bytes per job; ${counts.statusRequests} status requests over ${counts.connections} connections`,
  );
  for (const s of [acks.on, acks.off]) {
    if (s.cpu) console.log(`server CPU per ticket, ${s.label}: main thread ${round(s.cpu.main, 3)} ms, other threads ${round(s.cpu.others, 3)} ms`);
  }
  if (sinkCpuPerJob !== null) console.log(`the printer's process (sink-printer.ts), CPU per job: ${round(sinkCpuPerJob, 3)} ms`);
  console.log(`${load0} at the start, ${loadNote()} at the end`);
  const ratio99 = p(acks.on, 99) / p(acks.off, 99);
  printResult('print', [
    {
      id: 'print-render-cpu',
      metric: 'CPU to render and encode one 80 mm ticket (composed), median of blocks',
      value: round(cpuComposed, 3),
      unit: 'ms',
      baseline: round(cpuPainted, 2),
      baselineLabel: 'the ticket drawn whole on one canvas',
      ratio: round(cpuComposed / cpuPainted, 3),
    },
    {
      id: 'print-ack-p99',
      metric: `ack latency p99 at ${RATE} tickets/s, printing to a TCP printer`,
      value: round(p(acks.on, 99)),
      unit: 'ms',
      baseline: round(p(acks.off, 99)),
      baselineLabel: 'printing off, same run',
      ratio: round(ratio99),
    },
    {
      id: 'print-ack-p50',
      metric: `ack latency p50 at ${RATE} tickets/s, printing to a TCP printer`,
      value: round(p(acks.on, 50)),
      unit: 'ms',
      baseline: round(p(acks.off, 50)),
      baselineLabel: 'printing off, same run',
      ratio: round(p(acks.on, 50) / p(acks.off, 50)),
    },
    {
      id: 'print-printed-p50',
      metric: `tap → printed (ack or ticket:print) p50 at ${RATE} tickets/s`,
      value: round(percentile(acks.on.printed, 50)),
      unit: 'ms',
    },
    {
      id: 'print-printed-p99',
      metric: `tap → printed (ack or ticket:print) p99 at ${RATE} tickets/s`,
      value: round(percentile(acks.on.printed, 99)),
      unit: 'ms',
    },
  ]);
});
