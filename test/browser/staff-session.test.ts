// The staff app when the server ends its session: it says why, in Vietnamese, and stops
// reconnecting (an account disabled: the login screen; a password changed elsewhere: the
// password is asked over the working screen); its logout button ends the session on the server.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserPublic } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;
const PASSWORD = 'mat-khau-can-bo';
/** Refusals the test provokes on purpose (the ended session's token). */
const PROVOKED = /Failed to load resource: the server responded with a status of (401|403)/;

describe.skipIf(noBrowser)('staff app: a session the server ends', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;
  let user: UserPublic;

  async function loggedIn(): Promise<{ page: Page; errors: string[]; sockets: () => number }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    let opened = 0;
    page.on('websocket', () => opened++);
    await staffLogin(page, `${server.url}/counter/`, 'thu', PASSWORD);
    await page.getByLabel('Quầy của máy này').waitFor(WAIT);
    await page.locator('.dot:not(.off)').waitFor(WAIT);
    return { page, errors, sockets: () => opened };
  }

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    admin = await server.login();
    const r = await server.api<{ user: UserPublic }>('POST', '/api/users', { username: 'thu', name: 'Đỗ Thị Thu', role: 'staff', password: PASSWORD }, admin);
    if (!r.body.ok) throw new Error(r.body.error.message);
    user = r.body.user;
    browser = await launch();
  }, STEP);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('disabled by an admin: the app shows why on the login screen and does not reconnect', async () => {
    const { page, errors, sockets } = await loggedIn();
    const before = sockets();
    expect((await server.api('PUT', `/api/users/${user.id}`, { disabled: true }, admin)).status).toBe(200);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), WAIT).toContain('Tài khoản của bạn đã bị khoá');
    expect(await page.getByRole('button', { name: 'Đăng nhập' }).isVisible()).toBe(true);
    // English is one tap away.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => alert.textContent(), WAIT).toContain('Your account has been disabled');
    // The old client reconnected 1 s after a server disconnect: nothing may open now.
    await page.waitForTimeout(2500);
    expect(sockets()).toBe(before);
    expect(await page.evaluate(() => sessionStorage.getItem('luot.session'))).toBeNull();
    expect(errors.filter((e) => !PROVOKED.test(e))).toEqual([]);
    await page.close();
    expect((await server.api('PUT', `/api/users/${user.id}`, { disabled: false }, admin)).status).toBe(200);
  }, STEP);

  it('password changed on another device: the reason and the password form over the working screen', async () => {
    const { page, errors } = await loggedIn();
    const elsewhere = await server.login('thu', PASSWORD);
    expect((await server.api('POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-cua-thu' }, elsewhere)).status).toBe(200);
    await page.getByRole('heading', { name: 'Phiên làm việc đã hết hạn' }).waitFor(WAIT);
    await page.getByText('Mật khẩu của tài khoản vừa được đổi').waitFor(WAIT);
    // The counter panel stays behind the form; the same person logs in again with the new password.
    expect(await page.getByLabel('Quầy của máy này').count()).toBe(1);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('mat-khau-moi-cua-thu');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Phiên làm việc đã hết hạn' }).waitFor({ state: 'detached', ...WAIT });
    await page.locator('.dot:not(.off)').waitFor(WAIT);
    expect(errors.filter((e) => !PROVOKED.test(e))).toEqual([]);
    await page.close();
    // Back to the password the other tests log in with.
    const back = await server.api('POST', '/api/auth/password', { currentPassword: 'mat-khau-moi-cua-thu', newPassword: PASSWORD }, await server.login('thu', 'mat-khau-moi-cua-thu'));
    expect(back.status).toBe(200);
  }, STEP);

  it('logging out revokes the token on the server, not only in the tab', async () => {
    const { page, errors } = await loggedIn();
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('luot.session')!) as { token: string }).token);
    expect((await server.api('GET', '/api/auth/me', undefined, token)).status).toBe(200);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor(WAIT);
    await expect.poll(async () => (await server.api('GET', '/api/auth/me', undefined, token)).status, WAIT).toBe(401);
    expect(server.office.accounts.revokedSessions).toHaveLength(1);
    expect(errors.filter((e) => !PROVOKED.test(e))).toEqual([]);
    await page.close();
  }, STEP);
});
