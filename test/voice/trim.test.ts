// The player cuts each clip to its sound before joining (display/trim.ts): an MP3 decoder's
// leading delay and trailing padding, or a recording's silence, must not become pauses.
import { describe, expect, it } from 'vitest';
import { audibleRange, fadeEdges } from '../../display/trim.js';

const RATE = 16000;
/** `lead` s of near-silence (codec noise at −70 dB), `tone` s of a 440 Hz word at `peak`, `tail` s of silence. */
function clip(lead: number, tone: number, tail: number, peak = 0.9): Float32Array {
  const n = (s: number) => Math.round(s * RATE);
  const out = new Float32Array(n(lead) + n(tone) + n(tail));
  for (let i = 0; i < out.length; i++) out[i] = 0.0003 * Math.sin(i * 1.7);
  for (let i = 0; i < n(tone); i++) out[n(lead) + i] = peak * Math.sin((2 * Math.PI * 440 * i) / RATE);
  return out;
}

describe('audible range of a clip', () => {
  it('drops an MP3-like 69 ms lead and 30 ms of padding, keeping the word to the sample', () => {
    const d = clip(0.069, 0.3, 0.03);
    const { start, end } = audibleRange([d]);
    // The first sample of the tone is 0 (sin 0); the next one is the first audible.
    expect(start / RATE).toBeCloseTo(0.069, 3);
    expect((end - start) / RATE).toBeCloseTo(0.3, 2);
    expect(end).toBeLessThanOrEqual(Math.round(0.369 * RATE));
  });

  it('is relative to the peak: a quiet recording keeps its quiet word', () => {
    const d = clip(0.2, 0.25, 0.2, 0.05);
    const { start, end } = audibleRange([d]);
    expect(start / RATE).toBeCloseTo(0.2, 2);
    expect((end - start) / RATE).toBeCloseTo(0.25, 2);
  });

  it('leaves a clip with no silence whole, and finds nothing in a silent one', () => {
    const d = clip(0, 0.1, 0);
    const r = audibleRange([d]);
    expect(r.end).toBe(d.length);
    expect(r.start).toBeLessThanOrEqual(1);
    expect(audibleRange([new Float32Array(800)])).toEqual({ start: 800, end: 800 });
  });

  it('counts a sound on any channel', () => {
    const left = new Float32Array(1000);
    const right = new Float32Array(1000);
    right[300] = 0.5;
    left[600] = -0.5;
    expect(audibleRange([left, right])).toEqual({ start: 300, end: 601 });
  });

  it('fades the cut edges over 3 ms so they do not click', () => {
    const d = new Float32Array(RATE).fill(1);
    fadeEdges(d, RATE);
    expect(d[0]).toBe(0);
    expect(d[d.length - 1]).toBe(0);
    expect(d[24]).toBeCloseTo(0.5, 1);
    expect(d[48]).toBe(1);
    expect(d[RATE / 2]).toBe(1);
  });
});
