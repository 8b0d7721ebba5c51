// The audible part of a voice clip. An MP3 decoder puts the encoder's delay (~70 ms at 16 kHz)
// before the word and its frame padding after it, and an office's own recordings often keep
// some silence: joined as they come, "mười lăm" would be heard as two numbers. The player cuts
// every clip to its sound, then sets the gaps itself.

/** Quieter than this, relative to the clip's peak (−40 dB), is silence or codec noise. */
const RELATIVE_THRESHOLD = 0.01;
/** Below this absolute level nothing is heard whatever the peak. */
const FLOOR = 0.0005;
/** Short fades at the new edges, so a cut inside a faint sound does not click. */
const FADE_S = 0.003;

/** The first audible sample and one past the last, over all channels; start = end when silent. */
export function audibleRange(channels: readonly Float32Array[]): { start: number; end: number } {
  let peak = 0;
  for (const d of channels) for (let i = 0; i < d.length; i++) peak = Math.max(peak, Math.abs(d[i]!));
  const threshold = Math.max(FLOOR, peak * RELATIVE_THRESHOLD);
  const length = channels[0]?.length ?? 0;
  const loud = (i: number) => channels.some((d) => Math.abs(d[i]!) >= threshold);
  let start = 0;
  while (start < length && !loud(start)) start++;
  let end = length;
  while (end > start && !loud(end - 1)) end--;
  return { start, end };
}

/** Fades `samples` in and out over FADE_S, in place. */
export function fadeEdges(samples: Float32Array, rate: number): void {
  const n = Math.min(Math.floor(samples.length / 2), Math.round(FADE_S * rate));
  for (let i = 0; i < n; i++) {
    const g = i / n;
    samples[i]! *= g;
    samples[samples.length - 1 - i]! *= g;
  }
}
