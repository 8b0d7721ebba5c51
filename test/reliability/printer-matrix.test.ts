// The printer failing under load: 20 kiosks keep issuing while the network printer is off,
// never reads, cuts jobs halfway, and comes back. Issuing never waits on paper (every ack within
// 2 s), the server stays up, and once the printer is back every ticket has been printed exactly
// once. The printer is built from the settings exactly as in production (`printer: target`
// seeds them), so the real back-off applies (1 s doubling, 4 s per attempt): phases are short
// and each one lets the printer recover before the next.
//
// Measured here first: with a jammed printer every kiosk waited 2.0–2.5 s for its number (the
// printer's 1.5 s ack time started after the journal write, behind other kiosks' renders).
// server/office.ts now passes `receivedAt` and the ack time counts from the request.
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, PrinterStatus, PrintStatus } from '../../shared/types.js';
import { decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { sleep, until } from './helpers.js';

const KIOSKS = 20;
const SERVICES = ['dat-dai', 'ho-tich', 'tu-phap', 'dkkd', 'ldtbxh'];

let fake: FakePrinter;
let server: TestServer;
let kiosks: Socket[] = [];
let supervisor = '';
const issued = new Map<string, { number: string; phase: string; print: PrintStatus }>();
const latencies: { phase: string; ms: number }[] = [];
const printerEvents: PrinterStatus['status'][] = [];
/** What the fake printer received, decoded once: trackUrl per job, and how the job ended. */
const received: { url: string | null; clean: boolean; phase: string }[] = [];
let decodedJobs = 0;
let phase = 'warm-up';

/**
 * `clean`: the printer read the job and saw it end — printed. A job on a connection that was cut
 * may still have arrived whole: switched off right after the last byte came in, the fake
 * printer has all of it but never saw our FIN, and the server (rightly: every byte was taken
 * and the printer closed) counts it as printed. Such a job is printed once if it was not sent
 * again; `url` is null when the job did not arrive whole.
 */
function decodeNewJobs(): void {
  for (; decodedJobs < fake.jobs.length; decodedJobs++) {
    const job = fake.jobs[decodedJobs]!;
    let url: string | null = null;
    try {
      const cmds = decodeEscPos(job.bytes);
      if (cmds.some((c) => c.type === 'cut')) url = qrCodes(cmds).map((q) => q.data)[0] ?? null;
    } catch {
      url = null;
    }
    if (job.complete) expect(url, 'a cleanly ended job that is not a whole ticket').not.toBeNull();
    received.push({ url, clean: job.complete, phase });
  }
}

/** Tickets printed: cleanly, or (only when the printer was switched off mid-wave) whole on a cut line and not sent again. */
function printedUrls(): string[] {
  const clean = received.filter((r) => r.clean).map((r) => r.url!);
  const cleanSet = new Set(clean);
  const wholeCut = received.filter((r) => !r.clean && r.url && r.phase === 'flap' && !cleanSet.has(r.url)).map((r) => r.url!);
  return [...clean, ...wholeCut];
}

async function printerStatus(): Promise<PrinterStatus> {
  const r = await server.api<{ printer: PrinterStatus }>('GET', '/api/printer', undefined, supervisor);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.printer;
}

/** Each kiosk issues `perKiosk` tickets one after another with small random gaps; all kiosks at once. */
async function wave(phase: string, perKiosk: number): Promise<void> {
  await Promise.all(
    kiosks.map(async (k, i) => {
      for (let n = 0; n < perKiosk; n++) {
        await sleep(Math.random() * 250);
        const t0 = performance.now();
        const r = (await k.timeout(10_000).emitWithAck('ticket:issue', { serviceId: SERVICES[(i + n) % SERVICES.length], requestId: `${phase}-${i}-${n}-${process.pid}` })) as
          | ({ ok: true } & IssueResult)
          | { ok: false; error: { code: string; message: string } };
        latencies.push({ phase, ms: performance.now() - t0 });
        if (!r.ok) throw new Error(`${phase}: issue refused: ${r.error.code} ${r.error.message}`);
        issued.set(r.trackUrl, { number: r.ticket.number, phase, print: r.print.status });
      }
    }),
  );
}

/** The printer is back and has caught up: everything issued so far has come out. */
async function caughtUp(what: string, timeoutMs = 60_000): Promise<void> {
  let pending: number | undefined;
  try {
    await until(async () => {
      decodeNewJobs();
      pending = (await printerStatus()).pending;
      return new Set(printedUrls()).size >= issued.size && pending === 0;
    }, timeoutMs, what);
  } catch (err) {
    // Counted when the wait ends, not when it starts: a count from the start (as this message
    // once had) made one lost ticket read as a queue that printed nothing for 60 s.
    throw new Error(`${(err as Error).message}: ${issued.size} tickets printed (have ${new Set(printedUrls()).size}, ${pending} still queued)`);
  }
}

async function healthy(): Promise<void> {
  const r = await server.api('GET', '/api/health');
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  fake = await FakePrinter.start();
  server = await startTestServer({ printer: fake.target });
  supervisor = await server.staff('giamsat-in', 'supervisor');
  kiosks = await Promise.all(Array.from({ length: KIOSKS }, () => server.connect('/kiosk')));
  kiosks[0]!.on('printer', (s: PrinterStatus) => printerEvents.push(s.status));
  // The renderer loads in the background when the printer is made: the first ticket waits for
  // it, so the cold start is paid here rather than measured as an ack.
  await until(async () => (await printerStatus()).status === 'ok', 20_000, 'the printer to be checked');
  const r = (await kiosks[0]!.timeout(15_000).emitWithAck('ticket:issue', { serviceId: 'ho-tich' })) as { ok: true } & IssueResult;
  issued.set(r.trackUrl, { number: r.ticket.number, phase: 'warm-up', print: r.print.status });
  await caughtUp('warm-up');
}, 60_000);

afterAll(async () => {
  for (const k of kiosks) k.close();
  await server?.stop();
  await fake?.stop();
});

describe('printer failure matrix under load (20 kiosks)', () => {
  it('printer on: tickets print as they are issued', async () => {
    phase = 'normal';
    await wave('normal', 2);
    await caughtUp('normal');
    await healthy();
  }, 90_000);

  it('printer off (nothing listening), then back on', async () => {
    phase = 'off';
    await fake.stop();
    await wave('off', 2);
    await until(async () => (await printerStatus()).status === 'offline', 10_000, 'offline state');
    expect((await printerStatus()).pending).toBeGreaterThan(0);
    await healthy();
    await fake.restart();
    await caughtUp('off → back');
    await healthy();
  }, 120_000);

  it('printer that accepts and never reads (jam), then back', async () => {
    phase = 'never-read';
    fake.setMode({ kind: 'neverRead' });
    await wave('never-read', 2);
    // One attempt hangs to its 4 s deadline while kiosks keep issuing behind it.
    await until(async () => (await printerStatus()).status === 'offline', 15_000, 'offline after the attempt deadline');
    await healthy();
    fake.setMode({ kind: 'normal' });
    await caughtUp('never-read → back');
    await healthy();
  }, 120_000);

  it('printer that drops the connection mid-job, then back', async () => {
    phase = 'close-early';
    fake.setMode({ kind: 'closeEarly', afterBytes: 1000 });
    await wave('close-early', 2);
    await until(async () => ['error', 'offline'].includes((await printerStatus()).status), 10_000, 'error state');
    await healthy();
    fake.setMode({ kind: 'normal' });
    await caughtUp('close-early → back');
    await healthy();
  }, 120_000);

  it('off while a wave is being issued, on again before it ends', async () => {
    phase = 'flap';
    const w = wave('flap', 3);
    await sleep(300);
    await fake.stop();
    await sleep(1200);
    await fake.restart();
    await w;
    await caughtUp('flap → back');
    await healthy();
  }, 120_000);

  it('every ack came within 2 s, every ticket printed exactly once, none failed', async () => {
    await sleep(1500); // room for a late duplicate to arrive, if there were one
    decodeNewJobs();
    const max = Math.max(...latencies.map((l) => l.ms));
    const byPhase = Object.fromEntries(
      [...new Set(latencies.map((l) => l.phase))].map((p) => {
        const ms = latencies.filter((l) => l.phase === p).map((l) => l.ms).sort((a, b) => a - b);
        return [p, { n: ms.length, p50: Math.round(ms[Math.floor(ms.length / 2)]!), max: Math.round(ms.at(-1)!) }];
      }),
    );
    const statuses = [...issued.values()].reduce<Record<string, number>>((a, t) => ((a[t.print] = (a[t.print] ?? 0) + 1), a), {});
    const printed = printedUrls();
    const clean = received.filter((r) => r.clean).length;
    const cutWhole = printed.length - clean;
    const cut = received.filter((r) => !r.clean).length;
    console.log(`[printer matrix] tickets ${issued.size}, printed ${printed.length} (${clean} cleanly, ${cutWhole} whole on a line cut after the last byte), connections cut ${cut}, max ack ${Math.round(max)} ms, by phase ${JSON.stringify(byPhase)}, print answers ${JSON.stringify(statuses)}, kiosk saw ${JSON.stringify([...new Set(printerEvents)])}`);

    expect(max).toBeLessThan(2000);
    expect(issued.size).toBe(1 + KIOSKS * (2 + 2 + 2 + 2 + 3));
    // Exactly once: as many prints as tickets, no track URL twice, and the same set.
    expect(printed.length).toBe(issued.size);
    expect(new Set(printed).size).toBe(printed.length);
    expect(new Set(printed)).toEqual(new Set(issued.keys()));
    expect(statuses.failed ?? 0).toBe(0);
    // The printer failing was visible: kiosks were told, and jobs really were cut or refused.
    expect(printerEvents).toContain('offline');
    expect(printerEvents).toContain('error');
    expect(printerEvents.at(-1)).toBe('ok');
    expect(received.filter((r) => !r.clean && r.phase === 'close-early').length).toBeGreaterThan(0);
    // Numbers stayed unique per service through it all.
    const numbers = [...issued.values()].map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  }, 30_000);
});
