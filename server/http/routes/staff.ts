// Routes the staff app needs beyond configuration and reports: a counter's figures for today,
// the staff list for report filters. (The voice clips of the settings page: routes/clips.ts.)
import { Router } from 'express';
import { inOffice } from '../../auth.js';
import { isoLocal } from '../../queue/time.js';
import { luotError } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export function staffRoutes(deps: HttpDeps): Router {
  const { office, reports, now } = deps;
  const r = Router();
  const staff = requireRole(office, 'staff', now);

  r.get('/counters/:id/today', staff, async (req, res) => {
    const counterId = String(req.params.id);
    if (!office.counter(counterId)) throw luotError('not_found', 'counterNotFound');
    const today = office.engine.serviceDay;
    const summary = await reports.summary({ from: today, to: today, counterId });
    // The server's clock travels with the figures: counter PCs drift, and waiting times shown
    // on the panel are differences against the server's timestamps.
    ok(res, { counterId, serviceDay: today, figures: summary.total, serverTime: isoLocal(new Date(now()), office.settings.timeZone) });
  });

  // Issue 15: today's no-shows, latest first, for "Gọi lại sau" when a citizen turns up later.
  r.get('/no-shows', staff, (_req, res) => {
    ok(res, { tickets: office.engine.noShows(), maxTimes: office.settings.putBack.maxTimes });
  });

  // Supervisors filter reports by staff member without being allowed to manage users.
  r.get('/staff/users', requireRole(office, 'supervisor', now), (_req, res) => {
    // Accounts of this office and of the province (whoever may have served here).
    const users = office.accounts.users.filter((u) => inOffice(u, office.id));
    ok(res, { users: users.map((u) => ({ id: u.id, username: u.username, name: u.name, role: u.role })) });
  });

  return r;
}
