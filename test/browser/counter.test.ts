// The staff app in Chromium against a real server: log in, run a counter (call, start, complete
// with a file code, no-show, transfer, pause, keyboard shortcuts), see calls reach the wall
// display, supervise, change settings that an open kiosk picks up live, report and export, and
// survive an expired session without losing the counter. Screenshots go to test-artifacts/staff/.
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_REASONS } from '../../shared/i18n.js';
import type { IssueResult, UserPublic } from '../../shared/types.js';
import { axeSerious } from '../support/axe.js';
import { distDir, ensureBuilt, launch, noBrowser, root, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';

const artifacts = join(root, 'test-artifacts', 'staff');
/** A shared, slow machine: generous, and always waiting *for* something. */
const WAIT = { timeout: 30_000 };
const STEP = 180_000;
const VIEWPORT = { width: 1366, height: 800 };
const STAFF_PASSWORD = 'mat-khau-can-bo';
/**
 * What Chromium logs for refusals the test provokes on purpose: 401 (wrong password, expired
 * session), 409 (demoting the last admin).
 */
const PROVOKED = /Failed to load resource: the server responded with a status of (401|409)/;

// The server's clock: a Monday morning that runs in real time and can jump ahead (session expiry).
const DAY = '2026-03-16';
const BASE = new Date(`${DAY}T08:00:00+07:00`).getTime();
const T0 = Date.now();
let jump = 0;
const now = () => new Date(BASE + (Date.now() - T0) + jump);
/** Working days before DAY with a history, so that the month's report has something to chart. */
const PAST_DAYS = ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];

/**
 * Plays past working days into `dataDir` on a server of their own (its clock steps through the
 * script): three service lines, each at its own counter, with varied waits, no-shows,
 * cancellations, file codes and ratings. Deterministic (a fixed pseudo-random sequence).
 */
async function seedPastDays(dataDir: string): Promise<void> {
  let clock = new Date(`${PAST_DAYS[0]}T07:00:00+07:00`);
  const seed = await startTestServer({ dataDir, now: () => clock, tickMs: 3_600_000 });
  try {
    for (const [username, name] of [['hoa', 'Lê Thị Hoa'], ['minh', 'Trần Văn Minh']]) {
      const r = await seed.api('POST', '/api/users', { username, name, role: 'staff', password: STAFF_PASSWORD }, await seed.login());
      if (!r.body.ok) throw new Error(r.body.error.message);
    }
    const kiosk = await seed.connect('/kiosk');
    // Sessions last twelve hours: each day's staff log in that morning.
    const socketOf = async (username: string, password = STAFF_PASSWORD) => seed.connect('/counter', { token: await seed.login(username, password) });
    const lines = [
      { serviceId: 'dat-dai', counterId: 'q1', who: 'hoa', serve: [6, 14] },
      { serviceId: 'ho-tich', counterId: 'q3', who: 'hoa', serve: [3, 9] },
      { serviceId: 'tu-phap', counterId: 'q4', who: 'minh', serve: [2, 7] },
    ] as const;
    let state = 20260316;
    const rand = (lo: number, hi: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      // The high bits: an LCG's low bits cycle with a short period.
      return lo + (Math.floor(state / 65_536) % (hi - lo + 1));
    };
    const ok = async (socket: Socket, event: string, payload: unknown) => {
      const r = await request(socket, event, payload);
      if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
      return r as unknown as Record<string, unknown>;
    };
    const MIN = 60_000;
    for (const [d, day] of PAST_DAYS.entries()) {
      clock = new Date(`${day}T07:00:00+07:00`);
      const sockets = { hoa: await socketOf('hoa'), minh: await socketOf('minh') };
      const sup = await socketOf('admin', ADMIN_PASSWORD);
      const events: { at: number; seq: number; run: () => Promise<unknown> }[] = [];
      const at = (ms: number, run: () => Promise<unknown>) => events.push({ at: ms, seq: events.length, run });
      const opening = new Date(`${day}T07:30:00+07:00`).getTime();
      for (const line of lines) {
        const socket = sockets[line.who];
        at(opening - MIN, () => ok(socket, 'counter:open', { counterId: line.counterId }));
        // Mondays and the day after a holiday are busier.
        const n = rand(4, 8) + (d % 5 === 0 ? 4 : 0);
        let issuedAt = opening;
        let free = opening;
        for (let i = 0; i < n; i++) {
          issuedAt += rand(3, 14) * MIN;
          const ticket = { id: '', token: '' };
          at(issuedAt, async () => {
            const r = (await ok(kiosk, 'ticket:issue', { serviceId: line.serviceId, ...(rand(1, 6) === 1 ? { priority: 'elderly' } : {}) })) as unknown as IssueResult;
            Object.assign(ticket, { id: r.ticket.id, token: r.ticket.token });
          });
          const fate = rand(1, 12);
          if (fate === 1) {
            at(issuedAt + 2 * MIN, () => ok(sup, 'ticket:cancel', { ticketId: ticket.id }));
            continue;
          }
          const callAt = Math.max(issuedAt + rand(1, 8) * MIN, free + MIN);
          at(callAt, () => ok(socket, 'ticket:call', { counterId: line.counterId, ticketId: ticket.id }));
          if (fate === 2) {
            free = callAt + 3 * MIN;
            at(free, () => ok(socket, 'ticket:noShow', { counterId: line.counterId }));
            continue;
          }
          const done = callAt + MIN + rand(line.serve[0], line.serve[1]) * MIN;
          free = done;
          at(callAt + MIN, () => ok(socket, 'ticket:start', { counterId: line.counterId }));
          const fileCode = rand(1, 3) > 1 ? `${line.serviceId.toUpperCase()}-${day.slice(5).replace('-', '')}-${String(i + 1).padStart(3, '0')}` : undefined;
          at(done, () => ok(socket, 'ticket:complete', { counterId: line.counterId, ...(fileCode ? { fileCode } : {}) }));
          if (rand(1, 2) === 1) {
            const score = [1, 2, 3, 3, 3][rand(0, 4)]!;
            at(done + MIN, () => seed.api('POST', `/api/tickets/${ticket.token}/rating`, { score }));
          }
        }
      }
      events.sort((a, b) => a.at - b.at || a.seq - b.seq);
      for (const e of events) {
        clock = new Date(e.at);
        await e.run();
      }
      for (const s of [sockets.hoa, sockets.minh, sup]) s.close();
    }
  } finally {
    await seed.stop();
  }
}

describe.skipIf(noBrowser)('staff app in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let kiosk: Socket;
  let admin: string;
  let lan: UserPublic;
  let panelCtx: BrowserContext;
  let panel: Page;
  let panelErrors: string[];
  let wall: Page;
  let adminPage: Page;
  let adminErrors: string[];
  let kioskPage: Page;
  const fileCode = 'HS-2026/ĐĐ-0042';
  let completedNumber = '';

  async function issue(serviceId: string): Promise<IssueResult> {
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId });
    if (!r.ok) throw new Error(`issue ${serviceId}: ${r.error.message}`);
    return r;
  }
  async function createUser(username: string, name: string, role: 'staff' | 'supervisor'): Promise<UserPublic> {
    const r = await server.api<{ user: UserPublic }>('POST', '/api/users', { username, name, role, password: STAFF_PASSWORD }, admin);
    if (!r.body.ok) throw new Error(r.body.error.message);
    return r.body.user;
  }
  async function login(page: Page, username: string, password: string) {
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  }
  const action = (page: Page, id: string): Locator => page.locator(`[data-action="${id}"]`);
  const currentNumber = (page: Page) => page.getByTestId('current-number');
  /** The server's own view of the panel's counter. */
  const q3 = () => server.office.engine.publicCounter('q3')!;
  const unexpected = (errors: string[]) => errors.filter((e) => !PROVOKED.test(e)).join('\n');

  let dataDir: string;

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(artifacts, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'luot-staff-'));
    await seedPastDays(dataDir);
    server = await startTestServer({ staticDir: distDir, now, dataDir });
    admin = await server.login();
    lan = await createUser('lan', 'Nguyễn Thị Lan', 'staff');
    kiosk = await server.connect('/kiosk');
    browser = await launch();
    // The panel gets axe injected later: a script tag the page's CSP would otherwise refuse.
    panelCtx = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
    panel = await panelCtx.newPage();
    panelErrors = watchErrors(panel);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong password with a clear Vietnamese message', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/counter/`);
    await login(page, 'lan', 'sai-mat-khau');
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toContain('Sai tên đăng nhập hoặc mật khẩu');
    // Still the login form: nothing behind it opened.
    expect(await page.getByRole('button', { name: 'Đăng nhập' }).isVisible()).toBe(true);
    expect(unexpected(errors)).toBe('');
    await page.close();
  }, STEP);

  it('logs in, opens the counter, and a call reaches the wall display', async () => {
    wall = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await wall.goto(`${server.url}/display/`);

    const b1 = await issue('ho-tich');
    await issue('tu-phap');
    await issue('ho-tich');
    await issue('tu-phap');

    await panel.goto(`${server.url}/counter/`);
    await login(panel, 'lan', STAFF_PASSWORD);
    await panel.getByLabel('Quầy của máy này').selectOption('q3');
    await panel.getByRole('button', { name: 'Mở quầy' }).click();
    await expect.poll(() => q3().status, WAIT).toBe('idle');
    // The device remembers its counter.
    expect(await panel.evaluate(() => localStorage.getItem('luot.counterId'))).toBe('q3');
    // Every waiting ticket of the counter's services is listed, with how long it has waited.
    await panel.locator('luot-waiting-list li[data-ticket]').first().waitFor(WAIT);
    expect(await panel.locator('luot-waiting-list li[data-ticket]').count()).toBe(4);

    await action(panel, 'callNext').click();
    await currentNumber(panel).filter({ hasText: b1.ticket.number }).waitFor(WAIT);
    // Only what makes sense now: a called ticket can be recalled, started, finished, transferred.
    for (const id of ['recall', 'start', 'complete', 'noShow', 'transfer']) expect(await action(panel, id).isEnabled(), id).toBe(true);
    for (const id of ['callNext', 'pause']) expect(await action(panel, id).isDisabled(), id).toBe(true);
    await wall.getByText(b1.ticket.number).first().waitFor(WAIT);
  }, STEP);

  it('starts and completes with a file code', async () => {
    await action(panel, 'start').click();
    await panel.locator('luot-current-ticket').getByText('Đang phục vụ').waitFor(WAIT);
    expect(await action(panel, 'recall').isDisabled()).toBe(true);
    completedNumber = (await currentNumber(panel).textContent())!.trim();
    await panel.getByLabel('Mã hồ sơ').fill(fileCode);
    await action(panel, 'complete').click();
    await panel.getByText(`Đã hoàn thành số ${completedNumber}.`).waitFor(WAIT);
    await expect.poll(() => panel.getByTestId('today-served').textContent(), WAIT).toBe('1');
    const done = [...server.office.engine.tickets()].find((t) => t.number === completedNumber)!;
    expect(done.state).toBe('done');
    expect(done.fileCode).toBe(fileCode);
  }, STEP);

  it('works from the keyboard: call, recall, start, complete, no-show', async () => {
    await panel.keyboard.press('g');
    await currentNumber(panel).waitFor(WAIT);
    const called = (await currentNumber(panel).textContent())!.trim();
    // Shortcut letters typed into a field are text, not actions.
    const code = panel.getByLabel('Mã hồ sơ');
    await code.pressSequentially('lbhv');
    expect(await code.inputValue()).toBe('lbhv');
    expect([q3().status, q3().current?.callCount]).toEqual(['calling', 1]);
    await code.fill('');
    await code.blur();
    await panel.keyboard.press('l');
    await expect.poll(() => q3().current?.callCount, WAIT).toBe(2);
    await panel.keyboard.press('b');
    await expect.poll(() => q3().status, WAIT).toBe('serving');
    await panel.keyboard.press('h');
    await panel.getByText(`Đã hoàn thành số ${called}.`).waitFor(WAIT);

    await panel.keyboard.press('g');
    await currentNumber(panel).waitFor(WAIT);
    const absent = (await currentNumber(panel).textContent())!.trim();
    await panel.keyboard.press('v');
    await panel.getByText(`Đã ghi nhận số ${absent} vắng mặt.`).waitFor(WAIT);
    await expect.poll(() => panel.getByTestId('today-noshows').textContent(), WAIT).toBe('1');
    expect([...server.office.engine.tickets()].find((t) => t.number === absent)?.state).toBe('no_show');
  }, STEP);

  it('transfers to another service: the same number waits there', async () => {
    await issue('ho-tich');
    await action(panel, 'callNext').click();
    await currentNumber(panel).waitFor(WAIT);
    const number = (await currentNumber(panel).textContent())!.trim();
    const from = q3().current!.serviceId;
    const to = from === 'ho-tich' ? 'tu-phap' : 'ho-tich';
    await action(panel, 'transfer').click();
    await panel.getByRole('dialog').getByLabel('Chuyển đến').selectOption(`service:${to}`);
    await panel.getByRole('dialog').getByRole('button', { name: 'Chuyển' }).click();
    await panel.getByText(`Đã chuyển số ${number}.`).waitFor(WAIT);
    // Listed again, in the other service's queue of this counter, under the same number.
    const toName = to === 'tu-phap' ? 'Tư pháp – Chứng thực' : 'Hộ tịch';
    await panel.locator('luot-waiting-list').getByRole('region', { name: toName }).locator(`li[data-ticket="${number}"]`).waitFor(WAIT);
    const t = [...server.office.engine.tickets()].find((x) => x.number === number)!;
    expect([t.state, t.serviceId, t.transfers]).toEqual(['waiting', to, 1]);
  }, STEP);

  it('pauses with a reason and resumes', async () => {
    await action(panel, 'pause').click();
    const dialog = panel.getByRole('dialog');
    await dialog.getByLabel('Họp').check();
    await dialog.getByRole('button', { name: 'Tạm dừng' }).click();
    await expect.poll(() => q3().status, WAIT).toBe('paused');
    expect(q3().pausedReason).toBe('Họp');
    await panel.locator('luot-current-ticket').getByText('Họp').waitFor(WAIT);
    expect(await action(panel, 'callNext').isDisabled()).toBe(true);
    await panel.keyboard.press('t');
    await expect.poll(() => q3().status, WAIT).toBe('idle');
    await expect.poll(() => action(panel, 'callNext').isEnabled(), WAIT).toBe(true);
  }, STEP);

  it('has no serious accessibility finding on the counter panel, and is screenshotted', async () => {
    await issue('tu-phap');
    await action(panel, 'callNext').click();
    await currentNumber(panel).waitFor(WAIT);
    // A realistic queue for the screenshot and for axe: priorities, both services.
    for (const [serviceId, priority] of [['ho-tich', 'elderly'], ['tu-phap', null], ['ho-tich', null], ['tu-phap', 'pregnant'], ['ho-tich', null]] as const) {
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId, ...(priority ? { priority } : {}) });
      if (!r.ok) throw new Error(r.error.message);
    }
    await expect.poll(() => panel.locator('luot-waiting-list li[data-ticket]').count(), WAIT).toBeGreaterThanOrEqual(7);
    await panel.screenshot({ path: join(artifacts, 'counter-panel.png') });
    expect(await axeSerious(panel)).toEqual([]);
    // The same screen in English.
    await panel.getByRole('button', { name: 'English' }).click();
    await action(panel, 'recall').getByText('Recall').waitFor(WAIT);
    await panel.screenshot({ path: join(artifacts, 'counter-panel-en.png') });
    await panel.getByRole('button', { name: 'Tiếng Việt' }).click();
    await action(panel, 'recall').getByText('Gọi lại').waitFor(WAIT);
  }, STEP);

  it('does not let a staff member open the settings', async () => {
    expect(await panel.getByRole('link', { name: 'Cài đặt' }).count()).toBe(0);
    await panel.goto(`${server.url}/counter/#settings`);
    await panel.getByText('Không có quyền truy cập').waitFor(WAIT);
    expect(await panel.locator('luot-settings-view').count()).toBe(0);
    const token = await server.login('lan', STAFF_PASSWORD);
    expect((await server.api('GET', '/api/settings', undefined, token)).status).toBe(403);
    await panel.goto(`${server.url}/counter/#counter`);
    await currentNumber(panel).waitFor(WAIT);
  }, STEP);

  it('makes a user with a temporary password choose a new one first', async () => {
    const u = await createUser('tam', 'Phạm Văn Tạm', 'staff');
    await server.api('PUT', `/api/users/${u.id}`, { password: 'mat-khau-tam-thoi' }, admin);
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/counter/`);
    await login(page, 'tam', 'mat-khau-tam-thoi');
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor(WAIT);
    expect(await page.locator('luot-counter-panel').count()).toBe(0);
    await page.getByLabel('Mật khẩu hiện tại').fill('mat-khau-tam-thoi');
    await page.getByLabel('Mật khẩu mới (ít nhất 8 ký tự)').fill('ngan');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('ngan');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByText('Cần ít nhất 8 ký tự').waitFor(WAIT);
    await page.getByLabel('Mật khẩu mới (ít nhất 8 ký tự)').fill('mat-khau-cua-tam');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-cua-tam');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByLabel('Quầy của máy này').waitFor(WAIT);
    expect(server.office.accounts.users.find((x) => x.id === u.id)?.mustChangePassword).toBe(false);
    expect(unexpected(errors)).toBe('');
    await page.close();
  }, STEP);

  it('shows settings changes on an open kiosk without a reload', async () => {
    kioskPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await kioskPage.goto(`${server.url}/kiosk/`);
    await kioskPage.locator('[data-service="dkkd"]').first().waitFor(WAIT);

    adminPage = await browser.newPage({ viewport: VIEWPORT });
    adminErrors = watchErrors(adminPage);
    await adminPage.goto(`${server.url}/counter/#settings`);
    await login(adminPage, 'admin', ADMIN_PASSWORD);
    await adminPage.getByRole('button', { name: 'Lĩnh vực' }).click();

    // A new service, after the form has explained what was wrong.
    await adminPage.getByRole('button', { name: '+ Thêm lĩnh vực' }).click();
    const form = adminPage.locator('luot-service-form');
    await form.getByLabel('Mã lĩnh vực').fill('cong-chung');
    await form.getByLabel('Chữ đầu số').fill('e1');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.getByText('Không được để trống').first().waitFor(WAIT);
    await form.getByText('Chỉ dùng chữ in hoa A–Z (có thể để trống)').waitFor(WAIT);
    await form.getByLabel('Tên tiếng Việt').fill('Công chứng – Sao y bản chính');
    await form.getByLabel('Tên tiếng Anh').fill('Notary – Certified copies');
    await form.getByLabel('Chữ đầu số').fill('E');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await kioskPage.getByText('Công chứng – Sao y bản chính').first().waitFor(WAIT);

    // A renamed service.
    await adminPage.getByRole('button', { name: 'Sửa Đăng ký kinh doanh' }).click();
    await form.getByLabel('Tên tiếng Việt').fill('Đăng ký doanh nghiệp');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await kioskPage.getByText('Đăng ký doanh nghiệp').first().waitFor(WAIT);

    // Closed hours: Monday afternoons only, and it is Monday morning.
    await adminPage.getByRole('button', { name: 'Sửa Bảo trợ xã hội – Người có công' }).click();
    await form.getByLabel('Nhận số suốt ngày, mọi ngày (không giới hạn giờ)').uncheck();
    await form.getByRole('button', { name: 'Bỏ Thứ Hai 1' }).click();
    await form.getByRole('button', { name: 'Lưu' }).click();
    await kioskPage
      .locator('[data-service="ldtbxh"]')
      .getByText(CLOSED_REASONS.before_hours.vi)
      .waitFor(WAIT);
    const svc = server.office.config.services.find((s) => s.id === 'ldtbxh')!;
    expect(svc.hours?.weekly.mon).toEqual([{ from: '13:30', to: '17:00' }]);
    // Only the changed fields were sent: the kiosk order was not reset.
    expect(svc.order).toBe(6);
    await adminPage.locator('luot-settings-services').getByText('Đã lưu “Bảo trợ xã hội – Người có công”.').waitFor(WAIT);
    await adminPage.screenshot({ path: join(artifacts, 'settings-services.png'), fullPage: true });
  }, STEP);

  it('saves office settings without dropping fields it does not know', async () => {
    const before = structuredClone(server.office.settings) as unknown as Record<string, unknown>;
    await adminPage.getByRole('button', { name: 'Cơ quan' }).click();
    const office = adminPage.locator('luot-settings-office');
    await office.getByLabel('Tên cơ quan (tiếng Việt)').fill('');
    await office.getByRole('button', { name: 'Lưu' }).click();
    await office.getByText('Không được để trống').waitFor(WAIT);
    await office.getByLabel('Tên cơ quan (tiếng Việt)').fill('Bộ phận Một cửa — UBND phường Sài Gòn');
    await office.getByLabel('Địa chỉ công khai cho mã QR').fill('khong-phai-url');
    await office.getByRole('button', { name: 'Lưu' }).click();
    await office.getByText('Địa chỉ không hợp lệ (bắt đầu bằng http:// hoặc https://)').waitFor(WAIT);
    await office.getByLabel('Địa chỉ công khai cho mã QR').fill('');
    await office.getByRole('button', { name: 'Lưu' }).click();
    await office.getByText('Đã lưu. Ki-ốt và màn hình cập nhật ngay').waitFor(WAIT);
    const after = server.office.settings as unknown as Record<string, unknown>;
    expect(after.officeName).toEqual({ vi: 'Bộ phận Một cửa — UBND phường Sài Gòn', en: (before.officeName as { en: string }).en });
    for (const [k, v] of Object.entries(before)) if (k !== 'officeName') expect(after[k], k).toEqual(v);
    await kioskPage.getByText('Bộ phận Một cửa — UBND phường Sài Gòn').first().waitFor(WAIT);
    await office.getByRole('button', { name: 'In thử' }).click();
    await office.getByText('Đã in thử').waitFor(WAIT);

    await adminPage.screenshot({ path: join(artifacts, 'settings-office.png'), fullPage: true });

    // The voice clip pack (Cài đặt → Giọng đọc): one request per file, named after the file
    // (a letter no call here says: the file is a header without sound).
    const wav = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(28)]);
    await adminPage.locator('luot-settings-view nav.tabs').getByRole('button', { name: 'Giọng đọc' }).click();
    const upload = adminPage.locator('luot-clip-upload');
    await upload.getByLabel('Chọn tệp âm thanh').setInputFiles([
      { name: 'letter-z.wav', mimeType: 'audio/wav', buffer: wav },
      { name: 'Số 1.wav', mimeType: 'audio/wav', buffer: wav },
    ]);
    await upload.getByText('Đã tải lên 1/2 tệp').waitFor(WAIT);
    await upload.getByText('tên tệp chỉ được gồm a-z, 0-9 và dấu -').waitFor(WAIT);
    expect(readFileSync(join(dataDir, 'clips', 'letter-z.wav'))).toEqual(wav);
    await adminPage.locator('luot-settings-view nav.tabs').getByRole('button', { name: 'Cơ quan' }).click();
  }, STEP);

  it('shows the server refusing to demote the last admin, and lists counters and users', async () => {
    const settings = adminPage.locator('luot-settings-view');
    await settings.getByRole('button', { name: 'Quầy' }).click();
    await settings.locator('luot-settings-counters tr[data-counter="q6"]').waitFor(WAIT);
    await settings.getByRole('button', { name: 'Sửa Quầy 3' }).click();
    await adminPage.screenshot({ path: join(artifacts, 'settings-counters.png'), fullPage: true });

    await settings.getByRole('button', { name: 'Người dùng' }).click();
    const users = settings.locator('luot-settings-users');
    await users.getByRole('button', { name: 'Sửa admin' }).click();
    await users.getByLabel('Vai trò').first().selectOption('staff');
    await users.getByRole('button', { name: 'Lưu', exact: true }).first().click();
    await users.getByText('Không thể xoá, khoá hoặc hạ quyền quản trị viên cuối cùng').waitFor(WAIT);
    expect(server.office.accounts.users.find((u) => u.username === 'admin')?.role).toBe('admin');
    await adminPage.screenshot({ path: join(artifacts, 'settings-users.png'), fullPage: true });
    await users.getByRole('button', { name: 'Huỷ bỏ' }).first().click();
  }, STEP);

  it('lets a supervisor cancel, move and call any waiting ticket', async () => {
    const staffToken = await server.login('tam', 'mat-khau-cua-tam');
    const q4 = await server.connect('/counter', { token: staffToken });
    const opened = await request(q4, 'counter:open', { counterId: 'q4' });
    expect(opened.ok).toBe(true);
    const toCancel = await issue('dat-dai');
    const toMove = await issue('dat-dai');
    const toCall = await issue('tu-phap');

    await adminPage.goto(`${server.url}/counter/#supervisor`);
    const board = adminPage.locator('luot-supervisor-view');
    await board.locator(`tr[data-ticket="${toCancel.ticket.number}"]`).waitFor(WAIT);
    await board.getByTestId('printer-status').getByText('Máy in: sẵn sàng').waitFor(WAIT);
    await adminPage.screenshot({ path: join(artifacts, 'supervisor.png'), fullPage: true });
    // The counter panel's state is on the board: staff, current ticket, time in state.
    await board.locator('tr[data-counter="q3"]').getByText('Nguyễn Thị Lan').waitFor(WAIT);

    await board.getByRole('button', { name: `Huỷ số ${toCancel.ticket.number}` }).click();
    await board.getByRole('button', { name: 'Chắc chắn huỷ?' }).click();
    await board.locator(`tr[data-ticket="${toCancel.ticket.number}"]`).waitFor({ state: 'detached', ...WAIT });
    expect(server.office.engine.ticketById(toCancel.ticket.id)?.state).toBe('cancelled');

    await board.getByRole('button', { name: `Chuyển số ${toMove.ticket.number}` }).click();
    await board.getByRole('dialog').getByLabel('Chuyển đến').selectOption('service:ho-tich');
    await board.getByRole('dialog').getByRole('button', { name: 'Chuyển' }).click();
    await board.locator(`tr[data-ticket="${toMove.ticket.number}"]`).getByText('Hộ tịch').waitFor(WAIT);

    await board.getByRole('button', { name: `Gọi số ${toCall.ticket.number} đến một quầy` }).click();
    await board.getByRole('dialog').getByLabel('Quầy', { exact: true }).selectOption('counter:q4');
    await board.getByRole('dialog').getByRole('button', { name: 'Gọi đến quầy' }).click();
    await board.locator('tr[data-counter="q4"]').getByText(toCall.ticket.number).waitFor(WAIT);
    await wall.getByText(toCall.ticket.number).first().waitFor(WAIT);
    q4.close();
  }, STEP);

  it('reports the day, charts it, prints it and exports the CSV with the file code', async () => {
    await adminPage.goto(`${server.url}/counter/#reports`);
    const reports = adminPage.locator('luot-reports-view');
    await reports.getByTestId('kpis').waitFor(WAIT);
    await reports.locator('luot-bar-chart svg').first().waitFor(WAIT);
    await expect.poll(() => reports.getByTestId('kpis').textContent(), WAIT).toMatch(/Đã phục vụ\s*2\b/);

    // The month so far: the past days' journals and today, one bar group per day.
    await reports.getByRole('button', { name: 'Tháng này' }).click();
    await reports.locator('p.no-print', { hasText: 'Từ ngày 01/03/2026 đến ngày 16/03/2026' }).waitFor(WAIT);
    await expect.poll(() => reports.locator('luot-bar-chart').first().locator('svg > g').count(), WAIT).toBe(PAST_DAYS.length + 1);
    await adminPage.screenshot({ path: join(artifacts, 'reports.png'), fullPage: true });
    await adminPage.emulateMedia({ media: 'print' });
    await reports.getByText('BÁO CÁO KẾT QUẢ TIẾP NHẬN VÀ PHỤC VỤ CÔNG DÂN').waitFor(WAIT);
    await adminPage.screenshot({ path: join(artifacts, 'reports-print.png'), fullPage: true });
    await adminPage.emulateMedia({ media: 'screen' });
    await reports.getByRole('button', { name: 'Hôm nay' }).click();
    await expect.poll(() => reports.getByTestId('kpis').textContent(), WAIT).toMatch(/Đã phục vụ\s*2\b/);

    // Per staff member: the tickets Lan called last.
    const lans = [...server.office.engine.tickets()].filter((t) => t.staffUserId === lan.id);
    await reports.getByLabel('Cán bộ').selectOption({ label: 'Nguyễn Thị Lan (lan)' });
    await expect.poll(() => reports.getByTestId('kpis').textContent(), WAIT).toMatch(new RegExp(`Lấy số\\s*${lans.length}\\b`));
    expect(await reports.getByTestId('kpis').textContent()).toMatch(/Vắng mặt\s*1\b/);

    const [download] = await Promise.all([adminPage.waitForEvent('download', WAIT), reports.getByRole('button', { name: 'Tải CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`luot-${DAY}_${DAY}.csv`);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const row = csv.split('\r\n').find((l) => l.includes(fileCode));
    expect(row).toContain(completedNumber);
    expect(row).toContain('Nguyễn Thị Lan');
    expect(unexpected(adminErrors)).toBe('');
  }, STEP);

  it('shows a lost connection, locks the actions and resynchronises on reconnect', async () => {
    // Reconnections wait at this gate, so that the disconnected state lasts long enough to see.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let holding = true;
    server.app.namespaces.counter.use((_socket, next) => {
      if (holding) void gate.then(() => next());
      else next();
    });
    const banner = panel.getByText('Mất kết nối với máy chủ');
    for (const s of server.app.namespaces.counter.sockets.values()) s.conn.close();
    await banner.waitFor(WAIT);
    for (const id of ['callNext', 'recall', 'complete', 'transfer']) expect(await action(panel, id).isDisabled(), id).toBe(true);
    const meanwhile = await issue('tu-phap');
    holding = false;
    open();
    await banner.waitFor({ state: 'detached', ...WAIT });
    await panel.locator(`luot-waiting-list li[data-ticket="${meanwhile.ticket.number}"]`).waitFor(WAIT);
    await expect.poll(() => action(panel, 'recall').isEnabled(), WAIT).toBe(true);
  }, STEP);

  it('asks for the password again when the session expires, keeping the counter open', async () => {
    const before = q3();
    expect(before.status).toBe('calling');
    const expired = panel.getByRole('heading', { name: 'Phiên làm việc đã hết hạn' });
    const relogin = async (password: string) => {
      await panel.getByLabel('Mật khẩu', { exact: true }).fill(password);
      await panel.getByRole('button', { name: 'Đăng nhập' }).click();
      await expired.waitFor({ state: 'detached', ...WAIT });
    };

    // Thirteen hours later (the token lives twelve) the next action is refused.
    jump = 13 * 3600_000;
    await panel.keyboard.press('l');
    await expired.waitFor(WAIT);
    expect(q3().current?.callCount).toBe(before.current?.callCount);
    await relogin(STAFF_PASSWORD);
    await action(panel, 'recall').click();
    await expect.poll(() => q3().current?.callCount, WAIT).toBe((before.current?.callCount ?? 0) + 1);

    // Once more: the password was changed on another device, and the connection drops; the
    // handshake with the old token is refused.
    const elsewhere = await server.login('lan', STAFF_PASSWORD);
    const changed = await server.api('POST', '/api/auth/password', { currentPassword: STAFF_PASSWORD, newPassword: 'mat-khau-moi-cua-lan' }, elsewhere);
    expect(changed.status).toBe(200);
    for (const s of server.app.namespaces.counter.sockets.values()) s.conn.close();
    await expired.waitFor(WAIT);
    // Nothing can be done meanwhile, and the server still holds the counter as it was.
    expect(await action(panel, 'recall').isDisabled()).toBe(true);
    expect(q3().current?.number).toBe(before.current?.number);
    const late = await issue('ho-tich');
    await relogin('mat-khau-moi-cua-lan');
    // Reconnected with the new token and resynchronised: the ticket issued meanwhile is listed.
    await panel.locator(`luot-waiting-list li[data-ticket="${late.ticket.number}"]`).waitFor(WAIT);
    await expect.poll(() => action(panel, 'recall').isEnabled(), WAIT).toBe(true);
    expect((await currentNumber(panel).textContent())!.trim()).toBe(before.current?.number);
    await action(panel, 'recall').click();
    await expect.poll(() => q3().current?.callCount, WAIT).toBe((before.current?.callCount ?? 0) + 2);
    expect(unexpected(panelErrors)).toBe('');
  }, STEP);
});

