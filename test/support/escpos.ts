// A small ESC/POS decoder for what the project sends, so tests can assert on meaning (an
// initialised printer, a QR of this URL, an image this wide, a cut) instead of byte offsets.
// No decoder exists on npm (TECH-NOTES). Unknown ESC/GS sequences are an error in strict mode:
// a command we emit but cannot decode is a command nobody has checked.
import { createCanvas } from '@napi-rs/canvas';

export interface Bitmap {
  width: number;
  height: number;
  /** Rows of ceil(width/8) bytes, MSB = leftmost dot, 1 = black. */
  bits: Uint8Array;
}

export type EscPosCommand =
  | { type: 'init' }
  | { type: 'align'; align: 'left' | 'center' | 'right' }
  | { type: 'printMode'; mode: number; bold: boolean; doubleHeight: boolean; doubleWidth: boolean }
  | { type: 'textSize'; width: number; height: number }
  | { type: 'bold'; on: boolean }
  | { type: 'underline'; mode: number }
  | { type: 'codePage'; page: number }
  | { type: 'lineSpacing'; dots: number | null }
  | { type: 'feedLines'; lines: number }
  | { type: 'feedDots'; dots: number }
  | { type: 'lf' }
  | { type: 'cr' }
  | { type: 'cut'; partial: boolean; feed: number | null }
  | { type: 'qrModel'; model: 1 | 2 | 3 | number }
  | { type: 'qrSize'; size: number }
  | { type: 'qrErrorLevel'; level: 'L' | 'M' | 'Q' | 'H' }
  | { type: 'qrStore'; data: string; bytes: Buffer }
  | { type: 'qrPrint' }
  | { type: 'code2d'; cn: number; fn: number; params: Buffer }
  | { type: 'raster'; mode: number; width: number; height: number; bits: Uint8Array }
  | { type: 'text'; bytes: Buffer; text: string }
  /** DLE EOT n (real-time status) or GS r n (transmit status): the printer answers, prints nothing. */
  | { type: 'statusRequest'; command: 'DLE EOT' | 'GS r'; n: number }
  | { type: 'unknown'; bytes: Buffer };

export class EscPosDecodeError extends Error {}

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;
const CR = 0x0d;
const DLE = 0x10;
const EOT = 0x04;

export interface DecodeOptions {
  /** Throw on an unknown ESC/GS sequence or a truncated command (default true). */
  strict?: boolean;
}

export function decodeEscPos(input: Uint8Array, options: DecodeOptions = {}): EscPosCommand[] {
  const strict = options.strict ?? true;
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const out: EscPosCommand[] = [];
  let i = 0;
  let textStart = -1;

  const flushText = (end: number): void => {
    if (textStart < 0) return;
    const bytes = Buffer.from(buf.subarray(textStart, end));
    out.push({ type: 'text', bytes, text: bytes.toString('latin1') });
    textStart = -1;
  };
  const need = (n: number, what: string): boolean => {
    if (i + n <= buf.length) return true;
    if (strict) throw new EscPosDecodeError(`truncated ${what} at offset ${i}`);
    out.push({ type: 'unknown', bytes: Buffer.from(buf.subarray(i)) });
    i = buf.length;
    return false;
  };
  const byte = (k: number): number => buf[i + k] ?? 0;
  const unknown = (len: number): void => {
    const bytes = Buffer.from(buf.subarray(i, i + len));
    if (strict) throw new EscPosDecodeError(`unknown command ${bytes.toString('hex')} at offset ${i}`);
    out.push({ type: 'unknown', bytes });
    i += len;
  };

  while (i < buf.length) {
    const b = byte(0);
    if (b === DLE && i + 1 < buf.length && byte(1) === EOT) {
      flushText(i);
      if (!need(3, 'DLE EOT')) break;
      out.push({ type: 'statusRequest', command: 'DLE EOT', n: byte(2) });
      i += 3;
      continue;
    }
    if (b !== ESC && b !== GS && b !== LF && b !== CR) {
      if (b < 0x20 && b !== 0x09) {
        flushText(i);
        unknown(1);
        continue;
      }
      if (textStart < 0) textStart = i;
      i++;
      continue;
    }
    flushText(i);
    if (b === LF) {
      out.push({ type: 'lf' });
      i++;
      continue;
    }
    if (b === CR) {
      out.push({ type: 'cr' });
      i++;
      continue;
    }
    if (!need(2, 'command')) break;
    const c = byte(1);
    if (b === ESC) {
      switch (c) {
        case 0x40: // ESC @
          out.push({ type: 'init' });
          i += 2;
          continue;
        case 0x61: { // ESC a n
          if (!need(3, 'ESC a')) break;
          const n = byte(2) % 48;
          out.push({ type: 'align', align: n === 1 ? 'center' : n === 2 ? 'right' : 'left' });
          i += 3;
          continue;
        }
        case 0x21: { // ESC ! n
          if (!need(3, 'ESC !')) break;
          const n = byte(2);
          out.push({ type: 'printMode', mode: n, bold: (n & 0x08) !== 0, doubleHeight: (n & 0x10) !== 0, doubleWidth: (n & 0x20) !== 0 });
          i += 3;
          continue;
        }
        case 0x45: // ESC E n
          if (!need(3, 'ESC E')) break;
          out.push({ type: 'bold', on: (byte(2) & 1) === 1 });
          i += 3;
          continue;
        case 0x2d: // ESC - n
          if (!need(3, 'ESC -')) break;
          out.push({ type: 'underline', mode: byte(2) % 48 });
          i += 3;
          continue;
        case 0x74: // ESC t n
          if (!need(3, 'ESC t')) break;
          out.push({ type: 'codePage', page: byte(2) });
          i += 3;
          continue;
        case 0x64: // ESC d n
          if (!need(3, 'ESC d')) break;
          out.push({ type: 'feedLines', lines: byte(2) });
          i += 3;
          continue;
        case 0x4a: // ESC J n
          if (!need(3, 'ESC J')) break;
          out.push({ type: 'feedDots', dots: byte(2) });
          i += 3;
          continue;
        case 0x32: // ESC 2
          out.push({ type: 'lineSpacing', dots: null });
          i += 2;
          continue;
        case 0x33: // ESC 3 n
          if (!need(3, 'ESC 3')) break;
          out.push({ type: 'lineSpacing', dots: byte(2) });
          i += 3;
          continue;
        default:
          unknown(2);
          continue;
      }
      continue;
    }
    // GS
    switch (c) {
      case 0x21: { // GS ! n
        if (!need(3, 'GS !')) break;
        const n = byte(2);
        out.push({ type: 'textSize', width: ((n >> 4) & 7) + 1, height: (n & 7) + 1 });
        i += 3;
        continue;
      }
      case 0x56: { // GS V: m ∈ {0,1,48,49} alone; m ∈ {65,66,97,98,103,104} with n
        if (!need(3, 'GS V')) break;
        const m = byte(2);
        if (m === 0 || m === 1 || m === 48 || m === 49) {
          out.push({ type: 'cut', partial: m % 48 === 1, feed: null });
          i += 3;
        } else if ([65, 66, 97, 98, 103, 104].includes(m)) {
          if (!need(4, 'GS V m n')) break;
          out.push({ type: 'cut', partial: m % 2 === 0, feed: byte(3) });
          i += 4;
        } else unknown(3);
        continue;
      }
      case 0x28: { // GS ( k pL pH cn fn [params]
        if (!need(5, 'GS (')) break;
        if (byte(2) !== 0x6b) {
          unknown(3);
          continue;
        }
        const len = byte(3) + byte(4) * 256;
        if (!need(5 + len, 'GS ( k')) break;
        const body = buf.subarray(i + 5, i + 5 + len);
        i += 5 + len;
        const cn = body[0] ?? 0;
        const fn = body[1] ?? 0;
        const params = Buffer.from(body.subarray(2));
        if (cn !== 0x31) {
          out.push({ type: 'code2d', cn, fn, params });
          continue;
        }
        switch (fn) {
          case 0x41:
            out.push({ type: 'qrModel', model: (params[0] ?? 0) - 48 });
            break;
          case 0x43:
            out.push({ type: 'qrSize', size: params[0] ?? 0 });
            break;
          case 0x45:
            out.push({ type: 'qrErrorLevel', level: (['L', 'M', 'Q', 'H'] as const)[(params[0] ?? 48) - 48] ?? 'L' });
            break;
          case 0x50: {
            const bytes = Buffer.from(params.subarray(1)); // params[0] is m = 48
            out.push({ type: 'qrStore', data: bytes.toString('utf8'), bytes });
            break;
          }
          case 0x51:
            out.push({ type: 'qrPrint' });
            break;
          default:
            out.push({ type: 'code2d', cn, fn, params });
        }
        continue;
      }
      case 0x72: // GS r n
        if (!need(3, 'GS r')) break;
        out.push({ type: 'statusRequest', command: 'GS r', n: byte(2) });
        i += 3;
        continue;
      case 0x76: { // GS v 0 m xL xH yL yH d1…dk
        if (!need(8, 'GS v 0')) break;
        if (byte(2) !== 0x30) {
          unknown(3);
          continue;
        }
        const mode = byte(3) % 48;
        const rowBytes = byte(4) + byte(5) * 256;
        const height = byte(6) + byte(7) * 256;
        const size = rowBytes * height;
        if (!need(8 + size, 'GS v 0 data')) break;
        const bits = new Uint8Array(buf.subarray(i + 8, i + 8 + size));
        out.push({ type: 'raster', mode, width: rowBytes * 8, height, bits });
        i += 8 + size;
        continue;
      }
      default:
        unknown(2);
        continue;
    }
  }
  flushText(buf.length);
  return out;
}

/** Each QR code printed, with the settings in force when its print command came. */
export function qrCodes(cmds: EscPosCommand[]): { data: string; model: number | null; size: number | null; level: string | null }[] {
  const found: { data: string; model: number | null; size: number | null; level: string | null }[] = [];
  let model: number | null = null;
  let size: number | null = null;
  let level: string | null = null;
  let data: string | null = null;
  for (const c of cmds) {
    if (c.type === 'init') {
      model = size = level = data = null;
    } else if (c.type === 'qrModel') model = c.model;
    else if (c.type === 'qrSize') size = c.size;
    else if (c.type === 'qrErrorLevel') level = c.level;
    else if (c.type === 'qrStore') data = c.data;
    else if (c.type === 'qrPrint' && data !== null) found.push({ data, model, size, level });
  }
  return found;
}

/** Runs of consecutive raster strips (other commands in between split them) stacked into bitmaps. */
export function assembleRaster(cmds: EscPosCommand[]): Bitmap[] {
  const images: Bitmap[] = [];
  let run: { width: number; bits: Uint8Array; height: number }[] = [];
  const close = (): void => {
    const first = run[0];
    if (!first) return;
    const height = run.reduce((h, s) => h + s.height, 0);
    const bits = new Uint8Array((first.width / 8) * height);
    let offset = 0;
    for (const s of run) {
      bits.set(s.bits, offset);
      offset += s.bits.length;
    }
    images.push({ width: first.width, height, bits });
    run = [];
  };
  for (const c of cmds) {
    if (c.type === 'raster') {
      if (run[0] && run[0].width !== c.width) close();
      run.push(c);
    } else close();
  }
  close();
  return images;
}

export function countBlack(bitmap: Bitmap): number {
  let n = 0;
  for (const byte of bitmap.bits) {
    let v = byte;
    while (v) {
      n += v & 1;
      v >>= 1;
    }
  }
  return n;
}

export function isBlack(bitmap: Bitmap, x: number, y: number): boolean {
  const rowBytes = Math.ceil(bitmap.width / 8);
  return ((bitmap.bits[y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

export async function bitmapToPng(bitmap: Bitmap): Promise<Buffer> {
  const canvas = createCanvas(bitmap.width, Math.max(1, bitmap.height));
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(bitmap.width, Math.max(1, bitmap.height));
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      const v = isBlack(bitmap, x, y) ? 0 : 255;
      const i = (y * bitmap.width + x) * 4;
      img.data[i] = v;
      img.data[i + 1] = v;
      img.data[i + 2] = v;
      img.data[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas.encode('png');
}

/** Builds byte sequences for decoder tests without hex soup. */
export const bytes = (...parts: (number | number[] | string | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
