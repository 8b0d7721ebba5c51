// The pages do not jump while they load, as Lighthouse's mobile profile sees them (412×823): the
// kiosk's office name arrives after connecting and used to wrap into many lines on a narrow
// screen, pushing the whole screen down (CLS 0.38, a quarter of the performance score).
// Layout shifts are read from the page's own PerformanceObserver, summed as CLS counts them
// (every shift without recent input), until the page shows its data and the fonts are in.
// LUOT_TEST_DIST=DIR checks another build than dist/ (`npx vite build --outDir DIR`).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

/** Lighthouse's threshold of a good CLS. */
const GOOD_CLS = 0.1;
const WAIT = { timeout: 15_000 };

describe.skipIf(noBrowser)('layout shift while loading, phone-sized screen', () => {
  let server: TestServer;
  let browser: Browser;
  let token = '';

  beforeAll(async () => {
    const dist = process.env.LUOT_TEST_DIST ?? distDir;
    if (dist === distDir) ensureBuilt();
    server = await startTestServer({ staticDir: dist });
    browser = await launch();
    const kiosk = await server.connect('/kiosk');
    const issued = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    if (!issued.ok) throw new Error(issued.error.message);
    token = issued.ticket.token;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pages: [string, () => string, string][] = [
    ['the kiosk', () => '/kiosk/', '[data-service]'],
    ['the citizen page', () => `/t/${token}`, 'main'],
  ];
  for (const [name, path, ready] of pages) {
    it(`${name}: cumulative layout shift below ${GOOD_CLS}`, async () => {
      const page = await browser.newPage({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
      const errors = watchErrors(page);
      await page.addInitScript(() => {
        const w = window as unknown as { __shifts: { value: number; at: number }[] };
        w.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; startTime: number }[]) {
            if (!e.hadRecentInput) w.__shifts.push({ value: e.value, at: Math.round(e.startTime) });
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${server.url}${path()}`);
      await page.locator(ready).first().waitFor(WAIT);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      // Two frames more: a shift is reported after the frame that made it.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const shifts = await page.evaluate(() => (window as unknown as { __shifts: { value: number; at: number }[] }).__shifts);
      const cls = shifts.reduce((a, s) => a + s.value, 0);
      expect(cls, JSON.stringify(shifts)).toBeLessThan(GOOD_CLS);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
