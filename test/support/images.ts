// Pictures as tests read them: PNG pixels (through @napi-rs/canvas, a dependency already) and the
// QR code in them, found and decoded by jsQR as a phone's camera would.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsqr from 'jsqr';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Uint8ClampedArray;
}

type Decode = typeof import('jsqr').default;
// jsqr's types declare an ES default export on a CommonJS file: under NodeNext the default import
// types as the module, while at run time it may be either the function or the module around it.
const decode = ((jsqr as unknown as { default?: Decode }).default ?? (jsqr as unknown as Decode));

export async function readPng(png: Buffer): Promise<Pixels> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, img.width, img.height);
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

/** The text of the QR code in the picture, or null when none can be read. */
export function readQr(px: Pixels): string | null {
  return decode(px.data, px.width, px.height)?.data ?? null;
}
