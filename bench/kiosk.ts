// The kiosk as a citizen meets it: how much JavaScript it loads at start (gzip -9 of the entry
// script, its modulepreloads and their static imports, as test/build/size-budget.test counts it;
// the chunks loaded later apart), and tap → number on screen in Chromium at 1920×1080 against a
// real server in a child process.
// The tap is measured in the page (kiosk/tap-timing.ts): from the pointerdown on the service button
// to the frame that shows the number (performance marks), with the `ticket:issue` round trip
// inside it. Baselines, in the same page against the same server: the raw POST /api/tickets round
// trip (fetch), and from this process the `ticket:issue` ack on a bare socket. The measured taps
// are real input (a press and release through the browser) and the driver stays quiet meanwhile:
// no click() checks, no per-frame polling, the page asked every 50 ms. On 2 shared cores the
// driver still costs something: taps dispatched inside the page, with no driver at all, saw the
// ack in ~6-7 ms p50 where these see ~14 ms. For comparison with the first figures, a few
// more taps are timed from this process as Playwright sees them (click()'s checks included, up to
// the number visible).
import type { TapTiming } from '../kiosk/tap-timing.js';
import { kioskJs } from '../test/build/kiosk-js.js';
import { distDir, ensureBuilt, launch, noBrowser } from '../test/support/browser.js';
import { connect, flags, loadNote, main, percentile, printResult, removeTempDir, request, round, startChild, table, tempDir } from './support.js';

const { quick } = flags();
const TAPS = quick ? 10 : 30;
const WARMUP = 3;
const CLICKS = quick ? 5 : 10;
const WAIT = { timeout: 15_000 };

/** In the page: resolves once window.__luotTaps holds more than `n` entries, checking 20 times a second. */
const tapRecorded = (n: number) =>
  new Promise<void>((resolve) => {
    // No named inner function: tsx would wrap it in a helper the page does not have.
    const timer = setInterval(() => {
      if ((window.__luotTaps?.length ?? 0) <= n) return;
      clearInterval(timer);
      resolve();
    }, 50);
  });

main(async () => {
  if (noBrowser) throw new Error('no Chromium: the kiosk bench needs /usr/bin/chromium (or CHROMIUM_PATH)');
  console.log(`kiosk: JavaScript size and ${TAPS} taps in Chromium (+${WARMUP} warm-up); ${loadNote()}`);
  ensureBuilt();
  const js = kioskJs(distDir);
  console.log(
    '\n' +
      table(
        ['kiosk script', 'bytes', 'gzip -9 bytes'],
        [
          ...js.start.map((f) => [f.name, f.raw, f.gz]),
          ['start-up total', js.startRaw, js.startGz],
          ...js.lazy.map((f) => [`later: ${f.name}`, f.raw, f.gz]),
        ],
      ),
  );

  const dataDir = tempDir('kiosk');
  const server = await startChild({ mode: 'luot', dataDir, staticDir: distDir, kioskPerSec: 1_000_000 });
  const browser = await launch();
  const inPage: TapTiming[] = [];
  const clicks: number[] = [];
  let http: number[] = [];
  const socketRt: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/kiosk/`);
    const button = page.locator('[data-service="tu-phap"]');
    const number = page.locator('[data-testid="number"]');
    await button.waitFor(WAIT);
    let last = '';
    for (let i = 0; i < WARMUP + TAPS + CLICKS; i++) {
      const before = await page.evaluate(() => window.__luotTaps?.length ?? 0);
      const byPlaywright = i >= WARMUP + TAPS;
      // The measured taps are a bare press and release where the button is (real input through the
      // browser, none of click()'s checks in flight while the page works).
      const box = byPlaywright ? null : await button.boundingBox();
      if (!byPlaywright && !box) throw new Error(`tap ${i}: no service button on screen`);
      const t = performance.now();
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.up();
      } else {
        await button.click(WAIT);
        await number.waitFor({ state: 'visible', ...WAIT });
      }
      const ms = performance.now() - t;
      await page.evaluate(tapRecorded, before);
      const timing = await page.evaluate(() => window.__luotTaps!.at(-1)!);
      const shown = ((await number.textContent()) ?? '').trim();
      if (!shown || shown === last || timing.number !== shown) {
        throw new Error(`tap ${i}: number on screen "${shown}", measured "${timing.number}", previous "${last}"`);
      }
      last = shown;
      if (byPlaywright) clicks.push(ms);
      else if (i >= WARMUP) inPage.push(timing);
      // Back home: the ticket screen is ready once it says so, then "Xong".
      await page.locator('section[data-ready]').waitFor(WAIT);
      await page.locator('[data-testid="done"]').click(WAIT);
      await number.waitFor({ state: 'detached', ...WAIT });
      await button.waitFor({ state: 'visible', ...WAIT });
    }

    // POST /api/tickets allows 60 a minute from one address: WARMUP + TAPS stays under it.
    http = await page.evaluate(
      async ({ n, warmup }) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          const res = await fetch('/api/tickets', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ serviceId: 'tu-phap' }),
          });
          const body = (await res.json()) as { ok: boolean };
          const ms = performance.now() - t;
          if (!body.ok) throw new Error(`POST /api/tickets: ${res.status} ${JSON.stringify(body)}`);
          if (i >= warmup) out.push(ms);
        }
        return out;
      },
      { n: WARMUP + TAPS, warmup: WARMUP },
    );
    const kiosk = await connect(server.url, '/kiosk');
    for (let i = 0; i < WARMUP + TAPS; i++) {
      const t = performance.now();
      await request(kiosk, 'ticket:issue', { serviceId: 'tu-phap' });
      if (i >= WARMUP) socketRt.push(performance.now() - t);
    }
    kiosk.close();
  } finally {
    await browser.close();
    await server.stop();
    removeTempDir(dataDir);
  }

  const taps = inPage.map((x) => x.tapToNumber);
  const acks = inPage.map((x) => x.ack ?? NaN);
  // What the kiosk itself adds: tap → request sent, and ack → the frame with the number.
  const own = inPage.map((x) => x.tapToNumber - (x.ack ?? NaN));
  const p = (xs: number[], q: number) => round(percentile(xs, q), 1);
  const row = (label: string, xs: number[]) => [label, xs.length, p(xs, 50), p(xs, 95), p(xs, 100)];
  console.log(
    '\n' +
      table(
        ['tu-phap, issue → number', 'n', 'p50 ms', 'p95 ms', 'max ms'],
        [
          row('kiosk, in the page: pointerdown → frame with the number', taps),
          row('  of which ticket:issue sent → ack (in the page)', acks),
          row("  the rest: the page's own time (tap → number − ack)", own),
          row('baseline: POST /api/tickets round trip (fetch in the page)', http),
          row('baseline: ticket:issue ack on a bare socket (node)', socketRt),
          row('Playwright: click() → number visible (node, its checks included)', clicks),
        ],
      ),
  );
  console.log(loadNote());
  printResult('kiosk', [
    { id: 'kiosk-js-gzip', metric: 'kiosk start-up JavaScript, gzip -9', value: round(js.startGz / 1000, 1), unit: 'kB', note: `${round(js.startRaw / 1000, 1)} kB raw; ${round(js.lazyGz / 1000, 1)} kB gzip loaded later (QR encoder after the number, staff screens)` },
    { id: 'kiosk-tap-p50', metric: 'tap → number painted p50 (in the page)', value: p(taps, 50), unit: 'ms', baseline: p(http, 50), baselineLabel: 'POST /api/tickets (in the page)', ratio: round(percentile(taps, 50) / percentile(http, 50)) },
    { id: 'kiosk-tap-p95', metric: 'tap → number painted p95 (in the page)', value: p(taps, 95), unit: 'ms', baseline: p(http, 95), baselineLabel: 'POST /api/tickets (in the page)', ratio: round(percentile(taps, 95) / percentile(http, 95)) },
    { id: 'kiosk-own-p95', metric: "tap → number minus the ack, p95: the page's own time", value: p(own, 95), unit: 'ms' },
    { id: 'kiosk-click-p95', metric: 'Playwright click → number visible p95', value: p(clicks, 95), unit: 'ms' },
  ]);
});
