// The reports page while the server builds past days' aggregates (the first report over a long
// period after an upgrade or a restore): it says how many days are ready, then shows the figures.
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../../bench/history.js';
import { ADMIN_PASSWORD as HISTORY_PASSWORD } from '../../bench/support.js';
import type { ReportSummary } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, staffLogin, watchErrors } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAYS = 120;
const PER_DAY = 2000;
const WAIT = { timeout: 30_000 };
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let dataDir: string;
let first: string;
let last: string;
let token: string;

const progress = async () => (await server.api<{ progress: { done: number; total: number } }>('GET', '/api/reports/progress', undefined, token)).body;

beforeAll(async () => {
  ensureBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'luot-report-progress-'));
  const gen = await generateHistory({ dataDir, days: DAYS, ticketsPerDay: PER_DAY, seed: 11 });
  first = gen.firstDay;
  last = gen.lastDay;
  server = await startTestServer({ dataDir, staticDir: distDir });
  token = await server.login('admin', HISTORY_PASSWORD);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  errors = watchErrors(page);
  await staffLogin(page, `${server.url}/counter/#reports`, 'admin', HISTORY_PASSWORD);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the reports page while aggregates are built', () => {
  it('shows "Đang tổng hợp số liệu: n/N ngày", then the figures of every day', async () => {
    // The server's own start-up build first; then every journal looks changed (as after a
    // restore), so the report below has every day to build again.
    await expect.poll(async () => (await readdir(join(dataDir, 'cache'))).length, { timeout: 60_000, interval: 250 }).toBe(DAYS);
    await expect.poll(progress, { timeout: 10_000 }).toMatchObject({ ok: true, progress: { total: 0 } });
    const later = new Date(Date.now() + 5_000);
    for (const f of await readdir(join(dataDir, 'journal'))) await utimes(join(dataDir, 'journal', f), later, later);

    await page.getByRole('button', { name: 'Tuỳ chọn' }).click(WAIT);
    await page.getByLabel('Từ ngày').fill(first);
    await page.getByLabel('Đến ngày').fill(last);
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    const note = page.getByTestId('report-building');
    await note.waitFor(WAIT);
    const text = (await note.textContent()) ?? '';
    expect(text.normalize('NFC')).toMatch(new RegExp(`Đang tổng hợp số liệu: \\d+/${DAYS} ngày`));
    const done = Number(/: (\d+)\//.exec(text)![1]);
    expect(done).toBeLessThan(DAYS);
    await note.waitFor({ state: 'detached', ...WAIT });

    const res = await server.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${first}&to=${last}`, undefined, token);
    if (!res.body.ok) throw new Error(res.body.error.message);
    expect(res.body.summary.total.issued).toBe(DAYS * PER_DAY);
    expect(new Set(res.body.summary.rows.map((r) => r.day)).size).toBe(DAYS);
    expect(await page.getByText(new RegExp(`${(DAYS * PER_DAY).toLocaleString('vi-VN')}`)).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
