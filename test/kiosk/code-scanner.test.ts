// The code entry's rules without a browser: what each mode accepts, the code inside a scanner's
// reading, and a scanner's burst told from a person typing.
import { describe, expect, it } from 'vitest';
import { MODES, WedgeDetector, extractCode } from '../../kiosk/code-scanner.js';
import { fileCodesIn, normalizeFileCode } from '../../shared/file-code.js';

describe('file codes', () => {
  it('are normalised in one way: trimmed, NFC, upper case, dashes folded', () => {
    expect(normalizeFileCode('  000.00.12.h29-250714-0001 ')).toBe('000.00.12.H29-250714-0001');
    expect(normalizeFileCode('H29.22\u2013240101\u20130001')).toBe('H29.22-240101-0001');
    expect(normalizeFileCode('000.00.12.H29 -250714-0001')).toBe('000.00.12.H29-250714-0001');
  });

  it('are found in a pasted list or a CSV: the first file-code cell of each line, once', () => {
    const csv = 'Mã hồ sơ;Ngày hẹn\n"h29-250714-0001";2025-07-20\nH29-250714-0002,x\n\nH29-250714-0001\n';
    expect(fileCodesIn(csv)).toEqual(['H29-250714-0001', 'H29-250714-0002']);
  });

  it('refuse what is not a file code', () => {
    for (const bad of ['', 'ab', '-H29-1', 'H29-1.', 'H29/250714', 'Hồ sơ 1', 'ABCD-EFGH', 'x'.repeat(65)]) expect(normalizeFileCode(bad), bad).toBeNull();
  });
});

describe('modes', () => {
  it('digits: six digits, nothing else', () => {
    expect(MODES.digits.finish('123456')).toBe('123456');
    expect(MODES.digits.finish('12345')).toBeNull();
    expect(MODES.digits.accepts('A')).toBe(false);
    expect(MODES.digits.maxLength).toBe(6);
  });

  it('fileCode: letters, digits, . and -', () => {
    for (const ch of ['A', 'Z', '0', '.', '-']) expect(MODES.fileCode.accepts(ch)).toBe(true);
    for (const ch of ['/', ' ', 'Đ', '_']) expect(MODES.fileCode.accepts(ch)).toBe(false);
  });
});

describe('extractCode', () => {
  it('takes the bare code, or the code a receipt URL carries', () => {
    expect(extractCode('000.00.12.H29-250714-0001', 'fileCode')).toBe('000.00.12.H29-250714-0001');
    expect(extractCode('https://dichvucong.example.vn/tra-cuu?maHoSo=000.00.12.h29-250714-0001', 'fileCode')).toBe('000.00.12.H29-250714-0001');
    expect(extractCode('https://motcua.example.vn/hoso/H29.22-240101-0001', 'fileCode')).toBe('H29.22-240101-0001');
    expect(extractCode('https://luot.example.vn/checkin?code=482913', 'digits')).toBe('482913');
    expect(extractCode('48 29 13', 'digits')).toBe('482913');
    expect(extractCode('Mã hồ sơ: 000.00.12.H29-250714-0001', 'fileCode')).toBe('000.00.12.H29-250714-0001');
    expect(extractCode('vucong.example.vn/tra-cuu?maHoSo=H29-250714-0001', 'fileCode')).toBe('H29-250714-0001');
  });

  it('finds nothing in a reading that holds no code', () => {
    expect(extractCode('hello world', 'fileCode')).toBeNull();
    expect(extractCode('12345', 'digits')).toBeNull();
  });
});

describe('WedgeDetector', () => {
  const feed = (w: WedgeDetector, text: string, start: number, gap: number) =>
    [...text, 'Enter'].map((k, i) => w.feed(k, start + i * gap));

  it('a fast burst ending in Enter is a scan', () => {
    const out = feed(new WedgeDetector(), 'H29-250714-0001', 1000, 8);
    expect(out.at(-1)).toEqual({ kind: 'scan', raw: 'H29-250714-0001' });
    expect(out.slice(0, -1).every((r) => r.kind === 'char')).toBe(true);
  });

  it('a scan with a few keystrokes delayed by a busy machine is still one whole scan', () => {
    const w = new WedgeDetector();
    const code = 'https://dvc.example.vn/tra-cuu?maHoSo=000.00.12.H29-250714-0002';
    let t = 0;
    const out = [...code, 'Enter'].map((k, i) => w.feed(k, (t += i % 9 === 0 ? 95 : 12)));
    expect(out.at(-1)).toEqual({ kind: 'scan', raw: code });
  });

  it('a person typing, then Enter, is an Enter, not a scan', () => {
    expect(feed(new WedgeDetector(), 'H29-0001', 1000, 180).at(-1)).toEqual({ kind: 'enter' });
  });

  it('a slow start then a fast burst: only the burst is the scan', () => {
    const w = new WedgeDetector();
    w.feed('X', 0);
    w.feed('Y', 500);
    expect(feed(w, 'ABCD-1', 2000, 5).at(-1)).toEqual({ kind: 'scan', raw: 'ABCD-1' });
  });

  it('Shift between characters does not break a burst; too short a burst is not a scan', () => {
    const w = new WedgeDetector();
    const keys = ['Shift', 'H', '2', '9', 'Shift', 'A', 'Enter'];
    expect(keys.map((k, i) => w.feed(k, 100 + i * 4)).at(-1)).toEqual({ kind: 'scan', raw: 'H29A' });
    expect(feed(new WedgeDetector(), '12', 0, 5).at(-1)).toEqual({ kind: 'enter' });
  });
});
