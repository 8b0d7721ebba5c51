// Staff see the server's disk: in Chromium, the staff app shows a red banner while the journal
// cannot write (and drops it once the disk works again), and the supervisor view says which
// journal lines were found damaged and set aside at start.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { FaultyFs } from '../support/faulty-fs.js';
import { distDir, ensureBuilt, launch, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 20_000 };
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];
let dataDir: string;
let day: string;
const fs = new FaultyFs();

beforeAll(async () => {
  ensureBuilt();
  dataDir = await mkdtemp(join(tmpdir(), 'luot-disk-ui-'));
  const first = await startTestServer({ dataDir });
  const k = await first.connect('/kiosk');
  for (let i = 0; i < 3; i++) await request(k, 'ticket:issue', { serviceId: 'ho-tich' });
  day = first.office.engine.serviceDay;
  await first.stop();
  // Line 3 (the second ticket) damaged by hand.
  const path = join(dataDir, 'journal', `${day}.jsonl`);
  const lines = (await readFile(path, 'utf8')).split('\n');
  lines[2] = '#@!%' + lines[2]!.slice(12);
  await writeFile(path, lines.join('\n'));
  server = await startTestServer({ dataDir, staticDir: distDir, journalFs: fs.ops, journalSyncTimeoutMs: 800, diskRetryMs: 200 });
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  errors = watchErrors(page);
  await staffLogin(page, `${server.url}/counter/#supervisor`, 'admin', ADMIN_PASSWORD);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the staff app and the disk', () => {
  it('the supervisor view says which journal lines were damaged and where they went', async () => {
    const note = page.getByTestId('disk-damage');
    await note.waitFor(WAIT);
    const text = (await note.textContent()) ?? '';
    expect(text).toContain(`Nhật ký ngày ${day} có 1 dòng hỏng (dòng 3)`);
    expect(text).toContain(`journal/${day}.damaged.jsonl`);
    expect(await page.getByTestId('disk-failing').count()).toBe(0);
  }, 60_000);

  it('a red banner while the disk fails, gone once it works again', async () => {
    const kiosk = await server.connect('/kiosk');
    fs.mode = 'eio';
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    expect(r.ok).toBe(false);
    const banner = page.getByTestId('disk-failing');
    await banner.waitFor(WAIT);
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('Ổ đĩa của máy chủ đang lỗi');
    fs.mode = 'ok';
    await banner.waitFor({ state: 'detached', ...WAIT });
    expect((await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' })).ok).toBe(true);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  }, 60_000);
});

describe('reports over the damaged day', () => {
  it('say how many journal lines were left out', async () => {
    await page.goto(`${server.url}/counter/#reports`);
    const note = page.getByTestId('skipped-lines');
    await note.waitFor(WAIT);
    expect(await note.textContent()).toMatch(/Báo cáo bỏ qua 1 dòng nhật ký bị hỏng/);
  }, 60_000);
});
