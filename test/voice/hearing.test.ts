// Hearing it (issue 12 §5): whole announcements rendered offline in Chromium through the clip
// joiner the wall display plays with (display/clip-joiner.ts, from the built display page and the
// server's /clips route), checked for gaps and clipping, and kept as WAV files a person can play:
// test-artifacts/voice/announcement-*.wav.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE, type AnnounceOptions,
} from '../../shared/voice.js';
import { distDir, ensureBuilt, launch, noBrowser, root } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const artifacts = join(root, 'test-artifacts', 'voice');
/** Quieter than −50 dBFS over a 5 ms window is silence (the player cuts clips at −40 dB below their peak). */
const SILENCE = 10 ** (-50 / 20);
const WINDOW_S = 0.005;
const MAX_GAP_S = 0.3;

/** 16-bit PCM mono WAV. */
function wav(samples: number[], rate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** Silent runs between the first and the last sound, in seconds, and the seconds of sound. */
function gaps(samples: number[], rate: number): { longestGap: number; sound: number; first: number; last: number } {
  const n = Math.round(WINDOW_S * rate);
  const loud: boolean[] = [];
  for (let i = 0; i + n <= samples.length; i += n) {
    let sum = 0;
    for (let j = i; j < i + n; j++) sum += samples[j]! * samples[j]!;
    loud.push(Math.sqrt(sum / n) >= SILENCE);
  }
  const first = loud.indexOf(true);
  const last = loud.lastIndexOf(true);
  let longest = 0;
  let run = 0;
  for (let w = first; w <= last; w++) {
    run = loud[w] ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  return { longestGap: longest * WINDOW_S, sound: loud.filter(Boolean).length * WINDOW_S, first: first * WINDOW_S, last: (last + 1) * WINDOW_S };
}

describe.skipIf(noBrowser)('an announcement as the hall hears it', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(artifacts, { recursive: true });
    server = await startTestServer({ staticDir: distDir });
    browser = await launch();
    page = await browser.newPage();
    // ?sound=0: this page renders, it does not announce.
    await page.goto(`${server.url}/display/?sound=0`);
    await page.waitForFunction(() => typeof window.__luotRenderAnnouncement === 'function', undefined, { timeout: 15_000 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const render = (template: string, number: string, counter: number, opts: AnnounceOptions = {}) =>
    page.evaluate(([t, n, c, o]) => window.__luotRenderAnnouncement!(t, n, c, o), [template, number, counter, opts] as const);

  const cases: { name: string; template: string; number: string; counter: number; opts?: AnnounceOptions; clips: string[] }[] = [
    {
      name: 'north-A015-q3', template: DEFAULT_ANNOUNCEMENT_TEMPLATE, number: 'A015', counter: 3,
      clips: ['chime', 'xin-moi-cong-dan-co-so-thu-tu', 'letter-a', 'muoi-huyen', 'lam', 'den-quay-so', 'num-3'],
    },
    {
      name: 'south-A1004-q24', template: DEFAULT_ANNOUNCEMENT_TEMPLATE, number: 'A1004', counter: 24, opts: { reading: 'south' },
      clips: ['chime', 'xin-moi-cong-dan-co-so-thu-tu', 'letter-a', 'num-1', 'ngan', 'num-0', 'tram', 'le', 'num-4', 'den-quay-so', 'num-2', 'muoi-ngang', 'num-4'],
    },
    {
      name: 'recall-B2021-q12', template: DEFAULT_RECALL_TEMPLATE, number: 'B2021', counter: 12,
      clips: ['chime', 'xin-moi-lan-hai-cong-dan-co-so-thu-tu', 'letter-b', 'num-2', 'nghin', 'num-0', 'tram', 'num-2', 'muoi-ngang', 'mot-sac', 'den-quay-so', 'muoi-huyen', 'num-2'],
    },
  ];

  it.each(cases)('$name: no gap over 300 ms, no clipped sample, kept as a WAV', async ({ name, template, number, counter, opts, clips }) => {
    const out = await render(template, number, counter, opts);
    expect(out, 'every clip of the announcement is served').not.toBeNull();
    const { samples, sampleRate } = out!;
    expect(out!.clips).toEqual(clips);
    const file = join(artifacts, `announcement-${name}.wav`);
    writeFileSync(file, wav(samples, sampleRate));

    const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    const clipped = samples.filter((s) => Math.abs(s) >= 1).length;
    expect(clipped, `${file}: samples at full scale`).toBe(0);
    // Loud enough to be the pack's speech (normalised near −1 dBFS), not a near-silent render.
    expect(peak).toBeGreaterThan(0.5);

    const g = gaps(samples, sampleRate);
    expect(g.longestGap, `${file}: longest silence`).toBeLessThanOrEqual(MAX_GAP_S + 1e-9);
    // Each word is heard: the sentence lasts at least ~0.15 s per clip and most of it is sound.
    expect(g.last - g.first).toBeGreaterThan(clips.length * 0.15);
    expect(g.sound / (g.last - g.first)).toBeGreaterThan(0.6);
  }, 30_000);
});
