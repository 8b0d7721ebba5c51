import { describe, expect, it } from 'vitest';
import { assembleRaster, bytes, countBlack, decodeEscPos, EscPosDecodeError, isBlack, qrCodes } from '../support/escpos.js';

const ESC = 0x1b;
const GS = 0x1d;

describe('ESC/POS decoder', () => {
  it('decodes the text-formatting commands and text runs', () => {
    const cmds = decodeEscPos(bytes(
      [ESC, 0x40], [ESC, 0x61, 1], [ESC, 0x21, 0x38], [GS, 0x21, 0x11], [ESC, 0x45, 1], [ESC, 0x74, 30],
      'Hello', 0x0a, [ESC, 0x64, 3], 'A', 0x0d, 0x0a, [ESC, 0x61, 48], [ESC, 0x45, 0],
    ));
    expect(cmds).toEqual([
      { type: 'init' },
      { type: 'align', align: 'center' },
      { type: 'printMode', mode: 0x38, bold: true, doubleHeight: true, doubleWidth: true },
      { type: 'textSize', width: 2, height: 2 },
      { type: 'bold', on: true },
      { type: 'codePage', page: 30 },
      { type: 'text', bytes: Buffer.from('Hello'), text: 'Hello' },
      { type: 'lf' },
      { type: 'feedLines', lines: 3 },
      { type: 'text', bytes: Buffer.from('A'), text: 'A' },
      { type: 'cr' },
      { type: 'lf' },
      { type: 'align', align: 'left' },
      { type: 'bold', on: false },
    ]);
  });

  it('decodes every form of GS V', () => {
    const cmds = decodeEscPos(bytes([GS, 0x56, 0], [GS, 0x56, 1], [GS, 0x56, 48], [GS, 0x56, 49], [GS, 0x56, 65, 10], [GS, 0x56, 66, 0], [GS, 0x56, 97, 5], [GS, 0x56, 104, 2]));
    expect(cmds).toEqual([
      { type: 'cut', partial: false, feed: null },
      { type: 'cut', partial: true, feed: null },
      { type: 'cut', partial: false, feed: null },
      { type: 'cut', partial: true, feed: null },
      { type: 'cut', partial: false, feed: 10 },
      { type: 'cut', partial: true, feed: 0 },
      { type: 'cut', partial: false, feed: 5 },
      { type: 'cut', partial: true, feed: 2 },
    ]);
  });

  it('decodes a QR code: model, size, error level, stored payload, print', () => {
    const url = 'http://192.168.1.10:8080/t/AbC_123';
    const n = url.length + 3;
    const cmds = decodeEscPos(bytes(
      [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0],
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6],
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31],
      [GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30], url,
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
    ));
    expect(cmds.map((c) => c.type)).toEqual(['qrModel', 'qrSize', 'qrErrorLevel', 'qrStore', 'qrPrint']);
    expect(qrCodes(cmds)).toEqual([{ data: url, model: 2, size: 6, level: 'M' }]);
  });

  it('reads a QR payload longer than 255 bytes (two-byte length)', () => {
    const data = 'x'.repeat(300);
    const n = data.length + 3;
    const cmds = decodeEscPos(bytes([GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30], data, [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]));
    expect(qrCodes(cmds)[0]?.data).toBe(data);
  });

  it('decodes GS v 0 raster strips and stacks consecutive ones', () => {
    // 16 × 2 then 16 × 1: a diagonal-ish pattern checked dot by dot.
    const cmds = decodeEscPos(bytes(
      [GS, 0x76, 0x30, 0, 2, 0, 2, 0], [0x80, 0x01, 0x00, 0xff],
      [GS, 0x76, 0x30, 0, 2, 0, 1, 0], [0xf0, 0x0f],
      0x0a,
      [GS, 0x76, 0x30, 0, 1, 0, 1, 0], [0xaa],
    ));
    expect(cmds[0]).toMatchObject({ type: 'raster', width: 16, height: 2 });
    const images = assembleRaster(cmds);
    expect(images.map((b) => [b.width, b.height])).toEqual([[16, 3], [8, 1]]);
    const [first] = images;
    if (!first) throw new Error('no image');
    expect(isBlack(first, 0, 0)).toBe(true);
    expect(isBlack(first, 1, 0)).toBe(false);
    expect(isBlack(first, 15, 0)).toBe(true);
    expect(isBlack(first, 7, 1)).toBe(false);
    expect(isBlack(first, 8, 1)).toBe(true);
    expect(countBlack(first)).toBe(2 + 8 + 8);
  });

  it('refuses unknown or truncated commands in strict mode, keeps going otherwise', () => {
    expect(() => decodeEscPos(bytes([ESC, 0x7e, 1]))).toThrow(EscPosDecodeError);
    expect(() => decodeEscPos(bytes([GS, 0x76, 0x30, 0, 72, 0, 10, 0], [1, 2, 3]))).toThrow(/truncated/);
    const loose = decodeEscPos(bytes([ESC, 0x7e], 'ok'), { strict: false });
    expect(loose).toEqual([{ type: 'unknown', bytes: Buffer.from([ESC, 0x7e]) }, { type: 'text', bytes: Buffer.from('ok'), text: 'ok' }]);
  });
});
