// The kiosk's start-up and tap path in a real Chromium against a real server: the page loads at
// start exactly the scripts the size budget counts (test/build/kiosk-js.ts), no more; a tap is
// timed in the page (pointerdown → frame with the number, with the ticket:issue ack inside it);
// and the QR encoder is fetched only after that frame, so the number never waits for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TapTiming } from '../../kiosk/tap-timing.js';
import { kioskJs } from '../build/kiosk-js.js';
import { distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };

/** Script files the page has fetched, as dist-relative paths, with when each request started. */
const scripts = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ name: new URL(e.name).pathname.slice(1), startTime: e.startTime })),
  );

describe.skipIf(noBrowser)('kiosk start-up and tap timing in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads at start only the budgeted scripts; a tap is timed in the page; the QR encoder comes after the number', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/kiosk/`);
    const button = page.locator('[data-service="ho-tich"]');
    await button.waitFor(WAIT);

    const budgeted = kioskJs(distDir);
    const atStart = await scripts(page);
    expect(atStart.map((s) => s.name).sort()).toEqual(budgeted.start.map((f) => f.name));

    await button.click(WAIT);
    await page.waitForFunction(() => (window.__luotTaps?.length ?? 0) > 0, undefined, WAIT);
    const tap: TapTiming = await page.evaluate(() => window.__luotTaps!.at(-1)!);
    const shown = (await page.locator('[data-testid="number"]').textContent())?.trim();
    const issued = [...server.office.engine.tickets()].filter((t) => t.serviceId === 'ho-tich');
    expect(tap.number).toBe(shown);
    expect(issued.map((t) => t.number)).toEqual([shown]);
    expect(tap.ack).toBeGreaterThan(0);
    expect(tap.tapToNumber).toBeGreaterThan(tap.ack!);
    console.log(`kiosk tap in the page: ${tap.tapToNumber.toFixed(1)} ms to the painted number, of which ${tap.ack!.toFixed(1)} ms ack`);

    // The QR code follows; its encoder (with what its chunk imports that the start did not load:
    // the bundler's runtime helpers) was requested after the number's frame, never before.
    await expect.poll(() => page.locator('luot-ticket-screen .code svg path').count(), WAIT).toBe(1);
    const numberAt = await page.evaluate(() => performance.getEntriesByName('luot:number').at(-1)!.startTime);
    const later = (await scripts(page)).filter((s) => !atStart.some((a) => a.name === s.name));
    const qrChunk = budgeted.lazy.find((f) => /\/qr-/.test(f.name))!.name;
    const qrImports = [...readFileSync(join(distDir, qrChunk), 'utf8').matchAll(/\bfrom\s*["'`]\.\/([^"'`]+\.js)["'`]/g)]
      .map((m) => `assets/${m[1]!}`)
      .filter((name) => !atStart.some((a) => a.name === name));
    expect(later.map((s) => s.name).sort()).toEqual([qrChunk, ...qrImports].sort());
    for (const s of later) expect(s.startTime, s.name).toBeGreaterThanOrEqual(numberAt);
    expect(errors).toEqual([]);
    await page.close();
  });
});
