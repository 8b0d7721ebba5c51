// `npm run bench [-- --quick]`: every bench in its own process, one after another (they would
// skew each other side by side), then one markdown table of what they printed.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, RESULT_PREFIX, ROOT, flags, round, table, type ResultRow } from './support.js';

const { quick } = flags();
/** A bench that hangs is stopped: each one is meant to finish well inside this. */
const LIMIT_MS = 6 * 60_000;

const BENCHES: { name: string; file: string; args: string[] }[] = [
  { name: 'fanout', file: 'fanout.ts', args: [] },
  { name: 'issue-throughput', file: 'issue-throughput.ts', args: [] },
  { name: 'history', file: 'history.ts', args: ['--bench'] },
  { name: 'issue-latency', file: 'issue-latency.ts', args: [] },
  { name: 'restart', file: 'restart.ts', args: [] },
  { name: 'reports-year', file: 'reports-year.ts', args: [] },
  { name: 'kiosk', file: 'kiosk.ts', args: [] },
];

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
  rows: ResultRow[];
}

function runOne(b: (typeof BENCHES)[number]): Promise<Outcome> {
  const args = ['--import', 'tsx', join(BENCH_DIR, b.file), ...b.args, ...(quick ? ['--quick'] : [])];
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
    const timer = setTimeout(() => {
      console.error(`${b.name}: still running after ${LIMIT_MS / 1000} s, stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, LIMIT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ name: b.name, ok: code === 0 && rows.length > 0, seconds: (Date.now() - t0) / 1000, rows });
    });
  });
}

const fmt = (v: number | undefined, unit = '') => (v === undefined || !Number.isFinite(v) ? '—' : `${v}${unit ? ` ${unit}` : ''}`);

const started = new Date();
const load0 = os.loadavg()[0]!;
const outcomes: Outcome[] = [];
for (const b of BENCHES) {
  console.log(`\n━━ ${b.name}${quick ? ' (quick)' : ''} ━━`);
  outcomes.push(await runOne(b));
}
const load1 = os.loadavg()[0]!;

const cpus = os.cpus();
const lines = [
  '',
  `## Lượt benchmarks${quick ? ' (--quick: reduced counts, a smoke run)' : ''}`,
  '',
  `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ` +
    `${round(os.totalmem() / 2 ** 30, 1)} GB · Node ${process.version} on ${os.platform()} ${os.arch()} · ` +
    `load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end`,
  '',
  table(
    ['bench', 'metric', 'Lượt', 'baseline', 'ratio'],
    outcomes.flatMap((o) =>
      o.ok
        ? o.rows.map((r) => [
            o.name,
            r.metric,
            fmt(r.value, r.unit),
            r.baseline === undefined ? '—' : `${fmt(r.baseline, r.unit)} (${r.baselineLabel ?? 'baseline'})`,
            r.ratio === undefined ? '—' : `${r.ratio}×`,
          ])
        : [[o.name, `FAILED after ${Math.round(o.seconds)} s (see its output above)`, '—', '—', '—']],
    ),
  ),
  '',
  `Run times: ${outcomes.map((o) => `${o.name} ${Math.round(o.seconds)} s`).join(', ')}.`,
  'Ratio = the Lượt figure ÷ the baseline beside it, both measured in the same run: for tickets/s above 1 is faster than the baseline, ' +
    'for times above 1 is slower. Wall-clock figures move with the load average; CPU figures (in each bench’s own output) much less.',
];
console.log(lines.join('\n'));
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
