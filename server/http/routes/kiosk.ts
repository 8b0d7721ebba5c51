// Kiosk-local settings are stored on each kiosk, but the PIN that opens them is checked here, so
// that it can be changed centrally and guessing it is rate-limited.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { LuotError } from '../../../shared/errors.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok } from '../respond.js';

const unlockSchema = z.object({ pin: z.string().max(16) });

// Hashing first gives equal-length inputs, which timingSafeEqual requires.
const digest = (s: string) => createHash('sha256').update(s).digest();

export function kioskRoutes({ office }: HttpDeps): Router {
  const r = Router();
  // Only failures count: a 4-digit PIN must not be guessable by trying all 10,000.
  const limiter = rateLimit({
    windowMs: 5 * 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(luotError('rate_limited', 'rateLimited')),
  });

  r.post('/unlock', limiter, (req, res) => {
    const { pin } = parse(unlockSchema, req.body);
    const expected = office.settings.kioskPin;
    if (!expected) {
      throw new LuotError(
        'conflict',
        'Chưa đặt mã PIN ki-ốt: quản trị viên cần đặt mã PIN trong phần Cài đặt',
        'No kiosk PIN is set: an admin must set one in Settings',
        { field: 'kioskPin' },
      );
    }
    if (!timingSafeEqual(digest(pin), digest(expected))) {
      throw new LuotError('unauthorized', 'Mã PIN không đúng', 'Wrong PIN');
    }
    ok(res);
  });

  return r;
}
