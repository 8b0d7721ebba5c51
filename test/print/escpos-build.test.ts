import { createRequire } from 'node:module';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { describe, expect, it } from 'vitest';
import { buildRasterJob, buildTextJob, encodeForCodePage, MAX_STRIP_ROWS, qrPayload, rasterStrips, toCp1258Form } from '../../server/print/escpos.js';
import { renderTicket, renderTicketBitmap } from '../../server/print/render.js';
import { assembleRaster, decodeEscPos, qrCodes, type EscPosCommand } from '../support/escpos.js';
import { sampleJob } from './helpers.js';

const iconv = createRequire(createRequire(import.meta.url).resolve('node-thermal-printer'))('iconv-lite') as {
  decode(b: Buffer, enc: string): string;
};

describe('ticket job bytes', () => {
  it('is init, raster strips of ≤ 256 rows, a centered QR of the track URL, feed and cut', () => {
    const job = sampleJob();
    const bitmap = renderTicketBitmap(job, { width: 576 });
    const cmds = decodeEscPos(buildRasterJob(bitmap, { paperWidth: 80, qr: job.trackUrl }));
    expect(cmds[0]).toEqual({ type: 'init' });
    const strips = cmds.filter((c): c is Extract<EscPosCommand, { type: 'raster' }> => c.type === 'raster');
    expect(strips.length).toBe(Math.ceil(bitmap.height / MAX_STRIP_ROWS));
    for (const s of strips) expect(s.height).toBeLessThanOrEqual(MAX_STRIP_ROWS);
    const [image] = assembleRaster(cmds);
    expect(image?.width).toBe(576);
    expect(image?.height).toBe(bitmap.height);
    expect(Buffer.from(image!.bits).equals(Buffer.from(bitmap.bits))).toBe(true);
    expect(qrCodes(cmds)).toEqual([{ data: job.trackUrl, model: 2, size: 6, level: 'M' }]);
    const qrAt = cmds.findIndex((c) => c.type === 'qrStore');
    expect(cmds.slice(0, qrAt).some((c) => c.type === 'align' && c.align === 'center')).toBe(true);
    const cutAt = cmds.findIndex((c) => c.type === 'cut');
    expect(cutAt).toBeGreaterThan(qrAt);
    expect(cmds.slice(qrAt, cutAt).some((c) => c.type === 'feedLines')).toBe(true);
    // node-thermal-printer's cut() resets the printer afterwards (ESC @).
    expect(cmds.at(-1)).toEqual({ type: 'init' });
  });

  it('produces the same raster bytes as node-thermal-printer’s printImageBuffer', async () => {
    const job = sampleJob();
    const lib = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: undefined as unknown as string });
    await lib.printImageBuffer(await renderTicket(job, { width: 576 }));
    const [fromLib] = assembleRaster(decodeEscPos(lib.getBuffer()));
    const [ours] = assembleRaster(decodeEscPos(Buffer.concat(rasterStrips(renderTicketBitmap(job, { width: 576 })))));
    expect(fromLib && ours).toBeTruthy();
    expect([ours!.width, ours!.height]).toEqual([fromLib!.width, fromLib!.height]);
    expect(Buffer.from(ours!.bits).equals(Buffer.from(fromLib!.bits))).toBe(true);
  });

  it('uses 384-dot rasters and a smaller QR module on 58 mm paper', () => {
    const job = sampleJob();
    const cmds = decodeEscPos(buildRasterJob(renderTicketBitmap(job, { width: 384 }), { paperWidth: 58, qr: job.trackUrl }));
    expect(assembleRaster(cmds)[0]?.width).toBe(384);
    expect(qrCodes(cmds)[0]?.size).toBe(5);
  });

  it('keeps QR payloads ASCII: percent-encodes a Unicode URL, refuses what cannot be', () => {
    expect(qrPayload('http://10.0.0.2:8080/t/abc')).toBe('http://10.0.0.2:8080/t/abc');
    expect(qrPayload('http://10.0.0.2/t/số-1')).toBe('http://10.0.0.2/t/s%E1%BB%91-1');
    expect(qrPayload('số thứ tự')).toBeNull();
    expect(qrPayload('')).toBeNull();
    const cmds = decodeEscPos(buildRasterJob(renderTicketBitmap(sampleJob(), { width: 576 }), { paperWidth: 80, qr: 'không phải URL' }));
    expect(qrCodes(cmds)).toEqual([]);
    expect(cmds.some((c) => c.type === 'cut')).toBe(true);
  });
});

describe('text mode (opt-in, for printers set up with a Vietnamese code page)', () => {
  it('selects the code page once and sends iconv-encoded text, no raster, a big number', () => {
    const job = sampleJob({ serviceName: { vi: 'Tư pháp – Chứng thực', en: 'Justice' } });
    const cmds = decodeEscPos(buildTextJob(job, { codePage: 30, encoding: 'tcvn' }, 80));
    expect(cmds[0]).toEqual({ type: 'init' });
    expect(cmds.filter((c) => c.type === 'codePage')).toEqual([{ type: 'codePage', page: 30 }]);
    expect(cmds.some((c) => c.type === 'raster')).toBe(false);
    const text = cmds.flatMap((c) => (c.type === 'text' ? [iconv.decode(c.bytes, 'tcvn')] : []));
    expect(text).toContain('Tư pháp - Chứng thực');
    expect(text).toContain('Số người chờ trước Ông/Bà: 3');
    expect(text).toContain('A015');
    const sizeBeforeNumber = cmds[cmds.findIndex((c) => c.type === 'text' && c.text === 'A015') - 1];
    expect(sizeBeforeNumber).toEqual({ type: 'textSize', width: 8, height: 8 });
    expect(qrCodes(cmds)[0]?.data).toBe(job.trackUrl);
  });

  it('prints a pickup ticket’s file code under the number (issue 15), and none on other tickets', () => {
    const decode = (job: ReturnType<typeof sampleJob>) =>
      decodeEscPos(buildTextJob(job, { codePage: 30, encoding: 'tcvn' }, 80)).flatMap((c) => (c.type === 'text' ? [iconv.decode(c.bytes, 'tcvn')] : []));
    expect(decode(sampleJob({ fileCode: '000.00.12.H29-250714-0001' }))).toContain('Nhận kết quả hồ sơ: 000.00.12.H29-250714-0001');
    expect(decode(sampleJob()).some((l) => l.includes('hồ sơ'))).toBe(false);
    // The picture ticket gains a line: it is taller by it.
    const plain = renderTicketBitmap(sampleJob(), { width: 576 });
    const pickup = renderTicketBitmap(sampleJob({ fileCode: '000.00.12.H29-250714-0001' }), { width: 576 });
    expect(pickup.height).toBeGreaterThan(plain.height);
  });

  it('writes CP1258 as base letter + combining tone mark, which round-trips', () => {
    const s = 'Chứng thực, Đất đai, Hộ tịch, Người cao tuổi';
    expect(toCp1258Form('ứ')).toBe('ư\u0301');
    const bytes = encodeForCodePage(s, 'windows1258');
    expect(bytes.includes(0x3f)).toBe(false); // no "?" for unmappable letters
    expect(iconv.decode(bytes, 'windows1258').normalize('NFC')).toBe(s);
  });
});
