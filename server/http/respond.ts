// REST answers use the same envelope as socket acks.
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { ERROR_STATUS, LuotError } from '../../shared/errors.js';
import { MESSAGES } from '../../shared/i18n.js';
import type { Role } from '../../shared/types.js';
import { hasRole, verifyToken, type SessionConfig } from '../auth.js';
import type { Office } from '../office.js';
import type { UserRecord } from '../store/config.js';
import { luotError, toApiError } from '../validate.js';

export function ok(res: Response, body: object = {}, status = 200): void {
  res.status(status).json({ ok: true, ...body });
}

export function errorHandler(log: { error(obj: object, msg: string): void }): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = err as { type?: string; status?: number };
    let api;
    if (e?.type === 'entity.too.large') {
      api = new LuotError('invalid', MESSAGES.payloadTooLarge.vi, MESSAGES.payloadTooLarge.en, { field: '(payload)' }).toApi();
      res.status(413);
    } else if (e?.type === 'entity.parse.failed' || e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
      api = new LuotError('invalid', `${MESSAGES.invalid.vi}: JSON`, `${MESSAGES.invalid.en}: JSON`, { field: '(payload)' }).toApi();
      res.status(400);
    } else if (err instanceof URIError) {
      // Fix: a malformed %-escape in a path parameter (GET /api/tickets/%zz) threw a URIError
      // from the router and was answered 500 `internal` (and logged as a crash): it is bad input.
      api = new LuotError('invalid', `${MESSAGES.invalid.vi}: URL`, `${MESSAGES.invalid.en}: URL`, { field: '(url)' }).toApi();
      res.status(400);
    } else {
      api = toApiError(err, log);
      res.status(ERROR_STATUS[api.code]);
    }
    res.json({ ok: false, error: api });
  };
}

export function notFound(): RequestHandler {
  return (_req, res) => {
    res.status(404).json({ ok: false, error: luotError('not_found', 'notFound').toApi() });
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: UserRecord;
  }
}

const PASSWORD_CHANGE_PATHS = new Set(['/api/auth/password', '/api/auth/me']);

/** What a deployment-wide route checks tokens against. */
export interface AccountsOnly {
  readonly accounts: SessionConfig;
}

export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/**
 * Requires a valid bearer token whose live user has at least `role` in this office (an account
 * of another office is refused: `forbidden`). `office` null: a deployment-wide route.
 */
export function requireRole(office: Pick<Office, 'accounts' | 'id'> | AccountsOnly, role: Role, now: () => number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const token = bearerToken(req);
    const user = verifyToken(office.accounts, token, now());
    if (!user) return next(luotError('unauthorized', 'unauthorized'));
    // A temporary (generated or admin-reset) password is known to someone else: until its
    // owner replaces it, the session may only say who it is and change the password.
    if (user.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(req.originalUrl.split('?')[0]!.replace(/\/+$/, '').replace(/^\/api\/o\/[^/]+\//, '/api/'))) {
      return next(luotError('forbidden', 'passwordChangeRequired', { reason: 'password_change_required' }));
    }
    if (!hasRole(user, role, 'id' in office ? office.id : undefined)) return next(luotError('forbidden', 'forbidden'));
    req.user = user;
    next();
  };
}
