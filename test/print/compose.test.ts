// The composed ticket (static parts drawn once, the number, time and people ahead set from cached
// glyphs) against the same ticket drawn whole on one canvas: what the printer burns must not
// depend on which path made it, and a cached part must never outlive the setting it shows.
import { describe, expect, it } from 'vitest';
import { clearTicketCache, paintTicketBitmap, renderTicketBitmap, ticketCacheSize, type MonoBitmap, type PaperDots } from '../../server/print/render.js';
import { sampleJob } from './helpers.js';

const black = (b: MonoBitmap, x: number, y: number): boolean => ((b.bits[y * Math.ceil(b.width / 8) + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;

/** Share of dots that differ; bitmaps of different sizes differ entirely. */
function differing(a: MonoBitmap, b: MonoBitmap): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let n = 0;
  for (let i = 0; i < a.bits.length; i++) {
    let x = (a.bits[i] ?? 0) ^ (b.bits[i] ?? 0);
    while (x) {
      n += x & 1;
      x >>= 1;
    }
  }
  return n / (a.width * a.height);
}

/** Rows [from, to) hold at least one differing dot. */
function rowsDiffer(a: MonoBitmap, b: MonoBitmap, from: number, to: number): boolean {
  const rowBytes = Math.ceil(a.width / 8);
  return !Buffer.from(a.bits.subarray(from * rowBytes, to * rowBytes)).equals(Buffer.from(b.bits.subarray(from * rowBytes, to * rowBytes)));
}

/** Composed and painted agree in size and within 0.5 % of dots (a glyph's edge dots may move by one). */
function expectSameAsPainted(job: ReturnType<typeof sampleJob>, width: PaperDots): MonoBitmap {
  const composed = renderTicketBitmap(job, { width });
  const painted = paintTicketBitmap(job, { width });
  expect([composed.width, composed.height]).toEqual([painted.width, painted.height]);
  expect(differing(composed, painted), `number ${job.number}, ${width} dots`).toBeLessThan(0.005);
  return composed;
}

describe('composed ticket', () => {
  it('equals the ticket drawn whole on a canvas, on both papers, with and without priority, for many numbers', () => {
    clearTicketCache();
    for (const width of [576, 384] as const) {
      for (const [i, number] of ['A015', '1001', 'B999', '7', 'C1234', 'Đ042'].entries()) {
        expectSameAsPainted(sampleJob({ number, ahead: i * 7, estimatedWaitMin: i * 13, priority: i % 2 ? null : 'elderly' }), width);
      }
    }
    // The same ticket twice (the second from the cache) is the same bytes.
    const a = renderTicketBitmap(sampleJob(), { width: 576 });
    const b = renderTicketBitmap(sampleJob(), { width: 576 });
    expect(Buffer.from(a.bits).equals(Buffer.from(b.bits))).toBe(true);
  });

  it('draws the static parts again when the office name, service name, footer or paper width changes', () => {
    clearTicketCache();
    const base = sampleJob({ priority: null });
    const first = expectSameAsPainted(base, 576);
    const held = ticketCacheSize();
    expect(held).toBe(2);
    // Every changed setting must show on the next ticket: composed equals painted with the new
    // value, and differs from the first ticket (a reused part would leave it bit for bit the same).
    const changes: [string, ReturnType<typeof sampleJob>][] = [
      ['office name', { ...base, officeName: { vi: 'UBND xã Tân Phú', en: 'Tan Phu Commune' } }],
      ['service name', { ...base, serviceName: { vi: 'Đất đai – Nhà ở', en: 'Land – Housing' } }],
      ['English service name', { ...base, serviceName: { vi: base.serviceName.vi, en: 'Justice and Certification' } }],
      ['footer', { ...base, footer: { vi: 'Giữ phiếu đến khi được gọi.', en: 'Keep this ticket.' } }],
      ['no QR line', { ...base, trackUrl: '' }],
    ];
    for (const [what, job] of changes) {
      const next = expectSameAsPainted(job, 576);
      const same = next.height === first.height && !rowsDiffer(next, first, 0, first.height);
      expect(same, `${what}: the old part was reused`).toBe(false);
    }
    // Narrow paper: a part of its own, not the 80 mm one cut down.
    const narrow = expectSameAsPainted(base, 384);
    expect(narrow.width).toBe(384);
    expect(ticketCacheSize()).toBeGreaterThan(held + 4);
    // Back to the first settings: the first ticket again, bit for bit.
    const again = renderTicketBitmap(base, { width: 576 });
    expect(rowsDiffer(again, first, 0, first.height)).toBe(false);
  });

  it('fits a number far longer than usual inside the margins', () => {
    for (const width of [576, 384] as const) {
      const margin = width === 576 ? 20 : 12;
      for (const number of ['A0000123456', 'ĐKKD-2026-000042', 'W']) {
        const bitmap = expectSameAsPainted(sampleJob({ number, priority: null }), width);
        let outside = 0;
        let inkLeft: number = width;
        let inkRight = 0;
        for (let y = 0; y < bitmap.height; y++) {
          for (let x = 0; x < width; x++) {
            if (!black(bitmap, x, y)) continue;
            if (x < margin - 1 || x > width - margin) outside++;
            inkLeft = Math.min(inkLeft, x);
            inkRight = Math.max(inkRight, x);
          }
        }
        expect(outside, `${number} on ${width} dots`).toBe(0);
        expect(inkLeft).toBeGreaterThanOrEqual(margin - 1);
        expect(inkRight).toBeLessThanOrEqual(width - margin);
      }
    }
  });

  it('holds a bounded number of static parts however many offices and services it has seen', () => {
    clearTicketCache();
    for (let i = 0; i < 300; i++) renderTicketBitmap(sampleJob({ priority: null, serviceName: { vi: `Dịch vụ số ${i}`, en: `Service ${i}` } }), { width: 384 });
    expect(ticketCacheSize()).toBeLessThanOrEqual(256);
    expect(ticketCacheSize()).toBeGreaterThan(100);
  });
});
