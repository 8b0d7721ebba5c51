// Issue 15: the reports page shows the walk to the desk (call → start of service) per service and
// per counter, in real Chromium against a real server whose day the test plays over sockets: a
// walk-in who walks 30 s after a recall, a priority citizen who walks 12 s, one served unstarted.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';
import type { IssueResult } from '../../shared/types.js';
import { act, vnTime } from '../http/helpers.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;
const DAY = '2026-12-01';

describe.skipIf(noBrowser)('the walk to the desk on the reports page', () => {
  let server: TestServer;
  let browser: Browser;
  let staff: Page;
  let errors: string[];
  let clock = vnTime(DAY, '08:00');

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir, now: () => clock, tickMs: 3_600_000 });
    const kiosk = await server.connect('/kiosk');
    const q3 = await server.connect('/counter', { token: await server.staff('canbo3', 'staff') });
    await act(q3, 'counter:open', { counterId: 'q3' });
    const ids: string[] = [];
    for (const p of [{}, { priority: 'elderly' }, {}]) {
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich', ...p });
      if (!r.ok) throw new Error(r.error.message);
      ids.push(r.ticket.id);
    }
    const at = (hhmm: string, ss: string) => (clock = vnTime(DAY, hhmm, ss));
    at('08:01', '00'), await act(q3, 'ticket:call', { counterId: 'q3', ticketId: ids[0] });
    at('08:01', '20'), await act(q3, 'ticket:recall', { counterId: 'q3' });
    at('08:01', '30'), await act(q3, 'ticket:start', { counterId: 'q3' });
    at('08:03', '00'), await act(q3, 'ticket:complete', { counterId: 'q3' });
    at('08:04', '00'), await act(q3, 'ticket:call', { counterId: 'q3', ticketId: ids[1] });
    at('08:04', '12'), await act(q3, 'ticket:start', { counterId: 'q3' });
    at('08:06', '00'), await act(q3, 'ticket:complete', { counterId: 'q3' });
    at('08:07', '00'), await act(q3, 'ticket:call', { counterId: 'q3', ticketId: ids[2] });
    at('08:08', '00'), await act(q3, 'ticket:complete', { counterId: 'q3' });
    q3.disconnect();
    kiosk.disconnect();
    browser = await launch();
    staff = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    errors = watchErrors(staff);
    await staffLogin(staff, `${server.url}/counter/#reports`, 'admin', ADMIN_PASSWORD);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows today's walks per service and per counter, split walk-in / priority / booked", async () => {
    const report = staff.locator('luot-reports-view luot-walk-report');
    await report.getByRole('heading', { name: 'Thời gian đi tới quầy' }).waitFor(WAIT);
    const cells = async (row: string) =>
      (await report.locator('tr', { hasText: row }).first().locator('td').allTextContents()).map((s) => s.trim());
    // Count, average, median, P90 of 30 and 12 s; walk-in 30 over 1, priority 12 over 1, no booked.
    expect(await cells('Hộ tịch')).toEqual(['Hộ tịch', '2', '21', '12', '30', '30 (1)', '12 (1)', '–']);
    expect(await cells('Quầy 3')).toEqual(['Quầy 3', '2', '21', '12', '30', '30 (1)', '12 (1)', '–']);
    expect(errors.join('\n')).toBe('');
  }, STEP);
});
