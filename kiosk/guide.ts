// The kiosk's spoken guidance ("Nghe hướng dẫn"), for citizens who cannot read the screen. Loaded
// only when the button is pressed. With a local voice for the screen's language (a Vietnamese
// one on Windows after adding the Vietnamese speech pack), the whole screen is read: every
// service by name, its queue, the priority button. Without one, the office's voice clips say
// what clips can (service names cannot be clips: each office names its own): how to take a
// number, the priority button, where to get help, or the number just taken — joined by the
// wall display's own joiner, so it is the same voice as the calls.
import { CLOSED_REASONS } from '../shared/i18n-names.js';
import type { PublicService } from '../shared/types.js';
import { kioskGuideClips, spokenTicketNumberVi, type NumberReading } from '../shared/voice.js';
import { clipUrl } from '../display/announcer.js';
import { scheduleClips, trimmedClip } from '../display/clip-joiner.js';
import { record } from '../display/test-hooks.js';
import { GUIDE_STRINGS } from './guide-strings.js';
import { STRINGS, pick, type Lang } from './strings.js';

export type GuideScreen =
  | { kind: 'home' | 'priority-service'; services: PublicService[] }
  | { kind: 'priority' }
  | { kind: 'ticket'; number: string; ahead: number };

export type GuideMode = 'speech' | 'clips' | 'failed' | 'stopped';

declare global {
  interface Window {
    /** Test hook: each guidance read, how, and what. */
    __luotGuide?: { mode: GuideMode; lang: Lang; clips?: string[]; text?: string; at: number }[];
  }
}

/** The screen as sentences, in the kiosk's language. */
export function guideText(screen: GuideScreen, lang: Lang): string {
  const t = { ...STRINGS[lang], ...GUIDE_STRINGS[lang] };
  const parts: string[] = [t.guideIntro];
  switch (screen.kind) {
    case 'home':
    case 'priority-service':
      parts.push(t.guideServices(screen.services.length));
      screen.services.forEach((s, i) => {
        const state = s.closedReason ? pick(CLOSED_REASONS[s.closedReason], lang) : t.waiting(s.waiting);
        parts.push(t.guideService(i + 1, pick(s.name, lang), state));
      });
      parts.push(t.guideTouch);
      if (screen.kind === 'home') parts.push(t.guidePriority);
      break;
    case 'priority':
      parts.push(t.guidePriorityGroups);
      break;
    case 'ticket':
      parts.push(t.guideTicket(lang === 'vi' ? spokenTicketNumberVi(screen.number) : screen.number, screen.ahead));
      break;
  }
  parts.push(t.guideHelp);
  return parts.join(' ');
}

/** A voice on this PC for `lang`; local ones only, an office's network may have no internet. */
function localVoice(lang: Lang): SpeechSynthesisVoice | null {
  if (!globalThis.speechSynthesis) return null;
  const voices = speechSynthesis.getVoices().filter((v) => v.lang.toLowerCase().replace('_', '-').startsWith(lang));
  return voices.find((v) => v.localService) ?? null;
}

let stopCurrent: (() => void) | null = null;

/** Stops whatever guidance is being read. */
export function stopGuide(): void {
  stopCurrent?.();
  stopCurrent = null;
}

/** Reads the screen aloud; resolves when done or stopped. */
export async function speakGuide(screen: GuideScreen, lang: Lang, reading: NumberReading = 'north'): Promise<GuideMode> {
  stopGuide();
  window.__luotGuide ??= [];
  const voice = localVoice(lang) ?? (lang === 'vi' ? null : localVoice('vi'));
  if (voice) {
    const text = guideText(screen, voice.lang.toLowerCase().startsWith('vi') ? 'vi' : lang);
    record(window.__luotGuide, { mode: 'speech', lang, text, at: Date.now() });
    return speak(text, voice);
  }
  const clips = kioskGuideClips(screen.kind === 'ticket' ? 'ticket' : 'home', screen.kind === 'ticket' ? screen.number : '', reading);
  const mode = await playClips(clips);
  record(window.__luotGuide, { mode, lang, clips, at: Date.now() });
  return mode;
}

function speak(text: string, voice: SpeechSynthesisVoice): Promise<GuideMode> {
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    // Some engines never fire `end`: a time limit frees the button.
    const limit = setTimeout(() => resolve('speech'), 120_000);
    const done = (mode: GuideMode) => {
      clearTimeout(limit);
      resolve(mode);
    };
    u.onend = () => done('speech');
    u.onerror = () => done('failed');
    stopCurrent = () => {
      speechSynthesis.cancel();
      done('stopped');
    };
    speechSynthesis.speak(u);
  });
}

async function playClips(clips: string[]): Promise<GuideMode> {
  const Ctx = window.AudioContext as typeof AudioContext | undefined;
  if (!Ctx) return 'failed';
  const ctx = new Ctx();
  let stopped = false;
  let wake: () => void = () => undefined;
  stopCurrent = () => {
    stopped = true;
    wake();
  };
  try {
    await ctx.resume();
    const buffers: AudioBuffer[] = [];
    for (const name of clips) {
      const res = await fetch(clipUrl(name));
      if (!res.ok) return 'failed';
      buffers.push(trimmedClip(ctx, await ctx.decodeAudioData(await res.arrayBuffer())).buffer);
      if (stopped) return 'stopped';
    }
    const end = scheduleClips(ctx, ctx.destination, clips, buffers, 1, ctx.currentTime + 0.05);
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, (end - ctx.currentTime) * 1000 + 150);
    });
    return stopped ? 'stopped' : 'clips';
  } catch {
    return 'failed';
  } finally {
    void ctx.close();
  }
}
