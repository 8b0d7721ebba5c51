// The counter panel in Chromium lists the waiting tickets in the order "call next" takes them:
// numbers that cross A999 → A1000 in one second, priority tickets under the interleave policy.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;

describe.skipIf(noBrowser)('counter panel order in Chromium', () => {
  // A Monday morning whose clock only moves when the test says: every ticket below shares one second.
  let now = new Date('2026-03-16T08:00:00+07:00');
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir, now: () => now, tickMs: 3_600_000 });
    const admin = await server.login();
    expect((await server.api('PUT', '/api/services/dat-dai', { start: 998 }, admin)).status).toBe(200);
    expect((await server.api('PUT', '/api/settings', { priorityPolicy: { mode: 'interleave', every: 2 } }, admin)).status).toBe(200);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    errors = watchErrors(page);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a counter\'s waiting list in exactly the order call next then takes', async () => {
    await staffLogin(page, `${server.url}/counter/`, 'admin', ADMIN_PASSWORD);
    // q2 serves land (dat-dai) alone.
    await page.getByLabel('Quầy của máy này').selectOption('q2');
    await page.getByRole('button', { name: 'Mở quầy' }).click();
    await expect.poll(() => server.office.engine.publicCounter('q2')!.status, WAIT).toBe('idle');

    const office = server.office;
    for (const priority of [null, 'elderly', null, 'pregnant', null] as const) {
      await office.issue({ serviceId: 'dat-dai', priority });
    }
    const items = page.locator('luot-waiting-list li[data-ticket]');
    await expect.poll(() => items.count(), WAIT).toBe(5);
    const shown = await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-ticket')));
    // Two normal tickets, then a priority one, from a counter that has called nobody yet.
    expect(shown).toEqual(['A998', 'A1000', 'A999', 'A1002', 'A1001']);

    const taken: string[] = [];
    for (let t = await office.callNext('q2', { userId: null }); t; t = await office.callNext('q2', { userId: null })) {
      taken.push(t.number);
      await office.complete('q2', null);
    }
    expect(taken).toEqual(shown);
    await expect.poll(() => items.count(), WAIT).toBe(0);
    expect(errors).toEqual([]);
  }, STEP);
});
