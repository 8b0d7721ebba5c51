// A year of reports: the supervisor's summary over every day of ~1 M synthetic tickets
// (history.ts, 365 days × 2,700), against the server as `npm start` runs it (scripts/start.js: the
// compiled server in a child process, production log level).
//   cold  the first GET /api/reports/summary right after start-up, before the per-day aggregates
//         exist (the server starts building them itself 2 s after start; the table says whether
//         the request began before that)
//   warm  the same request once `<dataDir>/cache` holds one groups-*.json per past day
// Beside each: the child's peak RSS (VmHWM in /proc/<pid>/status) at that moment. No baseline:
// the cold figure is a fold of the whole year's journal in the server's report worker (a thread
// at nice 19: on a loaded machine it waits for the CPU), the warm one merges 365 aggregates held
// in memory. The peak RSS includes the login's argon2 hash (19 MiB since 410b7bf, 64 MiB before).
// The cold line also gives the server's CPU time (main thread and report worker together): on a
// loaded machine the worker (nice 19) waits, and the wall time says little.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Result } from '../shared/errors.js';
import type { ReportSummary } from '../shared/types.js';
import { generateHistory } from './history.js';
import { flags, loadNote, login, main, now, printResult, processCpuMs, removeTempDir, round, sleep, startProduction, stopChild, table, tempDir } from './support.js';

const { quick } = flags();
const HISTORY_DAYS = quick ? 30 : 365;
const PER_DAY = 2700;
/** The whole bench stops waiting for the background build after this long. */
const BUDGET_MS = 85_000;

async function cacheFiles(dataDir: string): Promise<number> {
  try {
    return (await readdir(join(dataDir, 'cache'))).filter((f) => /^groups-\d{4}-\d{2}-\d{2}\.json$/.test(f)).length;
  } catch {
    return 0;
  }
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function summary(url: string, token: string, from: string, to: string, timeoutMs: number): Promise<{ ms: number; body: ReportSummary }> {
  const t0 = now();
  const res = await fetch(`${url}/api/reports/summary?from=${from}&to=${to}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(Math.round(timeoutMs)),
  });
  const body = (await res.json()) as Result<{ summary: ReportSummary }>;
  const ms = now() - t0;
  if (!body.ok) throw new Error(`summary: ${body.error.code} ${body.error.messageEn}`);
  return { ms, body: body.summary };
}

main(async () => {
  const benchStart = now();
  console.log(`reports over ${HISTORY_DAYS} days × ${PER_DAY} tickets; ${loadNote()}`);
  const dataDir = tempDir('reports-year');
  const gen = await generateHistory({ dataDir, days: HISTORY_DAYS, ticketsPerDay: PER_DAY });
  console.log(`history: ${gen.tickets} tickets, ${round(gen.bytes / 2 ** 20)} MB (${gen.firstDay} … ${gen.lastDay}) in ${round(gen.ms / 1000, 1)} s`);

  const t0 = now();
  // As `npm start` runs it: the compiled server, no TypeScript loader in its memory.
  const server = await startProduction(dataDir);
  const pid = server.child.pid!;
  const cpuMs = () => processCpuMs(pid) ?? NaN;
  const token = await login(server.url);
  const coldStartsAt = now() - t0;
  const cpuBefore = cpuMs();
  const cacheBefore = await cacheFiles(dataDir);
  // Capped so that the bench stays bounded: a cap reached is reported, not hidden.
  const coldCapMs = Math.round(Math.max(5_000, BUDGET_MS - (now() - benchStart)));
  let cold: { ms: number; body: ReportSummary } | null = null;
  try {
    cold = await summary(server.url, token, gen.firstDay, gen.lastDay, coldCapMs);
  } catch (e) {
    if ((e as Error).name !== 'TimeoutError') throw e;
  }
  const coldRss = await peakRssMb(pid);
  // The whole server process (main thread and report worker): the figure a quiet machine's cold
  // time follows; since spawn it also counts start-up, the login's argon2 and the build begun
  // at 2 s.
  const cpuAfter = cpuMs();
  const coldCpu = cpuAfter - cpuBefore;
  const cacheAfterCold = await cacheFiles(dataDir);
  console.log(
    `cold summary began ${round(coldStartsAt / 1000, 2)} s after spawn (${cacheBefore} days cached then), ` +
      (cold
        ? `took ${round(cold.ms / 1000, 2)} s (server CPU ${round(coldCpu / 1000, 2)} s during it, ${round(cpuAfter / 1000, 2)} s since spawn); ${cold.body.rows.length} rows, ${cold.body.total.issued} tickets`
        : `still unanswered after the ${round(coldCapMs / 1000, 1)} s cap`) +
      `; ${cacheAfterCold} days cached after it`,
  );

  while ((await cacheFiles(dataDir)) < gen.days && now() - benchStart < BUDGET_MS) await sleep(200);
  const built = await cacheFiles(dataDir);
  const builtAfter = (now() - t0) / 1000;
  let warm: { ms: number; body: ReportSummary } | null = null;
  let warm2: { ms: number; body: ReportSummary } | null = null;
  if (built >= gen.days) {
    warm = await summary(server.url, token, gen.firstDay, gen.lastDay, 30_000);
    warm2 = await summary(server.url, token, gen.firstDay, gen.lastDay, 30_000);
    if (cold && warm.body.total.issued !== cold.body.total.issued) throw new Error(`warm summary counts ${warm.body.total.issued} tickets, cold ${cold.body.total.issued}`);
  }
  const endRss = await peakRssMb(pid);
  await stopChild(server.child);
  removeTempDir(dataDir);

  console.log(
    '\n' +
      table(
        ['GET /api/reports/summary, whole span', 'time ms', 'server peak RSS (VmHWM) MB', 'cached days before'],
        [
          [`cold (first request after start)`, cold ? round(cold.ms) : `> ${coldCapMs} (cap reached)`, round(coldRss, 1), `${cacheBefore} / ${gen.days}`],
          ...(warm && warm2
            ? [
                ['warm (every past day cached)', round(warm.ms), round(endRss, 1), `${gen.days} / ${gen.days}`],
                ['warm, again', round(warm2.ms), round(endRss, 1), `${gen.days} / ${gen.days}`],
              ]
            : [['warm', `not measured: ${built} of ${gen.days} days cached when the cap ran out`, round(endRss, 1), '—']]),
        ],
      ),
  );
  console.log(
    `\n${round(gen.tickets / 1e6, 2)} M tickets over ${gen.days} days; aggregates of every past day on disk ${round(builtAfter, 1)} s after spawn ` +
      `(cold request + the server's own background build); ${loadNote()}`,
  );
  const m = `${round(gen.tickets / 1e6, 2)} M tickets, ${gen.days} days`;
  printResult('reports-year', [
    cold
      ? { id: 'reports-cold', metric: `summary, ${m}, cold`, value: round(cold.ms), unit: 'ms' }
      : { id: 'reports-cold', metric: `summary, ${m}, cold`, value: NaN, unit: 'ms', note: `no answer within the ${coldCapMs} ms cap` },
    { id: 'reports-cold-rss', metric: 'server peak RSS after the cold summary', value: round(coldRss, 1), unit: 'MB' },
    ...(warm ? [{ id: 'reports-warm', metric: `summary, ${m}, warm (aggregates cached)`, value: round(warm.ms), unit: 'ms' }] : []),
    { id: 'reports-rss', metric: 'server peak RSS, whole run', value: round(endRss, 1), unit: 'MB' },
  ]);
});
