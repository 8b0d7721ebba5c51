// Reports for supervisors: a summary per day and service, and every ticket as CSV.
import { Router } from 'express';
import { LuotError } from '../../../shared/errors.js';
import { MESSAGES } from '../../../shared/i18n.js';
import { reportQuerySchema } from '../../../shared/schemas.js';
import type { ReportFilter } from '../../reports.js';
import { bookingReport } from '../../report-bookings.js';
import { parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export const MAX_REPORT_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * Fix: the schema only checks the `YYYY-MM-DD` shape, so `2026-02-30` or `0000-01-01` (which
 * Date.UTC reads as 1900) were accepted, and `from` after `to` silently gave an empty report.
 * Dates must be real calendar days and `from <= to`.
 */
export function reportFilter(query: unknown): ReportFilter {
  const f = parse(reportQuerySchema, query);
  const bad = (field: 'from' | 'to', why: string) =>
    new LuotError('invalid', `${MESSAGES.invalid.vi}: ${field} — ${why}`, `${MESSAGES.invalid.en}: ${field} — ${why}`, { field });
  const dayMs = (field: 'from' | 'to'): number => {
    const [y, m, d] = f[field].split('-').map(Number) as [number, number, number];
    const ms = Date.UTC(y, m - 1, d);
    // Date.UTC maps years 0–99 to 1900–1999 and rolls 02-30 over to March: both fail the round trip.
    if (new Date(ms).toISOString().slice(0, 10) !== f[field]) throw bad(field, 'YYYY-MM-DD');
    return ms;
  };
  const from = dayMs('from');
  const to = dayMs('to');
  if (to < from) throw bad('to', 'from ≤ to');
  // The staff app limits its date picker, but the server is what reads the journals: a year
  // (any 366 days, a leap year whole) is the longest report the reform index asks for, and a
  // `from=1900-01-01` request would otherwise walk every day since.
  if ((to - from) / DAY_MS + 1 > MAX_REPORT_DAYS) throw bad('to', `≤ ${MAX_REPORT_DAYS} ngày / days`);
  return f;
}

export function reportRoutes({ office, reports, now }: HttpDeps): Router {
  const r = Router();
  r.use(requireRole(office, 'supervisor', now));
  r.get('/summary', async (req, res) => ok(res, { summary: await reports.summary(reportFilter(req.query)) }));
  // While past days' aggregates are being built (after an upgrade or a restore), the page shows
  // how far: a summary asked meanwhile answers once its days are ready.
  r.get('/progress', (_req, res) => ok(res, { progress: reports.progress }));
  // Issue 13: bookings made, checked in, no-shows, cancelled, and booked against walk-in waits.
  r.get('/bookings', async (req, res) => ok(res, { report: await bookingReport(reports, reportFilter(req.query)) }));
  r.get('/tickets.csv', async (req, res) => {
    const f = reportFilter(req.query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="luot-${f.from}_${f.to}.csv"`);
    for await (const chunk of reports.csv(f)) res.write(chunk);
    res.end();
  });
  return r;
}
