// Issue 13, numbers from home: the citizen's booking page (the offer, booking, reading and
// cancelling one's own booking by its secret token), the kiosk's check-in over REST, and the
// supervisor's list. The rules are the engine's (server/queue/bookings.ts).
import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { OFFICE_BOOKING_DEFAULTS, type BookingInfo } from '../../../shared/booking.js';
import { bookingCheckInSchema, bookingCreateSchema, bookingListQuerySchema } from '../../../shared/schemas.js';
import { BookingProof } from '../../booking-proof.js';
import { serviceBooking } from '../../queue/bookings.js';
import { addressKey, type KeyedLimiter } from '../../realtime/handle.js';
import type { KioskGate } from '../../realtime/kiosk.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

/**
 * Bookings one address may attempt (made or refused) in 10 minutes. A family books a few; a
 * phone shop's Wi-Fi a few more; a script trying a thousand is stopped at the 20th.
 */
export const BOOKINGS_PER_ADDRESS = 20;

export function bookingRoutes(deps: HttpDeps & { kioskGate: KioskGate; publicLimiter: KeyedLimiter }): Router {
  const { office, now, kioskGate } = deps;
  const r = Router();
  const proof = new BookingProof(office.id, () => office.accounts.secret, now);
  const cfg = () => office.settings.booking ?? OFFICE_BOOKING_DEFAULTS;
  const reads = (req: Request, _res: unknown, next: (e?: unknown) => void) =>
    next(deps.publicLimiter.take(addressKey(req.ip)) ? undefined : luotError('rate_limited', 'rateLimited'));
  const attempts = rateLimit({
    windowMs: 10 * 60_000,
    limit: BOOKINGS_PER_ADDRESS,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(luotError('rate_limited', 'rateLimited')),
  });
  const trackUrl = (token: string) => office.trackUrl(token).replace(/\/t\/[^/]+$/, `/dat-lich/${token}`);
  const view = (token: string) => {
    const b = office.engine.bookingByToken(token);
    return { booking: office.engine.citizenBooking(b, trackUrl(b.token)) };
  };

  r.get('/booking', reads, (_req, res) => {
    const enabled = cfg().enabled;
    const info: BookingInfo & { office: { vi: string; en: string } } = {
      enabled,
      office: office.settings.officeName,
      proof: proof.offer(cfg()),
      services: office.config.services
        .filter((s) => s.active && enabled && (serviceBooking(s).remote || serviceBooking(s).slots))
        .sort((a, b) => a.order - b.order)
        .map((s) => ({
          id: s.id, name: s.name.vi, nameEn: s.name.en, prefix: s.prefix,
          remote: serviceBooking(s).remote, slots: serviceBooking(s).slots, days: office.engine.bookingOffer(s),
        })),
    };
    ok(res, info);
  });

  r.post('/bookings', attempts, async (req, res) => {
    const p = parse(bookingCreateSchema, req.body);
    const spent = await proof.check(cfg(), p.proof);
    const { booking } = await office.book((e) => e.makeBooking({ serviceId: p.serviceId, kind: p.kind, at: p.at, phone: p.phone, name: p.name, proof: spent }));
    ok(res, { booking: office.engine.citizenBooking(booking, trackUrl(booking.token)) }, 201);
  });

  // Kiosks without the socket: the same gate (key, then the per-kiosk limit) as /kiosk.
  r.post('/bookings/check-in', async (req, res) => {
    const p = parse(bookingCheckInSchema, req.body);
    const client = { address: req.ip ?? '', kioskKey: req.get('x-kiosk-key'), kioskId: req.get('x-kiosk-id'), channel: 'rest' as const };
    ok(res, await kioskGate.checkIn(client, p), 201);
  });

  // The supervisor's list, with phones and names: never without a staff session.
  r.get('/bookings', requireRole(office, 'supervisor', now), (req, res) => {
    const { date } = parse(bookingListQuerySchema, req.query);
    ok(res, { date, bookings: office.engine.staffBookings(date) });
  });

  // Only the token (a long random secret) opens a booking; its 6-digit code opens nothing here.
  r.get('/bookings/:token', reads, (req, res) => ok(res, view(String(req.params.token))));

  r.delete('/bookings/:token', attempts, async (req, res) => {
    const { booking } = await office.book((e) => e.cancelBooking(String(req.params.token)));
    ok(res, view(booking.token));
  });

  return r;
}
