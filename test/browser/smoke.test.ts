// Every built page loads in a real Chromium without an error (catches the decorator trap of
// TECH-NOTES and its kin), and the kiosk issues a ticket the server agrees with.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, root, watchErrors } from '../support/browser.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

describe.skipIf(noBrowser)('built pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const artifacts = join(root, 'test-artifacts', 'smoke');

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ staticDir: distDir });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads every page with no page or console error', { timeout: 120_000 }, async () => {
    const kiosk = await server.connect('/kiosk');
    const issued = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    if (!issued.ok) throw new Error(issued.error.message);
    const pages = ['/', '/kiosk/', '/display/', '/display/?counter=3', '/counter/', `/t/${issued.ticket.token}`];
    for (const path of pages) {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), path).toBe(200);
      await page.waitForLoadState('networkidle');
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });

  it('a tap on the kiosk shows the number the server issued', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/kiosk/`);
    await page.locator('[data-service="tu-phap"]').click();
    const number = (await page.locator('[data-testid="number"]').textContent())?.trim();
    const state = await server.api<{ snapshot: { services: { id: string; waiting: number }[] } }>('GET', '/api/state');
    expect(number).toMatch(/^10\d\d$/);
    // The server's own record of the ticket: the last one issued in that service.
    const last = [...server.office.engine.tickets()].filter((t) => t.serviceId === 'tu-phap').pop();
    expect(number).toBe(last?.number);
    expect(state.body.ok && state.body.snapshot.services.find((s) => s.id === 'tu-phap')?.waiting).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'kiosk-ticket.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
