// Reports for the administrative-reform index. A past day is folded from its journal once, in a
// worker thread (report-fold.ts, reports-worker.ts), and kept as a small aggregate per (service,
// counter, staff member) — counts and the wait and serving times in seconds — on disk and in
// memory, so a year's summary merges 365 small aggregates, never 1 M tickets. Today comes from
// the live engine. The CSV (one row per ticket) replays days one at a time.
import { PRIORITY_NAMES, STATE_NAMES } from '../shared/i18n.js';
import type { Priority, ReportRow, ReportSummary, TicketState } from '../shared/types.js';
import { QueueEngine, type Ticket } from './queue/engine.js';
import { isoLocal } from './queue/time.js';
import type { Office } from './office.js';
import { AggregateBuilder, COUNTS, packDay, type BuildProgress, type DayGroups } from './report-builder.js';
import { DayFold, groupsOf as groupsOfFolded } from './report-fold.js';
import { groupedTickets, walkSecOf, WalkAccumulator } from './report-walk.js';
import { yieldToLoop } from './store/journal.js';
import { replayLines } from './store/replay.js';
import type { Store } from './store/store.js';

export interface TicketRecord {
  day: string;
  id: string;
  number: string;
  serviceId: string;
  priority: Priority | null;
  state: TicketState;
  issuedAt: string;
  firstCalledAt: string | null;
  finishedAt: string | null;
  counterId: string | null;
  staffUserId: string | null;
  callCount: number;
  transfers: number;
  waitSec: number | null;
  serveSec: number | null;
  fileCode: string | null;
  rating: number | null;
  ratingScale: number | null;
  comment: string | null;
  /** Issue 15: the walk to the desk (report-walk.ts). */
  walkSec: number | null;
}

export interface ReportFilter {
  from: string;
  to: string;
  serviceId?: string | undefined;
  counterId?: string | undefined;
  userId?: string | undefined;
}

function toRecord(day: string, t: Ticket, timeZone: string): TicketRecord {
  const iso = (ms: number | null) => (ms === null ? null : isoLocal(new Date(ms), timeZone));
  return {
    day,
    id: t.id,
    number: t.number,
    serviceId: t.serviceId,
    priority: t.priority,
    state: t.state,
    issuedAt: t.issuedAt,
    firstCalledAt: iso(t.firstCalledMs),
    finishedAt: iso(t.finishedMs),
    counterId: t.counterId,
    staffUserId: t.staffUserId,
    callCount: t.callCount,
    transfers: t.transfers,
    waitSec: t.firstCalledMs === null ? null : Math.round((t.firstCalledMs - t.issuedMs) / 1000),
    serveSec: t.state === 'done' && t.startedMs !== null && t.finishedMs !== null ? Math.round((t.finishedMs - t.startedMs) / 1000) : null,
    fileCode: t.fileCode,
    rating: t.rating,
    ratingScale: t.ratingScale,
    comment: t.ratingComment,
    walkSec: walkSecOf(t),
  };
}

export class Reports {
  /** Past days' aggregates, kept while their journal file's stamp is unchanged (a year: ~8 MB, mostly outside the JS heap). */
  private readonly memory = new Map<string, { stamp: string; groups: DayGroups; skipped: number }>();
  /** One copy of each id and rating key: every day from the worker brings its own copies. */
  private readonly strings = new Map<string, string>();
  private readonly builder: AggregateBuilder | null;
  private hereChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly office: Office, private readonly store: Store) {
    this.builder = store.journalDir
      ? new AggregateBuilder({
          journalDir: store.journalDir,
          cacheDir: store.cacheDir,
          cacheVersion: CACHE_VERSION,
          onDay: (a) => {
            this.intern(a.groups);
            if (a.stamp !== null) this.memory.set(a.day, { stamp: a.stamp, groups: a.groups, skipped: a.skipped });
          },
        })
      : null;
    office.onCommitted(() => this.builder?.touch());
  }

  /**
   * The tickets of a day as they ended: the live engine for today, a replay for past days.
   * `skipped`: the day's journal lines that could not be read or replayed (a report over a
   * damaged day says so rather than silently counting less).
   */
  private async ticketsOf(day: string): Promise<{ tickets: Iterable<Ticket>; skipped: number }> {
    const engine = this.office.engine;
    if (day === engine.serviceDay) {
      const damage = this.office.disk.status.damage;
      return { tickets: engine.tickets(), skipped: damage?.day === day ? damage.lines.length : 0 };
    }
    const replay = new QueueEngine(
      { services: [], counters: [], settings: this.office.settings },
      { now: () => new Date(), newId: () => '', newToken: () => '' },
    );
    const { buf, lines, skipped } = await this.store.journal.readDay(day);
    let refused = 0;
    for (let i = 0; i < lines.length; i += 2000) {
      if (i > 0) await yieldToLoop();
      refused += replayLines(replay, day, buf, lines, i, Math.min(lines.length, i + 2000)).inconsistent.length;
    }
    return { tickets: replay.tickets(), skipped: skipped + refused };
  }

  /** One row per ticket of the day, for the CSV. */
  async records(day: string): Promise<TicketRecord[]> {
    const tz = this.office.settings.timeZone;
    return [...(await this.ticketsOf(day)).tickets].map((t) => toRecord(day, t, tz));
  }

  private intern(d: DayGroups): void {
    const one = (s: string): string => {
      const kept = this.strings.get(s);
      if (kept !== undefined) return kept;
      this.strings.set(s, s);
      return s;
    };
    d.ids.forEach((s, i) => {
      if (s !== null) d.ids[i] = one(s);
    });
    d.ratingKeys.forEach((s, i) => (d.ratingKeys[i] = one(s)));
  }

  /** The day's aggregate groups: computed live for today, cached on disk for past days. */
  async groups(day: string): Promise<DayGroups> {
    return (await this.dayGroups(day)).groups;
  }

  /** The same figures the slow way, through a full engine replay: the reference for the fold. */
  async replayedGroups(day: string): Promise<{ groups: Group[]; skipped: number }> {
    const { tickets, skipped } = await this.ticketsOf(day);
    return { groups: groupsOf(tickets), skipped };
  }

  /** How far the background build of past days' aggregates has come (shown on the reports page). */
  get progress(): BuildProgress {
    return this.builder?.progress ?? { done: 0, total: 0 };
  }

  private async dayGroups(day: string): Promise<{ groups: DayGroups; skipped: number }> {
    return (await this.pastDays([day]))[0]!;
  }

  /**
   * Days' aggregates in order: today live, past days from memory while their journal's stamp
   * is unchanged, the rest from the worker (its cache files, or a fold of the journal).
   */
  private async pastDays(days: readonly string[]): Promise<{ groups: DayGroups; skipped: number }[]> {
    const today = this.office.engine.serviceDay;
    const journal = this.store.journal;
    const past = days.filter((d) => d !== today);
    const pastStamps = journal.dayStamps ? await journal.dayStamps(past) : await Promise.all(past.map((d) => journal.dayStamp(d)));
    const stampOf = new Map(past.map((d, i) => [d, pastStamps[i]!]));
    const stamps = days.map((d) => stampOf.get(d) ?? null);
    const out: Promise<{ groups: DayGroups; skipped: number }>[] = [];
    const missing: number[] = [];
    days.forEach((day, i) => {
      const hit = this.memory.get(day);
      if (day === today) out[i] = this.ticketsOf(day).then(({ tickets, skipped }) => ({ groups: packDay(groupsOf(tickets)), skipped }));
      else if (stamps[i] === null) out[i] = Promise.resolve({ groups: packDay([]), skipped: 0 });
      else if (hit && hit.stamp === stamps[i]) out[i] = Promise.resolve(hit);
      else missing.push(i);
    });
    if (missing.length) {
      const built = this.builder ? this.builder.build(missing.map((i) => days[i]!)) : null;
      missing.forEach((i, k) => {
        // Without the worker (a store with no journal folder, or a worker that failed) the same
        // fold runs here, a day at a time, giving the loop back between slices.
        out[i] = built ? built[k]!.catch(() => this.foldHere(days[i]!)) : this.foldHere(days[i]!);
      });
    }
    const all = await Promise.all(out);
    // The merge that follows allocates on the main thread: not while the worker's heap is still there.
    if (missing.length && this.builder) await this.builder.ended();
    return all;
  }

  /** One day at a time: a year asked at once must not hold a year of journals. */
  private foldHere(day: string): Promise<{ groups: DayGroups; skipped: number }> {
    const next = this.hereChain.then(() => this.foldOne(day));
    this.hereChain = next.catch(() => undefined);
    return next;
  }

  private async foldOne(day: string): Promise<{ groups: DayGroups; skipped: number }> {
    const stamp = await this.store.journal.dayStamp(day);
    const { lines, skipped } = await this.store.journal.readDay(day);
    const fold = new DayFold(day);
    for (let i = 0; i < lines.length; i++) {
      if (i > 0 && i % 2000 === 0) await yieldToLoop();
      fold.add(lines[i]!.event as unknown as Record<string, unknown>);
    }
    const agg = { groups: packDay(fold.groups()), skipped: skipped + fold.refused };
    this.intern(agg.groups);
    if (stamp !== null) this.memory.set(day, { stamp, ...agg });
    return agg;
  }

  /** Builds the aggregates of past days that lack one, off the main thread, so reports stay fast. */
  async warm(): Promise<number> {
    const days = (await this.store.journal.days()).filter((d) => d < this.office.engine.serviceDay);
    await this.pastDays(days);
    return days.length;
  }

  async close(): Promise<void> {
    await this.builder?.close();
  }

  private async days(f: ReportFilter): Promise<string[]> {
    // Only days that have a journal (and today): a wide range costs nothing extra.
    const days = new Set((await this.store.journal.days()).filter((d) => d >= f.from && d <= f.to));
    const today = this.office.engine.serviceDay;
    if (today >= f.from && today <= f.to) days.add(today);
    return [...days].sort();
  }

  async *filtered(f: ReportFilter): AsyncGenerator<TicketRecord> {
    for (const day of await this.days(f)) {
      for (const r of await this.records(day)) {
        if (f.serviceId && r.serviceId !== f.serviceId) continue;
        if (f.counterId && r.counterId !== f.counterId) continue;
        if (f.userId && r.staffUserId !== f.userId) continue;
        yield r;
      }
    }
  }

  /**
   * `rows: false`: the totals only (`rows` comes back empty). The province report compares 100
   * offices' totals, and each office's per-day, per-service rows (percentiles each) are work it
   * would throw away.
   */
  /** Issue 13: the journal's days in the filter's range, and one day's lines (server/report-bookings.ts). */
  async journalDays(f: ReportFilter): Promise<string[]> {
    return this.days(f);
  }
  readDay(day: string): ReturnType<Store['journal']['readDay']> {
    return this.store.journal.readDay(day);
  }

  async summary(f: ReportFilter, opts: { rows?: boolean } = {}): Promise<ReportSummary> {
    const wantRows = opts.rows !== false;
    const targets = new Map(this.office.config.services.map((s) => [s.id, s.targetWaitMin * 60]));
    const rows: ReportRow[] = [];
    const total = new Accumulator();
    const walk = new WalkAccumulator();
    const damagedDays: ReportSummary['damagedDays'] = [];
    const days = await this.days(f);
    const aggregates = await this.pastDays(days);
    for (const [i, day] of days.entries()) {
      const perService = new Map<string, Accumulator>();
      const { groups, skipped } = aggregates[i]!;
      if (skipped) damagedDays.push({ day, skippedLines: skipped });
      const { ids, counts } = groups;
      // Each group's seconds and ratings follow the previous group's in the day's arrays.
      for (let g = 0, sec = 0, rat = 0; g * 3 < ids.length; g++) {
        const at = { g, sec, rat };
        const k = g * COUNTS;
        const walks = [counts[k + 9]!, counts[k + 10]!, counts[k + 11]!];
        sec += counts[k + 5]! + counts[k + 6]! + counts[k + 7]!;
        const walksAt = sec;
        sec += walks[0]! + walks[1]! + walks[2]!;
        rat += counts[k + 8]!;
        const [s, c, u] = [ids[3 * g]!, ids[3 * g + 1]!, ids[3 * g + 2]!];
        if (f.serviceId && s !== f.serviceId) continue;
        if (f.counterId && c !== f.counterId) continue;
        if (f.userId && u !== f.userId) continue;
        const target = targets.get(s) ?? Infinity;
        total.add(groups, at, target);
        if (!wantRows) continue;
        walk.add(groups, g, walksAt, walks);
        let acc = perService.get(s);
        if (!acc) perService.set(s, (acc = new Accumulator()));
        acc.add(groups, at, target);
      }
      for (const serviceId of [...perService.keys()].sort()) rows.push({ day, serviceId, ...perService.get(serviceId)!.result() });
    }
    const skippedLines = damagedDays.reduce((n, d) => n + d.skippedLines, 0);
    return { from: f.from, to: f.to, rows, total: total.result(), skippedLines, damagedDays, walk: walk.result() };
  }

  /** CSV for Excel: UTF-8 with a BOM, one row per ticket, Vietnamese headers. */
  async *csv(f: ReportFilter): AsyncGenerator<string> {
    const services = new Map(this.office.config.services.map((s) => [s.id, s]));
    const counters = new Map(this.office.config.counters.map((c) => [c.id, c]));
    const users = new Map(this.office.accounts.users.map((u) => [u.id, u]));
    yield '\uFEFF' + CSV_HEADER.map(csvCell).join(',') + '\r\n';
    for await (const r of this.filtered(f)) {
      yield [
        r.day, r.number, services.get(r.serviceId)?.name.vi ?? r.serviceId,
        r.priority ? PRIORITY_NAMES[r.priority].vi : '', STATE_NAMES[r.state].vi,
        r.issuedAt, r.firstCalledAt ?? '', r.finishedAt ?? '',
        r.counterId ? String(counters.get(r.counterId)?.number ?? r.counterId) : '',
        r.staffUserId ? (users.get(r.staffUserId)?.name ?? r.staffUserId) : '',
        r.callCount, r.transfers, minutes(r.waitSec), minutes(r.serveSec),
        r.fileCode ?? '', r.rating ?? '', r.comment ?? '', r.id, r.walkSec ?? '',
      ].map(csvCell).join(',') + '\r\n';
    }
  }
}

export const CSV_HEADER = [
  'Ngày', 'Số thứ tự', 'Lĩnh vực', 'Ưu tiên', 'Trạng thái', 'Giờ lấy số', 'Giờ gọi', 'Giờ kết thúc',
  'Quầy', 'Cán bộ', 'Số lần gọi', 'Số lần chuyển', 'Chờ (phút)', 'Phục vụ (phút)', 'Mã hồ sơ',
  'Đánh giá', 'Góp ý', 'Mã phiếu', 'Đi tới quầy (giây)',
];

function minutes(sec: number | null): string {
  return sec === null ? '' : (sec / 60).toFixed(1);
}

function csvCell(v: string | number): string {
  const s = String(v);
  // A leading = + - @ would be run as a formula by Excel.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Seconds to average and take percentiles of. A year's summary merges ~1 M of them: past a few
 * thousand values they are counted per second (a day at most) instead of kept and sorted, which
 * gives the same mean (integer sums are exact) and the same nearest-rank percentile in O(n).
 */
export class Samples {
  private list: number[] = [];
  /**
   * counts[s]: how many values equal s, for whole seconds 0 … counts.length - 1 once dense. As
   * long as the largest second seen (a power of two, at most DENSE_MAX + 1): a walk's seconds fit
   * in a few kB, where a counter per second of a day was 338 kB for each of the ~60 Samples of a
   * year's summary (issue 10: the year report's peak RSS).
   */
  private counts: Uint32Array | null = null;
  private n = 0;
  private sum = 0;

  constructor(private readonly denseFrom = 4096) {}

  push(v: number): void {
    this.n++;
    this.sum += v;
    if (this.counts && Number.isInteger(v) && v >= 0 && v <= DENSE_MAX) {
      if (v >= this.counts.length) this.grow(v);
      this.counts[v]!++;
    } else {
      this.list.push(v);
      if (!this.counts && this.list.length >= this.denseFrom) this.densify();
    }
  }

  /** Room for `v` in counts: the next power of two above it, or DENSE_MAX + 1. */
  private grow(v: number): void {
    let size = Math.max(1024, this.counts?.length ?? 0);
    while (size <= v) size *= 2;
    const counts = new Uint32Array(Math.min(size, DENSE_MAX + 1));
    if (this.counts) counts.set(this.counts);
    this.counts = counts;
  }

  private densify(): void {
    let max = 0;
    for (const v of this.list) if (Number.isInteger(v) && v > max && v <= DENSE_MAX) max = v;
    this.grow(max);
    const counts = this.counts!;
    const rest: number[] = [];
    for (const v of this.list) {
      if (Number.isInteger(v) && v >= 0 && v <= DENSE_MAX) counts[v]!++;
      else rest.push(v);
    }
    this.list = rest;
  }

  get length(): number {
    return this.n;
  }

  mean(): number | null {
    return this.n ? this.sum / this.n : null;
  }

  percentile(p: number): number | null {
    if (!this.counts) return smallPercentile(this.list, p);
    if (this.n === 0) return null;
    const k = Math.min(this.n - 1, Math.ceil((p / 100) * this.n) - 1);
    // Values outside the counted range (negative, fractional, over a day) are few: sorted apart.
    const rest = Float64Array.from(this.list).sort();
    const counts = this.counts;
    let r = 0;
    let seen = 0;
    while (r < rest.length && rest[r]! < 0) if (seen++ === k) return rest[r]!; else r++;
    for (let s = 0; s < counts.length; s++) {
      while (r < rest.length && rest[r]! < s) if (seen++ === k) return rest[r]!; else r++;
      seen += counts[s]!;
      if (seen > k) return s;
    }
    // Every counted value is behind: the k-th is among the rest (all at or above counts.length - 1).
    return rest[r + (k - seen)]!;
  }
}

const DENSE_MAX = 86_400;

/**
 * `percentile` without sorting: the k-th smallest by selection (a summary takes ~4,000 of these,
 * one per day and service). NaN, which sorts last and defeats comparisons, takes the sort.
 */
function smallPercentile(values: number[], p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const k = Math.min(n - 1, Math.ceil((p / 100) * n) - 1);
  const a = Float64Array.from(values);
  if (k < 0 || a.some(Number.isNaN)) return percentile(values, p);
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  // -0 and 0 compare equal here, not in a sort; both print as 0.
  return a[k]!;
}


/** What a report needs of a day's tickets that share a service, counter and staff member. */
export interface Group {
  s: string;
  c: string | null;
  u: string | null;
  issued: number;
  served: number;
  noShows: number;
  cancelled: number;
  expired: number;
  /** Seconds from issue to first call, of called tickets not served. */
  waits: number[];
  /** The same for served tickets (the share within the target is counted over these). */
  servedWaits: number[];
  /** Seconds of service, of served tickets. */
  serves: number[];
  /** "scale:score" → how many. */
  ratings: Record<string, number>;
  /** Issue 15: seconds of the walk to the desk, by kind (report-fold.ts WALK_IN, WALK_PRIORITY, WALK_BOOKED). */
  walks: number[][];
}

/** 2: the count of skipped journal lines is kept with the groups. 3: the walks (issue 15). */
const CACHE_VERSION = 3;

/** The engine's tickets → report groups (the fold's own tickets go to report-fold.ts' groupsOf). */
export function groupsOf(tickets: Iterable<Ticket>): Group[] {
  return groupsOfFolded(groupedTickets(tickets));
}

class Accumulator {
  issued = 0;
  served = 0;
  noShows = 0;
  cancelled = 0;
  expired = 0;
  within = 0;
  waits = new Samples();
  serves = new Samples();
  ratings = 0;
  ratingSum = 0;
  satisfied = 0;

  /** Group `at.g` of a day, whose seconds start at `at.sec` and ratings at `at.rat`. */
  add(d: DayGroups, at: { g: number; sec: number; rat: number }, targetSec: number): void {
    const c = d.counts;
    const k = at.g * COUNTS;
    this.issued += c[k]!;
    this.served += c[k + 1]!;
    this.noShows += c[k + 2]!;
    this.cancelled += c[k + 3]!;
    this.expired += c[k + 4]!;
    const v = d.seconds;
    let p = at.sec;
    for (const end = p + c[k + 5]!; p < end; p++) this.waits.push(v[p]!);
    for (const end = p + c[k + 6]!; p < end; p++) {
      const w = v[p]!;
      this.waits.push(w);
      if (w <= targetSec) this.within++;
    }
    for (const end = p + c[k + 7]!; p < end; p++) this.serves.push(v[p]!);
    for (let r = at.rat, end = at.rat + c[k + 8]!; r < end; r++) {
      const n = d.ratingCounts[r]!;
      const [scale, score] = d.ratingKeys[r]!.split(':').map(Number) as [number, number];
      this.ratings += n;
      this.ratingSum += score * n;
      // Satisfied: the top two levels of a 5-level scale, the top two of a 3-level one.
      if (score >= (scale === 5 ? 4 : 2)) this.satisfied += n;
    }
  }

  result(): Omit<ReportRow, 'day' | 'serviceId'> {
    const m = (v: number | null) => (v === null ? null : round1(v / 60));
    return {
      issued: this.issued,
      served: this.served,
      noShows: this.noShows,
      cancelled: this.cancelled,
      expired: this.expired,
      avgWaitMin: m(this.waits.mean()),
      p90WaitMin: m(this.waits.percentile(90)),
      avgServeMin: m(this.serves.mean()),
      p90ServeMin: m(this.serves.percentile(90)),
      withinTarget: this.served ? Math.round((this.within / this.served) * 1000) / 1000 : null,
      ratings: this.ratings,
      avgRating: this.ratings ? round1(this.ratingSum / this.ratings) : null,
      satisfied: this.ratings ? Math.round((this.satisfied / this.ratings) * 1000) / 1000 : null,
    };
  }
}
