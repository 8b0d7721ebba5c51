// Kiosk-local settings are stored on each kiosk, but the PIN that opens them is checked here, so
// that it can be changed centrally and guessing it is rate-limited.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { LuotError } from '../../../shared/errors.js';
import { verifyPassword } from '../../auth.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok } from '../respond.js';

const unlockSchema = z.object({ pin: z.string().max(16) });

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

  r.post('/unlock', limiter, async (req, res) => {
    const { pin } = parse(unlockSchema, req.body);
    // Stored as an argon2id hash, like passwords: config.json (or a backup of it) does not give
    // the PIN away, and a 4–8 digit PIN is cheap to try offline against anything weaker.
    const expected = office.config.kioskPinHash ?? null;
    if (!expected) {
      throw new LuotError(
        'conflict',
        'Chưa đặt mã PIN ki-ốt: quản trị viên cần đặt mã PIN trong phần Cài đặt',
        'No kiosk PIN is set: an admin must set one in Settings',
        { field: 'kioskPin' },
      );
    }
    if (!(await verifyPassword(expected, pin))) {
      throw new LuotError('unauthorized', 'Mã PIN không đúng', 'Wrong PIN');
    }
    ok(res);
  });

  return r;
}
