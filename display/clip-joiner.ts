// Joins voice clips into one sentence. The wall display plays announcements through it on its live
// audio context, the kiosk's "Nghe hướng dẫn" reads its guidance through it, and the hearing test
// renders a whole announcement through it on an OfflineAudioContext to a WAV: one joiner, so what
// the test hears is what the hall hears.
import { isPhraseClip } from '../shared/voice.js';
import { audibleRange, fadeEdges } from './trim.js';

export const GAP_AFTER_CHIME = 0.3;
/** Around a phrase a short breath; inside a number none, so it is heard as one number. */
export const GAP_AROUND_PHRASE = 0.12;
export const GAP_BETWEEN_WORDS = 0.03;
export const GAP_BETWEEN_REPEATS = 0.8;

/** When each clip starts, in seconds from the first, and when the last one ends. */
export interface Timeline {
  starts: { clip: number; at: number }[];
  end: number;
}

/**
 * The timing of a sentence: the chime (when the first clip is `chime`) once, then the rest
 * `repeat` times (1–3), with the gaps above. `durations[i]` is clip i's trimmed length.
 */
export function joinTimeline(clips: readonly string[], durations: readonly number[], repeat: number): Timeline {
  const starts: Timeline['starts'] = [];
  let t = 0;
  const first = clips[0] === 'chime' ? 1 : 0;
  if (first) {
    starts.push({ clip: 0, at: 0 });
    t = durations[0]! + GAP_AFTER_CHIME;
  }
  const times = clips.length > first ? Math.max(1, Math.min(3, repeat)) : 0;
  for (let r = 0; r < times; r++) {
    if (r > 0) t += GAP_BETWEEN_REPEATS;
    for (let i = first; i < clips.length; i++) {
      starts.push({ clip: i, at: t });
      t += durations[i]!;
      const next = clips[i + 1];
      if (next) t += isPhraseClip(clips[i]!) || isPhraseClip(next) ? GAP_AROUND_PHRASE : GAP_BETWEEN_WORDS;
    }
  }
  return { starts, end: t };
}

/** The clip cut to its sound (see trim.ts), and the seconds cut before it. */
export function trimmedClip(ctx: BaseAudioContext, b: AudioBuffer): { buffer: AudioBuffer; lead: number } {
  const channels = Array.from({ length: b.numberOfChannels }, (_, i) => b.getChannelData(i));
  const { start, end } = audibleRange(channels);
  if (end <= start || (start === 0 && end === b.length)) return { buffer: b, lead: 0 };
  const out = ctx.createBuffer(b.numberOfChannels, end - start, b.sampleRate);
  channels.forEach((d, i) => {
    const part = d.slice(start, end);
    fadeEdges(part, b.sampleRate);
    out.copyToChannel(part, i);
  });
  return { buffer: out, lead: start / b.sampleRate };
}

/** Schedules the joined clips on `ctx` into `dest` from time `from`; returns when the last one ends. */
export function scheduleClips(
  ctx: BaseAudioContext, dest: AudioNode, clips: readonly string[], buffers: readonly AudioBuffer[], repeat: number, from: number,
): number {
  const timeline = joinTimeline(clips, buffers.map((b) => b.duration), repeat);
  for (const { clip, at } of timeline.starts) {
    const src = ctx.createBufferSource();
    src.buffer = buffers[clip]!;
    src.connect(dest);
    src.start(from + at);
  }
  return from + timeline.end;
}

/**
 * The joined sentence rendered offline (no device, no real time): decoded and trimmed as the
 * player does, at `volume`, mono at `sampleRate`. Null when a clip cannot be had.
 */
export async function renderClips(
  clips: readonly string[], bytesOf: (name: string) => Promise<ArrayBuffer | null>,
  opts: { repeat?: number; volume?: number; sampleRate?: number } = {},
): Promise<Float32Array | null> {
  const rate = opts.sampleRate ?? 16_000;
  const decoder = new OfflineAudioContext(1, 1, rate);
  const buffers: AudioBuffer[] = [];
  for (const name of clips) {
    const bytes = await bytesOf(name);
    if (!bytes) return null;
    buffers.push(trimmedClip(decoder, await decoder.decodeAudioData(bytes)).buffer);
  }
  const timeline = joinTimeline(clips, buffers.map((b) => b.duration), opts.repeat ?? 1);
  const ctx = new OfflineAudioContext(1, Math.max(1, Math.ceil((timeline.end + 0.1) * rate)), rate);
  const gain = ctx.createGain();
  gain.gain.value = Math.min(1, Math.max(0, opts.volume ?? 1));
  gain.connect(ctx.destination);
  scheduleClips(ctx, gain, clips, buffers, opts.repeat ?? 1, 0);
  return (await ctx.startRendering()).getChannelData(0);
}
