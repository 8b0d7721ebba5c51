// A supervisor opens a ticket's history in the staff app (Chromium, real server): from the
// waiting list, from the counters board, and by number and day in the search box, a past
// day's ticket included. The history shown is the one the script below played.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, UserPublic } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, root, watchErrors } from '../support/browser.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const artifacts = join(root, 'test-artifacts', 'staff');
const WAIT = { timeout: 30_000 };
const STEP = 180_000;
const PASSWORD = 'mat-khau-can-bo';
const DAY1 = '2026-03-02';
const DAY2 = '2026-03-03';
let clock = new Date(`${DAY1}T07:50:00+07:00`);
const at = (day: string, hhmm: string) => {
  clock = new Date(`${day}T${hhmm}:00+07:00`);
};

describe.skipIf(noBrowser)('staff app: a ticket’s timeline', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let lan: Socket;
  let kiosk: Socket;
  let past: IssueResult['ticket'];
  let waiting: IssueResult['ticket'];

  async function act(socket: Socket, event: string, payload: unknown) {
    const r = await request(socket, event, payload);
    if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
  }
  async function issue(serviceId: string) {
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId });
    if (!r.ok) throw new Error(r.error.message);
    return r.ticket;
  }
  const dialog = () => page.locator('luot-ticket-timeline').getByRole('dialog');
  /** The rows of the open history, as their cells' text. */
  async function rows(): Promise<string[][]> {
    await dialog().locator('tbody tr').first().waitFor(WAIT);
    return dialog().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
  }
  async function close() {
    await dialog().getByRole('button', { name: 'Đóng' }).click();
    await dialog().waitFor({ state: 'hidden', ...WAIT });
  }

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir, now: () => clock });
    const admin = await server.login();
    for (const [username, name, role] of [['lan', 'Nguyễn Thị Lan', 'staff'], ['hoa', 'Lê Thị Hoa', 'supervisor']] as const) {
      const r = await server.api<{ user: UserPublic }>('POST', '/api/users', { username, name, role, password: PASSWORD }, admin);
      if (!r.body.ok) throw new Error(r.body.error.message);
    }
    lan = await server.connect('/counter', { token: await server.login('lan', PASSWORD) });
    kiosk = await server.connect('/kiosk');
    // Day one: a ticket served from start to end, with a file code.
    await act(lan, 'counter:open', { counterId: 'q3' });
    at(DAY1, '08:00'); past = await issue('ho-tich');
    at(DAY1, '08:04'); await act(lan, 'ticket:call', { counterId: 'q3', ticketId: past.id });
    at(DAY1, '08:05'); await act(lan, 'ticket:start', { counterId: 'q3' });
    at(DAY1, '08:15'); await act(lan, 'ticket:complete', { counterId: 'q3', fileCode: 'HS-ĐĐ-0042' });
    // Day two: a ticket waiting now.
    at(DAY2, '09:30'); waiting = await issue('ho-tich');
    lan.close();
    lan = await server.connect('/counter', { token: await server.login('lan', PASSWORD) });
    await act(lan, 'counter:open', { counterId: 'q3' });

    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    errors = watchErrors(page);
    await page.goto(`${server.url}/counter/#supervisor`);
    await page.getByLabel('Tên đăng nhập').fill('hoa');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('luot-supervisor-view').waitFor(WAIT);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens a waiting ticket’s history from the waiting list', async () => {
    const board = page.locator('luot-supervisor-view');
    await board.locator(`tr[data-ticket="${waiting.number}"]`).getByRole('button', { name: `Xem lịch sử số ${waiting.number}` }).click();
    await dialog().getByRole('heading', { name: `Lịch sử số ${waiting.number}` }).waitFor(WAIT);
    expect(await rows()).toEqual([['09:30', 'Lấy số', '—', '—', 'Tại máy lấy số']]);
    await close();
  }, STEP);

  it('opens the ticket a counter is calling from the counters board', async () => {
    at(DAY2, '09:40');
    await act(lan, 'ticket:call', { counterId: 'q3', ticketId: waiting.id });
    const row = page.locator('luot-supervisor-view').locator('tr[data-counter="q3"]');
    await row.getByRole('button', { name: `Xem lịch sử số ${waiting.number}` }).click();
    const r = await rows();
    expect(r).toHaveLength(2);
    expect(r[1]!.slice(0, 2)).toEqual(['09:40', 'Gọi số']);
    expect(r[1]![2]).toMatch(/3/);
    expect(r[1]![3]).toBe('Nguyễn Thị Lan');
    await close();
  }, STEP);

  it('finds a past day’s ticket by its number and day, however the number is typed', async () => {
    const search = page.locator('luot-ticket-search');
    await search.getByLabel('Số thứ tự', { exact: true }).fill(past.number.toLowerCase());
    await search.getByLabel('Ngày', { exact: true }).fill(DAY1);
    await search.getByRole('button', { name: 'Xem lịch sử' }).click();
    await dialog().getByRole('heading', { name: `Lịch sử số ${past.number}` }).waitFor(WAIT);
    await dialog().getByText('02/03/2026').waitFor(WAIT);
    const r = await rows();
    expect(r.map((x) => x.slice(0, 2))).toEqual([['08:00', 'Lấy số'], ['08:04', 'Gọi số'], ['08:05', 'Bắt đầu giải quyết'], ['08:15', 'Hoàn thành']]);
    expect(r[3]![3]).toBe('Nguyễn Thị Lan');
    expect(r[3]![4]).toBe('Mã hồ sơ: HS-ĐĐ-0042');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'ticket-timeline.png') });
    await close();

    // The same number today is today's ticket; a number nobody had is said so.
    await search.getByLabel('Ngày', { exact: true }).fill(DAY2);
    await search.getByRole('button', { name: 'Xem lịch sử' }).click();
    expect((await rows())[0]![0]).toBe('09:30');
    await close();
    await search.getByLabel('Số thứ tự', { exact: true }).fill('Z999');
    await search.getByRole('button', { name: 'Xem lịch sử' }).click();
    await dialog().getByText('Không có số Z999 trong ngày 03/03/2026.').waitFor(WAIT);
    await close();
    expect(errors).toEqual([]);
  }, STEP);
});
