// Test hook: a whole announcement rendered offline through the display's own clip joiner, so the
// hearing test (test/voice/hearing.test.ts) checks what the hall would hear, gaps and levels
// included. Like the other hooks it ships (see test-hooks.ts); it costs nothing until called.
import { announcementClips, type AnnounceOptions } from '../shared/voice.js';
import { clipUrl } from './announcer.js';
import { renderClips } from './clip-joiner.js';

declare global {
  interface Window {
    /** Mono samples at 16 kHz of the announcement as the display joins it; null when a clip is missing. */
    __luotRenderAnnouncement?: (
      template: string, number: string, counter: number, opts?: AnnounceOptions & { repeat?: number },
    ) => Promise<{ clips: string[]; sampleRate: number; samples: number[] } | null>;
  }
}

window.__luotRenderAnnouncement = async (template, number, counter, opts = {}) => {
  const clips = announcementClips(template, number, counter, opts);
  const bytesOf = async (name: string) => {
    const res = await fetch(clipUrl(name));
    return res.ok ? res.arrayBuffer() : null;
  };
  const samples = await renderClips(clips, bytesOf, { repeat: opts.repeat ?? 1, sampleRate: 16_000 });
  return samples ? { clips, sampleRate: 16_000, samples: Array.from(samples) } : null;
};
