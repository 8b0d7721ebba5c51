// Issue throughput: K kiosk sockets issue tickets as fast as their acks come back (each waits for
// its ack before the next tap) against a real server in a child process: a real data folder on
// disk, the journal flushed with datasync before every ack. Measured twice in the same run:
//   nothing printed  the server's printer prints nothing and answers at once (issuing alone);
//   printing         the server's own print queue and renderer (server/print) sending every
//                    ticket to a network printer on 127.0.0.1 (sink-printer.ts) that reads and
//                    discards the bytes; the kiosk's ack leaves once the ticket is durable and its
//                    job queued, as in production (the outcome follows as ticket:print). Also
//                    timed: until the printer has read every job.
// Baseline in the same run: a loop that appends one JSON line of the same size to a file and
// datasync()s it per ticket — the floor a server that flushed each ticket alone would sit on. It
// runs in blocks alternating with the nothing-printed run's blocks (as fanout.ts alternates its
// two servers), so a shared machine's drifting load hits both alike.
// Beside them, the renderer alone in this process: one ticket rendered and encoded as ESC/POS.
//
// Issuing is limited per client address (by default a burst of 6 then 20 a minute); the bench raises
// that with startServer({ kioskRate }) (child-server.ts --kiosk-per-sec), or it would measure
// the limiter.
import { randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { seedConfig } from '../server/demo.js';
import type { TicketPrintJob } from '../server/print/types.js';
import { serviceDayOf } from '../server/queue/time.js';
import { BATCHED_FEED, FEED_QUERY } from '../shared/events.js';
import type { IssueResult, PrintStatus } from '../shared/types.js';
import { SinkPrinter } from './sink-printer.js';
import {
  ADMIN_PASSWORD, OPEN_SERVICES, childStats, procCpuMs, connect, connectMany, cpuMs, flags, loadNote, main, now, percentile, printResult, removeTempDir,
  request, round, startChild, table, tempDir,
} from './support.js';

const { quick } = flags();
const KIOSKS = 20;
const TOTAL = quick ? 600 : 3000;
/** Printing runs at the renderer's pace, far below issuing alone: fewer tickets keep it bounded. */
const PRINT_TOTAL = quick ? 300 : 1000;
// A server runs for days: measure its steady state, not V8 compiling the issuing path (with 100
// warm-up tickets about half of the measured server CPU was the optimizing compiler's threads;
// after 1000 its other threads still took 0.05-0.1 ms per ticket, after 10,000 0.03 ms, and the
// 20 kiosks' rate rose 15-20%). Printing is warmed less: its run waits for the printer to read
// every warm-up job, and the renderer is the slow part there anyway.
const WARMUP = quick ? 1000 : 10_000;
const PRINT_WARMUP = quick ? 200 : 1000;
const RENDERS = quick ? 30 : 200;
/** The nothing-printed run and the raw loop, each in this many alternating blocks. */
const BLOCKS = 3;
/** The printer gets this long after the last ack to have read every job. */
const DRAIN_MS = 120_000;

interface Issued {
  t0: number;
  ms: number;
  latencies: number[];
  statuses: Partial<Record<PrintStatus, number>>;
}

/** `kiosks` loops that share one counter of tickets to issue. */
async function issueAll(kiosks: Socket[], total: number): Promise<Issued> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Issued['statuses'] = {};
  const t0 = now();
  await Promise.all(
    kiosks.map(async (k, i) => {
      while (next < total) {
        const n = next++;
        const t = now();
        const r = await request<IssueResult>(k, 'ticket:issue', { serviceId: OPEN_SERVICES[(n + i) % OPEN_SERVICES.length], requestId: randomUUID() });
        latencies.push(now() - t);
        statuses[r.print.status] = (statuses[r.print.status] ?? 0) + 1;
      }
    }),
  );
  return { t0, ms: now() - t0, latencies, statuses };
}

interface ServerRun extends Issued {
  total: number;
  rate: number;
  syncs: number;
  cpuPerTicket: number;
  /** The same split by thread (procCpuMs), when /proc has it. */
  threadsPerTicket: { main: number; others: number } | null;
  rssMb: number;
  /** printing: from the first measured issue to the printer reading the last job. */
  printedMs?: number;
  jobBytes?: number;
}

/** Runs before each measured block of `count` tickets (the raw loop's block), with the server's data folder. */
type Between = (dataDir: string, count: number) => Promise<void>;

const issuedLinesOf = (journal: string) => journal.split('\n').filter((l) => l.includes('"type":"ticket:issued"'));
const journalOf = (dataDir: string) => readFile(join(dataDir, 'journal', `${serviceDayOf(new Date(), 'Asia/Ho_Chi_Minh')}.jsonl`), 'utf8');

async function serverRun(label: string, printer: SinkPrinter | null, total: number, between?: Between): Promise<ServerRun> {
  const warmup = printer ? PRINT_WARMUP : WARMUP;
  const dataDir = tempDir(`throughput-${label}`);
  const server = await startChild({ mode: 'luot', dataDir, countSyncs: true, kioskPerSec: 1_000_000, printer: printer?.target });
  // The feed the kiosk app takes (LiveState): one update per journal flush, not per ticket.
  const kiosks = await connectMany(KIOSKS, () => connect(server.url, `/kiosk?${FEED_QUERY}=${BATCHED_FEED}`));
  const warm = await issueAll(kiosks, warmup);
  // A "printed" ack means this printer read the whole job: more such acks than jobs here means
  // the server prints somewhere else (or nowhere), and the run would not measure printing.
  if (printer && (warm.statuses.printed ?? 0) > printer.jobs) {
    throw new Error(`${label}: ${warm.statuses.printed} acks say printed, the printer got ${printer.jobs} jobs`);
  }
  // The measured run starts with the print queue empty.
  await printer?.waitForJobs(warmup, DRAIN_MS);
  const jobs0 = printer?.jobs ?? 0;
  const bytes0 = printer?.bytes ?? 0;
  const issued: Issued = { t0: 0, ms: 0, latencies: [], statuses: {} };
  let cpu = 0;
  let threadMs: { main: number; others: number } | null = { main: 0, others: 0 };
  let syncs = 0;
  let rssMb = 0;
  const blocks = between ? BLOCKS : 1;
  for (let b = 0; b < blocks; b++) {
    const n = Math.round((total * (b + 1)) / blocks) - Math.round((total * b) / blocks);
    await between?.(dataDir, n);
    const before = await childStats(server);
    const threads0 = procCpuMs(server.child.pid);
    const r = await issueAll(kiosks, n);
    const after = await childStats(server);
    const threads1 = procCpuMs(server.child.pid);
    if (threads0 && threads1 && threadMs) {
      threadMs.main += threads1.main - threads0.main;
      threadMs.others += threads1.others - threads0.others;
    } else threadMs = null;
    if (b === 0) issued.t0 = r.t0;
    issued.ms += r.ms;
    issued.latencies.push(...r.latencies);
    for (const [k, v] of Object.entries(r.statuses) as [PrintStatus, number][]) issued.statuses[k] = (issued.statuses[k] ?? 0) + v;
    cpu += after.cpuMs - before.cpuMs;
    syncs += after.syncs - before.syncs;
    rssMb = after.rssMb;
  }
  let printed: Pick<ServerRun, 'printedMs' | 'jobBytes'> = {};
  if (printer) {
    if ((issued.statuses.printed ?? 0) > printer.jobs - jobs0) {
      throw new Error(`${label}: ${issued.statuses.printed} acks say printed, the printer got ${printer.jobs - jobs0} jobs`);
    }
    await printer.waitForJobs(jobs0 + total, DRAIN_MS);
    printed = { printedMs: printer.lastJobAt - issued.t0, jobBytes: (printer.bytes - bytes0) / (printer.jobs - jobs0) };
  }
  for (const k of kiosks) k.close();
  await server.stop();
  if (printer && printer.jobs !== jobs0 + total) throw new Error(`${label}: the printer got ${printer.jobs - jobs0} jobs for ${total} tickets`);
  const issuedLines = issuedLinesOf(await journalOf(dataDir));
  removeTempDir(dataDir);
  if (issuedLines.length !== total + warmup) throw new Error(`${label}: journal has ${issuedLines.length} issued lines, expected ${total + warmup}`);
  return {
    ...issued,
    ...printed,
    total,
    rate: total / (issued.ms / 1000),
    syncs,
    cpuPerTicket: cpu / total,
    threadsPerTicket: threadMs && { main: threadMs.main / total, others: threadMs.others / total },
    rssMb,
  };
}

async function rawAppendLoop(path: string, line: string, count: number): Promise<number> {
  const fh = await open(path, 'a');
  try {
    const t0 = now();
    for (let i = 0; i < count; i++) {
      await fh.appendFile(line, 'utf8');
      await fh.datasync();
    }
    return now() - t0;
  } finally {
    await fh.close();
  }
}

/** The server's renderer and ESC/POS encoder, alone in this process, on the demo office's ticket. */
async function renderAlone(count: number): Promise<{ ms: number[]; bytes: number }> {
  const [{ renderTicketBitmap }, { buildRasterJob }] = await Promise.all([import('../server/print/render.js'), import('../server/print/escpos.js')]);
  const { settings, services } = (await seedConfig({ demo: true, adminPassword: ADMIN_PASSWORD })).config.office.config;
  const service = services.find((s) => s.id === 'tu-phap')!;
  const ms: number[] = [];
  let bytes = 0;
  for (let i = -10; i < count; i++) {
    const job: TicketPrintJob = {
      id: randomUUID(),
      officeName: settings.officeName,
      serviceName: service.name,
      number: String(service.start + Math.max(0, i)),
      priority: null,
      issuedAt: new Date().toISOString(),
      timeZone: settings.timeZone,
      ahead: 12,
      estimatedWaitMin: 25,
      trackUrl: `http://192.168.1.20:8080/t/${randomUUID().slice(0, 12)}`,
      footer: settings.ticketFooter,
    };
    const t = now();
    bytes = buildRasterJob(renderTicketBitmap(job, { width: 576 }), { paperWidth: 80, qr: job.trackUrl }).length;
    if (i >= 0) ms.push(now() - t);
  }
  return { ms, bytes };
}

main(async () => {
  console.log(
    `issue throughput: ${KIOSKS} kiosk sockets, ${TOTAL} tickets with nothing printed, then ${PRINT_TOTAL} printed to a TCP ` +
      `printer on 127.0.0.1 (after ${WARMUP} and ${PRINT_WARMUP} warm-up tickets); fsync'd journal`,
  );
  const load0 = loadNote();
  // The raw loop, block by block between the server's; its lines are as long as the server's own
  // ticket:issued lines (those of the warm-up).
  const rawDir = tempDir('throughput-raw');
  const rawLoop = { ms: 0, cpuMs: 0, line: '', lineBytes: 0 };
  const rawBlock: Between = async (dataDir, count) => {
    if (!rawLoop.line) {
      const lines = issuedLinesOf(await journalOf(dataDir));
      rawLoop.lineBytes = Math.round(lines.reduce((a, l) => a + Buffer.byteLength(l) + 1, 0) / lines.length);
      const sample = lines[lines.length - 1]!;
      rawLoop.line = sample.length + 1 >= rawLoop.lineBytes ? sample + '\n' : sample + ' '.repeat(rawLoop.lineBytes - sample.length - 1) + '\n';
    }
    const cpu0 = cpuMs();
    rawLoop.ms += await rawAppendLoop(join(rawDir, 'raw.jsonl'), rawLoop.line, count);
    rawLoop.cpuMs += cpuMs() - cpu0;
  };
  const bare = await serverRun('null-printer', null, TOTAL, rawBlock);
  removeTempDir(rawDir);
  const sink = await SinkPrinter.start();
  let printing: ServerRun;
  try {
    printing = await serverRun('printing', sink, PRINT_TOTAL);
  } finally {
    await sink.stop();
  }
  if ((printing.statuses.disabled ?? 0) > 0 || (printing.statuses.failed ?? 0) > 0) {
    throw new Error(`printing run: print answers ${JSON.stringify(printing.statuses)}`);
  }

  const { ms: rawMs, cpuMs: rawCpu, lineBytes } = rawLoop;
  const rawRate = TOTAL / (rawMs / 1000);

  const render = await renderAlone(RENDERS);
  const printedRate = PRINT_TOTAL / (printing.printedMs! / 1000);
  const printedAcks = printing.statuses.printed ?? 0;

  console.log(
    '\n' +
      table(
        ['', 'tickets', 'tickets/s', 'time s', 'CPU ms per ticket', 'flushes (datasync)', 'tickets per flush', 'ack p50 ms', 'ack p99 ms'],
        [
          ...[
            [`Lượt, ${KIOSKS} kiosks, nothing printed`, bare],
            [`Lượt, ${KIOSKS} kiosks, printing`, printing],
          ].map(([name, r]) => {
            const run = r as ServerRun;
            return [
              name as string,
              run.total,
              Math.round(run.rate),
              round(run.ms / 1000),
              round(run.cpuPerTicket, 3),
              run.syncs,
              round(run.total / run.syncs),
              round(percentile(run.latencies, 50)),
              round(percentile(run.latencies, 99)),
            ];
          }),
          ['printing: until the printer read every job', PRINT_TOTAL, Math.round(printedRate), round(printing.printedMs! / 1000), '—', '—', '—', '—', '—'],
          ['raw append + datasync per line', TOTAL, Math.round(rawRate), round(rawMs / 1000), round(rawCpu / TOTAL, 3), TOTAL, 1, '—', '—'],
        ],
      ),
  );
  console.log(`\nratio server ÷ raw loop: nothing printed ${round(bare.rate / rawRate)}×, printing ${round(printing.rate / rawRate)}× (journal line ${lineBytes} bytes)`);
  console.log(
    `print answers in the acks: ${JSON.stringify(printing.statuses)}; ${Math.round(printing.jobBytes!)} bytes per job at the printer, ` +
      `${sink.statusRequests} status requests answered over ${sink.connections} connections; ` +
      `renderer alone: ${RENDERS} tickets, p50 ${round(percentile(render.ms, 50))} ms, p95 ${round(percentile(render.ms, 95))} ms, ${render.bytes} bytes`,
  );
  console.log(`server RSS: nothing printed ${Math.round(bare.rssMb)} MB, printing ${Math.round(printing.rssMb)} MB; raw datasync ${round(rawMs / TOTAL, 3)} ms per line`);
  const split = (r: ServerRun) => (r.threadsPerTicket ? `main thread ${round(r.threadsPerTicket.main, 3)} ms, other threads ${round(r.threadsPerTicket.others, 3)} ms` : 'not available');
  console.log(`server CPU per ticket by thread (schedstat): nothing printed ${split(bare)}; printing ${split(printing)}`);
  console.log(`${load0} at the start, ${loadNote()} at the end`);

  const raw = { baseline: Math.round(rawRate), baselineLabel: 'append + datasync per line' };
  printResult('issue-throughput', [
    {
      id: 'throughput-null',
      metric: `durable issuing, ${KIOSKS} kiosks, ${TOTAL} tickets, printer that prints nothing`,
      value: Math.round(bare.rate),
      unit: 'tickets/s',
      ...raw,
      ratio: round(bare.rate / rawRate),
    },
    {
      id: 'throughput-print',
      metric: `same, ${PRINT_TOTAL} tickets, real renderer + TCP printer on 127.0.0.1 (ack once the job is queued)`,
      value: Math.round(printing.rate),
      unit: 'tickets/s',
      ...raw,
      ratio: round(printing.rate / rawRate),
    },
    {
      id: 'throughput-printed',
      metric: 'same, until the printer had read every job',
      value: Math.round(printedRate),
      unit: 'tickets/s',
      ...raw,
      ratio: round(printedRate / rawRate),
    },
    { id: 'print-acks-printed', metric: 'acks saying "printed" (kiosks hear it by ticket:print; the rest "queued")', value: round((100 * printedAcks) / PRINT_TOTAL, 1), unit: '%' },
    { id: 'flush-null', metric: 'tickets per journal flush, nothing printed', value: round(TOTAL / bare.syncs), unit: '' },
    { id: 'flush-print', metric: 'tickets per journal flush, printing', value: round(PRINT_TOTAL / printing.syncs), unit: '' },
    { id: 'cpu-null', metric: 'server CPU per ticket, nothing printed', value: round(bare.cpuPerTicket, 3), unit: 'ms' },
    { id: 'cpu-print', metric: 'server CPU per ticket, printing', value: round(printing.cpuPerTicket, 3), unit: 'ms' },
    { id: 'ack-p50-null', metric: `ack latency p50, nothing printed`, value: round(percentile(bare.latencies, 50)), unit: 'ms' },
    { id: 'ack-p50-print', metric: `ack latency p50, printing`, value: round(percentile(printing.latencies, 50)), unit: 'ms' },
    { id: 'ack-p99-print', metric: `ack latency p99, printing`, value: round(percentile(printing.latencies, 99)), unit: 'ms' },
    { id: 'render-p50', metric: 'render + ESC/POS encode of one 80 mm ticket, alone, p50', value: round(percentile(render.ms, 50)), unit: 'ms' },
    { id: 'render-p95', metric: 'same, p95', value: round(percentile(render.ms, 95)), unit: 'ms' },
    { id: 'job-bytes', metric: 'print job size at the printer', value: round(printing.jobBytes! / 1000, 1), unit: 'kB' },
  ]);
});
