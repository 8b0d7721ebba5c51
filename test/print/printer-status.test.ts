// The printer's own status (DLE EOT 1/2/4), from the bytes a printer answers to the queue's
// decisions: a printer that says it has no paper is not sent the job, the job waits and prints
// once when the paper is back, and a printer that never answers still prints and is not called
// offline.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPrinter } from '../../server/print/index.js';
import { renderTicketBitmap } from '../../server/print/render.js';
import { renderPool } from '../../server/print/render-pool.js';
import { conditionOf, decodePaperSensor, decodeStatus, isStatusByte, STATUS_REQUEST } from '../../server/print/status.js';
import { PrinterConditionError, TcpTransport } from '../../server/print/transport.js';
import type { TicketPrinter } from '../../server/print/types.js';
import type { PrinterStatus } from '../../shared/types.js';
import { bytes, decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter, statusAnswer, type FakePrinterStatus } from '../support/fake-printer.js';
import { sampleJob, testConfig, until } from './helpers.js';

beforeAll(async () => {
  renderTicketBitmap(sampleJob(), { width: 576 });
  // Tickets are drawn on the renderer thread: its start-up is paid here too.
  await renderPool.ready();
}, 30_000);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(status: Partial<FakePrinterStatus> = {}): Promise<FakePrinter> {
  const p = await FakePrinter.start();
  p.setStatus(status);
  cleanups.push(() => p.stop());
  return p;
}

function printerFor(...args: Parameters<typeof testConfig>): { p: TicketPrinter; seen: PrinterStatus[] } {
  const p = createPrinter(testConfig(...args));
  const seen: PrinterStatus[] = [];
  p.onStatus((s) => seen.push(s));
  cleanups.push(() => p.close());
  return { p, seen };
}

// Answer bytes as the Epson ESC/POS reference gives them (fixed pattern 0xx1xx10).
const ONLINE = 0x12; // DLE EOT 1: nothing set
const OFFLINE = 0x1a; // DLE EOT 1: bit 3
const NO_CAUSE = 0x12; // DLE EOT 2
const COVER_OPEN = 0x16; // DLE EOT 2: bit 2
const FEED_BUTTON = 0x1a; // DLE EOT 2: bit 3
const PAPER_END_STOP = 0x32; // DLE EOT 2: bit 5
const ERROR = 0x52; // DLE EOT 2: bit 6
const PAPER_OK = 0x12; // DLE EOT 4
const NEAR_END = 0x1e; // DLE EOT 4: bits 2-3
const PAPER_END = 0x72; // DLE EOT 4: bits 5-6

describe('status bytes', () => {
  it('asks DLE EOT 1, 2 and 4', () => {
    expect([...STATUS_REQUEST]).toEqual([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
  });

  it('accepts only bytes with the fixed pattern 0xx1xx10', () => {
    for (const b of [ONLINE, OFFLINE, COVER_OPEN, PAPER_END_STOP, ERROR, NEAR_END, PAPER_END, 0x7e]) expect(isStatusByte(b)).toBe(true);
    for (const b of [0x00, 0xff, 0x13, 0x10, 0x02, 0x92, 0x0a]) expect(isStatusByte(b)).toBe(false);
    expect(decodeStatus([])).toBeNull();
    expect(decodeStatus([0x00, 0x12, 0x12])).toBeNull();
  });

  it('decodes each condition', () => {
    const clear = { offline: false, coverOpen: false, feeding: false, paperOut: false, error: false, paperNearEnd: false };
    expect(decodeStatus([ONLINE, NO_CAUSE, PAPER_OK])).toEqual(clear);
    expect(decodeStatus([OFFLINE, COVER_OPEN, PAPER_OK])).toEqual({ ...clear, offline: true, coverOpen: true });
    expect(decodeStatus([OFFLINE, PAPER_END_STOP, PAPER_END])).toEqual({ ...clear, offline: true, paperOut: true });
    // The roll sensor alone, or the offline cause alone, is enough for "paper out".
    expect(decodeStatus([OFFLINE, NO_CAUSE, PAPER_END])!.paperOut).toBe(true);
    expect(decodeStatus([OFFLINE, PAPER_END_STOP])!.paperOut).toBe(true);
    expect(decodeStatus([ONLINE, NO_CAUSE, NEAR_END])).toEqual({ ...clear, paperNearEnd: true });
    expect(decodeStatus([OFFLINE, ERROR, PAPER_OK])).toEqual({ ...clear, offline: true, error: true });
    expect(decodeStatus([OFFLINE, FEED_BUTTON, PAPER_OK])).toEqual({ ...clear, offline: true, feeding: true });
    // A printer without DLE EOT 4 still gives the first two.
    expect(decodeStatus([ONLINE, NO_CAUSE])).toEqual(clear);
    // A garbled later byte is ignored, not read as a condition.
    expect(decodeStatus([ONLINE, 0xff, 0xff])).toEqual(clear);
  });

  it('maps a status to what staff see and whether jobs must wait', () => {
    const c = (answers: number[]) => conditionOf(decodeStatus(answers)!);
    expect(c([ONLINE, NO_CAUSE, PAPER_OK])).toEqual({ state: 'ok', blocking: false, paperNearEnd: false });
    expect(c([OFFLINE, PAPER_END_STOP, PAPER_END])).toMatchObject({ state: 'paper_out', blocking: true, message: expect.stringContaining('hết giấy') });
    // Cover first: with the cover up the paper sensor often reads "end" too.
    expect(c([OFFLINE, COVER_OPEN | PAPER_END_STOP, PAPER_END])).toMatchObject({ state: 'error', blocking: true, message: expect.stringContaining('Nắp máy in') });
    expect(c([OFFLINE, ERROR, PAPER_OK])).toMatchObject({ state: 'error', blocking: true });
    expect(c([OFFLINE, NO_CAUSE, PAPER_OK])).toMatchObject({ state: 'offline', blocking: true });
    expect(c([OFFLINE, FEED_BUTTON, PAPER_OK])).toMatchObject({ state: 'ok', blocking: false });
    expect(c([ONLINE, NO_CAUSE, NEAR_END])).toMatchObject({ state: 'ok', blocking: false, paperNearEnd: true, message: expect.stringContaining('sắp hết') });
    for (const [k, v] of Object.entries({ ...c([OFFLINE, COVER_OPEN, PAPER_OK]) })) if (typeof v === 'string') expect(v, k).toBe(v.normalize('NFC'));
  });

  it('decodes GS r 1 (paper sensor)', () => {
    expect(decodePaperSensor(0x00)).toEqual({ paperNearEnd: false, paperOut: false });
    expect(decodePaperSensor(0x03)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(decodePaperSensor(0x0f)).toEqual({ paperNearEnd: true, paperOut: true });
    expect(decodePaperSensor(0x90)).toBeNull();
  });

  it('the fake printer answers as the reference says', () => {
    const s: FakePrinterStatus = { paperOut: false, paperNearEnd: false, coverOpen: false, offline: false, error: false, silent: false };
    expect([1, 2, 4].map((n) => statusAnswer('DLE EOT', n, s))).toEqual([ONLINE, NO_CAUSE, PAPER_OK]);
    expect([1, 2, 4].map((n) => statusAnswer('DLE EOT', n, { ...s, paperOut: true }))).toEqual([OFFLINE, PAPER_END_STOP, 0x7e]);
    expect([1, 2, 4].map((n) => statusAnswer('DLE EOT', n, { ...s, coverOpen: true }))).toEqual([OFFLINE, COVER_OPEN, PAPER_OK]);
    expect(statusAnswer('GS r', 1, { ...s, paperOut: true })).toBe(0x0c);
  });

  it('the ESC/POS decoder reads status requests in a job stream', () => {
    const cmds = decodeEscPos(bytes(STATUS_REQUEST, [0x1d, 0x72, 0x01], [0x1b, 0x40], 'A015', 0x0a));
    expect(cmds.slice(0, 4)).toEqual([
      { type: 'statusRequest', command: 'DLE EOT', n: 1 },
      { type: 'statusRequest', command: 'DLE EOT', n: 2 },
      { type: 'statusRequest', command: 'DLE EOT', n: 4 },
      { type: 'statusRequest', command: 'GS r', n: 1 },
    ]);
    expect(cmds.slice(4).map((c) => c.type)).toEqual(['init', 'text', 'lf']);
  });
});

describe('the TCP transport reads the status back', () => {
  it('reads each state from a printer, and null from one that never answers', async () => {
    const printer = await fake();
    const t = new TcpTransport('127.0.0.1', printer.port);
    expect(await t.readStatus(2000)).toMatchObject({ paperOut: false, coverOpen: false, offline: false });
    printer.setStatus({ paperOut: true });
    expect(await t.readStatus(2000)).toMatchObject({ paperOut: true, offline: true });
    printer.setStatus({ paperOut: false, coverOpen: true });
    expect(await t.readStatus(2000)).toMatchObject({ coverOpen: true, paperOut: false });
    printer.setStatus({ coverOpen: false, silent: true });
    const started = Date.now();
    expect(await t.readStatus(300)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    // Status polls are not jobs.
    await until(() => printer.statusPolls === 4, 2000, 'four status polls');
    expect(printer.jobs).toHaveLength(0);
    await printer.stop();
    await expect(t.readStatus(300, 1000)).rejects.toMatchObject({ offline: true });
  });

  it('does not send a job to a printer that says it has no paper', async () => {
    const printer = await fake({ paperOut: true });
    const t = new TcpTransport('127.0.0.1', printer.port);
    const err = await t.execute(Buffer.from([0x1b, 0x40, 0x41, 0x0a]), { timeoutMs: 3000, statusTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterConditionError);
    expect((err as PrinterConditionError).condition.state).toBe('paper_out');
    await until(() => printer.statusPolls === 1, 2000, 'the connection to close');
    expect(printer.jobs).toHaveLength(0);
  });
});

describe('the queue follows what the printer says', () => {
  it('paper out: the job waits unsent, is answered "queued" at once, and prints once when the paper is back', async () => {
    const printer = await fake({ paperOut: true });
    const { p, seen } = printerFor(printer.target, { retryMaxMs: 300 });
    const job = sampleJob();
    const started = Date.now();
    const r = await p.print(job);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.status).toBe('queued');
    expect(r.message).toContain('hết giấy');
    expect(p.status()).toMatchObject({ status: 'paper_out', pending: 1 });
    await new Promise((res) => setTimeout(res, 800));
    // Asked again and again, never sent the ticket.
    expect(printer.statusPolls).toBeGreaterThanOrEqual(2);
    expect(printer.jobs).toHaveLength(0);
    printer.setStatus({ paperOut: false });
    await until(() => p.status().status === 'ok' && p.status().pending === 0, 5000, 'the ticket to print');
    await new Promise((res) => setTimeout(res, 500));
    expect(printer.completeJobs).toHaveLength(1);
    expect(qrCodes(decodeEscPos(printer.completeJobs[0]!)).map((q) => q.data)).toEqual([job.trackUrl]);
    expect(printer.jobs[0]!.statusRequests).toBe(3);
    expect(seen.map((s) => s.status)).toContain('paper_out');
    expect(seen.at(-1)).toEqual({ status: 'ok', pending: 0 });
  });

  it('reports paper out, cover open, offline and paper near end of an idle printer', async () => {
    const printer = await fake();
    const { p } = printerFor(printer.target, { probeIntervalMs: 100 });
    await until(() => printer.statusPolls > 0 && p.status().status === 'ok' && p.status().message === undefined, 3000, 'first check');
    printer.setStatus({ paperOut: true });
    await until(() => p.status().status === 'paper_out', 3000, 'paper out');
    printer.setStatus({ paperOut: false, coverOpen: true });
    await until(() => p.status().status === 'error' && /Nắp/.test(p.status().message ?? ''), 3000, 'cover open');
    printer.setStatus({ coverOpen: false, offline: true });
    await until(() => p.status().status === 'offline', 3000, 'offline');
    printer.setStatus({ offline: false, paperNearEnd: true });
    await until(() => p.status().status === 'ok' && p.status().paperNearEnd === true, 3000, 'near end');
    printer.setStatus({ paperNearEnd: false });
    await until(() => p.status().status === 'ok' && p.status().paperNearEnd === undefined && p.status().message === undefined, 3000, 'all clear');
    expect(printer.jobs).toHaveLength(0);
  });

  it('a printer without DLE EOT 4 still reports paper out, and only the first check waits for the missing answer', async () => {
    const printer = await fake({ noRollSensor: true });
    const { p } = printerFor(printer.target, { statusTimeoutMs: 1500 });
    const first = Date.now();
    expect(['printed', 'queued']).toContain((await p.print(sampleJob())).status);
    await until(() => printer.completeJobs.length === 1, 5000, 'the first ticket');
    expect(Date.now() - first).toBeGreaterThanOrEqual(1400);
    const second = Date.now();
    expect((await p.print(sampleJob())).status).toBe('printed');
    expect(Date.now() - second).toBeLessThan(1000);
    printer.setStatus({ paperOut: true });
    const third = Date.now();
    const r = await p.print(sampleJob());
    expect(r.status).toBe('queued');
    expect(Date.now() - third).toBeLessThan(1000);
    expect(p.status().status).toBe('paper_out');
    expect(printer.completeJobs).toHaveLength(2);
  });

  it('a printer that never answers status still prints, is not called offline, and is not asked before every job', async () => {
    const printer = await fake({ silent: true });
    const { p, seen } = printerFor(printer.target, { statusTimeoutMs: 300 });
    for (let i = 0; i < 3; i++) {
      const r = await p.print(sampleJob());
      expect(['printed', 'queued']).toContain(r.status);
    }
    await until(() => printer.completeJobs.length === 3 && p.status().pending === 0, 8000, 'three tickets');
    expect(seen.every((s) => s.status === 'ok')).toBe(true);
    expect(p.status().status).toBe('ok');
    // Asked before the first job only: once it printed unanswered, the next ones go straight out.
    expect(printer.jobs.map((j) => j.statusRequests)).toEqual([3, 0, 0]);
  });
});
