// What every bench shares: child servers on 127.0.0.1, temp folders that never outlive the run,
// socket.io clients, percentiles, and the one result line that bench/run.ts collects.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { Result } from '../shared/errors.js';
import type { LoginResult } from '../shared/types.js';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH_DIR);
export const ADMIN_PASSWORD = 'mat-khau-do-hieu-nang';
/** Demo services that have neither opening hours nor a daily limit (not 'xay-dung'). */
export const OPEN_SERVICES = ['tu-phap', 'ho-tich', 'dat-dai', 'dkkd', 'ldtbxh'] as const;

export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface ResultRow {
  /** Stable name of the figure: what bench/goals.ts refers to (the metric text may change). */
  id?: string | undefined;
  metric: string;
  value: number;
  unit: string;
  baseline?: number | undefined;
  baselineLabel?: string | undefined;
  /** value ÷ baseline, stated in `ratioNote` (which way is better). */
  ratio?: number | undefined;
  note?: string | undefined;
  /** A bench whose every row has both is laid out in the doc as a grid: a line per group, a column per column. */
  group?: string | undefined;
  column?: string | undefined;
}

export function flags(): { quick: boolean; values: Record<string, string | boolean | undefined> } {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      days: { type: 'string' },
      'tickets-per-day': { type: 'string' },
      'end-day': { type: 'string' },
      bench: { type: 'boolean', default: false },
      seed: { type: 'string' },
    },
    strict: false,
  });
  return { quick: values.quick === true, values: values as Record<string, string | boolean | undefined> };
}

/** Monotonic milliseconds: CLOCK_MONOTONIC is one clock for every process on the machine. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (values: ArrayLike<number>) => percentile(values, 50);

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// ── cleanup: temp folders and child processes go away even when a bench throws ──────────

const tempDirs = new Set<string>();
const children = new Set<ChildProcess>();

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `luot-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

function cleanupSync(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    cleanupSync();
    process.exit(130);
  });
}

/** Runs a bench's main, reporting a failure with a non-zero exit (cleanup runs on exit). */
export function main(run: () => Promise<void>): void {
  run().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

export function printResult(name: string, rows: ResultRow[]): void {
  console.log(RESULT_PREFIX + JSON.stringify({ name, rows }));
}

// ── child servers ────────────────────────────────────────────────────────────────────────

export interface ChildInfo {
  port: number;
  /** Milliseconds from the child's process start to listening (its own clock). */
  readyMs: number;
  /** Milliseconds spent inside startServer (config load, journal replay, listen). */
  startServerMs: number | null;
}

export interface ChildServer {
  url: string;
  info: ChildInfo;
  /** Milliseconds from spawn() to the port line, seen from the parent. */
  spawnToReadyMs: number;
  child: ChildProcess;
  send(msg: unknown): void;
  /** Resolves with the first IPC message that satisfies `pred`. */
  next<T>(pred: (m: unknown) => m is T, timeoutMs?: number): Promise<T>;
  onMessage(listener: (m: unknown) => void): () => void;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  mode: 'luot' | 'bare';
  dataDir?: string;
  /** Wraps the display namespace's emit to report when each push starts (fan-out bench). */
  stamp?: boolean;
  /** Counts datasync calls (issue-throughput bench: how many events share a flush). */
  countSyncs?: boolean;
  kioskPerSec?: number;
  /** Serves the built front-ends (dist) from this folder. */
  staticDir?: string;
  /** A printer target for the new data folder: the real print queue and renderer (else none). */
  printer?: string;
}

export async function startChild(opts: ChildServerOptions): Promise<ChildServer> {
  // LUOT_BENCH_PROFILE=DIR writes a V8 CPU profile of every child server into DIR (on stop).
  const profile = process.env.LUOT_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.LUOT_BENCH_PROFILE] : [];
  const args = [...profile, '--import', 'tsx', join(BENCH_DIR, 'child-server.ts'), '--mode', opts.mode];
  if (opts.dataDir) args.push('--data-dir', opts.dataDir);
  if (opts.stamp) args.push('--stamp');
  if (opts.countSyncs) args.push('--count-syncs');
  if (opts.kioskPerSec) args.push('--kiosk-per-sec', String(opts.kioskPerSec));
  if (opts.staticDir) args.push('--static-dir', opts.staticDir);
  if (opts.printer) args.push('--printer', opts.printer);
  const t0 = now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  children.add(child);
  const listeners = new Set<(m: unknown) => void>();
  child.on('message', (m) => {
    for (const l of listeners) l(m);
  });
  const info = await new Promise<ChildInfo>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${opts.mode} server: no port line within 60 s`)), 60_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buf += chunk;
      const m = /^READY (\{.*\})$/m.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]!) as ChildInfo);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${opts.mode} server exited with ${code} before it was ready`));
    });
  });
  const spawnToReadyMs = now() - t0;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const server: ChildServer = {
    url: `http://127.0.0.1:${info.port}`,
    info,
    spawnToReadyMs,
    child,
    send: (msg) => child.send(msg as never),
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    next<T>(pred: (m: unknown) => m is T, timeoutMs = 10_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching message from the ${opts.mode} server within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = server.onMessage((m) => {
          if (!pred(m)) return;
          clearTimeout(timer);
          off();
          resolve(m);
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ cmd: 'stop' });
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      children.delete(child);
    },
  };
  return server;
}

// ── clients ──────────────────────────────────────────────────────────────────────────────

export interface ChildStats {
  type: 'stats';
  syncs: number;
  cpuMs: number;
  rssMb: number;
  rev: number;
}

/** The child's counters (CPU time, datasync calls, RSS) at this moment. */
/** Spawns node with `args`, resolves with the first stdout line that `match` accepts; the child is killed on failure. */
export async function spawnUntil<T>(args: string[], env: NodeJS.ProcessEnv, match: (line: string) => T | null): Promise<{ child: ChildProcess; found: T }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  try {
    const found = await new Promise<T>((resolve, reject) => {
      let buf = '';
      // start.js builds the apps and the server first when they are stale: minutes on a slow machine.
      const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: not ready within 180 s`)), 180_000);
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (c: string) => {
        buf += c;
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const hit = match(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          if (hit !== null) {
            clearTimeout(timer);
            return resolve(hit);
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
    });
    return { child, found };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

/** SIGTERM, as a service manager stops it, and the exit awaited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export interface ProductionServer {
  child: ChildProcess;
  url: string;
  /** The server's own `serving` log line. */
  serving: { port: number; startServerMs?: number };
}

/**
 * The server as `npm start` runs it (scripts/start.js: the compiled server, production defaults,
 * log level info) on `dataDir`, up to its `serving` log line. Not through tsx: a figure of the
 * server's own memory or start must not include the TypeScript loader.
 */
export async function startProduction(dataDir: string): Promise<ProductionServer> {
  const env = { ...process.env, LUOT_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LUOT_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'info' };
  const { child, found } = await spawnUntil([join(ROOT, 'scripts', 'start.js')], env, (line) => {
    if (!line.startsWith('{')) return null;
    const m = JSON.parse(line) as { msg?: string; port?: number; startServerMs?: number };
    return m.msg === 'serving' && m.port ? { port: m.port, ...(m.startServerMs === undefined ? {} : { startServerMs: m.startServerMs }) } : null;
  });
  return { child, url: `http://127.0.0.1:${found.port}`, serving: found };
}

/**
 * CPU milliseconds of a child process, threads that have ended included (utime + stime of
 * /proc/<pid>/stat, in clock ticks of 10 ms); null where there is none.
 */
export function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // After the command: state is field 3, utime field 14 and stime field 15.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU milliseconds of a child's live threads, main thread apart, from /proc/<pid>/task/<tid>/schedstat; null where there is none. */
export function procCpuMs(pid: number | undefined): { main: number; others: number; total: number } | null {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      // The first field: nanoseconds on a CPU.
      const ms = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
      if (tid === String(pid)) main += ms;
      else others += ms;
    }
    return { main, others, total: main + others };
  } catch {
    return null;
  }
}

export function childStats(server: ChildServer): Promise<ChildStats> {
  const p = server.next((m): m is ChildStats => (m as ChildStats)?.type === 'stats');
  server.send({ cmd: 'stats' });
  return p;
}

/** CPU milliseconds (user + system) of this process. */
export function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** The 1-minute load average and core count: a bench on a busy machine says so. */
export function loadNote(): string {
  return `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
}

export function connect(url: string, namespace: string, auth: Record<string, unknown> = {}): Promise<Socket> {
  const socket = io(`${url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connect ${namespace}: timeout`)), 15_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Connects `n` sockets a batch at a time: 500 simultaneous handshakes only measure the accept queue. */
export async function connectMany(n: number, connectOne: (i: number) => Promise<Socket>, batch = 50): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += batch) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, k) => connectOne(i + k)))));
  }
  return out;
}

export async function request<T = Record<string, unknown>>(socket: Socket, event: string, payload?: unknown, timeoutMs = 10_000): Promise<T> {
  const r = (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Result<T>;
  if (!r.ok) throw new Error(`${event}: ${r.error.code} ${r.error.messageEn}`);
  return r;
}

export async function login(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as Result<LoginResult>;
  if (!body.ok) throw new Error(`login failed: ${body.error.messageEn}`);
  return body.token;
}

// ── output ───────────────────────────────────────────────────────────────────────────────

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}
