// Issue 15 §1: the reports page shows the pickup figures, in real Chromium against a real server
// whose day the test plays over sockets. The expected figures are computed here from the script
// (which files were ready, by which promised date, how long each number waited), not read back
// from the server.
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { PICKUP_SERVICE } from '../support/results.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';
import { vnTime } from '../http/helpers.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;
const DAY = '2026-12-02';
const YESTERDAY = '2026-12-01';
const TOMORROW = '2026-12-03';

// Submissions at Hộ tịch: issued, then served and completed with a file code.
const SUBMISSIONS = [
  { issue: '08:00', call: '08:04', fileCode: 'H29-261202-0011' },
  { issue: '08:01', call: '08:10', fileCode: 'H29-261202-0012' },
];
// Pickups: the file's promised date (or none), whether it was marked ready this morning, and the
// times of issue and call. Not ready ones are seen "anyway".
const PICKUPS = [
  { fileCode: 'H29-261120-0001', promised: DAY, ready: true, issue: '09:00', call: '09:03' },
  { fileCode: 'H29-261119-0002', promised: YESTERDAY, ready: true, issue: '09:01', call: '09:08' },
  { fileCode: 'H29-261125-0003', promised: TOMORROW, ready: false, issue: '09:02', call: '09:13' },
  { fileCode: 'H29-261118-0004', promised: null, ready: true, issue: '09:05', call: '09:20' },
];
const READY_AT = '08:30'; // all ready files are marked on DAY

const minutesBetween = (a: string, b: string) => (vnTime(DAY, b).getTime() - vnTime(DAY, a).getTime()) / 60_000;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const vi1 = (x: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(x);

async function ok<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const r = await request<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
  return r as T;
}

describe.skipIf(noBrowser)('the pickup figures on the reports page', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let clock = vnTime(DAY, '07:50');
  const at = (hhmm: string) => (clock = vnTime(DAY, hhmm));

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir, now: () => clock, tickMs: 3_600_000 });
    const admin = await server.login();
    expect((await server.api('POST', '/api/services', PICKUP_SERVICE, admin)).status).toBe(201);
    const q7 = { id: 'q7', number: 7, label: { vi: 'Quầy 7', en: 'Counter 7' }, serviceIds: [PICKUP_SERVICE.id] };
    expect((await server.api('POST', '/api/counters', q7, admin)).status).toBe(201);
    const staffToken = await server.staff('lan', 'staff');
    const kiosk = await server.connect('/kiosk');
    const desk = await server.connect('/counter', { token: staffToken });
    const pickupDesk = await server.connect('/counter', { token: await server.staff('thu', 'staff') });
    await ok(desk, 'counter:open', { counterId: 'q3' });
    await ok(pickupDesk, 'counter:open', { counterId: 'q7' });

    for (const s of SUBMISSIONS) at(s.issue), await ok<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    for (const s of SUBMISSIONS) {
      at(s.call);
      await ok(desk, 'ticket:callNext', { counterId: 'q3' });
      await ok(desk, 'ticket:complete', { counterId: 'q3', fileCode: s.fileCode });
    }
    at(READY_AT);
    for (const p of PICKUPS) {
      if (p.promised) expect((await server.api('POST', '/api/results/promise', { fileCode: p.fileCode, date: p.promised }, staffToken)).status).toBe(200);
    }
    const ready = PICKUPS.filter((p) => p.ready).map((p) => p.fileCode);
    expect((await server.api('POST', '/api/results/ready', { fileCodes: ready }, staffToken)).status).toBe(200);
    for (const p of PICKUPS) {
      at(p.issue);
      await ok<IssueResult>(kiosk, 'result:pickup', { fileCode: p.fileCode, ...(p.ready ? {} : { anyway: true }) });
    }
    for (const p of PICKUPS) {
      at(p.call);
      await ok(pickupDesk, 'ticket:callNext', { counterId: 'q7' });
      await ok(pickupDesk, 'ticket:complete', { counterId: 'q7' });
    }
    at('11:00');
    for (const s of [kiosk, desk, pickupDesk]) s.disconnect();
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    errors = watchErrors(page);
    await staffLogin(page, `${server.url}/counter/#reports`, 'admin', ADMIN_PASSWORD);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows the day's pickups, readiness by the promised date and both waits, in Vietnamese then English", async () => {
    const promised = PICKUPS.filter((p) => p.promised);
    // Every ready file was marked on DAY: ready by its promise when that is DAY or later.
    const byPromise = promised.filter((p) => p.ready && DAY <= p.promised!).length;
    const notReady = PICKUPS.filter((p) => !p.ready).length;
    const waitPickup = mean(PICKUPS.map((p) => minutesBetween(p.issue, p.call)));
    const waitSubmission = mean(SUBMISSIONS.map((s) => minutesBetween(s.issue, s.call)));
    const share = `${byPromise}/${promised.length} (${Math.round((byPromise / promised.length) * 100)}%)`;

    const report = page.locator('luot-reports-view luot-report-pickups');
    await report.getByRole('heading', { name: 'Trả kết quả' }).waitFor(WAIT);
    expect(await report.getByTestId('pk-pickups').textContent()).toBe(String(PICKUPS.length));
    expect(await report.getByTestId('pk-not-ready').textContent()).toBe(String(notReady));
    expect(await report.getByTestId('pk-by-promise').textContent()).toBe(share);
    const cells = (await report.locator(`tr[data-day="${DAY}"] td`).allTextContents()).map((s) => s.trim());
    expect(cells).toEqual(['02/12/2026', String(PICKUPS.length), String(notReady), share,
      `${vi1(waitPickup)} phút`, `${vi1(waitSubmission)} phút`]);

    await page.getByRole('button', { name: 'English' }).click();
    await report.getByRole('heading', { name: 'Results pickup' }).waitFor(WAIT);
    expect(await report.getByTestId('pk-by-promise').textContent()).toBe(`${byPromise} of ${promised.length} (${Math.round((byPromise / promised.length) * 100)}%)`);
    expect(errors.join('\n')).toBe('');
  }, STEP);
});
