// What a thermal printer puts on paper for the commands the project sends in image mode: raster
// strips stacked as they come, the printer's own QR code drawn at its module size and alignment,
// line feeds as blank paper, up to the cut. Tests look at the ticket as a citizen would (and the
// README shows it) instead of at the raster alone, which leaves the QR code out.
import { createCanvas } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { isBlack, type EscPosCommand } from './escpos.js';

/** Dots a line feed advances with the printer's default line spacing (ESC 2: 30 dots at 203 dpi). */
const DEFAULT_LINE_DOTS = 30;

export interface Paper {
  width: number;
  height: number;
  /** One byte per dot, 1 = black. */
  dots: Uint8Array;
}

export function paperOf(cmds: EscPosCommand[], width: number): Paper {
  const rows: Uint8Array[] = [];
  let align: 'left' | 'center' | 'right' = 'left';
  let lineDots = DEFAULT_LINE_DOTS;
  let qr: { data: string; size: number; level: 'L' | 'M' | 'Q' | 'H' } = { data: '', size: 3, level: 'L' };
  const blank = (n: number) => {
    for (let i = 0; i < n; i++) rows.push(new Uint8Array(width));
  };
  const left = (w: number) => (align === 'center' ? Math.floor((width - w) / 2) : align === 'right' ? width - w : 0);
  for (const c of cmds) {
    if (c.type === 'cut') break;
    if (c.type === 'init') [align, lineDots] = ['left', DEFAULT_LINE_DOTS];
    else if (c.type === 'align') align = c.align;
    else if (c.type === 'lineSpacing') lineDots = c.dots ?? DEFAULT_LINE_DOTS;
    else if (c.type === 'feedLines') blank(c.lines * lineDots);
    else if (c.type === 'feedDots') blank(c.dots);
    else if (c.type === 'lf') blank(lineDots);
    else if (c.type === 'qrSize') qr.size = c.size;
    else if (c.type === 'qrErrorLevel') qr.level = c.level;
    else if (c.type === 'qrStore') qr = { ...qr, data: c.data };
    else if (c.type === 'raster') {
      const x0 = left(c.width);
      const strip = { width: c.width, height: c.height, bits: c.bits };
      for (let y = 0; y < c.height; y++) {
        const row = new Uint8Array(width);
        for (let x = 0; x < c.width && x0 + x < width; x++) row[x0 + x] = isBlack(strip, x, y) ? 1 : 0;
        rows.push(row);
      }
    } else if (c.type === 'qrPrint') {
      const { size, data } = QRCode.create(qr.data, { errorCorrectionLevel: qr.level }).modules;
      const w = size * qr.size;
      const x0 = left(w);
      for (let y = 0; y < w; y++) {
        const row = new Uint8Array(width);
        for (let x = 0; x < w; x++) row[x0 + x] = data[Math.floor(y / qr.size) * size + Math.floor(x / qr.size)] ? 1 : 0;
        rows.push(row);
      }
    } else if (c.type === 'text') {
      throw new Error('paperOf draws image-mode tickets only: text mode needs the printer font');
    }
  }
  const dots = new Uint8Array(width * rows.length);
  rows.forEach((r, y) => dots.set(r, y * width));
  return { width, height: rows.length, dots };
}

export function inkRatio(paper: Paper): number {
  let black = 0;
  for (const d of paper.dots) black += d;
  return black / Math.max(1, paper.dots.length);
}

/** RGBA pixels: black dots on white paper, with a white margin around (a QR reader needs the quiet zone). */
export function paperPixels(paper: Paper, margin = 16): { width: number; height: number; data: Uint8ClampedArray } {
  const width = paper.width + 2 * margin;
  const height = paper.height + 2 * margin;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < paper.height; y++) {
    for (let x = 0; x < paper.width; x++) {
      if (!paper.dots[y * paper.width + x]) continue;
      const i = ((y + margin) * width + x + margin) * 4;
      data[i] = data[i + 1] = data[i + 2] = 0;
    }
  }
  return { width, height, data };
}

export async function paperPng(paper: Paper): Promise<Buffer> {
  const { width, height, data } = paperPixels(paper);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(width, height);
  img.data.set(data);
  ctx.putImageData(img, 0, 0);
  return canvas.encode('png');
}
