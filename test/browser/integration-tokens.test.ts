// Issue 15 §1: an office admin makes an integration token in Cài đặt → Webhook, in real Chromium
// against a real server; the token shown once marks a file ready over REST, and after "Thu hồi"
// on the page it is refused.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from '../support/app-session.js';
import { noBrowser, staffLogin } from '../support/browser.js';
import { ADMIN_PASSWORD, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;

describe.skipIf(noBrowser)('integration tokens in the settings', () => {
  let session: AppSession;
  let server: TestServer;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openAppSession();
    ({ server, page, errors } = session);
    await staffLogin(page, `${server.url}/counter/#settings`, 'admin', ADMIN_PASSWORD);
  }, STEP);

  afterAll(async () => {
    await session?.close();
  });

  it('makes a token shown once, which marks files ready until it is revoked', async () => {
    await page.getByRole('button', { name: 'Webhook', exact: true }).click();
    const section = page.locator('luot-settings-integrations');
    await section.getByRole('heading', { name: 'Mã tích hợp (trả kết quả)' }).waitFor(WAIT);
    await section.getByLabel('Tên (ví dụ: Phần mềm một cửa)').fill('Phần mềm một cửa');
    await section.getByRole('button', { name: 'Tạo mã' }).click();
    const secret = (await section.getByTestId('integration-secret').textContent({ timeout: WAIT.timeout }))!.trim();
    await section.locator('td', { hasText: 'Phần mềm một cửa' }).waitFor(WAIT);

    const mark = () => server.api('POST', '/api/results/ready', { fileCodes: ['H29-261130-0042'] }, secret);
    expect((await mark()).status).toBe(200);

    // The list again after a reload: the name, never the token.
    await page.reload();
    await page.getByRole('button', { name: 'Webhook', exact: true }).click();
    await section.locator('td', { hasText: 'Phần mềm một cửa' }).waitFor(WAIT);
    expect(await section.getByTestId('integration-secret').count()).toBe(0);
    expect(await section.textContent()).not.toContain(secret);

    await section.getByRole('button', { name: 'Thu hồi Phần mềm một cửa' }).click();
    await section.getByRole('button', { name: 'Chắc chắn thu hồi?' }).click();
    await section.getByText('Chưa có mã nào.').waitFor(WAIT);
    expect((await mark()).status).toBe(401);
    expect(errors.join('\n')).toBe('');
  }, STEP);
});
