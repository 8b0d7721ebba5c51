// The non-UI half of <luot-code-entry>: what each mode accepts, the code inside what a scanner
// read (a bare code, or a URL carrying it), and telling a barcode scanner that types (a
// "keyboard wedge") from a person at a keyboard. No DOM here except the camera helpers at the
// end, which the component calls and the tests drive through a fake camera.
import { FILE_CODE_MAX, normalizeFileCode } from '../shared/file-code.js';

export type CodeMode = 'digits' | 'fileCode';

/** Booking codes (issue 13) are this many digits. */
export const DIGITS_LENGTH = 6;

export interface ModeRules {
  /** One typed character allowed in this mode (already upper-cased). */
  accepts(ch: string): boolean;
  maxLength: number;
  /** The value to emit, or null while it is not a complete code. */
  finish(value: string): string | null;
}

export const MODES: Record<CodeMode, ModeRules> = {
  digits: {
    accepts: (ch) => /^[0-9]$/.test(ch),
    maxLength: DIGITS_LENGTH,
    finish: (v) => (new RegExp(`^[0-9]{${DIGITS_LENGTH}}$`).test(v) ? v : null),
  },
  fileCode: {
    accepts: (ch) => /^[A-Z0-9.\-]$/.test(ch),
    maxLength: FILE_CODE_MAX,
    finish: (v) => normalizeFileCode(v),
  },
};

/** URL parameters under which e-government receipts carry the file code in their QR. */
const CODE_PARAMS = ['mahoso', 'ma_ho_so', 'mhs', 'ma', 'code', 'filecode', 'hoso', 'booking', 'c'];

/**
 * The code inside what a scanner read. Receipts' QR codes hold either the bare code or a
 * look-up URL; for a URL the code is a known parameter or else the last path segment.
 */
export function extractCode(raw: string, mode: CodeMode): string | null {
  const text = raw.trim();
  const candidates: string[] = [];
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      for (const [k, v] of url.searchParams) if (CODE_PARAMS.includes(k.toLowerCase())) candidates.push(v);
      const last = url.pathname.split('/').filter(Boolean).pop();
      if (last) candidates.push(decodeURIComponent(last));
    } catch {
      // Not a URL after all: the text itself is the candidate.
    }
  }
  candidates.push(text);
  // Text around the code ("Mã hồ sơ: …", or a URL whose start a slow keystroke cut off): the
  // last run of code characters that is a whole code.
  candidates.push(...(text.match(/[A-Za-z0-9.\-]+/g) ?? []).reverse());
  for (const c of candidates) {
    const v = mode === 'digits' ? c.replace(/\s+/g, '') : c;
    const code = MODES[mode].finish(mode === 'digits' ? v : v.toUpperCase());
    if (code) return code;
  }
  return null;
}

export interface WedgeOptions {
  /** A scanner types a character every few ms; a person keeps no 50 ms pace (240 words a minute). */
  maxGapMs?: number;
  /** A pause this long starts a new burst. */
  pauseMs?: number;
  /** Shorter bursts are a person's fast double-tap, not a scan. */
  minLength?: number;
}

export type WedgeResult =
  | { kind: 'char'; ch: string }
  | { kind: 'backspace' }
  /** Enter after a slow entry: a person confirming what they typed. */
  | { kind: 'enter' }
  /** Enter closing a fast burst: a scanner's whole reading. */
  | { kind: 'scan'; raw: string }
  | { kind: 'ignore' };

/**
 * Feeds key presses (KeyboardEvent.key and a timestamp) and says what each one is. A scanner
 * types its reading as a burst of keystrokes a few ms apart and ends it with Enter. A burst runs
 * from the last pause of `pauseMs`; it is a scan when it is at least `minLength` long and its
 * median gap is at most `maxGapMs`. The median, not every gap: a busy kiosk (or browser) delays
 * a few keystrokes of a real scan by 50–100 ms, and a scan cut there would be a wrong code.
 */
export class WedgeDetector {
  private burst = '';
  private gaps: number[] = [];
  private last = -Infinity;
  private readonly maxGapMs: number;
  private readonly pauseMs: number;
  private readonly minLength: number;

  constructor(opts: WedgeOptions = {}) {
    this.maxGapMs = opts.maxGapMs ?? 50;
    this.pauseMs = opts.pauseMs ?? 300;
    this.minLength = opts.minLength ?? 4;
  }

  feed(key: string, at: number): WedgeResult {
    const gap = at - this.last;
    this.last = at;
    if (gap > this.pauseMs) {
      this.burst = '';
      this.gaps = [];
    }
    if (key === 'Enter') {
      const scan = this.burst.length >= this.minLength && gap <= this.pauseMs && median([...this.gaps, gap]) <= this.maxGapMs;
      const raw = this.burst;
      this.reset();
      return scan ? { kind: 'scan', raw } : { kind: 'enter' };
    }
    if (key === 'Backspace') {
      this.burst = '';
      this.gaps = [];
      return { kind: 'backspace' };
    }
    // Shift, Tab, arrows…: a scanner sends Shift around capitals; it does not break the burst.
    if (key.length !== 1) return { kind: 'ignore' };
    if (this.burst) this.gaps.push(gap);
    this.burst += key;
    return { kind: 'char', ch: key };
  }

  reset(): void {
    this.burst = '';
    this.gaps = [];
    this.last = -Infinity;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Infinity;
}

// ── the camera ──────────────────────────────────────────────────────────

/** One frame's reading, or null. */
export type FrameDecoder = (frame: ImageData | HTMLVideoElement) => Promise<string | null>;

interface NativeDetector {
  detect(source: unknown): Promise<{ rawValue: string }[]>;
}

declare global {
  // eslint-disable-next-line no-var
  var BarcodeDetector: (new (opts?: { formats: string[] }) => NativeDetector) & { getSupportedFormats(): Promise<string[]> } | undefined;
}

/** The formats receipts carry: QR on new ones, Code 128/39 on older printed ones. */
const WANTED = ['qr_code', 'code_128', 'code_39', 'data_matrix', 'pdf417', 'ean_13'];

/**
 * The browser's own BarcodeDetector when it has one (Chromium on Android, ChromeOS, macOS);
 * else jsQR, loaded only now so that the kiosk's start-up script does not carry it. jsQR reads
 * QR codes only: a receipt with only a 1-D barcode then needs the USB scanner or the keypad.
 */
export async function makeFrameDecoder(): Promise<{ decode: FrameDecoder; native: boolean }> {
  const BD = globalThis.BarcodeDetector;
  if (BD) {
    const supported = await BD.getSupportedFormats().catch(() => [] as string[]);
    const formats = WANTED.filter((f) => supported.includes(f));
    if (formats.length) {
      const det = new BD({ formats });
      return {
        native: true,
        decode: async (frame) => (await det.detect(frame).catch(() => []))[0]?.rawValue ?? null,
      };
    }
  }
  // jsQR is a UMD bundle whose module.exports holds `default`: interop gives one level or two.
  type JsQr = typeof import('jsqr').default;
  const m = (await import('jsqr')) as unknown as { default: JsQr | { default: JsQr } };
  const jsQR = typeof m.default === 'function' ? m.default : m.default.default;
  return {
    native: false,
    decode: async (frame) => {
      if (!(frame instanceof ImageData)) return null;
      return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
    },
  };
}
