// What the hall hears when a number is called: Vietnamese number reading, letter names, and the
// clip sequence for an announcement. Pure functions: the display plays them, the clip generator
// (scripts/make-voice-clips.ts) records the vocabulary, tests check the words.

export const DEFAULT_ANNOUNCEMENT_TEMPLATE = 'Mời công dân có số thứ tự {number} đến quầy số {counter}';

const UNITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** 0..99 as words. `mươi` takes `mốt`, `tư`, `lăm`; `mười` takes only `lăm`. */
function tensWords(n: number): string[] {
  const t = Math.floor(n / 10);
  const u = n % 10;
  if (t === 0) return [UNITS[u]!];
  if (t === 1) return u === 0 ? ['mười'] : ['mười', u === 5 ? 'lăm' : UNITS[u]!];
  const words = [UNITS[t]!, 'mươi'];
  if (u === 1) words.push('mốt');
  else if (u === 4) words.push('tư');
  else if (u === 5) words.push('lăm');
  else if (u > 0) words.push(UNITS[u]!);
  return words;
}

/** 0..999 inside a longer number: a zero tens digit before a unit is read `linh`. */
function hundredsWords(n: number, inThousands: boolean): string[] {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 0 && !inThousands) return tensWords(rest);
  // "một nghìn không trăm linh năm": inside thousands the hundreds are said even when zero.
  const words = [UNITS[h]!, 'trăm'];
  if (rest === 0) return words;
  if (rest < 10) return [...words, 'linh', UNITS[rest]!];
  return [...words, ...tensWords(rest)];
}

/** The words of `n` (0..9999), Northern usage: 1005 → một nghìn không trăm linh năm. */
export function readNumberWordsVi(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`readNumberVi: ${n} is not an integer in 0..9999`);
  if (n < 100) return tensWords(n);
  if (n < 1000) return hundredsWords(n, false);
  const th = Math.floor(n / 1000);
  const rest = n % 1000;
  const words = [UNITS[th]!, 'nghìn'];
  return rest === 0 ? words : [...words, ...hundredsWords(rest, true)];
}

export function readNumberVi(n: number): string {
  return readNumberWordsVi(n).join(' ');
}

/** Letters as they are read out in Vietnamese (the alphabet, plus F J W Z as loan letters). */
export const LETTER_NAMES_VI: Readonly<Record<string, string>> = {
  A: 'a', B: 'bê', C: 'xê', D: 'dê', Đ: 'đê', E: 'e', F: 'ép', G: 'giê', H: 'hát', I: 'i', J: 'gi', K: 'ca',
  L: 'e-lờ', M: 'em-mờ', N: 'en-nờ', O: 'o', P: 'pê', Q: 'quy', R: 'e-rờ', S: 'ét-xì', T: 'tê', U: 'u',
  V: 'vê', W: 'vê kép', X: 'ích-xì', Y: 'i dài', Z: 'dét',
};

/** Clip name of a letter: `letter-a`; Đ is `letter-dd` (Telex), so names stay ASCII. */
export function letterClip(letter: string): string {
  return letter === 'Đ' ? 'letter-dd' : `letter-${letter.toLowerCase()}`;
}

/** One clip per word of a number: digits are `num-N`, the other words are named by sound. */
const WORD_CLIPS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(UNITS.map((w, i) => [w, `num-${i}`])),
  // mười/mươi and một/mốt differ only by tone, so the tone's name tells the clips apart.
  mười: 'muoi-huyen',
  mươi: 'muoi-ngang',
  mốt: 'mot-sac',
  lăm: 'lam',
  tư: 'tu',
  linh: 'linh',
  trăm: 'tram',
  nghìn: 'nghin',
};

/** A phrase's clip name: lower case, no diacritics, words joined by `-` (an office records its own under that name). */
export function phraseClip(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/đ/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface NumberPart {
  letters: string[];
  /** Words of the numeric part; `digits` when it is read digit by digit. */
  words: string[];
}

/**
 * A ticket number as spoken: its letters by name, then the number as a whole (A015 → a mười
 * lăm, leading zeros are not said). Beyond 9999 the digits are read one by one.
 */
function ticketNumberParts(number: string): NumberPart {
  const letters: string[] = [];
  const words: string[] = [];
  const m = /^(\D*)(\d*)(.*)$/u.exec(number.trim().toUpperCase())!;
  for (const ch of m[1]!) if (LETTER_NAMES_VI[ch]) letters.push(ch);
  const digits = m[2]!;
  if (digits) {
    const n = Number(digits);
    if (n <= 9999) words.push(...readNumberWordsVi(n));
    else for (const d of digits) words.push(UNITS[Number(d)]!);
  }
  return { letters, words };
}

export function spokenTicketNumberVi(number: string): string {
  const { letters, words } = ticketNumberParts(number);
  return [...letters.map((l) => LETTER_NAMES_VI[l]!), ...words].join(' ');
}

function ticketNumberClips(number: string): string[] {
  const { letters, words } = ticketNumberParts(number);
  return [...letters.map(letterClip), ...words.map((w) => WORD_CLIPS[w]!)];
}

function counterClips(counterNumber: number): string[] {
  return ticketNumberClips(String(counterNumber));
}

type Segment = { kind: 'text'; text: string } | { kind: 'number' } | { kind: 'counter' };

function templateSegments(template: string): Segment[] {
  const out: Segment[] = [];
  for (const part of template.split(/(\{number\}|\{counter\})/)) {
    if (part === '{number}') out.push({ kind: 'number' });
    else if (part === '{counter}') out.push({ kind: 'counter' });
    else if (phraseClip(part)) out.push({ kind: 'text', text: part.trim() });
  }
  return out;
}

/**
 * The clips of one announcement, in order: the chime, then each phrase of the template by its
 * `phraseClip` name, the ticket number and the counter number word by word.
 * `announcementClips(DEFAULT, 'A015', 3)` → chime, moi-cong-dan-co-so-thu-tu, letter-a,
 * muoi-huyen, lam, den-quay-so, num-3.
 */
export function announcementClips(template: string, number: string, counterNumber: number): string[] {
  const clips = ['chime'];
  for (const s of templateSegments(template)) {
    if (s.kind === 'text') clips.push(phraseClip(s.text));
    else if (s.kind === 'number') clips.push(...ticketNumberClips(number));
    else clips.push(...counterClips(counterNumber));
  }
  return clips;
}

/** The same announcement as text for speech synthesis (letters by name, numbers in words). */
export function announcementText(template: string, number: string, counterNumber: number): string {
  const say = (s: string) => s.replace(/-/g, ' ');
  return templateSegments(template)
    .map((s) =>
      s.kind === 'text' ? s.text
      : s.kind === 'number' ? say(spokenTicketNumberVi(number))
      : say(spokenTicketNumberVi(String(counterNumber))),
    )
    .join(' ');
}

/**
 * The bundled clip pack: every clip name with the text espeak-ng reads for it. The default
 * template's phrases, the number words and the letters: any ticket number up to 9999 (and
 * beyond, digit by digit) at any counter is covered. `chime` is a synthesised tone, not speech.
 */
export const CLIP_VOCABULARY: Readonly<Record<string, string>> = {
  chime: '',
  ...Object.fromEntries(
    templateSegments(DEFAULT_ANNOUNCEMENT_TEMPLATE)
      .filter((s): s is { kind: 'text'; text: string } => s.kind === 'text')
      .map((s) => [phraseClip(s.text), s.text]),
  ),
  ...Object.fromEntries(Object.entries(WORD_CLIPS).map(([word, clip]) => [clip, word])),
  ...Object.fromEntries(Object.entries(LETTER_NAMES_VI).map(([l, name]) => [letterClip(l), name.replace(/-/g, ' ')])),
};

const WORD_CLIP_NAMES: ReadonlySet<string> = new Set([...Object.values(WORD_CLIPS), ...Object.keys(LETTER_NAMES_VI).map(letterClip)]);

/** A template phrase (not the chime, a number word or a letter): players leave a breath around it. */
export function isPhraseClip(name: string): boolean {
  return name !== 'chime' && !WORD_CLIP_NAMES.has(name);
}

/** True when the bundled pack can say every clip of `template` (a custom phrase needs the office's own recording). */
export function templateUsesBundledClips(template: string): boolean {
  return announcementClips(template, 'A1', 1).every((c) => c in CLIP_VOCABULARY);
}
