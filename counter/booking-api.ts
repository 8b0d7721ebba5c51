// The staff app's calls for numbers from home (issue 13) on top of ApiClient: the bookings
// report (its shapes in shared/booking.ts).
import type { BookingReport } from '../shared/booking.js';
import type { ApiClient, ReportQuery } from './api.js';

export type { BookingCounts, BookingReport, BookingReportRow, WaitFigures } from '../shared/booking.js';

export function bookingReport(api: ApiClient, q: Pick<ReportQuery, 'from' | 'to' | 'serviceId'>) {
  const params = new URLSearchParams({ from: q.from, to: q.to, ...(q.serviceId ? { serviceId: q.serviceId } : {}) });
  return api.request<{ report: BookingReport }>('GET', `/api/reports/bookings?${params}`);
}
