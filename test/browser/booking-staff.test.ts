// Numbers from home (issue 13), the office's side in real Chromium against a real server: an
// admin switches booking on with a PIN in Cài đặt → Lấy số từ xa and opens a field to it (the
// server holds what was saved), the entrance poster shows the page's address and the PIN; a
// citizen on a phone is refused with a wrong PIN and booked with the right one; the supervisor
// sees the booking among today's not yet arrived, and the reports page counts it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service, Settings } from '../../shared/types.js';
import { openAppSession, type AppSession } from '../support/app-session.js';
import { noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;
/** Tuesday 1 December 2026, 09:00 in Hà Nội. */
const NOW = new Date('2026-12-01T02:00:00Z');

describe.skipIf(noBrowser)('numbers from home: the office side', () => {
  let session: AppSession;
  let server: TestServer;
  let browser: Browser;
  let staff: Page;
  let errors: string[];

  beforeAll(async () => {
    session = await openAppSession({ server: { now: () => NOW, tickMs: 3_600_000 } });
    ({ server, browser, page: staff, errors } = session);
    await staffLogin(staff, `${server.url}/counter/#settings`, 'admin', ADMIN_PASSWORD);
  }, STEP);

  afterAll(async () => {
    await session?.close();
  });

  it('the settings switch booking on with a PIN and open a field; the poster shows the address and the PIN', async () => {
    await staff.getByRole('button', { name: 'Lấy số từ xa' }).click(WAIT);
    const view = staff.locator('luot-booking-settings');
    const form = view.getByTestId('booking-office-form');
    await form.getByLabel('Cho phép công dân lấy số từ xa / đặt lịch').check();
    await form.getByLabel('Mã PIN dán tại lối vào').check();
    await form.getByLabel(/Mã PIN \(4–8 chữ số\)/).fill('12');
    await form.getByRole('button', { name: 'Lưu' }).click();
    // Checked before sending: nothing saved.
    await form.locator('.err').first().waitFor(WAIT);
    expect((server.office.settings as Settings).booking?.enabled ?? false).toBe(false);
    await form.getByLabel(/Mã PIN \(4–8 chữ số\)/).fill('4821');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await form.getByText('Đã lưu').waitFor(WAIT);
    expect((server.office.settings as Settings).booking).toMatchObject({ enabled: true, proof: 'pin', pin: '4821' });

    const poster = view.locator('luot-booking-poster');
    await poster.getByTestId('poster-pin').getByText('4821').waitFor(WAIT);
    expect(await poster.getByTestId('poster-url').textContent()).toBe(`${server.url}/dat-lich/`);
    expect(await poster.locator('svg path').getAttribute('d')).toMatch(/^M\d+ \d+h\d+/);

    const row = view.locator('luot-booking-service-settings tr[data-service="ho-tich"]');
    await row.locator('input[name="remote"]').check();
    await row.locator('input[name="capacity"]').fill('3');
    await row.getByTestId('save-booking').click();
    await row.getByText('Đã lưu').waitFor(WAIT);
    const svc = server.office.config.services.find((s: Service) => s.id === 'ho-tich');
    expect(svc?.booking).toMatchObject({ remote: true, slots: false, capacity: 3 });
    expect(errors.join('\n')).toBe('');
  }, STEP);

  it('a citizen is refused with a wrong PIN and booked with the right one; the supervisor sees the booking pending', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phoneErrors = watchErrors(phone);
    await phone.goto(`${server.url}/dat-lich/`);
    const app = phone.locator('luot-booking-app');
    // Only the field opened to it is offered.
    await app.locator('[data-service="ho-tich"] [data-kind="remote"]').waitFor(WAIT);
    expect(await app.locator('[data-service="dat-dai"]').count()).toBe(0);
    await app.locator('[data-service="ho-tich"] [data-kind="remote"]').tap();
    await app.getByLabel('Số điện thoại').fill('0903 111 222');
    await app.getByLabel('Họ và tên').fill('Võ Thị Ngọc Ánh');
    await app.getByLabel('Mã PIN của trung tâm').fill('1111');
    await app.getByTestId('submit').tap();
    await app.getByTestId('form-error').getByText('Mã xác minh không đúng').waitFor(WAIT);
    await app.getByLabel('Mã PIN của trung tâm').fill('4821');
    await app.getByTestId('submit').tap();
    const code = (await app.getByTestId('code').textContent({ timeout: 30_000 }))!.trim();
    expect(code).toMatch(/^\d{6}$/);
    // The phone-failed request went through the browser's console as a 4xx; nothing else.
    expect(phoneErrors.filter((e) => !/status of 4\d\d/.test(e)).join('\n')).toBe('');

    // The staff app was open all along: the booking reached it live (the update's bookingsPending).
    await staff.goto(`${server.url}/counter/#supervisor`);
    const pending = staff.locator('luot-supervisor-view luot-bookings-pending');
    const row = pending.locator(`tr[data-code="${code}"]`);
    await row.waitFor(WAIT);
    expect(await row.textContent()).toContain('Võ Thị Ngọc Ánh');
    expect(await row.textContent()).toContain('Hộ tịch');
    // Names only on this list: the phone number stays on the supervisor's full list.
    expect(await pending.textContent()).not.toContain('0903');
    expect(errors.join('\n')).toBe('');
    await phone.close();
  }, STEP);

  it("the reports page counts today's bookings: one made, none arrived yet", async () => {
    await staff.goto(`${server.url}/counter/#reports`);
    const report = staff.locator('luot-reports-view luot-booking-report');
    await report.getByTestId('bk-made').waitFor(WAIT);
    expect(await report.getByTestId('bk-made').textContent()).toBe('1');
    expect(await report.getByTestId('bk-checked-in').textContent()).toBe('0');
    expect(await report.getByTestId('bk-cancelled').textContent()).toBe('0');
    expect(await report.locator('tr[data-service="ho-tich"]').textContent()).toContain('Hộ tịch');
    expect(errors.join('\n')).toBe('');
  }, STEP);
});
