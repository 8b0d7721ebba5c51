// Which clips an office may record, and in which order the recorder asks for them. The words
// themselves come from shared/voice.ts (its vocabulary is the bundled pack's); this file only
// adds the office's own template phrases, which a custom template needs recorded.
import { CLIP_VOCABULARY, isPhraseClip, phraseClip } from './voice.js';

export interface RecordableClip {
  /** The file name without extension: `num-3`, `den-quay-so`. */
  name: string;
  /** What the person says (Vietnamese, NFC). */
  text: string;
}

/** The phrases of `template` as said, by clip name (a custom template's own wording). */
function templatePhrases(template: string): RecordableClip[] {
  const parts = template.split(/\{number\}|\{counter\}/).map((p) => p.trim()).filter((p) => phraseClip(p));
  return parts.map((text) => ({ name: phraseClip(text), text: text.normalize('NFC') }));
}

/**
 * Every clip the office can record, in the order the recorder asks: the template's phrases
 * first (what the hall hears most), then the vocabulary's other phrases, number words and
 * letter names. The chime is kept as bundled: it is a tone, not speech.
 */
export function recordableClips(template: string): RecordableClip[] {
  const out = new Map<string, RecordableClip>();
  for (const c of templatePhrases(template)) out.set(c.name, c);
  // Phrases before words: a person reads sentences first, then the short words in one go.
  const vocab = Object.entries(CLIP_VOCABULARY).filter(([name]) => name !== 'chime');
  for (const [name, text] of [...vocab.filter(([n]) => isPhraseClip(n)), ...vocab.filter(([n]) => !isPhraseClip(n))]) {
    if (!out.has(name)) out.set(name, { name, text: text.normalize('NFC') });
  }
  return [...out.values()];
}

/** Names the server accepts for an office's recording: the recordable ones and the chime. */
export function acceptedClipNames(template: string): Set<string> {
  return new Set(['chime', ...recordableClips(template).map((c) => c.name)]);
}

