// Reports for supervisors: a summary per day and service, and every ticket as CSV.
import { Router } from 'express';
import { reportQuerySchema } from '../../../shared/schemas.js';
import { parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export function reportRoutes({ office, reports, now }: HttpDeps): Router {
  const r = Router();
  r.use(requireRole(office, 'supervisor', now));
  r.get('/summary', async (req, res) => ok(res, { summary: await reports.summary(parse(reportQuerySchema, req.query)) }));
  r.get('/tickets.csv', async (req, res) => {
    const f = parse(reportQuerySchema, req.query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="luot-${f.from}_${f.to}.csv"`);
    for await (const chunk of reports.csv(f)) res.write(chunk);
    res.end();
  });
  return r;
}
