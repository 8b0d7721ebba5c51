// Setting a line of text from cached glyph bitmaps instead of drawing it on a canvas. The parts of
// a ticket that change (its number, the time, the people ahead) are a few characters from a
// small alphabet; each glyph is drawn and snapped to black/white once per font, size and quarter
// pixel of pen position, then only copied as bits. Same font, sizes and threshold as the canvas
// path, so the result matches it up to a few edge pixels (test/print/compose.test.ts).
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { MonoBitmap } from './render.js';

/** One piece of text on one baseline: where the pen starts, in dots from the block's left and top. */
export interface TextPiece {
  x: number;
  baseline: number;
  /** A canvas font string (`700 26px Family`). */
  font: string;
  text: string;
}

interface Glyph {
  /** Offset of the mask's top-left from the pen position (whole dots). */
  left: number;
  top: number;
  width: number;
  height: number;
  /** The glyph packed as printer rows, shifted right by 0–7 dots (index 0 made at once, others on first use). */
  packed: (Uint8Array | undefined)[];
}

/** What the layout needs of one character in one font (canvas measureText, cached). */
interface CharMetrics {
  advance: number;
  left: number;
  right: number;
  ascent: number;
  descent: number;
}

/** A text's measures, as measureText gives them, built from cached per-character figures. */
export interface LineMetrics {
  width: number;
  /** Ink extents around the start of the text and its baseline, as actualBoundingBox*. */
  left: number;
  right: number;
  ascent: number;
  descent: number;
  /** Pen position of each character from the start. */
  pens: number[];
}

/** Quarter-dot pen positions: finer than a print head can show, and four glyphs per letter at most. */
const SUBSTEPS = 4;
const PAD = 3;
const GLYPH_LIMIT = 3000;
const ADVANCE_LIMIT = 2000;

const glyphs = new Map<string, Glyph>();
const advances = new Map<string, number[]>();
const chars = new Map<string, CharMetrics>();
const pairs = new Map<string, number>();
let measureCtx: SKRSContext2D | null = null;

function measurer(): SKRSContext2D {
  measureCtx ??= createCanvas(8, 8).getContext('2d');
  return measureCtx;
}

/** Bounded: a cache that only grows would leak in a server that runs for months. */
function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): V {
  if (map.size >= limit) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}

function charMetrics(font: string, ch: string): CharMetrics {
  const key = `${font}\u0000${ch}`;
  const hit = chars.get(key);
  if (hit) return hit;
  const ctx = measurer();
  ctx.font = font;
  const m = ctx.measureText(ch);
  const metrics = {
    advance: m.width,
    left: m.actualBoundingBoxLeft,
    right: m.actualBoundingBoxRight,
    ascent: m.actualBoundingBoxAscent,
    descent: m.actualBoundingBoxDescent,
  };
  return remember(chars, key, metrics, GLYPH_LIMIT);
}

/** How far the pen moves from `a` to `b`: a's advance with the pair's kerning. */
function pairStep(font: string, a: string, b: string): number {
  const key = `${font}\u0000${a}${b}`;
  const hit = pairs.get(key);
  if (hit !== undefined) return hit;
  const ctx = measurer();
  ctx.font = font;
  return remember(pairs, key, ctx.measureText(a + b).width - charMetrics(font, b).advance, GLYPH_LIMIT);
}

/**
 * Pen position of each character relative to the piece's start, kerning with its predecessor
 * included. Built from pairs, so a number never seen before costs no measuring once its
 * characters have been seen.
 */
function penPositions(font: string, list: string[]): number[] {
  const key = `${font}\u0000${list.join('')}`;
  const hit = advances.get(key);
  if (hit) return hit;
  const out: number[] = [];
  let pen = 0;
  list.forEach((ch, i) => {
    if (i > 0) pen += pairStep(font, list[i - 1]!, ch);
    out.push(pen);
  });
  return remember(advances, key, out, ADVANCE_LIMIT);
}

/** measureText(text) for `font`, from cached per-character and per-pair figures. */
export function measureLine(font: string, text: string): LineMetrics {
  const list = Array.from(text);
  const pens = penPositions(font, list);
  let left = -Infinity;
  let right = -Infinity;
  let ascent = -Infinity;
  let descent = -Infinity;
  list.forEach((ch, i) => {
    const m = charMetrics(font, ch);
    const pen = pens[i] ?? 0;
    left = Math.max(left, m.left - pen);
    right = Math.max(right, pen + m.right);
    ascent = Math.max(ascent, m.ascent);
    descent = Math.max(descent, m.descent);
  });
  const last = list.length - 1;
  const width = last < 0 ? 0 : (pens[last] ?? 0) + charMetrics(font, list[last]!).advance;
  if (last < 0) left = right = ascent = descent = 0;
  return { width, left, right, ascent, descent, pens };
}

function glyphOf(font: string, ch: string, step: number): Glyph {
  const key = `${font}\u0000${ch}\u0000${step}`;
  const hit = glyphs.get(key);
  if (hit) return hit;
  const ctx0 = measurer();
  ctx0.font = font;
  const m = ctx0.measureText(ch);
  const left = Math.ceil(Math.max(0, m.actualBoundingBoxLeft)) + PAD;
  const ascent = Math.ceil(Math.max(0, m.actualBoundingBoxAscent)) + PAD;
  const width = Math.max(1, left + Math.ceil(Math.max(0, m.actualBoundingBoxRight)) + PAD + 1);
  const height = Math.max(1, ascent + Math.ceil(Math.max(0, m.actualBoundingBoxDescent)) + PAD);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000';
  ctx.font = font;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(ch, left + step / SUBSTEPS, ascent);
  const data = ctx.getImageData(0, 0, width, height).data;
  const rowBytes = Math.ceil(width / 8);
  const mask = new Uint8Array(rowBytes * height);
  for (let i = 0, p = 0; p < data.length; i++, p += 4) {
    // The canvas path's rule (render.ts threshold): luminance < 128 on an opaque pixel is black.
    if (data[p + 3]! > 126 && 0.2126 * data[p]! + 0.7152 * data[p + 1]! + 0.0722 * data[p + 2]! < 128) {
      const x = i % width;
      mask[Math.floor(i / width) * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return remember(glyphs, key, { left: -left, top: -ascent, width, height, packed: [mask] }, GLYPH_LIMIT);
}

const isSet = (rows: Uint8Array, rowBytes: number, x: number, y: number): boolean => (rows[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;

function packedRows(g: Glyph, shift: number): Uint8Array {
  let rows = g.packed[shift];
  if (rows) return rows;
  const base = g.packed[0]!;
  const baseBytes = Math.ceil(g.width / 8);
  const rowBytes = Math.ceil((g.width + shift) / 8);
  rows = new Uint8Array(rowBytes * g.height);
  for (let y = 0; y < g.height; y++) {
    // A right shift of packed bits: each byte spills its low bits into the next.
    let carry = 0;
    for (let b = 0; b < baseBytes; b++) {
      const v = base[y * baseBytes + b]!;
      rows[y * rowBytes + b] = carry | (v >> shift);
      carry = (v << (8 - shift)) & 0xff;
    }
    if (rowBytes > baseBytes) rows[y * rowBytes + baseBytes] = carry;
  }
  g.packed[shift] = rows;
  return rows;
}

/** Sets `piece` into `target` with its block starting at row `top`; dots outside are clipped. */
export function setText(target: MonoBitmap, top: number, piece: TextPiece): void {
  const list = Array.from(piece.text);
  const pens = penPositions(piece.font, list);
  const rowBytes = Math.ceil(target.width / 8);
  const bits = target.bits;
  const baseline = top + piece.baseline;
  list.forEach((ch, i) => {
    if (ch === ' ') return;
    const pen = piece.x + (pens[i] ?? 0);
    let whole = Math.floor(pen);
    let step = Math.round((pen - whole) * SUBSTEPS);
    if (step === SUBSTEPS) {
      whole++;
      step = 0;
    }
    const g = glyphOf(piece.font, ch, step);
    const x0 = whole + g.left;
    const y0 = baseline + g.top;
    if (x0 < 0 || x0 + g.width > target.width) {
      // Past the paper's edge (a number far longer than usual): dot by dot, clipped.
      const base = g.packed[0]!;
      const baseBytes = Math.ceil(g.width / 8);
      for (let gy = 0; gy < g.height; gy++) {
        const y = y0 + gy;
        if (y < 0 || y >= target.height) continue;
        for (let gx = 0; gx < g.width; gx++) {
          const x = x0 + gx;
          if (x >= 0 && x < target.width && isSet(base, baseBytes, gx, gy)) bits[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
        }
      }
      return;
    }
    const shift = x0 & 7;
    const rows = packedRows(g, shift);
    const gBytes = Math.ceil((g.width + shift) / 8);
    const firstByte = x0 >> 3;
    const copyBytes = Math.min(gBytes, rowBytes - firstByte);
    for (let gy = Math.max(0, -y0); gy < g.height && y0 + gy < target.height; gy++) {
      const src = gy * gBytes;
      const dst = (y0 + gy) * rowBytes + firstByte;
      for (let b = 0; b < copyBytes; b++) bits[dst + b]! |= rows[src + b]!;
    }
  });
}

/** For tests: how many glyphs and pen tables are held. */
export function glyphCacheSize(): { glyphs: number; advances: number } {
  return { glyphs: glyphs.size, advances: advances.size };
}
