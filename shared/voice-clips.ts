// Which clips an office may record, and in which order the recorder asks for them. The words
// themselves come from shared/voice.ts (clipVocabulary of the office's reading); this file adds
// the office's own wording: its templates' phrases and, when a template calls counters by name,
// those names (the bundled pack has neither).
import {
  CLIP_VOCABULARY, DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE, KIOSK_GUIDE_PHRASES, clipVocabulary, isPhraseClip,
  phraseClip, templateNamesCounter, type NumberReading,
} from './voice.js';

export interface RecordableClip {
  /** The file name without extension: `num-3`, `den-quay-so`. */
  name: string;
  /** What the person says (Vietnamese, NFC). */
  text: string;
}

/** What decides an office's clips: its templates, its reading, its counters' names. */
export interface OfficeVoice {
  template?: string;
  recallTemplate?: string;
  reading?: NumberReading;
  /** The counters' Vietnamese names, used when a template says `{counterName}`. */
  counterNames?: readonly string[];
}

const clip = (text: string): RecordableClip => ({ name: phraseClip(text), text: text.normalize('NFC') });

/** The phrases the office's announcements say, in template order, and its counters' names if said. */
function officePhrases(v: OfficeVoice): RecordableClip[] {
  const templates = [v.template || DEFAULT_ANNOUNCEMENT_TEMPLATE, v.recallTemplate || DEFAULT_RECALL_TEMPLATE];
  const out = templates.flatMap((t) =>
    t.split(/\{[a-zA-Z]+\}/).map((p) => p.trim()).filter((p) => phraseClip(p)).map(clip),
  );
  if (templates.some(templateNamesCounter)) for (const n of v.counterNames ?? []) if (phraseClip(n)) out.push(clip(n.trim()));
  return out.filter((c) => c.name.length <= 40);
}

/**
 * Every clip the office can record, in the order the recorder asks: its announcements' phrases
 * first (what the hall hears most), then the kiosk's guidance, the number words of its reading
 * and the letter names. The chime is kept as bundled: it is a tone, not speech. Phrases of the
 * bundled templates the office does not use are left out.
 */
export function recordableClips(v: OfficeVoice = {}): RecordableClip[] {
  const out = new Map<string, RecordableClip>();
  for (const c of officePhrases(v)) if (!out.has(c.name)) out.set(c.name, c);
  const vocab = clipVocabulary(v.reading ?? 'north');
  const guide = new Set(Object.values(KIOSK_GUIDE_PHRASES).map(phraseClip));
  for (const name of guide) if (vocab[name] && !out.has(name)) out.set(name, { name, text: vocab[name].normalize('NFC') });
  for (const [name, text] of Object.entries(vocab)) {
    if (name !== 'chime' && !isPhraseClip(name) && !out.has(name)) out.set(name, { name, text: text.normalize('NFC') });
  }
  return [...out.values()];
}

/**
 * Names the server accepts for an office's recording: the whole bundled vocabulary (both
 * readings: an office may change its reading later) and its own phrases and counter names.
 */
export function acceptedClipNames(v: OfficeVoice = {}): Set<string> {
  return new Set([...Object.keys(CLIP_VOCABULARY), ...officePhrases(v).map((c) => c.name)]);
}
