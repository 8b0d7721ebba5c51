// Past days' report figures come from a lean fold of the journal, run in a worker thread
// (server/report-fold.ts, server/reports-worker.ts). They must be exactly the figures of a full
// engine replay: both are computed here over seeded synthetic days (transfers, no-shows,
// cancellations, expiries, ratings) and over the same days damaged on purpose.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD as HISTORY_PASSWORD } from '../../bench/support.js';
import { generateHistory } from '../../bench/history.js';
import { QueueEngine } from '../../server/queue/engine.js';
import { foldDayFile, foldDayPath, parseAt } from '../../server/report-fold.js';
import { groupsOf, percentile, Samples, type Group } from '../../server/reports.js';
import { parseDay } from '../../server/store/journal-lines.js';
import { replayLines } from '../../server/store/replay.js';
import type { ReportSummary } from '../../shared/types.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAYS = 12;
const PER_DAY = 400;
const END = '2026-03-20';
let dataDir: string;
let journalDir: string;
let days: string[];

/** What reports.ts computed for a past day before the fold: a full engine replay. */
function replayed(buf: Buffer, day: string): { groups: Group[]; skipped: number } {
  const engine = new QueueEngine(
    { services: [], counters: [], settings: { officeName: { vi: 'x', en: 'x' }, timeZone: 'Asia/Ho_Chi_Minh', priorityPolicy: 'strict', defaultServeMin: 5 } as never },
    { now: () => new Date(), newId: () => '', newToken: () => '' },
  );
  const parsed = parseDay(buf);
  const { inconsistent } = replayLines(engine, day, buf, parsed.lines);
  return { groups: groupsOf(engine.tickets()), skipped: parsed.damaged.length + inconsistent.length };
}

const line = (o: object) => JSON.stringify(o) + '\n';

/** The day with every kind of damage a disk or a hand edit leaves, each refused or counted. */
function damage(buf: Buffer, day: string): Buffer {
  const lines = buf.toString('utf8').split('\n').filter(Boolean);
  const at = `${day}T10:00:00+07:00`;
  const issued = lines.find((l) => l.includes('"ticket:issued"'))!;
  const called = JSON.parse(lines.find((l) => l.includes('"ticket:called"'))!) as { ticketId: string; counterId: string };
  const transferred = lines.find((l) => l.includes('"ticket:transferred"'));
  const mid = Math.floor(lines.length / 2);
  const extra = [
    '{"type":"ticket:called","ticketId":', // unreadable
    '',
    '   ',
    'null',
    '[1,2]',
    line({ type: 'ticket:called', ticketId: 'no-such-ticket', counterId: 'q1', recall: false, userId: null, rev: 5, at }).trim(),
    issued, // the same ticket issued twice
    line({ type: 'ticket:completed', ticketId: called.ticketId, fileCode: null, rev: 6, at }).trim(), // no counter
    line({ type: 'ticket:rated', ticketId: called.ticketId, score: 2, scale: 3, comment: null, rev: 7, at: 'not a time' }).trim(),
    line({ type: 'ticket:teleported', ticketId: called.ticketId, rev: 8, at }).trim(),
    line({ type: 'ticket:transferred', ticketId: called.ticketId, fromServiceId: 'x', toServiceId: 'ho-tich', rev: 9, at }).trim(), // no counters
    line({ type: 'counter:opened', counterId: 'q2', userId: 'someone-else', staffName: 'Người khác', rev: 10, at }).trim(),
    line({ type: 'ticket:rated', ticketId: called.ticketId, score: 1, scale: 5, comment: 'Chờ lâu', rev: 11, at }).trim(),
    ...(transferred ? [transferred] : []),
    '\u0000\u0000\u0000',
  ];
  lines.splice(mid, 0, ...extra);
  // the day's opening lost: replay assumes it; and a torn, zero-filled tail
  return Buffer.concat([Buffer.from(lines.slice(1).join('\n') + '\n{"type":"ticket:iss', 'utf8'), Buffer.alloc(300)]);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'luot-fold-'));
  journalDir = join(dataDir, 'journal');
  await generateHistory({ dataDir, days: DAYS, ticketsPerDay: PER_DAY, endDay: END, seed: 7 });
  days = (await readdir(journalDir)).filter((f) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(f)).map((f) => f.slice(0, 10)).sort();
}, 60_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the report fold gives the engine replay’s figures', () => {
  it('on whole seeded days', async () => {
    const kinds = new Set<string>();
    for (const day of days) {
      const buf = await readFile(join(journalDir, `${day}.jsonl`));
      for (const m of buf.toString('utf8').matchAll(/"type":"([a-zA-Z:]+)"/g)) kinds.add(m[1]!);
      const ref = replayed(buf, day);
      expect(ref.groups.reduce((n, g) => n + g.issued, 0)).toBe(PER_DAY);
      expect(foldDayFile(buf, day)).toEqual(ref);
      expect(foldDayPath(join(journalDir, `${day}.jsonl`), day)).toEqual(ref);
    }
    // the seeded days hold every kind of ending a report counts
    for (const k of ['ticket:transferred', 'ticket:noShow', 'ticket:cancelled', 'ticket:rated', 'ticket:completed']) expect(kinds).toContain(k);
  });

  it('on the same days damaged (unreadable, refused, blank, assumed opening, torn tail)', async () => {
    for (const day of days) {
      const buf = damage(await readFile(join(journalDir, `${day}.jsonl`)), day);
      const ref = replayed(buf, day);
      expect(ref.skipped).toBeGreaterThanOrEqual(9);
      expect(foldDayFile(buf, day)).toEqual(ref);
      // streamed from the file in small reads: lines (and multi-byte letters) cut across reads
      const path = join(dataDir, `damaged-${day}.jsonl`);
      await writeFile(path, buf);
      for (const chunk of [7, 1000, 64 * 1024]) expect(foldDayPath(path, day, undefined, chunk)).toEqual(ref);
      await rm(path);
    }
  });
});

describe('parseAt (the fold reads the journal\'s times itself)', () => {
  it('gives exactly what Date.parse gives, valid or not', () => {
    let seed = 5;
    const rnd = (n: number) => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * n);
    const p = (n: number, w: number) => String(n).padStart(w, '0');
    const samples = ['2026-03-02T07:30:14+07:00', '2024-02-29T23:59:59-00:30', '2025-02-29T10:00:00+07:00', '2025-02-30T10:00:00+07:00', '0050-01-01T00:00:00+07:00', '2026-03-02T07:30:14Z', '2026-03-02T07:30:14.5+07:00', '2026-03-02 07:30:14+07:00', '2026-13-02T07:30:14+07:00', '2026-03-02T24:00:00+07:00', 'x026-03-02T07:30:14+07:00', ''];
    for (let i = 0; i < 20_000; i++) {
      samples.push(`${p(1960 + rnd(100), 4)}-${p(rnd(14), 2)}-${p(rnd(33), 2)}T${p(rnd(26), 2)}:${p(rnd(62), 2)}:${p(rnd(62), 2)}${rnd(2) ? '+' : '-'}${p(rnd(25), 2)}:${p(rnd(61), 2)}`);
    }
    // A character just outside the digits in each two-digit field: every field's check must hold.
    for (const at of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24]) {
      for (const c of ['/', ':', 'a']) samples.push(`2026-03-02T07:30:14+07:00`.slice(0, at) + c + `2026-03-02T07:30:14+07:00`.slice(at + 1));
    }
    for (const s of samples) expect([s, parseAt(s)]).toEqual([s, Date.parse(s)]);
  });
});

describe('Samples (a year merged by counting seconds)', () => {
  it('gives the mean and nearest-rank percentiles of the sorted values', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const n of [1, 2, 10, 999, 5000, 20_000]) {
      const values = Array.from({ length: n }, (_, i) => (i % 97 === 5 ? -3 - Math.floor(rnd() * 50) : i % 89 === 7 ? 90_000 + Math.floor(rnd() * 1000) : i % 83 === 3 ? rnd() * 100 : Math.floor(rnd() * 4000)));
      // counted (dense from 16 values) and kept (never dense): both as the sorted reference
      for (const s of [new Samples(16), new Samples(Infinity)]) {
        for (const v of values) s.push(v);
        expect(s.mean()).toBe(values.reduce((a, b) => a + b, 0) / n);
        for (const p of [1, 10, 50, 90, 99, 100]) expect(s.percentile(p)).toBe(percentile(values, p));
      }
    }
    expect(new Samples().percentile(90)).toBeNull();
  });

  it('counts short waits in a few kB, and still gives the sorted figures when longer ones come late', () => {
    // A year's summary holds ~60 of these (walks by service and counter): each once kept a
    // counter for every second of a day (338 kB), the summary's peak memory (issue 10).
    const before = process.memoryUsage().arrayBuffers;
    const kept: Samples[] = [];
    for (let i = 0; i < 60; i++) {
      const s = new Samples();
      for (let v = 0; v < 6000; v++) s.push((v * 7 + i) % 300);
      kept.push(s);
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 * 2 ** 20);
    // Short values first, then longer ones and values past a day: the counts grow as they come.
    const values = [...Array.from({ length: 5000 }, (_, v) => v % 250), 3000, 70_000, 86_400, 86_401, 250.5, 10_000, -1];
    const s = new Samples();
    for (const v of values) s.push(v);
    for (const p of [1, 50, 99, 99.9, 99.95, 99.97, 100]) expect(s.percentile(p)).toBe(percentile(values, p));
    expect(kept.every((k) => k.percentile(50) === 149)).toBe(true);
  });
});

describe('a year of past days is summed off the main thread', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    // One damaged day, and lines an earlier start set aside from another.
    await writeFile(join(journalDir, `${days[3]}.jsonl`), damage(await readFile(join(journalDir, `${days[3]}.jsonl`)), days[3]!));
    await writeFile(join(journalDir, `${days[5]}.damaged.jsonl`), line({ line: 3, reason: 'unreadable', detail: null, text: 'x' }) + line({ line: 9, reason: 'unreadable', detail: null, text: 'y' }));
    await rm(join(dataDir, 'cache'), { recursive: true, force: true });
    server = await startTestServer({ dataDir });
    token = await server.login('admin', HISTORY_PASSWORD);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers with every day, shows progress meanwhile, and leaves a cache per day', async () => {
    const expected = new Map<string, { issued: number; skipped: number }>();
    for (const day of days) {
      const ref = replayed(await readFile(join(journalDir, `${day}.jsonl`)), day);
      const setAside = day === days[5] ? 2 : 0;
      expected.set(day, { issued: ref.groups.reduce((n, g) => n + g.issued, 0), skipped: ref.skipped + setAside });
    }
    const progress: { done: number; total: number }[] = [];
    const threads = async () => (await readdir('/proc/self/task')).length;
    const threadsBefore = await threads();
    const pending = server.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${days[0]}&to=${END}`, undefined, token);
    let answered = false;
    void pending.finally(() => (answered = true));
    while (!answered) {
      const p = await server.api<{ progress: { done: number; total: number } }>('GET', '/api/reports/progress', undefined, token);
      if (p.body.ok) progress.push(p.body.progress);
      await new Promise((r) => setTimeout(r, 5));
    }
    const res = await pending;
    // The year is merged once the worker (its thread and its heap) is gone: the merge's
    // allocations never add up with the worker's heap (issue 10: the cold year's peak RSS).
    expect(await threads()).toBe(threadsBefore);
    if (!res.body.ok) throw new Error(res.body.error.message);
    const s = res.body.summary;
    for (const day of days) {
      const issued = s.rows.filter((r) => r.day === day).reduce((n, r) => n + r.issued, 0);
      expect({ day, issued }).toEqual({ day, issued: expected.get(day)!.issued });
    }
    expect(s.damagedDays).toEqual(days.filter((d) => expected.get(d)!.skipped > 0).map((d) => ({ day: d, skippedLines: expected.get(d)!.skipped })));
    // the build was seen under way: some days asked, not all of them ready
    expect(progress.some((p) => p.total >= DAYS && p.done < p.total)).toBe(true);
    // written by the worker (the in-thread fallback keeps its results in memory only)
    const cached = (await readdir(join(dataDir, 'cache'))).filter((f) => f.startsWith('groups-'));
    expect(cached.length).toBe(DAYS);
    // once idle, nothing is being built
    await expect.poll(async () => (await server.api<{ progress: { total: number } }>('GET', '/api/reports/progress', undefined, token)).body).toMatchObject({ ok: true, progress: { total: 0 } });
    const again = await server.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${days[0]}&to=${END}`, undefined, token);
    expect(again.body).toEqual(res.body);
  });
});
