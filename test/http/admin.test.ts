// Configuration by admins: services, counters, settings; what every change pushes; headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Counter, IssueResult, PublicService, Service, Settings, Snapshot } from '../../shared/types.js';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.js';
import { act, expectError, issueOn, snapshotOf, vnTime } from './helpers.js';

const clock = vnTime('2026-03-02', '09:00');
let server: TestServer;
let admin: string;
let display: Socket;
let kiosk: Socket;

async function services(): Promise<Service[]> {
  const r = await server.api<{ services: Service[] }>('GET', '/api/services', undefined, admin);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.services;
}
async function counters(): Promise<Counter[]> {
  const r = await server.api<{ counters: Counter[] }>('GET', '/api/counters', undefined, admin);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.counters;
}
async function settings(): Promise<Settings> {
  const r = await server.api<{ settings: Settings }>('GET', '/api/settings', undefined, admin);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.settings;
}

const thue: Service = {
  id: 'thue', name: { vi: 'Thuế – Phí, lệ phí', en: 'Taxes and fees' }, prefix: 'E', start: 1, digits: 3,
  targetWaitMin: 20, dailyLimit: 300, active: true, order: 7,
  hours: { weekly: { mon: [{ from: '07:30', to: '11:30' }] }, daysOff: ['2026-04-30'] },
};

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, tickMs: 3_600_000 });
  admin = await server.login();
  display = await server.connect('/display');
  kiosk = await server.connect('/kiosk');
});
afterAll(() => server.stop());

describe('services', () => {
  it('create, read, partial update, refuse duplicates, delete', async () => {
    const created = await server.api<{ service: Service }>('POST', '/api/services', thue, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ok: true, service: thue });
    expect((await services()).find((s) => s.id === 'thue')).toEqual(thue);
    const pub = (await snapshotOf(server)).services.find((s) => s.id === 'thue');
    expect(pub).toMatchObject({ ...thue, open: true, waiting: 0 });

    // The kiosk can issue at once, numbered from the new prefix.
    const t = await issueOn(kiosk, 'thue');
    expect(t.ticket.number).toBe('E001');

    const dup = await server.api('POST', '/api/services', { ...thue, name: { vi: 'Khác', en: 'Other' } }, admin);
    expect(dup.status).toBe(409);
    expectError(dup.body, 'conflict', 'id');
    expect((await services()).find((s) => s.id === 'thue')?.name.vi).toBe('Thuế – Phí, lệ phí');

    // A partial update changes what was sent and nothing else (order, hours, limit stay).
    const put = await server.api<{ service: Service }>('PUT', '/api/services/thue', { targetWaitMin: 30 }, admin);
    expect(put.status).toBe(200);
    expect((await services()).find((s) => s.id === 'thue')).toEqual({ ...thue, targetWaitMin: 30 });
    const off = await server.api('PUT', '/api/services/ho-tich', { active: false }, admin);
    expect(off.status).toBe(200);
    const hoTich = (await services()).find((s) => s.id === 'ho-tich')!;
    expect(hoTich).toMatchObject({ active: false, order: 2, prefix: 'B', targetWaitMin: 15 });
    await server.api('PUT', '/api/services/ho-tich', { active: true }, admin);

    expect((await server.api('PUT', '/api/services/khong-co', { active: false }, admin)).status).toBe(404);

    // A service with people waiting cannot go; once nobody waits it can.
    const busy = await server.api('DELETE', '/api/services/thue', undefined, admin);
    expect(busy.status).toBe(409);
    expectError(busy.body, 'conflict');
    const sup = await server.connect('/counter', { token: admin });
    await act(sup, 'ticket:cancel', { ticketId: t.ticket.id });
    const del = await server.api('DELETE', '/api/services/thue', undefined, admin);
    expect(del.status).toBe(200);
    expect((await services()).some((s) => s.id === 'thue')).toBe(false);
    expect((await snapshotOf(server)).services.some((s) => s.id === 'thue')).toBe(false);
    expect((await server.api('DELETE', '/api/services/thue', undefined, admin)).status).toBe(404);
    const gone = await request(kiosk, 'ticket:issue', { serviceId: 'thue' });
    expectError(gone, 'not_found');
  });

  it('deleting a service removes it from every counter', async () => {
    await server.api('POST', '/api/services', { ...thue, id: 'tam', prefix: 'F' }, admin);
    for (const id of ['q1', 'q6']) {
      const c = (await counters()).find((x) => x.id === id)!;
      const r = await server.api('PUT', `/api/counters/${id}`, { serviceIds: [...c.serviceIds, 'tam'] }, admin);
      expect(r.status).toBe(200);
    }
    expect((await counters()).filter((c) => c.serviceIds.includes('tam')).map((c) => c.id)).toEqual(['q1', 'q6']);
    expect((await server.api('DELETE', '/api/services/tam', undefined, admin)).status).toBe(200);
    expect((await counters()).some((c) => c.serviceIds.includes('tam'))).toBe(false);
    expect((await snapshotOf(server)).counters.some((c) => c.serviceIds.includes('tam'))).toBe(false);
    expect((await counters()).find((c) => c.id === 'q1')?.serviceIds).toEqual(['dat-dai', 'xay-dung']);
  });
});

describe('counters', () => {
  const q7: Counter = { id: 'q7', number: 7, label: { vi: 'Quầy 7 – Tiếp nhận', en: 'Counter 7' }, serviceIds: ['tu-phap', 'dkkd'] };

  it('create with validation, refuse unknown services and duplicates, update, delete', async () => {
    const unknown = await server.api('POST', '/api/counters', { ...q7, serviceIds: ['tu-phap', 'khong-co'] }, admin);
    expect(unknown.status).toBe(400);
    expectError(unknown.body, 'invalid', 'serviceIds');
    const dupNumber = await server.api('POST', '/api/counters', { ...q7, number: 3 }, admin);
    expect(dupNumber.status).toBe(409);
    expectError(dupNumber.body, 'conflict', 'number');
    const dupId = await server.api('POST', '/api/counters', { ...q7, id: 'q3', number: 8 }, admin);
    expect(dupId.status).toBe(409);
    expectError(dupId.body, 'conflict', 'id');
    expect((await counters()).some((c) => c.id === 'q7' || c.number === 8)).toBe(false);

    const created = await server.api('POST', '/api/counters', q7, admin);
    expect(created.status).toBe(201);
    expect((await counters()).find((c) => c.id === 'q7')).toEqual(q7);
    expect((await snapshotOf(server)).counters.find((c) => c.id === 'q7')).toMatchObject({ ...q7, status: 'closed', current: null });

    const takenNumber = await server.api('PUT', '/api/counters/q7', { number: 6 }, admin);
    expect(takenNumber.status).toBe(409);
    expectError(takenNumber.body, 'conflict', 'number');
    const badService = await server.api('PUT', '/api/counters/q7', { serviceIds: ['khong-co'] }, admin);
    expect(badService.status).toBe(400);
    expectError(badService.body, 'invalid', 'serviceIds');
    const relabel = await server.api('PUT', '/api/counters/q7', { label: { vi: 'Quầy 7', en: 'Counter 7' } }, admin);
    expect(relabel.status).toBe(200);
    expect((await counters()).find((c) => c.id === 'q7')).toEqual({ ...q7, label: { vi: 'Quầy 7', en: 'Counter 7' } });
    expect((await server.api('PUT', '/api/counters/q99', { number: 99 }, admin)).status).toBe(404);

    // An open counter cannot be deleted; a closed one can.
    const staffSocket = await server.connect('/counter', { token: admin });
    await act(staffSocket, 'counter:open', { counterId: 'q7' });
    const open = await server.api('DELETE', '/api/counters/q7', undefined, admin);
    expect(open.status).toBe(409);
    expectError(open.body, 'conflict');
    await act(staffSocket, 'counter:close', { counterId: 'q7' });
    expect((await server.api('DELETE', '/api/counters/q7', undefined, admin)).status).toBe(200);
    expect((await counters()).some((c) => c.id === 'q7')).toBe(false);
    expect((await server.api('DELETE', '/api/counters/q7', undefined, admin)).status).toBe(404);
  });
});

describe('settings', () => {
  it('GET gives every setting; PUT changes only what is sent', async () => {
    const before = await settings();
    // The contract's settings (more may be added): office name, time zone, announcement, footer, printer, kiosk key.
    expect(Object.keys(before)).toEqual(expect.arrayContaining(
      ['officeName', 'timeZone', 'announcementTemplate', 'announcementRepeat', 'ticketFooter', 'printer', 'printerPaperWidth',
        'kioskKey', 'publicBaseUrl', 'priorityPolicy', 'ratingScale', 'defaultServeMin'],
    ));
    expect(before).toMatchObject({ timeZone: 'Asia/Ho_Chi_Minh', kioskKey: null, publicBaseUrl: null });
    const put = await server.api<{ settings: Settings }>('PUT', '/api/settings', { announcementRepeat: 2, ticketFooter: { vi: 'Xin cảm ơn Ông/Bà', en: 'Thank you' } }, admin);
    expect(put.status).toBe(200);
    const after = await settings();
    expect(after).toEqual({ ...before, announcementRepeat: 2, ticketFooter: { vi: 'Xin cảm ơn Ông/Bà', en: 'Thank you' } });
    if (put.body.ok) expect(put.body.settings).toEqual(after);
  });

  it('an invalid time zone is refused with field timeZone and changes nothing', async () => {
    const before = await settings();
    const r = await server.api('PUT', '/api/settings', { timeZone: 'Asia/Sai_Gon', announcementRepeat: 3 }, admin);
    expect(r.status).toBe(400);
    expectError(r.body, 'invalid', 'timeZone');
    expect(await settings()).toEqual(before);
  });

  it('publicBaseUrl sets the trackUrl of newly issued tickets', async () => {
    const base = 'https://luot.phuongbenthanh.gov.vn/';
    expect((await server.api('PUT', '/api/settings', { publicBaseUrl: base }, admin)).status).toBe(200);
    const a = await issueOn(kiosk, 'dkkd');
    expect(a.trackUrl).toBe(`https://luot.phuongbenthanh.gov.vn/t/${a.ticket.token}`);
    const viaRest = await server.api<IssueResult>('POST', '/api/tickets', { serviceId: 'dkkd' });
    expect(viaRest.status).toBe(201);
    if (viaRest.body.ok) expect(viaRest.body.trackUrl).toBe(`https://luot.phuongbenthanh.gov.vn/t/${viaRest.body.ticket.token}`);
    expect((await server.api('PUT', '/api/settings', { publicBaseUrl: null }, admin)).status).toBe(200);
    const b = await issueOn(kiosk, 'dkkd');
    expect(b.trackUrl).toBe(`${server.url}/t/${b.ticket.token}`);
  });
});

describe('every configuration change reaches open displays as a snapshot', () => {
  const changes: { name: string; run: () => Promise<{ status: number }>; seen: (s: Snapshot) => boolean }[] = [
    {
      name: 'POST /api/services',
      run: () => server.api('POST', '/api/services', { ...thue, id: 'moi', prefix: 'G' }, admin),
      seen: (s) => s.services.some((x) => x.id === 'moi'),
    },
    {
      name: 'PUT /api/services/:id',
      run: () => server.api('PUT', '/api/services/moi', { name: { vi: 'Dịch vụ mới', en: 'New service' } }, admin),
      seen: (s) => s.services.some((x) => x.id === 'moi' && x.name.vi === 'Dịch vụ mới'),
    },
    {
      name: 'POST /api/counters',
      run: () => server.api('POST', '/api/counters', { id: 'q8', number: 8, label: { vi: 'Quầy 8', en: 'Counter 8' }, serviceIds: ['moi'] }, admin),
      seen: (s) => s.counters.some((c) => c.id === 'q8'),
    },
    {
      name: 'PUT /api/counters/:id',
      run: () => server.api('PUT', '/api/counters/q8', { number: 18 }, admin),
      seen: (s) => s.counters.some((c) => c.id === 'q8' && c.number === 18),
    },
    {
      name: 'DELETE /api/services/:id',
      run: () => server.api('DELETE', '/api/services/moi', undefined, admin),
      seen: (s) => !s.services.some((x) => x.id === 'moi') && s.counters.find((c) => c.id === 'q8')?.serviceIds.length === 0,
    },
    {
      name: 'DELETE /api/counters/:id',
      run: () => server.api('DELETE', '/api/counters/q8', undefined, admin),
      seen: (s) => !s.counters.some((c) => c.id === 'q8'),
    },
    {
      name: 'PUT /api/settings',
      run: () => server.api('PUT', '/api/settings', { officeName: { vi: 'UBND phường Sài Gòn', en: 'Saigon Ward' } }, admin),
      seen: (s) => s.office.name.vi === 'UBND phường Sài Gòn',
    },
  ];

  it.each(changes)('$name', async (c) => {
    const rev = (await snapshotOf(server)).rev;
    const onDisplay = nextEvent<Snapshot>(display, 'snapshot', (s) => s.rev > rev);
    const onKiosk = nextEvent<Snapshot>(kiosk, 'snapshot', (s) => s.rev > rev);
    const r = await c.run();
    expect(r.status).toBeLessThan(300);
    const [d, k] = await Promise.all([onDisplay, onKiosk]);
    expect(d.rev).toBe(rev + 1);
    expect(c.seen(d)).toBe(true);
    expect(c.seen(k)).toBe(true);
    expect(d).toEqual(await snapshotOf(server));
  });

  it('user changes are not public: no rev, no snapshot', async () => {
    const rev = (await snapshotOf(server)).rev;
    let pushed = false;
    const mark = () => (pushed = true);
    display.on('snapshot', mark);
    try {
      const r = await server.api('POST', '/api/users', { username: 'canbo5', name: 'Cán bộ năm', role: 'staff', password: 'mat-khau-can-bo' }, admin);
      expect(r.status).toBe(201);
      await new Promise((res) => setTimeout(res, 200));
    } finally {
      display.off('snapshot', mark);
    }
    expect(pushed).toBe(false);
    expect((await snapshotOf(server)).rev).toBe(rev);
  });
});

describe('HTTP basics', () => {
  it('security headers for a plain-HTTP LAN: CSP without upgrade, nosniff, framing limited, no HSTS', async () => {
    for (const path of ['/api/health', '/api/state', '/khong-co']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy');
      expect(csp, path).toBeTruthy();
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const framing = res.headers.get('x-frame-options') ?? '';
      expect(/^(DENY|SAMEORIGIN)$/i.test(framing) || /frame-ancestors '(none|self)'/.test(csp!)).toBe(true);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('unknown paths answer the 404 envelope', async () => {
    for (const [method, path] of [['GET', '/api/khong-co'], ['POST', '/api/khong-co'], ['GET', '/api/services/tu-phap/them'], ['DELETE', '/api/tickets'], ['GET', '/khong-co']] as const) {
      const r = await server.api(method, path, method === 'POST' ? { a: 1 } : undefined, admin);
      expect(r.status, `${method} ${path}`).toBe(404);
      expectError(r.body, 'not_found');
    }
  });

  it('GET /api/health is { ok, version, rev, serviceDay, disk }', async () => {
    const r = await server.api<{ version: string; rev: number; serviceDay: string; disk: { status: string; damage: unknown } }>('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['disk', 'ok', 'rev', 'serviceDay', 'version']);
    if (!r.body.ok) throw new Error('health');
    expect(r.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.body.disk).toMatchObject({ status: 'ok', damage: null });
    const snap = await snapshotOf(server);
    expect(r.body.rev).toBe(snap.rev);
    expect(r.body.serviceDay).toBe('2026-03-02');
    expect(snap.serviceDay).toBe('2026-03-02');
  });

  it('the public state never shows services as anything but PublicService', async () => {
    const s: PublicService | undefined = (await snapshotOf(server)).services.find((x) => x.id === 'tu-phap');
    expect(s).toMatchObject({ id: 'tu-phap', open: true, closedReason: null, waiting: expect.any(Number), estimatedWaitMin: expect.any(Number) });
  });
});
