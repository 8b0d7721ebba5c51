// A disk that fails (EIO, ENOSPC after half a write) or hangs under a running office: the
// kiosk and the counter get `internal` within a few seconds, nothing is acknowledged that is
// not on disk, staff are told, the office serves again by itself once the disk works, and no
// number is issued twice across it — checked again after a restart on the same folder.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { DiskStatus, IssueResult, PublicTicket, StaffSnapshot, TicketView } from '../../shared/types.js';
import { FaultyFs, type DiskMode } from '../support/faulty-fs.js';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.js';

const SYNC_TIMEOUT_MS = 600;
const dirs: string[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop().catch(() => undefined);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

interface Setup {
  server: TestServer;
  fs: FaultyFs;
  kiosk: Socket;
  staff: Socket;
  disk: DiskStatus[];
  acked: Map<string, IssueResult>;
  issue(serviceId: string, requestId?: string): Promise<{ r: Result<IssueResult>; ms: number }>;
}

let requestSeq = 0;

async function setup(): Promise<Setup> {
  const dataDir = await mkdtemp(join(tmpdir(), 'luot-disk-'));
  dirs.push(dataDir);
  const fs = new FaultyFs();
  const server = await startTestServer({ dataDir, journalFs: fs.ops, journalSyncTimeoutMs: SYNC_TIMEOUT_MS, diskRetryMs: 150 });
  servers.push(server);
  const kiosk = await server.connect('/kiosk');
  const staff = await server.connect('/counter', { token: await server.staff('giamsat', 'supervisor') });
  const disk: DiskStatus[] = [];
  staff.on('disk', (s: DiskStatus) => disk.push(s));
  const acked = new Map<string, IssueResult>();
  return {
    server, fs, kiosk, staff, disk, acked,
    async issue(serviceId, requestId = `disk-req-${++requestSeq}-${Date.now()}`) {
      const t0 = performance.now();
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId, requestId });
      if (r.ok) acked.set(r.ticket.token, r);
      return { r, ms: performance.now() - t0 };
    },
  };
}

async function health(server: TestServer): Promise<{ disk: DiskStatus; rev: number }> {
  const r = await server.api<{ disk: DiskStatus; rev: number }>('GET', '/api/health');
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Restarts on the same folder with a healthy disk: everything acknowledged is there, numbers unique. */
async function checkAfterRestart(s: Setup): Promise<TestServer> {
  await s.server.stop();
  servers.splice(servers.indexOf(s.server), 1);
  const again = await startTestServer({ dataDir: s.server.dataDir });
  servers.push(again);
  for (const [token, a] of s.acked) {
    const r = await again.api<TicketView>('GET', `/api/tickets/${token}`);
    expect(r.body.ok, `acknowledged ${a.ticket.number} lost`).toBe(true);
    if (r.body.ok) expect(r.body.ticket.number).toBe(a.ticket.number);
  }
  const numbers = new Map<string, string[]>();
  for (const f of await readdir(join(s.server.dataDir, 'journal'))) {
    if (!/^\d{4}-\d{2}-\d{2}\.jsonl$/.test(f)) continue;
    for (const line of (await readFile(join(s.server.dataDir, 'journal', f), 'utf8')).split('\n')) {
      if (!line) continue;
      const e = JSON.parse(line) as { type: string; ticket?: { serviceId: string; number: string } };
      if (e.type === 'ticket:issued') numbers.set(e.ticket!.serviceId, [...(numbers.get(e.ticket!.serviceId) ?? []), e.ticket!.number]);
    }
  }
  for (const [service, list] of numbers) expect(new Set(list).size, `a number of ${service} issued twice`).toBe(list.length);
  return again;
}

const seqOf = (number: string) => Number(/(\d+)$/.exec(number)![1]);

describe.each<[DiskMode, string]>([
  ['eio', 'EIO from datasync'],
  ['enospc', 'ENOSPC after half a write'],
  ['hang', 'a datasync that hangs'],
])('a failing disk: %s', (mode, label) => {
  it(`${label}: internal within seconds, a banner for staff, serving again once the disk works`, async () => {
    const s = await setup();
    for (let i = 0; i < 3; i++) expect((await s.issue('dat-dai')).r.ok).toBe(true);
    const before = [...s.acked.values()].map((a) => seqOf(a.ticket.number));

    s.fs.mode = mode;
    const failingPush = nextEvent<DiskStatus>(s.staff, 'disk', (d) => d.status === 'failing', 8000);
    const lostRequest = 'disk-lost-request-1';
    const failed = await s.issue('dat-dai', lostRequest);
    expect(failed.r.ok).toBe(false);
    if (!failed.r.ok) {
      expect(failed.r.error.code).toBe('internal');
      expect(failed.r.error.message).toMatch(/không lưu được dữ liệu/);
    }
    // "Within a few seconds", also when the sync never returns.
    expect(failed.ms).toBeLessThan(SYNC_TIMEOUT_MS + 2500);
    const pushed = await failingPush;
    expect(pushed.since).not.toBeNull();
    expect(pushed.message).toMatch(mode === 'hang' ? /did not finish/ : mode === 'eio' ? /EIO/ : /ENOSPC/);
    expect((await health(s.server)).disk.status).toBe('failing');

    // While failing, every change is refused at once, for kiosks and counters alike.
    const again = await s.issue('ho-tich');
    expect(again.r.ok).toBe(false);
    expect(again.ms).toBeLessThan(1000);
    const call = await request<{ ticket: PublicTicket | null }>(s.staff, 'ticket:callNext', { counterId: 'q1' });
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.error.code).toBe('internal');

    // The disk works again (a hung sync still hangs: it returns only later).
    const rebuilt = nextEvent<StaffSnapshot>(s.staff, 'snapshot', () => true, 15_000);
    s.fs.mode = 'ok';
    await until('the disk state to be ok again', async () => (await health(s.server)).disk.status === 'ok', 15_000);
    await rebuilt;
    expect(s.disk.at(-1)?.status).toBe('ok');

    // The lost request retried: its ticket if its line reached the disk, else a new number;
    // either way no number that was in flight is handed to anyone else.
    const retried = await s.issue('dat-dai', lostRequest);
    expect(retried.r.ok, JSON.stringify(retried.r)).toBe(true);
    const fresh = await s.issue('dat-dai');
    expect(fresh.r.ok).toBe(true);
    if (!retried.r.ok || !fresh.r.ok) return;
    const inFlight = Math.max(...before) + 1;
    const retriedSeq = seqOf(retried.r.ticket.number);
    if (mode === 'enospc') expect(retriedSeq, 'a number lost with half a write was given out again').toBeGreaterThan(inFlight);
    else expect(retriedSeq).toBeGreaterThanOrEqual(inFlight);
    expect(seqOf(fresh.r.ticket.number)).toBeGreaterThan(retriedSeq);

    if (mode === 'hang') {
      // The hung sync finally returns: it must not resurrect anything or answer anyone.
      expect(s.fs.hanging).toBeGreaterThan(0);
      s.fs.release();
      await new Promise((r) => setTimeout(r, 200));
      expect((await s.issue('dat-dai')).r.ok).toBe(true);
    }
    const restarted = await checkAfterRestart(s);
    expect((await health(restarted)).disk.status).toBe('ok');
  }, 60_000);
});

describe('a file opened after its time limit', () => {
  it('is never written to: its directory sync hung, the day was replaced meanwhile', async () => {
    const s = await setup();
    expect((await s.issue('ho-tich')).r.ok).toBe(true);
    // A failure drops the open file; its line reached the page cache, so recovery writes
    // nothing and the next change must open the day's file again.
    s.fs.mode = 'hang';
    expect((await s.issue('ho-tich')).r.ok).toBe(false);
    s.fs.mode = 'ok';
    await until('the disk state to be ok again', async () => (await health(s.server)).disk.status === 'ok', 15_000);
    // That open's directory sync hangs: the change fails, recovery replaces the day's file.
    s.fs.hangOnce = 'syncDir';
    expect((await s.issue('ho-tich')).r.ok).toBe(false);
    await until('the disk state to be ok again', async () => (await health(s.server)).disk.status === 'ok', 15_000);
    // The hung sync returns now: the file it opened is the replaced one and must stay unused.
    s.fs.release();
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 3; i++) expect((await s.issue('ho-tich')).r.ok).toBe(true);
    await checkAfterRestart(s);
  }, 60_000);
});
