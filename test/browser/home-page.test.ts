// The installer's home page in Chromium against a real server: every device's address with a QR
// code that decodes (jsQR, from the pixels on screen) to that address on the server's LAN origin,
// the printer and disk state, and the checklist ticking live as a test print succeeds and as a
// wall display opens with its sound allowed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddresses } from '../../server/lan.js';
import { openAppSession, type AppSession } from '../support/app-session.js';
import { noBrowser, watchErrors } from '../support/browser.js';
import { readPng, readQr } from '../support/images.js';
import type { TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };

async function decodeQr(png: Buffer): Promise<string | null> {
  return readQr(await readPng(png));
}

describe.skipIf(noBrowser)('the home page', () => {
  let session: AppSession;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openAppSession();
    ({ server, browser, page, errors } = session);
    await page.goto(`${server.url}/`);
    await page.locator('luot-home-device').first().waitFor(WAIT);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it("shows each device's address with a QR code that decodes to it", async () => {
    // The QR codes use the server's LAN address (a phone or the kiosk cannot open 127.0.0.1);
    // on a machine with no network yet, the page's own origin.
    const lan = lanAddresses()[0];
    const origin = lan ? `http://${lan}:${server.port}` : server.url;
    const expected = [
      '/kiosk/', '/display/', ...server.office.config.counters.map((c) => `/display/?counter=${c.number}`).sort(), '/counter/',
    ].map((p) => origin + p);
    const devices = page.locator('luot-home-device');
    await expect.poll(() => devices.count()).toBe(expected.length);
    const shown: string[] = [];
    for (let i = 0; i < expected.length; i++) {
      const device = devices.nth(i);
      const url = (await device.locator('[data-testid="device-url"]').textContent())!.trim();
      const decoded = await decodeQr(await device.locator('[data-testid="qr"]').screenshot());
      expect(decoded, url).toBe(url);
      shown.push(url);
    }
    expect([...shown].sort()).toEqual([...expected].sort());
    // Each counter display named by its counter, Vietnamese first.
    await expect.poll(() => page.locator('luot-home-device[data-kind="counterDisplay"]').first().getAttribute('name')).toBe('Màn hình quầy — Quầy 1');
    if (!lan) await expect.poll(() => page.getByTestId('no-lan').isVisible()).toBe(true);
  });

  it('shows the printer and the disk', async () => {
    await expect.poll(() => page.getByTestId('printer').getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('printer').textContent()).toContain('Sẵn sàng');
    expect(await page.getByTestId('disk').textContent()).toContain('Ghi được bình thường');
  });

  it('ticks the test print and the display sound as they happen, without a reload', async () => {
    const step = (name: string) => page.locator(`luot-home-checklist li[data-step="${name}"]`);
    // The demo office: the password was chosen, the name, services and counters are set.
    for (const done of ['adminPassword', 'officeName', 'services', 'counters']) await expect.poll(() => step(done).getAttribute('data-done')).toBe('true');
    expect(await step('testPrint').getAttribute('data-done')).toBe('false');
    expect(await step('displaySound').getAttribute('data-done')).toBe('false');

    const admin = await server.login();
    const printed = await server.api<{ print: { status: string } }>('POST', '/api/printer/test', undefined, admin);
    expect(printed.body.ok && printed.body.print.status).toBe('printed');
    await expect.poll(() => step('testPrint').getAttribute('data-done'), { timeout: 10_000 }).toBe('true');
    expect(await step('testPrint').textContent()).toContain('Đã xong');

    // A wall display in a browser that allows sound (the kiosk flag): it reports so itself.
    const wall = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    errors.push(...watchErrors(wall));
    await wall.goto(`${server.url}/display/`);
    await expect.poll(() => step('displaySound').getAttribute('data-done'), { timeout: 15_000 }).toBe('true');
    await wall.close();
  });

  it('speaks English on request', async () => {
    await page.getByTestId('lang').click();
    await expect.poll(() => page.locator('luot-home-app h1').textContent()).toBe('Setting up Lượt');
    expect(await page.locator('luot-home-checklist li[data-step="testPrint"]').textContent()).toContain('Print a test ticket');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('lang').click();
    await expect.poll(() => page.locator('luot-home-app h1').textContent()).toBe('Lắp đặt Lượt');
    expect(errors).toEqual([]);
  });
});
