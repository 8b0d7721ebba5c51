// Issue 13: the bookings report, per day and service: bookings made, checked in, no-shows,
// cancelled, and the wait (issue or check-in to first call) of booked tickets against walk-ins.
// Read from each day's journal lines (either store): every booking a day's events name is
// made or carried into that day (bookings.ts), so a day's lines alone say which service it is.
import type { Reports, ReportFilter } from './reports.js';
import { percentile } from './reports.js';
import { parseAt } from './report-fold.js';
import type { BookingReport, BookingReportRow, WaitFigures } from '../shared/booking.js';

export type { BookingReport, BookingReportRow, WaitFigures };

/** A row's figures and the wait seconds they came from (the total merges these). */
interface Raw {
  counts: BookingReportRow['bookings'];
  walkIn: number[];
  booked: number[];
}

function finish(r: Raw): Omit<BookingReportRow, 'day' | 'serviceId'> {
  const ended = r.counts.checkedIn + r.counts.noShow;
  return {
    bookings: r.counts,
    noShowRate: ended ? Math.round((r.counts.noShow / ended) * 1000) / 1000 : null,
    waits: { walkIn: figures(r.walkIn), booked: figures(r.booked) },
  };
}

type Ev = Record<string, unknown>;

function figures(secs: number[]): WaitFigures {
  if (!secs.length) return { called: 0, avgWaitMin: null, p90WaitMin: null };
  const min = (s: number) => Math.round((s / 60) * 10) / 10;
  return { called: secs.length, avgWaitMin: min(secs.reduce((a, b) => a + b, 0) / secs.length), p90WaitMin: min(percentile(secs, 90)!) };
}

/** One day's rows, from its journal lines in order. */
export function bookingRowsOf(day: string, events: Iterable<Ev>): BookingReportRow[] {
  return [...rawRowsOf(events)].map(([serviceId, r]) => ({ day, serviceId, ...finish(r) }));
}

function rawRowsOf(events: Iterable<Ev>): Map<string, Raw> {
  const serviceOf = new Map<unknown, string>();
  const tickets = new Map<unknown, { serviceId: string; booked: boolean; issuedMs: number; called: boolean }>();
  const rows = new Map<string, Raw>();
  const row = (serviceId: string) => {
    let r = rows.get(serviceId);
    if (!r) rows.set(serviceId, (r = { counts: { made: 0, checkedIn: 0, noShow: 0, cancelled: 0 }, walkIn: [], booked: [] }));
    return r;
  };
  for (const e of events) {
    switch (e.type) {
      case 'booking:made':
      case 'booking:carried': {
        const b = e.booking as { id: string; serviceId: string };
        serviceOf.set(b.id, b.serviceId);
        if (e.type === 'booking:made') row(b.serviceId).counts.made++;
        break;
      }
      case 'booking:cancelled':
      case 'booking:noShow': {
        const s = serviceOf.get(e.bookingId);
        if (s) row(s).counts[e.type === 'booking:cancelled' ? 'cancelled' : 'noShow']++;
        break;
      }
      case 'ticket:issued': {
        const t = e.ticket as { id: string; serviceId: string };
        const booked = e.booking !== undefined;
        tickets.set(t.id, { serviceId: t.serviceId, booked, issuedMs: parseAt(e.at as string), called: false });
        if (booked) row(t.serviceId).counts.checkedIn++;
        break;
      }
      case 'ticket:called': {
        const t = tickets.get(e.ticketId);
        if (!t || t.called) break;
        t.called = true;
        row(t.serviceId)[t.booked ? 'booked' : 'walkIn'].push(Math.max(0, (parseAt(e.at as string) - t.issuedMs) / 1000));
        break;
      }
    }
  }
  return rows;
}

export async function bookingReport(reports: Reports, f: ReportFilter): Promise<BookingReport> {
  const rows: BookingReportRow[] = [];
  const total: Raw = { counts: { made: 0, checkedIn: 0, noShow: 0, cancelled: 0 }, walkIn: [], booked: [] };
  for (const day of await reports.journalDays(f)) {
    const { lines } = await reports.readDay(day);
    for (const [serviceId, r] of rawRowsOf(lines.map((l) => l.event as unknown as Ev))) {
      if (f.serviceId && serviceId !== f.serviceId) continue;
      rows.push({ day, serviceId, ...finish(r) });
      for (const k of ['made', 'checkedIn', 'noShow', 'cancelled'] as const) total.counts[k] += r.counts[k];
      total.walkIn.push(...r.walkIn);
      total.booked.push(...r.booked);
    }
  }
  return { from: f.from, to: f.to, rows, total: finish(total) };
}
