// The printer's own status as people see it, in Chromium against a real server and a real TCP
// printer: paper out shows the kiosk's printer-trouble banner and "hết giấy" on the supervisor
// board, a low roll is a warning to staff only, and the office settings form sets text mode.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { FakePrinter } from '../support/fake-printer.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;
const VIEWPORT = { width: 1366, height: 800 };

describe.skipIf(noBrowser)('printer status and print mode in the apps', () => {
  let printer: FakePrinter;
  let server: TestServer;
  let browser: Browser;
  let kioskPage: Page;
  let staffPage: Page;
  let errors: string[];

  beforeAll(async () => {
    ensureBuilt();
    printer = await FakePrinter.start();
    server = await startTestServer({ staticDir: distDir, printer: printer.target, printerCheckMs: 200 });
    browser = await launch();
    kioskPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    errors = watchErrors(kioskPage);
    await kioskPage.goto(`${server.url}/kiosk/`);
    await kioskPage.locator('[data-service="ho-tich"]').first().waitFor(WAIT);
    staffPage = await browser.newPage({ viewport: VIEWPORT });
    errors.push(...watchErrors(staffPage));
    await staffLogin(staffPage, `${server.url}/counter/#supervisor`, 'admin', ADMIN_PASSWORD);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await printer?.stop();
  });

  it('paper out: the kiosk shows its printer advice and the board says "hết giấy"; both clear when the roll is changed', async () => {
    const chip = staffPage.locator('luot-supervisor-view').getByTestId('printer-status');
    await chip.getByText('Máy in: sẵn sàng').waitFor(WAIT);
    expect(await kioskPage.locator('[data-testid="printer-banner"]').count()).toBe(0);

    printer.setStatus({ paperOut: true });
    await kioskPage.locator('[data-testid="printer-banner"]').waitFor(WAIT);
    await chip.getByText('Máy in: hết giấy').waitFor(WAIT);
    expect(await chip.textContent()).toContain('thay cuộn giấy mới');

    printer.setStatus({ paperOut: false, paperNearEnd: true });
    await chip.getByText('giấy sắp hết').waitFor(WAIT);
    await kioskPage.locator('[data-testid="printer-banner"]').waitFor({ state: 'detached', ...WAIT });
    expect(await chip.textContent()).toContain('sẵn sàng');
    printer.setStatus({ paperNearEnd: false });
    await chip.getByText('giấy sắp hết').waitFor({ state: 'detached', ...WAIT });
  }, STEP);

  it('the office settings set text mode with a code page, and back to the image', async () => {
    await staffPage.goto(`${server.url}/counter/#settings`);
    await staffPage.getByRole('button', { name: 'Cơ quan' }).click();
    const office = staffPage.locator('luot-settings-office');
    const mode = office.getByLabel('Cách in phiếu');
    await mode.waitFor(WAIT);
    expect(await mode.inputValue()).toBe('');
    await mode.selectOption({ label: 'Chữ, bảng mã Windows-1258' });
    await office.getByLabel('Số bảng mã (ESC t)').fill('16');
    await office.getByRole('button', { name: 'Lưu' }).click();
    await office.getByText('Đã lưu. Ki-ốt và màn hình cập nhật ngay').waitFor(WAIT);
    expect(server.office.settings.printerTextMode).toEqual({ codePage: 16, encoding: 'windows1258' });

    await mode.selectOption({ label: 'Ảnh (mặc định, mọi máy in ESC/POS)' });
    await office.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => (server.office.settings as Settings).printerTextMode, WAIT).toBeNull();
    expect(errors.join('\n')).toBe('');
  }, STEP);
});
