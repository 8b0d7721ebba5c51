// Reports for the administrative-reform index. Past days are replayed from their journal
// once and cached as compact ticket records; today comes from the live engine.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIORITY_NAMES, STATE_NAMES } from '../shared/i18n.js';
import type { Priority, ReportRow, ReportSummary, Service, TicketState } from '../shared/types.js';
import { QueueEngine, type Ticket } from './queue/engine.js';
import { isoLocal } from './queue/time.js';
import type { Office } from './office.js';
import { writeFileDurable } from './store/durable-file.js';
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

  /** The day's ticket records: live for today, from a cache or a replay for past days. */
  async records(day: string): Promise<TicketRecord[]> {
    const engine = this.office.engine;
    const tz = this.office.settings.timeZone;
    if (day === engine.serviceDay) return [...engine.tickets()].map((t) => toRecord(day, t, tz));
    const stamp = await this.store.journal.dayStamp(day);
    if (stamp === null) return [];
    const cachePath = join(this.store.cacheDir, `records-${day}.json`);
    try {
      const cached = JSON.parse(await readFile(cachePath, 'utf8')) as { stamp: string; records: TicketRecord[] };
      if (cached.stamp === stamp) return cached.records;
    } catch {
      // no cache yet, or an unreadable one: rebuild it
    }
    const replay = new QueueEngine(
      { services: [], counters: [], settings: this.office.settings },
      { now: () => new Date(), newId: () => '', newToken: () => '' },
    );
    for await (const e of this.store.journal.readDay(day)) replay.apply(e);
    const records = [...replay.tickets()].map((t) => toRecord(day, t, tz));
    await mkdir(this.store.cacheDir, { recursive: true });
    await writeFileDurable(cachePath, JSON.stringify({ stamp, records })).catch(() => undefined);
    return records;
  }

  async *filtered(f: ReportFilter): AsyncGenerator<TicketRecord> {
    // Only days that have a journal (and today): a wide range costs nothing extra.
    const days = new Set((await this.store.journal.days()).filter((d) => d >= f.from && d <= f.to));
    const today = this.office.engine.serviceDay;
    if (today >= f.from && today <= f.to) days.add(today);
    for (const day of [...days].sort()) {
      for (const r of await this.records(day)) {
        if (f.serviceId && r.serviceId !== f.serviceId) continue;
        if (f.counterId && r.counterId !== f.counterId) continue;
        if (f.userId && r.staffUserId !== f.userId) continue;
        yield r;
      }
    }
  }

  async summary(f: ReportFilter): Promise<ReportSummary> {
    const services = new Map(this.office.config.services.map((s) => [s.id, s]));
    const groups = new Map<string, TicketRecord[]>();
    const all: TicketRecord[] = [];
    for await (const r of this.filtered(f)) {
      const key = `${r.day}|${r.serviceId}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(r);
      all.push(r);
    }
    const rows = [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, g]) => {
        const [day, serviceId] = key.split('|') as [string, string];
        return { day, serviceId, ...aggregate(g, services) };
      });
    return { from: f.from, to: f.to, rows, total: aggregate(all, services) };
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
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export function aggregate(g: TicketRecord[], services: Map<string, Service>): Omit<ReportRow, 'day' | 'serviceId'> {
  const waits = g.filter((r) => r.waitSec !== null).map((r) => r.waitSec! / 60);
  const served = g.filter((r) => r.state === 'done');
  const serves = served.filter((r) => r.serveSec !== null).map((r) => r.serveSec! / 60);
  const within = served.filter((r) => r.waitSec !== null && r.waitSec / 60 <= (services.get(r.serviceId)?.targetWaitMin ?? Infinity));
  const rated = g.filter((r) => r.rating !== null);
  // Satisfied: the top two levels of a 5-level scale, the top two of a 3-level one.
  const satisfied = rated.filter((r) => r.rating! >= (r.ratingScale === 5 ? 4 : 2));
  const m = (v: number | null) => (v === null ? null : round1(v));
  return {
    issued: g.length,
    served: served.length,
    noShows: g.filter((r) => r.state === 'no_show').length,
    cancelled: g.filter((r) => r.state === 'cancelled').length,
    expired: g.filter((r) => r.state === 'expired').length,
    avgWaitMin: m(mean(waits)),
    p90WaitMin: m(percentile(waits, 90)),
    avgServeMin: m(mean(serves)),
    p90ServeMin: m(percentile(serves, 90)),
    withinTarget: served.length ? Math.round((within.length / served.length) * 1000) / 1000 : null,
    ratings: rated.length,
    avgRating: m(mean(rated.map((r) => r.rating!))),
    satisfied: rated.length ? Math.round((satisfied.length / rated.length) * 1000) / 1000 : null,
  };
}
