// What the hall hears when a number is called: Vietnamese number reading, letter names, and the
// clip sequence for an announcement. Pure functions: the display plays them, the clip generator
// (scripts/make-voice-clips.ts) records the vocabulary, tests check the words.

/**
 * The default sentence of a call, as Vietnamese offices say it. Defined here once: the office's
 * settings start from it, the display falls back to it, the bundled pack records its phrases.
 */
export const DEFAULT_ANNOUNCEMENT_TEMPLATE = 'Xin mời công dân có số thứ tự {number} đến quầy số {counter}';
/** A recall says that it is the same citizen called again, so the hall does not wait for a new one. */
export const DEFAULT_RECALL_TEMPLATE = 'Xin mời lần hai công dân có số thứ tự {number} đến quầy số {counter}';
/**
 * The same calls for an office that names its counters ("đến bàn tiếp nhận Đất đai"):
 * `{counterName}` is the counter's name as staff typed it.
 */
export const DEFAULT_NAMED_TEMPLATE = 'Xin mời công dân có số thứ tự {number} đến {counterName}';
export const DEFAULT_NAMED_RECALL_TEMPLATE = 'Xin mời lần hai công dân có số thứ tự {number} đến {counterName}';
/**
 * The default before issue 12 ("Mời…", without "Xin"): offices that saved it keep their
 * bundled clip, so an upgrade never silences a call.
 */
const LEGACY_DEFAULT_TEMPLATE = 'Mời công dân có số thứ tự {number} đến quầy số {counter}';

/**
 * How numbers are read. Northern: linh, nghìn, tư after mươi ("một nghìn không trăm linh tư",
 * "hai mươi tư"). Southern: lẻ, ngàn, bốn ("một ngàn không trăm lẻ bốn", "hai mươi bốn").
 * Both say "mười bốn" for 14 (tư follows only mươi, in either region), "mốt" after mươi
 * ("hai mươi mốt") and "lăm" for a last 5 after a ten. Sources: Wikipedia "Vietnamese
 * numerals" (Hanoi/Saigon notes: linh/lẻ, nghìn/ngàn) and the read-vietnamese-number package's
 * options (oddText lẻ/linh, units nghìn/ngàn, fourToneText tư/bốn), which the tests use as oracle.
 * Southern speech also has "hăm" for hai mươi and "tư" in ordinals (thứ tư); a loudspeaker
 * reads the full forms.
 */
export type NumberReading = 'north' | 'south';
export const NUMBER_READINGS: readonly NumberReading[] = ['north', 'south'];

interface ReadingWords {
  /** A zero tens digit before a unit, inside hundreds: "một trăm linh năm" / "một trăm lẻ năm". */
  odd: string;
  thousand: string;
  /** A last 4 after mươi. */
  fourAfterTens: string;
}

const READING_WORDS: Readonly<Record<NumberReading, ReadingWords>> = {
  north: { odd: 'linh', thousand: 'nghìn', fourAfterTens: 'tư' },
  south: { odd: 'lẻ', thousand: 'ngàn', fourAfterTens: 'bốn' },
};

const UNITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/** 0..99 as words. `mươi` takes `mốt`, `tư` (Northern), `lăm`; `mười` takes only `lăm`. */
function tensWords(n: number, r: ReadingWords): string[] {
  const t = Math.floor(n / 10);
  const u = n % 10;
  if (t === 0) return [UNITS[u]!];
  if (t === 1) return u === 0 ? ['mười'] : ['mười', u === 5 ? 'lăm' : UNITS[u]!];
  const words = [UNITS[t]!, 'mươi'];
  if (u === 1) words.push('mốt');
  else if (u === 4) words.push(r.fourAfterTens);
  else if (u === 5) words.push('lăm');
  else if (u > 0) words.push(UNITS[u]!);
  return words;
}

/** 0..999 inside a longer number: a zero tens digit before a unit is read `linh` / `lẻ`. */
function hundredsWords(n: number, inThousands: boolean, r: ReadingWords): string[] {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 0 && !inThousands) return tensWords(rest, r);
  // "một nghìn không trăm linh năm": inside thousands the hundreds are said even when zero.
  const words = [UNITS[h]!, 'trăm'];
  if (rest === 0) return words;
  if (rest < 10) return [...words, r.odd, UNITS[rest]!];
  return [...words, ...tensWords(rest, r)];
}

/** The words of `n` (0..9999): 1004 → một nghìn không trăm linh tư (north), một ngàn không trăm lẻ bốn (south). */
export function readNumberWordsVi(n: number, reading: NumberReading = 'north'): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`readNumberVi: ${n} is not an integer in 0..9999`);
  const r = READING_WORDS[reading];
  if (n < 100) return tensWords(n, r);
  if (n < 1000) return hundredsWords(n, false, r);
  const th = Math.floor(n / 1000);
  const rest = n % 1000;
  const words = [UNITS[th]!, r.thousand];
  return rest === 0 ? words : [...words, ...hundredsWords(rest, true, r)];
}

export function readNumberVi(n: number, reading: NumberReading = 'north'): string {
  return readNumberWordsVi(n, reading).join(' ');
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
  // Southern words.
  lẻ: 'le',
  ngàn: 'ngan',
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
function ticketNumberParts(number: string, reading: NumberReading): NumberPart {
  const letters: string[] = [];
  const words: string[] = [];
  const m = /^(\D*)(\d*)(.*)$/u.exec(number.trim().toUpperCase())!;
  for (const ch of m[1]!) if (LETTER_NAMES_VI[ch]) letters.push(ch);
  const digits = m[2]!;
  if (digits) {
    const n = Number(digits);
    if (n <= 9999) words.push(...readNumberWordsVi(n, reading));
    else for (const d of digits) words.push(UNITS[Number(d)]!);
  }
  return { letters, words };
}

export function spokenTicketNumberVi(number: string, reading: NumberReading = 'north'): string {
  const { letters, words } = ticketNumberParts(number, reading);
  return [...letters.map((l) => LETTER_NAMES_VI[l]!), ...words].join(' ');
}

function ticketNumberClips(number: string, reading: NumberReading): string[] {
  const { letters, words } = ticketNumberParts(number, reading);
  return [...letters.map(letterClip), ...words.map((w) => WORD_CLIPS[w]!)];
}

type Segment = { kind: 'text'; text: string } | { kind: 'number' } | { kind: 'counter' } | { kind: 'counterName' };

function templateSegments(template: string): Segment[] {
  const out: Segment[] = [];
  for (const part of template.split(/(\{number\}|\{counter\}|\{counterName\})/)) {
    if (part === '{number}') out.push({ kind: 'number' });
    else if (part === '{counter}') out.push({ kind: 'counter' });
    else if (part === '{counterName}') out.push({ kind: 'counterName' });
    else if (phraseClip(part)) out.push({ kind: 'text', text: part.trim() });
  }
  return out;
}

/** What an announcement needs beyond the template, the number and the counter's number. */
export interface AnnounceOptions {
  /** Default 'north'. */
  reading?: NumberReading;
  /** For `{counterName}`; without it the counter's number is said instead. */
  counterName?: string;
}

/** True when the template calls counters by name: the display then shows the name too. */
export function templateNamesCounter(template: string): boolean {
  return template.includes('{counterName}');
}

/**
 * The clips of one announcement, in order: the chime, then each phrase of the template by its
 * `phraseClip` name, the ticket number and the counter number word by word.
 * `announcementClips(DEFAULT, 'A015', 3)` → chime, xin-moi-cong-dan-co-so-thu-tu, letter-a,
 * muoi-huyen, lam, den-quay-so, num-3. A counter's name is one clip named after it
 * (`ban-tiep-nhan-dat-dai`): the bundled pack cannot have it, an office may record it.
 */
export function announcementClips(template: string, number: string, counterNumber: number, opts: AnnounceOptions = {}): string[] {
  const reading = opts.reading ?? 'north';
  const clips = ['chime'];
  for (const s of templateSegments(template)) {
    if (s.kind === 'text') clips.push(phraseClip(s.text));
    else if (s.kind === 'number') clips.push(...ticketNumberClips(number, reading));
    else if (s.kind === 'counterName' && opts.counterName && phraseClip(opts.counterName)) clips.push(phraseClip(opts.counterName));
    else clips.push(...ticketNumberClips(String(counterNumber), reading));
  }
  return clips;
}

/** The same announcement as text for speech synthesis (letters by name, numbers in words). */
export function announcementText(template: string, number: string, counterNumber: number, opts: AnnounceOptions = {}): string {
  const reading = opts.reading ?? 'north';
  const say = (s: string) => s.replace(/-/g, ' ');
  return templateSegments(template)
    .map((s) =>
      s.kind === 'text' ? s.text
      : s.kind === 'number' ? say(spokenTicketNumberVi(number, reading))
      : s.kind === 'counterName' && opts.counterName?.trim() ? opts.counterName.trim()
      : say(spokenTicketNumberVi(String(counterNumber), reading)),
    )
    .join(' ');
}

/**
 * What the kiosk's "Nghe hướng dẫn" says from clips, where the PC has no Vietnamese voice to read
 * the screen itself (service names cannot be clips: an office names its own). Short phrases, so
 * an office can record them too (clip names stay within 40 characters).
 */
export const KIOSK_GUIDE_PHRASES = {
  touchService: 'Chạm vào lĩnh vực để lấy số',
  priority: 'Đối tượng ưu tiên chạm nút Ưu tiên',
  help: 'Vui lòng liên hệ cán bộ hướng dẫn',
  yourNumber: 'Số thứ tự của Ông/Bà là',
} as const;

/** The clips of the kiosk's guidance: the home screen's, or the number on the ticket screen. */
export function kioskGuideClips(screen: 'home' | 'ticket', number = '', reading: NumberReading = 'north'): string[] {
  const p = KIOSK_GUIDE_PHRASES;
  if (screen === 'ticket' && number) return ['chime', phraseClip(p.yourNumber), ...ticketNumberClips(number, reading)];
  return ['chime', phraseClip(p.touchService), phraseClip(p.priority), phraseClip(p.help)];
}

/** The text phrases of the bundled templates and the kiosk's guidance: each is one clip of the pack. */
function bundledPhrases(): [string, string][] {
  const phrases = new Map<string, string>();
  for (const t of [DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE, DEFAULT_NAMED_TEMPLATE, DEFAULT_NAMED_RECALL_TEMPLATE, LEGACY_DEFAULT_TEMPLATE]) {
    for (const s of templateSegments(t)) if (s.kind === 'text') phrases.set(phraseClip(s.text), s.text);
  }
  // "Ông/Bà" is read "Ông Bà".
  for (const text of Object.values(KIOSK_GUIDE_PHRASES)) phrases.set(phraseClip(text), text.replace('/', ' '));
  return [...phrases];
}

const LETTER_CLIPS: [string, string][] = Object.entries(LETTER_NAMES_VI).map(([l, name]) => [letterClip(l), name.replace(/-/g, ' ')]);

/** The words a reading uses (every word of 0..9999 read that way), by clip name. */
function readingWordClips(reading: NumberReading): [string, string][] {
  const r = READING_WORDS[reading];
  const words = [...UNITS, 'mười', 'mươi', 'mốt', 'lăm', 'trăm', r.odd, r.thousand, r.fourAfterTens];
  return [...new Set(words)].map((w) => [WORD_CLIPS[w]!, w]);
}

/**
 * The clips an office of this reading needs, with the text said for each: the chime, the
 * bundled templates' phrases, the number words of that reading and the letters. The recorder
 * asks for these; `CLIP_VOCABULARY` is the union over both readings (the bundled pack).
 */
export function clipVocabulary(reading: NumberReading = 'north'): Readonly<Record<string, string>> {
  return Object.fromEntries([['chime', ''], ...bundledPhrases(), ...readingWordClips(reading), ...LETTER_CLIPS]);
}

/**
 * The bundled clip pack: every clip name with the text espeak-ng reads for it. Both readings'
 * number words, the bundled templates' phrases and the letters: any ticket number up to 9999
 * (and beyond, digit by digit) at any counter is covered. `chime` is a synthesised tone, not speech.
 */
export const CLIP_VOCABULARY: Readonly<Record<string, string>> = { ...clipVocabulary('north'), ...clipVocabulary('south') };

const WORD_CLIP_NAMES: ReadonlySet<string> = new Set([...Object.values(WORD_CLIPS), ...LETTER_CLIPS.map(([c]) => c)]);

/** A template phrase (not the chime, a number word or a letter): players leave a breath around it. */
export function isPhraseClip(name: string): boolean {
  return name !== 'chime' && !WORD_CLIP_NAMES.has(name);
}

/** True when the bundled pack can say every clip of `template` (a custom phrase needs the office's own recording). */
export function templateUsesBundledClips(template: string): boolean {
  return announcementClips(template, 'A1', 1).every((c) => c in CLIP_VOCABULARY);
}
