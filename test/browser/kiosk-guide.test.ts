// The kiosk's "Nghe hướng dẫn" (issue 12 §5) in Chromium against a real server: without a local
// voice it says the guidance with the office's clips (fetched from /clips, joined like the wall
// display's calls); with a local vi-VN voice it reads the screen, every service by name.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskGuideClips } from '../../shared/voice.js';
import { distDir, ensureBuilt, launch, noBrowser, watchErrors } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };
type Guided = { mode: string; lang: string; clips?: string[]; text?: string };

describe.skipIf(noBrowser)('kiosk guidance read aloud', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openKiosk(voices: { lang: string }[]): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const errors = watchErrors(page);
    // The PC's voices, as the test wants them; speaking records the text and ends at once.
    await page.addInitScript((list) => {
      const voices = list.map((v) => ({ ...v, name: `Fake ${v.lang}`, voiceURI: v.lang, localService: true, default: false }));
      const w = window as unknown as { __spokenTexts: string[] };
      w.__spokenTexts = [];
      class Utterance {
        text: string;
        voice: unknown = null;
        lang = '';
        rate = 1;
        volume = 1;
        onend: (() => void) | null = null;
        onerror: (() => void) | null = null;
        constructor(text: string) {
          this.text = text;
        }
      }
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
      Object.defineProperty(window, 'speechSynthesis', {
        configurable: true,
        value: {
          getVoices: () => voices,
          speak: (u: Utterance) => {
            w.__spokenTexts.push(u.text);
            setTimeout(() => u.onend?.(), 50);
          },
          cancel: () => undefined,
          addEventListener: () => undefined,
        },
      });
    }, voices);
    await page.goto(`${server.url}/kiosk/`);
    await page.locator('[data-service]').first().waitFor(WAIT);
    return { page, errors };
  }

  const guided = (page: Page) => page.evaluate(() => (window.__luotGuide ?? []) as Guided[]);

  it('without a Vietnamese voice, says the guidance with the clip pack: a large button, served clips, the same joiner', async () => {
    const { page, errors } = await openKiosk([]);
    const button = page.getByRole('button', { name: 'Nghe hướng dẫn' });
    const box = (await button.boundingBox())!;
    // A target for anyone: well above the 44 px minimum, in the kiosk's large type.
    expect(box.height).toBeGreaterThanOrEqual(72);
    expect(box.width).toBeGreaterThanOrEqual(200);
    await button.click();
    // While it reads, the same button stops it.
    await page.getByRole('button', { name: 'Dừng đọc' }).waitFor(WAIT);
    await expect.poll(async () => (await guided(page)).length, WAIT).toBe(1);
    const [g] = await guided(page);
    expect(g).toMatchObject({ mode: 'clips', lang: 'vi', clips: kioskGuideClips('home') });
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    for (const clip of kioskGuideClips('home')) expect(fetched).toContain(`/clips/${clip}`);
    await page.getByRole('button', { name: 'Nghe hướng dẫn' }).waitFor(WAIT);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with a local vi-VN voice, reads every service on the screen by name, its queue and the priority button', async () => {
    const { page, errors } = await openKiosk([{ lang: 'vi-VN' }]);
    const names = await page.locator('luot-service-button').evaluateAll((els) =>
      els.map((el) => el.shadowRoot?.querySelector('[data-service]')?.getAttribute('data-service') ?? ''));
    expect(names.length).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Nghe hướng dẫn' }).click();
    await expect.poll(async () => (await guided(page)).length, WAIT).toBe(1);
    const [g] = await guided(page);
    expect(g!.mode).toBe('speech');
    const spoken = await page.evaluate(() => (window as unknown as { __spokenTexts: string[] }).__spokenTexts);
    expect(spoken).toEqual([g!.text]);
    const text = g!.text!;
    expect(text).toContain(`Màn hình có ${names.length} lĩnh vực.`);
    for (const id of names) {
      const name = server.office.config.services.find((s) => s.id === id)!.name.vi;
      expect(text).toContain(name);
    }
    expect(text).toContain('chạm nút Ưu tiên');
    expect(text).toContain('vui lòng liên hệ cán bộ hướng dẫn');
    expect(text).toBe(text.normalize('NFC'));
    expect(errors).toEqual([]);
    await page.close();
  });
});
