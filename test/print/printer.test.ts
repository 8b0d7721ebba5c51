import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPrinter, createPrinterWithTransport } from '../../server/print/index.js';
import { renderTicketBitmap } from '../../server/print/render.js';
import { renderPool } from '../../server/print/render-pool.js';
import { DeviceTransport, TcpTransport } from '../../server/print/transport.js';
import type { TicketPrinter } from '../../server/print/types.js';
import type { PrinterStatus } from '../../shared/types.js';
import { assembleRaster, bitmapToPng, countBlack, decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { sampleJob, sleep, testConfig, until, writeArtifact } from './helpers.js';

// The queue's timing is under test here, not the renderer's cold start (fonts, Skia).
beforeAll(async () => {
  renderTicketBitmap(sampleJob(), { width: 576 });
  // Tickets are drawn on the renderer thread: its start-up is paid here too.
  await renderPool.ready();
}, 30_000);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(...args: Parameters<typeof FakePrinter.start>): Promise<FakePrinter> {
  const p = await FakePrinter.start(...args);
  cleanups.push(() => p.stop());
  return p;
}

function printerFor(...args: Parameters<typeof testConfig>): TicketPrinter {
  const p = createPrinter(testConfig(...args));
  cleanups.push(() => p.close());
  return p;
}

/** A device printer over a plain file: the printer setting itself only takes real device nodes. */
function deviceFor(file: string): TicketPrinter {
  const p = createPrinterWithTransport(testConfig('/dev/usb/lp0'), new DeviceTransport(file));
  cleanups.push(() => p.close());
  return p;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const t = Date.now();
  const value = await work;
  return { value, ms: Date.now() - t };
}

/** Prints and waits until the queue is empty; the answer itself may be "queued" on a starved CPU. */
async function printAndSettle(p: TicketPrinter, print: () => ReturnType<TicketPrinter['print']>): Promise<void> {
  const r = await print();
  expect(['printed', 'queued']).toContain(r.status);
  await until(() => p.status().pending === 0 && p.status().status === 'ok', 5000, 'the job to print');
}

/** One received job, decoded: what a human would find on the paper. */
function decodeTicket(bytes: Buffer) {
  const cmds = decodeEscPos(bytes);
  return { cmds, images: assembleRaster(cmds), qr: qrCodes(cmds), cuts: cmds.filter((c) => c.type === 'cut').length };
}

describe('printing to a network printer', () => {
  it('prints a ticket: initialised, 576-dot raster of the expected height, QR of the track URL, cut', async () => {
    const printer = await fake();
    const p = printerFor(printer.target, { ackTimeoutMs: 2000 });
    // Steady state, as at a kiosk: the renderer has loaded (it loads lazily when the printer is made).
    await printAndSettle(p, () => p.test());
    const job = sampleJob();
    const { value, ms } = await timed(p.print(job));
    expect(value).toEqual({ status: 'printed' });
    expect(ms).toBeLessThan(2000);
    expect(p.status()).toEqual({ status: 'ok', pending: 0 });
    expect(printer.jobs).toHaveLength(2);
    const bytes = printer.jobs[1]!.bytes;
    const t = decodeTicket(bytes);
    expect(t.cmds[0]).toEqual({ type: 'init' });
    expect(t.images).toHaveLength(1);
    const expected = renderTicketBitmap(job, { width: 576 });
    expect(t.images[0]!.width).toBe(576);
    expect(t.images[0]!.height).toBe(expected.height);
    const black = countBlack(t.images[0]!) / (576 * expected.height);
    expect(black).toBeGreaterThan(0.04);
    expect(black).toBeLessThan(0.35);
    expect(t.qr.map((q) => q.data)).toEqual([job.trackUrl]);
    expect(t.cuts).toBe(1);
    writeArtifact('printed-576.png', await bitmapToPng(t.images[0]!));
    writeArtifact('printed-576.bin', bytes);
  });

  it('prints 384 dots wide on 58 mm paper', async () => {
    const printer = await fake();
    const p = printerFor(printer.target, { paperWidth: 58 });
    const job = sampleJob({ priority: null });
    await printAndSettle(p, () => p.print(job));
    const t = decodeTicket(printer.jobs[0]!.bytes);
    expect(t.images[0]!.width).toBe(384);
    expect(t.images[0]!.height).toBe(renderTicketBitmap(job, { width: 384 }).height);
    expect(t.qr[0]?.data).toBe(job.trackUrl);
    writeArtifact('printed-384.png', await bitmapToPng(t.images[0]!));
  });

  it('prints the test page through the same queue', async () => {
    const printer = await fake();
    const p = printerFor(printer.target);
    await printAndSettle(p, () => p.test());
    const t = decodeTicket(printer.jobs[0]!.bytes);
    expect(t.images[0]!.width).toBe(576);
    expect(t.qr[0]?.data).toBe('LUOT TEST OK');
    expect(t.cuts).toBe(1);
    writeArtifact('test-page-576.png', await bitmapToPng(t.images[0]!));
  });

  it('prints jobs one at a time, in the order they came', async () => {
    const printer = await fake();
    const p = printerFor(printer.target);
    const jobs = [1, 2, 3, 4].map((n) => sampleJob({ number: `B00${n}`, trackUrl: `http://10.0.0.1/t/${n}` }));
    const results = await Promise.all(jobs.map((j) => p.print(j)));
    // Each answer is bounded by the ack time; a slow machine may answer "queued" for the last ones.
    for (const r of results) expect(['printed', 'queued']).toContain(r.status);
    await until(() => p.status().pending === 0, 5000, 'all four printed');
    expect(printer.jobs.map((j) => decodeTicket(j.bytes).qr[0]?.data)).toEqual(jobs.map((j) => j.trackUrl));
    expect(p.status()).toEqual({ status: 'ok', pending: 0 });
  });
});

describe('when the printer misbehaves', () => {
  it('nothing listening (ECONNREFUSED): answers "queued" fast, goes offline, does not crash', async () => {
    const port = await FakePrinter.freePort();
    const p = printerFor(`tcp://127.0.0.1:${port}`);
    const { value, ms } = await timed(p.print(sampleJob()));
    expect(value.status).toBe('queued');
    expect(ms).toBeLessThan(2000);
    // The answer may come from the ack timer before the refusal on a loaded machine: wait for the state.
    await until(() => p.status().status === 'offline', 3000, 'offline');
    expect(p.status().message).toMatch(/ECONNREFUSED/);
    expect(p.status().pending).toBe(1);
    // Behind a failing printer a new ticket is answered when that is known, within the ack time.
    const second = await timed(p.print(sampleJob()));
    expect(second.value.status).toBe('queued');
    expect(second.value.message).toMatch(/ECONNREFUSED/);
    expect(second.ms).toBeLessThan(2000);
    expect(p.status().pending).toBe(2);
  });

  it('a printer that never reads: answers "queued" within 2 s, the attempt times out, close() does not hang', async () => {
    const printer = await fake({ kind: 'neverRead' });
    const p = createPrinter(testConfig(printer.target, { attemptTimeoutMs: 700 }));
    const { value, ms } = await timed(p.print(sampleJob()));
    expect(value.status).toBe('queued');
    expect(ms).toBeLessThan(2000);
    await until(() => p.status().status === 'offline', 3000, 'offline after the attempt timeout');
    expect(p.status().message).toMatch(/did not take the job/);
    expect(p.status().pending).toBe(1);
    const closing = await timed(p.close());
    expect(closing.ms).toBeLessThan(1000);
  });

  it('a printer that drops the connection mid-job: error state, then the job is retried and printed', async () => {
    const printer = await fake({ kind: 'closeEarly', afterBytes: 1000 });
    const p = printerFor(printer.target);
    const job = sampleJob();
    const { value, ms } = await timed(p.print(job));
    expect(value.status).toBe('queued');
    expect(ms).toBeLessThan(2000);
    await until(() => ['error', 'offline'].includes(p.status().status), 3000, 'error state');
    expect(printer.completeJobs).toHaveLength(0);
    printer.setMode({ kind: 'normal' });
    await until(() => printer.completeJobs.length === 1, 3000, 'the retried job');
    await until(() => p.status().status === 'ok', 3000, 'ok after the retry');
    expect(decodeTicket(printer.completeJobs[0]!).qr[0]?.data).toBe(job.trackUrl);
    expect(p.status().pending).toBe(0);
  });

  it('a printer that comes back prints the queued ticket exactly once', async () => {
    const printer = await fake();
    await printer.stop();
    const p = printerFor(printer.target);
    const job = sampleJob({ number: 'C042', trackUrl: 'http://10.0.0.1/t/come-back' });
    expect((await p.print(job)).status).toBe('queued');
    await until(() => p.status().status === 'offline', 3000, 'offline');
    await sleep(300); // a few failed retries while it is off
    await printer.restart();
    await until(() => p.status().status === 'ok' && p.status().pending === 0, 3000, 'printer back');
    await sleep(500); // room for a duplicate to show up, if there were one
    expect(printer.jobs).toHaveLength(1);
    const t = decodeTicket(printer.jobs[0]!.bytes);
    expect(t.cuts).toBe(1);
    expect(t.qr.map((q) => q.data)).toEqual([job.trackUrl]);
    // The right number: the printed picture is exactly this ticket's rendering.
    const expected = renderTicketBitmap(job, { width: 576 });
    expect(Buffer.from(t.images[0]!.bits).equals(Buffer.from(expected.bits))).toBe(true);
    expect(p.status()).toEqual({ status: 'ok', pending: 0 });
    expect((await p.print(job)).status).toBe('printed');
    expect(printer.jobs).toHaveLength(1);
  });

  it('a repeated job id is printed once (concurrent or later), unless reprint is asked for', async () => {
    const printer = await fake();
    const p = printerFor(printer.target);
    const job = sampleJob();
    const [a, b] = await Promise.all([p.print(job), p.print({ ...job })]);
    expect(['queued', 'printed']).toContain(a.status);
    expect(['queued', 'printed']).toContain(b.status);
    await until(() => p.status().pending === 0, 5000, 'the job printed');
    expect((await p.print(job)).status).toBe('printed');
    await sleep(200);
    expect(printer.jobs).toHaveLength(1);
    expect((await p.print({ ...job, reprint: true })).status).toBe('printed');
    expect(printer.jobs).toHaveLength(2);
  });

  it('a job older than staleAfterMs is dropped, never printed late, and the status says so', async () => {
    const printer = await fake();
    await printer.stop();
    const p = printerFor(printer.target, { staleAfterMs: 1000 });
    const job = sampleJob({ number: 'D007' });
    expect((await p.print(job)).status).toBe('queued');
    await until(() => p.status().pending === 0, 3000, 'the stale job to be dropped');
    expect(p.status().message).toMatch(/D007.*(dropped|bỏ)|bỏ.*D007/);
    expect(await p.print(job)).toMatchObject({ status: 'failed' });
    await printer.restart();
    await sleep(600);
    expect(printer.jobs).toHaveLength(0);
  });

  it('target "none" is disabled and never queues', async () => {
    const p = createPrinter(testConfig('none'));
    expect(p.status().status).toBe('disabled');
    expect(await p.print(sampleJob())).toEqual({ status: 'disabled' });
    expect(await p.test()).toEqual({ status: 'disabled' });
    await p.close();
  });

  it('a malformed target is an error state, and print() fails at once', async () => {
    const p = createPrinter(testConfig('tcp://:abc'));
    expect(p.status().status).toBe('error');
    const r = await p.print(sampleJob());
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/không hợp lệ/);
  });

  it('tells listeners about every change, and survives a listener that throws', async () => {
    const printer = await fake();
    await printer.stop();
    const p = printerFor(printer.target);
    const seen: PrinterStatus[] = [];
    p.onStatus(() => {
      throw new Error('listener bug');
    });
    const off = p.onStatus((s) => seen.push(s));
    await p.print(sampleJob());
    await until(() => p.status().status === 'offline', 3000, 'offline');
    await printer.restart();
    await until(() => p.status().status === 'ok' && p.status().pending === 0, 3000, 'ok');
    expect(seen.map((s) => s.status)).toContain('offline');
    expect(seen.at(-1)).toEqual({ status: 'ok', pending: 0 });
    expect(seen.some((s) => s.pending === 1)).toBe(true);
    off();
    const count = seen.length;
    await p.print(sampleJob());
    expect(seen.length).toBe(count);
  });

  it('checks an idle printer now and then and reports it off and back on', async () => {
    const printer = await fake();
    const p = printerFor(printer.target, { probeIntervalMs: 50 });
    await until(() => p.status().status === 'ok' && p.status().message === undefined, 2000, 'first check');
    await printer.stop();
    await until(() => p.status().status === 'offline', 2000, 'offline');
    await printer.restart();
    await until(() => p.status().status === 'ok', 2000, 'back');
    // The checks are empty connections: none of them is a print job.
    expect(printer.connections).toBeGreaterThan(1);
    expect(printer.jobs).toHaveLength(0);
  });

  it('text mode, when configured, sends the code page and text instead of a raster', async () => {
    const printer = await fake();
    const p = printerFor(printer.target, { textMode: { codePage: 30, encoding: 'tcvn' } });
    const job = sampleJob();
    await printAndSettle(p, () => p.print(job));
    const t = decodeTicket(printer.jobs[0]!.bytes);
    expect(t.cmds.some((c) => c.type === 'codePage' && c.page === 30)).toBe(true);
    expect(t.images).toHaveLength(0);
    expect(t.qr[0]?.data).toBe(job.trackUrl);
    expect(t.cuts).toBe(1);
  });

  it('the TCP transport refuses an empty buffer instead of crashing the process', async () => {
    const printer = await fake();
    const t = new TcpTransport('127.0.0.1', printer.port);
    await expect(t.execute(Buffer.alloc(0), { timeoutMs: 500 })).rejects.toMatchObject({ code: 'EEMPTY' });
    expect(printer.connections).toBe(0);
  });
});

describe('device and system printers', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('writes the job to a device path (a file stands in for /dev/usb/lp0)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'luot-lp-'));
    const device = join(dir, 'lp0');
    writeFileSync(device, '');
    const p = deviceFor(device);
    const job = sampleJob();
    await printAndSettle(p, () => p.print(job));
    expect(qrCodes(decodeEscPos(readFileSync(device)))[0]?.data).toBe(job.trackUrl);
  });

  it('a missing device (USB printer unplugged) is offline and the job waits', async () => {
    dir = mkdtempSync(join(tmpdir(), 'luot-lp-'));
    const device = join(dir, 'lp0');
    const p = deviceFor(device);
    expect((await p.print(sampleJob())).status).toBe('queued');
    await until(() => p.status().status === 'offline', 3000, 'offline');
    expect(p.status().pending).toBe(1);
    writeFileSync(device, ''); // plugged back in
    await until(() => p.status().status === 'ok', 3000, 'device back');
    expect(decodeEscPos(readFileSync(device)).some((c) => c.type === 'cut')).toBe(true);
  });

  it.runIf(process.platform !== 'win32')('printer:NAME goes to the CUPS queue NAME through `lp -o raw`', async () => {
    dir = mkdtempSync(join(tmpdir(), 'luot-cups-'));
    const out = join(dir, 'job.bin');
    const args = join(dir, 'args.txt');
    writeFileSync(join(dir, 'lp'), `#!/bin/sh\necho "$@" > '${args}'\ncat > '${out}'\necho "request id is $2-1"\n`);
    chmodSync(join(dir, 'lp'), 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${dir}:${savedPath ?? ''}`;
    try {
      const p = printerFor('printer:KIOSK_80');
      const job = sampleJob();
      await printAndSettle(p, () => p.print(job));
      expect(readFileSync(args, 'utf8').trim()).toBe('-d KIOSK_80 -o raw -t Luot ticket');
      expect(qrCodes(decodeEscPos(readFileSync(out)))[0]?.data).toBe(job.trackUrl);
      // Without lp installed the message says what to install.
      process.env.PATH = join(dir, 'empty');
      const q = printerFor('printer:OTHER');
      expect((await q.print(sampleJob())).status).toBe('queued');
      await until(() => q.status().status === 'error', 3000, 'error state');
      expect(q.status().message).toMatch(/cups-client/);
    } finally {
      process.env.PATH = savedPath;
    }
    expect(existsSync(out)).toBe(true);
  });
});
