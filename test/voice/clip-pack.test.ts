// The committed clip pack matches the vocabulary the display asks for: CI has no espeak-ng to
// regenerate it, so a word added to shared/voice.ts without new clips must fail here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIP_VOCABULARY, isPhraseClip } from '../../shared/voice.js';
import { root } from '../support/browser.js';

const dir = join(root, 'display', 'clips', 'vi');

/** The frames of an MP3 file (MPEG-2 layer III): their format, and the seconds they hold. */
function mp3Frames(buf: Buffer) {
  const BITRATES = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]; // MPEG-2 layer III, kbit/s
  const RATES = [22050, 24000, 16000];
  const formats = new Set<string>();
  let at = 0;
  let frames = 0;
  while (at < buf.length) {
    const h = buf.readUInt32BE(at);
    expect(h >>> 21, `frame sync at ${at}`).toBe(0x7ff);
    const version = (h >>> 19) & 3; // 2: MPEG-2
    const layer = (h >>> 17) & 3; // 1: layer III
    const kbps = BITRATES[(h >>> 12) & 15]!;
    const rate = RATES[(h >>> 10) & 3]!;
    const padding = (h >>> 9) & 1;
    const mono = ((h >>> 6) & 3) === 3;
    formats.add(JSON.stringify({ mpeg2: version === 2, layer3: layer === 1, kbps, rate, mono }));
    at += Math.floor((72 * kbps * 1000) / rate) + padding;
    frames++;
  }
  expect(at, 'the last frame ends at the end of the file').toBe(buf.length);
  return { formats: [...formats], seconds: (frames * 576) / 16000 };
}

describe('bundled clip pack', () => {
  it('has exactly one MP3 per vocabulary clip, and nothing else', () => {
    const files = readdirSync(dir).map((f) => f.replace(/\.mp3$/, '')).sort();
    expect(files).toEqual(Object.keys(CLIP_VOCABULARY).sort());
  });

  it('holds small 16 kHz mono MP3 clips at 32 kbit/s (every browser decodes them), trimmed', () => {
    let total = 0;
    for (const name of Object.keys(CLIP_VOCABULARY)) {
      const buf = readFileSync(join(dir, `${name}.mp3`));
      total += buf.length;
      const { formats, seconds } = mp3Frames(buf);
      expect(formats, name).toEqual([JSON.stringify({ mpeg2: true, layer3: true, kbps: 32, rate: 16000, mono: true })]);
      // Trimmed single words are short (the encoder adds ~0.1 s); the longest are the opening phrases.
      expect(seconds, name).toBeGreaterThan(0.1);
      expect(seconds, name).toBeLessThan(isPhraseClip(name) && name.length > 12 ? 3.5 : 1.7);
    }
    // The WAV pack was 764 KB.
    // Nothing fetches the whole pack (a display loads its phrases, then words as they come).
    expect(total).toBeLessThan(176 * 1024);
  });
});
