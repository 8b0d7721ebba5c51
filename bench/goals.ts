// The goals the figures are held to (issue 10), in one table. `npm run bench -- --check` compares
// the latest figure of each (bench/results.json) with its goal and exits 1 when one is missed.
// A goal names a figure by its stable row id (ResultRow.id), never by its metric text.
import type { ResultRow } from './support.js';

export interface Goal {
  /** What the goal says, in words. */
  what: string;
  bench: string;
  row: string;
  /** `ratio`: the figure ÷ its same-run baseline; `value`: the figure itself. */
  field: 'ratio' | 'value';
  op: '<=' | '>=';
  target: number;
  /** Unit of `target` when field is `value` (must equal the row's unit). */
  unit?: string;
  /** The figure may be absent for a good reason (then the goal counts as not applicable). */
  optional?: string;
}

export const GOALS: Goal[] = [
  { what: 'Fan-out to 500 displays, p99 ÷ bare socket.io', bench: 'fanout', row: 'fanout-p99', field: 'ratio', op: '<=', target: 1.25 },
  {
    what: 'Durable issuing (20 kiosks) ÷ raw append + datasync per line',
    bench: 'issue-throughput',
    row: 'throughput-null',
    field: 'ratio',
    op: '>=',
    target: 1.0,
  },
  {
    what: 'Issue latency p50 with a year of history ÷ empty data folder',
    bench: 'issue-latency',
    row: 'latency-history-p50',
    field: 'ratio',
    op: '<=',
    target: 1.2,
  },
  {
    what: 'Issue latency p95 with a year of history ÷ empty data folder',
    bench: 'issue-latency',
    row: 'latency-history-p95',
    field: 'ratio',
    op: '<=',
    target: 1.2,
  },
  {
    what: 'Issue latency p95 while the report cache of a year is built ÷ empty',
    bench: 'issue-latency',
    row: 'latency-building-p95',
    field: 'ratio',
    op: '<=',
    target: 1.2,
    optional: 'the cache was built before 20 issues could be timed during it',
  },
  {
    what: 'Restart to the first ack with a year of history ÷ bare express',
    bench: 'restart',
    row: 'restart-history',
    field: 'ratio',
    op: '<=',
    target: 1.5,
  },
  { what: 'Report summary over a year, aggregates built (warm)', bench: 'reports-year', row: 'reports-warm', field: 'value', op: '<=', target: 500, unit: 'ms' },
  { what: 'Report summary over a year, first request after start (cold)', bench: 'reports-year', row: 'reports-cold', field: 'value', op: '<=', target: 10_000, unit: 'ms' },
  { what: 'Server peak RSS during the year of reports', bench: 'reports-year', row: 'reports-rss', field: 'value', op: '<=', target: 200, unit: 'MB' },
  { what: 'CPU to render one ticket (province server: ~200 tickets/s)', bench: 'print', row: 'print-render-cpu', field: 'value', op: '<=', target: 1, unit: 'ms' },
  { what: 'Ack latency p99 at 50 tickets/s, printing on ÷ off', bench: 'print', row: 'print-ack-p99', field: 'ratio', op: '<=', target: 1.2 },
  { what: 'Kiosk JavaScript, gzip -9', bench: 'kiosk', row: 'kiosk-js-gzip', field: 'value', op: '<=', target: 32, unit: 'kB' },
  { what: 'Kiosk tap → number painted p95, in the page', bench: 'kiosk', row: 'kiosk-tap-p95', field: 'value', op: '<=', target: 50, unit: 'ms' },
  ...(
    [
      ['kiosk', 'Kiosk'],
      ['display', 'Wall display'],
      ['ticket', 'Citizen page'],
    ] as const
  ).flatMap(([key, name]): Goal[] => [
    { what: `${name}, Lighthouse performance (mobile)`, bench: 'lighthouse', row: `lighthouse-${key}-performance`, field: 'value', op: '>=', target: 95, unit: '' },
    { what: `${name}, Lighthouse accessibility`, bench: 'lighthouse', row: `lighthouse-${key}-accessibility`, field: 'value', op: '>=', target: 100, unit: '' },
  ]),
  // The soak test's budget (test/reliability/long/soak.long.ts), published here as a figure.
  { what: 'Server heap per ticket of a 50,000-ticket day', bench: 'memory-day', row: 'memory-day-heap-per-ticket', field: 'value', op: '<=', target: 4096, unit: 'B' },
  {
    what: 'Wall display frame time p95 when a call arrives (1366×768, no GPU) ÷ the same page idle',
    bench: 'display-frame',
    row: 'display-frame-call-p95',
    field: 'ratio',
    op: '<=',
    target: 1.2,
  },
  // Issue 11: several processes are for availability (one office's commands take turns under its
  // lock), so these bound what they cost against one process on the same database.
  { what: 'Fan-out p99 with 3 processes ÷ 1 process (PostgreSQL)', bench: 'cluster', row: 'cluster-fanout-p99', field: 'ratio', op: '<=', target: 1.5 },
  { what: 'Durable issuing with 3 processes ÷ 1 process (PostgreSQL)', bench: 'cluster', row: 'cluster-issue', field: 'ratio', op: '>=', target: 0.7 },
  // Issue 11: 100 offices in one database cost one office nothing it would notice.
  { what: 'Issue latency p50, one office among 100 ÷ alone (PostgreSQL)', bench: 'province', row: 'province-issue-p50', field: 'ratio', op: '<=', target: 1.2 },
  { what: 'Issue latency p95, one office among 100 ÷ alone (PostgreSQL)', bench: 'province', row: 'province-issue-p95', field: 'ratio', op: '<=', target: 1.2 },
  { what: 'Office summary over its year, among 100 offices ÷ alone', bench: 'province', row: 'province-office-report', field: 'ratio', op: '<=', target: 1.2 },
  { what: 'Province comparison report, 100 offices × a year', bench: 'province', row: 'province-report', field: 'value', op: '<=', target: 2000, unit: 'ms' },
];

export interface Verdict {
  goal: Goal;
  /** The figure compared, or null when there is none. */
  actual: number | null;
  /** true met, false missed, null not applicable (an optional figure that is absent). */
  met: boolean | null;
  why: string;
}

export function judge(goal: Goal, rows: ResultRow[] | undefined): Verdict {
  const row = rows?.find((r) => r.id === goal.row);
  const actual = row ? (goal.field === 'ratio' ? row.ratio : row.value) : undefined;
  if (!rows) return { goal, actual: null, met: false, why: `no figures from ${goal.bench} yet` };
  if (!row) return goal.optional ? { goal, actual: null, met: null, why: `not measured: ${goal.optional}` } : { goal, actual: null, met: false, why: 'not measured' };
  if (actual === undefined || !Number.isFinite(actual)) return { goal, actual: null, met: false, why: `no figure${row.note ? `: ${row.note}` : ''}` };
  if (goal.field === 'value' && goal.unit !== undefined && goal.unit !== row.unit) {
    return { goal, actual, met: false, why: `unit ${row.unit}, goal in ${goal.unit}` };
  }
  const met = goal.op === '<=' ? actual <= goal.target : actual >= goal.target;
  return { goal, actual, met, why: met ? 'met' : 'missed' };
}

export const goalText = (g: Goal): string =>
  g.field === 'ratio'
    ? `${g.op === '<=' ? '≤' : '≥'} ${g.target.toFixed(2)}×`
    : `${g.op === '<=' ? '≤' : '≥'} ${g.target.toLocaleString('en-US')} ${g.unit ?? ''}`.trimEnd();
