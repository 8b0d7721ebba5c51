// The wall display as a hall TV draws it: Chromium at 1366×768 on the CPU (--disable-gpu), the
// built app from a real server in a child process. Three figures:
//   - frame time when a call arrives: requestAnimationFrame deltas from the counter's callNext to
//     2.5 s after it (the number flashes, the board and the last calls change, the announcement is
//     fetched, decoded and scheduled), against the same page idle just before (ticker and clock
//     running), in alternating blocks;
//   - the page's start: main-thread long tasks (> 50 ms) from navigation until 4 s after the
//     board shows, summed as blocking time (Lighthouse's TBT rule), with the CPU slowed 4× as
//     Lighthouse's mobile profile does;
//   - what the page and the first announcement fetch: script bytes on the wire and raw, clip bytes.
import { distDir, ensureBuilt, launch, noBrowser } from '../test/support/browser.js';
import { connect, flags, loadNote, login, main, percentile, printResult, removeTempDir, request, round, sleep, startChild, table, tempDir } from './support.js';

const { quick } = flags();
const CALLS = quick ? 4 : 12;
const WINDOW_MS = 2500;
const LOADS = quick ? 2 : 4;
const COUNTER = 'q3';
const SERVICE = 'tu-phap';

/** Installed before the app: every frame's delta, and every long task with its start. */
const PROBE = `
  window.__frames = [];
  window.__longTasks = [];
  let last = 0;
  const tick = (t) => { if (last) window.__frames.push([t, t - last]); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
`;

interface Frames { deltas: number[]; longTasks: number }

main(async () => {
  if (noBrowser) throw new Error('no Chromium: the display-frame bench needs /usr/bin/chromium (or CHROMIUM_PATH)');
  console.log(`display-frame: wall display at 1366×768 without GPU, ${CALLS} calls (${WINDOW_MS} ms each) vs idle, ${LOADS} loads at 4× CPU; ${loadNote()}`);
  ensureBuilt();
  const dataDir = tempDir('display-frame');
  const server = await startChild({ mode: 'luot', dataDir, staticDir: distDir, kioskPerSec: 1_000_000 });
  const browser = await launch();
  const idle: Frames = { deltas: [], longTasks: 0 };
  const call: Frames = { deltas: [], longTasks: 0 };
  const loads: { tbt: number; longest: number; boardMs: number }[] = [];
  let bytes = { scriptWire: 0, scriptRaw: 0, clips: 0, clipFiles: 0 };
  try {
    const token = await login(server.url);
    const counter = await connect(server.url, '/counter', { token });
    const kiosk = await connect(server.url, '/kiosk');
    await request(counter, 'counter:open', { counterId: COUNTER });
    for (let i = 0; i < CALLS + 1; i++) await request(kiosk, 'ticket:issue', { serviceId: SERVICE });

    // ── start cost, CPU slowed 4× ──
    for (let i = 0; i < LOADS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await ctx.newPage();
      await page.addInitScript(PROBE);
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(`${server.url}/display/`);
      await page.locator('luot-display-app .board').waitFor({ timeout: 60_000 });
      const boardMs = (await page.evaluate('performance.now()')) as number;
      await sleep(4000);
      const tasks = (await page.evaluate('window.__longTasks')) as [number, number][];
      loads.push({ tbt: tasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0), longest: Math.max(0, ...tasks.map(([, d]) => d)), boardMs });
      await ctx.close();
    }

    // ── frames: idle and around calls, alternating ──
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.addInitScript(PROBE);
    await page.goto(`${server.url}/display/`);
    await page.locator('luot-display-app .board').waitFor({ timeout: 30_000 });
    await sleep(6500); // the audio device opens 5 s after the first paint
    const measure = async (into: Frames, during: () => Promise<void>) => {
      const t0 = (await page.evaluate('performance.now()')) as number;
      await during();
      await sleep(WINDOW_MS);
      const [frames, tasks] = (await page.evaluate('[window.__frames, window.__longTasks]')) as [[number, number][], [number, number][]];
      into.deltas.push(...frames.filter(([t]) => t >= t0 && t <= t0 + WINDOW_MS).map(([, d]) => d));
      into.longTasks += tasks.filter(([t]) => t >= t0 && t <= t0 + WINDOW_MS).length;
    };
    for (let i = 0; i < CALLS; i++) {
      // Idle until the previous call's flash and announcement are over (6 s flash, ~4 s of speech).
      await sleep(4000);
      await measure(idle, async () => undefined);
      await measure(call, async () => {
        await request(counter, 'ticket:complete', { counterId: COUNTER }).catch(() => undefined);
        const r = await request<{ ticket: { number: string } | null }>(counter, 'ticket:callNext', { counterId: COUNTER });
        if (!r.ticket) throw new Error('callNext found nobody waiting');
      });
    }
    const resources = (await page.evaluate(
      `performance.getEntriesByType('resource').map((e) => ({ name: e.name, wire: e.encodedBodySize, raw: e.decodedBodySize }))`,
    )) as { name: string; wire: number; raw: number }[];
    const scripts = resources.filter((r) => r.name.endsWith('.js'));
    // The first announcement: the clips fetched up to the first call's words (each clip once).
    const clips = resources.filter((r) => r.name.includes('/clips/'));
    bytes = {
      scriptWire: scripts.reduce((s, r) => s + r.wire, 0),
      scriptRaw: scripts.reduce((s, r) => s + r.raw, 0),
      clips: clips.reduce((s, r) => s + r.wire, 0),
      clipFiles: clips.length,
    };
    await ctx.close();
    counter.close();
    kiosk.close();
  } finally {
    await browser.close();
    await server.stop();
    removeTempDir(dataDir);
  }

  const p = (xs: number[], q: number) => round(percentile(xs, q), 1);
  const over = (xs: number[], ms: number) => xs.filter((d) => d > ms).length;
  console.log(
    '\n' +
      table(
        ['rAF frame delta, 1366×768, no GPU', 'frames', 'p50 ms', 'p95 ms', 'max ms', '> 50 ms', 'long tasks'],
        [
          [`${CALLS} calls, ${WINDOW_MS} ms from callNext`, call.deltas.length, p(call.deltas, 50), p(call.deltas, 95), p(call.deltas, 100), over(call.deltas, 50), call.longTasks],
          [`baseline: idle, ${CALLS} × ${WINDOW_MS} ms`, idle.deltas.length, p(idle.deltas, 50), p(idle.deltas, 95), p(idle.deltas, 100), over(idle.deltas, 50), idle.longTasks],
        ],
      ),
  );
  const tbt = loads.map((l) => l.tbt);
  console.log(
    '\n' +
      table(
        ['page start at 4× CPU', 'loads', 'board shown p50 ms', 'blocking time p50 ms', 'max ms', 'longest task ms'],
        [['/display/', loads.length, p(loads.map((l) => l.boardMs), 50), p(tbt, 50), p(tbt, 100), p(loads.map((l) => l.longest), 100)]],
      ),
  );
  console.log(
    `\nscripts ${bytes.scriptWire} B on the wire (${bytes.scriptRaw} B raw); clips fetched by the first calls: ${bytes.clipFiles} files, ${bytes.clips} B`,
  );
  console.log(loadNote());
  printResult('display-frame', [
    { id: 'display-frame-call-p95', metric: 'wall display frame time when a call arrives, p95', value: p(call.deltas, 95), unit: 'ms', baseline: p(idle.deltas, 95), baselineLabel: 'same page idle, p95', ratio: round(percentile(call.deltas, 95) / percentile(idle.deltas, 95)) },
    { id: 'display-frame-call-max', metric: 'wall display frame time when a call arrives, max', value: p(call.deltas, 100), unit: 'ms', baseline: p(idle.deltas, 100), baselineLabel: 'same page idle, max', ratio: round(percentile(call.deltas, 100) / percentile(idle.deltas, 100)) },
    { id: 'display-start-tbt', metric: 'wall display start, blocking time at 4× CPU (p50 of loads)', value: p(tbt, 50), unit: 'ms' },
    { id: 'display-js-wire', metric: 'wall display scripts on the wire (brotli)', value: round(bytes.scriptWire / 1000, 1), unit: 'kB', note: `${round(bytes.scriptRaw / 1000, 1)} kB raw` },
  ]);
});
