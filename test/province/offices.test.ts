// Three offices in one server: numbering, queues and displays independent; today's unprefixed
// URLs still address the default office.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.js';
import { createOffice, issue, record, sleep } from './support.js';

let server: TestServer;
let main: string;
let staffB: string;

beforeAll(async () => {
  server = await startTestServer({ tickMs: 3_600_000 });
  main = server.office.slug;
  await createOffice(server, 'phuong-sai-gon', 'Trung tâm phường Sài Gòn', main);
  await createOffice(server, 'xa-binh-chanh', 'Trung tâm xã Bình Chánh', main);
  staffB = await server.staff('can-bo-sai-gon', 'staff', 'phuong-sai-gon');
});
afterAll(async () => {
  await server?.stop();
});

describe('three offices in one server', () => {
  it('each office numbers its own tickets, from the same services', async () => {
    const kA = await server.connect(`/o/${main}/kiosk`);
    const kB = await server.connect('/o/phuong-sai-gon/kiosk');
    const kC = await server.connect('/o/xa-binh-chanh/kiosk');
    expect(await issue(kA, 'dat-dai')).toBe('A001');
    expect(await issue(kB, 'dat-dai')).toBe('A001');
    expect(await issue(kB, 'dat-dai')).toBe('A002');
    expect(await issue(kC, 'dat-dai')).toBe('A001');
    expect(await issue(kA, 'dat-dai')).toBe('A002');
    const waiting = async (slug: string) => {
      const r = await server.api<{ snapshot: { services: { id: string; waiting: number }[] } }>('GET', `/api/o/${slug}/state`);
      if (!r.body.ok) throw new Error('state');
      return r.body.snapshot.services.find((s) => s.id === 'dat-dai')!.waiting;
    };
    expect([await waiting(main), await waiting('phuong-sai-gon'), await waiting('xa-binh-chanh')]).toEqual([2, 2, 1]);
  });

  it("a call in one office reaches that office's displays only", async () => {
    const dispA = await server.connect(`/o/${main}/display`);
    const dispA0 = await server.connect('/display');
    const dispB = await server.connect('/o/phuong-sai-gon/display');
    const dispC = await server.connect('/o/xa-binh-chanh/display');
    const heard = { A: record(dispA, 'called'), A0: record(dispA0, 'called'), B: record(dispB, 'called'), C: record(dispC, 'called') };
    const updatesC = record(dispC, 'update');

    const counterB = await server.connect('/o/phuong-sai-gon/counter', { token: staffB });
    expect(await request(counterB, 'counter:open', { counterId: 'q1' })).toMatchObject({ ok: true });
    const calledB = nextEvent<{ ticket: { number: string } }>(dispB, 'called');
    const r = await request<{ ticket: { number: string } }>(counterB, 'ticket:callNext', { counterId: 'q1' });
    expect(r).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    expect((await calledB).ticket.number).toBe('A001');
    // The other offices' displays: given time to receive anything, they heard nothing.
    await sleep(300);
    expect(heard.A).toHaveLength(0);
    expect(heard.A0).toHaveLength(0);
    expect(heard.C).toHaveLength(0);
    expect(updatesC).toHaveLength(0);
    expect(heard.B).toHaveLength(1);

    // And the default office's call reaches both of its addresses (prefixed and today's).
    const admin = await server.login();
    const counterA = await server.connect('/counter', { token: admin });
    expect(await request(counterA, 'counter:open', { counterId: 'q2' })).toMatchObject({ ok: true });
    const calledA = nextEvent(dispA, 'called');
    await request(counterA, 'ticket:callNext', { counterId: 'q2' });
    await calledA;
    await sleep(200);
    expect(heard.A).toHaveLength(1);
    expect(heard.A0).toHaveLength(1);
    expect(heard.B).toHaveLength(1);
    expect(heard.C).toHaveLength(0);
  });

  it("today's URLs address the default office", async () => {
    const plain = await server.api<{ snapshot: unknown }>('GET', '/api/state');
    const prefixed = await server.api<{ snapshot: unknown }>('GET', `/api/o/${main}/state`);
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(prefixed.body);
    const other = await server.api<{ snapshot: { rev: number } }>('GET', '/api/o/phuong-sai-gon/state');
    expect(other.body).not.toEqual(plain.body);
    const k = await server.connect('/kiosk');
    const number = await issue(k, 'ho-tich');
    const view = await server.api<{ services: { id: string; waiting: number }[] }>('GET', `/api/o/${main}/state`);
    if (!view.body.ok) throw new Error('state');
    expect(number).toBe('B001');
    const health = await server.api<{ rev: number }>('GET', '/api/health');
    expect(health.status).toBe(200);
  });

  it("a ticket is found in its own office only, and its URL names that office", async () => {
    const r = await server.api<{ ticket: { token: string }; trackUrl: string }>('POST', '/api/o/xa-binh-chanh/tickets', { serviceId: 'tu-phap' });
    if (!r.body.ok) throw new Error(r.body.error.message);
    const token = r.body.ticket.token;
    expect(r.body.trackUrl).toMatch(new RegExp(`/o/xa-binh-chanh/t/${token}$`));
    expect((await server.api('GET', `/api/o/xa-binh-chanh/tickets/${token}`)).status).toBe(200);
    expect((await server.api('GET', `/api/o/phuong-sai-gon/tickets/${token}`)).status).toBe(404);
    expect((await server.api('GET', `/api/tickets/${token}`)).status).toBe(404);
    const own = await server.api<{ trackUrl: string; ticket: { token: string } }>('POST', '/api/tickets', { serviceId: 'tu-phap' });
    if (!own.body.ok) throw new Error(own.body.error.message);
    expect(own.body.trackUrl).toMatch(new RegExp(`:\\d+/t/${own.body.ticket.token}$`));
  });

  it('the demo seeds a small province when asked (LUOT_DEMO_OFFICES)', async () => {
    const s = await startTestServer({ demoOffices: 3, tickMs: 3_600_000 });
    try {
      expect(s.deployment.records.map((o) => o.slug)).toEqual([s.office.slug, 'phuong-sai-gon', 'xa-binh-chanh']);
      for (const h of s.deployment.all()) expect(h.office.config.services.length).toBe(s.office.config.services.length);
    } finally {
      await s.stop();
    }
  });

  it('an unknown office is not found, over REST and sockets', async () => {
    const r = await server.api('GET', '/api/o/khong-co/state');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await expect(server.connect('/o/khong-co/display')).rejects.toThrow(/Invalid namespace/);
  });
});

describe('pages of every office', () => {
  it('serve the same built apps and the citizen ticket page', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const www = await mkdtemp(join(tmpdir(), 'luot-www-'));
    for (const app of ['kiosk', 'display', 'counter']) {
      await mkdir(join(www, app), { recursive: true });
      await writeFile(join(www, app, 'index.html'), `<!doctype html><title>${app}</title>`);
    }
    await writeFile(join(www, 'display', 'ticket.html'), '<!doctype html><title>phiếu</title>');
    const s = await startTestServer({ staticDir: www, tickMs: 3_600_000 });
    try {
      await createOffice(s, 'phuong-sai-gon', 'Trung tâm phường Sài Gòn');
      const text = async (path: string) => {
        const res = await fetch(`${s.url}${path}`);
        return { status: res.status, body: await res.text() };
      };
      expect(await text('/o/phuong-sai-gon/kiosk/')).toEqual({ status: 200, body: '<!doctype html><title>kiosk</title>' });
      expect(await text('/o/phuong-sai-gon/display/')).toEqual({ status: 200, body: '<!doctype html><title>display</title>' });
      expect(await text('/o/phuong-sai-gon/counter/')).toEqual({ status: 200, body: '<!doctype html><title>counter</title>' });
      expect(await text('/o/phuong-sai-gon/t/AbCdEf123456')).toEqual({ status: 200, body: '<!doctype html><title>phiếu</title>' });
      expect(await text('/kiosk/')).toEqual({ status: 200, body: '<!doctype html><title>kiosk</title>' });
      expect(await text('/t/AbCdEf123456')).toEqual({ status: 200, body: '<!doctype html><title>phiếu</title>' });
      expect((await text('/o/khong-co/kiosk/')).status).toBe(404);
      // Without its slash, the page redirects within its office.
      const bare = await fetch(`${s.url}/o/phuong-sai-gon/kiosk`, { redirect: 'manual' });
      expect(bare.status).toBe(301);
      expect(bare.headers.get('location')).toBe('/o/phuong-sai-gon/kiosk/');
    } finally {
      await s.stop();
      await rm(www, { recursive: true, force: true });
    }
  });
});
