// The figures' one home: bench/results.json keeps the latest run of each bench (figures, date,
// machine, load), and the figures section of docs/performance.md is generated from it alone, so
// no number in that section is copied by hand and running one bench keeps the others' tables.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { GOALS, goalText, judge, type Verdict } from './goals.js';
import { BENCH_DIR, ROOT, table, type ResultRow } from './support.js';

export const RESULTS_FILE = join(BENCH_DIR, 'results.json');
export const DOC_FILE = join(ROOT, 'docs', 'performance.md');
export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';

export interface Machine {
  cpu: string;
  cores: number;
  memGb: number;
  node: string;
  os: string;
}

export interface BenchRecord {
  /** ISO time the bench started. */
  date: string;
  seconds: number;
  machine: Machine;
  /** 1-minute load average when the bench started and when it ended. */
  load: [number, number];
  /** The code measured: a commit, and whether the work tree differed from it. */
  commit?: string | undefined;
  rows: ResultRow[];
}

export type Results = Record<string, BenchRecord>;

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.platform()} ${os.arch()}`,
  };
}

/**
 * `abc1234`, or `abc1234 + uncommitted changes` when the code differs from it; outside a git
 * work tree (a copy made with git archive) LUOT_BENCH_COMMIT names what was copied.
 */
export function codeVersion(): string | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'server', 'shared', 'kiosk', 'display', 'counter', 'bench', 'package.json') !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return process.env.LUOT_BENCH_COMMIT || undefined;
  }
}

export function loadResults(): Results {
  if (!existsSync(RESULTS_FILE)) return {};
  return (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { benches: Results }).benches;
}

export function saveResults(results: Results): void {
  writeFileSync(RESULTS_FILE, JSON.stringify({ benches: results }, null, 2) + '\n');
}

export function verdicts(results: Results): Verdict[] {
  return GOALS.map((g) => judge(g, results[g.bench]?.rows));
}

const num = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: 3 });
const figure = (v: number | undefined, unit: string): string =>
  v === undefined || !Number.isFinite(v) ? '—' : `${num(v)}${unit === '' ? '' : unit === '%' ? '%' : ` ${unit}`}`;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function rowsTable(rows: ResultRow[]): string {
  return table(
    ['metric', 'Lượt', 'baseline (same run)', 'ratio'],
    rows.map((r) => [
      cell(r.metric),
      cell(figure(r.value, r.unit) + (r.note ? ` (${r.note})` : '')),
      r.baseline === undefined ? '—' : cell(`${figure(r.baseline, r.unit)} (${r.baselineLabel ?? 'baseline'})`),
      r.ratio === undefined || !Number.isFinite(r.ratio) ? '—' : `${num(r.ratio)}×`,
    ]),
  );
}

/**
 * A bench whose every row names a group and a column (Lighthouse: a line per page, a column per
 * score) reads better as a grid; a unit shows in the column's heading.
 */
export function gridTable(rows: ResultRow[]): string | null {
  if (rows.length === 0 || !rows.every((r) => r.group !== undefined && r.column !== undefined)) return null;
  const groups = [...new Set(rows.map((r) => r.group!))];
  const columns = [...new Set(rows.map((r) => r.column!))];
  const unitOf = (c: string): string => rows.find((r) => r.column === c)!.unit;
  return table(
    ['', ...columns.map((c) => (unitOf(c) ? `${c} (${unitOf(c)})` : c))],
    groups.map((g) => [
      cell(g),
      ...columns.map((c) => {
        const r = rows.find((x) => x.group === g && x.column === c);
        return r ? cell(num(r.value) + (r.note ? ` (${r.note})` : '')) : '—';
      }),
    ]),
  );
}

export function goalsTable(list: Verdict[], results: Results): string {
  return table(
    ['goal', 'target', 'latest figure', 'measured', 'verdict'],
    list.map((v) => [
      cell(v.goal.what),
      goalText(v.goal),
      v.actual === null ? '—' : v.goal.field === 'ratio' ? `${num(v.actual)}×` : figure(v.actual, v.goal.unit ?? ''),
      results[v.goal.bench] ? when(results[v.goal.bench]!.date) : '—',
      v.met === true ? 'met' : v.met === false ? `**missed**${v.why === 'missed' ? '' : ` (${cell(v.why)})`}` : cell(v.why),
    ]),
  );
}

export interface BenchInfo {
  name: string;
  title: string;
  /** What is measured and against what, in a sentence or two (no figures). */
  about: string;
}

/** The generated section: the goals, then one table per bench in `order`. */
export function section(results: Results, order: BenchInfo[]): string {
  const out = [
    BEGIN,
    '<!-- Written by `npm run bench` (bench/run.ts) from bench/results.json: edits between these markers are overwritten. -->',
    '',
    '## Goals',
    '',
    'Each goal (`bench/goals.ts`) against the latest figure of its bench; `npm run bench -- --check` exits 1 when one is missed.',
    '',
    goalsTable(verdicts(results), results),
  ];
  for (const b of order) {
    const r = results[b.name];
    out.push('', `## ${b.title}`, '', `\`npm run bench -- ${b.name}\` (\`bench/${b.name === 'history' ? 'history.ts --bench' : `${b.name}.ts`}\`). ${b.about}`, '');
    if (!r) {
      out.push('Not run yet.');
      continue;
    }
    const m = r.machine;
    out.push(
      `Measured ${when(r.date)} in ${Math.round(r.seconds)} s${r.commit ? ` on code ${r.commit}` : ''} · ` +
        `${m.cpu}, ${m.cores} cores, ${m.memGb} GB · Node ${m.node}, ${m.os} · ` +
        `load average ${r.load[0].toFixed(1)} at the start, ${r.load[1].toFixed(1)} at the end.`,
      '',
      gridTable(r.rows) ?? rowsTable(r.rows),
    );
  }
  out.push(END);
  return out.join('\n');
}

/** Replaces the section between the markers (appends it when the doc has none). */
export function writeDoc(results: Results, order: BenchInfo[]): void {
  const doc = existsSync(DOC_FILE) ? readFileSync(DOC_FILE, 'utf8') : '# Performance figures\n';
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  const generated = section(results, order);
  const next =
    start >= 0 && end > start ? doc.slice(0, start) + generated + doc.slice(end + END.length) : `${doc.trimEnd()}\n\n${generated}\n`;
  writeFileSync(DOC_FILE, next);
}
