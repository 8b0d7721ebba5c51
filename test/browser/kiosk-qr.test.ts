// The ticket screen's QR code is drawn from kiosk/qr.ts's path (the encoder itself loads after the
// number is painted): the path must cover exactly the encoder's dark modules, each once, inside a
// one-module quiet zone, or phones would not read it.
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrPath } from '../../kiosk/qr.js';

function drawn(d: string, size: number): Uint8Array {
  const grid = new Uint8Array(size * size);
  const rects = [...d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
  // Nothing in the path but these rectangles.
  expect(rects.map((m) => m[0]).join('')).toBe(d);
  for (const [, x, y, run, back] of rects) {
    expect(back).toBe(run);
    for (let i = 0; i < Number(run); i++) grid[Number(y) * size + Number(x) + i]! += 1;
  }
  return grid;
}

describe('kiosk QR path', () => {
  for (const url of ['http://192.168.1.20:3000/t/9f3c2a7b1d', `https://mot-cua.example.vn/t/${'k'.repeat(48)}`]) {
    it(`matches the encoder's modules for a ${url.length}-character address`, () => {
      const { size, data } = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
      const { size: outer, d } = qrPath(url);
      expect(outer).toBe(size + 2);
      const grid = drawn(d, outer);
      let dark = 0;
      for (let y = 0; y < outer; y++) {
        for (let x = 0; x < outer; x++) {
          const inside = x > 0 && y > 0 && x <= size && y <= size;
          const want = inside && data[(y - 1) * size + (x - 1)] ? 1 : 0;
          dark += want;
          expect(grid[y * outer + x], `module ${x},${y}`).toBe(want);
        }
      }
      expect(dark).toBeGreaterThan(size * 4);
    });
  }
});
