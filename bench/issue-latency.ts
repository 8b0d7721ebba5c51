// Issue latency with and without a year of history. One kiosk socket per server issues tickets
// one at a time (each waits for its ack: journal datasync included) against real servers in
// child processes: one on an empty data folder, one on a folder holding ~1 M past tickets made by
// history.ts. A restart replays only the newest day's journal, so the figures should match;
// ratios are history ÷ empty.
//
// After it starts, the server builds a report aggregate per past day in `<dataDir>/cache`, in the
// background. On a year of history that takes a while, so the history server is measured twice:
// while that build runs (what kiosks see in the first minutes after an upgrade or a restore),
// against the empty server measured alone beforehand; and once the build is done (the steady
// state, the figure that should equal the empty folder's), in alternating blocks with the empty
// server so that drift on a shared machine hits both alike. Waiting for the build is capped so
// the bench stays bounded; a cap reached is reported, not hidden.
//
// Start-up (spawn → port ready) is the median of a few starts; before each start today's journal
// is removed, so every start replays what a first start of the day would (the last history day,
// or nothing).
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { serviceDayOf } from '../server/queue/time.js';
import { generateHistory } from './history.js';
import {
  OPEN_SERVICES, childStats, connect, flags, loadNote, main, median, now, percentile, printResult, removeTempDir, request,
  round, sleep, startChild, table, tempDir, type ChildServer, type ResultRow,
} from './support.js';

const { quick } = flags();
const ISSUES = quick ? 150 : 500;
const WARMUP = 20;
const STARTS = 3;
const BLOCK = 50;
/** Longest one measured run may take (a server busy in the background answers slowly). */
const MAX_RUN_MS = quick ? 10_000 : 20_000;
/** The whole bench, history generation included, waits for the report cache no longer than this. */
const BUDGET_MS = quick ? 75_000 : 115_000;
const HISTORY_DAYS = quick ? 30 : 365;
const PER_DAY = 2700;

interface Run {
  label: string;
  latencies: number[];
  ms: number;
  cpuMs: number;
  cache: [number, number];
}

interface Side {
  dataDir: string;
  starts: { spawnToReadyMs: number; startServerMs: number }[];
  server: ChildServer;
  kiosk: Socket;
  startedAt: number;
}

/** Starts the server `STARTS` times, keeps the last one running, records each start-up. */
async function startUp(dataDir: string): Promise<Side> {
  const today = serviceDayOf(new Date(), 'Asia/Ho_Chi_Minh');
  const starts: Side['starts'] = [];
  for (let i = 0; ; i++) {
    await rm(join(dataDir, 'journal', `${today}.jsonl`), { force: true });
    const server = await startChild({ mode: 'luot', dataDir, kioskPerSec: 1_000_000 });
    starts.push({ spawnToReadyMs: server.spawnToReadyMs, startServerMs: server.info.startServerMs ?? NaN });
    if (i === STARTS - 1) {
      const kiosk = await connect(server.url, '/kiosk');
      return { dataDir, starts, server, kiosk, startedAt: now() };
    }
    await server.stop();
  }
}

async function issue(side: Side, n: number, out: number[] | null, stop: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < n && !stop(); i++) {
    const t = now();
    await request(side.kiosk, 'ticket:issue', { serviceId: OPEN_SERVICES[i % OPEN_SERVICES.length] }, 60_000);
    out?.push(now() - t);
  }
}

/** Past days with something cached so far (distinct dates in the cache folder's file names). */
async function cachedDays(dataDir: string): Promise<number> {
  try {
    const names = await readdir(join(dataDir, 'cache'));
    return new Set(names.map((f) => /\d{4}-\d{2}-\d{2}/.exec(f)?.[0]).filter(Boolean)).size;
  } catch {
    return 0;
  }
}

async function run(side: Side, label: string, stopWhen: () => boolean = () => false): Promise<Run> {
  const cache0 = await cachedDays(side.dataDir);
  const cpu0 = await childStats(side.server);
  const t0 = now();
  const latencies: number[] = [];
  await issue(side, ISSUES, latencies, () => now() - t0 > MAX_RUN_MS || stopWhen());
  const ms = now() - t0;
  const cpuMs = (await childStats(side.server)).cpuMs - cpu0.cpuMs;
  return { label, latencies, ms, cpuMs, cache: [cache0, await cachedDays(side.dataDir)] };
}

/** The steady-state comparison: blocks of BLOCK issues, taking turns. */
async function alternate(a: Side, b: Side, labels: [string, string]): Promise<[Run, Run]> {
  const runs: [Run, Run] = [
    { label: labels[0], latencies: [], ms: 0, cpuMs: 0, cache: [await cachedDays(a.dataDir), 0] },
    { label: labels[1], latencies: [], ms: 0, cpuMs: 0, cache: [await cachedDays(b.dataDir), 0] },
  ];
  const cpu0 = await Promise.all([childStats(a.server), childStats(b.server)]);
  for (let done = 0; done < ISSUES; done += BLOCK) {
    for (const [k, side] of [a, b].entries()) {
      const t0 = now();
      await issue(side, Math.min(BLOCK, ISSUES - done), runs[k]!.latencies);
      runs[k]!.ms += now() - t0;
    }
  }
  const cpu1 = await Promise.all([childStats(a.server), childStats(b.server)]);
  for (const [k, side] of [a, b].entries()) {
    runs[k]!.cpuMs = cpu1[k]!.cpuMs - cpu0[k]!.cpuMs;
    runs[k]!.cache[1] = await cachedDays(side.dataDir);
  }
  return runs;
}

async function close(side: Side): Promise<void> {
  side.kiosk.close();
  await side.server.stop();
  removeTempDir(side.dataDir);
}

main(async () => {
  const benchStart = now();
  console.log(
    `issue latency: ${ISSUES} sequential issues from one kiosk socket, empty data folder vs ` +
      `${HISTORY_DAYS} days × ${PER_DAY} tickets of history; ${loadNote()}`,
  );
  const emptyDir = tempDir('latency-empty');
  const histDir = tempDir('latency-history');
  const gen = await generateHistory({ dataDir: histDir, days: HISTORY_DAYS, ticketsPerDay: PER_DAY });
  console.log(
    `history: ${gen.tickets} tickets, ${gen.events} events, ${round(gen.bytes / 2 ** 20)} MB in ${gen.days} journal files ` +
      `(${gen.firstDay} … ${gen.lastDay}), written in ${round(gen.ms / 1000, 1)} s`,
  );

  // A throwaway start first: tsx's transform cache and the page cache are warm for both sides.
  const warmDir = tempDir('latency-warm');
  await (await startChild({ mode: 'luot', dataDir: warmDir })).stop();
  removeTempDir(warmDir);

  const empty = await startUp(emptyDir);
  await issue(empty, WARMUP, null);
  await sleep(500);
  const emptyRun = await run(empty, 'empty (alone)');
  const emptyStarts = empty.starts;

  // The empty server stays up, idle, for the steady-state comparison.
  const hist = await startUp(histDir);
  await issue(hist, WARMUP, null);
  // The build starts a moment after start-up; measure once it is under way.
  for (let i = 0; i < 100 && (await cachedDays(histDir)) === 0; i++) await sleep(100);
  const complete = () => cachedDays(histDir).then((n) => n >= gen.days);
  // Polled beside the run: "while the cache is built" stops once it is built.
  let done = false;
  const poll = (async () => {
    while (!done) {
      if (await complete()) done = true;
      else await sleep(250);
    }
  })();
  const duringRun = await run(hist, 'history, report cache being built', () => done);
  const during = duringRun.latencies.length >= 20 ? duringRun : null;
  const cpuWait0 = await childStats(hist.server);
  const waitStart = now();
  while (!(await complete()) && now() - benchStart < BUDGET_MS) await sleep(250);
  done = true;
  await poll;
  const built = await cachedDays(histDir);
  const buildSec = (now() - hist.startedAt) / 1000;
  const waitCpuMs = (await childStats(hist.server)).cpuMs - cpuWait0.cpuMs;
  const waitSec = (now() - waitStart) / 1000;
  await sleep(500);
  const [emptyAlt, steady] = built >= gen.days ? await alternate(empty, hist, ['empty (alternating)', 'history, report cache built']) : [null, null];
  const histStarts = hist.starts;
  await close(hist);
  await close(empty);

  const runs = [emptyRun, ...(during ? [during] : []), ...(emptyAlt && steady ? [emptyAlt, steady] : [])];
  console.log(
    '\n' +
      table(
        ['data folder', 'issues', 'p50 ms', 'p95 ms', 'max ms', 'server CPU ms/issue', 'report cache days'],
        runs.map((r) => [
          r.label,
          `${r.latencies.length} in ${round(r.ms / 1000, 1)} s`,
          round(percentile(r.latencies, 50), 3),
          round(percentile(r.latencies, 95), 3),
          round(Math.max(...r.latencies), 1),
          round(r.cpuMs / r.latencies.length, 3),
          `${r.cache[0]} → ${r.cache[1]}`,
        ]),
      ),
  );
  const startRow = (label: string, s: Side['starts']) => [
    label,
    s.map((x) => Math.round(x.spawnToReadyMs)).join(', '),
    round(median(s.map((x) => x.spawnToReadyMs))),
    round(median(s.map((x) => x.startServerMs))),
  ];
  console.log(
    '\n' +
      table(
        ['start-up', 'spawn → port, each start (ms)', 'median ms', 'startServer() median ms'],
        [startRow('empty', emptyStarts), startRow(`history (replays ${gen.lastDay})`, histStarts)],
      ),
  );
  console.log(
    built >= gen.days
      ? `\nreport cache: ${gen.days} past days built ${round(buildSec, 1)} s after start-up` +
          (waitSec >= 1 ? ` (server CPU ${round(waitCpuMs / 1000, 1)} s over the last ${round(waitSec, 1)} s of it, while nothing was issued)` : '')
      : `\nreport cache: only ${built} of ${gen.days} past days built ${round(buildSec, 1)} s after start-up, when the bench's time cap ran out ` +
          `(server CPU ${round(waitCpuMs / 1000, 1)} s in the last ${round(waitSec, 1)} s); no steady-state figure`,
  );
  console.log(loadNote());

  const eStart = median(emptyStarts.map((x) => x.spawnToReadyMs));
  const hStart = median(histStarts.map((x) => x.spawnToReadyMs));
  const rows: ResultRow[] = [];
  const m = `${round(gen.tickets / 1e6, 2)} M tickets of history`;
  const vs = (r: Run, base: Run, what: string, id: string) => {
    const p50 = percentile(r.latencies, 50);
    const p95 = percentile(r.latencies, 95);
    const b50 = percentile(base.latencies, 50);
    const b95 = percentile(base.latencies, 95);
    rows.push(
      { id: `${id}-p50`, metric: `issue p50, ${m}, ${what}`, value: round(p50, 3), unit: 'ms', baseline: round(b50, 3), baselineLabel: 'empty data folder', ratio: round(p50 / b50) },
      { id: `${id}-p95`, metric: `issue p95, ${m}, ${what}`, value: round(p95, 3), unit: 'ms', baseline: round(b95, 3), baselineLabel: 'empty data folder', ratio: round(p95 / b95) },
    );
  };
  if (steady && emptyAlt) vs(steady, emptyAlt, 'report cache built', 'latency-history');
  else rows.push({ id: 'latency-history-p95', metric: `issue, ${m}, report cache built`, value: NaN, unit: '', note: `cache not built within the cap (${built}/${gen.days} days)` });
  if (during) vs(during, emptyRun, 'while the report cache is built', 'latency-building');
  else console.log(`the report cache was built before ${20} issues could be measured during it`);
  rows.push({ id: 'latency-startup', metric: 'server start-up (spawn → port), with history', value: Math.round(hStart), unit: 'ms', baseline: Math.round(eStart), baselineLabel: 'empty data folder', ratio: round(hStart / eStart) });
  if (built >= gen.days) rows.push({ id: 'cache-build', metric: `report cache build after start, ${gen.days} days`, value: round(buildSec, 1), unit: 's' });
  printResult('issue-latency', rows);
});
