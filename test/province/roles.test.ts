// Roles across offices: an account of office X is refused in office Y (REST and sockets); an
// office admin runs its own office only; a province admin every office; a session that ends
// ends on every office's sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficeSummary } from '../../shared/types.js';
import { ADMIN_PASSWORD, nextEvent, request, startTestServer, type TestServer } from '../support/server.js';
import { createOffice } from './support.js';

let server: TestServer;
let main: string;
const B = 'phuong-sai-gon';

beforeAll(async () => {
  server = await startTestServer({ tickMs: 3_600_000 });
  main = server.office.slug;
  await createOffice(server, B, 'Trung tâm phường Sài Gòn', main);
});
afterAll(async () => {
  await server?.stop();
});

describe('an account of one office', () => {
  it('is forbidden in another office, on REST', async () => {
    const staffB = await server.staff('lan-sai-gon', 'staff', B);
    expect((await server.api('GET', `/api/o/${B}/services`, undefined, staffB)).status).toBe(200);
    const other = await server.api('GET', `/api/o/${main}/services`, undefined, staffB);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Today's URLs are the default office: the same refusal.
    expect((await server.api('GET', '/api/services', undefined, staffB)).status).toBe(403);
    const supB = await server.staff('hung-sai-gon', 'supervisor', B);
    expect((await server.api('GET', `/api/o/${B}/printer`, undefined, supB)).status).toBe(200);
    expect((await server.api('GET', `/api/o/${main}/printer`, undefined, supB)).status).toBe(403);
    expect((await server.api('GET', `/api/o/${main}/reports/summary?from=2026-11-01&to=2026-11-02`, undefined, supB)).status).toBe(403);
  });

  it('is forbidden in another office, on the counter socket', async () => {
    const staffB = await server.staff('mai-sai-gon', 'staff', B);
    const own = await server.connect(`/o/${B}/counter`, { token: staffB });
    expect(await request(own, 'counter:open', { counterId: 'q3' })).toMatchObject({ ok: true });
    await expect(server.connect(`/o/${main}/counter`, { token: staffB })).rejects.toMatchObject({ data: { code: 'forbidden' } });
    await expect(server.connect('/counter', { token: staffB })).rejects.toMatchObject({ data: { code: 'forbidden' } });
  });

  it('logs in once and is told which offices it may open', async () => {
    const r = await server.api<{ user: { officeId: string | null }; offices: { slug: string }[] }>('POST', '/api/auth/login', { username: 'lan-sai-gon', password: 'mat-khau-can-bo' });
    if (!r.body.ok) throw new Error('login');
    expect(r.body.offices.map((o) => o.slug)).toEqual([B]);
    expect(r.body.user.officeId).toBe(server.deployment.bySlug(B)!.office.id);
    const admin = await server.api<{ user: { officeId: string | null }; offices: { slug: string }[] }>('POST', `/api/o/${B}/auth/login`, { username: 'admin', password: ADMIN_PASSWORD });
    if (!admin.body.ok) throw new Error('login');
    expect(admin.body.offices.map((o) => o.slug)).toEqual([main, B]);
    expect(admin.body.user.officeId).toBeNull();
  });
});

describe('an office admin', () => {
  it('runs its own office only', async () => {
    const oa = await server.staff('quan-tri-sai-gon', 'office_admin', B);
    // Its office's configuration and accounts.
    expect((await server.api('PUT', `/api/o/${B}/services/dat-dai`, { targetWaitMin: 25 }, oa)).status).toBe(200);
    const made = await server.api<{ user: { id: string } }>('POST', `/api/o/${B}/users`, { username: 'tuan-sai-gon', name: 'Phạm Minh Tuấn', role: 'staff', password: 'mat-khau-can-bo' }, oa);
    expect(made.status).toBe(201);
    // Not the other office's, not a province admin, not the province's offices.
    expect((await server.api('PUT', `/api/o/${main}/services/dat-dai`, { targetWaitMin: 25 }, oa)).status).toBe(403);
    expect((await server.api('POST', `/api/o/${B}/users`, { username: 'gia-mao', name: 'Giả mạo', role: 'admin', password: 'mat-khau-can-bo' }, oa)).status).toBe(403);
    expect((await server.api('POST', '/api/province/offices', { name: { vi: 'Xã mới', en: 'New' }, slug: 'xa-moi', timeZone: 'Asia/Ho_Chi_Minh' }, oa)).status).toBe(403);
    const list = await server.api<{ offices: OfficeSummary[] }>('GET', '/api/province/offices', undefined, oa);
    if (!list.body.ok) throw new Error('list');
    expect(list.body.offices.map((o) => o.slug)).toEqual([B]);
    // The province admin's account is not its to change.
    const adminId = server.deployment.accounts.data.users.find((u) => u.username === 'admin')!.id;
    expect((await server.api('PUT', `/api/o/${B}/users/${adminId}`, { password: 'mat-khau-chiem-quyen' }, oa)).status).toBe(403);
    // Its users list: its office's accounts and the province's, none of the default office's.
    const users = await server.api<{ users: { username: string; officeId: string | null }[] }>('GET', `/api/o/${B}/users`, undefined, oa);
    if (!users.body.ok) throw new Error('users');
    const idB = server.deployment.bySlug(B)!.office.id;
    for (const u of users.body.users) expect([idB, null]).toContain(u.officeId);
  });

  it('a province admin has office-admin rights in every office', async () => {
    const admin = await server.login();
    expect((await server.api('PUT', `/api/o/${B}/services/ho-tich`, { targetWaitMin: 12 }, admin)).status).toBe(200);
    expect((await server.api('PUT', `/api/o/${main}/services/ho-tich`, { targetWaitMin: 12 }, admin)).status).toBe(200);
    const list = await server.api<{ offices: OfficeSummary[] }>('GET', '/api/province/offices', undefined, admin);
    if (!list.body.ok) throw new Error('list');
    expect(list.body.offices.map((o) => o.slug)).toEqual([main, B]);
  });
});

describe('sessions across offices', () => {
  it('an account moved to another office is refused on the sockets it still holds', async () => {
    const t = await server.staff('vo-van-dung', 'admin');
    const s = await server.connect(`/o/${B}/counter`, { token: t });
    expect(await request(s, 'snapshot:get')).toMatchObject({ ok: true });
    const me = await server.api<{ user: { id: string } }>('GET', '/api/auth/me', undefined, t);
    if (!me.body.ok) throw new Error('me');
    // A province admin made a supervisor of the default office works in that office only.
    const r = await server.api<{ user: { officeId: string } }>('PUT', `/api/o/${main}/users/${me.body.user.id}`, { role: 'supervisor' }, await server.login());
    expect(r.body).toMatchObject({ ok: true, user: { officeId: server.office.id } });
    expect(await request(s, 'snapshot:get')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await server.api('GET', `/api/o/${B}/printer`, undefined, t)).status).toBe(403);
    expect((await server.api('GET', `/api/o/${main}/printer`, undefined, t)).status).toBe(200);
  });

  it("removing an account ends its sockets in every office it holds one", async () => {
    const t = await server.staff('dung-sai-gon', 'supervisor', B);
    const s = await server.connect(`/o/${B}/counter`, { token: t });
    const ended = nextEvent<{ reason: string }>(s, 'session:ended');
    const me = await server.api<{ user: { id: string } }>('GET', '/api/auth/me', undefined, t);
    if (!me.body.ok) throw new Error('me');
    const r = await server.api('DELETE', `/api/o/${B}/users/${me.body.user.id}`, undefined, await server.login());
    expect(r.status).toBe(200);
    expect(await ended).toEqual({ reason: 'user_removed' });
  });

  it('/province needs a supervisor or more, and lists what the account may see', async () => {
    const staffB = await server.staff('hanh-sai-gon', 'staff', B);
    await expect(server.connect('/province', { token: staffB })).rejects.toMatchObject({ data: { code: 'forbidden' } });
    await expect(server.connect('/province', { token: 'sai' })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    const p = await server.connect('/province', { token: await server.login() });
    const snap = await request<{ offices: OfficeSummary[] }>(p, 'snapshot:get');
    if (!snap.ok) throw new Error('snapshot');
    expect(snap.offices.map((o) => o.slug)).toEqual([main, B]);
  });
});
