// The report aggregates of past days, built off the server's main thread: for each day asked,
// the cached aggregate when its stamp still matches the journal file, else the day's journal
// folded (report-fold.ts) and the cache file written. Each day goes back to the main thread as
// soon as it is ready, which keeps it in memory and merges (reports.ts, report-builder.ts).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { countSetAside, foldDayPath } from './report-fold.js';
import { dayBuffers, packDay, type DayAggregate, type ToBuilder, type ToWorker } from './report-builder.js';
import type { Group } from './reports.js';

const { journalDir, cacheDir, cacheVersion, activity, since } = workerData as {
  journalDir: string;
  cacheDir: string;
  cacheVersion: number;
  activity: SharedArrayBuffer;
  since: number;
};
const lastActive = new Int32Array(activity);
const nap = new Int32Array(new SharedArrayBuffer(4));
/** A pause every 250 lines (~1 ms of work) while the office is busy. */
const BUSY_NAP_MS = 5;

/**
 * While the office is busy (an event committed in the last half second), the build runs at
 * about a sixth of a core: nice 19 alone does not keep it from the memory bus, the caches and
 * V8's shared GC threads that the server's main thread needs. Idle, it runs at full speed.
 */
function pace(): void {
  const nowDs = Math.floor((Date.now() - since) / 100);
  if (nowDs - Atomics.load(lastActive, 0) <= 5) Atomics.wait(nap, 0, 0, BUSY_NAP_MS);
}
const port = parentPort!;

// Kiosks come first: on Linux a nice value set with pid 0 is the calling thread's alone, so only
// this builder yields the CPU when the server's main thread needs it (2 cores, shared).
try {
  setPriority(19);
} catch {
  // not allowed here: the build still runs, only at normal priority
}

const queue: string[] = [];
let running = false;

async function stampOf(day: string): Promise<string | null> {
  try {
    const st = await stat(join(journalDir, `${day}.jsonl`));
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}

async function aggregate(day: string): Promise<Omit<DayAggregate, 'groups'> & { groups: Group[] }> {
  const stamp = await stampOf(day);
  if (stamp === null) return { day, stamp, groups: [], skipped: 0 };
  const cachePath = join(cacheDir, `groups-${day}.json`);
  try {
    const cached = JSON.parse(await readFile(cachePath, 'utf8')) as { v: number; stamp: string; groups: Group[]; skipped: number };
    if (cached.v === cacheVersion && cached.stamp === stamp) return { day, stamp, groups: cached.groups, skipped: cached.skipped };
  } catch {
    // no cache yet, or an unreadable one: rebuild it
  }
  const { groups, skipped } = foldDayPath(join(journalDir, `${day}.jsonl`), day, pace);
  const setAside = await readFile(join(journalDir, `${day}.damaged.jsonl`)).then(countSetAside, () => 0);
  const out = { day, stamp, groups, skipped: skipped + setAside };
  await mkdir(cacheDir, { recursive: true });
  // A cache is derived data: losing it to a crash only costs a rebuild, so no fsync here.
  await writeFile(cachePath, JSON.stringify({ v: cacheVersion, stamp, groups, skipped: out.skipped })).catch(() => undefined);
  return out;
}

async function drain(): Promise<void> {
  running = true;
  while (queue.length > 0) {
    const day = queue.shift()!;
    let msg: ToBuilder;
    let buffers: ArrayBuffer[] = [];
    try {
      const a = await aggregate(day);
      // Handed over, not copied: the main thread keeps the typed arrays as they are.
      const groups = packDay(a.groups);
      buffers = dayBuffers(groups);
      msg = { kind: 'day', aggregate: { ...a, groups } };
    } catch (e) {
      msg = { kind: 'failed', day, message: (e as Error).message };
    }
    port.postMessage(msg, buffers);
  }
  running = false;
  port.postMessage({ kind: 'idle' } satisfies ToBuilder);
}

port.on('message', (m: ToWorker) => {
  queue.push(...m.days);
  if (!running) void drain();
});
