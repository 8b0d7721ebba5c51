// Staff sessions: argon2id password hashes and HMAC-signed expiring tokens (no session table
// to persist; the role is read from the live user record, so a demotion takes effect at once).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { Role } from '../shared/types.js';
import type { UserRecord } from './store/config.js';

export const TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

const ROLE_RANK: Record<Role, number> = { staff: 1, supervisor: 2, admin: 3 };

export function hasRole(user: { role: Role }, needed: Role): boolean {
  return ROLE_RANK[user.role] >= ROLE_RANK[needed];
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
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
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function passwordStamp(hash: string): string {
  return createHmac('sha256', 'luot-pw').update(hash).digest('base64url').slice(0, 12);
}

export function issueToken(secret: string, user: UserRecord, now: number): { token: string; expiresAt: number } {
  const payload: TokenPayload = { sub: user.id, exp: now + TOKEN_TTL_MS, pw: passwordStamp(user.hash) };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${body}.${sign(secret, body)}`, expiresAt: payload.exp };
}

export function verifyToken(secret: string, token: unknown, users: readonly UserRecord[], now: number): UserRecord | null {
  if (typeof token !== 'string' || token.length > 1000) return null;
  const [body, mac] = token.split('.');
  if (!body || !mac) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let payload: TokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return null;
  }
  if (typeof payload.exp !== 'number' || payload.exp <= now) return null;
  const user = users.find((u) => u.id === payload.sub);
  if (!user || passwordStamp(user.hash) !== payload.pw) return null;
  return user;
}
