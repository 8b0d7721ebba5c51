// A damaged journal never stops the office: a day is built through the real server with every
// kind of event, its file is then damaged the ways disks and people damage files (a middle
// line of each event type, a line the engine refuses, garbage bytes, a zeroed block, a cut
// mid-line, a zero-filled tail), and the server must start, say where the damage was, keep
// everything acknowledged and undamaged, and never hand out a number seen anywhere in the file.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiskStatus, IssueResult, ReportSummary, TicketView } from '../../shared/types.js';
import { nodeFsOps, type FsOps } from '../../server/store/fs-ops.js';
import { act, issueOn } from '../http/helpers.js';
import { startTestServer, type TestServer } from '../support/server.js';

const dirs: string[] = [];
let base = '';
let day = '';
/** The base day's acknowledged tickets by label (A001…), with their tokens. */
const tickets = new Map<string, IssueResult>();
let lines: string[] = [];

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'luot-damage-'));
  dirs.push(d);
  return d;
}

beforeAll(async () => {
  base = await tempDir();
  const s = await startTestServer({ dataDir: base });
  const kiosk = await s.connect('/kiosk');
  const admin = await s.login();
  const staff = await s.connect('/counter', { token: await s.staff('giamsat', 'supervisor') });
  const issue = async (serviceId: string) => {
    const r = await issueOn(kiosk, serviceId);
    tickets.set(r.ticket.number, r);
    return r;
  };
  for (const sid of ['dat-dai', 'dat-dai', 'dat-dai', 'ho-tich', 'ho-tich', 'tu-phap', 'tu-phap']) await issue(sid);
  await act(staff, 'counter:open', { counterId: 'q1' });
  await act(staff, 'ticket:callNext', { counterId: 'q1' }); // A001
  await act(staff, 'ticket:start', { counterId: 'q1' });
  await act(staff, 'ticket:complete', { counterId: 'q1' });
  expect((await s.api('POST', `/api/tickets/${tickets.get('A001')!.ticket.token}/rating`, { score: 3 })).status).toBe(200);
  await act(staff, 'ticket:callNext', { counterId: 'q1' }); // A002
  await act(staff, 'ticket:noShow', { counterId: 'q1' });
  await act(staff, 'ticket:callNext', { counterId: 'q1' }); // A003
  await act(staff, 'ticket:transfer', { counterId: 'q1', toServiceId: 'ho-tich' });
  await act(staff, 'ticket:cancel', { ticketId: tickets.get('B002')!.ticket.id });
  await act(staff, 'counter:pause', { counterId: 'q1' });
  await act(staff, 'counter:resume', { counterId: 'q1' });
  expect((await s.api('PUT', '/api/services/dat-dai', { targetWaitMin: 25 }, admin)).status).toBe(200);
  for (const sid of ['dat-dai', 'dat-dai', 'ho-tich', 'tu-phap']) await issue(sid); // A004 A005 B003 1003
  await act(staff, 'counter:close', { counterId: 'q1' });
  for (const sid of ['tu-phap', 'ho-tich']) await issue(sid); // 1004 B004: the last lines
  day = s.office.engine.serviceDay;
  await s.stop();
  lines = (await readFile(join(base, 'journal', `${day}.jsonl`), 'utf8')).split('\n').filter(Boolean);
}, 60_000);

afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** 1-based number of the first line that satisfies `pred`. */
function lineOf(pred: (e: Record<string, unknown> & { type: string }) => boolean): number {
  const i = lines.findIndex((l) => pred(JSON.parse(l) as Record<string, unknown> & { type: string }));
  if (i < 0) throw new Error('no such line');
  return i + 1;
}
const issuedLine = (number: string) => lineOf((e) => e.type === 'ticket:issued' && (e.ticket as { number: string }).number === number);

/** A copy of the base day, its journal changed by `damage` (given the lines, returns the new bytes). */
async function damaged(damage: (lines: string[]) => Buffer): Promise<string> {
  const dir = await tempDir();
  await cp(base, dir, { recursive: true });
  await writeFile(join(dir, 'journal', `${day}.jsonl`), damage([...lines]));
  return dir;
}

const joined = (ls: (string | Buffer)[]) => Buffer.concat(ls.map((l) => (typeof l === 'string' ? Buffer.from(l + '\n') : Buffer.concat([l, Buffer.from('\n')]))));
/** Garbage over the start of line `n`: unreadable, its numbers still readable further on. */
const garble = (n: number) => (ls: string[]) => joined(ls.map((l, i) => (i === n - 1 ? '#@!%' + l.slice(12) : l)));

async function health(s: TestServer): Promise<{ ok: boolean; rev: number; disk: DiskStatus }> {
  const r = await s.api<{ rev: number; disk: DiskStatus }>('GET', '/api/health');
  expect(r.status).toBe(200);
  if (!r.body.ok) throw new Error('health');
  return { ok: true, rev: r.body.rev, disk: r.body.disk };
}

async function view(s: TestServer, number: string): Promise<TicketView | null> {
  const r = await s.api<TicketView>('GET', `/api/tickets/${tickets.get(number)!.ticket.token}`);
  return r.body.ok ? r.body : null;
}

/**
 * Starts on `dir` twice. Each time: it serves, every acknowledged ticket not in `lost` is there
 * with its number, the next number of each service is above every number in the file.
 */
async function startsAndServes(dir: string, opts: { lost?: string[]; damagedLines: number[]; next?: Record<string, string> }): Promise<TestServer> {
  const expectNext: Record<string, string> = { 'dat-dai': 'A006', 'ho-tich': 'B005', 'tu-phap': '1005', ...opts.next };
  for (let round = 0; round < 2; round++) {
    const s = await startTestServer({ dataDir: dir });
    try {
      const h = await health(s);
      expect(h.disk.status).toBe('ok');
      if (opts.damagedLines.length) {
        expect(h.disk.damage?.day).toBe(day);
        expect(h.disk.damage?.file).toBe(`journal/${day}.damaged.jsonl`);
        for (const n of opts.damagedLines) expect(h.disk.damage?.lines).toContain(n);
      } else expect(h.disk.damage).toBeNull();
      for (const number of tickets.keys()) {
        if (opts.lost?.includes(number)) continue;
        const v = await view(s, number);
        expect(v?.ticket.number, `acknowledged ${number} lost`).toBe(number);
      }
      const kiosk = await s.connect('/kiosk');
      for (const [serviceId, next] of Object.entries(expectNext)) {
        const r = await issueOn(kiosk, serviceId);
        // A number is never issued twice, even one whose line is damaged.
        expect(r.ticket.number, `next number of ${serviceId}`).toBe(next);
        expectNext[serviceId] = next.replace(/\d+$/, (d) => String(Number(d) + 1).padStart(d.length, '0'));
      }
      if (round === 1) return s;
    } finally {
      if (round === 0) await s.stop();
    }
  }
  throw new Error('unreachable');
}

async function setAside(dir: string): Promise<{ line: number; reason: string; text: string; base64?: string }[]> {
  const text = await readFile(join(dir, 'journal', `${day}.damaged.jsonl`), 'utf8');
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line: number; reason: string; text: string });
}

/** After the repair, the day's file holds only readable lines. */
async function mainFileClean(dir: string): Promise<void> {
  const text = await readFile(join(dir, 'journal', `${day}.jsonl`), 'utf8');
  for (const l of text.split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
  expect(text.endsWith('\n')).toBe(true);
}

const EVENT_TYPES = [
  'day:opened', 'counter:opened', 'ticket:called', 'ticket:started', 'ticket:completed', 'ticket:rated', 'ticket:noShow',
  'ticket:transferred', 'ticket:cancelled', 'counter:paused', 'counter:resumed', 'config:changed', 'counter:closed',
] as const;

describe('a damaged middle line of each event type', () => {
  it.each(EVENT_TYPES)('%s: set aside, the rest of the day replays, numbers continue', async (type) => {
    const n = lineOf((e) => e.type === type);
    expect(n).toBeLessThan(lines.length);
    const dir = await damaged(garble(n));
    const s = await startsAndServes(dir, { damagedLines: [n] });
    try {
      const aside = await setAside(dir);
      expect(aside).toHaveLength(1);
      expect(aside[0]).toMatchObject({ line: n, reason: 'unreadable' });
      expect(aside[0]!.text).toBe('#@!%' + lines[n - 1]!.slice(12));
      await mainFileClean(dir);
      // What the damaged line did not touch is as it was.
      if (!['ticket:called', 'ticket:started', 'ticket:completed'].includes(type)) expect((await view(s, 'A001'))?.ticket.state).toBe('done');
      if (type !== 'ticket:cancelled') expect((await view(s, 'B002'))?.ticket.state).toBe('cancelled');
      // Not expired: the day's tickets stay in the day even when its opening line is gone.
      expect((await view(s, 'B001'))?.ticket.state).toBe('waiting');
    } finally {
      await s.stop();
    }
  });

  it('ticket:issued of the highest number: that ticket is gone, its number is never reused', async () => {
    const n = issuedLine('A005');
    const dir = await damaged(garble(n));
    const s = await startsAndServes(dir, { damagedLines: [n], lost: ['A005'] });
    await s.stop();
    expect((await setAside(dir)).map((d) => d.line)).toEqual([n]);
  });
});

describe('other damage', () => {
  it('a line the engine refuses (a call of a ticket never issued) is set aside as inconsistent', async () => {
    const n = lineOf((e) => e.type === 'ticket:called');
    const dir = await damaged((ls) => joined(ls.map((l, i) => (i === n - 1 ? l.replace(/"ticketId":"[^"]+"/, '"ticketId":"khong-co-that"') : l))));
    const s = await startsAndServes(dir, { damagedLines: [n] });
    await s.stop();
    const aside = await setAside(dir);
    expect(aside).toHaveLength(1);
    expect(aside[0]!.reason).toBe('inconsistent');
    expect(aside[0]!.text).toContain('khong-co-that');
    await mainFileClean(dir);
  });

  it('garbage bytes: a line of them inserted, and bytes over the middle of a line', async () => {
    const junk = Buffer.from([0xff, 0xfe, 0x80, 0x00, 0x41, 0xc3, 0x28, 0x7b]);
    const at = issuedLine('B003');
    const dir = await damaged((ls) => {
      const out: (string | Buffer)[] = [];
      ls.forEach((l, i) => {
        if (i === 5) out.push(junk);
        if (i === at - 1) {
          const b = Buffer.from(l);
          junk.copy(b, 30);
          out.push(b);
        } else out.push(l);
      });
      return joined(out);
    });
    // Line numbers in the damaged file: the inserted line is 6, B003's line moved down by one.
    const s = await startsAndServes(dir, { damagedLines: [6, at + 1], lost: ['B003'] });
    await s.stop();
    const aside = await setAside(dir);
    expect(aside.map((d) => d.line)).toEqual([6, at + 1]);
    expect(Buffer.from(aside[0]!.base64!, 'base64')).toEqual(junk);
    await mainFileClean(dir);
  });

  it('a zeroed block in the middle of the file is damage, reported', async () => {
    const n = lineOf((e) => e.type === 'counter:paused');
    const dir = await damaged((ls) => joined(ls.map((l, i) => (i === n - 1 ? Buffer.alloc(Buffer.byteLength(l)) : l))));
    const s = await startsAndServes(dir, { damagedLines: [n] });
    await s.stop();
    expect((await setAside(dir))[0]!.reason).toBe('zeroed');
  });

  it('cut in the middle of the last line (a power cut mid-append): a torn tail, not damage', async () => {
    const dir = await damaged((ls) => {
      const b = joined(ls);
      return b.subarray(0, b.length - Math.floor(Buffer.byteLength(ls.at(-1)!) / 2));
    });
    // B004 was on the torn line: as after a power cut, it was never synced, so never
    // acknowledged nor printed, and its number is free again (as test/server/durability expects).
    const s = await startsAndServes(dir, { damagedLines: [], lost: ['B004'], next: { 'ho-tich': 'B004' } });
    await s.stop();
    await mainFileClean(dir);
  });

  it('a zero-filled tail after the last good line (size on disk, data not): a torn tail', async () => {
    const dir = await damaged((ls) => Buffer.concat([joined(ls), Buffer.alloc(8192)]));
    const s = await startsAndServes(dir, { damagedLines: [] });
    await s.stop();
    await mainFileClean(dir);
  });

  it('the last line half zeroed, then zeros: a torn tail', async () => {
    const dir = await damaged((ls) => {
      const last = Buffer.from(ls.at(-1)!);
      last.fill(0, Math.floor(last.length / 2));
      return Buffer.concat([joined(ls.slice(0, -1)), last, Buffer.alloc(4096)]);
    });
    const s = await startsAndServes(dir, { damagedLines: [], lost: ['B004'], next: { 'ho-tich': 'B004' } });
    await s.stop();
    await mainFileClean(dir);
  });

  it('a crash during the repair: the next start repairs again, nothing set aside twice', async () => {
    const n = lineOf((e) => e.type === 'ticket:noShow');
    const dir = await damaged(garble(n));
    // The damaged lines reach their file; the day's rewrite fails as if the power went out there.
    const failMain: FsOps = {
      ...nodeFsOps,
      writeFlushed: (path, data) => (/\d\.jsonl\.\d+\.\d+\.tmp$/.test(path)
        ? Promise.reject(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }))
        : nodeFsOps.writeFlushed(path, data)),
    };
    const first = await startTestServer({ dataDir: dir, journalFs: failMain, diskRetryMs: 60_000 });
    const h = await health(first);
    // Still open: what was read is served, changes are refused until the repair succeeds.
    expect(h.disk.status).toBe('failing');
    expect((await view(first, 'A001'))?.ticket.state).toBe('done');
    await first.stop();
    expect((await setAside(dir)).map((d) => d.line)).toEqual([n]);
    expect((await readFile(join(dir, 'journal', `${day}.jsonl`), 'utf8')).split('\n')[n - 1]).toMatch(/^#@!%/);
    const s = await startsAndServes(dir, { damagedLines: [n] });
    await s.stop();
    expect((await setAside(dir)).map((d) => d.line)).toEqual([n]);
    await mainFileClean(dir);
  });
});

describe('reports over a damaged day', () => {
  it('say how many lines were skipped', async () => {
    const a = issuedLine('A004');
    const b = lineOf((e) => e.type === 'counter:resumed');
    const dir = await damaged((ls) => garble(b)(ls.map((l, i) => (i === a - 1 ? l.slice(0, 20) + '\u0000\u0000' + l.slice(22) : l))).subarray(0));
    // Tomorrow: the damaged day is now a past day, read by reports.
    const tomorrow = new Date(Date.parse(`${day}T12:00:00+07:00`) + 86_400_000);
    const s = await startTestServer({ dataDir: dir, now: () => tomorrow });
    try {
      const token = await s.staff('baocao', 'supervisor');
      const r = await s.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${day}&to=${day}`, undefined, token);
      expect(r.body.ok).toBe(true);
      if (!r.body.ok) return;
      expect(r.body.summary.skippedLines).toBe(2);
      expect(r.body.summary.damagedDays).toEqual([{ day, skippedLines: 2 }]);
      // The figures leave out only what was lost: A004's ticket.
      expect(r.body.summary.total.issued).toBe(tickets.size - 1);
    } finally {
      await s.stop();
    }
  });

  it('a past day damaged but never replayed at start (not the newest) is counted too', async () => {
    const dir = await damaged(garble(issuedLine('B001')));
    // The damaged copy becomes yesterday; today keeps the whole file and is the one replayed.
    const past = new Date(Date.parse(`${day}T12:00:00+07:00`) - 86_400_000).toISOString().slice(0, 10);
    const journal = join(dir, 'journal');
    const pastText = (await readFile(join(journal, `${day}.jsonl`), 'utf8')).replaceAll(`"serviceDay":"${day}"`, `"serviceDay":"${past}"`);
    await writeFile(join(journal, `${past}.jsonl`), pastText);
    await cp(join(base, 'journal', `${day}.jsonl`), join(journal, `${day}.jsonl`));
    const s = await startTestServer({ dataDir: dir });
    try {
      expect((await readdir(journal)).some((f) => f.includes('damaged'))).toBe(false);
      const token = await s.staff('baocao', 'supervisor');
      const r = await s.api<{ summary: ReportSummary }>('GET', `/api/reports/summary?from=${past}&to=${past}`, undefined, token);
      if (!r.body.ok) throw new Error(r.body.error.message);
      expect(r.body.summary.skippedLines).toBeGreaterThanOrEqual(1);
      expect(r.body.summary.damagedDays.map((d) => d.day)).toEqual([past]);
    } finally {
      await s.stop();
    }
  });
});
