// Routes anyone on the LAN may use: health, public state, issuing, the citizen's ticket, ratings.
import type { Request, RequestHandler } from 'express';
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { counterRatingSchema, ratingSchema } from '../../../shared/schemas.js';
import { displayKeyOk, publicSnapshot } from '../../realtime/display.js';
import { addressKey, type KeyedLimiter } from '../../realtime/handle.js';
import type { KioskGate } from '../../realtime/kiosk.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok } from '../respond.js';

/** Draws one token per request from the address's bucket (shared with the /display socket). */
export function perAddress(limiter: KeyedLimiter): RequestHandler {
  return (req, _res, next) => next(limiter.take(addressKey(req.ip)) ? undefined : luotError('rate_limited', 'rateLimited'));
}

export function publicRoutes(deps: HttpDeps & { kioskGate: KioskGate; publicLimiter: KeyedLimiter }): Router {
  const { office, version, kioskGate } = deps;
  const r = Router();
  const limited = (limit: number) =>
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(luotError('rate_limited', 'rateLimited')),
    });
  const reads = perAddress(deps.publicLimiter);

  r.get('/health', reads, (_req, res) => ok(res, { version, rev: office.engine.rev, serviceDay: office.engine.serviceDay, disk: office.disk.status }));
  r.get('/state', reads, (_req, res) => ok(res, { snapshot: publicSnapshot(office) }));

  // The same gate (key, then per-client limit) as the /kiosk socket: switching transport refills nothing.
  r.post('/tickets', async (req: Request, res) => {
    const client = { address: req.ip ?? '', kioskKey: req.get('x-kiosk-key'), kioskId: req.get('x-kiosk-id'), channel: 'rest' as const };
    ok(res, await kioskGate.issue(client, req.body), 201);
  });

  r.get('/tickets/:token', reads, (req, res) => {
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
    if (!displayKeyOk(office, String(req.params.id), req.get('x-display-key'))) throw luotError('forbidden', 'displayKeyNeeded');
    const ticket = await office.rateAtCounter(String(req.params.id), score);
    ok(res, { ticketId: ticket.id });
  });

  return r;
}
