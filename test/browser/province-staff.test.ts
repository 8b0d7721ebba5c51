// The staff app's province pages in a real Chromium against a real server holding two offices:
// the live overview (pushed by /province, offline banner when the link drops), the add-office
// form (live slug checks; the new office then serves its kiosk), the report comparing offices,
// the office switcher and the users form's office.
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };
const B = 'xa-tan-phu';
const B_NAME = 'Trung tâm Phục vụ hành chính công xã Tân Phú';
const AWAY = /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|Failed to load resource/;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe.skipIf(noBrowser)('staff app province pages in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer | null;
  let browser: Browser;
  let port: number;
  let dataDir: string;
  let slugA: string;
  const sockets: Socket[] = [];
  const srv = () => server!;

  async function issue(prefix: string, serviceId: string): Promise<IssueResult> {
    const s = io(`${srv().url}${prefix}/kiosk`, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(s);
    const r = (await s.timeout(10_000).emitWithAck('ticket:issue', { serviceId })) as Result<IssueResult>;
    s.close();
    if (!r.ok) throw new Error(r.error.message);
    return r;
  }

  beforeAll(async () => {
    ensureBuilt();
    port = await freePort();
    dataDir = await mkdtemp(join(tmpdir(), 'luot-province-staff-'));
    server = await startTestServer({ port, dataDir, staticDir: distDir });
    slugA = srv().deployment.defaultHost.office.slug;
    const token = await srv().login();
    const created = await srv().api('POST', '/api/province/offices', { name: { vi: B_NAME, en: 'Tan Phu Commune Service Centre' }, slug: B, timeZone: 'Asia/Ho_Chi_Minh', copyServicesFrom: slugA }, token);
    expect(created.status).toBe(201);
    browser = await launch();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signedIn(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors = watchErrors(page);
    await staffLogin(page, `${srv().url}${path}`, 'admin', ADMIN_PASSWORD);
    return { page, errors };
  }
  const card = (page: Page, slug: string) => page.locator(`luot-province-overview section[data-office="${slug}"]`);
  const waitingOf = async (page: Page, slug: string) => Number(((await card(page, slug).locator('[data-testid="waiting"]').textContent()) ?? '').replace(/\D/g, ''));
  const liveWaiting = (slug: string) => [...srv().deployment.bySlug(slug)!.office.engine.tickets()].filter((t) => t.state === 'waiting').length;

  it("'Toàn tỉnh' shows every office live, updates when a ticket is issued in one, and never shows stale figures as live", { timeout: 180_000 }, async () => {
    const { page, errors } = await signedIn('/counter/#province');
    await card(page, slugA).waitFor(WAIT);
    await card(page, B).waitFor(WAIT);
    await expect(card(page, B).locator('h2').textContent()).resolves.toBe(B_NAME);
    expect(await waitingOf(page, B)).toBe(liveWaiting(B));
    const before = { a: await waitingOf(page, slugA), b: await waitingOf(page, B) };

    await issue(`/o/${B}`, 'ho-tich');
    await issue(`/o/${B}`, 'dat-dai');
    await expect.poll(() => waitingOf(page, B), WAIT).toBe(before.b + 2);
    expect(await waitingOf(page, slugA)).toBe(before.a);
    await issue('', 'ho-tich');
    await expect.poll(() => waitingOf(page, slugA), WAIT).toBe(before.a + 1);
    expect(await page.locator('luot-province-overview [data-live]').getAttribute('data-live')).toBe('true');

    await srv().stop();
    server = null;
    const banner = page.locator('[data-testid="province-offline"]');
    await banner.waitFor(WAIT);
    expect(await banner.textContent()).toContain('KHÔNG phải số liệu trực tiếp');
    expect(await page.locator('luot-province-overview [data-live]').getAttribute('data-live')).toBe('false');

    server = await startTestServer({ port, dataDir, staticDir: distDir });
    await banner.waitFor({ state: 'detached', ...WAIT });
    expect(await page.locator('luot-province-overview [data-live]').getAttribute('data-live')).toBe('true');
    // Fresh after the return: a ticket issued while nobody watched is counted.
    await issue(`/o/${B}`, 'ho-tich');
    await expect.poll(() => waitingOf(page, B), WAIT).toBe(liveWaiting(B));
    expect(errors.filter((e) => !AWAY.test(e))).toEqual([]);
    await page.close();
  });

  it('the add-office form checks the slug as it is typed, and the new office then serves its kiosk', async () => {
    const { page, errors } = await signedIn('/counter/#offices');
    const form = page.locator('luot-office-form');
    await form.getByLabel('Tên (tiếng Việt)').fill('Xã Đông Hưng');
    await expect.poll(() => form.locator('#office-slug').inputValue(), WAIT).toBe('xa-dong-hung');
    await form.locator('#office-slug').fill('Xa Dong');
    await expect.poll(() => form.locator('[data-testid="slug-error"]').textContent(), WAIT).toContain('Chỉ chữ thường không dấu');
    await form.locator('#office-slug').fill(B);
    await expect.poll(() => form.locator('[data-testid="slug-error"]').textContent(), WAIT).toContain('đã được dùng');
    await form.locator('#office-slug').fill('xa-dong-hung');
    await expect(form.locator('[data-testid="slug-error"]').count()).resolves.toBe(0);
    await form.getByLabel('Tên (tiếng Anh)').fill('Dong Hung Commune');
    await form.getByLabel('Sao chép danh sách dịch vụ từ').selectOption(slugA);
    await form.getByRole('button', { name: 'Tạo trung tâm' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã tạo trung tâm Xã Đông Hưng' }).waitFor(WAIT);
    await page.locator('luot-province-offices tr[data-office="xa-dong-hung"]').waitFor(WAIT);
    expect(srv().deployment.bySlug('xa-dong-hung')?.office.settings.officeName.vi).toBe('Xã Đông Hưng');

    const kiosk = await browser.newPage();
    const kioskErrors = watchErrors(kiosk);
    await kiosk.goto(`${srv().url}/o/xa-dong-hung/kiosk/`);
    await kiosk.locator('[data-service="ho-tich"]').waitFor(WAIT);
    await kiosk.locator('[data-service="ho-tich"]').click();
    await kiosk.locator('[data-testid="number"]').waitFor(WAIT);
    expect([...srv().deployment.bySlug('xa-dong-hung')!.office.engine.tickets()]).toHaveLength(1);
    expect([...kioskErrors, ...errors]).toEqual([]);
    await kiosk.close();
    await page.close();
  });

  it('the province report compares the offices, with charts and the CSV', async () => {
    await issue(`/o/${B}`, 'tu-phap');
    const { page, errors } = await signedIn('/counter/#province-report');
    await page.getByRole('button', { name: 'Hôm nay' }).click();
    const rowB = page.locator(`luot-province-report tr[data-office="${B}"]`);
    const rowA = page.locator(`luot-province-report tr[data-office="${slugA}"]`);
    await rowB.waitFor(WAIT);
    await rowA.waitFor(WAIT);
    const issuedIn = (slug: string) => [...srv().deployment.bySlug(slug)!.office.engine.tickets()].length;
    const cell = async (row: typeof rowA) => Number(((await row.locator('td').nth(1).textContent()) ?? '').replace(/\D/g, ''));
    expect(await cell(rowB)).toBe(issuedIn(B));
    expect(await cell(rowA)).toBe(issuedIn(slugA));
    expect(await rowB.locator('td').first().textContent()).toBe(B_NAME);
    expect(await page.locator('luot-province-report luot-bar-chart').count()).toBe(2);
    const download = page.waitForEvent('download');
    await page.locator('luot-province-report').getByRole('button', { name: 'Tải CSV' }).click();
    const file = await (await download).path();
    const csv = await readFile(file!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(B_NAME);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the office switcher opens another office's staff app in the same view, and the users form says where an account works", async () => {
    const { page, errors } = await signedIn('/counter/#supervisor');
    const switcher = page.getByLabel('Chuyển trung tâm');
    await switcher.waitFor(WAIT);
    await switcher.selectOption(B);
    await page.waitForURL(`**/o/${B}/counter/#supervisor`, WAIT);
    await expect.poll(() => page.locator('header .office').textContent(), WAIT).toBe(B_NAME);

    await page.goto(`${srv().url}/o/${B}/counter/#settings`);
    await page.getByRole('button', { name: 'Người dùng' }).click();
    const users = page.locator('luot-settings-users');
    await users.locator('#new-role').waitFor(WAIT);
    expect(await users.locator('#new-role option').allTextContents()).toEqual(['Quản trị tỉnh', 'Quản trị trung tâm', 'Giám sát', 'Cán bộ']);
    await users.locator('#new-role').selectOption('supervisor');
    await expect.poll(() => users.locator('[data-testid="new-user-office"]').textContent(), WAIT).toContain(B_NAME);
    await users.locator('#new-username').fill('lan');
    await users.locator('#new-name').fill('Nguyễn Thị Lan');
    await users.getByRole('button', { name: 'Tạo người dùng' }).click();
    const row = users.locator('tr[data-user="lan"]');
    await row.waitFor(WAIT);
    expect(await row.locator('[data-testid="user-office"]').textContent()).toBe(B_NAME);
    const lan = srv().deployment.accounts.data.users.find((u) => u.username === 'lan')!;
    expect(lan.officeId).toBe(srv().deployment.bySlug(B)!.office.id);
    expect(await users.locator('tr[data-user="admin"] [data-testid="user-office"]').textContent()).toBe('Toàn tỉnh');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an account of another office signing in at /counter/ lands in its own office's staff app", async () => {
    const token = await srv().login();
    const r = await srv().api('POST', `/api/o/${B}/users`, { username: 'minh', name: 'Trần Văn Minh', role: 'staff', password: 'mat-khau-can-bo' }, token);
    expect(r.status).toBe(201);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await staffLogin(page, `${srv().url}/counter/#counter`, 'minh', 'mat-khau-can-bo');
    await page.waitForURL(`**/o/${B}/counter/#counter`, WAIT);
    await expect.poll(() => page.locator('header .office').textContent(), WAIT).toBe(B_NAME);
    await page.getByRole('img', { name: 'Đã kết nối máy chủ' }).waitFor(WAIT);
    // No province pages for an office's staff.
    expect(await page.getByRole('link', { name: 'Toàn tỉnh' }).count()).toBe(0);
    expect(errors.filter((e) => !/403|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });
});
