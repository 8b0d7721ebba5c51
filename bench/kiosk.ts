// The kiosk as a citizen meets it: how much JavaScript it loads (gzip -9 of the entry script and
// its modulepreloads in dist/kiosk/index.html), and tap → number on screen in Chromium at
// 1920×1080 against a real server in a child process. Each tap is timed in this process with
// performance.now(): from just before Playwright's click on the service button (its actionability
// checks included) to `[data-testid="number"]` visible with a new number; then "Xong" returns home.
// Baselines from the same process against the same server: the raw round trips a tap is built on,
// POST /api/tickets (HTTP) and `ticket:issue` on a kiosk socket (what the app uses).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { distDir, ensureBuilt, launch, noBrowser } from '../test/support/browser.js';
import { connect, flags, loadNote, main, percentile, printResult, removeTempDir, request, round, startChild, table, tempDir } from './support.js';

const { quick } = flags();
const TAPS = quick ? 10 : 30;
const WARMUP = 3;
const WAIT = { timeout: 15_000 };

async function kioskJs(): Promise<{ files: { name: string; raw: number; gz: number }[]; raw: number; gz: number }> {
  const html = await readFile(join(distDir, 'kiosk', 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preload = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  if (entry.length === 0) throw new Error('dist/kiosk/index.html: no module script');
  const files = await Promise.all(
    [...new Set([...entry, ...preload])].map(async (src) => {
      const bytes = await readFile(join(distDir, src.replace(/^\//, '')));
      return { name: src, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
    }),
  );
  return { files, raw: files.reduce((a, f) => a + f.raw, 0), gz: files.reduce((a, f) => a + f.gz, 0) };
}

main(async () => {
  if (noBrowser) throw new Error('no Chromium: the kiosk bench needs /usr/bin/chromium (or CHROMIUM_PATH)');
  console.log(`kiosk: JavaScript size and ${TAPS} taps in Chromium (+${WARMUP} warm-up); ${loadNote()}`);
  ensureBuilt();
  const js = await kioskJs();
  console.log(
    '\n' +
      table(
        ['kiosk script (entry + modulepreload)', 'bytes', 'gzip -9 bytes'],
        [...js.files.map((f) => [f.name, f.raw, f.gz]), ['total', js.raw, js.gz]],
      ),
  );

  const dataDir = tempDir('kiosk');
  const server = await startChild({ mode: 'luot', dataDir, staticDir: distDir, kioskPerSec: 1_000_000 });
  const browser = await launch();
  const taps: number[] = [];
  const http: number[] = [];
  const socketRt: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/kiosk/`);
    const button = page.locator('[data-service="tu-phap"]');
    const number = page.locator('[data-testid="number"]');
    await button.waitFor(WAIT);
    let last = '';
    for (let i = 0; i < WARMUP + TAPS; i++) {
      const t = performance.now();
      await button.click(WAIT);
      await number.waitFor({ state: 'visible', ...WAIT });
      const ms = performance.now() - t;
      const shown = ((await number.textContent()) ?? '').trim();
      if (!shown || shown === last) throw new Error(`tap ${i}: number on screen "${shown}", previous "${last}"`);
      last = shown;
      if (i >= WARMUP) taps.push(ms);
      // Back home: the ticket screen is ready once it says so, then "Xong".
      await page.locator('section[data-ready]').waitFor(WAIT);
      await page.locator('[data-testid="done"]').click(WAIT);
      await number.waitFor({ state: 'detached', ...WAIT });
      await button.waitFor({ state: 'visible', ...WAIT });
    }

    // POST /api/tickets allows 60 a minute from one address: WARMUP + TAPS stays under it.
    for (let i = 0; i < WARMUP + TAPS; i++) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: 'tu-phap' }),
      });
      const body = (await res.json()) as { ok: boolean };
      const ms = performance.now() - t;
      if (!body.ok) throw new Error(`POST /api/tickets: ${res.status} ${JSON.stringify(body)}`);
      if (i >= WARMUP) http.push(ms);
    }
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

  const p = (xs: number[], q: number) => round(percentile(xs, q), 1);
  console.log(
    '\n' +
      table(
        ['tu-phap, issue → number', 'n', 'p50 ms', 'p95 ms', 'max ms'],
        [
          ['kiosk in Chromium: click → number visible', taps.length, p(taps, 50), p(taps, 95), p(taps, 100)],
          ['baseline: POST /api/tickets round trip', http.length, p(http, 50), p(http, 95), p(http, 100)],
          ['baseline: ticket:issue socket ack', socketRt.length, p(socketRt, 50), p(socketRt, 95), p(socketRt, 100)],
        ],
      ),
  );
  console.log(loadNote());
  printResult('kiosk', [
    { id: 'kiosk-js-gzip', metric: 'kiosk JavaScript, gzip -9 (entry + modulepreload)', value: round(js.gz / 1000, 1), unit: 'kB', note: `${round(js.raw / 1000, 1)} kB raw` },
    { id: 'kiosk-tap-p50', metric: 'tap → number on screen p50', value: p(taps, 50), unit: 'ms', baseline: p(http, 50), baselineLabel: 'POST /api/tickets', ratio: round(percentile(taps, 50) / percentile(http, 50)) },
    { id: 'kiosk-tap-p95', metric: 'tap → number on screen p95', value: p(taps, 95), unit: 'ms', baseline: p(http, 95), baselineLabel: 'POST /api/tickets', ratio: round(percentile(taps, 95) / percentile(http, 95)) },
  ]);
});
