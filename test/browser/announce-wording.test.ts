// Announcements as offices say them (issue 12 §3), on the wall display in Chromium against a real
// server: a recall is said as a recall, and an office that calls counters by name shows the name
// and says it with the PC's local Vietnamese voice, or says the number from the clip pack
// when the PC has none (a name cannot be a bundled clip).
import type { Browser, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, PublicTicket } from '../../shared/types.js';
import { DEFAULT_NAMED_RECALL_TEMPLATE, DEFAULT_NAMED_TEMPLATE } from '../../shared/voice.js';
import { distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };
const NAME = 'Bàn tiếp nhận Đất đai';

describe.skipIf(noBrowser)('announcement wording on the wall display', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let kiosk: Socket;
  let counter: Socket;

  async function act(event: string, payload: unknown): Promise<{ ticket: PublicTicket }> {
    const r = await request<{ ticket: PublicTicket }>(counter, event, payload);
    if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
    return r;
  }
  async function issue(serviceId: string): Promise<IssueResult> {
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId });
    if (!r.ok) throw new Error(`issue: ${r.error.message}`);
    return r;
  }

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    const admin = await server.login();
    expect((await server.api('PUT', '/api/counters/q2', { label: { vi: NAME, en: 'Land reception desk' } }, admin)).status).toBe(200);
    expect((await server.api('PUT', '/api/settings', { announcementTemplate: DEFAULT_NAMED_TEMPLATE, recallTemplate: DEFAULT_NAMED_RECALL_TEMPLATE }, admin)).status).toBe(200);
    kiosk = await server.connect('/kiosk');
    counter = await server.connect('/counter', { token: await server.staff('giamsat', 'supervisor') });
    await act('counter:open', { counterId: 'q2' });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A wall display on a PC with these voices; speaking records the text and ends at once. */
  async function wall(voices: { lang: string }[]): Promise<{ page: Page; errors: string[]; missing: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors = watchErrors(page);
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.addInitScript((list) => {
      const all = list.map((v) => ({ ...v, name: `Fake ${v.lang}`, voiceURI: v.lang, localService: true, default: false }));
      const w = window as unknown as { __spokenTexts: string[] };
      w.__spokenTexts = [];
      class Utterance {
        voice: unknown = null;
        lang = '';
        rate = 1;
        volume = 1;
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        constructor(public text: string) {}
      }
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
      Object.defineProperty(window, 'speechSynthesis', {
        configurable: true,
        value: {
          getVoices: () => all,
          speak: (u: Utterance) => {
            w.__spokenTexts.push(u.text);
            setTimeout(() => u.onend?.(), 50);
          },
          cancel: () => undefined,
          addEventListener: () => undefined,
        },
      });
    }, voices);
    await page.goto(`${server.url}/display/`);
    await page.locator('luot-display-app .board').waitFor(WAIT);
    return { page, errors, missing };
  }

  /** Only the name's own clip, which nobody recorded, may be missing: the fallback is the point. */
  const onlyNameMissing = (errors: string[], missing: string[]) => {
    expect(new Set(missing)).toEqual(new Set(['404 /clips/ban-tiep-nhan-dat-dai']));
    expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
  };

  const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spokenTexts: string[] }).__spokenTexts);
  const outcomes = (page: Page) => page.evaluate(() => (window.__luotSpoken ?? []).map((s) => s.outcome));

  it('with a local vi-VN voice: shows and says the counter name; a recall is said as a recall', async () => {
    const { page, errors, missing } = await wall([{ lang: 'vi-VN' }]);
    const t = (await issue('dat-dai')).ticket;
    await act('ticket:call', { counterId: 'q2', ticketId: t.id });
    const hero = page.locator('[data-testid="calling"]');
    await expect.poll(() => hero.textContent(), WAIT).toContain(NAME);
    await expect.poll(() => spoken(page), WAIT).toHaveLength(1);
    // The demo office is in Hồ Chí Minh City; its numbers read the Southern way (here: no difference).
    expect((await spoken(page))[0]).toMatch(new RegExp(`^Xin mời công dân có số thứ tự a .+ đến ${NAME}$`));
    await act('ticket:recall', { counterId: 'q2' });
    await expect.poll(() => spoken(page), WAIT).toHaveLength(2);
    expect((await spoken(page))[1]).toMatch(new RegExp(`^Xin mời lần hai công dân có số thứ tự a .+ đến ${NAME}$`));
    await hero.getByText('Mời lần hai').waitFor(WAIT);
    // The outcome is noted when the utterance ends, a moment after it was spoken.
    await expect.poll(() => outcomes(page), WAIT).toEqual(['browser', 'browser']);
    await act('ticket:complete', { counterId: 'q2' });
    onlyNameMissing(errors, missing);
    await page.close();
  });

  it('without one: still shows the name, and says the default sentence with the number from the clips', async () => {
    const { page, errors, missing } = await wall([]);
    const t = (await issue('dat-dai')).ticket;
    await act('ticket:call', { counterId: 'q2', ticketId: t.id });
    await expect.poll(() => page.locator('[data-testid="calling"]').textContent(), WAIT).toContain(NAME);
    await expect.poll(() => outcomes(page), WAIT).toEqual(['clips']);
    const cuts = await page.evaluate(() => (window.__luotClipCuts ?? []).map((c) => c.name));
    expect(cuts).toContain('xin-moi-cong-dan-co-so-thu-tu');
    expect(cuts).toContain('den-quay-so');
    expect(await spoken(page)).toEqual([]);
    await act('ticket:complete', { counterId: 'q2' });
    onlyNameMissing(errors, missing);
    await page.close();
  });
});
