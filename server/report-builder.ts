// Runs the report worker (reports-worker.ts) for the main thread: asks it for days, hands each
// finished day to the caller, and says how far the build has come (the reports page shows it).
// The worker lives only while it has days to build: an idle server carries no second heap.
import { Worker } from 'node:worker_threads';
import type { Group } from './reports.js';

export interface DayAggregate {
  day: string;
  /** The journal file's stamp the groups were made from; null: the day has no journal. */
  stamp: string | null;
  groups: DayGroups;
  skipped: number;
}

/**
 * A day's report groups as the server keeps them: six objects and three buffers whatever the
 * number of groups. A year kept as one object per group (its ids, ratings and three typed
 * arrays) was ~60 k objects and ~19 k array buffers that every major GC of the server traced
 * and swept while kiosks were issuing; a year of these is ~2 k objects.
 */
export interface DayGroups {
  /** Service, counter and staff member ids, three per group. */
  ids: (string | null)[];
  /** `COUNTS` per group: issued, served, no-shows, cancelled, expired, then how many waits, served waits, serves and rating kinds it has in the two arrays below, then how many walks of each kind (issue 15: walk-in, priority, booked). */
  counts: Int32Array;
  /** Every group's seconds, in group order: its waits, then its served waits, then its serves, then its walks by kind. */
  seconds: Int32Array | Float64Array;
  /** Every group's ratings, in group order: "scale:score" and how many. */
  ratingKeys: string[];
  ratingCounts: Int32Array;
}

export const COUNTS = 12;

export function packDay(groups: readonly Group[]): DayGroups {
  const ids: (string | null)[] = [];
  const counts = new Int32Array(groups.length * COUNTS);
  const ratingKeys: string[] = [];
  const ratingNs: number[] = [];
  let n = 0;
  let ints = true;
  for (const [i, g] of groups.entries()) {
    ids.push(g.s, g.c, g.u);
    const ratings = Object.entries(g.ratings);
    counts.set([g.issued, g.served, g.noShows, g.cancelled, g.expired, g.waits.length, g.servedWaits.length, g.serves.length, ratings.length, ...g.walks.map((w) => w.length)], i * COUNTS);
    for (const [k, c] of ratings) ratingKeys.push(k), ratingNs.push(c);
    for (const v of [g.waits, g.servedWaits, g.serves, ...g.walks]) {
      n += v.length;
      if (ints) ints = v.every((x) => x === (x | 0));
    }
  }
  // Whole seconds, as the fold and groupsOf make them, fit an Int32Array (half the bytes);
  // anything else keeps its exact value.
  const seconds = ints ? new Int32Array(n) : new Float64Array(n);
  let at = 0;
  for (const g of groups) {
    for (const v of [g.waits, g.servedWaits, g.serves, ...g.walks]) {
      seconds.set(v, at);
      at += v.length;
    }
  }
  return { ids, counts, seconds, ratingKeys, ratingCounts: Int32Array.from(ratingNs) };
}

/** The buffers a day's groups hand over to another thread without a copy. */
export const dayBuffers = (d: DayGroups): ArrayBuffer[] => [d.counts.buffer, d.seconds.buffer, d.ratingCounts.buffer] as ArrayBuffer[];

export type ToWorker = { days: string[] };
export type ToBuilder = { kind: 'day'; aggregate: DayAggregate } | { kind: 'failed'; day: string; message: string } | { kind: 'idle' };

export interface BuildProgress {
  /** Days asked of the builder since it was last idle, and how many of them are ready. */
  done: number;
  total: number;
}

interface Waiter {
  resolve: (a: DayAggregate) => void;
  reject: (e: Error) => void;
}

const tsxApi = (): string => import.meta.resolve('tsx/esm/api');
/** A day is folded at a time (a few MB of journal): a small heap keeps the server's RSS low. */
const LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './reports-worker.ts' : './reports-worker.js', import.meta.url);

export class AggregateBuilder {
  private worker: Worker | null = null;
  /** The worker's end, once close() began: a caller may wait for its heap to be gone. */
  private ending: Promise<unknown> = Promise.resolve();
  /** Callers of ended() waiting for the worker to begin its end (or to be given more days). */
  private readonly enders: (() => void)[] = [];
  private readonly pending = new Map<string, Waiter[]>();
  private done = 0;
  private total = 0;
  /** When the office last committed an event, in tenths of a second since `since`: the worker paces itself by it. */
  private readonly activity = new Int32Array(new SharedArrayBuffer(4)).fill(-100);
  private readonly since = Date.now();

  constructor(private readonly opts: { journalDir: string; cacheDir: string; cacheVersion: number; onDay: (a: DayAggregate) => void }) {}

  /** The office is busy now (called at every commit: a store into shared memory, nothing more). */
  touch(): void {
    Atomics.store(this.activity, 0, Math.floor((Date.now() - this.since) / 100));
  }

  get progress(): BuildProgress {
    return { done: this.done, total: this.total };
  }

  /** Each day's aggregate, built by the worker (days already asked for are not asked twice). */
  build(days: readonly string[]): Promise<DayAggregate>[] {
    const fresh: string[] = [];
    const out = days.map((day) => {
      let waiters = this.pending.get(day);
      if (!waiters) {
        this.pending.set(day, (waiters = []));
        fresh.push(day);
      }
      const w = waiters;
      return new Promise<DayAggregate>((resolve, reject) => w.push({ resolve, reject }));
    });
    if (fresh.length) {
      this.total += fresh.length;
      this.spawn().postMessage({ days: fresh } satisfies ToWorker);
      this.releaseEnders();
    }
    return out;
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const workerData = {
      journalDir: this.opts.journalDir,
      cacheDir: this.opts.cacheDir,
      cacheVersion: this.opts.cacheVersion,
      activity: this.activity.buffer,
      since: this.since,
    };
    // Under tsx (npm start, tests) the worker needs tsx's loader before its own file: on Node 20
    // an inherited `--import tsx` registers it too late for the worker's entry.
    const worker = workerUrl.pathname.endsWith('.ts')
      ? new Worker(
          `import(${JSON.stringify(tsxApi())}).then((m) => m.register()).then(() => import(${JSON.stringify(workerUrl.href)}))`,
          { eval: true, workerData, resourceLimits: LIMITS },
        )
      : new Worker(workerUrl, { workerData, resourceLimits: LIMITS });
    worker.unref();
    worker.on('message', (m: ToBuilder) => this.onMessage(m));
    worker.on('error', (e) => this.stop(e));
    worker.on('exit', () => this.stop(new Error('report worker exited')));
    this.worker = worker;
    return worker;
  }

  private onMessage(m: ToBuilder): void {
    if (m.kind === 'idle') {
      if (this.pending.size === 0) void this.close();
      return;
    }
    const day = m.kind === 'day' ? m.aggregate.day : m.day;
    const waiters = this.pending.get(day) ?? [];
    this.pending.delete(day);
    this.done++;
    if (m.kind === 'day') {
      this.opts.onDay(m.aggregate);
      for (const w of waiters) w.resolve(m.aggregate);
    } else {
      for (const w of waiters) w.reject(new Error(m.message));
    }
  }

  private stop(e: Error): void {
    if (!this.worker) return;
    this.worker = null;
    const waiting = [...this.pending.values()].flat();
    this.pending.clear();
    this.done = this.total = 0;
    for (const w of waiting) w.reject(e);
    this.releaseEnders();
  }

  async close(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.ending = w.terminate();
    this.stop(new Error('report worker stopped'));
    this.done = this.total = 0;
    await this.ending;
  }

  /**
   * Once every day asked is in: the worker's end (it goes as soon as it says it is idle, which
   * follows its last day), so that a report merging a year on the main thread does not hold
   * both heaps at once. Days still asked by others: no wait.
   */
  async ended(): Promise<void> {
    if (this.pending.size > 0) return;
    // Its 'idle' comes right after its last day; days asked meanwhile keep it (no wait then).
    if (this.worker) await new Promise<void>((resolve) => this.enders.push(resolve));
    await this.ending.catch(() => undefined);
  }

  private releaseEnders(): void {
    for (const resolve of this.enders.splice(0)) resolve();
  }
}
