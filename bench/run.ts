// `npm run bench [-- NAME…] [--quick] [--check] [--no-run]`
//   every bench (or the named ones: `npm run bench -- throughput`) in its own process, one after
//   another (they would skew each other side by side); each prints its figures as one
//   BENCH_RESULT line, which is stored in bench/results.json (the other benches keep their last
//   figures) and written into docs/performance.md between its bench markers.
//   --quick   reduced counts, a smoke run: printed only, neither results.json nor the doc change
//   --check   then compares the latest figures with bench/goals.ts; exits 1 when a goal is missed
//   --no-run  runs nothing: regenerates the doc from results.json (and checks, with --check)
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { codeVersion, goalsTable, gridTable, loadResults, machine, rowsTable, saveResults, verdicts, writeDoc, type BenchInfo, type Results } from './doc.js';
import { BENCH_DIR, RESULT_PREFIX, ROOT, type ResultRow } from './support.js';

/** A bench that hangs is stopped: each one is meant to finish well inside this. */
const LIMIT_MS = 6 * 60_000;

const BENCHES: (BenchInfo & { file: string; args: string[]; /** Its own limit, when LIMIT_MS is too short for it. */ limitMs?: number })[] = [
  {
    name: 'fanout',
    file: 'fanout.ts',
    args: [],
    title: 'Fan-out: a call pushed to 500 wall displays',
    about:
      "A counter calls a ticket; each display's `called` push is timed from the server's emit to its arrival, against a bare " +
      'socket.io 4 server broadcasting the same payload to as many sockets, measured in alternating blocks.',
  },
  {
    name: 'issue-throughput',
    file: 'issue-throughput.ts',
    args: [],
    title: 'Issue throughput: 20 kiosks, journal flushed before every ack',
    about:
      'Kiosk sockets issue as fast as their acks return, once with a printer that prints nothing and once with the real print ' +
      'queue and renderer sending every ticket to a TCP printer on 127.0.0.1 that answers status requests as a ready printer ' +
      'and reads and discards each job; baseline: one append + datasync per journal line of the same size. The renderer is ' +
      'also timed alone, in the bench process.',
  },
  {
    name: 'print',
    file: 'print.ts',
    args: [],
    title: 'Printing at a province server’s pace',
    about:
      'CPU to render and encode one ticket (blocks of tickets with changing numbers, times and people ahead; median of the ' +
      'blocks) against the same ticket drawn whole on one canvas; and the ack latency of kiosks tapping at a paced 50 tickets/s ' +
      'on a server printing every ticket to a TCP printer on 127.0.0.1 against one with printing off, alternating blocks, ' +
      '2,000 taps a side. The stand-in printer is a process of its own at the lowest priority: a real printer brings its own processor.',
  },
  {
    name: 'history',
    file: 'history.ts',
    args: ['--bench'],
    title: 'Synthetic history: a year of journals',
    about: 'The generator the history benches use, against a raw write of the same bytes.',
  },
  {
    name: 'issue-latency',
    file: 'issue-latency.ts',
    args: [],
    title: 'Issue latency with a year of history',
    about:
      'One kiosk issues one ticket at a time against a server on ~1 M tickets of past journals and one on an empty data ' +
      'folder: while the server builds its report cache after start, and once it is built (alternating blocks).',
  },
  {
    name: 'restart',
    file: 'restart.ts',
    args: [],
    title: 'Restart to serving on a busy day',
    about:
      "`node scripts/start.js` (what `npm start` runs: the compiled server, V8's code cache) spawned → first `ticket:issue` ack, " +
      "with a year of history and today's 10,000 tickets to replay, against a bare express 5 app in plain JavaScript run by " +
      'node (spawn → `GET /` answered); medians of 5 starts.',
  },
  {
    name: 'reports-year',
    file: 'reports-year.ts',
    args: [],
    title: 'Reports over a year',
    about:
      "The supervisor's summary over ~1 M tickets in 365 days: the first request after start (cold) and once the per-day " +
      "aggregates exist (warm), with the server's peak RSS. No baseline.",
  },
  {
    name: 'kiosk',
    file: 'kiosk.ts',
    args: [],
    title: 'Kiosk in Chromium',
    about:
      'The JavaScript the kiosk page loads at start (gzip -9; the QR encoder and staff screens, loaded later, apart), and ' +
      'tap → number in Chromium measured in the page (pointerdown → the frame with the number, with the `ticket:issue` ack ' +
      'inside it) against the raw `POST /api/tickets` round trip timed in the same page. Playwright’s click → number ' +
      'visible (its own checks included) is kept as a comparison row.',
  },
  {
    name: 'display-frame',
    file: 'display-frame.ts',
    args: [],
    title: 'Wall display in Chromium without GPU',
    about:
      'The built wall display at 1366×768 (`--disable-gpu`): requestAnimationFrame deltas for 2.5 s after each call against ' +
      'the same page idle just before (alternating); its start with the CPU slowed 4× (long tasks summed as blocking time, ' +
      'as Lighthouse counts TBT); the script and clip bytes it fetches.',
  },
  {
    name: 'lighthouse',
    file: 'lighthouse.ts',
    args: [],
    title: 'Lighthouse: the pages as a phone or a cheap display stick sees them',
    about:
      'Lighthouse 12 (npm, pinned) in Debian’s Chromium, mobile profile, simulated throttling (its defaults), against the built ' +
      'apps served by a real server with the demo office: the kiosk, the wall display with calls on it, and the citizen page ' +
      'of an issued ticket; medians of 2 runs per page. Scores 0–100; FCP, LCP, TBT in ms. Baseline: a bare HTML page from ' +
      'the same server, the floor the throttling model puts under every page. TBT comes from the main thread’s real tasks ' +
      '(×4 slow-down), so it moves with the machine’s load. Also `npm run lighthouse`.',
  },
  {
    name: 'memory-day',
    file: 'memory-day.ts',
    args: [],
    title: 'Server memory over a compressed day of 50,000 tickets',
    about:
      'The soak’s day (two kiosks, twelve counters: 50,000 tickets issued, called and completed as fast as the server ' +
      'allows) against the same server idle after start; the server in its own process with --expose-gc, heap after forced ' +
      'full collections, RSS and its peak from /proc. Today’s tickets stay in memory by design, so the heap grows with the day.',
  },
  {
    name: 'cluster',
    file: 'cluster.ts',
    args: [],
    title: 'Several processes over PostgreSQL: 3 against 1',
    about:
      'Three server processes on one fresh PostgreSQL database against one process on another, in the same run, in two blocks each (1, 3, 3, 1 processes: a steady drift in load weighs on both alike; each side pools its blocks): fan-out ' +
      '(a counter on the second process calls; callNext sent → each of 300 displays, spread evenly, has its `called`) and ' +
      'durable issuing (20 kiosks spread evenly, each ack after the COMMIT of its ticket). One process on the embedded store ' +
      'is printed beside them. One office: its commands are serialized by its lock whatever the number of processes, so ' +
      'several processes are for availability, and the goal is that they cost little.',
  },
  {
    name: 'province',
    file: 'province.ts',
    args: [],
    // 1 M tickets generated and imported, then folded once by the server: ~10 minutes on a busy machine.
    limitMs: 15 * 60_000,
    title: 'A province in one database: 100 offices × a commune’s year',
    about:
      'One PostgreSQL database with 100 offices, each with a synthetic year scaled to a commune centre (250 days × 40 tickets ' +
      '≈ 10,000 tickets, ≈ 1 M in all, loaded through the store’s import), against a database holding only the measured ' +
      'office’s same history, both served at once and measured in alternating blocks: issue latency of one kiosk, the ' +
      'office’s summary over its year, and the province comparison report over every office (no baseline; goal ≤ 2 s).',
  },
];

const { values, positionals } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'no-run': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const quick = values.quick === true;

/** Exact names, or a part of one name (`throughput`). */
function select(names: string[]): typeof BENCHES {
  if (names.length === 0) return BENCHES;
  return names.map((n) => {
    const exact = BENCHES.find((b) => b.name === n);
    const partial = BENCHES.filter((b) => b.name.includes(n));
    const hit = exact ?? (partial.length === 1 ? partial[0] : undefined);
    if (!hit) {
      console.error(`bench "${n}": ${partial.length > 1 ? 'ambiguous' : 'unknown'}; benches: ${BENCHES.map((b) => b.name).join(', ')}`);
      process.exit(2);
    }
    return hit;
  });
}

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
  rows: ResultRow[];
  date: string;
  load: [number, number];
}

function runOne(b: (typeof BENCHES)[number]): Promise<Outcome> {
  const args = ['--import', 'tsx', join(BENCH_DIR, b.file), ...b.args, ...(quick ? ['--quick'] : [])];
  const date = new Date().toISOString();
  const load0 = os.loadavg()[0]!;
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let rows: ResultRow[] = [];
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith(RESULT_PREFIX)) rows = (JSON.parse(line.slice(RESULT_PREFIX.length)) as { rows: ResultRow[] }).rows;
        else process.stdout.write(line + '\n');
      }
    });
    const limitMs = b.limitMs ?? LIMIT_MS;
    const timer = setTimeout(() => {
      console.error(`${b.name}: still running after ${limitMs / 1000} s, stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const ok = code === 0 && rows.length > 0;
      resolve({ name: b.name, ok, seconds: (Date.now() - t0) / 1000, rows, date, load: [load0, os.loadavg()[0]!] });
    });
  });
}

let failed = false;
const results: Results = loadResults();
if (!values['no-run']) {
  const outcomes: Outcome[] = [];
  for (const b of select(positionals)) {
    console.log(`\n━━ ${b.name}${quick ? ' (quick)' : ''} ━━`);
    outcomes.push(await runOne(b));
  }
  for (const o of outcomes) {
    console.log(`\n${o.name}: ${o.ok ? `${Math.round(o.seconds)} s` : `FAILED after ${Math.round(o.seconds)} s (see its output above); its last stored figures stay`}`);
    if (o.ok) console.log(gridTable(o.rows) ?? rowsTable(o.rows));
  }
  failed = outcomes.some((o) => !o.ok);
  if (quick) {
    console.log('\n--quick: reduced counts; bench/results.json and docs/performance.md are left as they were.');
  } else {
    const m = machine();
    const commit = codeVersion();
    for (const o of outcomes) if (o.ok) results[o.name] = { date: o.date, seconds: o.seconds, machine: m, load: o.load, commit, rows: o.rows };
    saveResults(results);
  }
}
if (!quick) {
  writeDoc(results, BENCHES);
  console.log('\ndocs/performance.md: figures section written from bench/results.json');
}
if (values.check) {
  const list = verdicts(results);
  console.log(`\nGoals (bench/goals.ts) against the latest stored figures:\n${goalsTable(list, results)}`);
  const missed = list.filter((v) => v.met === false).length;
  console.log(missed ? `\n${missed} of ${list.length} goals missed` : `\nevery goal met (${list.filter((v) => v.met).length} of ${list.length}; the rest not applicable)`);
  if (missed) failed = true;
}
process.exit(failed ? 1 : 0);
