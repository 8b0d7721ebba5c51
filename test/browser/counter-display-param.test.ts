// The counter display's address (Chromium, real server): `?counter=` takes the counter's number
// or its id, in the default office and under /o/<slug>/; an unknown or missing one shows a large
// screen that says so and lists the office's counters as links that open their display.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counter } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;

describe.skipIf(noBrowser)('counter display: ?counter=', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let counters: Counter[];

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    counters = [...server.office.config.counters].sort((a, b) => a.number - b.number);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    errors = watchErrors(page);
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const label = () => page.locator('[data-testid="label"]');

  it('opens the same counter by its number and by its id, with the number it is serving', async () => {
    const c = counters[2]!;
    const staff = await server.connect('/counter', { token: await server.staff('lan', 'staff') });
    expect((await request(staff, 'counter:open', { counterId: c.id })).ok).toBe(true);
    const kiosk = await server.connect('/kiosk');
    const issued = await request<{ ticket: { id: string; number: string } }>(kiosk, 'ticket:issue', { serviceId: c.serviceIds[0] });
    if (!issued.ok) throw new Error(issued.error.message);
    expect((await request(staff, 'ticket:call', { counterId: c.id, ticketId: issued.ticket.id })).ok).toBe(true);

    for (const param of [String(c.number), c.id, ` ${c.id} `]) {
      await page.goto(`${server.url}/display/?counter=${encodeURIComponent(param)}`);
      await label().waitFor(WAIT);
      expect(await label().textContent(), param).toBe(c.label.vi);
      await page.locator('[data-testid="number"]', { hasText: issued.ticket.number }).waitFor(WAIT);
    }
  }, STEP);

  it('says an unknown counter clearly and lists the counters that exist, as links that open them', async () => {
    await page.goto(`${server.url}/display/?counter=q99`);
    const screen = page.locator('[data-testid="no-counter"]');
    await screen.waitFor(WAIT);
    await screen.getByRole('heading', { name: 'Không có quầy «q99»' }).waitFor(WAIT);
    const links = screen.getByRole('link');
    expect(await links.count()).toBe(counters.length);
    for (const [i, c] of counters.entries()) {
      expect(await links.nth(i).getAttribute('href')).toBe(`?counter=${c.number}`);
      expect(await links.nth(i).textContent()).toContain(`Quầy ${c.number}`);
    }
    // Readable across a room, big enough to touch.
    const heading = await screen.getByRole('heading').evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    expect(heading).toBeGreaterThanOrEqual(40);
    const box = (await links.first().boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(64);

    await links.nth(1).click();
    await label().waitFor(WAIT);
    expect(await label().textContent()).toBe(counters[1]!.label.vi);
    expect(new URL(page.url()).pathname).toBe('/display/');
    expect(new URL(page.url()).search).toBe(`?counter=${counters[1]!.number}`);

    // A number no counter has, and no counter at all: the same screen.
    await page.goto(`${server.url}/display/?counter=99`);
    await page.getByRole('heading', { name: 'Không có quầy «99»' }).waitFor(WAIT);
    await page.goto(`${server.url}/display/?counter=`);
    await page.getByRole('heading', { name: 'Màn hình này chưa chọn quầy' }).waitFor(WAIT);
    expect(await page.locator('[data-testid="no-counter"]').getByRole('link').count()).toBe(counters.length);
    expect(errors).toEqual([]);
  }, STEP);

  it('works under an office’s own address, and its links stay in that office', async () => {
    const slug = server.office.slug;
    const c = counters[0]!;
    await page.goto(`${server.url}/o/${slug}/display/?counter=${c.id}`);
    await label().waitFor(WAIT);
    expect(await label().textContent()).toBe(c.label.vi);
    await page.goto(`${server.url}/o/${slug}/display/?counter=khong-co`);
    await page.locator('[data-testid="no-counter"]').getByRole('link').first().click();
    await label().waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe(`/o/${slug}/display/`);
    expect(await label().textContent()).toBe(c.label.vi);
    expect(errors).toEqual([]);
  }, STEP);
});
