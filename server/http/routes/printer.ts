// The ticket printer's state and a test print, for supervisors.
import { Router } from 'express';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export function printerRoutes({ office, now }: HttpDeps): Router {
  const r = Router();
  r.use(requireRole(office, 'supervisor', now));
  r.get('/', (_req, res) => ok(res, { printer: office.printerStatus() }));
  r.post('/test', async (_req, res) => ok(res, { print: await office.printer.test(), printer: office.printerStatus() }));
  return r;
}
