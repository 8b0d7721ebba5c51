// Staff access ends everywhere the moment it should: removing a user, a password changed or
// reset, an account disabled, the token expiring, logging out. The user's open /counter sockets
// are told why (`session:ended`) and disconnected within a second, and no staff payload reaches
// them afterwards; the token stops working on REST and at the handshake. Also when the socket is
// held by another process (two servers joined by an adapter).
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n.js';
import type { CalledEvent, LoginResult, SessionEndReason, UserPublic } from '../../shared/types.js';
import { TOKEN_TTL_MS } from '../../server/auth.js';
import { joinServers } from '../support/bus-adapter.js';
import { ADMIN_PASSWORD, firstSnapshot, request, startTestServer, type TestServer } from '../support/server.js';
import { act, expectError, refusal, sleep } from './helpers.js';

const PASSWORD = 'mat-khau-can-bo';
const root = resolve(fileURLToPath(import.meta.url), '../../..');
const STAFF_PAYLOADS = ['snapshot', 'update', 'called', 'printer'] as const;

interface Seen {
  event: string;
  at: number;
  payload: unknown;
}

/** Everything a staff socket receives, with the time it arrived. */
function watch(socket: Socket): Seen[] {
  const seen: Seen[] = [];
  for (const event of [...STAFF_PAYLOADS, 'session:ended']) socket.on(event, (payload: unknown) => seen.push({ event, at: Date.now(), payload }));
  socket.on('disconnect', (reason) => seen.push({ event: 'disconnect', at: Date.now(), payload: reason }));
  return seen;
}

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await sleep(10);
}

interface Staff {
  id: string;
  token: string;
  socket: Socket;
  seen: Seen[];
}

async function login(server: TestServer, username: string, password = PASSWORD): Promise<LoginResult> {
  const r = await server.api<LoginResult>('POST', '/api/auth/login', { username, password });
  if (!r.body.ok) throw new Error(`login ${username}: ${r.body.error.message}`);
  return r.body;
}

/** A connected staff socket (its first snapshot received) for `token`. */
async function open(server: TestServer, token: string): Promise<{ socket: Socket; seen: Seen[] }> {
  const socket = await server.connect('/counter', { token });
  const seen = watch(socket);
  await firstSnapshot(socket);
  return { socket, seen };
}

/**
 * The socket got `session:ended { reason }` and then its disconnect, no later than 1 s after the
 * change's answer (usually before it), and the server holds no socket of `room` any more.
 */
async function expectEnded(server: TestServer, s: { seen: Seen[] }, reason: SessionEndReason, answeredAt: number, room: string): Promise<number> {
  await until(() => s.seen.some((x) => x.event === 'disconnect'), 3000);
  const ended = s.seen.find((x) => x.event === 'session:ended');
  const gone = s.seen.find((x) => x.event === 'disconnect');
  expect(ended?.payload, JSON.stringify(s.seen.map((x) => x.event))).toEqual({ reason });
  expect(gone, 'disconnected').toBeDefined();
  expect(gone!.payload).toBe('io server disconnect');
  expect(ended!.at).toBeLessThanOrEqual(gone!.at);
  expect(gone!.at - answeredAt).toBeLessThan(1000);
  expect(await server.app.namespaces.counter.in(room).fetchSockets()).toHaveLength(0);
  return gone!.at;
}

let nextNumber = 0;
/** Staff traffic after the change: a ticket issued, called and marked absent, seen by `witness`. */
async function staffTraffic(server: TestServer, kiosk: Socket, witness: Socket): Promise<void> {
  const called = new Promise<CalledEvent>((resolve) => witness.once('called', resolve));
  const r = await request<{ ticket: { id: string } }>(kiosk, 'ticket:issue', { serviceId: 'tu-phap', requestId: `phien-lam-viec-${++nextNumber}` });
  if (!r.ok) throw new Error(r.error.message);
  const next = await act<{ ticket: { id: string } | null }>(witness, 'ticket:callNext', { counterId: 'q3' });
  expect(next.ticket?.id).toBe(r.ticket.id);
  expect((await called).ticket.id).toBe(r.ticket.id);
  await act(witness, 'ticket:noShow', { counterId: 'q3' });
  // Time for anything still in flight to arrive where it should not.
  await sleep(150);
}

function staffPayloadsAfter(seen: Seen[], since: number): string[] {
  return seen.filter((x) => x.at >= since && (STAFF_PAYLOADS as readonly string[]).includes(x.event)).map((x) => x.event);
}

describe('ending staff sessions', () => {
  let server: TestServer;
  let admin: string;
  let kiosk: Socket;
  /** A supervisor who stays connected: proves the traffic really went out. */
  let witness: Socket;
  let witnessSeen: Seen[];

  /** A new user, logged in, with an open staff socket (one password hash and one check: argon2 is slow). */
  async function staff(username: string, role: 'staff' | 'supervisor' | 'admin' = 'staff'): Promise<Staff> {
    const r = await server.api('POST', '/api/users', { username, name: `Cán bộ ${username}`, role, password: PASSWORD }, admin);
    if (!r.body.ok) throw new Error(r.body.error.message);
    const { token, user } = await login(server, username);
    return { id: user.id, token, ...(await open(server, token)) };
  }

  /** After the change: no staff payload on the ended socket while the witness saw the traffic. */
  async function expectNothingAfter(s: { seen: Seen[] }, since: number) {
    const witnessFrom = witnessSeen.length;
    await staffTraffic(server, kiosk, witness);
    expect(witnessSeen.slice(witnessFrom).map((x) => x.event)).toEqual(expect.arrayContaining(['update', 'called']));
    expect(staffPayloadsAfter(s.seen, since)).toEqual([]);
  }

  beforeAll(async () => {
    server = await startTestServer({ tickMs: 3_600_000 });
    admin = await server.login();
    kiosk = await server.connect('/kiosk');
    const w = await staff('chung-kien', 'supervisor');
    witness = w.socket;
    witnessSeen = w.seen;
    await act(witness, 'counter:open', { counterId: 'q3' });
  });
  afterAll(() => server?.stop());

  it('removing a user ends its sockets with user_removed; the token is refused after', async () => {
    const u = await staff('bi-xoa');
    const r = await server.api('DELETE', `/api/users/${u.id}`, undefined, admin);
    const answeredAt = Date.now();
    expect(r.status).toBe(200);
    await expectEnded(server, u, 'user_removed', answeredAt, `user:${u.id}`);
    await expectNothingAfter(u, answeredAt);
    expect((await server.api('GET', '/api/auth/me', undefined, u.token)).status).toBe(401);
    expect((await refusal(server, '/counter', { token: u.token })).data).toMatchObject({ code: 'unauthorized', reason: 'user_removed' });
  });

  it("changing one's password ends the user's other sessions with password_changed", async () => {
    const u = await staff('doi-mat-khau');
    const elsewhere = await login(server, 'doi-mat-khau');
    const r = await server.api<LoginResult>('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-2026' }, elsewhere.token);
    const answeredAt = Date.now();
    expect(r.status).toBe(200);
    await expectEnded(server, u, 'password_changed', answeredAt, `user:${u.id}`);
    await expectNothingAfter(u, answeredAt);
    for (const old of [u.token, elsewhere.token]) expect((await server.api('GET', '/api/auth/me', undefined, old)).status).toBe(401);
    // The new token, answered to the change, opens a socket again.
    if (!r.body.ok) throw new Error('change');
    const again = await open(server, r.body.token);
    expect(again.socket.connected).toBe(true);
  });

  it('an admin reset ends the sessions with password_reset; the temporary password gets no socket, no snapshot', async () => {
    const u = await staff('quen-mat-khau');
    const r = await server.api('PUT', `/api/users/${u.id}`, { password: 'mat-khau-tam-thoi' }, admin);
    const answeredAt = Date.now();
    expect(r.status).toBe(200);
    await expectEnded(server, u, 'password_reset', answeredAt, `user:${u.id}`);
    await expectNothingAfter(u, answeredAt);

    const temp = await login(server, 'quen-mat-khau', 'mat-khau-tam-thoi');
    expect(temp.user.mustChangePassword).toBe(true);
    // A raw client listening before it connects: not even the first snapshot may arrive.
    const raw = io(`${server.url}/counter`, { auth: { token: temp.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    server.clients.push(raw);
    const rawSeen = watch(raw);
    const refused = await new Promise<Error & { data?: { code: string; reason?: string; message: string } }>((resolve, reject) => {
      raw.once('connect_error', resolve);
      raw.once('connect', () => reject(new Error('a temporary password opened a staff socket')));
    });
    expect(refused.data).toMatchObject({ code: 'forbidden', reason: 'password_change_required', message: MESSAGES.passwordChangeRequired.vi });
    await staffTraffic(server, kiosk, witness);
    expect(staffPayloadsAfter(rawSeen, 0)).toEqual([]);
  });

  it('disabling an account ends its sessions with account_disabled; it cannot log in until enabled again', async () => {
    const u = await staff('tam-khoa');
    const r = await server.api<{ user: UserPublic }>('PUT', `/api/users/${u.id}`, { disabled: true }, admin);
    const answeredAt = Date.now();
    expect(r.status).toBe(200);
    expect(r.body.ok && r.body.user.disabled).toBe(true);
    await expectEnded(server, u, 'account_disabled', answeredAt, `user:${u.id}`);
    await expectNothingAfter(u, answeredAt);

    expect((await server.api('GET', '/api/auth/me', undefined, u.token)).status).toBe(401);
    expect((await refusal(server, '/counter', { token: u.token })).data).toMatchObject({ code: 'unauthorized', reason: 'account_disabled' });
    // The right password is told the account is disabled; a wrong one learns nothing more.
    const right = await server.api('POST', '/api/auth/login', { username: 'tam-khoa', password: PASSWORD });
    expect(right.status).toBe(403);
    expectError(right.body, 'forbidden');
    if (!right.body.ok) expect(right.body.error).toMatchObject({ reason: 'account_disabled', message: MESSAGES.accountDisabled.vi });
    const wrong = await server.api('POST', '/api/auth/login', { username: 'tam-khoa', password: 'sai-mat-khau' });
    expect(wrong.status).toBe(401);
    if (!wrong.body.ok) expect(wrong.body.error.message).toBe(MESSAGES.badLogin.vi);

    const users = await server.api<{ users: UserPublic[] }>('GET', '/api/users', undefined, admin);
    expect(users.body.ok && users.body.users.find((x) => x.id === u.id)?.disabled).toBe(true);
    expect((await server.api('PUT', `/api/users/${u.id}`, { disabled: false }, admin)).status).toBe(200);
    expect((await open(server, (await login(server, 'tam-khoa')).token)).socket.connected).toBe(true);
  });

  it('the last enabled admin cannot be disabled, and a disabled admin does not count as one', async () => {
    const users = await server.api<{ users: UserPublic[] }>('GET', '/api/users', undefined, admin);
    if (!users.body.ok) throw new Error('users');
    const first = users.body.users.find((x) => x.username === 'admin')!;
    const refuse = async (method: string, body?: unknown) => {
      const r = await server.api(method, `/api/users/${first.id}`, body, admin);
      expect(r.status, `${method} ${JSON.stringify(body)}`).toBe(409);
      expectError(r.body, 'conflict');
    };
    await refuse('PUT', { disabled: true });
    const second = await server.api<{ user: UserPublic }>('POST', '/api/users', { username: 'quan-tri-2', name: 'Quản trị 2', role: 'admin', password: PASSWORD }, admin);
    if (!second.body.ok) throw new Error('create');
    expect((await server.api('PUT', `/api/users/${second.body.user.id}`, { disabled: true }, admin)).status).toBe(200);
    await refuse('PUT', { disabled: true });
    await refuse('PUT', { role: 'supervisor' });
    await refuse('DELETE');
    expect(server.office.accounts.users.find((x) => x.id === first.id)).toMatchObject({ role: 'admin' });
    expect(server.office.accounts.users.find((x) => x.id === first.id)?.disabled ?? false).toBe(false);
  });

  it('logging out ends that session only: its socket gets logged_out, the same user elsewhere stays', async () => {
    const u = await staff('dang-xuat');
    const other = await login(server, 'dang-xuat');
    const stays = await open(server, other.token);
    const sid = (await server.app.namespaces.counter.in(`user:${u.id}`).fetchSockets()).map((s) => s.data.sid as string);
    expect(new Set(sid).size).toBe(2);

    const r = await server.api('POST', '/api/auth/logout', undefined, u.token);
    const answeredAt = Date.now();
    expect(r.status).toBe(200);
    const endedSid = server.office.accounts.revokedSessions.at(-1)!.sid;
    await expectEnded(server, u, 'logged_out', answeredAt, `session:${endedSid}`);
    const since = stays.seen.length;
    await expectNothingAfter(u, answeredAt);
    expect(stays.socket.connected).toBe(true);
    expect(stays.seen.slice(since).map((x) => x.event)).toEqual(expect.arrayContaining(['update', 'called']));

    expect((await server.api('GET', '/api/auth/me', undefined, u.token)).status).toBe(401);
    expect((await server.api('GET', '/api/services', undefined, u.token)).status).toBe(401);
    expect((await refusal(server, '/counter', { token: u.token })).data).toMatchObject({ code: 'unauthorized', reason: 'logged_out' });
    expect((await server.api('GET', '/api/auth/me', undefined, other.token)).status).toBe(200);
    // A second logout of the same token is refused: the session is already over.
    expect((await server.api('POST', '/api/auth/logout', undefined, u.token)).status).toBe(401);
  });

  it('a temporary-password session can log out too', async () => {
    const created = await server.api<{ user: UserPublic }>('POST', '/api/users', { username: 'moi-vao', name: 'Người mới', role: 'staff', password: PASSWORD }, admin);
    if (!created.body.ok) throw new Error('create');
    await server.api('PUT', `/api/users/${created.body.user.id}`, { password: 'mat-khau-tam-thoi' }, admin);
    const temp = await login(server, 'moi-vao', 'mat-khau-tam-thoi');
    expect((await server.api('POST', '/api/auth/logout', undefined, temp.token)).status).toBe(200);
    expect((await server.api('GET', '/api/auth/me', undefined, temp.token)).status).toBe(401);
  });
});

describe('expiry and the revoked list, with a clock that can be moved', () => {
  let offset = 0;
  let dataDir: string;
  let server: TestServer;
  const now = () => new Date(Date.now() + offset);
  const start = () => startTestServer({ dataDir, now, tickMs: 3_600_000 });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'luot-sessions-'));
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('an open socket ends with expired when its token expires: not before, and within a second', async () => {
    const t = await login(server, 'admin', ADMIN_PASSWORD);
    // The token's own expiry (its signed body is plain JSON), to the millisecond.
    const exp = (JSON.parse(Buffer.from(t.token.split('.')[0]!, 'base64url').toString()) as { exp: number }).exp;
    // 700 ms of the session left.
    offset += TOKEN_TTL_MS - 700;
    const s = await open(server, t.token);
    const sid = await sidOf(server, t.token);
    const expiresAtReal = exp - offset;
    const gone = await expectEnded(server, s, 'expired', expiresAtReal, `session:${sid}`);
    expect(gone).toBeGreaterThanOrEqual(expiresAtReal);
    expect((await server.api('GET', '/api/auth/me', undefined, t.token)).status).toBe(401);
  });

  it('a logout survives a restart, and the revoked list forgets sessions once they expire anyway', async () => {
    const a = await login(server, 'admin', ADMIN_PASSWORD);
    const b = await login(server, 'admin', ADMIN_PASSWORD);
    expect((await server.api('POST', '/api/auth/logout', undefined, a.token)).status).toBe(200);
    await server.stop();
    server = await start();
    expect((await server.api('GET', '/api/auth/me', undefined, a.token)).status).toBe(401);
    expect((await server.api('GET', '/api/auth/me', undefined, b.token)).status).toBe(200);
    const kept = server.office.accounts.revokedSessions.length;
    expect(kept).toBeGreaterThanOrEqual(1);

    offset += TOKEN_TTL_MS + 1000;
    const c = await login(server, 'admin', ADMIN_PASSWORD);
    expect((await server.api('POST', '/api/auth/logout', undefined, c.token)).status).toBe(200);
    expect(server.office.accounts.revokedSessions).toHaveLength(1);
    expect(server.office.accounts.revokedSessions[0]!.exp).toBeGreaterThan(now().getTime());
  });
});

describe('the admin recovery tool', () => {
  it('gives back a working admin even when that account was disabled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'luot-reset-admin-'));
    try {
      let server = await startTestServer({ dataDir: dir, tickMs: 3_600_000 });
      const first = await server.login();
      await server.api('POST', '/api/users', { username: 'quan-tri-2', name: 'Quản trị 2', role: 'admin', password: PASSWORD }, first);
      const second = (await login(server, 'quan-tri-2')).token;
      const adminId = server.office.accounts.users.find((u) => u.username === 'admin')!.id;
      expect((await server.api('PUT', `/api/users/${adminId}`, { disabled: true }, second)).status).toBe(200);
      await server.stop();
      // Run as documented: with the server stopped.
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/reset-admin.ts')], {
        cwd: root, env: { ...process.env, LUOT_DATA_DIR: dir, LUOT_ADMIN_PASSWORD: 'mat-khau-khoi-phuc' }, encoding: 'utf8', timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      server = await startTestServer({ dataDir: dir, tickMs: 3_600_000 });
      try {
        const back = await login(server, 'admin', 'mat-khau-khoi-phuc');
        expect(back.user).toMatchObject({ role: 'admin', disabled: false, mustChangePassword: false });
      } finally {
        await server.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('two processes joined by a socket.io adapter', () => {
  let a: TestServer;
  let b: TestServer;
  let dirB: string;

  beforeAll(async () => {
    a = await startTestServer({ tickMs: 3_600_000 });
    await a.staff('o-noi-khac');
    // The same office seen by a second process: same secret, same users.
    dirB = await mkdtemp(join(tmpdir(), 'luot-sessions-b-'));
    await copyFile(join(a.dataDir, 'config.json'), join(dirB, 'config.json'));
    await copyFile(join(a.dataDir, 'deployment.json'), join(dirB, 'deployment.json'));
    b = await startTestServer({ dataDir: dirB, tickMs: 3_600_000 });
    joinServers([a.app.io, b.app.io]);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    if (dirB) await rm(dirB, { recursive: true, force: true });
  });

  it('removing a user on one process ends its socket held by the other, within a second', async () => {
    const t = await login(a, 'o-noi-khac');
    const s = await open(b, t.token);
    const id = t.user.id;
    expect(await a.app.namespaces.counter.in(`user:${id}`).fetchSockets()).toHaveLength(1);
    expect(a.app.namespaces.counter.sockets.size).toBe(0);

    const r = await a.api('DELETE', `/api/users/${id}`, undefined, await a.login());
    const answeredAt = Date.now();
    expect(r.status).toBe(200);
    await expectEnded(b, s, 'user_removed', answeredAt, `user:${id}`);
    expect(staffPayloadsAfter(s.seen, answeredAt)).toEqual([]);
  });
});

/** The session id a token carries, read back from the server's socket of it. */
async function sidOf(server: TestServer, token: string): Promise<string> {
  const sockets = await server.app.namespaces.counter.fetchSockets();
  return sockets.find((s) => s.data.token === token)?.data.sid as string;
}
