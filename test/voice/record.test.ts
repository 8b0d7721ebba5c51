// The recorder's pure sound work (counter/voice-record.ts): the cut, the level, the WAV.
import { describe, expect, it } from 'vitest';
import {
  PEAK_LIMIT, TARGET_LEVEL_DB, decodeWav, encodeWav, mixDown, prepareTake, speechLevelDb, voiceRange,
} from '../../counter/voice-record.js';

const RATE = 48_000;

/** Noise of RMS `rms` (deterministic), `s` seconds. */
function noise(s: number, rms: number, seed = 7): Float32Array {
  const out = new Float32Array(Math.round(s * RATE));
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = ((x / 2 ** 31) * 2 - 1) * rms * Math.sqrt(3);
  }
  return out;
}

/** A voice-like sound: 180 Hz with harmonics, in syllable-like bursts, peak `amp`. */
function voice(s: number, amp: number): Float32Array {
  const out = new Float32Array(Math.round(s * RATE));
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const env = Math.sin((Math.PI * t) / s) ** 0.5;
    const tone = 0.6 * Math.sin(2 * Math.PI * 180 * t) + 0.3 * Math.sin(2 * Math.PI * 360 * t) + 0.1 * Math.sin(2 * Math.PI * 540 * t);
    out[i] = amp * env * tone;
  }
  return out;
}

const join = (...parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const add = (a: Float32Array, b: Float32Array) => a.map((x, i) => x + (b[i] ?? 0));

describe('voiceRange', () => {
  it('finds the voice between silences, with a short margin, in a quiet room', () => {
    const take = join(new Float32Array(0.7 * RATE), voice(0.5, 0.3), new Float32Array(0.4 * RATE));
    const { start, end } = voiceRange(take, RATE);
    expect(start / RATE).toBeGreaterThan(0.62);
    expect(start / RATE).toBeLessThan(0.7);
    expect(end / RATE).toBeGreaterThan(1.2);
    expect(end / RATE).toBeLessThan(1.28);
  });

  it('finds it over room noise 30 dB below the voice', () => {
    const v = join(noise(0.8, 0), voice(0.6, 0.3), noise(0.8, 0));
    const take = add(v, noise(2.2, 0.003));
    const { start, end } = voiceRange(take, RATE);
    expect(start / RATE).toBeGreaterThan(0.7);
    expect(start / RATE).toBeLessThan(0.85);
    expect(end / RATE).toBeGreaterThan(1.35);
    expect(end / RATE).toBeLessThan(1.5);
  });

  it('finds nothing in silence or in steady noise', () => {
    expect(voiceRange(new Float32Array(RATE), RATE)).toEqual({ start: 0, end: 0 });
    const r = voiceRange(noise(1, 0.01), RATE);
    // Steady noise has no part standing above the rest: whatever is kept is not a cut voice.
    expect(prepareTake(new Float32Array(RATE), RATE)).toBeNull();
    expect(r.end - r.start === 0 || r.end - r.start > 0.9 * RATE).toBe(true);
  });
});

describe('speechLevelDb', () => {
  it('is the RMS of a steady sine (−3 dB of its peak), whatever silence surrounds it', () => {
    const sine = Float32Array.from({ length: RATE }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE));
    const expected = 20 * Math.log10(0.5 / Math.SQRT2);
    expect(speechLevelDb(sine, RATE)).toBeCloseTo(expected, 1);
    expect(speechLevelDb(join(new Float32Array(RATE * 2), sine, new Float32Array(RATE)), RATE)).toBeCloseTo(expected, 1);
    expect(speechLevelDb(new Float32Array(100), RATE)).toBe(-Infinity);
  });
});

describe('prepareTake', () => {
  it.each([0.02, 0.1, 0.6])('brings a voice of peak %s to the target level, cut to the voice', (amp) => {
    const take = add(join(new Float32Array(0.5 * RATE), voice(0.5, amp), new Float32Array(0.5 * RATE)), noise(1.5, amp / 300));
    const p = prepareTake(take, RATE)!;
    expect(p).not.toBeNull();
    expect(p.lead).toBeGreaterThan(0.42);
    expect(p.lead).toBeLessThan(0.5);
    expect(p.samples.length / RATE).toBeLessThan(0.65);
    expect(speechLevelDb(p.samples, RATE)).toBeCloseTo(TARGET_LEVEL_DB, 0);
    expect(p.levelDb).toBeCloseTo(TARGET_LEVEL_DB, 0);
    expect(Math.max(...p.samples.map(Math.abs))).toBeLessThanOrEqual(PEAK_LIMIT + 1e-6);
  });

  it('never clips: a take with one sharp peak is held below the limit instead of reaching the level', () => {
    const v = voice(0.5, 0.05);
    v[1000] = 0.9;
    const p = prepareTake(join(new Float32Array(RATE / 2), v), RATE)!;
    expect(Math.max(...p.samples.map(Math.abs))).toBeLessThanOrEqual(PEAK_LIMIT + 1e-6);
    expect(p.levelDb).toBeLessThan(TARGET_LEVEL_DB);
  });

  it('starts and ends at zero (faded), so the joined words do not click', () => {
    const p = prepareTake(join(new Float32Array(RATE / 2), voice(0.4, 0.3).map((x) => x + 0.2)), RATE)!;
    expect(Math.abs(p.samples[0]!)).toBe(0);
    expect(Math.abs(p.samples.at(-1)!)).toBeLessThan(0.01);
  });
});

describe('WAV', () => {
  it('is 16-bit PCM mono, read back within one step of 16 bits', () => {
    const s = voice(0.2, 0.5);
    const bytes = encodeWav(s, RATE);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('RIFF');
    expect(String.fromCharCode(...bytes.subarray(8, 16))).toBe('WAVEfmt ');
    expect(bytes.length).toBe(44 + s.length * 2);
    const back = decodeWav(bytes);
    expect(back.rate).toBe(RATE);
    expect(back.samples.length).toBe(s.length);
    for (let i = 0; i < s.length; i += 97) expect(Math.abs(back.samples[i]! - s[i]!)).toBeLessThan(1 / 16000);
  });

  it('mixes two channels down to their mean', () => {
    expect([...mixDown([Float32Array.of(1, 0), Float32Array.of(0, 0.5)])]).toEqual([0.5, 0.25]);
  });
});
