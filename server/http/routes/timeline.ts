// Supervisors answering a complaint: one ticket's history, and finding a ticket by its number.
// A ticket's id does not say its day, so a past day's ticket is asked for with `?day=`: only
// that day's journal is read, never the year.
import { Router } from 'express';
import { inOffice } from '../../auth.js';
import { ticketSearchSchema, timelineQuerySchema } from '../../../shared/timeline.js';
import type { TicketJournal } from '../../store/store.js';
import { dayEvents, findByNumber, foldTimeline, type TimelineLookups } from '../../ticket-timeline.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export function timelineRoutes(deps: HttpDeps & { journal: TicketJournal }): Router {
  const { office, now, journal } = deps;
  const r = Router();
  const supervisor = requireRole(office, 'supervisor', now);
  const lookups: TimelineLookups = {
    counter: (id) => office.counter(id),
    service: (id) => office.service(id),
    userName: (id) => office.accounts.users.find((u) => u.id === id && inOffice(u, office.id))?.name,
  };

  r.get('/tickets', supervisor, async (req, res) => {
    const q = parse(ticketSearchSchema, req.query);
    const day = q.day ?? office.engine.serviceDay;
    ok(res, { serviceDay: day, tickets: findByNumber(await dayEvents(journal, day), q.number, day, lookups) });
  });

  r.get('/tickets/:id/events', supervisor, async (req, res) => {
    const day = parse(timelineQuerySchema, req.query).day ?? office.engine.serviceDay;
    const timeline = foldTimeline(await dayEvents(journal, day), String(req.params.id), day, lookups);
    if (!timeline) throw luotError('not_found', 'ticketNotFound');
    ok(res, timeline);
  });

  return r;
}
