// The README's pictures, made from the real apps so they stay current: the kiosk, the wall display
// with calls, a counter's panel and the installer's home page, each in Chromium against a real
// server with the demo office at a fixed time (server and browser clocks), saved into
// docs/screenshots/. Each picture is checked for what it must show before it is saved, so a
// broken page fails here instead of ending up in the README.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, root, staffLogin, watchErrors } from '../support/browser.js';
import { readPng, readQr, type Pixels } from '../support/images.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const SCREENSHOTS = join(root, 'docs', 'screenshots');
/** Tuesday 10 March 2026, 09:12 in Hồ Chí Minh City: office hours, every service open. */
const NOW = new Date('2026-03-10T02:12:00Z');
const WAIT = { timeout: 30_000 };
const STAFF_PASSWORD = 'mat-khau-can-bo';

/** Saves the picture after checking its size (height: at least, for a whole page) and that it is not blank (one colour all over). */
async function save(name: string, buffer: Buffer, width: number, height: number): Promise<void> {
  const img = await readPng(buffer);
  expect(img.width, name).toBe(width);
  expect(img.height, name).toBeGreaterThanOrEqual(height);
  const colours = new Set<number>();
  const view = new DataView(img.data.buffer, img.data.byteOffset, img.data.length);
  for (let i = 0; i < img.data.length && colours.size < 50; i += 4 * 97) colours.add(view.getUint32(i));
  expect(colours.size, `${name}: distinct colours`).toBeGreaterThanOrEqual(10);
  const file = join(SCREENSHOTS, name);
  // A few edge pixels antialiased differently from one paint to the next: not a new picture to commit.
  if (existsSync(file) && differingPixels(await readPng(readFileSync(file)), img) <= img.width * img.height * 0.001) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(file, buffer);
}

function differingPixels(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  }
  return n;
}

/** No hover, fonts loaded and layout done (two frames), so two runs draw the same pixels. */
async function settled(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}

describe.skipIf(noBrowser)('README screenshots', () => {
  let server: TestServer;
  let browser: Browser;
  let kiosk: Socket;
  const errors: string[] = [];
  const called: string[] = [];

  async function open(path: string, width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    errors.push(...watchErrors(page));
    await page.clock.setFixedTime(NOW);
    await page.goto(`${server.url}${path}`);
    return page;
  }

  async function issue(serviceId: string): Promise<string> {
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId });
    if (!r.ok) throw new Error(r.error.message);
    return r.ticket.number;
  }

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir, now: () => NOW });
    browser = await launch();
    kiosk = await server.connect('/kiosk');
    // A morning's queue: the same tickets in the same order every run.
    for (const s of ['dat-dai', 'ho-tich', 'tu-phap', 'dat-dai', 'dkkd', 'ho-tich', 'ldtbxh', 'tu-phap', 'dat-dai', 'ho-tich', 'xay-dung', 'ho-tich']) await issue(s);
    const admin = await server.login();
    const created = await server.api('POST', '/api/users', { username: 'lan', name: 'Nguyễn Thị Lan', role: 'staff', password: STAFF_PASSWORD }, admin);
    expect(created.status).toBe(201);
    // Three counters call from their sockets; counter 3's call is the panel's own (below).
    const staff = server.connect('/counter', { token: await server.staff('minh') });
    const socket = await staff;
    for (const counterId of ['q1', 'q5', 'q4']) {
      const opened = await request(socket, 'counter:open', { counterId });
      expect(opened.ok).toBe(true);
      const next = await request<{ ticket: { number: string } | null }>(socket, 'ticket:callNext', { counterId });
      if (!next.ok || !next.ticket) throw new Error(`no call at ${counterId}`);
      called.push(next.ticket.number);
      if (counterId !== 'q4') await request(socket, 'counter:close', { counterId }).catch(() => undefined);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the kiosk', async () => {
    const page = await open('/kiosk/', 1920, 1080);
    await expect.poll(() => page.locator('[data-service]').count(), WAIT).toBe(6);
    await page.getByText('Đất đai').first().waitFor(WAIT);
    await settled(page);
    await save('kiosk.png', await page.screenshot({ animations: 'disabled' }), 1920, 1080);
    await page.close();
  });

  it('the counter panel, calling the next citizen', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    errors.push(...watchErrors(page));
    await page.clock.setFixedTime(NOW);
    await staffLogin(page, `${server.url}/counter/`, 'lan', STAFF_PASSWORD);
    await page.getByLabel('Quầy của máy này').selectOption('q3');
    await page.getByRole('button', { name: 'Mở quầy' }).click();
    await page.locator('luot-waiting-list li[data-ticket]').first().waitFor(WAIT);
    await page.locator('[data-action="callNext"]').click();
    const number = page.getByTestId('current-number');
    await expect.poll(async () => (await number.textContent())?.trim(), WAIT).toMatch(/^(B|1)\d{3}$/);
    called.push((await number.textContent())!.trim());
    await settled(page);
    await save('counter-panel.png', await page.screenshot({ animations: 'disabled' }), 1366, 800);
    await page.close();
  });

  it('the wall display with calls', async () => {
    const page = await open('/display/', 1920, 1080);
    // The newest call large, the ones before it listed.
    const newest = called.at(-1)!;
    await page.locator('.hero[data-key]').filter({ hasText: newest }).waitFor(WAIT);
    for (const n of called) await page.getByText(n, { exact: true }).first().waitFor(WAIT);
    await settled(page);
    await save('wall-display.png', await page.screenshot({ animations: 'disabled' }), 1920, 1080);
    await page.close();
  });

  it('the home page', async () => {
    // The LAN address and port differ on each machine: the picture shows a typical office's.
    const shown = 'http://192.168.1.20:3000';
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    errors.push(...watchErrors(page));
    await page.route('**/api/setup', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { origins: string[] };
      await route.fulfill({ response: res, json: { ...body, origins: [shown] } });
    });
    await page.goto(`${server.url}/`);
    const first = page.locator('luot-home-device').first();
    await first.waitFor(WAIT);
    await expect.poll(() => first.locator('[data-testid="device-url"]').textContent(), WAIT).toBe(`${shown}/kiosk/`);
    expect(readQr(await readPng(await first.locator('[data-testid="qr"]').screenshot()))).toBe(`${shown}/kiosk/`);
    await settled(page);
    // Every counter display listed: the whole page.
    await expect.poll(() => page.locator('luot-home-device').count()).toBe(3 + server.office.config.counters.length);
    await save('home.png', await page.screenshot({ animations: 'disabled', fullPage: true }), 1366, 900);
    await page.close();
    expect(errors).toEqual([]);
  });
});
