// The kiosk app in a real Chromium against a real server: issuing, the priority path, English,
// closed services, double taps, losing the server, printer trouble, the staff settings, and the
// look (screenshots) and accessibility (axe) of every screen.
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterStatus, PrintStatus, Settings, Snapshot } from '../../shared/types.js';
import { axeSerious } from '../support/axe.js';
import { distDir, ensureBuilt, launch, noBrowser, root, watchErrors } from '../support/browser.js';
import type { TicketPrinter } from '../../server/print/types.js';
import { FakePrinter } from '../support/fake-printer.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };
const LANDSCAPE = { width: 1920, height: 1080 };
const PORTRAIT = { width: 1080, height: 1920 };
/** Letters that only Vietnamese uses: none may be left on the English screen. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
const artifacts = join(root, 'test-artifacts', 'kiosk');

/**
 * A printer that reports whatever the test sets, and pushes status changes like a real one. Its
 * print() answers as the real queue's does after its ack time: a ticket not printed says why.
 */
class ScriptedPrinter implements TicketPrinter {
  printResult: PrintStatus = 'queued';
  state: PrinterStatus = { status: 'ok' };
  private listeners = new Set<(s: PrinterStatus) => void>();
  async print() {
    const status = this.printResult;
    return status === 'queued' || status === 'failed' ? { status, message: 'Đang chờ in (waiting for the printer)' } : { status };
  }
  async test() {
    return { status: this.printResult };
  }
  status(): PrinterStatus {
    return this.state;
  }
  onStatus(listener: (s: PrinterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  setState(s: PrinterStatus): void {
    this.state = s;
    for (const l of this.listeners) l(s);
  }
  async close(): Promise<void> {}
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

// The machine running these may be slow and shared: a browser test gets a minute and a half.
describe.skipIf(noBrowser)('kiosk app in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ staticDir: distDir });
    browser = await launch();
    admin = await server.login();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const ticketsOf = (s: TestServer, serviceId: string) => [...s.office.engine.tickets()].filter((t) => t.serviceId === serviceId);

  /** A fresh browser context (own localStorage) on the kiosk, with its services on screen. */
  async function openKiosk(opts: {
    viewport?: { width: number; height: number };
    on?: TestServer;
    localSettings?: object;
    clock?: boolean;
    waitFor?: string;
  } = {}): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: opts.viewport ?? LANDSCAPE, bypassCSP: true });
    const errors = watchErrors(page);
    if (opts.localSettings) {
      await page.addInitScript((s) => localStorage.setItem('luot.kiosk.settings', s), JSON.stringify(opts.localSettings));
    }
    if (opts.clock) await page.clock.install();
    await page.goto(`${(opts.on ?? server).url}/kiosk/`);
    await page.locator(opts.waitFor ?? '[data-service]').first().waitFor(WAIT);
    return { page, errors };
  }

  /** The rendered text of the page, through the components' shadow roots (innerText stops at them). */
  const visibleText = (page: Page, within = 'body') =>
    page.evaluate((selector) => {
      const out: string[] = [];
      const walk = (node: Node) => {
        if (node.nodeType === Node.TEXT_NODE) {
          const parent = node.parentElement;
          if (node.textContent!.trim() && parent?.checkVisibility()) out.push(node.textContent!.trim());
          return;
        }
        if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
        for (const child of node.childNodes) walk(child);
      };
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector(selector);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const inner = el.shadowRoot ? find(el.shadowRoot) : null;
          if (inner) return inner;
        }
        return null;
      };
      const start = find(document);
      if (start) walk(start);
      return out.join('\n');
    }, within);
  const text = async (l: Locator) => ((await l.textContent(WAIT)) ?? '').replace(/\s+/g, ' ').trim();
  const screen = (page: Page) => page.locator('main').getAttribute('data-screen');
  const numberOf = (page: Page) => text(page.locator('[data-testid="number"]'));

  async function dismissTicket(page: Page): Promise<void> {
    await page.locator('section[data-ready]').waitFor(WAIT);
    await page.locator('[data-testid="done"]').click();
    await expect.poll(() => screen(page), WAIT).toBe('home');
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.screenshot({ path: join(artifacts, `${name}.png`) });
  }

  async function longPress(page: Page, target: Locator, until: Locator): Promise<void> {
    const box = (await target.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await until.waitFor(WAIT);
    await page.mouse.up();
  }

  async function typePin(page: Page, pin: string): Promise<void> {
    for (const d of pin) await page.locator(`[data-digit="${d}"]`).click();
    await page.locator('[data-testid="pin-ok"]').click();
  }

  it('a tap shows the number the server issued, with service, people ahead, wait and a QR code', async () => {
    const { page, errors } = await openKiosk();
    const before = ticketsOf(server, 'tu-phap').length;
    const waitingBefore = server.office.engine.publicService('tu-phap')!.waiting;
    await page.locator('[data-service="tu-phap"]').click();
    const number = await numberOf(page);
    const issued = ticketsOf(server, 'tu-phap');
    expect(issued).toHaveLength(before + 1);
    expect(number).toBe(issued.at(-1)!.number);
    expect(number).toMatch(/^10\d\d$/);
    expect(await text(page.locator('[data-testid="service"]'))).toBe('Tư pháp – Chứng thực');
    expect(await text(page.locator('[data-testid="ahead"]'))).toBe(String(waitingBefore));
    await expect.poll(() => page.locator('luot-ticket-screen .code svg').count(), WAIT).toBe(1);
    expect(await page.locator('[data-testid="print-note"]').textContent()).toContain('Vui lòng nhận phiếu ở máy in.');
    await dismissTicket(page);
    // The home screen follows the server live: one more person waiting.
    await expect
      .poll(() => text(page.locator('[data-service="tu-phap"] [data-testid="waiting"]')), WAIT)
      .toBe(`Đang chờ: ${waitingBefore + 1} người`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the priority path issues a priority ticket, and the ticket screen goes home by itself', async () => {
    const { page, errors } = await openKiosk({ clock: true });
    await page.locator('[data-testid="priority"]').click();
    await page.locator('[data-priority="pregnant"]').click();
    expect(await text(page.locator('[data-testid="chosen-priority"]'))).toContain('Phụ nữ mang thai');
    await page.locator('[data-service="ho-tich"]').click();
    const number = await numberOf(page);
    const t = ticketsOf(server, 'ho-tich').at(-1)!;
    expect(number).toBe(t.number);
    expect(t.priority).toBe('pregnant');
    expect(await text(page.locator('luot-ticket-screen [data-testid="priority"]'))).toContain('Ưu tiên: Phụ nữ mang thai');
    await page.clock.fastForward(11_000);
    await expect.poll(() => screen(page), WAIT).toBe('home');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('left alone, the priority picker and an English screen return to the Vietnamese start screen', async () => {
    const { page, errors } = await openKiosk({ clock: true });
    await page.locator('[data-testid="lang"]').click();
    await page.locator('[data-testid="priority"]').click();
    await page.locator('[data-priority="elderly"]').waitFor(WAIT);
    await page.clock.fastForward(31_000);
    await expect.poll(() => screen(page), WAIT).toBe('home');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    await page.locator('[data-testid="lang"]').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.clock.fastForward(61_000);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), WAIT).toBe('vi');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the English switch changes every label on the start screen, the picker and the ticket', async () => {
    const { page, errors } = await openKiosk();
    const lang = page.locator('[data-testid="lang"]');
    expect(await text(lang)).toContain('English');
    expect(await lang.getAttribute('lang')).toBe('en');
    const viText = await visibleText(page);
    expect(viText).toContain('Chạm vào lĩnh vực để lấy số thứ tự');
    expect(viText).toContain('Đất đai');
    expect(viText).toContain('Ưu tiên');

    await lang.click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await text(lang)).toContain('Tiếng Việt');
    expect(await lang.getAttribute('lang')).toBe('vi');
    const enText = await visibleText(page);
    for (const s of ['Public Administrative Service Centre — Ben Thanh Ward', 'Tap a service to take a number', 'Land', 'Civil registration', 'Justice – Certification', 'Priority']) {
      expect(enText).toContain(s);
    }
    // Only the switch back to Vietnamese is still in Vietnamese, on purpose and marked lang="vi".
    expect(enText.replace('Tiếng Việt', '')).not.toMatch(VIETNAMESE);

    await page.locator('[data-testid="priority"]').click();
    const picker = await visibleText(page, 'luot-priority-picker');
    expect(picker).toContain('Which priority group are you in?');
    expect(picker).toContain('Person with meritorious service to the revolution');
    expect(picker).not.toMatch(VIETNAMESE);
    await page.locator('[data-priority="elderly"]').click();
    await page.locator('[data-service="dat-dai"]').click();
    await numberOf(page);
    const ticket = await visibleText(page, 'luot-ticket-screen');
    for (const s of ['Your number', 'People ahead of you', 'Estimated wait', 'Priority: Older person', 'Land']) expect(ticket).toContain(s);
    expect(ticket).not.toMatch(VIETNAMESE);
    await dismissTicket(page);
    // The next citizen gets the default language back.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a closed service cannot be tapped and says why; the change arrives live', async () => {
    const { page, errors } = await openKiosk();
    const button = page.locator('[data-service="dkkd"]');
    expect(await button.isEnabled()).toBe(true);
    try {
      expect((await server.api('PUT', '/api/services/dkkd', { active: false }, admin)).status).toBe(200);
      await expect.poll(() => button.isDisabled(), WAIT).toBe(true);
      expect(await text(button.locator('[data-testid="closed-reason"]'))).toBe('Lĩnh vực tạm ngừng tiếp nhận');
      const before = ticketsOf(server, 'dkkd').length;
      await button.click({ force: true });
      await button.evaluate((b: HTMLButtonElement) => b.click());
      expect(await screen(page)).toBe('home');

      // A day off: the reason and when issuing opens again (tomorrow, so with the date).
      const snap = (await server.api<{ snapshot: Snapshot }>('GET', '/api/state')).body as { snapshot: Snapshot };
      const allDay = [{ from: '00:00', to: '23:59' }];
      const hours = { weekly: { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay }, daysOff: [snap.snapshot.serviceDay] };
      expect((await server.api('PUT', '/api/services/dkkd', { active: true, hours }, admin)).status).toBe(200);
      await expect.poll(() => text(button.locator('[data-testid="closed-reason"]')), WAIT).toBe('Hôm nay là ngày nghỉ');
      expect(await button.isDisabled()).toBe(true);
      expect(await text(button.locator('[data-testid="next-open"]'))).toMatch(/^Mở lại lúc 00:00, .+ \d{1,2}\/\d{1,2}$/);
      await shot(page, 'home-closed-landscape');
      expect(ticketsOf(server, 'dkkd')).toHaveLength(before);
    } finally {
      await server.api('PUT', '/api/services/dkkd', { active: true, hours: null }, admin);
    }
    await expect.poll(() => button.isEnabled(), WAIT).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a double tap yields one ticket', async () => {
    const { page, errors } = await openKiosk();
    const button = page.locator('[data-service="dat-dai"]');
    const before = ticketsOf(server, 'dat-dai').length;
    await button.dblclick();
    await numberOf(page);
    expect(ticketsOf(server, 'dat-dai')).toHaveLength(before + 1);
    await dismissTicket(page);
    // Two clicks in the same task, before any re-render can cover the button.
    await button.evaluate((b: HTMLButtonElement) => {
      b.click();
      b.click();
    });
    const number = await numberOf(page);
    expect(ticketsOf(server, 'dat-dai')).toHaveLength(before + 2);
    expect(number).toBe(ticketsOf(server, 'dat-dai').at(-1)!.number);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('without the server: a full-screen notice, taps refused, then reconnection and a fresh state', { timeout: 150_000 }, async () => {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'luot-kiosk-'));
    let s1: TestServer | null = await startTestServer({ port, dataDir, staticDir: distDir });
    let s2: TestServer | null = null;
    try {
      const vi = await openKiosk({ on: s1 });
      const en = await openKiosk({ on: s1, localSettings: { lang: 'en' } });
      const before = ticketsOf(s1, 'tu-phap').length;
      await s1.stop();
      s1 = null;
      const notice = vi.page.locator('[data-testid="offline"]');
      await notice.waitFor(WAIT);
      expect(await visibleText(vi.page, 'luot-offline-notice')).toContain('Mất kết nối — đang kết nối lại…');
      await shot(vi.page, 'offline-landscape');
      await en.page.locator('[data-testid="offline"]').waitFor(WAIT);
      expect(await visibleText(en.page, 'luot-offline-notice')).toContain('Connection lost — reconnecting…');
      // A tap on the screen lands on the notice; even a click on the button itself does nothing.
      await vi.page.mouse.click(960, 540);
      await vi.page.locator('[data-service="tu-phap"]').evaluate((b: HTMLButtonElement) => b.click());
      expect(await screen(vi.page)).toBe('home');
      expect(await vi.page.locator('.busy').count()).toBe(0);

      s2 = await startTestServer({ port, dataDir, staticDir: distDir });
      await notice.waitFor({ state: 'detached', ...WAIT });
      await en.page.locator('[data-testid="offline"]').waitFor({ state: 'detached', ...WAIT });
      // Nothing was buffered and sent on reconnection.
      expect(ticketsOf(s2, 'tu-phap')).toHaveLength(before);
      // Resynchronised: a ticket issued elsewhere shows up in the waiting count.
      const other = await s2.connect('/kiosk');
      const r = await request(other, 'ticket:issue', { serviceId: 'ho-tich' });
      expect(r.ok).toBe(true);
      const waiting = s2.office.engine.publicService('ho-tich')!.waiting;
      await expect
        .poll(() => text(vi.page.locator('[data-service="ho-tich"] [data-testid="waiting"]')), WAIT)
        .toBe(`Đang chờ: ${waiting} người`);
      await vi.page.locator('[data-service="tu-phap"]').click();
      expect(await numberOf(vi.page)).toBe(ticketsOf(s2, 'tu-phap').at(-1)!.number);
      expect(ticketsOf(s2, 'tu-phap')).toHaveLength(before + 1);
      // The browser reports the refused socket connections while the server is away; nothing else.
      for (const errors of [vi.errors, en.errors]) {
        expect(errors.filter((e) => !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
      }
      await vi.page.close();
      await en.page.close();
    } finally {
      await s1?.stop();
      await s2?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('printer trouble: the ticket screen asks to note or photograph the number and stays longer', async () => {
    const printer = new ScriptedPrinter();
    const s = await startTestServer({ staticDir: distDir, printer });
    try {
      const { page, errors } = await openKiosk({ on: s });
      await page.locator('[data-service="ho-tich"]').click();
      expect(await numberOf(page)).toBe(ticketsOf(s, 'ho-tich').at(-1)!.number);
      const note = page.locator('[data-testid="print-note"]');
      expect(await text(note)).toContain('Vui lòng ghi lại hoặc chụp ảnh số thứ tự');
      expect(await text(note)).toContain('Máy in chưa in được phiếu.');
      const left = Number(/(\d+) giây$/.exec(await text(page.locator('[data-testid="countdown"]')))?.[1]);
      expect(left).toBeGreaterThan(20);
      await shot(page, 'ticket-print-trouble-landscape');
      // Without paper only the button takes the number away, not a stray tap.
      await page.locator('section[data-ready]').waitFor(WAIT);
      await page.locator('[data-testid="number"]').click();
      expect(await screen(page)).toBe('ticket');
      await dismissTicket(page);

      // No printer at all: no paper is expected, the advice is the same.
      printer.printResult = 'disabled';
      await page.locator('[data-service="ho-tich"]').click();
      await numberOf(page);
      expect(await text(note)).toContain('Ki-ốt này không in phiếu.');
      expect(await text(note)).toContain('Vui lòng ghi lại hoặc chụp ảnh số thứ tự');
      await dismissTicket(page);

      // The printer's own state arrives live and warns before anyone taps.
      printer.setState({ status: 'paper_out', message: 'Hết giấy' });
      await page.locator('[data-testid="printer-banner"]').waitFor(WAIT);
      expect(await text(page.locator('[data-testid="printer-banner"]'))).toContain('Máy in đang gặp sự cố');
      printer.setState({ status: 'ok' });
      await page.locator('[data-testid="printer-banner"]').waitFor({ state: 'detached', ...WAIT });
      expect(errors).toEqual([]);
      await page.close();

      // Guessing the PIN is rate-limited (this server's limiter, so the others are unaffected).
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await s.api('POST', '/api/kiosk/unlock', { pin: '9999' })).status);
      expect(statuses.slice(0, 10).every((x) => x === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
    } finally {
      await s.stop();
    }
  });

  it('issue 10: the number shows at once, "printing" while a jammed printer holds the job, then "take your ticket" once printed', async () => {
    const printer = await FakePrinter.start({ kind: 'neverRead' });
    const s = await startTestServer({ staticDir: distDir, printer: printer.target });
    try {
      const { page, errors } = await openKiosk({ on: s });
      const note = page.locator('[data-testid="print-note"]');
      await page.locator('[data-service="ho-tich"]').click();
      expect(await numberOf(page)).toBe(ticketsOf(s, 'ho-tich').at(-1)!.number);
      // The ack said queued, nothing wrong known yet: a calm line, shown only after a moment.
      await expect.poll(() => page.locator('section').getAttribute('data-print'), WAIT).toBe('queued');
      await expect.poll(() => note.isVisible(), WAIT).toBe(true);
      expect(await text(note)).toBe('Đang in phiếu…');
      expect(await page.locator('[data-testid="countdown"]').isVisible()).toBe(false);
      // The jammed attempt runs out (4 s): the push says why, and the number is to be noted.
      await expect.poll(() => text(note), { timeout: 15_000 }).toContain('Máy in chưa in được phiếu.');
      printer.setMode({ kind: 'normal' });
      // Sent again and read: the push says printed, and the short hold applies.
      await expect.poll(() => text(note), { timeout: 20_000 }).toBe('Vui lòng nhận phiếu ở máy in.');
      expect(await page.locator('section').getAttribute('data-print')).toBe('printed');
      expect(printer.completeJobs).toHaveLength(1);
      const left = Number(/(\d+) giây$/.exec(await text(page.locator('[data-testid="countdown"]')))?.[1]);
      expect(left).toBeLessThanOrEqual(10);
      await dismissTicket(page);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await s.stop();
      await printer.stop();
    }
  });

  it('the settings open with a long press and the PIN checked by the server, and limit the services', async () => {
    const { page, errors } = await openKiosk();
    const pad = page.locator('[data-testid="pin-pad"]');
    await longPress(page, page.locator('[data-testid="office"]'), pad);
    await typePin(page, '0000');
    await expect.poll(() => text(page.locator('[data-testid="pin-error"]')), WAIT).toBe('Mã PIN không đúng');
    expect(await page.locator('[data-testid="kiosk-settings"]').count()).toBe(0);
    await typePin(page, '1234');
    const form = page.locator('[data-testid="kiosk-settings"]');
    await form.waitFor(WAIT);
    await page.locator('[data-setting-service="tu-phap"]').check();
    await page.locator('[data-setting-service="ho-tich"]').check();
    await page.locator('[data-setting-lang="en"]').click();
    await page.locator('[data-testid="settings-save"]').click();
    await form.waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => page.locator('[data-service]').count(), WAIT).toBe(2);
    expect(await page.locator('[data-service="tu-phap"]').count()).toBe(1);
    expect(await page.locator('[data-service="ho-tich"]').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    // Kept on this kiosk across a reload.
    await page.reload();
    await page.locator('[data-service]').first().waitFor(WAIT);
    expect(await page.locator('[data-service]').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // Chromium logs the 401 answer to the wrong PIN as a failed resource load: that one is expected.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.close();
  });

  it('the unlock route: 409 with a clear message while no PIN is set, and the PIN setting is validated', async () => {
    expect((await server.api('POST', '/api/kiosk/unlock', { pin: '1234' })).status).toBe(200);
    const bad = await server.api('PUT', '/api/settings', { kioskPin: '12a4' }, admin);
    expect(bad.status).toBe(400);
    try {
      expect((await server.api('PUT', '/api/settings', { kioskPin: null }, admin)).status).toBe(200);
      const r = await server.api('POST', '/api/kiosk/unlock', { pin: '1234' });
      expect(r.status).toBe(409);
      expect(!r.body.ok && r.body.error.message).toMatch(/quản trị viên cần đặt mã PIN/);
    } finally {
      await server.api('PUT', '/api/settings', { kioskPin: '1234' }, admin);
    }
    // The PIN is stored hashed and never read back: GET says only that one is set.
    const s = await server.api<{ settings: Settings & { kioskPinSet: boolean } }>('GET', '/api/settings', undefined, admin);
    expect(s.body.ok && s.body.settings).toMatchObject({ kioskPin: null, kioskPinSet: true });
    expect((await server.api('POST', '/api/kiosk/unlock', { pin: '1234' })).status).toBe(200);
  });

  it('a kiosk refused for its key says so, and works once staff enter the key', async () => {
    expect((await server.api('PUT', '/api/settings', { kioskKey: 'khoa-kiosk-2026' }, admin)).status).toBe(200);
    try {
      const { page, errors } = await openKiosk({ waitFor: '[data-testid="refused"]' });
      expect(await text(page.locator('[data-testid="refused"]'))).toContain('Ki-ốt chưa được cấp quyền lấy số');
      await page.locator('[data-testid="open-settings"]').click();
      await typePin(page, '1234');
      await page.locator('[data-testid="kiosk-key"]').fill('khoa-kiosk-2026');
      await page.locator('[data-testid="settings-save"]').click();
      await page.locator('[data-testid="refused"]').waitFor({ state: 'detached', ...WAIT });
      await page.locator('[data-service="tu-phap"]').click();
      expect(await numberOf(page)).toBe(ticketsOf(server, 'tu-phap').at(-1)!.number);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.api('PUT', '/api/settings', { kioskKey: null }, admin);
    }
  });

  for (const [orientation, viewport] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]] as const) {
    it(`every screen in ${orientation}: screenshots, big targets and text, and no serious axe violation`, async () => {
      const page = await browser.newPage({ viewport, bypassCSP: true });
      const errors = watchErrors(page);
      // Offices often have no internet: every request, fonts included, goes to the office server.
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url())) external.push(r.url());
      });
      await page.goto(`${server.url}/kiosk/`);
      await page.locator('[data-service]').first().waitFor(WAIT);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      expect(await page.evaluate(() => document.fonts.check('700 40px "Be Vietnam Pro"', 'Đất đai — Hộ tịch'))).toBe(true);
      const violations: Record<string, string[]> = {};
      const check = async (name: string) => {
        await shot(page, `${name}-${orientation}`);
        violations[name] = await axeSerious(page);
        // Every button at least 72 px tall, every visible text at least 24 px.
        const small = await page.evaluate(() => {
          const out: string[] = [];
          const walk = (root: Document | ShadowRoot) => {
            for (const el of root.querySelectorAll('*')) {
              if (el.shadowRoot) walk(el.shadowRoot);
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0) continue;
              if (el.tagName === 'BUTTON' && r.height < 72) out.push(`button ${el.textContent?.trim()} ${r.height}px`);
              const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
              const size = parseFloat(getComputedStyle(el).fontSize);
              if (own && size < 24) out.push(`text "${el.textContent?.trim().slice(0, 30)}" ${size}px`);
            }
          };
          walk(document);
          return out;
        });
        expect(small, name).toEqual([]);
      };
      await check('home');
      await page.locator('[data-testid="lang"]').click();
      await check('home-en');
      await page.locator('[data-testid="lang"]').click();
      await page.locator('[data-testid="priority"]').click();
      await page.locator('[data-priority="elderly"]').waitFor(WAIT);
      await check('priority');
      await page.locator('[data-priority="elderly"]').click();
      await check('priority-service');
      await page.locator('[data-service="ldtbxh"]').click();
      await numberOf(page);
      await expect.poll(() => page.locator('luot-ticket-screen .code svg').count(), WAIT).toBe(1);
      await check('ticket');
      await dismissTicket(page);
      await longPress(page, page.locator('[data-testid="office"]'), page.locator('[data-testid="pin-pad"]'));
      await check('pin');
      await typePin(page, '1234');
      await page.locator('[data-testid="kiosk-settings"]').waitFor(WAIT);
      await check('settings');
      await page.locator('[data-testid="settings-cancel"]').click();
      expect(violations).toEqual({ home: [], 'home-en': [], priority: [], 'priority-service': [], ticket: [], pin: [], settings: [] });
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 120_000);
  }
});
