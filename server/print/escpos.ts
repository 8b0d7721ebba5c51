// The bytes of one print job. node-thermal-printer builds the commands (init, align, QR, cut);
// it is used only as a byte builder — sending is done by our own transports (transport.ts).
import { createRequire } from 'node:module';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { PRIORITY_NAMES } from '../../shared/i18n.js';
import { formatIssued, type MonoBitmap } from './render.js';
import type { TicketPrintJob } from './types.js';
import { TICKET_WORDS as W } from './wording.js';

/** Small printer buffers garble big GS v 0 blocks (TECH-NOTES): never send more rows at once. */
export const MAX_STRIP_ROWS = 256;

function builder(): ThermalPrinter {
  // No interface: this instance never talks to a printer, so no socket can throw behind our back.
  return new ThermalPrinter({ type: PrinterTypes.EPSON, interface: undefined as unknown as string, width: 48 });
}

/** ESC @. The library has initHardware() for it but leaves it out of its typings. */
function init(p: ThermalPrinter): void {
  p.add(Buffer.from([0x1b, 0x40]));
}

/**
 * GS v 0 blocks of at most MAX_STRIP_ROWS rows. Written here rather than through
 * printImageBuffer: that one wants a whole PNG (so each strip would be encoded and decoded
 * again) and allocates an object per pixel; the bytes are the same (same threshold, same
 * layout), see the cross-check in test/print/escpos-build.test.ts.
 */
export function rasterStrips(bitmap: MonoBitmap, maxRows = MAX_STRIP_ROWS): Buffer[] {
  const rowBytes = Math.ceil(bitmap.width / 8);
  if (rowBytes > 0xffff) throw new Error('image too wide');
  const strips: Buffer[] = [];
  for (let y = 0; y < bitmap.height; y += maxRows) {
    const rows = Math.min(maxRows, bitmap.height - y);
    const header = Buffer.from([0x1d, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8]);
    const body = Buffer.from(bitmap.bits.buffer, bitmap.bits.byteOffset + y * rowBytes, rows * rowBytes);
    strips.push(Buffer.concat([header, body]));
  }
  return strips;
}

/**
 * QR payloads must be ASCII: the library counts UTF-16 units but sends UTF-8 (TECH-NOTES).
 * A non-ASCII URL is percent-encoded through URL parsing; anything still unfit yields null
 * (the ticket prints without a QR code rather than with a wrong one).
 */
export function qrPayload(text: string | null | undefined): string | null {
  if (!text) return null;
  const ascii = /^[\x20-\x7e]+$/;
  if (ascii.test(text)) return text.length <= 2000 ? text : null;
  try {
    const href = new URL(text).href;
    return ascii.test(href) && href.length <= 2000 ? href : null;
  } catch {
    return null;
  }
}

export interface RasterJobOptions {
  paperWidth: 58 | 80;
  qr?: string | null;
  /** Where the job's bytes go (a buffer used again, tcp-host.ts); default a new one. */
  alloc?: (size: number) => Buffer;
}

/**
 * init, the picture in strips, the native QR code centered, feed, cut. Written into one buffer:
 * the picture is ~80 kB, and going through the builder copied it three times per ticket.
 */
export function buildRasterJob(bitmap: MonoBitmap, opts: RasterJobOptions): Buffer {
  const tailBuilder = builder();
  appendQrAndCut(tailBuilder, opts.paperWidth, opts.qr ?? null);
  const tail = tailBuilder.getBuffer();
  const rowBytes = Math.ceil(bitmap.width / 8);
  if (rowBytes > 0xffff) throw new Error('image too wide');
  const strips = Math.ceil(bitmap.height / MAX_STRIP_ROWS);
  const size = 2 + strips * 8 + rowBytes * bitmap.height + tail.length;
  const out = opts.alloc ? opts.alloc(size) : Buffer.allocUnsafe(size);
  let at = 0;
  out[at++] = 0x1b;
  out[at++] = 0x40;
  for (let y = 0; y < bitmap.height; y += MAX_STRIP_ROWS) {
    const rows = Math.min(MAX_STRIP_ROWS, bitmap.height - y);
    at = out.writeUInt8(0x1d, at);
    at = out.writeUInt8(0x76, at);
    at = out.writeUInt8(0x30, at);
    at = out.writeUInt8(0x00, at);
    at = out.writeUInt16LE(rowBytes, at);
    at = out.writeUInt16LE(rows, at);
    out.set(bitmap.bits.subarray(y * rowBytes, (y + rows) * rowBytes), at);
    at += rows * rowBytes;
  }
  out.set(tail, at);
  return out;
}

function appendQrAndCut(p: ThermalPrinter, paperWidth: 58 | 80, qr: string | null): void {
  const payload = qrPayload(qr);
  if (payload) {
    p.alignCenter();
    // Module size 6 on 80 mm (~2.4 cm code for a LAN URL), 5 on 58 mm: phones read both at arm's length.
    p.printQR(payload, { model: 2, cellSize: paperWidth === 80 ? 6 : 5, correction: 'M' });
    p.newLine();
    p.alignLeft();
  }
  // One ESC d 4 (about 17 mm) carries the last printed line past the cutter on common
  // 80 mm heads; the library's default of two wastes another 17 mm per ticket. Ends with ESC @.
  p.cut({ verticalTabAmount: 1 });
}

function finish(p: ThermalPrinter): Buffer {
  const bytes = p.getBuffer();
  // An empty execute() crashes the process inside a socket callback (TECH-NOTES).
  if (!bytes || bytes.length === 0) throw new Error('empty print job');
  return Buffer.from(bytes);
}

// ---------------------------------------------------------------------------------------------
// Text mode: for a printer an installer has set up with a Vietnamese code page. Opt-in only.

interface Iconv {
  encode(text: string, encoding: string): Buffer;
  encodingExists(encoding: string): boolean;
}

let iconvCache: Iconv | null = null;
function iconv(): Iconv {
  // iconv-lite is node-thermal-printer's own dependency; resolving it through that package
  // avoids depending on how npm hoisted it (the project does not list it itself).
  if (!iconvCache) {
    const fromProject = createRequire(import.meta.url);
    const fromPrinterLib = createRequire(fromProject.resolve('node-thermal-printer'));
    iconvCache = fromPrinterLib('iconv-lite') as Iconv;
  }
  return iconvCache;
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * CP1258 holds the base letters with their vowel marks (â ê ô ơ ư ă đ) but most tone
 * combinations only as base + combining tone mark; NFC text would come out as "?".
 */
export function toCp1258Form(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const d = ch.normalize('NFD');
    const tones = d.match(TONE_MARKS)?.join('') ?? '';
    out += d.replace(TONE_MARKS, '').normalize('NFC') + tones;
  }
  return out;
}

// Typographic punctuation is in none of the Vietnamese code pages; ASCII look-alikes are.
const PUNCTUATION: Record<string, string> = { '–': '-', '—': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '…': '...', '·': '-', '\u00a0': ' ' };

export function encodeForCodePage(text: string, encoding: string): Buffer {
  const lib = iconv();
  if (!lib.encodingExists(encoding)) throw new Error(`unknown text encoding: ${encoding}`);
  const plain = text.normalize('NFC').replace(/[–—‘’“”…·\u00a0]/g, (c) => PUNCTUATION[c] ?? c);
  const isCp1258 = /^(cp|windows-?|win)1258$/i.test(encoding.replace(/\s/g, ''));
  return lib.encode(isCp1258 ? toCp1258Form(plain) : plain, encoding);
}

function wrapColumns(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    if (!line) line = word;
    else if ([...line].length + 1 + [...word].length <= columns) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
    while ([...line].length > columns) {
      lines.push([...line].slice(0, columns).join(''));
      line = [...line].slice(columns).join('');
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface TextModeConfig {
  codePage: number;
  encoding: string;
}

/**
 * The ticket as text in the printer's own font. Strings go through iconv and `add()`, never
 * through the library's print(), which switches code pages on the fly when a letter is
 * missing and garbles Vietnamese (TECH-NOTES).
 */
export function buildTextJob(job: TicketPrintJob, text: TextModeConfig, paperWidth: 58 | 80): Buffer {
  if (!Number.isInteger(text.codePage) || text.codePage < 0 || text.codePage > 255) throw new Error('codePage must be 0–255');
  const columns = paperWidth === 80 ? 48 : 32;
  const dots = paperWidth === 80 ? 576 : 384;
  const p = builder();
  const raw = (bytes: number[]): void => p.add(Buffer.from(bytes));
  const line = (s: string): void => {
    for (const l of wrapColumns(s.normalize('NFC'), columns)) {
      p.add(encodeForCodePage(l, text.encoding));
      p.newLine();
    }
  };
  const bold = (on: boolean): void => p.bold(on);

  init(p);
  raw([0x1b, 0x74, text.codePage]);
  p.alignCenter();
  bold(true);
  // Not upper-cased as on the raster ticket: TCVN3 has no toned capitals at all, and VISCII
  // puts some on control bytes a printer may act on.
  line(job.officeName.vi);
  bold(false);
  p.newLine();
  p.setTextDoubleHeight();
  bold(true);
  line(job.serviceName.vi);
  p.setTextNormal();
  bold(false);
  if (job.serviceName.en && job.serviceName.en !== job.serviceName.vi) line(job.serviceName.en);
  p.newLine();
  // Font A is 12 dots wide: the largest magnification whose line still fits the paper.
  const chars = Math.max(1, [...job.number].length);
  const mag = Math.max(1, Math.min(8, Math.floor(dots / (12 * chars))));
  raw([0x1d, 0x21, ((mag - 1) << 4) | (mag - 1)]);
  p.add(encodeForCodePage(job.number, text.encoding));
  p.newLine();
  raw([0x1d, 0x21, 0x00]);
  p.newLine();
  if (job.priority) {
    bold(true);
    line(`ƯU TIÊN – ${PRIORITY_NAMES[job.priority].vi}`);
    bold(false);
  }
  if (job.fileCode) line(`${W.fileCode}${job.fileCode}`);
  const issued = formatIssued(job.issuedAt, job.timeZone);
  if (issued) line(`${W.issued}${issued}`);
  line(`${W.ahead}${Math.max(0, Math.floor(job.ahead))}`);
  line(`${W.wait}${W.waitValue(Math.max(0, Math.round(job.estimatedWaitMin)))}`);
  p.newLine();
  if (job.footer.vi) line(job.footer.vi);
  appendQrAndCut(p, paperWidth, job.trackUrl);
  return finish(p);
}

/** The test page of a text-mode printer: shows at once whether its code page holds Vietnamese. */
export function buildTextTestPage(info: { now: Date; timeZone: string; target: string }, text: TextModeConfig, paperWidth: 58 | 80): Buffer {
  const p = builder();
  const line = (s: string): void => {
    p.add(encodeForCodePage(s, text.encoding));
    p.newLine();
  };
  init(p);
  p.add(Buffer.from([0x1b, 0x74, text.codePage]));
  p.alignCenter();
  p.bold(true);
  line('Lượt — in thử / test print');
  p.bold(false);
  line(formatIssued(info.now.toISOString(), info.timeZone));
  line('ĐẤT ĐAI – Hộ tịch – Ưu tiên');
  line(`ESC t ${text.codePage} · ${text.encoding} · ${info.target}`);
  appendQrAndCut(p, paperWidth, 'LUOT TEST OK');
  return finish(p);
}
