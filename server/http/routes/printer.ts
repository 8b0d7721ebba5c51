// The ticket printer's state and a test print, for supervisors.
import { Router } from 'express';
import { recordSetupStep } from '../../setup-checklist.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export function printerRoutes({ office, now }: HttpDeps): Router {
  const r = Router();
  r.use(requireRole(office, 'supervisor', now));
  r.get('/', (_req, res) => ok(res, { printer: office.printerStatus() }));
  r.post('/test', async (_req, res) => {
    const print = await office.printer.test();
    // The home page's checklist: a printer that printed once is set up.
    if (print.status === 'printed') await recordSetupStep(office, 'testPrint', new Date(now()));
    ok(res, { print, printer: office.printerStatus() });
  });
  return r;
}
