// The committed clip pack matches the vocabulary the display asks for: CI has no espeak-ng to
// regenerate it, so a word added to shared/voice.ts without new clips must fail here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIP_VOCABULARY } from '../../shared/voice.js';
import { root } from '../support/browser.js';

const dir = join(root, 'display', 'clips', 'vi');

/** The fmt chunk of a canonical PCM WAV file. */
function wavFormat(buf: Buffer) {
  expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
  expect(buf.toString('ascii', 8, 12)).toBe('WAVE');
  let at = 12;
  while (at < buf.length - 8) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      return { pcm: buf.readUInt16LE(at + 8), channels: buf.readUInt16LE(at + 10), rate: buf.readUInt32LE(at + 12), bits: buf.readUInt16LE(at + 22) };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no fmt chunk');
}

describe('bundled clip pack', () => {
  it('has exactly one WAV per vocabulary clip', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.wav')).map((f) => f.slice(0, -4)).sort();
    expect(files).toEqual(Object.keys(CLIP_VOCABULARY).sort());
  });

  it('holds small 16 kHz mono 16-bit PCM clips, trimmed', () => {
    let total = 0;
    for (const name of Object.keys(CLIP_VOCABULARY)) {
      const buf = readFileSync(join(dir, `${name}.wav`));
      total += buf.length;
      expect(wavFormat(buf), name).toEqual({ pcm: 1, channels: 1, rate: 16000, bits: 16 });
      const seconds = (buf.length - 44) / 32000;
      // Trimmed single words are short; the longest is the opening phrase.
      expect(seconds, name).toBeGreaterThan(0.05);
      expect(seconds, name).toBeLessThan(name === 'moi-cong-dan-co-so-thu-tu' ? 3 : 1.6);
    }
    expect(total).toBeLessThan(1024 * 1024);
  });
});
