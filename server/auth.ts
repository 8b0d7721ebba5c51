// Staff sessions: argon2id password hashes and HMAC-signed expiring tokens. No session table:
// the role is read from the live user record (a demotion takes effect at once), and a token
// carries a session id so that logging out can revoke that one session (revokedSessions of the
// deployment: one secret and one set of accounts for every office).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Role, SessionEndReason } from '../shared/types.js';
import type { UserRecord } from './store/config.js';
import type { DeploymentData } from './store/deployment.js';

export const TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

const ROLE_RANK: Record<Role, number> = { staff: 1, supervisor: 2, office_admin: 3, admin: 4 };

type Account = { role: Role; officeId?: string | null | undefined };

/**
 * The one rule of who may do what where. Without `officeId`: the role as such (province-wide
 * things). In an office: an account of another office may do nothing there, and a province
 * admin acting there has exactly an office admin's rights — so an office route that needs
 * `office_admin` (configuring the office) lets both in, and one that needs `admin` is province-only.
 */
export function hasRole(user: Account, needed: Role, officeId?: string): boolean {
  if (officeId !== undefined && !inOffice(user, officeId)) return false;
  return ROLE_RANK[user.role] >= ROLE_RANK[needed];
}

/** Whether the account works in `officeId`: its own office, or the whole province. */
export function inOffice(user: Account, officeId: string): boolean {
  return (user.officeId ?? null) === null || user.officeId === officeId;
}

/** Province-wide accounts are admins; any other account belongs to one office. */
export const isProvinceAdmin = (user: Account): boolean => user.role === 'admin' && (user.officeId ?? null) === null;

/**
 * The native argon2 module, loaded at the first hash or check: a restarted server answers kiosks
 * long before anyone logs in, and loading it was ~2 % of a start (issue 10). require(), not
 * import(): the compiled bundle leaves argon2 outside, and an import() from it is an experimental
 * loader path of Node 20 that warns in the log.
 */
let argon2Module: typeof import('argon2') | null = null;
const argon2 = () => (argon2Module ??= createRequire(import.meta.url)('argon2') as typeof import('argon2'));

/**
 * argon2id at m = 19 MiB (OWASP's minimum memory for argon2id) with the time cost raised from
 * OWASP's t = 2 to 12: m × t is 228 MiB-passes, more than the library's default 64 MiB × 3, so a
 * login costs about the same CPU (~0.15 s) as before. The default's 64 MiB were held by the
 * server at every login, on top of a report build (issue 10: the year report's peak RSS).
 * verify() reads m, t and p from the stored hash, so hashes made with the old default still verify.
 */
export const PASSWORD_HASH = { memoryCost: 19 * 1024, timeCost: 12, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  const a = argon2();
  return a.hash(password, { type: a.argon2id, ...PASSWORD_HASH });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2().verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the username is unknown, so timing does not reveal users. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

interface TokenPayload {
  sub: string;
  exp: number;
  /** Part of the password hash: changing the password ends older sessions. */
  pw: string;
  /** This login's id: logging out revokes it alone. */
  sid: string;
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function passwordStamp(hash: string): string {
  return createHmac('sha256', 'luot-pw').update(hash).digest('base64url').slice(0, 12);
}

export function issueToken(secret: string, user: UserRecord, now: number): { token: string; expiresAt: number } {
  const payload: TokenPayload = { sub: user.id, exp: now + TOKEN_TTL_MS, pw: passwordStamp(user.hash), sid: randomBytes(12).toString('base64url') };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${body}.${sign(secret, body)}`, expiresAt: payload.exp };
}

/** What a token is checked against: the live users and the logged-out sessions. */
export type SessionConfig = Pick<DeploymentData, 'secret' | 'users' | 'revokedSessions'>;

export interface Session {
  user: UserRecord;
  sid: string;
  exp: number;
}

/** A valid session, or why not: `invalid` for a token this server never signed (or unreadable). */
export type SessionCheck = { ok: true; session: Session } | { ok: false; reason: SessionEndReason | 'invalid' };

/**
 * The one place that decides whether a token still opens a session: REST on every request,
 * /counter at the handshake, on every request and at the token's expiry. The reason lets an
 * open staff socket be told why it ends.
 */
export function checkSession(config: SessionConfig, token: unknown, now: number): SessionCheck {
  if (typeof token !== 'string' || token.length > 1000) return { ok: false, reason: 'invalid' };
  const [body, mac] = token.split('.');
  if (!body || !mac) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(config.secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  // A token without a session id (issued before logout existed) could not be revoked: refused.
  if (typeof payload.exp !== 'number' || typeof payload.sid !== 'string') return { ok: false, reason: 'invalid' };
  if (payload.exp <= now) return { ok: false, reason: 'expired' };
  if (config.revokedSessions.some((r) => r.sid === payload.sid)) return { ok: false, reason: 'logged_out' };
  const user = config.users.find((u) => u.id === payload.sub);
  if (!user) return { ok: false, reason: 'user_removed' };
  if (passwordStamp(user.hash) !== payload.pw) return { ok: false, reason: 'password_changed' };
  if (user.disabled) return { ok: false, reason: 'account_disabled' };
  return { ok: true, session: { user, sid: payload.sid, exp: payload.exp } };
}

export function verifyToken(config: SessionConfig, token: unknown, now: number): UserRecord | null {
  const r = checkSession(config, token, now);
  return r.ok ? r.session.user : null;
}
