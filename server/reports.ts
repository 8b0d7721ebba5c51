// Reports for the administrative-reform index. A past day is replayed from its journal once
// and kept as a small aggregate per (service, counter, staff member) — counts and the wait and
// serving times in seconds — so a year's summary reads 365 small files, never 1 M tickets.
// Today comes from the live engine. The CSV (one row per ticket) replays days one at a time.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIORITY_NAMES, STATE_NAMES } from '../shared/i18n.js';
import type { Priority, ReportRow, ReportSummary, TicketState } from '../shared/types.js';
import { QueueEngine, type Ticket } from './queue/engine.js';
import { isoLocal } from './queue/time.js';
import type { Office } from './office.js';
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
  };
}

export class Reports {
  constructor(private readonly office: Office, private readonly store: Store) {}

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

  /** The day's aggregate groups: computed live for today, cached on disk for past days. */
  async groups(day: string): Promise<Group[]> {
    return (await this.dayGroups(day)).groups;
  }

  private async dayGroups(day: string): Promise<{ groups: Group[]; skipped: number }> {
    if (day === this.office.engine.serviceDay) {
      const { tickets, skipped } = await this.ticketsOf(day);
      return { groups: groupsOf(tickets), skipped };
    }
    const stamp = await this.store.journal.dayStamp(day);
    if (stamp === null) return { groups: [], skipped: 0 };
    const cachePath = join(this.store.cacheDir, `groups-${day}.json`);
    try {
      const cached = JSON.parse(await readFile(cachePath, 'utf8')) as { v: number; stamp: string; groups: Group[]; skipped: number };
      if (cached.v === CACHE_VERSION && cached.stamp === stamp) return { groups: cached.groups, skipped: cached.skipped };
    } catch {
      // no cache yet, or an unreadable one: rebuild it
    }
    const { tickets, skipped } = await this.ticketsOf(day);
    const groups = groupsOf(tickets);
    await mkdir(this.store.cacheDir, { recursive: true });
    // A cache is derived data: losing it to a crash only costs a rebuild, so no fsync here.
    await writeFile(cachePath, JSON.stringify({ v: CACHE_VERSION, stamp, groups, skipped })).catch(() => undefined);
    return { groups, skipped };
  }

  /** Builds the aggregates of past days that lack one, a day at a time, so reports stay fast. */
  async warm(): Promise<number> {
    let built = 0;
    for (const day of await this.store.journal.days()) {
      if (day >= this.office.engine.serviceDay) continue;
      await this.groups(day);
      built++;
      await new Promise((r) => setImmediate(r));
    }
    return built;
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

  async summary(f: ReportFilter): Promise<ReportSummary> {
    const targets = new Map(this.office.config.services.map((s) => [s.id, s.targetWaitMin * 60]));
    const rows: ReportRow[] = [];
    const total = new Accumulator();
    const damagedDays: ReportSummary['damagedDays'] = [];
    for (const day of await this.days(f)) {
      const perService = new Map<string, Accumulator>();
      const { groups, skipped } = await this.dayGroups(day);
      if (skipped) damagedDays.push({ day, skippedLines: skipped });
      for (const g of groups) {
        if (f.serviceId && g.s !== f.serviceId) continue;
        if (f.counterId && g.c !== f.counterId) continue;
        if (f.userId && g.u !== f.userId) continue;
        let acc = perService.get(g.s);
        if (!acc) perService.set(g.s, (acc = new Accumulator()));
        const target = targets.get(g.s) ?? Infinity;
        acc.add(g, target);
        total.add(g, target);
      }
      for (const serviceId of [...perService.keys()].sort()) rows.push({ day, serviceId, ...perService.get(serviceId)!.result() });
    }
    const skippedLines = damagedDays.reduce((n, d) => n + d.skippedLines, 0);
    return { from: f.from, to: f.to, rows, total: total.result(), skippedLines, damagedDays };
  }

  /** CSV for Excel: UTF-8 with a BOM, one row per ticket, Vietnamese headers. */
  async *csv(f: ReportFilter): AsyncGenerator<string> {
    const services = new Map(this.office.config.services.map((s) => [s.id, s]));
    const counters = new Map(this.office.config.counters.map((c) => [c.id, c]));
    const users = new Map(this.office.config.users.map((u) => [u.id, u]));
    yield '\uFEFF' + CSV_HEADER.map(csvCell).join(',') + '\r\n';
    for await (const r of this.filtered(f)) {
      yield [
        r.day, r.number, services.get(r.serviceId)?.name.vi ?? r.serviceId,
        r.priority ? PRIORITY_NAMES[r.priority].vi : '', STATE_NAMES[r.state].vi,
        r.issuedAt, r.firstCalledAt ?? '', r.finishedAt ?? '',
        r.counterId ? String(counters.get(r.counterId)?.number ?? r.counterId) : '',
        r.staffUserId ? (users.get(r.staffUserId)?.name ?? r.staffUserId) : '',
        r.callCount, r.transfers, minutes(r.waitSec), minutes(r.serveSec),
        r.fileCode ?? '', r.rating ?? '', r.comment ?? '', r.id,
      ].map(csvCell).join(',') + '\r\n';
    }
  }
}

export const CSV_HEADER = [
  'Ngày', 'Số thứ tự', 'Lĩnh vực', 'Ưu tiên', 'Trạng thái', 'Giờ lấy số', 'Giờ gọi', 'Giờ kết thúc',
  'Quầy', 'Cán bộ', 'Số lần gọi', 'Số lần chuyển', 'Chờ (phút)', 'Phục vụ (phút)', 'Mã hồ sơ',
  'Đánh giá', 'Góp ý', 'Mã vé',
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

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
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
}

/** 2: the count of skipped journal lines is kept with the groups. */
const CACHE_VERSION = 2;

export function groupsOf(tickets: Iterable<Ticket>): Group[] {
  const map = new Map<string, Group>();
  for (const t of tickets) {
    const key = `${t.serviceId}|${t.counterId ?? ''}|${t.staffUserId ?? ''}`;
    let g = map.get(key);
    if (!g) {
      g = { s: t.serviceId, c: t.counterId, u: t.staffUserId, issued: 0, served: 0, noShows: 0, cancelled: 0, expired: 0, waits: [], servedWaits: [], serves: [], ratings: {} };
      map.set(key, g);
    }
    g.issued++;
    if (t.state === 'done') g.served++;
    else if (t.state === 'no_show') g.noShows++;
    else if (t.state === 'cancelled') g.cancelled++;
    else if (t.state === 'expired') g.expired++;
    if (t.firstCalledMs !== null) (t.state === 'done' ? g.servedWaits : g.waits).push(Math.round((t.firstCalledMs - t.issuedMs) / 1000));
    if (t.state === 'done' && t.startedMs !== null && t.finishedMs !== null) g.serves.push(Math.round((t.finishedMs - t.startedMs) / 1000));
    if (t.rating !== null) {
      const k = `${t.ratingScale ?? 0}:${t.rating}`;
      g.ratings[k] = (g.ratings[k] ?? 0) + 1;
    }
  }
  return [...map.values()];
}

class Accumulator {
  issued = 0;
  served = 0;
  noShows = 0;
  cancelled = 0;
  expired = 0;
  within = 0;
  waits: number[] = [];
  serves: number[] = [];
  ratings = 0;
  ratingSum = 0;
  satisfied = 0;

  add(g: Group, targetSec: number): void {
    this.issued += g.issued;
    this.served += g.served;
    this.noShows += g.noShows;
    this.cancelled += g.cancelled;
    this.expired += g.expired;
    for (const w of g.waits) this.waits.push(w);
    for (const w of g.servedWaits) {
      this.waits.push(w);
      if (w <= targetSec) this.within++;
    }
    for (const v of g.serves) this.serves.push(v);
    for (const [k, n] of Object.entries(g.ratings)) {
      const [scale, score] = k.split(':').map(Number) as [number, number];
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
      avgWaitMin: m(mean(this.waits)),
      p90WaitMin: m(percentile(this.waits, 90)),
      avgServeMin: m(mean(this.serves)),
      p90ServeMin: m(percentile(this.serves, 90)),
      withinTarget: this.served ? Math.round((this.within / this.served) * 1000) / 1000 : null,
      ratings: this.ratings,
      avgRating: this.ratings ? round1(this.ratingSum / this.ratings) : null,
      satisfied: this.ratings ? Math.round((this.satisfied / this.ratings) * 1000) / 1000 : null,
    };
  }
}
