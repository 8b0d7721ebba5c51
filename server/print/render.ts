// The ticket as a picture. Printers' Vietnamese code pages are unreliable (see TECH-NOTES),
// so every letter is drawn here with a bundled font and sent as a 1-bit raster; only the QR
// code is left to the printer (a native QR stays sharp and costs a few bytes, not kilobytes).
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { PRIORITY_NAMES } from '../../shared/i18n.js';
import { measureLine, setText, type TextPiece } from './glyphs.js';
import { TICKET_WORDS as W } from './wording.js';
import type { TicketPrintJob } from './types.js';

/** A 1-bit image as the printer takes it: rows of ceil(width/8) bytes, MSB first, 1 = black. */
export interface MonoBitmap {
  width: number;
  height: number;
  bits: Uint8Array;
}

export type PaperDots = 576 | 384;

export interface RenderOptions {
  width: PaperDots;
  lang?: 'vi';
  /**
   * The rows go into one buffer kept for the next ticket drawn so: valid only until then. For
   * a caller that copies them out at once (the renderer thread's job bytes): a fresh ~50 kB
   * buffer per ticket outside V8's heap brought a full collection of the thread's heap every
   * ~75 tickets (--trace-gc at 50 tickets/s; 4 instead of 22 in a run with both buffers reused).
   */
  scratch?: boolean;
}

// A private alias so a system-installed "Be Vietnam Pro" of another version never mixes in.
const FAMILY = 'LuotTicketSans';
const SUBSETS = ['vietnamese', 'latin-ext', 'latin'] as const;
const WEIGHTS = [400, 700] as const;
let fontsRegistered = false;

/** Registers the bundled font once per process; later calls are free. */
export function registerTicketFonts(): void {
  if (fontsRegistered) return;
  const require = createRequire(import.meta.url);
  for (const weight of WEIGHTS) {
    for (const subset of SUBSETS) {
      const file = require.resolve(`@fontsource/be-vietnam-pro/files/be-vietnam-pro-${subset}-${weight}-normal.woff2`);
      if (!GlobalFonts.registerFromPath(file, FAMILY)) throw new Error(`font not loadable: ${file}`);
    }
  }
  fontsRegistered = true;
}

const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formats.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-GB', {
        timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric',
      });
    } catch {
      // A mistyped zone in settings must not stop tickets from printing.
      fmt = timeZone === DEFAULT_TZ ? new Intl.DateTimeFormat('en-GB') : formatFor(DEFAULT_TZ);
    }
    formats.set(timeZone, fmt);
  }
  return fmt;
}

/** "HH:mm dd/MM/yyyy" in the given zone; an unknown zone falls back to Vietnam's. */
export function formatIssued(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of formatFor(timeZone || DEFAULT_TZ).formatToParts(date)) parts[p.type] = p.value;
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}

const nfc = (s: string | null | undefined): string => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------
// Layout: a list of blocks measured first, so the canvas is exactly as tall as the ticket
// (paper is the consumable; no blank tail).

interface Run {
  text: string;
  bold: boolean;
}

interface Block {
  height: number;
  draw(ctx: SKRSContext2D, top: number): void;
  /** The same text as `draw`, for setting from cached glyphs (the parts that change per ticket). */
  pieces?: TextPiece[];
}

/**
 * Blocks that are the same for every ticket with the same `key` (office, service, footer,
 * paper): drawn and thresholded once, then copied. `key` must name everything they depend on.
 */
interface Static {
  key: string;
  blocks(): (Block | null)[];
}

type Part = Block | Static | null;

const isStatic = (p: Block | Static): p is Static => 'key' in p;

interface Page {
  width: number;
  margin: number;
  /** Text scale: 58 mm paper keeps text a little larger than pure proportion for legibility. */
  k: number;
  measure: SKRSContext2D;
}

const font = (size: number, bold: boolean): string => `${bold ? 700 : 400} ${Math.round(size)}px ${FAMILY}`;

function wrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const words = text.split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    // A single word wider than the paper (a long code) is broken by letters rather than clipped.
    if (ctx.measureText(word).width > maxWidth) {
      let piece = '';
      for (const ch of word) {
        if (piece && ctx.measureText(piece + ch).width > maxWidth) {
          lines.push(piece);
          piece = '';
        }
        piece += ch;
      }
      line = piece;
    } else {
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Wraps into as many lines as needed, then narrows the measure as far as the line count
 * allows, so a two-line footer reads as two even lines rather than a line and an orphan.
 */
function wrapBalanced(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines = wrap(ctx, text, maxWidth);
  if (lines.length < 2) return lines;
  let lo = maxWidth / 2;
  let hi = maxWidth;
  let best = lines;
  for (let i = 0; i < 8; i++) {
    const mid = (lo + hi) / 2;
    const attempt = wrap(ctx, text, mid);
    if (attempt.length <= lines.length) {
      best = attempt;
      hi = mid;
    } else lo = mid;
  }
  return best;
}

/** Centered wrapped text; the first size that fits in maxLines wins, else the smallest size. */
function textBlock(page: Page, text: string, opts: { sizes: number[]; bold: boolean; maxLines?: number; gapAfter?: number }): Block | null {
  if (!text) return null;
  const maxWidth = page.width - 2 * page.margin;
  let size = opts.sizes[opts.sizes.length - 1] ?? 24;
  let lines: string[] = [];
  for (const candidate of opts.sizes) {
    page.measure.font = font(candidate * page.k, opts.bold);
    lines = wrapBalanced(page.measure, text, maxWidth);
    size = candidate;
    if (lines.length <= (opts.maxLines ?? Infinity)) break;
  }
  const px = Math.round(size * page.k);
  // Room above the cap height for stacked Vietnamese marks (Ấ, Ỗ) and below for dấu nặng.
  const lineHeight = Math.round(px * 1.42);
  const ascent = Math.round(px * 1.02);
  const gap = Math.round((opts.gapAfter ?? 6) * page.k);
  return {
    height: lines.length * lineHeight + gap,
    draw(ctx, top) {
      ctx.font = font(px, opts.bold);
      ctx.textAlign = 'center';
      lines.forEach((l, i) => ctx.fillText(l, page.width / 2, top + ascent + i * lineHeight));
    },
  };
}

/** One centered line of mixed regular/bold runs ("Số người chờ trước bạn: **3**"). */
function runsBlock(page: Page, runs: Run[], size: number, gapAfter = 4): Block {
  const px = Math.round(size * page.k);
  const widths = runs.map((r) => measureLine(font(px, r.bold), r.text).width);
  const total = widths.reduce((a, b) => a + b, 0);
  const maxWidth = page.width - 2 * page.margin;
  if (total > maxWidth) {
    // Too long for one line on narrow paper: fall back to wrapped plain text, value kept bold.
    return textBlock(page, runs.map((r) => r.text).join(''), { sizes: [size, size * 0.9], bold: false, gapAfter }) as Block;
  }
  const lineHeight = Math.round(px * 1.42);
  const ascent = Math.round(px * 1.02);
  const pieces: TextPiece[] = [];
  let pen = (page.width - total) / 2;
  runs.forEach((r, i) => {
    pieces.push({ x: pen, baseline: ascent, font: font(px, r.bold), text: r.text });
    pen += widths[i] ?? 0;
  });
  return {
    height: lineHeight + Math.round(gapAfter * page.k),
    pieces,
    draw(ctx, top) {
      let x = (page.width - total) / 2;
      ctx.textAlign = 'left';
      runs.forEach((r, i) => {
        ctx.font = font(px, r.bold);
        ctx.fillText(r.text, x, top + ascent);
        x += widths[i] ?? 0;
      });
    },
  };
}

function space(px: number): Block {
  return { height: Math.round(px), draw() {} };
}

function rule(page: Page, dashed: boolean, padding: number): Block {
  const pad = Math.round(padding * page.k);
  const thickness = 2;
  return {
    height: pad * 2 + thickness,
    draw(ctx, top) {
      ctx.fillStyle = '#000';
      const y = top + pad;
      if (!dashed) {
        ctx.fillRect(page.margin, y, page.width - 2 * page.margin, thickness);
        return;
      }
      const dash = Math.round(10 * page.k);
      for (let x = page.margin; x < page.width - page.margin; x += dash * 2) {
        ctx.fillRect(x, y, Math.min(dash, page.width - page.margin - x), thickness);
      }
    },
  };
}

/** The ticket number, as large as the paper allows: its width or a height cap, whichever binds. */
function numberBlock(page: Page, text: string): Block {
  const maxWidth = page.width - 2 * page.margin;
  const maxHeight = page.width === 576 ? 190 : 132;
  const probe = 100;
  const m = measureLine(font(probe, true), text || '—');
  const inkW = Math.max(1, m.left + m.right);
  const inkH = Math.max(1, m.ascent + m.descent);
  // Sizes in steps of 8 dots (≤ 4 % below the largest fit): the glyph cache then holds a few
  // sizes of the number's characters rather than one per number.
  const fit = probe * Math.min(maxWidth / inkW, maxHeight / inkH);
  const px = fit >= 16 ? Math.floor(fit / 8) * 8 : Math.max(1, Math.floor(fit));
  const fm = measureLine(font(px, true), text || '—');
  const ascent = Math.ceil(fm.ascent);
  const descent = Math.ceil(fm.descent);
  const padTop = Math.round(10 * page.k);
  const padBottom = Math.round(16 * page.k);
  // textAlign center puts the middle of the advance width on the paper's middle.
  const x = page.width / 2 - fm.width / 2;
  return {
    height: padTop + ascent + descent + padBottom,
    pieces: [{ x, baseline: padTop + ascent, font: font(px, true), text: text || '—' }],
    draw(ctx, top) {
      ctx.font = font(px, true);
      ctx.textAlign = 'center';
      ctx.fillText(text || '—', page.width / 2, top + padTop + ascent);
    },
  };
}

/** A framed mark staff can spot at a glance; framed rather than filled to spare the print head. */
function priorityBlock(page: Page, vi: string, en: string): Block {
  const inner = page.width - 2 * page.margin;
  const border = 4;
  const pad = Math.round(10 * page.k);
  const title = textBlock({ ...page, margin: page.margin + border + pad }, vi, { sizes: [30, 26, 22], bold: true, maxLines: 2, gapAfter: 0 });
  const sub = textBlock({ ...page, margin: page.margin + border + pad }, en, { sizes: [20], bold: false, gapAfter: 0 });
  const boxH = border * 2 + pad * 2 + (title?.height ?? 0) + (sub?.height ?? 0);
  const gapAfter = Math.round(14 * page.k);
  return {
    height: boxH + gapAfter,
    draw(ctx, top) {
      ctx.fillStyle = '#000';
      ctx.fillRect(page.margin, top, inner, border);
      ctx.fillRect(page.margin, top + boxH - border, inner, border);
      ctx.fillRect(page.margin, top, border, boxH);
      ctx.fillRect(page.margin + inner - border, top, border, boxH);
      let y = top + border + pad;
      title?.draw(ctx, y);
      y += title?.height ?? 0;
      sub?.draw(ctx, y);
    },
  };
}

const pages = new Map<PaperDots, Page>();

function makePage(width: PaperDots): Page {
  registerTicketFonts();
  let page = pages.get(width);
  if (!page) {
    page = {
      width,
      margin: width === 576 ? 20 : 12,
      k: width === 576 ? 1 : 0.78,
      measure: createCanvas(8, 8).getContext('2d'),
    };
    pages.set(width, page);
  }
  return page;
}

/** Every block, static parts unfolded: what the canvas path draws. */
function unfold(parts: Part[]): Block[] {
  const out: Block[] = [];
  for (const p of parts) {
    if (!p) continue;
    if (isStatic(p)) {
      for (const b of p.blocks()) if (b) out.push(b);
    } else out.push(p);
  }
  return out;
}

function paint(page: Page, blocks: (Block | null)[], writeBack = false): { canvas: Canvas; bitmap: MonoBitmap } {
  const list = blocks.filter((b): b is Block => b !== null);
  const height = Math.max(1, list.reduce((sum, b) => sum + b.height, 0));
  const canvas = createCanvas(page.width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, page.width, height);
  ctx.fillStyle = '#000';
  ctx.textBaseline = 'alphabetic';
  let top = 0;
  for (const b of list) {
    ctx.fillStyle = '#000';
    b.draw(ctx, top);
    top += b.height;
  }
  return { canvas, bitmap: threshold(canvas, writeBack) };
}

/**
 * Snaps the anti-aliased drawing to pure black/white with the rule node-thermal-printer uses
 * (luminance < 128 and alpha > 126 is black). With writeBack the canvas gets the snapped
 * pixels too, so the PNG a human looks at is exactly what the print head will burn.
 */
function threshold(canvas: Canvas, writeBack: boolean): MonoBitmap {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const img = ctx.getImageData(0, 0, width, height);
  const data = img.data;
  const rowBytes = Math.ceil(width / 8);
  const bits = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const black = data[i + 3]! > 126 && 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]! < 128;
      if (black) bits[row + (x >> 3)]! |= 0x80 >> (x & 7);
      if (writeBack) {
        const v = black ? 0 : 255;
        data[i] = v;
        data[i + 1] = v;
        data[i + 2] = v;
        data[i + 3] = 255;
      }
    }
  }
  if (writeBack) ctx.putImageData(img, 0, 0);
  return { width, height, bits };
}

function ticketParts(job: TicketPrintJob, page: Page): Part[] {
  const office = nfc(job.officeName?.vi).toLocaleUpperCase('vi');
  const serviceVi = nfc(job.serviceName?.vi);
  const serviceEn = nfc(job.serviceName?.en);
  const footer = nfc(job.footer?.vi);
  const priority = job.priority ? PRIORITY_NAMES[job.priority] : null;
  const ahead = Math.max(0, Math.floor(Number(job.ahead) || 0));
  const wait = Math.max(0, Math.round(Number(job.estimatedWaitMin) || 0));
  const issued = formatIssued(job.issuedAt, job.timeZone);
  const track = Boolean(job.trackUrl);
  return [
    {
      key: JSON.stringify(['head', page.width, office, serviceVi, serviceEn]),
      blocks: () => [
        space(14 * page.k),
        textBlock(page, office, { sizes: [26, 23, 20], bold: true, maxLines: 2, gapAfter: 0 }),
        rule(page, false, 10),
        textBlock(page, serviceVi, { sizes: [38, 34, 30], bold: true, maxLines: 2, gapAfter: 0 }),
        serviceEn && serviceEn !== serviceVi ? textBlock(page, serviceEn, { sizes: [24, 21], bold: false, maxLines: 2, gapAfter: 0 }) : null,
        space(12 * page.k),
        textBlock(page, W.yourNumber, { sizes: [22], bold: false, gapAfter: 0 }),
      ],
    },
    numberBlock(page, nfc(job.number)),
    priority
      ? { key: JSON.stringify(['priority', page.width, job.priority]), blocks: () => [priorityBlock(page, `ƯU TIÊN – ${priority.vi}`, `Priority – ${priority.en}`)] }
      : null,
    job.fileCode ? runsBlock(page, [{ text: W.fileCode, bold: false }, { text: nfc(job.fileCode), bold: true }], 24) : null,
    issued ? runsBlock(page, [{ text: W.issued, bold: false }, { text: issued, bold: true }], 24) : null,
    runsBlock(page, [{ text: W.ahead, bold: false }, { text: String(ahead), bold: true }], 26),
    runsBlock(page, [{ text: W.wait, bold: false }, { text: W.waitValue(wait), bold: true }], 26),
    {
      key: JSON.stringify(['foot', page.width, footer, track]),
      blocks: () => [
        rule(page, true, 12),
        textBlock(page, footer, { sizes: [22, 20], bold: false, maxLines: 3, gapAfter: 0 }),
        track ? space(8 * page.k) : null,
        track ? textBlock(page, W.scanQr, { sizes: [20], bold: false, gapAfter: 0 }) : null,
        // Quiet zone above the printer's QR code, which prints flush against what came before.
        space(22 * page.k),
      ],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Composing: a province server prints ~200 tickets/s at peak, and drawing a whole ticket on a
// canvas costs 6–18 ms of CPU. Most of it is the same for every ticket of a service, so those
// parts are drawn once (cached per office, service, footer, paper) and the parts that change are
// set from cached glyphs (glyphs.ts) straight into the 1-bit rows.

const STATIC_LIMIT = 256;
const statics = new Map<string, MonoBitmap>();

function staticBitmap(page: Page, part: Static): MonoBitmap {
  const hit = statics.get(part.key);
  if (hit) {
    // Most recently used last: the oldest entry is the one let go.
    statics.delete(part.key);
    statics.set(part.key, hit);
    return hit;
  }
  const blocks = part.blocks().filter((b): b is Block => b !== null);
  const bitmap = blocks.length ? paint(page, blocks).bitmap : { width: page.width, height: 0, bits: new Uint8Array(0) };
  if (statics.size >= STATIC_LIMIT) statics.delete(statics.keys().next().value as string);
  statics.set(part.key, bitmap);
  return bitmap;
}

let scratchRows: Uint8Array | null = null;

function rowsFor(size: number, scratch: boolean): Uint8Array {
  if (!scratch) return new Uint8Array(size);
  // Some slack: tickets of one paper differ by a few lines of text.
  if (!scratchRows || scratchRows.length < size) scratchRows = new Uint8Array(size + 16_384);
  const rows = scratchRows.subarray(0, size);
  rows.fill(0);
  return rows;
}

function compose(page: Page, parts: Part[], scratch = false): MonoBitmap {
  const laid: { part: Block | Static; bitmap?: MonoBitmap; height: number }[] = [];
  for (const p of parts) {
    if (!p) continue;
    if (isStatic(p)) {
      const bitmap = staticBitmap(page, p);
      laid.push({ part: p, bitmap, height: bitmap.height });
    } else if (p.pieces) laid.push({ part: p, height: p.height });
    // A block without pieces (a line too long for narrow paper, wrapped): drawn for this ticket only.
    else laid.push({ part: p, bitmap: paint(page, [p]).bitmap, height: p.height });
  }
  const rowBytes = Math.ceil(page.width / 8);
  const height = Math.max(1, laid.reduce((sum, l) => sum + l.height, 0));
  const out: MonoBitmap = { width: page.width, height, bits: rowsFor(rowBytes * height, scratch) };
  let top = 0;
  for (const l of laid) {
    if (l.bitmap) out.bits.set(l.bitmap.bits.subarray(0, rowBytes * l.height), top * rowBytes);
    else for (const piece of (l.part as Block).pieces ?? []) setText(out, top, piece);
    top += l.height;
  }
  return out;
}

/** Forgets the drawn static parts (tests; a settings change needs no call: the keys name the contents). */
export function clearTicketCache(): void {
  statics.clear();
}

/** How many static parts are held (tests: a change of office name, service, footer or paper draws a new one). */
export function ticketCacheSize(): number {
  return statics.size;
}

/** The ticket as a 1-bit bitmap, ready for GS v 0. Everything but the QR code is in it. */
export function renderTicketBitmap(job: TicketPrintJob, opts: RenderOptions): MonoBitmap {
  const page = makePage(opts.width);
  return compose(page, ticketParts(job, page), opts.scratch === true);
}

/**
 * The same ticket drawn whole on one canvas, nothing cached: the reference the composed ticket
 * is checked against (test/print/compose.test.ts) and the bench's baseline.
 */
export function paintTicketBitmap(job: TicketPrintJob, opts: RenderOptions): MonoBitmap {
  const page = makePage(opts.width);
  return paint(page, unfold(ticketParts(job, page))).bitmap;
}

/** The ticket as a black-and-white PNG: exactly the bitmap the printer gets, minus the QR code. */
export async function renderTicket(job: TicketPrintJob, opts: RenderOptions): Promise<Buffer> {
  return bitmapToPng(renderTicketBitmap(job, opts));
}

export interface TestPageInfo {
  width: PaperDots;
  target: string;
  now: Date;
  timeZone: string;
}

/** A test page: Vietnamese glyphs, the paper's edges, and which target the server thinks it is. */
export function renderTestPageBitmap(info: TestPageInfo): MonoBitmap {
  const page = makePage(info.width);
  const edges: Block = {
    height: Math.round(30 * page.k),
    draw(ctx, top) {
      // Ticks to the very edge show whether the configured paper width matches the printer.
      for (let x = 0; x < page.width; x += 16) ctx.fillRect(x, top, 8, x % 64 === 0 ? 16 : 8);
      ctx.fillRect(0, top, 2, 24);
      ctx.fillRect(page.width - 2, top, 2, 24);
    },
  };
  return paint(page, [
    space(10),
    edges,
    textBlock(page, 'Lượt — in thử / test print', { sizes: [34, 30], bold: true, maxLines: 2 }),
    textBlock(page, formatIssued(info.now.toISOString(), info.timeZone), { sizes: [26], bold: false }),
    rule(page, true, 8),
    textBlock(page, 'ĐẤT ĐAI – Hộ tịch – Ưu tiên – Người cao tuổi', { sizes: [24], bold: false }),
    textBlock(page, W.sampleCall, { sizes: [24, 22, 20], bold: true, maxLines: 1 }),
    textBlock(page, `Máy in: ${info.target} · ${info.width === 576 ? '80' : '58'} mm (${info.width} điểm)`, { sizes: [20], bold: false }),
    space(22 * page.k),
  ]).bitmap;
}

/** A bitmap as a PNG, for previews and test artifacts. */
export async function bitmapToPng(bitmap: MonoBitmap): Promise<Buffer> {
  const canvas = createCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(bitmap.width, bitmap.height);
  const rowBytes = Math.ceil(bitmap.width / 8);
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      const black = ((bitmap.bits[y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
      const i = (y * bitmap.width + x) * 4;
      img.data[i] = img.data[i + 1] = img.data[i + 2] = black ? 0 : 255;
      img.data[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas.encode('png');
}
