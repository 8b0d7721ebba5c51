// Issue 15 in Chromium: two staff panels of one office. The clerk at a paused counter holds the
// alarm button (a short press does nothing); the overlay appears on the colleague's panel, with
// its sound on; the colleague answers "Tôi đến hỗ trợ" and the clerk's panel shows who is coming;
// the clerk ends it and both overlays go. And a no-show put back from the counter panel's list.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin } from '../support/browser.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 180_000;
const PASSWORD = 'mat-khau-can-bo';

describe.skipIf(noBrowser)('staff alarm and put back in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let clerk: Page;
  let colleague: Page;

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    const admin = await server.login();
    for (const [username, name] of [['lan', 'Nguyễn Thị Lan'], ['minh', 'Trần Văn Minh']]) {
      const r = await server.api('POST', '/api/users', { username, name, role: 'staff', password: PASSWORD }, admin);
      if (!r.body.ok) throw new Error(r.body.error.message);
    }
    browser = await launch();
    clerk = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
    colleague = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
    await staffLogin(clerk, `${server.url}/counter/`, 'lan', PASSWORD);
    await clerk.getByLabel('Quầy của máy này').selectOption('q1');
    await clerk.getByRole('button', { name: 'Mở quầy' }).click();
    await clerk.locator('[data-action="callNext"]').waitFor(WAIT);
    await staffLogin(colleague, `${server.url}/counter/`, 'minh', PASSWORD);
    await colleague.locator('luot-counter-panel').waitFor(WAIT);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('puts a no-show back in the queue from the counter panel, same number', async () => {
    const kiosk = await server.connect('/kiosk');
    const issued: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'dat-dai' });
      if (!r.ok) throw new Error(r.error.message);
      issued.push(r.ticket.number);
    }
    await clerk.locator('[data-action="callNext"]').click();
    await expect.poll(() => server.office.engine.publicCounter('q1')?.current?.number, WAIT).toBe(issued[0]);
    await clerk.locator('[data-action="noShow"]').click();
    const row = clerk.locator(`luot-no-shows li[data-ticket="${issued[0]}"]`);
    await row.waitFor(WAIT);
    // The supervisor view lists it too.
    const sup = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
    await staffLogin(sup, `${server.url}/counter/#supervisor`, 'admin', ADMIN_PASSWORD);
    await sup.locator(`luot-supervisor-view luot-no-shows li[data-ticket="${issued[0]}"]`).waitFor(WAIT);
    await sup.close();
    await row.locator('[data-action="putBack"]').click();
    await clerk.getByText(`Số ${issued[0]} đã vào lại hàng chờ`).waitFor(WAIT);
    // Default rule: after the next three; two wait, so it is last, with its own number.
    await expect.poll(() => server.office.engine.waitingList('dat-dai').map((t) => t.number), WAIT).toEqual([issued[1], issued[2], issued[0]]);
    await clerk.locator(`luot-waiting-list li[data-ticket]`).filter({ hasText: issued[0]! }).first().waitFor(WAIT);
    // Waiting again, it leaves today's no-shows.
    await row.waitFor({ state: 'detached', ...WAIT });
  }, STEP);

  it('the office sets where a no-show goes back on the settings page', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
    await staffLogin(admin, `${server.url}/counter/#settings`, 'admin', ADMIN_PASSWORD);
    const field = admin.locator('luot-put-back-field');
    await field.getByLabel('Số vắng mặt gọi lại sau: xếp vào').selectOption('end');
    await field.getByLabel('Tối đa số lần mỗi số').fill('2');
    await admin.locator('luot-settings-office').getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => server.office.settings.putBack, WAIT).toEqual({ place: { mode: 'end' }, maxTimes: 2 });
    await admin.close();
  }, STEP);

  it('raises by a long press only; the second panel shows it and answers; the first sees the answer and ends it', async () => {
    const lanSocket = await server.connect('/counter', { token: await server.login('lan', PASSWORD) });
    expect(await request(lanSocket, 'counter:pause', { counterId: 'q1', reason: 'Nghỉ giải lao' })).toEqual({ ok: true });
    await expect.poll(() => server.office.engine.publicCounter('q1')?.status, WAIT).toBe('paused');

    const button = clerk.locator('luot-alarm-button button');
    await button.waitFor(WAIT);
    const box = (await button.boundingBox())!;
    await clerk.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // A brush of the hand: nothing.
    await clerk.mouse.down();
    await clerk.waitForTimeout(300);
    await clerk.mouse.up();
    await clerk.waitForTimeout(2000);
    expect(server.office.engine.alarms()).toEqual([]);
    // Held: raised.
    await clerk.mouse.down();
    await clerk.waitForTimeout(1900);
    await clerk.mouse.up();
    await expect.poll(() => server.office.engine.alarms().length, WAIT).toBe(1);

    const overlay = colleague.locator('luot-alarm-overlay [role="alertdialog"]');
    await overlay.getByText('Quầy 1 cần hỗ trợ — Nguyễn Thị Lan').waitFor(WAIT);
    // Sounding on the colleague's panel, not on the clerk's own.
    await expect.poll(() => colleague.locator('luot-alarm-overlay').getAttribute('sounding'), WAIT).toBe('');
    expect(await clerk.locator('luot-alarm-overlay').getAttribute('sounding')).toBeNull();
    // A colleague cannot end it: no button for that.
    expect(await overlay.locator('[data-action="end"]').count()).toBe(0);
    await overlay.getByRole('button', { name: 'Tôi đến hỗ trợ' }).click();

    const own = clerk.locator('luot-alarm-overlay [role="alertdialog"]');
    await own.getByText('Trần Văn Minh đang đến hỗ trợ').waitFor(WAIT);
    await overlay.getByText('Trần Văn Minh đang đến hỗ trợ').waitFor(WAIT);
    await expect.poll(() => colleague.locator('luot-alarm-overlay').getAttribute('sounding'), WAIT).toBeNull();
    await own.getByRole('button', { name: 'Kết thúc báo động' }).click();
    await own.waitFor({ state: 'detached', ...WAIT });
    await overlay.waitFor({ state: 'detached', ...WAIT });
    expect(server.office.engine.alarms()).toEqual([]);
  }, STEP);
});
