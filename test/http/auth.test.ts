// Staff sessions: login, hashes, token lifetime and revocation, roles, the last admin.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResult, UserPublic } from '../../shared/types.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';
import { expectError, get, refusal, vnTime } from './helpers.js';

const D = '2026-03-02';
let clock = vnTime(D, '07:00');
let server: TestServer;
let admin: string;

async function login(username: string, password: string, s = server) {
  return s.api<LoginResult>('POST', '/api/auth/login', { username, password });
}
async function me(token: string) {
  return server.api<{ user: UserPublic }>('GET', '/api/auth/me', undefined, token);
}
async function createUser(username: string, role: 'staff' | 'supervisor' | 'admin', password = 'mat-khau-can-bo') {
  const r = await server.api<{ user: UserPublic }>('POST', '/api/users', { username, name: `Cán bộ ${username}`, role, password }, admin);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.user;
}
const USER_KEYS = ['disabled', 'id', 'mustChangePassword', 'name', 'officeId', 'role', 'username'];

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, tickMs: 3_600_000 });
  admin = await server.login();
});
afterAll(() => server.stop());

describe('login', () => {
  it('answers a token and the public user, never the hash', async () => {
    const r = await login('admin', ADMIN_PASSWORD);
    expect(r.status).toBe(200);
    if (!r.body.ok) throw new Error(r.body.error.message);
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(r.body.user).toMatchObject({ username: 'admin', role: 'admin', name: 'Quản trị viên' });
    expect(Object.keys(r.body.user).sort()).toEqual(USER_KEYS);
    expect(r.body.user).not.toHaveProperty('hash');
    expect(JSON.stringify(r.body)).not.toContain('$argon2');
    // 12 hours from now, in the office's offset.
    expect(r.body.expiresAt).toBe('2026-03-02T19:00:00+07:00');
    expect((await me(r.body.token)).status).toBe(200);
    // Usernames are not case-sensitive.
    expect((await login('  ADMIN ', ADMIN_PASSWORD)).status).toBe(200);
  });

  it('a wrong password and an unknown user get the same 401 answer, in Vietnamese', async () => {
    const wrong = await login('admin', 'sai-mat-khau');
    const unknown = await login('khong-ai-ca', 'sai-mat-khau');
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expectError(r.body, 'unauthorized');
      if (!r.body.ok) {
        expect(r.body.error.message).toBe('Sai tên đăng nhập hoặc mật khẩu');
        expect(r.body).not.toHaveProperty('token');
      }
    }
    expect(unknown.body).toEqual(wrong.body);
  });

  it('the stored hash is argon2id, and no route ever answers with it', async () => {
    const staff = await createUser('kiemtra', 'staff');
    const config = JSON.parse(await readFile(join(server.dataDir, 'deployment.json'), 'utf8')) as {
      secret: string;
      users: { username: string; hash: string }[];
    };
    expect(config.users.length).toBeGreaterThanOrEqual(2);
    for (const u of config.users) expect(u.hash, u.username).toMatch(/^\$argon2id\$/);
    const staffToken = (await login('kiemtra', 'mat-khau-can-bo')).body;
    if (!staffToken.ok) throw new Error('login');

    const bodies: string[] = [];
    const record = async (p: Promise<Response>) => bodies.push(await (await p).text());
    const authed = (path: string, token = admin) => record(get(server, path, token));
    for (const path of ['/api/health', '/api/state', '/api/users', '/api/settings', '/api/services', '/api/counters', '/api/auth/me', '/api/printer',
      `/api/reports/summary?from=${D}&to=${D}`, `/api/reports/tickets.csv?from=${D}&to=${D}`, `/api/users/${staff.id}`]) await authed(path);
    await authed('/api/auth/me', staffToken.token);
    bodies.push(JSON.stringify((await login('kiemtra', 'mat-khau-can-bo')).body));
    bodies.push(JSON.stringify((await server.api('PUT', `/api/users/${staff.id}`, { name: 'Cán bộ kiểm tra' }, admin)).body));
    bodies.push(JSON.stringify((await server.api('POST', '/api/auth/password', { currentPassword: 'mat-khau-can-bo', newPassword: 'mat-khau-moi-1' }, staffToken.token)).body));
    bodies.push(JSON.stringify((await server.api('POST', '/api/users', { username: 'kiemtra2', name: 'K', role: 'staff', password: 'mat-khau-can-bo' }, admin)).body));
    const counter = await server.connect('/counter', { token: admin });
    bodies.push(JSON.stringify(await counter.timeout(5000).emitWithAck('snapshot:get', {})));
    expect(bodies.length).toBeGreaterThan(15);
    for (const b of bodies) {
      expect(b).not.toContain('$argon2');
      expect(b).not.toContain(config.secret);
      expect(b).not.toMatch(/"hash"/);
    }
  });

  it('GET /api/users lists public users only', async () => {
    const r = await server.api<{ users: UserPublic[] }>('GET', '/api/users', undefined, admin);
    expect(r.status).toBe(200);
    if (!r.body.ok) throw new Error('users');
    expect(r.body.users.length).toBeGreaterThanOrEqual(2);
    for (const u of r.body.users) expect(Object.keys(u).sort()).toEqual(USER_KEYS);
  });
});

describe('login rate limit', () => {
  it('the 4th failed attempt is refused with 429 rate_limited, even with the right password after', async () => {
    const limited = await startTestServer({ loginLimit: 3 });
    try {
      // Successful logins do not count.
      for (let i = 0; i < 2; i++) expect((await login('admin', ADMIN_PASSWORD, limited)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await login('admin', `sai-${i}`, limited)).status).toBe(401);
      const fourth = await login('admin', 'sai-3', limited);
      expect(fourth.status).toBe(429);
      expectError(fourth.body, 'rate_limited');
      const right = await login('admin', ADMIN_PASSWORD, limited);
      expect(right.status).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});

describe('password change', () => {
  it('ends every older session; the answer carries a new token', async () => {
    await createUser('doimatkhau', 'staff');
    const a = (await login('doimatkhau', 'mat-khau-can-bo')).body;
    const b = (await login('doimatkhau', 'mat-khau-can-bo')).body;
    if (!a.ok || !b.ok) throw new Error('login');

    const bad = await server.api('POST', '/api/auth/password', { currentPassword: 'sai-mat-khau', newPassword: 'mat-khau-moi-2026' }, a.token);
    expect(bad.status).toBe(401);
    expectError(bad.body, 'unauthorized');
    expect((await me(a.token)).status).toBe(200);

    const changed = await server.api<LoginResult>('POST', '/api/auth/password', { currentPassword: 'mat-khau-can-bo', newPassword: 'mat-khau-moi-2026' }, a.token);
    expect(changed.status).toBe(200);
    if (!changed.body.ok) throw new Error('change');
    for (const old of [a.token, b.token]) {
      const r = await me(old);
      expect(r.status).toBe(401);
      expectError(r.body, 'unauthorized');
      expect((await refusal(server, '/counter', { token: old })).data?.code).toBe('unauthorized');
    }
    expect((await me(changed.body.token)).status).toBe(200);
    expect((await server.connect('/counter', { token: changed.body.token })).connected).toBe(true);
    expect((await login('doimatkhau', 'mat-khau-can-bo')).status).toBe(401);
    expect((await login('doimatkhau', 'mat-khau-moi-2026')).status).toBe(200);
  });

  it('an admin reset also ends the sessions and asks for a new password', async () => {
    const u = await createUser('quenmatkhau', 'staff');
    const t = (await login('quenmatkhau', 'mat-khau-can-bo')).body;
    if (!t.ok) throw new Error('login');
    const reset = await server.api<{ user: UserPublic }>('PUT', `/api/users/${u.id}`, { password: 'mat-khau-tam-thoi' }, admin);
    expect(reset.status).toBe(200);
    if (reset.body.ok) expect(reset.body.user.mustChangePassword).toBe(true);
    expect((await me(t.token)).status).toBe(401);
    const again = (await login('quenmatkhau', 'mat-khau-tam-thoi')).body;
    expect(again.ok && again.user.mustChangePassword).toBe(true);
  });
});

describe('roles', () => {
  let staff: string;
  let supervisor: string;
  beforeAll(async () => {
    staff = await server.staff('nhanvien', 'staff');
    supervisor = await server.staff('giamsat', 'supervisor');
  });

  const adminOnly: [string, string, unknown?][] = [
    ['GET', '/api/settings'],
    ['PUT', '/api/settings', { announcementRepeat: 1 }],
    ['GET', '/api/users'],
    ['POST', '/api/users', { username: 'xx', name: 'X', role: 'staff', password: 'mat-khau-can-bo' }],
    ['POST', '/api/services', { id: 'x' }],
    ['PUT', '/api/services/tu-phap', { targetWaitMin: 10 }],
    ['DELETE', '/api/counters/q6'],
  ];
  const supervisorUp: [string, string, unknown?][] = [
    ['GET', `/api/reports/summary?from=${D}&to=${D}`],
    ['GET', `/api/reports/tickets.csv?from=${D}&to=${D}`],
    ['GET', '/api/printer'],
    ['POST', '/api/printer/test', {}],
  ];
  const status = async (method: string, path: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text };
  };

  it('no token → 401 everywhere that needs one', async () => {
    for (const [m, p, b] of [...adminOnly, ...supervisorUp, ['GET', '/api/services'], ['GET', '/api/auth/me']] as [string, string, unknown?][]) {
      const r = await status(m, p, b);
      expect(r.status, `${m} ${p}`).toBe(401);
      expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('staff → 403 on settings, users, reports, printer; 200 on what the counter app reads', async () => {
    for (const [m, p, b] of [...adminOnly, ...supervisorUp]) {
      const r = await status(m, p, b, staff);
      expect(r.status, `${m} ${p}`).toBe(403);
      expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    for (const p of ['/api/services', '/api/counters', '/api/auth/me']) expect((await status('GET', p, undefined, staff)).status, p).toBe(200);
  });

  it('supervisor → 200 on reports and printer, 403 on settings and users', async () => {
    for (const [m, p, b] of supervisorUp) expect((await status(m, p, b, supervisor)).status, `${m} ${p}`).toBe(200);
    for (const [m, p, b] of adminOnly) expect((await status(m, p, b, supervisor)).status, `${m} ${p}`).toBe(403);
  });

  it('admin → 200 on all of them', async () => {
    for (const [m, p, b] of [...supervisorUp, ['GET', '/api/settings'], ['PUT', '/api/settings', { announcementRepeat: 1 }], ['GET', '/api/users'], ['PUT', '/api/services/tu-phap', { targetWaitMin: 10 }]] as [string, string, unknown?][]) {
      expect((await status(m, p, b, admin)).status, `${m} ${p}`).toBe(200);
    }
  });

  it('a role change takes effect on existing tokens at once', async () => {
    const u = await createUser('lenchuc', 'staff');
    const t = (await login('lenchuc', 'mat-khau-can-bo')).body;
    if (!t.ok) throw new Error('login');
    expect((await status('GET', '/api/printer', undefined, t.token)).status).toBe(403);
    await server.api('PUT', `/api/users/${u.id}`, { role: 'supervisor' }, admin);
    expect((await status('GET', '/api/printer', undefined, t.token)).status).toBe(200);
    await server.api('DELETE', `/api/users/${u.id}`, undefined, admin);
    expect((await status('GET', '/api/auth/me', undefined, t.token)).status).toBe(401);
  });
});

describe('the last admin', () => {
  it('cannot be deleted or demoted; with a second admin, one can', async () => {
    const users = await server.api<{ users: UserPublic[] }>('GET', '/api/users', undefined, admin);
    if (!users.body.ok) throw new Error('users');
    const first = users.body.users.find((u) => u.username === 'admin')!;
    expect(users.body.users.filter((u) => u.role === 'admin')).toHaveLength(1);

    for (const [method, body] of [['DELETE', undefined], ['PUT', { role: 'supervisor' }], ['PUT', { role: 'staff', name: 'Hạ quyền' }]] as const) {
      const r = await server.api(method, `/api/users/${first.id}`, body, admin);
      expect(r.status, `${method} ${JSON.stringify(body)}`).toBe(409);
      expectError(r.body, 'conflict');
    }
    const still = await server.api<{ users: UserPublic[] }>('GET', '/api/users', undefined, admin);
    if (!still.body.ok) throw new Error('users');
    expect(still.body.users.find((u) => u.id === first.id)).toMatchObject({ role: 'admin', name: 'Quản trị viên' });

    const second = await createUser('quantri2', 'admin');
    const secondToken = (await login('quantri2', 'mat-khau-can-bo')).body;
    if (!secondToken.ok) throw new Error('login');
    const demote = await server.api('PUT', `/api/users/${first.id}`, { role: 'supervisor' }, secondToken.token);
    expect(demote.status).toBe(200);
    // Now quantri2 is the last admin.
    const r = await server.api('DELETE', `/api/users/${second.id}`, undefined, secondToken.token);
    expect(r.status).toBe(409);
    expectError(r.body, 'conflict');
    // Put things back for the tests that follow.
    expect((await server.api('PUT', `/api/users/${first.id}`, { role: 'admin' }, secondToken.token)).status).toBe(200);
  });
});

// Last: moves the clock 12 hours on (still the same service day, so nothing rolls over).
describe('token lifetime', () => {
  it('a token works until 12 h after login, then REST answers 401 and /counter refuses it', async () => {
    clock = vnTime(D, '08:00');
    const t = (await login('admin', ADMIN_PASSWORD)).body;
    if (!t.ok) throw new Error('login');
    expect(t.expiresAt).toBe('2026-03-02T20:00:00+07:00');
    clock = vnTime(D, '19:59', '59');
    expect((await me(t.token)).status).toBe(200);
    const open = await server.connect('/counter', { token: t.token });
    expect(open.connected).toBe(true);
    clock = vnTime(D, '20:00', '01');
    // A socket opened before expiry loses its rights with the token.
    const late = (await open.timeout(10_000).emitWithAck('counter:open', { counterId: 'q1' })) as { ok: boolean; error?: { code: string } };
    expect(late.ok).toBe(false);
    expect(late.error?.code).toBe('unauthorized');
    const r = await me(t.token);
    expect(r.status).toBe(401);
    expectError(r.body, 'unauthorized');
    expect((await get(server, '/api/settings', t.token)).status).toBe(401);
    const e = await refusal(server, '/counter', { token: t.token });
    expect(e.data?.code).toBe('unauthorized');
    // A fresh login works again at the new time.
    expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
  });
});
