// What the wall display costs to load and to announce, in Chromium against a real server: its
// scripts come brotli-compressed and cached for a year, the page itself is revalidated; the
// audio device opens only after the first paint; the first announcement fetches MP3 clips, a
// small fraction of the WAV pack, and the player cuts the MP3 encoder's delay off every clip so
// the joined number has no pauses inside it.
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };

interface Fetched {
  path: string;
  status: number;
  encoding: string | undefined;
  type: string | undefined;
  cache: string | undefined;
  bytes: number;
}

describe.skipIf(noBrowser)('wall display load and first announcement', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let counter: Socket;
  let errors: string[];
  const fetched: Fetched[] = [];

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    const kiosk = await server.connect('/kiosk');
    counter = await server.connect('/counter', { token: await server.staff('giamsat', 'supervisor') });
    expect((await request(counter, 'counter:open', { counterId: 'q3' })).ok).toBe(true);
    expect((await request(kiosk, 'ticket:issue', { serviceId: 'tu-phap' })).ok).toBe(true);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    errors = watchErrors(page);
    // When the page opens its AudioContext, against its first paint.
    await page.addInitScript(`{
      const Real = window.AudioContext;
      window.AudioContext = class extends Real { constructor(...a) { super(...a); window.__audioOpenedAt = performance.now(); } };
    }`);
    page.on('response', async (r) => {
      const h = await r.allHeaders().catch(() => ({}) as Record<string, string>);
      const body = await r.body().catch(() => Buffer.alloc(0));
      fetched.push({
        path: new URL(r.url()).pathname, status: r.status(), encoding: h['content-encoding'], type: h['content-type'], cache: h['cache-control'],
        // On the wire: the compressed length when the body came encoded.
        bytes: Number(h['content-length'] ?? body.length),
      });
    });
    await page.goto(`${server.url}/display/`);
    await page.locator('luot-display-app .board').waitFor(WAIT);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('gets its scripts and styles brotli-compressed and cached as immutable, the page revalidated', async () => {
    const html = fetched.find((f) => f.path === '/display/');
    expect(html).toMatchObject({ status: 200, encoding: 'br', cache: 'no-cache' });
    const assets = fetched.filter((f) => /^\/assets\/.+\.(js|css)$/.test(f.path));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const a of assets) {
      expect(a, a.path).toMatchObject({ status: 200, encoding: 'br', cache: 'public, max-age=31536000, immutable' });
      expect(a.type, a.path).toMatch(/^(text\/javascript|text\/css); charset=utf-8$/);
    }
    const fonts = fetched.filter((f) => f.path.endsWith('.woff2'));
    for (const f of fonts) expect(f, f.path).toMatchObject({ encoding: undefined, cache: 'public, max-age=31536000, immutable' });
  });

  it('opens the audio device only after the board is first painted', async () => {
    await page.waitForFunction(() => (window as unknown as { __audioOpenedAt?: number }).__audioOpenedAt !== undefined, undefined, WAIT);
    const [opened, paint] = (await page.evaluate(`[window.__audioOpenedAt, performance.getEntriesByName('first-contentful-paint')[0]?.startTime]`)) as [number, number];
    expect(paint).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(paint);
  });

  it('says the first call from small MP3 clips, each cut to its sound', { timeout: 60_000 }, async () => {
    const r = await request<{ ticket: { number: string } }>(counter, 'ticket:callNext', { counterId: 'q3' });
    expect(r.ok).toBe(true);
    const spoken = await page.waitForFunction(() => window.__luotSpoken?.[0], undefined, WAIT);
    expect(((await spoken.jsonValue()) as { outcome: string }).outcome).toBe('clips');
    const clips = fetched.filter((f) => f.path.startsWith('/clips/'));
    // The chime, the two phrases, the words of the number and of counter 3.
    expect(clips.length).toBeGreaterThanOrEqual(5);
    for (const c of clips) expect(c, c.path).toMatchObject({ status: 200, type: 'audio/mpeg' });
    const bytes = clips.reduce((s, c) => s + c.bytes, 0);
    console.log(`first announcement (${r.ok && r.ticket.number}): ${clips.length} clips, ${bytes} B: ${clips.map((c) => c.path.slice(7)).join(' ')}`);
    // The same 9 clips as 16 kHz WAV were 201 KB; MP3 at 32 kbit/s is about a seventh (the
    // default sentence begins "Xin mời" since issue 12: +0.3 s, ~2 KB).
    expect(bytes).toBeLessThan(44_000);

    // An MP3 decoder puts ~70 ms of encoder delay before each word: the player cut it off (a
    // sharp attack, like the chime's, smears up to one 36 ms granule of it into sound).
    const cuts = (await page.evaluate(() => window.__luotClipCuts ?? [])) as { name: string; decoded: number; lead: number; kept: number }[];
    expect(cuts.map((c) => c.name).sort()).toEqual(clips.map((c) => decodeURIComponent(c.path.slice(7))).sort());
    for (const c of cuts) {
      expect(c.lead, c.name).toBeGreaterThan(c.name === 'chime' ? 0.03 : 0.05);
      expect(c.kept, c.name).toBeLessThan(c.decoded - 0.05);
      expect(c.kept, c.name).toBeGreaterThan(0.1);
    }
    expect(errors).toEqual([]);
  });
});
