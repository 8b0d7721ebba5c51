// The report fold's line scanner (server/report-scan.ts) against JSON.parse: a line it reads must
// give exactly the fields JSON.parse gives; any line outside its plain form must be left to
// JSON.parse; and the journal's own lines must nearly all take the fast road.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../bench/history.js';
import { LineScanner, type ScannedEvent } from '../../server/report-scan.js';

const FIELDS = ['type', 'rev', 'at', 'serviceDay', 'upTo', 'serviceId', 'counterId', 'userId', 'ticketId', 'toServiceId', 'fromCounterId', 'toCounterId', 'score', 'scale', 'bookingId', 'queuedAt'] as const;

/** Scans each line of `text` (newline-terminated lines, Latin-1 as the fold reads them). */
function scanAll(lines: string[]): (ScannedEvent | null)[] {
  const buf = Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8');
  const text = buf.toString('latin1');
  const s = new LineScanner(text);
  const out: (ScannedEvent | null)[] = [];
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const e = s.scan(start, nl);
    // The scanner reuses its object: copy what it read before the next line.
    out.push(e ? { ...e, ticket: e.ticket ? { ...e.ticket } : e.ticket } : null);
    start = nl + 1;
  }
  return out;
}

/** What the fold reads of JSON.parse's object. */
function fieldsOf(o: Record<string, unknown>) {
  const t = o.ticket as Record<string, unknown> | undefined;
  return {
    ...Object.fromEntries(FIELDS.map((f) => [f, o[f]])),
    ticket: t === undefined ? undefined : t === null ? null : { id: t.id, serviceId: t.serviceId, seq: t.seq, priority: t.priority },
  };
}

function expectSame(line: string, scanned: ScannedEvent | null): void {
  if (!scanned) return;
  const parsed = JSON.parse(line) as Record<string, unknown>;
  expect({ ...scanned }, line).toStrictEqual(fieldsOf(parsed));
}

/** A small deterministic generator. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('report line scanner', () => {
  it('reads the journal’s own lines exactly as JSON.parse, nearly all of them without it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'luot-scan-'));
    try {
      await generateHistory({ dataDir: dir, days: 2, ticketsPerDay: 300, endDay: '2026-03-20' });
      const files = (await readdir(join(dir, 'journal'))).filter((f) => f.endsWith('.jsonl'));
      const lines = (await Promise.all(files.map((f) => readFile(join(dir, 'journal', f), 'utf8')))).join('').split('\n').filter(Boolean);
      const scanned = scanAll(lines);
      lines.forEach((l, i) => expectSame(l, scanned[i]!));
      const fast = scanned.filter(Boolean).length;
      expect(lines.length).toBeGreaterThan(1000);
      // Only lines with a non-ASCII byte (a staff member's name) take the slow road.
      expect(fast / lines.length).toBeGreaterThan(0.95);
      const slow = lines.filter((_, i) => !scanned[i]);
      for (const l of slow) expect(/[^\x20-\x7e]/.test(l), l).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves to JSON.parse every line outside the plain form, and reads the rest exactly', () => {
    const base = '{"type":"ticket:called","ticketId":"t-1","counterId":"q1","recall":false,"userId":null,"rev":12,"at":"2026-03-20T08:00:00+07:00"}';
    const slow = [
      '', ' ', 'null', '[1,2]', '"x"', '{', '{}x', base.slice(0, -1), base + ' ', ' ' + base,
      base.replace('"rev":12', '"rev":012'), base.replace('"rev":12', '"rev":1.5'), base.replace('"rev":12', '"rev":1e3'),
      base.replace('"rev":12', '"rev":-'), base.replace('"rev":12', '"rev":1234567890123456'),
      base.replace('"t-1"', '"t\\u002d1"'), base.replace('"t-1"', '"t\\"1"'), base.replace('"q1"', '"Quầy 1"'),
      base.replace('"q1"', '"q\t1"'), base.replace(':false', ': false'), base.replace(':false', ':fals'),
      base.replace(':false', ':{"a":1}'), base.replace(':false', ':[1]'), base.replace(',"rev"', ', "rev"'),
      base.replace('"recall"', 'recall'), '{"type":"ticket:issued","ticket":null,"rev":1,"at":"x"}',
      '{"type":"ticket:issued","ticket":{"id":"a","x":{"y":1}},"rev":1,"at":"x"}', '{"type":"ticket:issued","ticket":"a","rev":1,"at":"x"}',
    ];
    const scanned = scanAll(slow);
    slow.forEach((l, i) => expect(scanned[i], JSON.stringify(l)).toBeNull());

    const fast = [
      base, '{}', '{"type":1}', '{"rev":-0,"upTo":0,"score":-12,"scale":999999999999999}', '{"type":"a","type":"b"}',
      '{"ticket":{"id":"a","serviceId":"s","seq":3,"number":"A003","priority":null},"ticket":{"seq":4}}',
      '{"type":"ticket:transferred","ticketId":"t","fromCounterId":null,"toCounterId":"q2","toServiceId":"ho-tich","fromServiceId":"x","rev":9,"at":"a"}',
      '{"type":"numbers:reserved","serviceId":null,"upTo":40,"serviceDay":"2026-03-20","unknownField":true,"x":"\u007e"}',
      '{"scorex":1,"scal":2,"at2":3,"TYPE":"x","toserviceId":"y","tocounterId":"z","usrId":"w","userID":"v"}',
    ];
    const read = scanAll(fast);
    fast.forEach((l, i) => {
      expect(read[i], l).not.toBeNull();
      expectSame(l, read[i]!);
    });
  });

  it('agrees with JSON.parse on thousands of random lines', () => {
    const r = prng(20261130);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const keys = [...FIELDS, 'ticket', 'recall', 'staffName', 'comment', 'fileCode', 'x'];
    const strings = ['', 'q1', 'ticket:called', '2026-03-20T08:00:00+07:00', 'Nguyễn Thị Lan', 'a"b', 'a\\b', 'tab\there', '\u0001', '~', '日本'];
    const value = (depth: number): unknown => {
      const k = r();
      if (k < 0.35) return pick(strings);
      if (k < 0.6) return pick([0, -0, 7, -3, 12345678, 2 ** 53, 1.5, 1e21, -1e-7]);
      if (k < 0.75) return pick([null, true, false]);
      if (k < 0.85 && depth === 0) return { id: pick(strings), serviceId: pick(strings), seq: pick([1, 2.5, null, 'x']), n: value(1) };
      if (k < 0.9) return [value(depth + 1)];
      return pick(strings);
    };
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 8);
      for (let j = 0; j < n; j++) o[pick(keys)] = value(0);
      let l = JSON.stringify(o);
      if (r() < 0.05) l = l.replace(':', ' : ');
      lines.push(l);
    }
    const scanned = scanAll(lines);
    lines.forEach((l, i) => expectSame(l, scanned[i]!));
    // Most random lines hold something outside the plain form; enough do not.
    expect(scanned.filter(Boolean).length).toBeGreaterThan(500);
  });
});
