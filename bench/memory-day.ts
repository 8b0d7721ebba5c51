// The server's memory over a compressed office day: the soak's workload
// (test/reliability/long/soak.long.ts: 50,000 tickets, each issued from one of two kiosks, called
// and completed by twelve counters as fast as the server allows) against a baseline of the same
// server idle after start. The server runs in its own process with --expose-gc
// (test/support/mem-server.ts), so heap figures are after forced full collections: what is
// really retained. RSS as the OS sees it (/proc VmRSS), and its peak over the day (VmHWM).
// Today's tickets are held in memory by design (the engine answers from them), so the heap grows
// with the day; the soak test holds that growth to a budget per ticket, this bench publishes it.
//   --quick   5,000 tickets
import { readFile, rm } from 'node:fs/promises';
import type { Socket } from 'socket.io-client';
import { spawnMemServer, type MemSample } from '../test/support/mem-child.js';
import { connect, flags, loadNote, login, main, printResult, request, round, sleep, tempDir } from './support.js';

const { quick } = flags();
const TICKETS = quick ? 5_000 : 50_000;
const SAMPLE_EVERY = TICKETS / 10;
/** mem-server.ts's admin password (the soak's), not the benches' own. */
const PASSWORD = 'mat-khau-quan-tri';
const SERVICES = ['ldtbxh', 'dkkd', 'ho-tich', 'tu-phap', 'dat-dai'];
const EXTRA_COUNTERS = [
  { id: 'q7', number: 7, serviceIds: ['dat-dai'] },
  { id: 'q8', number: 8, serviceIds: ['ho-tich', 'tu-phap'] },
  { id: 'q9', number: 9, serviceIds: ['tu-phap', 'ho-tich'] },
  { id: 'q10', number: 10, serviceIds: ['dkkd', 'ldtbxh'] },
  { id: 'q11', number: 11, serviceIds: ['ldtbxh', 'dkkd'] },
  { id: 'q12', number: 12, serviceIds: ['dat-dai', 'ho-tich'] },
];
const COUNTERS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', ...EXTRA_COUNTERS.map((c) => c.id)];
const MB = 2 ** 20;

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return num / den;
}

async function peakRss(pid: number): Promise<number> {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('no VmHWM in /proc (Linux only)');
  return Number(m[1]) * 1024;
}

const rssOf = (s: MemSample): number => s.vmRss ?? s.rss;

main(async () => {
  console.log(`memory-day: ${TICKETS.toLocaleString('en-US')} tickets issued, called, completed; ${loadNote()}`);
  const dataDir = tempDir('memory-day');
  const server = await spawnMemServer(dataDir);
  try {
    const url = server.url;
    const admin = await login(url, 'admin', PASSWORD);
    for (const c of EXTRA_COUNTERS) {
      const res = await fetch(`${url}/api/counters`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ ...c, label: { vi: `Quầy ${c.number}`, en: `Counter ${c.number}` } }),
      });
      if (res.status !== 201) throw new Error(`POST /api/counters ${c.id}: ${res.status} ${await res.text()}`);
    }
    const kiosks = await Promise.all([0, 1].map(() => connect(url, '/kiosk')));
    const staff = await Promise.all([0, 1].map(() => connect(url, '/counter', { token: admin })));
    for (const [i, counterId] of COUNTERS.entries()) await request(staff[i % 2]!, 'counter:open', { counterId });

    // Baseline: the same server, started, sockets connected, nothing issued yet.
    await sleep(500);
    const idle = await server.mem();
    if (!idle.gc) throw new Error('the server must run with --expose-gc');
    const samples: { tickets: number; heap: number; rss: number }[] = [];
    let issued = 0;
    let done = 0;
    let issuingDone = false;
    const t0 = Date.now();

    const issuing = (async () => {
      let n = 0;
      while (issued < TICKETS) {
        const batch = Math.min(500, TICKETS - issued);
        await Promise.all(
          Array.from({ length: batch }, () => {
            const i = n++;
            return request(kiosks[i % 2]!, 'ticket:issue', { serviceId: SERVICES[i % SERVICES.length], requestId: `day-tap-${i}` }, 60_000);
          }),
        );
        issued += batch;
        if (issued % SAMPLE_EVERY === 0) {
          // Every ticket so far finished: each sample holds tickets in one state.
          while (done < issued) await sleep(5);
          const m = await server.mem();
          samples.push({ tickets: issued, heap: m.heapUsed, rss: rssOf(m) });
          console.log(`  ${String(issued).padStart(6)} tickets: heap ${(m.heapUsed / MB).toFixed(1)} MB, rss ${(rssOf(m) / MB).toFixed(1)} MB`);
        }
        // The day is compressed, not a backlog: keep the queues short.
        while (issued - done > 2_000) await sleep(5);
      }
      issuingDone = true;
    })();
    const calling = COUNTERS.map(async (counterId, i) => {
      const s: Socket = staff[i % 2]!;
      for (;;) {
        const r = await request<{ ticket: { number: string } | null }>(s, 'ticket:callNext', { counterId }, 60_000);
        if (!r.ticket) {
          if (issuingDone) return;
          await sleep(3);
          continue;
        }
        await request(s, 'ticket:complete', { counterId, fileCode: `HS-${r.ticket.number}` }, 60_000);
        done++;
      }
    });
    await issuing;
    await Promise.all(calling);
    const seconds = (Date.now() - t0) / 1000;
    const end = await server.mem();
    const peak = await peakRss(server.proc.pid!);
    for (const s of [...kiosks, ...staff]) s.close();
    if (done !== TICKETS) throw new Error(`${done} of ${TICKETS} tickets completed`);

    const perTicket = slope(samples.map((s) => [s.tickets, s.heap]));
    console.log(
      `\n${TICKETS} tickets in ${round(seconds, 1)} s (${Math.round((TICKETS * 3) / seconds)} operations/s); ` +
        `idle: heap ${(idle.heapUsed / MB).toFixed(1)} MB, rss ${(rssOf(idle) / MB).toFixed(1)} MB; ` +
        `end: heap ${(end.heapUsed / MB).toFixed(1)} MB, rss ${(rssOf(end) / MB).toFixed(1)} MB; peak rss ${(peak / MB).toFixed(1)} MB; ` +
        `heap per ticket of the day ${Math.round(perTicket)} B (${loadNote()})`,
    );
    const day = `a day of ${TICKETS.toLocaleString('en-US')} tickets`;
    const idleLabel = 'same server idle after start';
    printResult('memory-day', [
      {
        id: 'memory-day-rss',
        metric: `server RSS at the end of ${day}`,
        value: round(rssOf(end) / MB, 1),
        unit: 'MB',
        baseline: round(rssOf(idle) / MB, 1),
        baselineLabel: idleLabel,
        ratio: round(rssOf(end) / rssOf(idle), 2),
      },
      { id: 'memory-day-peak-rss', metric: `server peak RSS during ${day} (VmHWM)`, value: round(peak / MB, 1), unit: 'MB', baseline: round(rssOf(idle) / MB, 1), baselineLabel: idleLabel, ratio: round(peak / rssOf(idle), 2) },
      {
        id: 'memory-day-heap',
        metric: `server heap after GC at the end of ${day}`,
        value: round(end.heapUsed / MB, 1),
        unit: 'MB',
        baseline: round(idle.heapUsed / MB, 1),
        baselineLabel: idleLabel,
        ratio: round(end.heapUsed / idle.heapUsed, 2),
      },
      { id: 'memory-day-heap-per-ticket', metric: "heap per ticket of the day (slope over the day's samples)", value: Math.round(perTicket), unit: 'B' },
      { id: 'memory-day-ops', metric: 'issue + call + complete, compressed day', value: Math.round((TICKETS * 3) / seconds), unit: 'operations/s' },
    ]);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
