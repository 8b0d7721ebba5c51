// Issue 15 §1, results pickup over REST: staff (or another system with an integration token)
// mark files ready; anyone on the LAN may ask whether a file is ready and take a pickup ticket,
// through the same kiosk gate (key, then per-client limit) as POST /api/tickets.
import { Router } from 'express';
import { pickupSchema, resultCheckSchema, resultPromiseSchema, resultsMarkSchema } from '../../../shared/result-schemas.js';
import type { KeyedLimiter } from '../../realtime/handle.js';
import type { KioskGate } from '../../realtime/kiosk.js';
import { z } from 'zod';
import { foldPickupDay, type PickupDay } from '../../pickup-report.js';
import { staffOrIntegration } from '../../integration-tokens.js';
import { addDays } from '../../queue/time.js';
import type { TicketJournal } from '../../store/store.js';
import { dayEvents } from '../../ticket-timeline.js';
import { parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';
import { perAddress } from './public.js';

const MAX_REPORT_DAYS = 92;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const pickupReportSchema = z.object({ from: day, to: day });

export function resultRoutes(deps: HttpDeps & { kioskGate: KioskGate; publicLimiter: KeyedLimiter; journal: TicketJournal }): Router {
  const { office, now, kioskGate } = deps;
  const r = Router();
  const staff = requireRole(office, 'staff', now);
  const reads = perAddress(deps.publicLimiter);

  r.post('/results/ready', staffOrIntegration(office, 'results', now), async (req, res) => {
    const { fileCodes, ready } = parse(resultsMarkSchema, req.body);
    ok(res, { fileCodes: await office.markResults(fileCodes, ready ?? true) });
  });

  r.post('/results/unready', staff, async (req, res) => {
    const { fileCodes } = parse(resultsMarkSchema, req.body);
    ok(res, { fileCodes: await office.markResults(fileCodes, false) });
  });

  r.post('/results/promise', staff, async (req, res) => {
    const { fileCode, date } = parse(resultPromiseSchema, req.body);
    await office.promiseResult(fileCode, date);
    ok(res, { result: office.engine.results.check(fileCode) });
  });

  // The pickup figures per day (supervisors), each day folded from its own journal.
  r.get('/results/report', requireRole(office, 'supervisor', now), async (req, res) => {
    const { from, to } = parse(pickupReportSchema, req.query);
    const days: PickupDay[] = [];
    for (let d = from; d <= to && days.length < MAX_REPORT_DAYS; d = addDays(d, 1)) days.push(foldPickupDay(d, await dayEvents(deps.journal, d)));
    ok(res, { days });
  });

  r.get('/results/:fileCode', reads, (req, res) => {
    const { fileCode } = parse(resultCheckSchema, { fileCode: String(req.params.fileCode) });
    ok(res, { result: office.engine.results.check(fileCode) });
  });

  r.post('/results/pickup', async (req, res) => {
    const client = { address: req.ip ?? '', kioskKey: req.get('x-kiosk-key'), kioskId: req.get('x-kiosk-id'), channel: 'rest' as const };
    ok(res, await kioskGate.pickup(client, parse(pickupSchema, req.body)), 201);
  });

  return r;
}
