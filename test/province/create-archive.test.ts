// Offices made and archived through the province REST: input checked, services copied, the
// office kept across a restart; an archived office refuses changes (410), keeps its history
// readable, closes its apps' sockets, and its slug is never reused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficeSummary } from '../../shared/types.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createOffice, issue, sleep } from './support.js';

let server: TestServer;
let main: string;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ tickMs: 3_600_000 });
  main = server.office.slug;
  admin = await server.login();
});
afterAll(async () => {
  await server?.stop();
});

const post = (body: unknown, token = admin) => server.api<{ office: OfficeSummary }>('POST', '/api/province/offices', body, token);

describe('creating an office', () => {
  it('refuses bad input with the field, and a slug in use with a conflict', async () => {
    const good = { name: { vi: 'Trung tâm xã Tân Nhựt', en: 'Tan Nhut Commune Centre' }, slug: 'xa-tan-nhut', timeZone: 'Asia/Ho_Chi_Minh' };
    for (const [bad, field] of [
      [{ ...good, slug: 'Xã Tân Nhựt' }, 'slug'],
      [{ ...good, slug: '-dau-gach' }, 'slug'],
      [{ ...good, slug: 'a'.repeat(61) }, 'slug'],
      [{ ...good, timeZone: 'Asia/Sai_Gon_Khong_Co' }, 'timeZone'],
      [{ ...good, name: { vi: '', en: 'x' } }, 'name.vi'],
      [{ ...good, copyServicesFrom: 'khong-co' }, 'copyServicesFrom'],
    ] as const) {
      const r = await post(bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'invalid', field } });
    }
    expect((await post({ ...good, slug: main })).status).toBe(409);
    expect((await post(good, 'khong-phai-token')).status).toBe(401);
  });

  it('copies services and counters from another office, not its keys, and survives a restart', async () => {
    const made = await createOffice(server, 'xa-tan-nhut', 'Trung tâm xã Tân Nhựt', main);
    expect(made).toMatchObject({ slug: 'xa-tan-nhut', name: { vi: 'Trung tâm xã Tân Nhựt' }, timeZone: 'Asia/Ho_Chi_Minh', archived: false });
    expect(Date.parse((made as unknown as { createdAt: string }).createdAt)).toBeGreaterThan(0);
    const services = await server.api<{ services: { id: string }[] }>('GET', '/api/o/xa-tan-nhut/services', undefined, admin);
    const ours = await server.api<{ services: { id: string }[] }>('GET', '/api/services', undefined, admin);
    if (!services.body.ok || !ours.body.ok) throw new Error('services');
    expect(services.body.services).toEqual(ours.body.services);
    expect(server.deployment.bySlug('xa-tan-nhut')!.office.config.kioskPinHash).toBeNull();
    // An office without copy starts empty.
    await createOffice(server, 'xa-trong', 'Trung tâm xã mới');
    const none = await server.api<{ services: unknown[] }>('GET', '/api/o/xa-trong/services', undefined, admin);
    expect(none.body).toMatchObject({ ok: true, services: [] });

    const k = await server.connect('/o/xa-tan-nhut/kiosk');
    expect(await issue(k, 'dkkd')).toBe('C001');
    k.close();
    // Restarted on the same folder: the office, its configuration and its journal are back.
    const dir = server.dataDir;
    const again = await startTestServer({ dataDir: dir, tickMs: 3_600_000 });
    try {
      const list = await again.api<{ offices: OfficeSummary[] }>('GET', '/api/province/offices', undefined, await again.login());
      if (!list.body.ok) throw new Error('list');
      expect(list.body.offices.map((o) => o.slug)).toEqual([main, 'xa-tan-nhut', 'xa-trong']);
      const k2 = await again.connect('/o/xa-tan-nhut/kiosk');
      expect(await issue(k2, 'dkkd')).toBe('C002');
    } finally {
      await again.stop();
    }
  });
});

describe('archiving an office', () => {
  it('keeps its history, refuses changes, closes its apps and keeps its slug taken', async () => {
    await createOffice(server, 'xa-cu', 'Trung tâm xã cũ', main);
    const k = await server.connect('/o/xa-cu/kiosk');
    expect(await issue(k, 'dat-dai')).toBe('A001');
    const disconnected = new Promise<string>((resolve) => k.once('disconnect', resolve));
    const r = await server.api<{ office: OfficeSummary }>('DELETE', '/api/province/offices/xa-cu', undefined, admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, office: { slug: 'xa-cu', archived: true } });
    expect(await disconnected).toBe('io server disconnect');

    const tap = await server.api('POST', '/api/o/xa-cu/tickets', { serviceId: 'dat-dai' });
    expect(tap.status).toBe(410);
    expect(tap.body).toMatchObject({ ok: false, error: { code: 'office_archived' } });
    await expect(server.connect('/o/xa-cu/kiosk')).rejects.toMatchObject({ data: { code: 'office_archived' } });
    await expect(server.connect('/o/xa-cu/display')).rejects.toMatchObject({ data: { code: 'office_archived' } });
    // Reads of its history still work.
    const state = await server.api<{ snapshot: { services: { id: string; waiting: number }[] } }>('GET', '/api/o/xa-cu/state');
    expect(state.status).toBe(200);
    const day = server.deployment.bySlug('xa-cu')!.office.engine.serviceDay;
    const report = await server.api<{ summary: { total: { issued: number } } }>('GET', `/api/o/xa-cu/reports/summary?from=${day}&to=${day}`, undefined, admin);
    expect(report.body).toMatchObject({ ok: true, summary: { total: { issued: 1 } } });
    // Its slug stays taken; the default office cannot be archived; an unknown one is not found.
    expect((await post({ name: { vi: 'Xã cũ', en: 'Old' }, slug: 'xa-cu', timeZone: 'Asia/Ho_Chi_Minh' })).status).toBe(409);
    expect((await server.api('DELETE', `/api/province/offices/${main}`, undefined, admin)).status).toBe(409);
    expect((await server.api('DELETE', '/api/province/offices/khong-co', undefined, admin)).status).toBe(404);
    // Its accounts no longer see it among the offices they may open.
    const login = await server.api<{ offices: { slug: string }[] }>('POST', '/api/auth/login', { username: 'admin', password: 'mat-khau-quan-tri' });
    if (!login.body.ok) throw new Error('login');
    expect(login.body.offices.map((o) => o.slug)).not.toContain('xa-cu');
    await sleep(10);
  });
});
