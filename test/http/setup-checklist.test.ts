// The installer's home page data (GET /api/setup): each first-run step ticks itself as the
// installer does it, through the same routes and sockets the apps use, and stays ticked across a
// restart; nothing in it is a secret.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupState, SetupStep } from '../../shared/setup.js';
import type { LoginResult, PrinterStatus, PrintStatus } from '../../shared/types.js';
import type { TicketPrinter, TicketPrintJob } from '../../server/print/types.js';
import { lanAddresses } from '../../server/lan.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';

/** A printer whose test print fails until `works` is set: a failed test print must not tick. */
class SwitchPrinter implements TicketPrinter {
  works = false;
  async print(_job: TicketPrintJob): Promise<{ status: PrintStatus }> {
    return { status: this.works ? 'printed' : 'failed' };
  }
  async test(): Promise<{ status: PrintStatus; message?: string }> {
    return this.works ? { status: 'printed' } : { status: 'failed', message: 'ECONNREFUSED' };
  }
  status(): PrinterStatus {
    return this.works ? { status: 'ok' } : { status: 'offline', message: 'ECONNREFUSED' };
  }
  onStatus(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
}

let server: TestServer | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await server?.stop();
  server = null;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function setup(s: TestServer, path = '/api/setup'): Promise<SetupState> {
  const r = await s.api<SetupState>('GET', path);
  expect(r.status).toBe(200);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body;
}

const done = (state: SetupState) => state.checklist.filter((c) => c.done).map((c) => c.step);

describe('GET /api/setup: the first-run checklist', () => {
  it('ticks each step as the installer does it, and keeps them across a restart', async () => {
    const printer = new SwitchPrinter();
    // A new empty office with a generated admin password, as `npm start` makes with LUOT_DEMO=0.
    const dataDir = await mkdtemp(join(tmpdir(), 'luot-setup-'));
    dirs.push(dataDir);
    server = await startTestServer({ dataDir, demo: false, adminPassword: undefined, printer });
    const s = server;
    const first = await setup(s);
    expect(first.checklist.map((c) => c.step)).toEqual(['adminPassword', 'officeName', 'services', 'counters', 'testPrint', 'displaySound']);
    expect(done(first)).toEqual([]);
    expect(first.devices).toEqual([
      { kind: 'kiosk', path: '/kiosk/' },
      { kind: 'display', path: '/display/' },
      { kind: 'staff', path: '/counter/' },
    ]);
    // Each LAN address with the port the page was reached on: what a phone or the kiosk can open.
    expect(first.origins).toEqual(lanAddresses().map((a) => `http://${a}:${s.port}`));
    expect(first.printer.status).toBe('offline');
    expect(first.disk.status).toBe('ok');

    // 1. The generated password, then one of the installer's.
    const generated = s.generatedPassword!;
    expect(generated).toBeTruthy();
    const login = await s.api<LoginResult>('POST', '/api/auth/login', { username: 'admin', password: generated });
    if (!login.body.ok) throw new Error(login.body.error.message);
    const changed = await s.api<LoginResult>('POST', '/api/auth/password', { currentPassword: generated, newPassword: 'mat-khau-moi-cua-trung-tam' }, login.body.token);
    if (!changed.body.ok) throw new Error(changed.body.error.message);
    const admin = changed.body.token;
    expect(done(await setup(s))).toEqual(['adminPassword']);

    // 2. The office's own name.
    expect((await s.api('PUT', '/api/settings', { officeName: { vi: 'Trung tâm Phục vụ hành chính công xã Tân Phú', en: 'Tan Phu Commune Service Centre' } }, admin)).status).toBe(200);
    const named = await setup(s);
    expect(done(named)).toEqual(['adminPassword', 'officeName']);
    expect(named.office.name.vi).toBe('Trung tâm Phục vụ hành chính công xã Tân Phú');

    // 3. A service (an inactive one is not enough).
    const service = { id: 'dat-dai', name: { vi: 'Đất đai', en: 'Land' }, prefix: 'A', start: 1, digits: 3, targetWaitMin: 15, dailyLimit: null, active: false, hours: null };
    expect((await s.api('POST', '/api/services', service, admin)).status).toBe(201);
    expect(done(await setup(s))).not.toContain('services');
    expect((await s.api('PUT', '/api/services/dat-dai', { active: true }, admin)).status).toBe(200);
    expect(done(await setup(s))).toEqual(['adminPassword', 'officeName', 'services']);

    // 4. A counter serving it; each counter gets its counter display's address.
    expect((await s.api('POST', '/api/counters', { id: 'q7', number: 7, label: { vi: 'Quầy 7', en: 'Counter 7' }, serviceIds: ['dat-dai'] }, admin)).status).toBe(201);
    const counted = await setup(s);
    expect(done(counted)).toEqual(['adminPassword', 'officeName', 'services', 'counters']);
    expect(counted.devices).toContainEqual({ kind: 'counterDisplay', path: '/display/?counter=7', counter: 7, label: { vi: 'Quầy 7', en: 'Counter 7' } });
    expect(counted.devices.map((d) => d.kind)).not.toContain('booking');

    // Issue 13: once the office takes bookings for a field, the citizens' booking page is listed too.
    expect((await s.api('PUT', '/api/settings', { booking: { enabled: true, proof: 'pin', pin: '2468', powBits: 8, policy: 'strict', interleaveEvery: 2 } }, admin)).status).toBe(200);
    expect((await setup(s)).devices.map((d) => d.kind)).not.toContain('booking');
    expect((await s.api('PUT', '/api/services/dat-dai', { booking: { remote: true, slots: false } }, admin)).status).toBe(200);
    expect((await setup(s)).devices).toContainEqual({ kind: 'booking', path: '/dat-lich/' });

    // 5. A test print that failed ticks nothing; one that printed does.
    const failed = await s.api<{ print: { status: string } }>('POST', '/api/printer/test', undefined, admin);
    expect(failed.body.ok && failed.body.print.status).toBe('failed');
    expect(done(await setup(s))).not.toContain('testPrint');
    printer.works = true;
    const printed = await s.api<{ print: { status: string } }>('POST', '/api/printer/test', undefined, admin);
    expect(printed.body.ok && printed.body.print.status).toBe('printed');
    const afterPrint = await setup(s);
    expect(done(afterPrint)).toContain('testPrint');
    expect(afterPrint.printer.status).toBe('ok');

    // 6. A wall display whose sound plays says so on its socket (a locked one does not tick).
    const display = await s.connect('/display');
    expect(await request(display, 'display:audio', { ok: false })).toEqual({ ok: true });
    expect(done(await setup(s))).not.toContain('displaySound');
    expect(await request(display, 'display:audio', { ok: true })).toEqual({ ok: true });
    expect(done(await setup(s))).toEqual(['adminPassword', 'officeName', 'services', 'counters', 'testPrint', 'displaySound']);

    // Recorded durably: a restart on the same store still has every tick.
    await s.stop();
    server = await startTestServer({ dataDir, demo: false, printer: new SwitchPrinter() });
    expect(done(await setup(server)).length).toBe(6);
  });

  it('refuses a malformed display:audio', async () => {
    server = await startTestServer();
    const display = await server.connect('/display');
    const r = await request(display, 'display:audio', { ok: 'yes' });
    expect(r.ok).toBe(false);
  });

  it("serves each office's own checklist and addresses under /api/o/<slug>/setup", async () => {
    server = await startTestServer({ demo: true, demoOffices: 2 });
    const other = server.deployment.records.find((o) => o.slug !== server!.office.slug)!;
    const state = await setup(server, `/api/o/${other.slug}/setup`);
    expect(state.devices[0]).toEqual({ kind: 'kiosk', path: `/o/${other.slug}/kiosk/` });
    expect(state.devices.filter((d) => d.kind === 'counterDisplay').map((d) => d.path)).toContain(`/o/${other.slug}/display/?counter=1`);
    // The demo office: the admin password was chosen (LUOT_ADMIN_PASSWORD), its name and services are set.
    expect(done(await setup(server))).toEqual(['adminPassword', 'officeName', 'services', 'counters']);
  });
});

describe('GET /api/setup: no secrets', () => {
  it('carries no password, hash, key, token, session or webhook secret', async () => {
    server = await startTestServer();
    const admin = await server.login();
    const issued = await server.api<{ ticket: { token: string } }>('POST', '/api/tickets', { serviceId: 'dat-dai' });
    if (!issued.body.ok) throw new Error(issued.body.error.message);
    const kioskKey = 'khoa-ki-ot-bi-mat-2026';
    expect((await server.api('PUT', '/api/settings', { kioskKey, kioskPin: '8642' }, admin)).status).toBe(200);
    const key = await server.api<{ displayKey: string }>('POST', '/api/counters/q1/display-key', undefined, admin);
    if (!key.body.ok) throw new Error(key.body.error.message);
    const webhookSecret = 'bi-mat-cua-webhook-mot-cua-2026';
    const hook = await server.api('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/luot', events: ['ticket.issued'], secret: webhookSecret, enabled: false }, admin);
    expect(hook.status).toBe(201);
    const accounts = (await server.storedAccounts()) as { secret: string; users: { hash: string }[] };

    const res = await fetch(`${server.url}/api/setup`);
    const text = await res.text();
    const secrets = [
      ADMIN_PASSWORD, admin, kioskKey, '8642', key.body.displayKey, issued.body.ticket.token, accounts.secret, webhookSecret,
      ...accounts.users.map((u) => u.hash), ...Object.values(server.office.config.displayKeys ?? {}), server.office.config.kioskPinHash!,
    ];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(3);
      expect(text, 'a secret in /api/setup').not.toContain(secret);
    }
    // Only the page's own fields: a field added to the office config does not leak through by accident.
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['checklist', 'devices', 'disk', 'office', 'ok', 'origins', 'printer']);
  });
});
