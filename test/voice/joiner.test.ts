// The clip joiner's timing (display/clip-joiner.ts): what the wall display, the kiosk's guidance
// and the hearing test all schedule with. Durations are made up; the gaps are the joiner's own.
import { describe, expect, it } from 'vitest';
import {
  GAP_AFTER_CHIME, GAP_AROUND_PHRASE, GAP_BETWEEN_REPEATS, GAP_BETWEEN_WORDS, joinTimeline,
} from '../../display/clip-joiner.js';

describe('joinTimeline', () => {
  const clips = ['chime', 'xin-moi-cong-dan-co-so-thu-tu', 'letter-a', 'muoi-huyen', 'lam', 'den-quay-so', 'num-3'];
  const d = [1, 2, 0.3, 0.3, 0.3, 0.6, 0.3];

  it('leaves a breath around phrases, almost none inside a number, and a pause after the chime', () => {
    const t = joinTimeline(clips, d, 1);
    const at = t.starts.map((s) => s.at);
    expect(at[0]).toBe(0);
    expect(at[1]).toBeCloseTo(1 + GAP_AFTER_CHIME);
    expect(at[2]! - (at[1]! + 2)).toBeCloseTo(GAP_AROUND_PHRASE);
    expect(at[3]! - (at[2]! + 0.3)).toBeCloseTo(GAP_BETWEEN_WORDS);
    expect(at[4]! - (at[3]! + 0.3)).toBeCloseTo(GAP_BETWEEN_WORDS);
    expect(at[5]! - (at[4]! + 0.3)).toBeCloseTo(GAP_AROUND_PHRASE);
    expect(at[6]! - (at[5]! + 0.6)).toBeCloseTo(GAP_AROUND_PHRASE);
    expect(t.end).toBeCloseTo(at[6]! + 0.3);
    // No gap of the sentence is longer than the pause after the chime (the hearing test's 300 ms).
    expect(Math.max(GAP_AFTER_CHIME, GAP_AROUND_PHRASE, GAP_BETWEEN_WORDS)).toBeLessThanOrEqual(0.3);
  });

  it('repeats the sentence, not the chime, with a longer pause between', () => {
    const once = joinTimeline(clips, d, 1);
    const twice = joinTimeline(clips, d, 2);
    expect(twice.starts.filter((s) => s.clip === 0)).toHaveLength(1);
    expect(twice.starts).toHaveLength(1 + 2 * (clips.length - 1));
    const sentence = once.end - once.starts[1]!.at;
    expect(twice.end - once.end).toBeCloseTo(GAP_BETWEEN_REPEATS + sentence);
    expect(joinTimeline(clips, d, 9).starts).toHaveLength(1 + 3 * (clips.length - 1));
  });

  it('a sentence without a chime starts at once', () => {
    const t = joinTimeline(['num-1', 'num-2'], [0.3, 0.3], 1);
    expect(t.starts).toEqual([{ clip: 0, at: 0 }, { clip: 1, at: 0.3 + GAP_BETWEEN_WORDS }]);
  });
});
