// Numbers from home (issue 13) in real Chromium against a real server: a citizen on a phone books
// (proof of work in the page's worker), sees the code and its QR, comes back by the link, and
// cancels; at the kiosk a booking is checked in by the code typed on the keypad and by the QR in
// front of a (fake) camera, the ticket prints on a real TCP printer (its QR decoded and followed to
// the ticket), the staff panel marks it, and the wall display calls it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingInfo, CitizenBooking } from '../../shared/booking.js';
import { powValid } from '../../shared/booking-pow.js';
import type { PublicTicket, TicketView } from '../../shared/types.js';
import { axeSerious } from '../support/axe.js';
import { CHROMIUM, distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { decodeEscPos, qrCodes } from '../support/escpos.js';
import { writeQrY4m } from '../support/fake-camera.js';
import { FakePrinter } from '../support/fake-printer.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const STEP = 120_000;
const PHONE = { width: 390, height: 844 };
/** Tuesday 1 December 2026, 09:00 in Hà Nội: the office is open and today's slots are ahead. */
const NOW = new Date('2026-12-01T02:00:00Z');
const MINUTE = 60_000;

describe.skipIf(noBrowser)('numbers from home in the apps', () => {
  let server: TestServer;
  let printer: FakePrinter;
  let browser: Browser;
  let admin: string;
  let counter: Socket;
  let tmp: string;
  let phoneSeq = 0;
  let clock = NOW;

  async function solve(challenge: string, bits: number): Promise<string> {
    for (let n = 0; ; n++) if (await powValid(challenge, String(n), bits)) return String(n);
  }

  /** A booking made as the page makes it (GET the offer, solve its proof, POST). */
  async function book(serviceId: string, name: string, at?: string): Promise<CitizenBooking> {
    const offer = await server.api<BookingInfo>('GET', '/api/booking');
    if (!offer.body.ok) throw new Error(offer.body.error.message);
    const p = offer.body.proof;
    if (p.kind !== 'pow') throw new Error('expected proof of work');
    const proof = { challenge: p.challenge, nonce: await solve(p.challenge, p.bits) };
    const phone = `09${String(12_345_000 + ++phoneSeq).padStart(8, '0')}`;
    const r = await server.api<{ booking: CitizenBooking }>('POST', '/api/bookings', { serviceId, kind: at ? 'slot' : 'remote', ...(at ? { at } : {}), phone, name, proof });
    if (!r.body.ok) throw new Error(`${r.body.error.code}: ${r.body.error.message}`);
    return r.body.booking;
  }

  /** The jobs printed since `from`, each followed from its QR to the ticket it is for. */
  async function printedNumbers(from: number): Promise<string[]> {
    const out: string[] = [];
    for (const job of printer.jobs.slice(from)) {
      const [qr] = qrCodes(decodeEscPos(job.bytes));
      const token = qr?.data.split('/').pop() ?? '';
      const r = await server.api<TicketView>('GET', `/api/tickets/${encodeURIComponent(token)}`);
      out.push(r.body.ok ? r.body.ticket.number : `? ${qr?.data}`);
    }
    return out;
  }

  beforeAll(async () => {
    ensureBuilt();
    tmp = await mkdtemp(join(tmpdir(), 'luot-booking-'));
    printer = await FakePrinter.start();
    server = await startTestServer({ staticDir: distDir, printer: printer.target, now: () => clock, tickMs: 3_600_000 });
    admin = await server.login();
    const s = await server.api('PUT', '/api/settings', { booking: { enabled: true, proof: 'pow', powBits: 10, pin: null, policy: 'strict', interleaveEvery: 2 } }, admin);
    expect(s.body.ok, JSON.stringify(s.body)).toBe(true);
    for (const id of ['ho-tich', 'dat-dai']) {
      const r = await server.api('PUT', `/api/services/${id}`, {
        booking: { remote: true, slots: true, slotMinutes: 30, capacity: 2, daysAhead: 3, perPhonePerDay: 1, checkInBeforeMin: 15, checkInAfterMin: 15 },
      }, admin);
      expect(r.body.ok, JSON.stringify(r.body)).toBe(true);
    }
    counter = await server.connect('/counter', { token: admin });
    const open = await request(counter, 'counter:open', { counterId: 'q3' });
    expect(open.ok).toBe(true);
    browser = await launch();
  }, STEP);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await printer?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('on a phone: take a number from home, see the code and its QR, come back by the link, cancel', async () => {
    // bypassCSP: axe-core is injected as a script of the page.
    const page = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true, bypassCSP: true });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/dat-lich/`);
    const app = page.locator('luot-booking-app');
    await app.locator('[data-service="ho-tich"]').getByText('Hộ tịch').waitFor(WAIT);
    expect(await axeSerious(page)).toEqual([]);
    await app.locator('[data-service="ho-tich"] [data-kind="remote"]').tap();
    await app.getByLabel('Số điện thoại').fill('0912 345 678');
    await app.getByLabel('Họ và tên').fill('Nguyễn Thị Hoà');
    // The proof ran in a worker while the form was filled; the page says when it is done.
    await app.locator('[data-testid="pow"][data-done="true"]').waitFor(WAIT);
    expect(await axeSerious(page)).toEqual([]);
    await app.getByTestId('submit').tap();

    const code = app.getByTestId('code');
    await code.waitFor(WAIT);
    const shown = (await code.textContent())!.trim();
    expect(shown).toMatch(/^\d{6}$/);
    await app.getByTestId('qr').waitFor(WAIT);
    expect(await axeSerious(page)).toEqual([]);
    expect(await app.getByTestId('state').textContent()).toContain('chưa xác nhận');
    expect(await app.getByTestId('ahead').textContent()).toMatch(/^\d+$/);
    // The page's address is now the booking's own: the token, never the 6-digit code.
    const url = new URL(page.url());
    const token = decodeURIComponent(url.pathname.split('/').pop()!);
    expect(url.pathname.startsWith('/dat-lich/')).toBe(true);
    expect(token).not.toContain(shown);
    expect(token).toMatch(/^[A-Za-z0-9_-]{12,}$/);
    const held = await server.api<{ booking: CitizenBooking }>('GET', `/api/bookings/${token}`);
    expect(held.body.ok && held.body.booking).toMatchObject({ code: shown, state: 'booked', kind: 'remote', serviceId: 'ho-tich' });

    // Back later by the link: the same booking.
    await page.reload();
    await app.getByTestId('code').getByText(shown).waitFor(WAIT);

    // English is a tap away.
    await app.getByTestId('lang').tap();
    await app.getByText('Booking code').waitFor(WAIT);
    await app.getByTestId('lang').tap();

    // Cancelling asks first; "Không huỷ" keeps it.
    await app.getByTestId('cancel').tap();
    await app.getByTestId('cancel-no').tap();
    expect(await app.getByTestId('state').getAttribute('data-state')).toBe('booked');
    await app.getByTestId('cancel').tap();
    await app.getByTestId('cancel-yes').tap();
    await app.getByTestId('cancelled').waitFor(WAIT);
    expect(await app.getByTestId('state').getAttribute('data-state')).toBe('cancelled');
    const after = await server.api<{ booking: CitizenBooking }>('GET', `/api/bookings/${token}`);
    expect(after.body.ok && after.body.booking.state).toBe('cancelled');
    expect(errors.join('\n')).toBe('');
    await page.close();
  }, STEP);

  it('on a phone: book a time slot; the slot shows on the confirmation', async () => {
    const page = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/dat-lich/`);
    const app = page.locator('luot-booking-app');
    await app.locator('[data-service="dat-dai"] [data-kind="slot"]').tap();
    const slot = app.locator('luot-booking-slots button[data-at]:not([disabled])').first();
    await slot.waitFor(WAIT);
    const at = (await slot.getAttribute('data-at'))!;
    await slot.tap();
    expect(await app.getByTestId('summary').textContent()).toContain(at.slice(11, 16));
    await app.getByLabel('Số điện thoại').fill('0987654321');
    await app.getByLabel('Họ và tên').fill('Trần Văn Đức');
    await app.getByTestId('submit').tap();
    await app.getByTestId('code').waitFor(WAIT);
    expect(await app.getByTestId('slot').textContent()).toBe(at.slice(11, 16));
    expect(errors.join('\n')).toBe('');
    await page.close();
  }, STEP);

  it('kiosk: a code typed on the keypad checks in; the ticket prints, the counter marks it, the display calls it', async () => {
    const booking = await book('ho-tich', 'Lê Thị Mai');
    // The citizen's page stays open on a phone: it follows the check-in by itself.
    const phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    const errors = watchErrors(phone);
    await phone.goto(`${server.url}/dat-lich/${encodeURIComponent(booking.token)}`);
    const citizen = phone.locator('luot-booking-app');
    await citizen.getByTestId('code').getByText(booking.code).waitFor(WAIT);
    // The page of one booking shows that citizen's name and nobody else's.
    expect(await citizen.textContent()).not.toContain('Nguyễn Thị Hoà');
    const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    errors.push(...watchErrors(kiosk));
    await kiosk.goto(`${server.url}/kiosk/`);
    // An unknown code is refused plainly.
    await kiosk.getByTestId('check-in').click(WAIT);
    const entry = kiosk.locator('luot-code-entry');
    await entry.waitFor(WAIT);
    const wrong = booking.code === '000000' ? '111111' : '000000';
    for (const d of wrong) await entry.locator(`button[data-key="${d}"]`).click();
    await entry.getByTestId('code-ok').click();
    await entry.getByTestId('code-error').getByText('Không tìm thấy mã đặt lịch').waitFor(WAIT);

    const before = printer.jobs.length;
    for (const d of booking.code) await entry.locator(`button[data-key="${d}"]`).click();
    await entry.getByTestId('code-ok').click();
    const number = kiosk.locator('luot-ticket-screen [data-testid="number"], luot-ticket-screen .number').first();
    await number.waitFor(WAIT);
    const shown = (await number.textContent())!.trim();
    expect(shown).toMatch(/^B\d+$/);
    await expect.poll(() => printer.jobs.length, WAIT).toBe(before + 1);
    expect(await printedNumbers(before)).toEqual([shown]);
    const held = await server.api<{ booking: CitizenBooking }>('GET', `/api/bookings/${booking.token}`);
    expect(held.body.ok && held.body.booking).toMatchObject({ state: 'checkedIn', ticket: { number: shown } });
    await citizen.locator('[data-testid="state"][data-state="checkedIn"]').waitFor(WAIT);
    await citizen.getByTestId('ticket').getByText(shown).waitFor(WAIT);

    // A second check-in with the same code prints nothing.
    await kiosk.goto(`${server.url}/kiosk/`);
    await kiosk.getByTestId('check-in').click(WAIT);
    for (const d of booking.code) await entry.locator(`button[data-key="${d}"]`).click();
    await entry.getByTestId('code-ok').click();
    await entry.getByTestId('code-error').getByText('đã được dùng').waitFor(WAIT);
    expect(printer.jobs.length).toBe(before + 1);

    // The counter panel marks it.
    const staff = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    errors.push(...watchErrors(staff));
    await staffLogin(staff, `${server.url}/counter/#supervisor`, 'admin', ADMIN_PASSWORD);
    const row = staff.locator('luot-supervisor-view tr', { hasText: shown });
    await row.locator('luot-booked-badge [data-testid="booked-badge"]').getByText('Từ xa').waitFor(WAIT);

    // The display calls it.
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    errors.push(...watchErrors(wall));
    await wall.goto(`${server.url}/display/`);
    await wall.locator('luot-display-app .board').waitFor(WAIT);
    let called: PublicTicket | null = null;
    for (let i = 0; i < 50 && called?.number !== shown; i++) {
      const r = await request<{ ticket: PublicTicket | null }>(counter, 'ticket:callNext', { counterId: 'q3' });
      if (!r.ok || !r.ticket) break;
      called = r.ticket;
      if (called.number !== shown) await request(counter, 'ticket:complete', { counterId: 'q3' });
    }
    expect(called?.number).toBe(shown);
    await wall.locator('luot-display-app').getByText(shown).first().waitFor(WAIT);
    expect(errors.join('\n')).toBe('');
    await Promise.all([phone.close(), kiosk.close(), staff.close(), wall.close()]);
  }, STEP);

  it('kiosk: the booking QR held to the camera checks in and prints', async () => {
    const booking = await book('ho-tich', 'Phạm Quốc Hùng');
    const video = writeQrY4m(join(tmp, 'booking.y4m'), booking.code);
    const cam = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const ctx = await cam.newContext({ viewport: { width: 1920, height: 1080 } });
      await ctx.grantPermissions(['camera'], { origin: server.url });
      const kiosk = await ctx.newPage();
      const errors = watchErrors(kiosk);
      await kiosk.goto(`${server.url}/kiosk/`);
      const before = printer.jobs.length;
      await kiosk.getByTestId('check-in').click(WAIT);
      await kiosk.locator('luot-code-entry').getByTestId('code-camera').click(WAIT);
      const number = kiosk.locator('luot-ticket-screen [data-testid="number"], luot-ticket-screen .number').first();
      await number.waitFor(WAIT);
      const shown = (await number.textContent())!.trim();
      await expect.poll(() => printer.jobs.length, WAIT).toBe(before + 1);
      expect(await printedNumbers(before)).toEqual([shown]);
      const held = await server.api<{ booking: CitizenBooking }>('GET', `/api/bookings/${booking.token}`);
      expect(held.body.ok && held.body.booking.state).toBe('checkedIn');
      expect(errors.filter((e) => !/camera|getUserMedia/i.test(e)).join('\n')).toBe('');
    } finally {
      await cam.close();
    }
  }, STEP);
  it('kiosk: too early says when to come back; too late offers a walk-in number', async () => {
    const offer = await server.api<BookingInfo>('GET', '/api/booking');
    if (!offer.body.ok) throw new Error(offer.body.error.message);
    const slot = offer.body.services.find((x) => x.id === 'dat-dai')!.days[0]!.slots.find((x) => Date.parse(x.at) >= NOW.getTime() + 60 * MINUTE && x.left > 0)!;
    const booking = await book('dat-dai', 'Đỗ Minh Khoa', slot.at);
    const kiosk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(kiosk);
    const entry = kiosk.locator('luot-code-entry');
    const typeCode = async () => {
      await kiosk.goto(`${server.url}/kiosk/`);
      await kiosk.getByTestId('check-in').click(WAIT);
      for (const d of booking.code) await entry.locator(`button[data-key="${d}"]`).click();
      await entry.getByTestId('code-ok').click();
    };
    const before = printer.jobs.length;
    try {
      await typeCode();
      await entry.getByTestId('code-error').getByText('Chưa đến giờ xác nhận').waitFor(WAIT);
      // The window opens checkInBeforeMin (15) before the slot: the kiosk says from when.
      const opens = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false })
        .format(new Date(Date.parse(slot.at) - 15 * MINUTE));
      expect(await entry.getByTestId('code-error').textContent()).toContain(`quay lại từ ${opens}`);
      clock = new Date(Date.parse(slot.at) + 40 * MINUTE);
      await typeCode();
      await entry.getByTestId('code-error').getByText('Đã quá giờ hẹn').waitFor(WAIT);
      await kiosk.locator('luot-check-in').getByTestId('walk-in').click();
      await kiosk.locator('[data-service="dat-dai"]').first().waitFor(WAIT);
      expect(printer.jobs.length).toBe(before);
    } finally {
      clock = NOW;
    }
    expect(errors.join('\n')).toBe('');
    await kiosk.close();
  }, STEP);
  it('the reports page counts the bookings of the day: two checked in, one cancelled, and the booked wait', async () => {
    const staff = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors = watchErrors(staff);
    await staffLogin(staff, `${server.url}/counter/#reports`, 'admin', ADMIN_PASSWORD);
    const report = staff.locator('luot-reports-view luot-booking-report');
    await report.getByTestId('bk-made').waitFor(WAIT);
    expect(Number(await report.getByTestId('bk-made').textContent())).toBeGreaterThanOrEqual(4);
    expect(await report.getByTestId('bk-checked-in').textContent()).toBe('2');
    expect(await report.getByTestId('bk-cancelled').textContent()).toBe('1');
    // The keypad's booking was called: a booked wait in minutes, not a dash.
    expect(await report.getByTestId('bk-wait-booked').textContent()).toMatch(/\d/);
    expect(errors.join('\n')).toBe('');
    await staff.close();
  }, STEP);
});
