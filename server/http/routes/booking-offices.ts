// The province's booking page at `/dat-lich/` (issue 13): which offices take bookings, by slug
// and name only, so a citizen picks theirs. Public like the booking page itself, and read from
// the deployment, not an office (one list for every office of the province).
import { Router } from 'express';
import type { Deployment } from '../../deployment.js';
import type { KeyedLimiter } from '../../realtime/handle.js';
import type { Localized } from '../../../shared/types.js';
import { ok } from '../respond.js';
import { perAddress } from './public.js';

export interface BookingOffice {
  slug: string;
  name: Localized;
}

export function bookingOfficeRoutes(deployment: Deployment, publicLimiter: KeyedLimiter): Router {
  const r = Router();
  r.get('/booking/offices', perAddress(publicLimiter), (_req, res) => {
    const offices: BookingOffice[] = deployment
      .all()
      .filter((h) => !deployment.record(h.office.id)?.archived && h.office.settings.booking?.enabled)
      .map((h) => ({ slug: deployment.record(h.office.id)!.slug, name: h.office.settings.officeName }));
    ok(res, { offices, single: deployment.records.length === 1 });
  });
  return r;
}
