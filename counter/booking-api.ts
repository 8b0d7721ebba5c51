// The staff app's calls for numbers from home (issue 13) on top of ApiClient: the bookings
// report. Its shapes mirror server/report-bookings.ts (contract13, Changes).
import type { ApiClient, ReportQuery } from './api.js';

export interface WaitFigures {
  /** Tickets called at least once. */
  called: number;
  avgWaitMin: number | null;
  p90WaitMin: number | null;
}

export interface BookingCounts {
  made: number;
  checkedIn: number;
  noShow: number;
  cancelled: number;
}

export interface BookingReportRow {
  day: string;
  serviceId: string;
  bookings: BookingCounts;
  noShowRate: number | null;
  waits: { walkIn: WaitFigures; booked: WaitFigures };
}

export interface BookingReport {
  from: string;
  to: string;
  rows: BookingReportRow[];
  /** The whole range (the waits from all the rows' samples, so the p90 is the range's own). */
  total?: Omit<BookingReportRow, 'day' | 'serviceId'>;
}

export function bookingReport(api: ApiClient, q: Pick<ReportQuery, 'from' | 'to' | 'serviceId'>) {
  const params = new URLSearchParams({ from: q.from, to: q.to, ...(q.serviceId ? { serviceId: q.serviceId } : {}) });
  return api.request<{ report: BookingReport }>('GET', `/api/reports/bookings?${params}`);
}
