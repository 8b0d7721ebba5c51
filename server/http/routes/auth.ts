// Login (rate-limited, same answer and timing for unknown users), password change, logout.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { loginSchema, passwordChangeSchema } from '../../../shared/schemas.js';
import type { LoginResult, UserPublic } from '../../../shared/types.js';
import { checkSession, dummyPasswordHash, hashPassword, issueToken, verifyPassword } from '../../auth.js';
import { isoLocal } from '../../queue/time.js';
import type { UserRecord } from '../../store/config.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { bearerToken, ok, requireRole } from '../respond.js';

export function publicUser(u: UserRecord): UserPublic {
  return { id: u.id, username: u.username, name: u.name, role: u.role, mustChangePassword: u.mustChangePassword, disabled: u.disabled ?? false };
}

export function authRoutes({ office, now, loginLimit }: HttpDeps): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: loginLimit ?? 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(luotError('rate_limited', 'rateLimited')),
  });

  r.post('/login', limiter, async (req, res) => {
    const { username, password } = parse(loginSchema, req.body);
    const user = office.config.users.find((u) => u.username === username.toLowerCase());
    const good = await verifyPassword(user?.hash ?? (await dummyPasswordHash()), password);
    if (!user || !good) throw luotError('unauthorized', 'badLogin');
    // Said only to whoever knows the password, so it reveals nothing about other accounts.
    if (user.disabled) throw luotError('forbidden', 'accountDisabled', { reason: 'account_disabled' });
    const { token, expiresAt } = issueToken(office.config.secret, user, now());
    const body: LoginResult = { token, expiresAt: isoLocal(new Date(expiresAt), office.settings.timeZone), user: publicUser(user) };
    ok(res, body);
  });

  r.get('/me', requireRole(office, 'staff', now), (req, res) => ok(res, { user: publicUser(req.user!) }));

  // Rate-limited like login: a stolen token must not allow guessing the current password.
  r.post('/password', limiter, requireRole(office, 'staff', now), async (req, res) => {
    const { currentPassword, newPassword } = parse(passwordChangeSchema, req.body);
    if (!(await verifyPassword(req.user!.hash, currentPassword))) throw luotError('unauthorized', 'badLogin');
    const hash = await hashPassword(newPassword);
    const id = req.user!.id;
    await office.updateConfig((d) => {
      const u = d.users.find((x) => x.id === id)!;
      u.hash = hash;
      u.mustChangePassword = false;
    }, { public: false });
    // The user's other screens learn it at once (this one gets the new token below).
    office.endSessions({ userId: id }, 'password_changed');
    const user = office.config.users.find((u) => u.id === id)!;
    const { token, expiresAt } = issueToken(office.config.secret, user, now());
    ok(res, { token, expiresAt: isoLocal(new Date(expiresAt), office.settings.timeZone), user: publicUser(user) });
  });

  // Revokes this login alone: its session id is kept in config until the token would have
  // expired anyway (so the list stays short). A per-user stamp would be simpler but would also
  // log the same person out of their other screens (a supervisor's board on the wall PC).
  r.post('/logout', async (req, res) => {
    const checked = checkSession(office.config, bearerToken(req), now());
    if (!checked.ok) throw luotError('unauthorized', 'unauthorized');
    const { sid, exp } = checked.session;
    const t = now();
    await office.updateConfig((d) => {
      d.revokedSessions = [...d.revokedSessions.filter((x) => x.exp > t), { sid, exp }];
    }, { public: false });
    office.endSessions({ sid }, 'logged_out');
    ok(res);
  });
  return r;
}
