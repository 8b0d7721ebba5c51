import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { formatIssued, renderTicket, renderTicketBitmap } from '../../server/print/render.js';
import { countBlack } from '../support/escpos.js';
import { FIXTURES, sampleJob, writeArtifact } from './helpers.js';

async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

describe('ticket rendering', () => {
  it('matches the reference ticket (Tư pháp – Chứng thực, UBND phường Bến Thành)', async () => {
    const job = sampleJob();
    const png = await renderTicket(job, { width: 576 });
    writeArtifact('ticket-576.png', png);
    const fixture = join(FIXTURES, 'ticket-tu-phap-576.png');
    if (process.env.UPDATE_FIXTURES === '1') {
      mkdirSync(FIXTURES, { recursive: true });
      writeFileSync(fixture, png);
    }
    expect(existsSync(fixture), 'reference PNG missing: run once with UPDATE_FIXTURES=1 and commit it').toBe(true);
    const want = await pixels(readFileSync(fixture));
    const got = await pixels(png);
    expect([got.width, got.height]).toEqual([want.width, want.height]);
    let differing = 0;
    for (let i = 0; i < got.data.length; i += 4) {
      if (Math.abs((got.data[i] ?? 0) - (want.data[i] ?? 0)) > 64) differing++;
    }
    // Font rasterisation may move a few edge pixels between platforms; a changed layout moves thousands.
    expect(differing / (got.width * got.height)).toBeLessThan(0.01);
  });

  it('is pure black and white, full paper width, and neither blank nor solid', async () => {
    for (const width of [576, 384] as const) {
      const bitmap = renderTicketBitmap(sampleJob(), { width });
      expect(bitmap.width).toBe(width);
      const share = countBlack(bitmap) / (bitmap.width * bitmap.height);
      expect(share).toBeGreaterThan(0.04);
      expect(share).toBeLessThan(0.35);
      const { data } = await pixels(await renderTicket(sampleJob(), { width }));
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== 0 && data[i] !== 255) throw new Error(`grey pixel at ${i / 4}`);
      }
    }
  });

  it('wraps a long service name instead of clipping it, and drops the priority box when there is none', async () => {
    const base = renderTicketBitmap(sampleJob({ priority: null }), { width: 576 });
    const withPriority = renderTicketBitmap(sampleJob(), { width: 576 });
    expect(withPriority.height).toBeGreaterThan(base.height + 60);
    const long = sampleJob({
      priority: null,
      number: '1001',
      serviceName: {
        vi: 'Đăng ký kinh doanh, đầu tư, xây dựng và giải phóng mặt bằng – Hộ kinh doanh cá thể',
        en: 'Business registration, investment, construction and site clearance',
      },
    });
    const longBitmap = renderTicketBitmap(long, { width: 384 });
    expect(longBitmap.height).toBeGreaterThan(renderTicketBitmap(sampleJob({ priority: null, number: '1001' }), { width: 384 }).height);
    writeArtifact('ticket-long-384.png', await renderTicket(long, { width: 384 }));
    writeArtifact('ticket-384.png', await renderTicket(sampleJob(), { width: 384 }));
  });

  it('accepts decomposed (NFD) input and draws it like NFC', () => {
    const nfc = renderTicketBitmap(sampleJob(), { width: 576 });
    const nfd = renderTicketBitmap(
      sampleJob({ serviceName: { vi: 'Tư pháp – Chứng thực'.normalize('NFD'), en: 'Justice – Certification' } }),
      { width: 576 },
    );
    expect(Buffer.from(nfd.bits).equals(Buffer.from(nfc.bits))).toBe(true);
  });

  it('prints the issue time in the office time zone, not the server clock', () => {
    expect(formatIssued('2025-11-26T01:15:00Z', 'Asia/Ho_Chi_Minh')).toBe('08:15 26/11/2025');
    expect(formatIssued('2025-12-31T17:05:00Z', 'Asia/Ho_Chi_Minh')).toBe('00:05 01/01/2026');
    expect(formatIssued('2025-11-26T08:15:00+07:00', 'No/Such_Zone')).toBe('08:15 26/11/2025');
    expect(formatIssued('not a date', 'Asia/Ho_Chi_Minh')).toBe('');
  });
});
