// Cài đặt → Webhook (issue 14) in real Chromium: an admin adds an endpoint (the secret shown
// once), sends a test event that a loopback receiver gets signed, and sees a failing receiver's
// deliveries (HTTP 500) in the endpoint's recent deliveries.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';
import { startReceiver, verify, type Receiver } from '../support/webhook-receiver.js';

const WAIT = { timeout: 15_000 };

describe.skipIf(noBrowser)('webhook settings in the staff app', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: Receiver;
  beforeAll(async () => {
    ensureBuilt();
    receiver = await startReceiver('ok');
    server = await startTestServer({ staticDir: distDir, webhooks: { timeoutMs: 1000, baseDelayMs: 100, maxDelayMs: 300 } });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it('adds an endpoint, shows its secret once, sends a test, and lists failed deliveries', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors = watchErrors(page);
    await staffLogin(page, `${server.url}/counter/#settings`, 'admin', ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Webhook' }).click();
    const view = page.locator('luot-settings-webhooks');
    await view.getByText('Chưa có địa chỉ webhook nào.').waitFor(WAIT);
    await view.getByLabel('Địa chỉ nhận (URL)').fill(receiver.url);
    await view.getByLabel('Ghi chú').fill('Hệ thống một cửa của tỉnh');
    await view.getByLabel('Cấp số').check();
    await view.getByRole('button', { name: 'Thêm webhook' }).click();
    const shown = view.locator('.info .secret');
    await shown.waitFor(WAIT);
    const secret = (await shown.textContent())!.trim();
    const stored = server.office.config.webhooks![0]!;
    expect(secret).toBe(stored.secret);
    expect(stored.events).toEqual(['ticket.issued', 'ticket.called', 'ticket.completed']);
    await view.getByRole('button', { name: 'Ẩn' }).click();
    expect(await view.locator('.info .secret').count()).toBe(0);
    // The list shows only its last characters.
    await view.getByText(`…${secret.slice(-4)}`).waitFor(WAIT);

    await view.getByRole('button', { name: 'Gửi thử' }).click();
    await view.getByText('Gửi thử thành công (HTTP 204)').waitFor(WAIT);
    const test = receiver.received.at(-1)!;
    expect(test.body.type).toBe('webhook.test');
    expect(verify(secret, test.headers['luot-signature'] as string, test.raw)).toBe(true);

    receiver.answer = 'fail';
    const kiosk = await server.connect('/kiosk');
    const issued = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap' });
    expect(issued.ok).toBe(true);
    await receiver.waitFor((r) => r.received.filter((x) => x.body.type === 'ticket.issued').length >= 2);
    // The list refreshes itself: the failing receiver's answers appear without a reload.
    await view.locator('details[open] td', { hasText: 'HTTP 500' }).first().waitFor(WAIT);
    await view.getByText(/Lỗi, đã thử \d+ lần/).waitFor(WAIT);

    receiver.answer = 'ok';
    await receiver.waitFor((r) => r.delivered().some((x) => x.body.type === 'ticket.issued'));
    await view.getByText('Đã gửi hết').waitFor(WAIT);
    expect(errors).toEqual([]);
    await page.close();
  });
});
