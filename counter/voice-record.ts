// The recorder's sound work, pure and testable without a microphone: the word cut from the
// silence around it, brought to the bundled pack's loudness, and written as a WAV the server and
// every display accept. The element (luot-voice-recorder.ts) only captures and plays.
import { fadeEdges } from '../display/trim.js';

/**
 * The bundled pack's speech level, in dB relative to full scale, as `speechLevelDb` measures it:
 * the mean over the 52 spoken clips of display/clips/vi (chime left out; −20.4…−10.4 each),
 * decoded by sox at 16 kHz, from `node --import tsx scripts/measure-voice-level.ts` (30 Nov 2026).
 * A recording brought to it is heard as loud as the bundled words it is joined with when a clip
 * is missing.
 */
export const TARGET_LEVEL_DB = -15.7;
/** A normalised clip's peak stays below this (−1 dBFS): louder is clipping, heard as a crackle. */
export const PEAK_LIMIT = 0.89;
/** Level frames: 20 ms, long enough for a voice's pitch period, short enough to find its edges. */
const FRAME_S = 0.02;
/** Frames this far below the loudest are pauses or room noise, left out of the speech level. */
const ACTIVE_BELOW_PEAK_DB = 30;
/** Kept before and after the word: consonants (s, x, th) start and end quieter than the vowel. */
const MARGIN_S = 0.04;

const dbOf = (x: number) => (x > 0 ? 20 * Math.log10(x) : -Infinity);

/** RMS of each FRAME_S frame. */
function frameRms(samples: Float32Array, rate: number): { size: number; rms: Float64Array } {
  const size = Math.max(1, Math.round(FRAME_S * rate));
  const n = Math.ceil(samples.length / size);
  const rms = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let sum = 0;
    const end = Math.min(samples.length, (f + 1) * size);
    for (let i = f * size; i < end; i++) sum += samples[i]! * samples[i]!;
    rms[f] = Math.sqrt(sum / Math.max(1, end - f * size));
  }
  return { size, rms };
}

/**
 * The level of the speech in `samples` (dBFS): the RMS over the frames within 30 dB of the
 * loudest, so silence around a word or between two does not lower it. −Infinity when silent.
 */
export function speechLevelDb(samples: Float32Array, rate: number): number {
  const { rms } = frameRms(samples, rate);
  let loudest = 0;
  for (const r of rms) loudest = Math.max(loudest, r);
  if (loudest === 0) return -Infinity;
  const gate = loudest * 10 ** (-ACTIVE_BELOW_PEAK_DB / 20);
  let sum = 0;
  let n = 0;
  for (const r of rms) {
    if (r >= gate) {
      sum += r * r;
      n++;
    }
  }
  return dbOf(Math.sqrt(sum / n));
}

/**
 * Where the voice is: from the first to the last frame clearly above the room's noise (the
 * quietest tenth of the frames) and within 30 dB of the loudest, with MARGIN_S either side.
 * `start === end` when nothing stands out (the microphone was muted, or only noise).
 */
export function voiceRange(samples: Float32Array, rate: number): { start: number; end: number } {
  const { size, rms } = frameRms(samples, rate);
  if (rms.length === 0) return { start: 0, end: 0 };
  const sorted = Float64Array.from(rms).sort();
  const noise = sorted[Math.floor(sorted.length * 0.1)]!;
  const loudest = sorted[sorted.length - 1]!;
  // Speech stands ~12 dB above the noise; a clean (digital-silence) lead needs an absolute floor.
  const threshold = Math.max(noise * 4, loudest * 10 ** (-ACTIVE_BELOW_PEAK_DB / 20), 1e-4);
  if (loudest < threshold) return { start: 0, end: 0 };
  let first = 0;
  while (rms[first]! < threshold) first++;
  let last = rms.length - 1;
  while (rms[last]! < threshold) last--;
  const margin = Math.round(MARGIN_S * rate);
  return { start: Math.max(0, first * size - margin), end: Math.min(samples.length, (last + 1) * size + margin) };
}

export interface Prepared {
  samples: Float32Array;
  /** Seconds cut before the voice. */
  lead: number;
  /** The gain applied, in dB. */
  gainDb: number;
  /** The level after the gain (dBFS): TARGET_LEVEL_DB unless the peak limit held it lower. */
  levelDb: number;
}

/**
 * A take made ready to save: cut to the voice, faded at the cut, brought to `target` dBFS
 * (lowered if the peak would pass PEAK_LIMIT). Null when the take has no voice in it.
 */
export function prepareTake(samples: Float32Array, rate: number, target = TARGET_LEVEL_DB): Prepared | null {
  const { start, end } = voiceRange(samples, rate);
  if (end - start < rate * 0.05) return null;
  const cut = samples.slice(start, end);
  fadeEdges(cut, rate);
  const level = speechLevelDb(cut, rate);
  let peak = 0;
  for (const s of cut) peak = Math.max(peak, Math.abs(s));
  const gainDb = Math.min(target - level, dbOf(PEAK_LIMIT / peak));
  const gain = 10 ** (gainDb / 20);
  for (let i = 0; i < cut.length; i++) cut[i]! *= gain;
  return { samples: cut, lead: start / rate, gainDb, levelDb: level + gainDb };
}

/** One channel from several (a stereo microphone): their mean. */
export function mixDown(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]?.length ?? 0);
  for (const c of channels) for (let i = 0; i < out.length; i++) out[i]! += c[i]! / channels.length;
  return out;
}

/** 16-bit PCM mono WAV: what the server stores and every browser decodes. */
export function encodeWav(samples: Float32Array, rate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    v.setInt16(44 + i * 2, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
  }
  return bytes;
}

/** The samples of a WAV written by encodeWav (16-bit PCM mono), for tests and previews. */
export function decodeWav(bytes: Uint8Array): { samples: Float32Array; rate: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rate = v.getUint32(24, true);
  const n = v.getUint32(40, true) / 2;
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = v.getInt16(44 + i * 2, true) / 0x8000;
  return { samples, rate };
}
