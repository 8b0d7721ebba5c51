// Issue throughput: K kiosk sockets issue tickets as fast as their acks come back (each waits for
// its ack before the next tap) against a real server in a child process: a real data folder on
// disk, the journal flushed with datasync before every ack.
// Baseline in the same run: a loop that appends one JSON line of the same size to a file and
// datasync()s it per ticket — the floor a server that flushed each ticket alone would sit on.
//
// The kiosk namespace limits each connection to a burst of 10 then 1 ticket/s; the bench raises
// that with startServer({ kioskRate }) (child-server.ts --kiosk-per-sec), or it would measure
// the limiter.
import { randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { serviceDayOf } from '../server/queue/time.js';
import {
  OPEN_SERVICES, childStats, connect, connectMany, cpuMs, flags, loadNote, main, now, percentile, printResult, removeTempDir, request, round, startChild,
  table, tempDir,
} from './support.js';

const { quick } = flags();
const KIOSKS = 20;
const TOTAL = quick ? 600 : 3000;
const WARMUP = quick ? 40 : 100;

/** `kiosks` loops that share one counter of tickets to issue. */
async function issueAll(kiosks: Socket[], total: number, latencies: number[] | null): Promise<number> {
  let next = 0;
  const t0 = now();
  await Promise.all(
    kiosks.map(async (k, i) => {
      while (next < total) {
        const n = next++;
        const t = now();
        await request(k, 'ticket:issue', { serviceId: OPEN_SERVICES[(n + i) % OPEN_SERVICES.length], requestId: randomUUID() });
        latencies?.push(now() - t);
      }
    }),
  );
  return now() - t0;
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

main(async () => {
  console.log(`issue throughput: ${KIOSKS} kiosk sockets, ${TOTAL} tickets (after ${WARMUP} warm-up), fsync'd journal`);
  const dataDir = tempDir('throughput');
  const server = await startChild({ mode: 'luot', dataDir, countSyncs: true, kioskPerSec: 1_000_000 });
  const kiosks = await connectMany(KIOSKS, () => connect(server.url, '/kiosk'));
  await issueAll(kiosks, WARMUP, null);

  const before = await childStats(server);
  const load0 = loadNote();
  const latencies: number[] = [];
  const ms = await issueAll(kiosks, TOTAL, latencies);
  const after = await childStats(server);
  for (const k of kiosks) k.close();
  await server.stop();

  // The baseline writes lines as long as the server's own ticket:issued lines.
  const day = serviceDayOf(new Date(), 'Asia/Ho_Chi_Minh');
  const journal = await readFile(join(dataDir, 'journal', `${day}.jsonl`), 'utf8');
  const issuedLines = journal.split('\n').filter((l) => l.includes('"type":"ticket:issued"'));
  if (issuedLines.length !== TOTAL + WARMUP) throw new Error(`journal has ${issuedLines.length} issued lines, expected ${TOTAL + WARMUP}`);
  const lineBytes = Math.round(issuedLines.reduce((a, l) => a + Buffer.byteLength(l) + 1, 0) / issuedLines.length);
  const sample = issuedLines[issuedLines.length - 1]!;
  const line = sample.length + 1 >= lineBytes ? sample + '\n' : sample + ' '.repeat(lineBytes - sample.length - 1) + '\n';
  const rawCpu0 = cpuMs();
  const rawMs = await rawAppendLoop(join(dataDir, 'raw.jsonl'), line, TOTAL);
  const rawCpu = cpuMs() - rawCpu0;
  removeTempDir(dataDir);

  const rate = TOTAL / (ms / 1000);
  const rawRate = TOTAL / (rawMs / 1000);
  const syncs = after.syncs - before.syncs;
  const serverCpu = after.cpuMs - before.cpuMs;
  console.log(
    '\n' +
      table(
        ['', 'tickets/s', 'time s', 'CPU ms per ticket', 'flushes (datasync)', 'tickets per flush'],
        [
          [`Lượt server, ${KIOSKS} kiosks`, Math.round(rate), round(ms / 1000), round(serverCpu / TOTAL, 3), syncs, round(TOTAL / syncs)],
          ['raw append + datasync per line', Math.round(rawRate), round(rawMs / 1000), round(rawCpu / TOTAL, 3), TOTAL, 1],
        ],
      ),
  );
  console.log(`\nratio server ÷ raw loop: ${round(rate / rawRate)}× (journal line ${lineBytes} bytes)`);
  console.log(
    `ack latency under this load: p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms; ` +
      `server RSS ${Math.round(after.rssMb)} MB; raw datasync ${round(rawMs / TOTAL, 3)} ms per line`,
  );
  console.log(`${load0} at the start, ${loadNote()} at the end`);
  printResult('issue-throughput', [
    {
      metric: `issue, ${KIOSKS} kiosks, ${TOTAL} tickets`,
      value: Math.round(rate),
      unit: 'tickets/s',
      baseline: Math.round(rawRate),
      baselineLabel: 'append + datasync per line',
      ratio: round(rate / rawRate),
    },
    { metric: 'tickets per journal flush', value: round(TOTAL / syncs), unit: '' },
    { metric: 'server CPU per issued ticket', value: round(serverCpu / TOTAL, 3), unit: 'ms' },
    { metric: `ack latency p50 at ${KIOSKS} kiosks`, value: round(percentile(latencies, 50)), unit: 'ms' },
  ]);
});
