// Issue 15 §1 at the kiosk, in a real Chromium against a real server: "Nhận kết quả" appears when
// the office has a pickup service; a ready file's code typed on the keypad, typed by a scanner
// (a keyboard wedge: a fast burst ending in Enter) or read by the camera (Chromium's fake camera
// showing a receipt's QR) gives a pickup ticket with the file code; a file not ready is said
// plainly with its promised date, and no ticket is issued (none in the state, nothing printed)
// unless the citizen asks to see a clerk anyway.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { writeQrY4m } from '../support/fake-camera.js';
import type { IssueResult } from '../../shared/types.js';
import { RecordingPrinter, request, startTestServer, type TestServer } from '../support/server.js';
import { snapshotOf } from '../http/helpers.js';
import { PICKUP_SERVICE } from '../support/results.js';

const WAIT = { timeout: 15_000 };
const READY = ['000.00.12.H29-250714-0001', '000.00.12.H29-250714-0002', '000.00.12.H29-250714-0003', '000.00.12.H29-250714-0004'];
const NOT_READY = 'H29.22-251120-0042';

describe.skipIf(noBrowser)('kiosk: results pickup', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const printer = new RecordingPrinter();
  let clerk: string;

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir, printer });
    const admin = await server.login();
    expect((await server.api('POST', '/api/services', PICKUP_SERVICE, admin)).status).toBe(201);
    clerk = await server.staff('tra-kq', 'staff');
    expect((await server.api('POST', '/api/results/ready', { fileCodes: READY }, clerk)).status).toBe(200);
    expect((await server.api('POST', '/api/results/promise', { fileCode: NOT_READY, date: '2026-12-08' }, clerk)).status).toBe(200);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openPickup(b: Browser = browser): Promise<{ page: Page; errors: string[] }> {
    const page = await b.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/kiosk/`);
    await page.getByTestId('pickup').click(WAIT);
    await page.locator('luot-code-entry').waitFor(WAIT);
    return { page, errors };
  }

  async function ticketNumber(page: Page): Promise<string> {
    await page.locator('luot-ticket-screen').waitFor(WAIT);
    return (await page.locator('luot-ticket-screen').getByTestId('number').textContent(WAIT))!.trim();
  }

  const pickupTickets = async () => (await snapshotOf(server)).services.find((s) => s.id === PICKUP_SERVICE.id)!.waiting;

  it('the start screen offers "Nhận kết quả", and not the pickup service as a bare tap', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/kiosk/`);
    await page.getByTestId('pickup').waitFor(WAIT);
    expect(await page.getByTestId('pickup').textContent()).toContain('Nhận kết quả');
    expect(await page.locator('luot-service-grid').textContent()).not.toContain('Trả kết quả');
    await page.close();
  });

  it('a ready file typed on the keypad (letters, digits, . and -): a pickup ticket', async () => {
    const { page, errors } = await openPickup();
    const before = printer.jobs.length;
    const entry = page.locator('luot-code-entry');
    for (const ch of READY[0]!.toLowerCase()) {
      if (/[a-z]/.test(ch)) {
        await entry.getByTestId('code-letters').click();
        await entry.locator(`button[data-key="${ch.toUpperCase()}"]`).click();
        await entry.getByTestId('code-digits').click();
      } else await entry.locator(`button[data-key="${ch}"]`).click();
    }
    expect(await entry.getByTestId('code-value').getAttribute('data-value')).toBe(READY[0]);
    await entry.getByTestId('code-ok').click();
    expect(await ticketNumber(page)).toMatch(/^K\d{3}$/);
    expect(printer.jobs.length).toBe(before + 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a ready file from a scanner that types (fast burst + Enter), into whatever has focus', async () => {
    const { page, errors } = await openPickup();
    // The receipt's QR holds a look-up URL; the scanner types it all.
    await page.keyboard.type(`https://dichvucong.example.vn/tra-cuu?maHoSo=${READY[1]!.toLowerCase()}`, { delay: 4 });
    await page.keyboard.press('Enter');
    expect(await ticketNumber(page)).toMatch(/^K\d{3}$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a file not ready: said plainly with its promised date, no ticket and nothing printed; a clerk anyway on request', async () => {
    const { page, errors } = await openPickup();
    const waiting = await pickupTickets();
    const jobs = printer.jobs.length;
    // A person at a keyboard: slow keys, then Enter.
    await page.keyboard.type(NOT_READY, { delay: 90 });
    await page.keyboard.press('Enter');
    const answer = page.getByTestId('pickup-answer');
    await answer.waitFor(WAIT);
    expect(await answer.textContent()).toContain(`Hồ sơ ${NOT_READY} chưa có kết quả.`);
    expect(await page.getByTestId('pickup-promised').textContent()).toBe('Ngày hẹn trả kết quả: 08/12/2026.');
    await page.waitForTimeout(300);
    expect(await pickupTickets()).toBe(waiting);
    expect(printer.jobs.length).toBe(jobs);

    await page.getByTestId('pickup-anyway').click();
    expect(await ticketNumber(page)).toMatch(/^K\d{3}$/);
    expect(await pickupTickets()).toBe(waiting + 1);
    expect(printer.jobs.length).toBe(jobs + 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the first visit’s citizen page turns to "Đã có kết quả — mời đến nhận" live when its file is marked ready', async () => {
    const FILE = '000.00.12.H29-251130-0077';
    const staff = await server.connect('/counter', { token: clerk });
    const kiosk = await server.connect('/kiosk');
    const issued = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich', requestId: 'first-visit-0077' });
    if (!issued.ok) throw new Error(issued.error.message);
    for (const [event, payload] of [
      ['counter:open', { counterId: 'q3' }],
      ['ticket:callNext', { counterId: 'q3' }],
      ['ticket:complete', { counterId: 'q3', fileCode: FILE.toLowerCase() }],
    ] as const) {
      const r = await request(staff, event, payload);
      if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
    }
    expect((await server.api('POST', '/api/results/promise', { fileCode: FILE, date: '2026-12-14' }, clerk)).status).toBe(200);
    const page = await browser.newPage({ viewport: { width: 412, height: 915 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/t/${issued.ticket.token}`);
    const result = page.getByTestId('result');
    await result.waitFor(WAIT);
    expect(await result.getAttribute('data-status')).toBe('not_ready');
    // A discarded ticket's QR must not give the whole file code away: only its end is shown.
    expect(await result.textContent()).toContain(`Hồ sơ …${FILE.slice(-4)} chưa có kết quả.`);
    expect(await result.textContent()).not.toContain(FILE);
    expect(await result.textContent()).toContain('14/12/2026');
    // Let the page's own first fetches (on connecting to the feed) finish, so that only the
    // change below can bring the new line.
    await page.waitForTimeout(1500);

    expect((await server.api('POST', '/api/results/ready', { fileCodes: [FILE] }, clerk)).status).toBe(200);
    // No reload: the page hears the office change and asks again.
    await page.locator('[data-testid="result"][data-status="ready"]').waitFor(WAIT);
    expect(await page.getByTestId('result').textContent()).toContain('Đã có kết quả — mời đến nhận');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a ready file read by the camera (a receipt QR before Chromium’s fake camera)', async () => {
    const video = writeQrY4m(join(tmpdir(), `luot-pickup-${process.pid}.y4m`), READY[2]!);
    const cam = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await cam.newContext({ viewport: { width: 1920, height: 1080 } });
      await context.grantPermissions(['camera'], { origin: server.url });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${server.url}/kiosk/`);
      expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
      await page.getByTestId('pickup').click(WAIT);
      await page.locator('luot-code-entry').getByTestId('code-camera').click(WAIT);
      expect(await ticketNumber(page)).toMatch(/^K\d{3}$/);
      expect(errors).toEqual([]);
    } finally {
      await cam.close();
    }
  });
});
