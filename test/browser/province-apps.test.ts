// The office apps under /o/<slug>/ in a real Chromium against a real server holding two offices:
// the kiosk issues in its own office, the wall display shows its own office's calls, the
// offline notices of kiosk, display and staff panel come and go with the server, and an
// archived office's kiosk and display say it has closed.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult, LoginResult, PublicTicket } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };
const B = 'xa-tan-phu';
/** What the browser logs while the server is away; anything else is a fault. */
const AWAY = /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|Failed to load resource/;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe.skipIf(noBrowser)('office apps under /o/<slug>/ in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer | null;
  let browser: Browser;
  let port: number;
  let dataDir: string;
  let token: string;
  const sockets: Socket[] = [];

  const srv = () => server!;
  const officeB = () => srv().deployment.bySlug(B)!.office;
  const ticketsOf = (office: { engine: { tickets(): Iterable<{ number: string; serviceId: string }> } }) => [...office.engine.tickets()];

  /** A staff socket on an office's /counter namespace, connected. */
  async function counterSocket(prefix: string): Promise<Socket> {
    const s = io(`${srv().url}${prefix}/counter`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return s;
  }
  const act = async <T>(s: Socket, event: string, payload: unknown) => {
    const r = (await s.timeout(10_000).emitWithAck(event, payload)) as Result<T>;
    if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
    return r;
  };

  beforeAll(async () => {
    ensureBuilt();
    port = await freePort();
    dataDir = await mkdtemp(join(tmpdir(), 'luot-province-apps-'));
    server = await startTestServer({ port, dataDir, staticDir: distDir });
    token = await srv().login();
    const a = srv().office;
    const created = await srv().api('POST', '/api/province/offices', {
      name: { vi: 'Trung tâm Phục vụ hành chính công xã Tân Phú', en: 'Tan Phu Commune Service Centre' },
      slug: B,
      timeZone: 'Asia/Ho_Chi_Minh',
      copyServicesFrom: srv().deployment.defaultHost.office.slug,
    }, token);
    expect(created.status).toBe(201);
    // A counter 1 serving civil registration, whatever the copy brought along.
    const has = officeB().engine.publicCounter('q1');
    const c = has
      ? await srv().api('PUT', `/api/o/${B}/counters/q1`, { serviceIds: ['ho-tich'] }, token)
      : await srv().api('POST', `/api/o/${B}/counters`, { id: 'q1', number: 1, label: { vi: 'Quầy 1', en: 'Counter 1' }, serviceIds: ['ho-tich'] }, token);
    expect(c.body).toMatchObject({ ok: true });
    expect(a).not.toBe(officeB());
    browser = await launch();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function open(path: string, waitFor: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(`${srv().url}${path}`);
    await page.locator(waitFor).first().waitFor(WAIT);
    return { page, errors };
  }

  it("the home page under /o/<slug>/ links to that office's apps", async () => {
    const { page, errors } = await open(`/o/${B}/`, 'luot-home-device [data-testid="device-url"]');
    // The installer's page: each of that office's devices, on the server's origin (here or on the LAN).
    const links = await page.locator('luot-home-device [data-testid="device-url"]').evaluateAll((as) => as.map((a) => new URL(a.getAttribute('href')!).pathname));
    expect(links[0]).toBe(`/o/${B}/kiosk/`);
    expect(links[1]).toBe(`/o/${B}/display/`);
    expect(links.at(-1)).toBe(`/o/${B}/counter/`);
    expect(links.slice(2, -1).every((p) => p === `/o/${B}/display/`)).toBe(true);
    expect(await page.locator('luot-home-app [data-testid="office"]').textContent()).toBe(officeB().settings.officeName.vi);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the kiosk under /o/<slug>/kiosk/ issues in that office only', async () => {
    const { page, errors } = await open(`/o/${B}/kiosk/`, '[data-service="ho-tich"]');
    const inA = ticketsOf(srv().office).length;
    const inB = ticketsOf(officeB()).length;
    await page.locator('[data-service="ho-tich"]').click();
    const number = ((await page.locator('[data-testid="number"]').textContent(WAIT)) ?? '').trim();
    expect(ticketsOf(officeB())).toHaveLength(inB + 1);
    expect(ticketsOf(officeB()).at(-1)!.number).toBe(number);
    expect(ticketsOf(srv().office)).toHaveLength(inA);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the wall display under /o/<slug>/display/ shows that office's calls, not another's", async () => {
    const { page, errors } = await open(`/o/${B}/display/`, '[data-testid="clock"]');
    await page.waitForFunction(() => Array.isArray(window.__luotRendered));
    // In the default office a land ticket (A…) called at counter 2; in B a civil one (B…) at its counter 1.
    const a = await counterSocket('');
    const kioskA = io(`${srv().url}/kiosk`, { transports: ['websocket'], forceNew: true });
    sockets.push(kioskA);
    await act<IssueResult>(kioskA, 'ticket:issue', { serviceId: 'dat-dai' });
    await act(a, 'counter:open', { counterId: 'q2' });
    const calledA = (await act<{ ticket: PublicTicket }>(a, 'ticket:callNext', { counterId: 'q2' })).ticket;
    const b = await counterSocket(`/o/${B}`);
    const kioskB = io(`${srv().url}/o/${B}/kiosk`, { transports: ['websocket'], forceNew: true });
    sockets.push(kioskB);
    await act<IssueResult>(kioskB, 'ticket:issue', { serviceId: 'ho-tich' });
    await act(b, 'counter:open', { counterId: 'q1' });
    const calledB = (await act<{ ticket: PublicTicket }>(b, 'ticket:callNext', { counterId: 'q1' })).ticket;
    expect(calledA.number).not.toBe(calledB.number);
    await expect.poll(() => page.locator('.hero[data-key]').getAttribute('data-number'), WAIT).toBe(calledB.number);
    const rendered = await page.evaluate(() => window.__luotRendered!.map((r) => r.number));
    expect(rendered).not.toContain(calledA.number);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the citizen's ticket page under /o/<slug>/t/<token> shows that office's ticket and its calls", async () => {
    const kiosk = io(`${srv().url}/o/${B}/kiosk`, { transports: ['websocket'], forceNew: true });
    sockets.push(kiosk);
    const issued = await act<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    const path = new URL(issued.trackUrl).pathname;
    expect(path).toBe(`/o/${B}/t/${issued.ticket.token}`);
    // The same token is unknown to the default office.
    expect((await srv().api('GET', `/api/tickets/${issued.ticket.token}`)).status).toBe(404);
    const { page, errors } = await open(path, '[data-testid="number"]');
    expect(await page.locator('[data-testid="number"]').textContent()).toBe(issued.ticket.number);
    // Live from B's /display feed: its call reaches the page.
    const b = await counterSocket(`/o/${B}`);
    await b.timeout(10_000).emitWithAck('counter:open', { counterId: 'q1' });
    // The counter may still hold the earlier test's call: it ends as a no-show first.
    await b.timeout(10_000).emitWithAck('ticket:noShow', { counterId: 'q1' });
    await act(b, 'ticket:call', { counterId: 'q1', ticketId: issued.ticket.id });
    await page.locator('[data-testid="called"]').waitFor(WAIT);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('kiosk, wall display and staff panel under /o/<slug>/ show their offline notices when the server goes, and recover by themselves', { timeout: 180_000 }, async () => {
    const kiosk = await open(`/o/${B}/kiosk/`, '[data-service="ho-tich"]');
    const display = await open(`/o/${B}/display/`, '.hero');
    const staff = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const staffErrors = watchErrors(staff);
    await staffLogin(staff, `${srv().url}/o/${B}/counter/#counter`, 'admin', ADMIN_PASSWORD);
    await staff.getByRole('img', { name: 'Đã kết nối máy chủ' }).waitFor(WAIT);

    await srv().stop();
    server = null;
    await kiosk.page.locator('[data-testid="offline"]').waitFor(WAIT);
    await display.page.locator('[data-testid="offline"]').waitFor(WAIT);
    await staff.getByRole('alert').filter({ hasText: 'Mất kết nối với máy chủ' }).waitFor(WAIT);

    server = await startTestServer({ port, dataDir, staticDir: distDir });
    await kiosk.page.locator('[data-testid="offline"]').waitFor({ state: 'detached', ...WAIT });
    await display.page.locator('[data-testid="offline"]').waitFor({ state: 'detached', ...WAIT });
    await staff.getByRole('alert').filter({ hasText: 'Mất kết nối với máy chủ' }).waitFor({ state: 'detached', ...WAIT });
    // Back on the same office: a tap issues in B.
    const inB = ticketsOf(officeB()).length;
    await kiosk.page.locator('[data-service="ho-tich"]').click();
    await kiosk.page.locator('[data-testid="number"]').waitFor(WAIT);
    expect(ticketsOf(officeB())).toHaveLength(inB + 1);
    for (const errors of [kiosk.errors, display.errors, staffErrors]) expect(errors.filter((e) => !AWAY.test(e))).toEqual([]);
    for (const p of [kiosk.page, display.page, staff]) await p.close();
  });

  it("an archived office's kiosk and displays say it has closed: screens already open, and opened after", async () => {
    token = await srv().login();
    const kiosk = await open(`/o/${B}/kiosk/`, '[data-service="ho-tich"]');
    const display = await open(`/o/${B}/display/`, '[data-testid="clock"]');
    const r = await srv().api('DELETE', `/api/province/offices/${B}`, undefined, token);
    expect(r.status).toBe(200);
    await kiosk.page.locator('[data-testid="closed"]').waitFor(WAIT);
    await display.page.locator('[data-testid="closed"]').waitFor(WAIT);
    await expect.poll(() => display.page.locator('[data-testid="closed"]').textContent(), WAIT).toContain('Trung tâm đã ngừng hoạt động');
    // The figures are gone, not left beside the notice.
    expect(await display.page.locator('.hero').count()).toBe(0);
    const fresh = await open(`/o/${B}/kiosk/`, '[data-testid="closed"]');
    await fresh.page.getByText('Trung tâm đã ngừng hoạt động').waitFor(WAIT);
    const counterDisplay = await open(`/o/${B}/display/?counter=1`, '[data-testid="closed"]');
    const staff = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const staffErrors = watchErrors(staff);
    await staffLogin(staff, `${srv().url}/o/${B}/counter/#counter`, 'admin', ADMIN_PASSWORD);
    await staff.locator('luot-counter-app [data-testid="closed"]').waitFor(WAIT);
    expect(await staff.locator('luot-counter-panel').count()).toBe(0);
    expect(staffErrors.filter((e) => !/office_archived|Failed to load resource/.test(e))).toEqual([]);
    await staff.close();
    // The default office is untouched.
    const other = await open('/kiosk/', '[data-service="ho-tich"]');
    expect(await other.page.locator('[data-testid="closed"]').count()).toBe(0);
    const login = await srv().api<LoginResult>('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.body.ok && login.body.offices?.some((o) => o.slug === B)).toBe(false);
    for (const p of [kiosk, display, fresh, counterDisplay, other]) {
      expect(p.errors.filter((e) => !/office_archived|Failed to load resource/.test(e))).toEqual([]);
      await p.page.close();
    }
  });
});
