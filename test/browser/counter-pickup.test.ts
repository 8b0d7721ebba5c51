// Issue 15 §1 on the staff app: the pickup counter's "Trả kết quả" card marks files ready from a
// pasted list and from a CSV file (header and other columns ignored), and the current ticket of
// a pickup number shows its file code large.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultCheck } from '../../shared/file-code.js';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { PICKUP_SERVICE } from '../support/results.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };
const PASSWORD = 'mat-khau-can-bo';

describe.skipIf(noBrowser)('staff app: results pickup', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const status = async (code: string) => {
    const r = await server.api<{ result: ResultCheck }>('GET', `/api/results/${code}`);
    return r.body.ok ? r.body.result.status : r.body.error.code;
  };

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    const admin = await server.login();
    expect((await server.api('POST', '/api/services', PICKUP_SERVICE, admin)).status).toBe(201);
    const counter = { id: 'q7', number: 7, label: { vi: 'Quầy 7', en: 'Counter 7' }, serviceIds: [PICKUP_SERVICE.id] };
    expect((await server.api('POST', '/api/counters', counter, admin)).status).toBe(201);
    const user = { username: 'thu', name: 'Phạm Thị Thu', role: 'staff', password: PASSWORD };
    expect((await server.api('POST', '/api/users', user, admin)).status).toBe(201);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    errors = watchErrors(page);
    await page.goto(`${server.url}/counter/`);
    await page.getByLabel('Tên đăng nhập').fill('thu');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Quầy của máy này').selectOption('q7', WAIT);
    await page.getByRole('button', { name: 'Mở quầy' }).click();
    await page.locator('luot-results-ready').waitFor(WAIT);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('marks a pasted list ready', async () => {
    const card = page.locator('luot-results-ready');
    await card.getByTestId('results-codes').fill('Mã hồ sơ\n000.00.12.h29-251201-0001\n 000.00.12.H29-251201-0002 \n');
    await card.getByTestId('results-mark').click();
    await card.getByTestId('results-message').filter({ hasText: 'Đã đánh dấu 2 hồ sơ' }).waitFor(WAIT);
    expect(await status('000.00.12.H29-251201-0001')).toBe('ready');
    expect(await status('000.00.12.H29-251201-0002')).toBe('ready');
  });

  it('marks the file codes of a CSV file ready', async () => {
    const card = page.locator('luot-results-ready');
    const csv = 'Mã hồ sơ;Ngày hẹn;Người nộp\n"H29.22-251201-0003";2025-12-05;Nguyễn Văn An\nH29.22-251201-0004;2025-12-05;Trần Thị Bình\n';
    await card.getByTestId('results-csv').setInputFiles({ name: 'ho-so.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => card.getByTestId('results-codes').inputValue(), WAIT).toBe('H29.22-251201-0003\nH29.22-251201-0004');
    await card.getByTestId('results-mark').click();
    await card.getByTestId('results-message').filter({ hasText: 'Đã đánh dấu 2 hồ sơ' }).waitFor(WAIT);
    expect(await status('H29.22-251201-0003')).toBe('ready');
    expect(await status('2025-12-05')).toBe('unknown');
  });

  it('shows the called pickup number’s file code large', async () => {
    const kiosk = await server.connect('/kiosk');
    const r = await request<IssueResult>(kiosk, 'result:pickup', { fileCode: 'H29.22-251201-0004', requestId: 'pickup-staff-0004' });
    if (!r.ok) throw new Error(r.error.message);
    await page.locator('[data-action="callNext"]').click(WAIT);
    await page.getByTestId('current-number').filter({ hasText: r.ticket.number }).waitFor(WAIT);
    const code = page.getByTestId('current-file-code');
    await code.waitFor(WAIT);
    expect(await code.textContent()).toContain('H29.22-251201-0004');
    expect(errors).toEqual([]);
  });
});
