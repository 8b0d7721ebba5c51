// Routes anyone on the LAN may use: health, public state, issuing, the citizen's ticket, ratings.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { counterRatingSchema, issueSchema, ratingSchema } from '../../../shared/schemas.js';
import { publicSnapshot } from '../../realtime/display.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok } from '../respond.js';

export function publicRoutes({ office, version }: HttpDeps): Router {
  const r = Router();
  const limited = (limit: number) =>
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(luotError('rate_limited', 'rateLimited')),
    });

  r.get('/health', (_req, res) => ok(res, { version, rev: office.engine.rev, serviceDay: office.engine.serviceDay, disk: office.disk.status }));
  r.get('/state', (_req, res) => ok(res, { snapshot: publicSnapshot(office) }));

  r.post('/tickets', limited(60), async (req, res) => {
    const key = office.settings.kioskKey;
    if (key && req.get('x-kiosk-key') !== key) throw luotError('unauthorized', 'badKioskKey');
    ok(res, await office.issue(parse(issueSchema, req.body)), 201);
  });

  r.get('/tickets/:token', (req, res) => {
    const view = office.ticketView(String(req.params.token));
    if (!view) throw luotError('not_found', 'ticketNotFound');
    ok(res, view);
  });

  r.post('/tickets/:token/rating', limited(30), async (req, res) => {
    const { score, comment } = parse(ratingSchema, req.body);
    await office.rate(String(req.params.token), score, comment ?? null);
    ok(res);
  });

  r.post('/counters/:id/rating', limited(30), async (req, res) => {
    const { score } = parse(counterRatingSchema, req.body);
    const ticket = await office.rateAtCounter(String(req.params.id), score);
    ok(res, { ticketId: ticket.id });
  });

  return r;
}
