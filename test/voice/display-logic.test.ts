// The pure parts of the displays: the Vietnamese clock line and zone filtering.
import { describe, expect, it } from 'vitest';
import { formatDateTimeVi, formatTimeVi, ratingLevels } from '../../display/format.js';
import { callInZone, parseZone, zoneView } from '../../display/zone.js';
import type { PublicCounter, PublicService, RecentCall, Snapshot } from '../../shared/types.js';

describe('clock line', () => {
  it('reads the date in Vietnamese in the office time zone', () => {
    // 01:15 UTC is 08:15 in Hà Nội, on a Thursday.
    expect(formatDateTimeVi(new Date('2026-11-26T01:15:00Z'))).toBe('Thứ Năm, 26/11/2026 08:15');
    expect(formatDateTimeVi(new Date('2026-11-29T16:59:00Z'))).toBe('Chủ Nhật, 29/11/2026 23:59');
    expect(formatDateTimeVi(new Date('2026-11-29T17:00:00Z'))).toBe('Thứ Hai, 30/11/2026 00:00');
    expect(formatDateTimeVi(new Date('2026-11-26T01:15:00Z'), 'Asia/Bangkok')).toBe('Thứ Năm, 26/11/2026 08:15');
    expect(formatDateTimeVi(new Date('2026-11-26T01:15:00Z'), 'UTC')).toBe('Thứ Năm, 26/11/2026 01:15');
    expect(formatTimeVi('2026-11-26T08:05:00+07:00')).toBe('08:05');
  });

  it('labels the rating levels best first, higher score better', () => {
    expect(ratingLevels(3).map((l) => [l.score, l.label])).toEqual([[3, 'Rất hài lòng'], [2, 'Hài lòng'], [1, 'Không hài lòng']]);
    expect(ratingLevels(5).map((l) => [l.score, l.label])).toEqual([
      [5, 'Rất hài lòng'], [4, 'Hài lòng'], [3, 'Bình thường'], [2, 'Không hài lòng'], [1, 'Rất không hài lòng'],
    ]);
  });
});

const service = (id: string): PublicService => ({
  id, name: { vi: id, en: id }, prefix: '', start: 1, digits: 3, targetWaitMin: 15, dailyLimit: null, active: true, hours: null, order: 0,
  open: true, closedReason: null, nextOpen: null, waiting: 0, estimatedWaitMin: 0,
});
const counter = (n: number, serviceIds: string[]): PublicCounter => ({
  id: `q${n}`, number: n, label: { vi: `Quầy ${n}`, en: `Counter ${n}` }, serviceIds,
  status: 'idle', current: null, staffName: null, pausedReason: null, since: null, normalsSincePriority: 0,
});
const call = (counterId: string, serviceId: string, id: string): RecentCall => ({
  ticket: { id, number: id, serviceId, priority: null, state: 'called', issuedAt: '', calledAt: '', counterId, callCount: 1, queuedAt: '', seq: 1 },
  counterId, at: '', recall: false,
});
const snap: Snapshot = {
  rev: 1, serviceDay: '2026-11-26', office: { name: { vi: 'x', en: 'x' } },
  services: [service('a'), service('b'), service('c')],
  counters: [counter(1, ['a']), counter(2, ['a', 'b']), counter(3, ['c'])],
  recentCalls: [call('q3', 'c', 't3'), call('q2', 'b', 't2'), call('q1', 'a', 't1')],
};

describe('zones', () => {
  it('shows everything without a filter', () => {
    const v = zoneView(snap, parseZone(''));
    expect(v.counters.map((c) => c.number)).toEqual([1, 2, 3]);
    expect(v.calls.map((c) => c.ticket.id)).toEqual(['t3', 't2', 't1']);
  });

  it('?counters= keeps those counters, their services and their calls', () => {
    const zone = parseZone('?counters=2,1');
    const v = zoneView(snap, zone);
    expect(v.counters.map((c) => c.number)).toEqual([1, 2]);
    expect(v.services.map((s) => s.id)).toEqual(['a', 'b']);
    expect(v.calls.map((c) => c.ticket.id)).toEqual(['t2', 't1']);
    expect(callInZone(zone, snap, { counterId: 'q3', ticket: { serviceId: 'c' } })).toBe(false);
  });

  it('?services= keeps those services, the counters serving them and their calls', () => {
    const v = zoneView(snap, parseZone('?services=b'));
    expect(v.counters.map((c) => c.number)).toEqual([2]);
    expect(v.services.map((s) => s.id)).toEqual(['b']);
    expect(v.calls.map((c) => c.ticket.id)).toEqual(['t2']);
  });

  it('ignores junk in the query', () => {
    expect(parseZone('?counters=x,,0,-1')).toEqual({ counters: null, services: null });
  });
});

describe('clock line without time-zone data', () => {
  it('reads Vietnam time by arithmetic exactly as Intl does, over fifty years of minutes', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh', weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    const WEEKDAY: Record<string, string> = { Sun: 'Chủ Nhật', Mon: 'Thứ Hai', Tue: 'Thứ Ba', Wed: 'Thứ Tư', Thu: 'Thứ Năm', Fri: 'Thứ Sáu', Sat: 'Thứ Bảy' };
    const viaIntl = (d: Date) => {
      const p = Object.fromEntries(intl.formatToParts(d).map((x) => [x.type, x.value]));
      return `${WEEKDAY[p.weekday!]}, ${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
    };
    // Every 7,919 minutes (a prime: all hours, weekdays and month ends come round) from 1976 to
    // 2026, and the minutes around midnight and new year, in Hà Nội.
    const from = Date.UTC(1976, 0, 1);
    const dates: Date[] = [];
    for (let t = from; t < Date.UTC(2026, 0, 1); t += 7919 * 60_000) dates.push(new Date(t));
    for (const iso of ['2026-12-31T16:59:00Z', '2026-12-31T17:00:00Z', '2028-02-28T17:00:00Z', '2028-02-29T16:59:59Z', '2100-02-28T17:00:00Z']) dates.push(new Date(iso));
    expect(dates.length).toBeGreaterThan(3000);
    for (const d of dates) expect(formatDateTimeVi(d), d.toISOString()).toBe(viaIntl(d));
    for (const d of dates.slice(0, 200)) expect(formatTimeVi(d.toISOString())).toBe(viaIntl(d).slice(-5));
  });
});
