// Server rules the staff app relies on: a temporary password must be replaced before anything
// else, and an admin uploads the voice clip pack one file per request.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n.js';
import type { LoginResult, UserPublic } from '../../shared/types.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectError, refusal } from './helpers.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login();
});
afterAll(async () => {
  await server?.stop();
});

describe('a temporary password', () => {
  let user: UserPublic;
  let temp: LoginResult;

  beforeAll(async () => {
    const created = await server.api<{ user: UserPublic }>('POST', '/api/users', { username: 'moi', name: 'Lê Thị Mới', role: 'admin', password: 'mat-khau-ban-dau' }, admin);
    if (!created.body.ok) throw new Error(created.body.error.message);
    user = created.body.user;
    // An admin's reset makes the password temporary.
    const reset = await server.api('PUT', `/api/users/${user.id}`, { password: 'mat-khau-tam-thoi' }, admin);
    expect(reset.status).toBe(200);
    const login = await server.api<LoginResult>('POST', '/api/auth/login', { username: 'moi', password: 'mat-khau-tam-thoi' });
    if (!login.body.ok) throw new Error(login.body.error.message);
    temp = login.body;
    expect(temp.user.mustChangePassword).toBe(true);
  });

  it.each([
    ['GET', '/api/services'],
    ['GET', '/api/settings'],
    ['GET', '/api/users'],
    ['GET', '/api/counters/q1/today'],
    ['GET', '/api/reports/summary?from=2026-03-02&to=2026-03-02'],
    ['GET', '/api/printer'],
    ['GET', '/api/settings/clips'],
    ['PUT', '/api/settings'],
  ])('refuses %s %s with a clear 403 until it is changed', async (method, path) => {
    const r = await server.api(method, path, method === 'PUT' ? { ratingScale: 5 } : undefined, temp.token);
    expect(r.status).toBe(403);
    expectError(r.body, 'forbidden');
    if (!r.body.ok) {
      expect(r.body.error.message).toBe(MESSAGES.passwordChangeRequired.vi);
      expect(r.body.error.reason).toBe('password_change_required');
    }
  });

  it('refuses the counter socket at the handshake too until it is changed', async () => {
    const e = await refusal(server, '/counter', { token: temp.token });
    expect(e.data).toMatchObject({ code: 'forbidden', reason: 'password_change_required' });
    expect(server.office.engine.publicCounter('q1')?.status).toBe('closed');
  });

  it('still says who the user is, and lets the password be changed; then everything opens', async () => {
    const me = await server.api<{ user: UserPublic }>('GET', '/api/auth/me', undefined, temp.token);
    expect(me.status).toBe(200);
    expect(me.body.ok && me.body.user.mustChangePassword).toBe(true);
    // A trailing slash or a query string is the same route, not a way around the rule.
    expect((await server.api('GET', '/api/auth/me/?x=1', undefined, temp.token)).status).toBe(200);
    expect((await server.api('GET', '/api/services/?x=/api/auth/me', undefined, temp.token)).status).toBe(403);

    const changed = await server.api<LoginResult>('POST', '/api/auth/password', { currentPassword: 'mat-khau-tam-thoi', newPassword: 'mat-khau-rieng-2026' }, temp.token);
    expect(changed.status).toBe(200);
    if (!changed.body.ok) return;
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect((await server.api('GET', '/api/services', undefined, changed.body.token)).status).toBe(200);
    expect((await server.api('GET', '/api/settings', undefined, changed.body.token)).status).toBe(200);
  });

  it('does not touch users with a password of their own', async () => {
    expect((await server.api('GET', '/api/settings', undefined, admin)).status).toBe(200);
  });
});

describe('POST /api/settings/clips', () => {
  const wav = () => {
    const b = Buffer.alloc(64);
    b.write('RIFF', 0, 'latin1');
    b.writeUInt32LE(56, 4);
    b.write('WAVEfmt ', 8, 'latin1');
    return b;
  };
  const ogg = () => Buffer.concat([Buffer.from('OggS', 'latin1'), Buffer.alloc(40, 1)]);
  const upload = (name: string, type: string, body: Buffer | string, token: string | null = admin) =>
    fetch(`${server.url}/api/settings/clips?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const clipsDir = () => join(server.dataDir, 'clips');

  it('stores one file per request as <dataDir>/clips/<name>.<ext>, byte for byte', async () => {
    const body = wav();
    const res = await upload('den-quay-so', 'audio/wav', body);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true, clip: { name: 'den-quay-so', ext: 'wav', bytes: body.length }, version: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await readFile(join(clipsDir(), 'den-quay-so.wav'))).toEqual(body);
    const mp3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.alloc(20)]);
    expect((await upload('num-1', 'audio/mpeg', mp3)).status).toBe(201);
    expect(await readFile(join(clipsDir(), 'num-1.mp3'))).toEqual(mp3);
  });

  it('replaces a clip uploaded again in another format instead of keeping both', async () => {
    expect((await upload('num-2', 'audio/wav', wav())).status).toBe(201);
    expect((await upload('num-2', 'audio/ogg', ogg())).status).toBe(201);
    const files = (await readdir(clipsDir())).filter((f) => f.startsWith('num-2.'));
    expect(files).toEqual(['num-2.ogg']);
    const list = await server.api<{ clips: { name: string; ext: string }[] }>('GET', '/api/settings/clips', undefined, admin);
    expect(list.body.ok && list.body.clips).toEqual([
      { name: 'den-quay-so', ext: 'wav' },
      { name: 'num-1', ext: 'mp3' },
      { name: 'num-2', ext: 'ogg' },
    ]);
  });

  it.each([
    ['Moi', 'audio/wav', 'name'],
    ['../x', 'audio/wav', 'name'],
    ['', 'audio/wav', 'name'],
    ['a'.repeat(41), 'audio/wav', 'name'],
    ['tieng-viet-có-dấu', 'audio/wav', 'name'],
    // Well formed, but no clip of the pack: it would never be played.
    ['so-1', 'audio/wav', 'name'],
    ['num-5', 'audio/flac', 'Content-Type'],
    ['num-5', 'application/json', 'Content-Type'],
    ['num-5', 'text/plain', 'Content-Type'],
  ])('refuses name %j as %s (field %s) and writes nothing', async (name, type, field) => {
    const res = await upload(name, type, type === 'application/json' ? '{}' : wav());
    expect(res.status).toBe(400);
    expectError(await res.json(), 'invalid', field);
    expect((await readdir(clipsDir())).filter((f) => f.includes('num-5') || f.includes('Moi'))).toEqual([]);
  });

  it('refuses content that is not what its type says, and an empty body', async () => {
    const text = await upload('num-6', 'audio/wav', Buffer.from('<html>not audio</html>'));
    expect(text.status).toBe(400);
    expectError(await text.json(), 'invalid', '(payload)');
    const empty = await upload('num-7', 'audio/ogg', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect((await readdir(clipsDir())).some((f) => f.startsWith('num-6.') || f.startsWith('num-7.'))).toBe(false);
  });

  it('refuses files over 2 MB with 413', async () => {
    const big = Buffer.concat([wav(), Buffer.alloc(2 * 1024 * 1024)]);
    const res = await upload('num-8', 'audio/wav', big);
    expect(res.status).toBe(413);
    expectError(await res.json(), 'invalid');
  });

  it('is for admins only', async () => {
    expect((await upload('x', 'audio/wav', wav(), null)).status).toBe(401);
    const supervisor = await server.staff('giamsat-clip', 'supervisor');
    expect((await upload('x', 'audio/wav', wav(), supervisor)).status).toBe(403);
    expect((await server.api('GET', '/api/settings/clips', undefined, supervisor)).status).toBe(403);
  });
});

describe('a save that changes nothing', () => {
  it('writes nothing and tells no display', async () => {
    const rev = server.office.engine.rev;
    const settings = await server.api<{ settings: { ratingScale: number } }>('GET', '/api/settings', undefined, admin);
    if (!settings.body.ok) throw new Error('settings');
    const same = await server.api('PUT', '/api/settings', { ratingScale: settings.body.settings.ratingScale }, admin);
    expect(same.status).toBe(200);
    expect((await server.api('PUT', '/api/services/ho-tich', {}, admin)).status).toBe(200);
    expect(server.office.engine.rev).toBe(rev);
    const other = settings.body.settings.ratingScale === 3 ? 5 : 3;
    expect((await server.api('PUT', '/api/settings', { ratingScale: other }, admin)).status).toBe(200);
    expect(server.office.engine.rev).toBe(rev + 1);
  });
});
