/// <reference types="vite/client" />
// Says the calls aloud, one at a time: a chime, then the template sentence, from recorded clips
// joined with Web Audio (works offline and without any OS voice) or from a local vi-VN speech
// synthesis voice when the settings ask for it.
import {
  DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE, announcementClips, announcementText, isPhraseClip,
  type AnnounceOptions, type NumberReading,
} from '../shared/voice.js';
import { officePath } from '../shared/client/office-base.js';
import type { VoiceMode } from '../shared/types.js';
import { record } from './test-hooks.js';
import { GAP_BETWEEN_REPEATS, scheduleClips, trimmedClip } from './clip-joiner.js';

export interface AnnounceSettings {
  template: string;
  /** Said for a recall, so the hall knows it is the same citizen again. */
  recallTemplate: string;
  reading: NumberReading;
  repeat: number;
  volume: number;
  mode: VoiceMode;
}

export interface Announcement {
  rev: number;
  number: string;
  counter: number;
  /** The counter's name, for a template that calls counters by name. */
  counterName?: string;
  recall: boolean;
}

/** How an announcement ended: said with clips or the browser voice, or why it was not said. */
export type Outcome = 'clips' | 'browser' | 'muted' | 'locked' | 'stale' | 'failed' | 'superseded' | 'dropped';

declare global {
  interface Window {
    /** Test hook: the announcements the queue received, in order (the newest few hundred). */
    __luotAnnouncements?: (Announcement & { at: number })[];
    /** Test hook: how each one ended. */
    __luotSpoken?: { rev: number; outcome: Outcome; at: number }[];
    /** Test hook: each clip as decoded and as kept by trim.ts, in seconds (`version`: the clip set's). */
    __luotClipCuts?: { name: string; decoded: number; lead: number; kept: number; version: string }[];
    /** Test hook: the clip set versions this page switched to (`voice:changed`). */
    __luotVoiceVersions?: { version: string; at: number }[];
  }
}

/**
 * An announcement that waited this long behind others is no longer worth saying: the citizen has
 * read the number on the screen by then, and saying it late only delays the calls after it.
 */
const STALE_MS = 60_000;
/**
 * Calls waiting to be spoken, at most. A sentence takes 3–5 s, so this is about a minute of
 * speech: whatever waits behind it would be stale before its turn. Without a bound, calls coming
 * faster than they can be said (a burst, or a screen whose audio is stuck) would pile up all day.
 */
export const MAX_QUEUED = 15;

/**
 * The bundled pack is served by the server at /clips/<name> (an office's own recordings
 * first; under `/o/<slug>/` that office's, at /o/<slug>/clips/); the Vite dev server has no such route and serves the pack from the source tree.
 */
export function clipUrl(name: string, version = ''): string {
  // The version in the URL: a clip re-recorded under the same name must not come from the HTTP cache.
  const v = version ? `?v=${encodeURIComponent(version)}` : '';
  return import.meta.env.DEV ? `/display/clips/vi/${name}.mp3` : officePath(`/clips/${encodeURIComponent(name)}${v}`);
}

/** Where a clip's bytes come from: the server by default; the staff app's preview adds its unsaved takes. */
export type ClipSource = (name: string, version: string) => Promise<ArrayBuffer | null>;

const fromServer: ClipSource = async (name, version) => {
  const res = await fetch(clipUrl(name, version));
  return res.ok ? res.arrayBuffer() : null;
};

export class Announcer {
  settings: AnnounceSettings = {
    template: DEFAULT_ANNOUNCEMENT_TEMPLATE, recallTemplate: DEFAULT_RECALL_TEMPLATE, reading: 'north', repeat: 1, volume: 1, mode: 'clips',
  };
  /** Made by start(): opening the audio device is the costliest step of the page's start. */
  private ctx: AudioContext | null = null;
  private started = false;
  /** Settles once a context opened without a tap has had its chance to start running. */
  private opening: Promise<unknown> = Promise.resolve();
  private preloadWanted = false;
  private buffers = new Map<string, Promise<AudioBuffer | null>>();
  private queue: (Announcement & { receivedAt: number })[] = [];
  private busy = false;
  private listeners = new Set<() => void>();
  /** The office's clip set as the server last told it (`voice:changed`); '' until then. */
  private voice = '';

  constructor(private readonly source: ClipSource = fromServer) {
    window.__luotAnnouncements ??= [];
    window.__luotSpoken ??= [];
    window.__luotClipCuts ??= [];
    window.__luotVoiceVersions ??= [];
  }

  /**
   * The office saved or reset its recordings: the clips held are dropped and the next call
   * fetches the new ones (the phrases at once, when preloading), without reloading the page.
   */
  useVoice(version: string): void {
    // A reconnect tells the same version again: the clips held are still the right ones.
    if (version === this.voice) return;
    this.voice = version;
    record(window.__luotVoiceVersions!, { version, at: Date.now() });
    this.buffers.clear();
    if (this.preloadWanted) this.preload();
  }

  /**
   * Opens the audio context: one main-thread task of 60–100 ms on the test machine (several
   * times that on a slow stick), the longest of the page's start. The page calls it once the
   * board has settled; a call or a tap that comes first opens it itself.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    const Ctx = window.AudioContext as typeof AudioContext | undefined;
    this.ctx = Ctx ? new Ctx() : null;
    // Where sound is allowed without a tap, a new context may still be starting.
    const ctx = this.ctx;
    if (ctx?.state === 'suspended') this.opening = Promise.race([ctx.resume().catch(() => undefined), sleep(300)]);
    this.ctx?.addEventListener('statechange', () => this.changed());
    globalThis.speechSynthesis?.addEventListener('voiceschanged', () => this.changed());
    if (this.preloadWanted) this.preload();
    this.changed();
  }

  /** Whether start() ran: until then nobody knows yet whether the browser allows sound. */
  get ready(): boolean {
    return this.started;
  }

  /** Sound plays only once the browser allows it (a first tap, or the kiosk autoplay flag). */
  get soundAllowed(): boolean {
    return this.ctx?.state === 'running';
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** From a click handler: the gesture lets the context (and speech synthesis) start. */
  async unlock(): Promise<void> {
    this.start();
    await this.ctx?.resume().catch(() => undefined);
    this.changed();
  }

  /**
   * Loads the clips of every announcement (chime and template phrases). Number words load at
   * their first use and stay cached; calls only come while the server is up, so the whole pack
   * need not be fetched ahead (48 requests would slow the display's first load).
   */
  preload(): void {
    this.preloadWanted = true;
    if (!this.started) return;
    const phrases = [this.settings.template, this.settings.recallTemplate].flatMap((t) => announcementClips(t, '', 1).filter(isPhraseClip));
    for (const n of new Set([...phrases, 'chime'])) void this.buffer(n);
  }

  enqueue(a: Announcement): void {
    record(window.__luotAnnouncements!, { ...a, at: Date.now() });
    const entry = { ...a, receivedAt: Date.now() };
    // A counter's newer call (its next citizen, or a recall of the same number) makes its unsaid
    // older one moot: that citizen was served, skipped, or is being called again. The newer call
    // takes the older one's place in line, so the counter keeps its turn and each counter has at
    // most one call waiting. At normal rates a call is said long before the counter calls again.
    const i = this.queue.findIndex((q) => q.counter === a.counter);
    if (i >= 0) {
      this.ended(this.queue[i]!, 'superseded');
      this.queue[i] = entry;
    } else {
      this.queue.push(entry);
    }
    // More counters calling at once than can be said: the oldest go unsaid (the screen shows them).
    while (this.queue.length > MAX_QUEUED) this.ended(this.queue.shift()!, 'dropped');
    this.changed();
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let a = this.queue.shift(); a; a = this.queue.shift()) {
        let outcome: Outcome;
        try {
          outcome = await this.say(a);
        } catch {
          outcome = 'failed';
        }
        this.ended(a, outcome);
        this.changed();
      }
    } finally {
      this.busy = false;
    }
  }

  private ended(a: Announcement, outcome: Outcome): void {
    record(window.__luotSpoken!, { rev: a.rev, outcome, at: Date.now() });
  }

  private async say(a: Announcement & { receivedAt: number }): Promise<Outcome> {
    if (Date.now() - a.receivedAt > STALE_MS) return 'stale';
    if (this.settings.volume <= 0) return 'muted';
    this.start();
    await this.opening;
    // Scheduled on a suspended context, the audio would burst out whenever sound is allowed:
    // long after the citizen was called. Such calls stay silent; the screen still shows them.
    if (!this.soundAllowed) return 'locked';
    const voice = this.settings.mode === 'browser' ? this.browserVoice() : null;
    if (voice) {
      await this.playClips(['chime']);
      await this.speak(a, voice);
      return 'browser';
    }
    const clips = announcementClips(this.template(a), a.number, a.counter, this.options(a));
    if (await this.playClips(clips)) return 'clips';
    // A custom template whose phrases were never recorded: the OS voice if there is one, else
    // the default sentence, which the bundled pack can always say.
    const fallbackVoice = this.browserVoice();
    if (fallbackVoice) {
      await this.speak(a, fallbackVoice);
      return 'browser';
    }
    const fallback = a.recall ? DEFAULT_RECALL_TEMPLATE : DEFAULT_ANNOUNCEMENT_TEMPLATE;
    if (await this.playClips(announcementClips(fallback, a.number, a.counter, this.options(a)))) return 'clips';
    return 'failed';
  }

  /** A recall has its own sentence ("Xin mời lần hai …"): the hall knows it is the same citizen. */
  private template(a: Announcement): string {
    return a.recall ? this.settings.recallTemplate : this.settings.template;
  }

  private options(a: Announcement): AnnounceOptions {
    return { reading: this.settings.reading, counterName: a.counterName };
  }

  private buffer(name: string): Promise<AudioBuffer | null> {
    let b = this.buffers.get(name);
    if (!b) {
      const ctx = this.ctx;
      const version = this.voice;
      b = (async () => {
        if (!ctx) return null;
        const bytes = await this.source(name, version);
        if (!bytes) return null;
        const decoded = await ctx.decodeAudioData(bytes);
        const { buffer, lead } = trimmedClip(ctx, decoded);
        record(window.__luotClipCuts!, { name, decoded: decoded.duration, lead, kept: buffer.duration, version });
        return buffer;
      })().catch(() => null);
      this.buffers.set(name, b);
      // A failure is not cached: the server may be back for the next call.
      void b.then((x) => x ?? this.buffers.delete(name));
    }
    return b;
  }

  /** Plays the clips back to back, the sentence `repeat` times; false when a clip is missing. */
  private async playClips(clips: string[]): Promise<boolean> {
    const ctx = this.ctx;
    if (!ctx) return false;
    const buffers = await Promise.all(clips.map((c) => this.buffer(c)));
    if (buffers.some((b) => b === null)) return false;
    const gain = ctx.createGain();
    gain.gain.value = Math.min(1, Math.max(0, this.settings.volume));
    gain.connect(ctx.destination);
    const t = scheduleClips(ctx, gain, clips, buffers as AudioBuffer[], this.settings.repeat, ctx.currentTime + 0.05);
    // Wall-clock wait: a context that stops advancing (device lost) must not stall the queue.
    await sleep((t - ctx.currentTime) * 1000 + 150);
    gain.disconnect();
    return true;
  }

  /** A local Vietnamese voice: online voices need the internet the office may not have. */
  private browserVoice(): SpeechSynthesisVoice | null {
    if (!globalThis.speechSynthesis) return null;
    const vi = speechSynthesis.getVoices().filter((v) => v.lang.toLowerCase().replace('_', '-').startsWith('vi'));
    return vi.find((v) => v.localService) ?? null;
  }

  private speak(a: Announcement, voice: SpeechSynthesisVoice): Promise<void> {
    const text = announcementText(this.template(a), a.number, a.counter, this.options(a));
    const once = (): Promise<void> =>
      new Promise((resolve) => {
        const u = new SpeechSynthesisUtterance(text);
        u.voice = voice;
        u.lang = voice.lang;
        u.rate = 0.9;
        u.volume = Math.min(1, Math.max(0, this.settings.volume));
        // Some engines never fire `end`: a time limit keeps the queue moving.
        const limit = setTimeout(resolve, 15_000);
        u.onend = u.onerror = () => {
          clearTimeout(limit);
          resolve();
        };
        speechSynthesis.speak(u);
      });
    return (async () => {
      for (let r = 0; r < Math.max(1, Math.min(3, this.settings.repeat)); r++) {
        if (r > 0) await sleep(GAP_BETWEEN_REPEATS * 1000);
        await once();
      }
    })();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
