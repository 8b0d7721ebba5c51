// The wall display, the counter display and the citizen's ticket page, built and served by a
// real server, in Chromium: calls reach the screen fast and are announced once and in order,
// a lost server is shown (never papered over) and a restart resynchronises without repeating
// announcements, ratings reach the reports, zones filter, and the citizen page passes axe.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, PublicTicket, ReportSummary, TicketView } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, root, watchErrors } from '../support/browser.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { pairDisplay, rateAtCounterDisplay } from '../http/helpers.js';

const artifacts = join(root, 'test-artifacts', 'display');
/** The machine is shared and slow: waits are generous, and always wait *for* something. */
const WAIT = { timeout: 30_000 };

type Announced = { rev: number; number: string; counter: number; recall: boolean };

describe.skipIf(noBrowser)('displays in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let dataDir: string;
  let supervisor: string;
  let kiosk: Socket;
  let counter: Socket;
  let wall: Page;
  let wallErrors: string[];

  async function act<T = { ticket: PublicTicket }>(event: string, payload: unknown): Promise<T> {
    const r = await request<T>(counter, event, payload);
    if (!r.ok) throw new Error(`${event}: ${r.error.code} ${r.error.message}`);
    return r as T;
  }
  async function issue(serviceId: string): Promise<IssueResult> {
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId });
    if (!r.ok) throw new Error(`issue: ${r.error.message}`);
    return r;
  }
  async function connectSockets(): Promise<void> {
    kiosk = await server.connect('/kiosk');
    counter = await server.connect('/counter', { token: supervisor });
  }
  const announced = (page: Page) => page.evaluate(() => (window.__luotAnnouncements ?? []) as Announced[]);

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(artifacts, { recursive: true });
    // Our own data folder: the restart test starts a second server on it.
    dataDir = await mkdtemp(join(tmpdir(), 'luot-display-'));
    server = await startTestServer({ staticDir: distDir, dataDir });
    supervisor = await server.staff('giamsat', 'supervisor');
    await connectSockets();
    for (const id of ['q1', 'q3', 'q6']) await act('counter:open', { counterId: id });
    browser = await launch();
    wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    wallErrors = watchErrors(wall);
    await wall.goto(`${server.url}/display/`);
    await wall.locator('luot-display-app .board').waitFor(WAIT);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows each call on the wall display fast, and announces every call once, in order, recalls included', { timeout: 240_000 }, async () => {
    const before = (await announced(wall)).length;
    for (let i = 0; i < 40; i++) await issue(i % 2 ? 'tu-phap' : 'ho-tich');
    const expected: Omit<Announced, 'rev'>[] = [];
    const fromSend: number[] = [];
    const fromAck: number[] = [];
    for (let i = 0; i < 40; i++) {
      const sent = Date.now();
      const { ticket } = await act<{ ticket: PublicTicket }>('ticket:callNext', { counterId: 'q3' });
      const acked = Date.now();
      expected.push({ number: ticket.number, counter: 3, recall: false });
      // The page stamps the moment the call reached the DOM of the "now calling" block.
      const handle = await wall.waitForFunction(
        (n) => window.__luotRendered?.find((r) => r.number === n && r.rev !== null)?.at,
        ticket.number,
        WAIT,
      );
      const shownAt = (await handle.jsonValue()) as number;
      fromSend.push(shownAt - sent);
      fromAck.push(shownAt - acked);
      if (i % 10 === 9) {
        await act('ticket:recall', { counterId: 'q3' });
        expected.push({ number: ticket.number, counter: 3, recall: true });
      }
      await act('ticket:complete', { counterId: 'q3' });
    }
    await expect.poll(() => wall.locator('[data-testid="calling-number"]').textContent(), WAIT).toBe(expected.at(-1)!.number);

    const pct = (xs: number[], p: number) => {
      const s = [...xs].sort((a, b) => a - b);
      return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
    };
    const figures = {
      calls: fromSend.length,
      fromRequest: { p50: pct(fromSend, 50), p95: pct(fromSend, 95), max: Math.max(...fromSend) },
      fromAck: { p50: pct(fromAck, 50), p95: pct(fromAck, 95), max: Math.max(...fromAck) },
      note: 'ms from the counter emitting ticket:callNext (or receiving its ack) to the number in the DOM of the wall display; negative fromAck: the display was faster than the ack',
      samplesFromRequest: fromSend,
    };
    console.log(`wall display latency over ${figures.calls} calls: from request p50 ${figures.fromRequest.p50} ms, p95 ${figures.fromRequest.p95} ms; from ack p50 ${figures.fromAck.p50} ms, p95 ${figures.fromAck.p95} ms`);
    writeFileSync(join(artifacts, 'latency.json'), JSON.stringify(figures, null, 2) + '\n');
    expect(figures.fromRequest.p95).toBeLessThan(1000);

    // Every call was handed to the announcement queue once, in call order, recalls again.
    const got = (await announced(wall)).slice(before);
    expect(got.map(({ number, counter, recall }) => ({ number, counter, recall }))).toEqual(expected);
    const revs = got.map((a) => a.rev);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    expect(new Set(revs).size).toBe(revs.length);

    // The queue speaks one announcement after the other: the second starts when the first ended.
    // (Calls this fast from one counter replace its call still waiting: those end 'superseded'.)
    const spoken = await wall.waitForFunction(() => {
      const said = (window.__luotSpoken ?? []).filter((s) => s.outcome !== 'superseded' && s.outcome !== 'dropped');
      return said.length >= 2 && said;
    }, undefined, { timeout: 90_000 });
    const [first, second] = (await spoken.jsonValue()) as { rev: number; outcome: string; at: number }[];
    expect(first!.outcome).toBe('clips');
    expect(second!.rev).toBeGreaterThan(first!.rev);
    // A chime and a sentence from the clip pack take well over two seconds.
    expect(second!.at - first!.at).toBeGreaterThan(2000);
    expect(wallErrors).toEqual([]);
  });

  it('is readable across a hall at 1920×1080 and 1366×768', { timeout: 120_000 }, async () => {
    // A busy morning: people waiting in most queues, counters calling, serving, paused.
    const issued: IssueResult[] = [];
    for (const s of ['dat-dai', 'dat-dai', 'dat-dai', 'dat-dai', 'ho-tich', 'ho-tich', 'ho-tich', 'tu-phap', 'tu-phap', 'dkkd', 'ldtbxh', 'ldtbxh']) {
      issued.push(await issue(s));
    }
    await act('counter:open', { counterId: 'q4' });
    await act('ticket:callNext', { counterId: 'q4' });
    await act('ticket:start', { counterId: 'q4' });
    await act('ticket:callNext', { counterId: 'q3' });
    await act('counter:pause', { counterId: 'q6', reason: 'Họp giao ban' });
    const { ticket } = await act<{ ticket: PublicTicket }>('ticket:callNext', { counterId: 'q1' });
    await wall.locator('[data-testid="calling-number"]', { hasText: ticket.number }).waitFor(WAIT);
    for (const [width, height] of [[1920, 1080], [1366, 768]] as const) {
      await wall.setViewportSize({ width, height });
      // Past the flash of the last call: the screenshot shows the resting state.
      await wall.locator('.hero:not(.flash)').waitFor(WAIT);
      const size = await wall.locator('[data-testid="calling-number"]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size, `number size at ${height}p`).toBeGreaterThanOrEqual(0.12 * height);
      const clock = await wall.locator('[data-testid="clock"]').textContent();
      expect(clock?.trim()).toMatch(/^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
      await wall.screenshot({ path: join(artifacts, `wall-${width}x${height}.png`) });
    }
    expect(await wall.locator('[data-service="dat-dai"] [data-testid="waiting"]').textContent()).toMatch(/^3\b/);
    expect(await wall.locator('.card[data-counter="6"] .status').textContent()).toBe('Tạm dừng · Họp giao ban');
    await expect.poll(() => wall.locator('footer').textContent(), WAIT).toContain('Vui lòng giữ phiếu số thứ tự');
    await wall.setViewportSize({ width: 1920, height: 1080 });

    // Back to an empty hall for the tests that follow.
    for (const id of ['q1', 'q3', 'q4']) await act('ticket:complete', { counterId: id });
    for (const t of issued) {
      if (server.office.engine.ticketById(t.ticket.id)?.state === 'waiting') await act('ticket:cancel', { ticketId: t.ticket.id });
    }
    await act('counter:resume', { counterId: 'q6' });
    expect(wallErrors).toEqual([]);
  });

  it('filters a zone by counters and by services', { timeout: 120_000 }, async () => {
    const zone = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors = watchErrors(zone);
    await zone.goto(`${server.url}/display/?counters=1,2`);
    await zone.locator('.board .card').first().waitFor(WAIT);
    expect(await zone.locator('.board .card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.counter))).toEqual(['1', '2']);
    expect(await zone.locator('.waiting li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.service))).toEqual(['dat-dai', 'xay-dung']);
    await expect.poll(() => zone.locator('.zone').textContent(), WAIT).toContain('Quầy 1, 2');
    const baseline = (await announced(zone)).length;

    // A call at counter 3 is not this zone's; the one at counter 1 after it is.
    await issue('ho-tich');
    const a = await issue('dat-dai');
    await act('ticket:callNext', { counterId: 'q3' });
    await act('ticket:callNext', { counterId: 'q1' });
    await zone.locator('[data-testid="calling-number"]', { hasText: a.ticket.number }).waitFor(WAIT);
    expect((await announced(zone)).slice(baseline).map((x) => [x.number, x.counter])).toEqual([[a.ticket.number, 1]]);

    await zone.goto(`${server.url}/display/?services=ho-tich`);
    await zone.locator('.board .card').first().waitFor(WAIT);
    expect(await zone.locator('.board .card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.counter))).toEqual(['3', '4']);
    expect(await zone.locator('.waiting li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.service))).toEqual(['ho-tich']);
    expect(errors).toEqual([]);
    await zone.close();
    await act('ticket:complete', { counterId: 'q1' });
    await act('ticket:complete', { counterId: 'q3' });
  });

  it('the counter display offers the rating once after a finished ticket, and it reaches the reports', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    // A phone opening the same page has no display key: it shows the counter but never offers ratings.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(`${server.url}/display/?counter=1`);
    await phone.locator('[data-testid="unpaired"]').waitFor(WAIT);
    // The counter's own screen is paired once by an admin's link; the key leaves the address bar.
    const key = await pairDisplay(server, 'q1');
    await page.goto(`${server.url}/display/?counter=1&key=${key}`);
    await page.locator('[data-testid="label"]', { hasText: 'Quầy 1' }).waitFor(WAIT);
    expect(page.url()).not.toContain(key);
    expect(await page.locator('[data-testid="unpaired"]').count()).toBe(0);
    const t = await issue('dat-dai');
    await act('ticket:callNext', { counterId: 'q1' });
    await page.locator('[data-testid="number"]', { hasText: t.ticket.number }).waitFor(WAIT);
    expect(await page.locator('[data-testid="status"]').textContent()).toBe('Đang mời');
    await page.screenshot({ path: join(artifacts, 'counter-390x844.png') });

    // A no-show is not rated: the buttons only follow a completed ticket.
    await act('ticket:noShow', { counterId: 'q1' });
    await page.locator('[data-testid="status"]', { hasText: 'Sẵn sàng' }).waitFor(WAIT);
    expect(await page.locator('[data-testid="rating"]').count()).toBe(0);

    const u = await issue('dat-dai');
    await act('ticket:callNext', { counterId: 'q1' });
    await act('ticket:start', { counterId: 'q1' });
    await page.locator('[data-testid="status"]', { hasText: 'Đang phục vụ' }).waitFor(WAIT);
    await act('ticket:complete', { counterId: 'q1' });
    const rating = page.locator('[data-testid="rating"]');
    await rating.waitFor(WAIT);
    expect((await rating.locator('button').allTextContents()).map((s) => s.trim())).toEqual(['Rất hài lòng', 'Hài lòng', 'Không hài lòng']);
    expect(await rating.textContent()).toContain(u.ticket.number);
    await page.screenshot({ path: join(artifacts, 'counter-rating-390x844.png') });
    await rating.locator('button[data-score="3"]').click();
    await page.locator('[data-testid="outcome"]', { hasText: 'Cảm ơn' }).waitFor(WAIT);
    expect(await rating.count()).toBe(0);
    expect(await phone.locator('[data-testid="rating"]').count()).toBe(0);
    await phone.close();

    const day = server.office.engine.serviceDay;
    const r = await server.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${day}&to=${day}&counterId=q1`, undefined, supervisor);
    if (!r.body.ok) throw new Error(r.body.error.message);
    expect(r.body.summary.total.ratings).toBe(1);
    expect(r.body.summary.total.avgRating).toBe(3);
    // Once: the same ticket cannot be rated again.
    expect((await rateAtCounterDisplay(server, 'q1', key, 1)).status).toBe(409);
    expect((await server.api('POST', '/api/counters/q1/rating', { score: 1 })).status).toBe(403);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the citizen page follows the ticket live: people ahead, the call, a one-time rating; axe finds nothing serious', { timeout: 180_000 }, async () => {
    const others = [await issue('ldtbxh'), await issue('ldtbxh')];
    const mine = await issue('ldtbxh');
    // bypassCSP: axe is injected as an inline script, which the app's CSP rightly forbids.
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true, hasTouch: true, isMobile: true });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/t/${mine.ticket.token}`);
    const ahead = page.locator('[data-testid="ahead"]');
    await expect.poll(() => ahead.textContent(), WAIT).toBe('2');
    expect(await page.locator('[data-testid="number"]').textContent()).toBe(mine.ticket.number);
    await page.screenshot({ path: join(artifacts, 'citizen-waiting-390x844.png') });
    await axeClean(page, 'waiting');

    for (const [i, expectAhead] of [[0, '1'], [1, '0']] as const) {
      const { ticket } = await act<{ ticket: PublicTicket }>('ticket:callNext', { counterId: 'q6' });
      expect(ticket.number).toBe(others[i]!.ticket.number);
      await expect.poll(() => ahead.textContent(), WAIT).toBe(expectAhead);
      await act('ticket:complete', { counterId: 'q6' });
    }
    await act('ticket:callNext', { counterId: 'q6' });
    const called = page.locator('[data-testid="called"]');
    await called.waitFor(WAIT);
    expect(await called.textContent()).toContain('Xin mời Ông/Bà đến quầy số 6');
    await page.screenshot({ path: join(artifacts, 'citizen-called-390x844.png') });
    await axeClean(page, 'called');

    await act('ticket:complete', { counterId: 'q6' });
    const send = page.locator('[data-testid="send-rating"]');
    await send.waitFor(WAIT);
    await axeClean(page, 'rating');
    await page.locator('.choices button[data-score="2"]').click();
    await page.locator('#comment').fill('Cán bộ hướng dẫn tận tình');
    await page.screenshot({ path: join(artifacts, 'citizen-rating-390x844.png'), fullPage: true });
    await send.click();
    await page.locator('[data-testid="rated"]').waitFor(WAIT);
    await page.screenshot({ path: join(artifacts, 'citizen-rated-390x844.png') });
    // One rating per ticket: the server has it and refuses a second.
    const view = await server.api<TicketView>('GET', `/api/tickets/${mine.ticket.token}`);
    expect(view.body.ok && view.body.rated).toBe(true);
    expect((await server.api('POST', `/api/tickets/${mine.ticket.token}/rating`, { score: 1 })).status).toBe(409);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an unknown or expired token gets a clear message', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    await page.goto(`${server.url}/t/khong-co-so-nay`);
    const msg = page.locator('[data-testid="missing"]');
    await msg.waitFor(WAIT);
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy số thứ tự');
    expect(await msg.textContent()).toContain('hết hạn');
    // The only error is the browser logging the API's 404 itself.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  });

  it('serves an office’s own clip recordings before the bundled pack', async () => {
    const own = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(40, 1)]);
    await mkdir(join(dataDir, 'clips'), { recursive: true });
    await writeFile(join(dataDir, 'clips', 'num-3.wav'), own);
    const mineRes = await fetch(`${server.url}/clips/num-3`);
    expect(mineRes.status).toBe(200);
    expect(Buffer.from(await mineRes.arrayBuffer())).toEqual(own);
    const bundled = await fetch(`${server.url}/clips/num-4`);
    expect(bundled.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await bundled.arrayBuffer())).toEqual(readFileSync(join(root, 'display', 'clips', 'vi', 'num-4.mp3')));
    expect((await fetch(`${server.url}/clips/khong-co`)).status).toBe(404);
    await rm(join(dataDir, 'clips'), { recursive: true, force: true });
  });

  it('shows a lost server, keeps the data marked stale, and resynchronises after a restart without repeating announcements', { timeout: 180_000 }, async () => {
    const counterPage = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const counterErrors = watchErrors(counterPage);
    await counterPage.goto(`${server.url}/display/?counter=3`);
    await counterPage.locator('[data-testid="label"]').waitFor(WAIT);
    const shown = await wall.locator('[data-testid="calling-number"]').textContent();
    const announcedBefore = await announced(wall);
    const port = server.port;

    await server.stop();
    await wall.locator('[data-testid="offline"]').waitFor(WAIT);
    expect(await wall.locator('[data-testid="offline"]').textContent()).toContain('Mất kết nối — đang kết nối lại');
    await wall.locator('[data-testid="stale"]').waitFor(WAIT);
    expect(await wall.locator('main.stale').count()).toBe(1);
    // Stale, not invented: the last known call is still what the screen shows.
    expect(await wall.locator('[data-testid="calling-number"]').textContent()).toBe(shown);
    await counterPage.locator('[data-testid="offline"]').waitFor(WAIT);
    await wall.screenshot({ path: join(artifacts, 'wall-offline-1920x1080.png') });

    server = await startTestServer({ staticDir: distDir, dataDir, port });
    await connectSockets();
    await wall.locator('[data-testid="offline"]').waitFor({ state: 'detached', ...WAIT });
    await counterPage.locator('[data-testid="offline"]').waitFor({ state: 'detached', ...WAIT });
    expect(await wall.locator('main.stale').count()).toBe(0);
    expect(await announced(wall)).toEqual(announcedBefore);

    // Live again: the next call is announced, once.
    const t = await issue('tu-phap');
    await act('ticket:callNext', { counterId: 'q3' });
    await wall.locator('[data-testid="calling-number"]', { hasText: t.ticket.number }).waitFor(WAIT);
    await counterPage.locator('[data-testid="number"]', { hasText: t.ticket.number }).waitFor(WAIT);
    const after = await announced(wall);
    expect(after.slice(0, announcedBefore.length)).toEqual(announcedBefore);
    expect(after.slice(announcedBefore.length).map((a) => a.number)).toEqual([t.ticket.number]);

    // socket.io logs nothing to the console for a lost connection; anything else is a bug.
    expect(wallErrors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(e))).toEqual([]);
    expect(counterErrors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(e))).toEqual([]);
    await counterPage.close();
  });
});

async function axeClean(page: Page, when: string): Promise<void> {
  await page.addScriptTag({ path: join(root, 'node_modules', 'axe-core', 'axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target) }));
  });
  writeFileSync(join(artifacts, `axe-citizen-${when}.json`), JSON.stringify(violations, null, 2) + '\n');
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), when).toEqual([]);
}
