// Login (rate-limited, same answer and timing for unknown users), password change, logout.
// Accounts belong to the deployment: the same routes under /api/auth and /api/o/<slug>/auth.
import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { loginSchema, passwordChangeSchema } from '../../../shared/schemas.js';
import type { LoginResult, UserPublic } from '../../../shared/types.js';
import { checkSession, dummyPasswordHash, hashPassword, inOffice, issueToken, verifyPassword } from '../../auth.js';
import type { Deployment } from '../../deployment.js';
import { isoLocal } from '../../queue/time.js';
import type { UserRecord } from '../../store/config.js';
import { luotError, parse } from '../../validate.js';
import type { CommonDeps } from '../app.js';
import { bearerToken, ok, requireRole } from '../respond.js';

export function publicUser(u: UserRecord): UserPublic {
  return { id: u.id, username: u.username, name: u.name, role: u.role, mustChangePassword: u.mustChangePassword, disabled: u.disabled ?? false, officeId: u.officeId ?? null };
}

/** The offices an account may open (live ones), for the staff app's office picker. */
export function openableOffices(deployment: Deployment, user: UserRecord): { slug: string; name: { vi: string; en: string } }[] {
  return deployment
    .all()
    .filter((h) => !h.office.archived && inOffice(user, h.office.id))
    .map((h) => ({ slug: h.office.slug, name: h.office.settings.officeName }));
}

export function authRoutes({ deployment, now, loginLimit }: CommonDeps): Router {
  const r = Router();
  const accounts = deployment.accounts;
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: loginLimit ?? 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(luotError('rate_limited', 'rateLimited')),
  });
  const deploymentWide = { get accounts() { return accounts.data; } };
  const timeZone = (req: Request) => (req.officeHost ?? deployment.defaultHost).office.settings.timeZone;
  const answer = (req: Request, user: UserRecord) => {
    const { token, expiresAt } = issueToken(accounts.data.secret, user, now());
    return { token, expiresAt: isoLocal(new Date(expiresAt), timeZone(req)), user: publicUser(user), offices: openableOffices(deployment, user) };
  };

  r.post('/login', limiter, async (req, res) => {
    const { username, password } = parse(loginSchema, req.body);
    // Another process may have just made this account or changed its password: one small read
    // of the deployment's row (nothing comes back unless it changed), not the notification's delay.
    await accounts.reread?.();
    const user = accounts.data.users.find((u) => u.username === username.toLowerCase());
    const good = await verifyPassword(user?.hash ?? (await dummyPasswordHash()), password);
    if (!user || !good) throw luotError('unauthorized', 'badLogin');
    // Said only to whoever knows the password, so it reveals nothing about other accounts.
    if (user.disabled) throw luotError('forbidden', 'accountDisabled', { reason: 'account_disabled' });
    const body: LoginResult = answer(req, user);
    ok(res, body);
  });

  r.get('/me', requireRole(deploymentWide, 'staff', now), (req, res) =>
    ok(res, { user: publicUser(req.user!), offices: openableOffices(deployment, req.user!) }),
  );

  // Rate-limited like login: a stolen token must not allow guessing the current password.
  r.post('/password', limiter, requireRole(deploymentWide, 'staff', now), async (req, res) => {
    const { currentPassword, newPassword } = parse(passwordChangeSchema, req.body);
    if (!(await verifyPassword(req.user!.hash, currentPassword))) throw luotError('unauthorized', 'badLogin');
    const hash = await hashPassword(newPassword);
    const id = req.user!.id;
    await accounts.update((d) => {
      const u = d.users.find((x) => x.id === id)!;
      u.hash = hash;
      u.mustChangePassword = false;
    });
    // The user's other screens learn it at once, in every office (this one gets the new token below).
    deployment.endSessions({ userId: id }, 'password_changed');
    ok(res, answer(req, accounts.data.users.find((u) => u.id === id)!));
  });

  // Revokes this login alone: its session id is kept until the token would have expired anyway
  // (so the list stays short). A per-user stamp would be simpler but would also log the same
  // person out of their other screens (a supervisor's board on the wall PC).
  r.post('/logout', async (req, res) => {
    const checked = checkSession(accounts.data, bearerToken(req), now());
    if (!checked.ok) throw luotError('unauthorized', 'unauthorized');
    const { sid, exp } = checked.session;
    const t = now();
    await accounts.update((d) => {
      d.revokedSessions = [...d.revokedSessions.filter((x) => x.exp > t), { sid, exp }];
    });
    deployment.endSessions({ sid }, 'logged_out');
    ok(res);
  });
  return r;
}
