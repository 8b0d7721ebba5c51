// Restart to serving on a busy day with a year behind it. The data folder holds ~1 M tickets of
// past journals (history.ts: 365 days × 2,700) and today's journal with 10,000 tickets, written
// by the same generator (same event shapes, revs continuing the history) rather than issued one
// by one through a server: that would take minutes here. Each start is what `npm start` runs —
// `node scripts/start.js`: its check that dist/ and dist-server/ are fresh, then the compiled
// server, with the production defaults (log level info, the settings' kiosk rate) — timed from
// spawn() to the first successful `ticket:issue` ack on a fresh kiosk socket (and, inside that,
// to the server's `serving` log line); the report cache is removed before every start, so each
// one is a first start. Each start is stopped with SIGTERM, as a service manager does: the clean
// stop writes today's checkpoint (cache/checkpoint.bin), which the next start takes, replaying
// only the journal lines after it. A second busy row removes the checkpoint before each start
// (a day whose server never stopped cleanly, or a lost checkpoint): the whole day is replayed.
// Baseline: a bare express 5 app in plain JavaScript (bench/child-express.js, run by node, no
// loader), spawn → listening → GET / answered. Medians of 5. Each start's CPU time to that
// answer (all its threads: /proc schedstat) is printed too: on a shared, loaded machine the wall
// times of both sides swing by more than the difference being measured, CPU time much less.
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { serviceDayOf } from '../server/queue/time.js';
import { generateHistory } from './history.js';
import {
  BENCH_DIR, ROOT, connect, spawnUntil, startProduction, stopChild, flags, loadNote, main, median, now, printResult, procCpuMs, removeTempDir, request, round, table, tempDir,
} from './support.js';

const { quick } = flags();
const STARTS = 5;
const HISTORY_DAYS = quick ? 30 : 365;
const PER_DAY = 2700;
const TODAY_TICKETS = 10_000;

interface Start {
  toReadyMs: number;
  startServerMs: number;
  toServingMs: number;
  /** CPU time of every thread of the process, spawn → the answer. */
  cpuMs: number;
}

async function startLuot(dataDir: string, checkpoint = true): Promise<Start> {
  const cache = join(dataDir, 'cache');
  for (const f of await readdir(cache).catch(() => [] as string[])) {
    if (f !== 'checkpoint.bin' || !checkpoint) await rm(join(cache, f), { recursive: true, force: true });
  }
  const t0 = now();
  const { child, url, serving } = await startProduction(dataDir);
  try {
    const toReadyMs = now() - t0;
    const kiosk = await connect(url, '/kiosk');
    await request(kiosk, 'ticket:issue', { serviceId: 'tu-phap' }, 60_000);
    const toServingMs = now() - t0;
    const cpuMs = procCpuMs(child.pid)?.total ?? NaN;
    kiosk.close();
    return { toReadyMs, startServerMs: serving.startServerMs ?? NaN, toServingMs, cpuMs };
  } finally {
    await stopChild(child);
  }
}

/** spawn → READY line → GET / answered 200. */
async function startExpress(): Promise<{ toReadyMs: number; toServingMs: number; cpuMs: number }> {
  const t0 = now();
  const { child, found: port } = await spawnUntil([join(BENCH_DIR, 'child-express.js')], process.env, (line) => {
    const m = /^READY (\{.*\})$/.exec(line);
    return m ? (JSON.parse(m[1]!) as { port: number }).port : null;
  });
  try {
    const toReadyMs = now() - t0;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    if (!res.ok || (await res.text()) !== 'ok') throw new Error(`express GET /: ${res.status}`);
    const toServingMs = now() - t0;
    return { toReadyMs, toServingMs, cpuMs: procCpuMs(child.pid)?.total ?? NaN };
  } finally {
    await stopChild(child);
  }
}

main(async () => {
  console.log(
    `restart: ${HISTORY_DAYS} days × ${PER_DAY} tickets of history + today's journal with ${TODAY_TICKETS} tickets; ` +
      `${STARTS} starts each; ${loadNote()}`,
  );
  const histDir = tempDir('restart-history');
  const gen = await generateHistory({ dataDir: histDir, days: HISTORY_DAYS, ticketsPerDay: PER_DAY });
  console.log(`history: ${gen.tickets} tickets, ${round(gen.bytes / 2 ** 20)} MB (${gen.firstDay} … ${gen.lastDay}) in ${round(gen.ms / 1000, 1)} s`);

  // Today's journal: the same generator, one day of 10,000 tickets, revs after the history's,
  // written into a scratch folder with the same config.json, then moved beside the history.
  const today = serviceDayOf(new Date(), 'Asia/Ho_Chi_Minh');
  const dayDir = tempDir('restart-today');
  // The office's config.json and the deployment's accounts (deployment.json, issue 11).
  for (const f of ['config.json', 'deployment.json']) await copyFile(join(histDir, f), join(dayDir, f)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
  const day = await generateHistory({ dataDir: dayDir, days: 1, ticketsPerDay: TODAY_TICKETS, endDay: today, startRev: gen.lastRev + 1 });
  await mkdir(join(histDir, 'journal'), { recursive: true });
  const todayFile = join(histDir, 'journal', `${today}.jsonl`);
  await copyFile(join(dayDir, 'journal', `${today}.jsonl`), todayFile);
  removeTempDir(dayDir);
  console.log(`today (${today}): ${day.tickets} tickets, ${day.events} events, ${round((await stat(todayFile)).size / 2 ** 20, 1)} MB`);

  const emptyDir = tempDir('restart-empty');
  // A throwaway start of each: it builds dist-server/ (and dist/) if they are stale, and warms
  // the page cache for every side.
  await startLuot(emptyDir);
  await startLuot(histDir);
  await startExpress();

  const express: { toReadyMs: number; toServingMs: number; cpuMs: number }[] = [];
  const empty: Start[] = [];
  const busy: Start[] = [];
  const whole: Start[] = [];
  // Interleaved, so that drift on a shared machine hits all four alike.
  for (let i = 0; i < STARTS; i++) {
    express.push(await startExpress());
    empty.push(await startLuot(emptyDir));
    busy.push(await startLuot(histDir));
    whole.push(await startLuot(histDir, false));
    // Its clean stop wrote a checkpoint again: the next busy start has one, as in service.
  }
  const each = (xs: { toServingMs: number }[]) => xs.map((x) => Math.round(x.toServingMs)).join(', ');
  const expressMs = median(express.map((x) => x.toServingMs));
  const busyMs = median(busy.map((x) => x.toServingMs));
  const emptyMs = median(empty.map((x) => x.toServingMs));
  const wholeMs = median(whole.map((x) => x.toServingMs));
  const rows = [
    [
      `Lượt, ${round(gen.tickets / 1e6, 2)} M tickets of history + ${TODAY_TICKETS} today`,
      'first ticket:issue ack',
      each(busy),
      round(busyMs),
      round(median(busy.map((x) => x.toReadyMs))),
      round(median(busy.map((x) => x.startServerMs))),
      round(busyMs / expressMs),
    ],
    [
      `Lượt, same, no checkpoint (whole day replayed)`,
      'first ticket:issue ack',
      each(whole),
      round(wholeMs),
      round(median(whole.map((x) => x.toReadyMs))),
      round(median(whole.map((x) => x.startServerMs))),
      round(wholeMs / expressMs),
    ],
    [
      'Lượt, empty data folder',
      'first ticket:issue ack',
      each(empty),
      round(emptyMs),
      round(median(empty.map((x) => x.toReadyMs))),
      round(median(empty.map((x) => x.startServerMs))),
      round(emptyMs / expressMs),
    ],
    ['bare express 5 (baseline)', 'GET / answered', each(express), round(expressMs), round(median(express.map((x) => x.toReadyMs))), '—', 1],
  ];
  console.log(
    '\n' +
      table(['server', 'spawn → …', 'each start (ms)', 'median ms', 'spawn → listening median ms', 'startServer() median ms', '÷ express'], rows),
  );
  const cpu = (xs: { cpuMs: number }[]) => median(xs.map((x) => x.cpuMs));
  const cpuOf = (name: string, xs: { cpuMs: number }[]) => `${name} ${round(cpu(xs))} (${xs.map((x) => Math.round(x.cpuMs)).join(', ')})`;
  const cpus = [cpuOf('busy', busy), cpuOf('no checkpoint', whole), cpuOf('empty', empty), cpuOf('express', express)];
  console.log(`CPU ms per start, all threads, spawn → answer, median (each): ${cpus.join('; ')}; busy ÷ express ${round(cpu(busy) / cpu(express))}`);
  console.log(loadNote());
  removeTempDir(histDir);
  removeTempDir(emptyDir);
  printResult('restart', [
    {
      id: 'restart-history',
      metric: `restart → first ticket:issue ack, ${round(gen.tickets / 1e6, 2)} M history + ${TODAY_TICKETS} today`,
      value: Math.round(busyMs),
      unit: 'ms',
      baseline: Math.round(expressMs),
      baselineLabel: 'bare express 5, spawn → GET / ok',
      ratio: round(busyMs / expressMs),
    },
    {
      id: 'restart-history-whole',
      metric: `restart → first ticket:issue ack, ${round(gen.tickets / 1e6, 2)} M history + ${TODAY_TICKETS} today, no checkpoint (whole day replayed)`,
      value: Math.round(wholeMs),
      unit: 'ms',
      baseline: Math.round(expressMs),
      baselineLabel: 'bare express 5, spawn → GET / ok',
      ratio: round(wholeMs / expressMs),
    },
    {
      id: 'restart-empty',
      metric: 'restart → first ticket:issue ack, empty data folder',
      value: Math.round(emptyMs),
      unit: 'ms',
      baseline: Math.round(expressMs),
      baselineLabel: 'bare express 5, spawn → GET / ok',
      ratio: round(emptyMs / expressMs),
    },
    {
      id: 'restart-startserver',
      metric: `startServer() alone (config, replay of today's ${day.events} events, listen), with history`,
      value: Math.round(median(busy.map((x) => x.startServerMs))),
      unit: 'ms',
      baseline: Math.round(median(empty.map((x) => x.startServerMs))),
      baselineLabel: 'empty data folder',
      ratio: round(median(busy.map((x) => x.startServerMs)) / median(empty.map((x) => x.startServerMs))),
    },
  ]);
});
