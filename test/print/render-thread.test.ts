// Tickets are drawn on the renderer thread (server/print/render-pool.ts), not on the event loop
// that answers kiosks; the queue still gets them in the order print() was called, each once.
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { createPrinter } from '../../server/print/index.js';
import { renderPool } from '../../server/print/render-pool.js';
import { clearTicketCache, renderTicketBitmap, ticketCacheSize } from '../../server/print/render.js';
import { assembleRaster, decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import type { TicketPrintJob } from '../../server/print/types.js';
import { sampleJob, testConfig, until } from './helpers.js';
import { renderThreadSuite } from './render-thread-suite.js';

const cleanups = renderThreadSuite();

/** A printer on 127.0.0.1 and a print queue to it, both stopped after the test. */
async function fakeAndQueue() {
  const printer = await FakePrinter.start();
  cleanups.push(() => printer.stop());
  const p = createPrinter(testConfig(printer.target, { ackTimeoutMs: 2000 }));
  cleanups.push(() => p.close());
  return { printer, p };
}

describe('renderer thread', () => {
  it('a burst of 40 tickets reaches the printer in the order print() was called, each once, none drawn on the main thread', async () => {
    const { printer, p } = await fakeAndQueue();
    clearTicketCache();
    // New services among known ones: some renders draw static parts (ms), most do not (tenths of
    // a ms), so a renderer that answered out of order would show it.
    const jobs = Array.from({ length: 40 }, (_, i) =>
      sampleJob({
        number: String(1000 + i),
        trackUrl: `http://127.0.0.1:8080/t/burst${i}`,
        serviceName: i % 5 === 0 ? { vi: `Dịch vụ mới số ${i}`, en: `New service ${i}` } : { vi: 'Hộ tịch', en: 'Civil status' },
      }),
    );
    const answers = await Promise.all(jobs.map((j) => p.print(j)));
    for (const a of answers) expect(['printed', 'queued']).toContain(a.status);
    await until(() => printer.jobs.length >= 40 && p.status().pending === 0, 20_000, 'every job printed');
    const order = printer.jobs.map((j) => qrCodes(decodeEscPos(j.bytes))[0]?.data);
    expect(order).toEqual(jobs.map((j) => j.trackUrl));
    // The printed picture is the ticket as this thread would draw it.
    const image = assembleRaster(decodeEscPos(printer.jobs[7]!.bytes))[0]!;
    const here = renderTicketBitmap(jobs[7]!, { width: 576 });
    expect([image.width, image.height]).toEqual([here.width, here.height]);
    expect(Buffer.from(image.bits).equals(Buffer.from(here.bits))).toBe(true);
    // Drawn elsewhere: this thread's cache only holds the parts of the one ticket drawn above
    // (head, priority box, foot), not the 9 services of the burst.
    expect(ticketCacheSize()).toBe(3);
  }, 40_000);

  it('print() sends each job once, in print() order, drawn after it was asked: nothing is drawn or sent before', async () => {
    const { printer, p } = await fakeAndQueue();
    await renderPool.ready();
    const posts = vi.spyOn(Worker.prototype, 'postMessage');
    const job = sampleJob({ number: '2001', ahead: 7, trackUrl: 'http://127.0.0.1:8080/t/early1' });
    const other = sampleJob({ number: '2002', trackUrl: 'http://127.0.0.1:8080/t/early2' });
    // A job of a service not drawn yet (slower), asked first: it prints first.
    const cold = sampleJob({ number: '2000', serviceName: { vi: 'Lao động – Thương binh và Xã hội', en: 'Labour' }, trackUrl: 'http://127.0.0.1:8080/t/cold' });
    const answers = Promise.all([p.print(cold), p.print(job), p.print(other)]);
    // Posted after this turn (the one that writes a kiosk's ack), all three drawings together.
    await Promise.resolve();
    expect(posts).not.toHaveBeenCalled();
    await new Promise((r) => setImmediate(r));
    expect(posts).toHaveBeenCalledTimes(1);
    posts.mockRestore();
    for (const a of await answers) expect(['printed', 'queued']).toContain(a.status);
    await until(() => printer.jobs.length >= 3 && p.status().pending === 0, 20_000, 'three jobs printed');
    await new Promise((r) => setTimeout(r, 200));
    expect(printer.jobs.map((j) => qrCodes(decodeEscPos(j.bytes))[0]?.data)).toEqual([cold.trackUrl, job.trackUrl, other.trackUrl]);
    const printed = assembleRaster(decodeEscPos(printer.jobs[1]!.bytes))[0]!;
    expect(Buffer.from(printed.bits).equals(Buffer.from(renderTicketBitmap(job, { width: 576 }).bits))).toBe(true);
  }, 40_000);

  it('text-mode jobs and raster jobs of printers on both papers share the thread without mixing', async () => {
    const a = await FakePrinter.start();
    const b = await FakePrinter.start();
    cleanups.push(() => a.stop(), () => b.stop());
    const wide = createPrinter(testConfig(a.target));
    const narrow = createPrinter(testConfig(b.target, { paperWidth: 58, textMode: { codePage: 30, encoding: 'tcvn' } }));
    cleanups.push(() => wide.close(), () => narrow.close());
    const jobs = Array.from({ length: 10 }, (_, i) => sampleJob({ number: `B${i}`, trackUrl: `http://127.0.0.1:8080/t/mix${i}` }));
    await Promise.all(jobs.flatMap((j) => [wide.print(j), narrow.print({ ...j })]));
    await until(() => a.jobs.length >= 10 && b.jobs.length >= 10, 20_000, 'both printers done');
    for (const [i, j] of a.jobs.entries()) {
      const cmds = decodeEscPos(j.bytes);
      expect(assembleRaster(cmds)[0]?.width).toBe(576);
      expect(qrCodes(cmds)[0]?.data).toBe(jobs[i]!.trackUrl);
    }
    for (const [i, j] of b.jobs.entries()) {
      const cmds = decodeEscPos(j.bytes);
      expect(assembleRaster(cmds)).toHaveLength(0);
      expect(cmds.some((c) => c.type === 'codePage' && c.page === 30)).toBe(true);
      expect(qrCodes(cmds)[0]?.data).toBe(jobs[i]!.trackUrl);
    }
  }, 40_000);

  it("a network printer's ticket crosses threads once each way, without its bytes: drawn, kept and sent on the thread", async () => {
    const { printer, p } = await fakeAndQueue();
    expect((await p.print(sampleJob({ trackUrl: 'http://127.0.0.1:8080/t/once0' }))).status).toBe('printed');
    const worker = (renderPool as unknown as { worker: Worker | null }).worker!;
    const answers: unknown[] = [];
    const heard = (m: unknown): number => answers.push(m);
    worker.on('message', heard);
    cleanups.push(() => void worker.off('message', heard));
    const posts = vi.spyOn(Worker.prototype, 'postMessage');
    const job = sampleJob({ number: 'E1', trackUrl: 'http://127.0.0.1:8080/t/once1' });
    const outcomes: string[] = [];
    expect((await p.submit!(job)).status).toBe('queued');
    p.watch!(job.id, (o) => outcomes.push(o.status));
    await until(() => outcomes.includes('printed'), 10_000, 'the ticket printed');
    await new Promise((r) => setTimeout(r, 100));
    const carriesBytes = (m: unknown): boolean =>
      m instanceof ArrayBuffer || ArrayBuffer.isView(m) || (typeof m === 'object' && m !== null && Object.values(m).some(carriesBytes));
    expect(posts).toHaveBeenCalledTimes(1);
    expect(carriesBytes(posts.mock.calls[0]![0])).toBe(false);
    expect(answers).toHaveLength(1);
    expect(carriesBytes(answers[0])).toBe(false);
    expect(qrCodes(decodeEscPos(printer.completeJobs.at(-1)!))[0]?.data).toBe(job.trackUrl);
  }, 40_000);

  it('a ticket the thread cannot draw fails alone, told by its attempt; the printer stays ok and the next ticket prints', async () => {
    const { printer, p } = await fakeAndQueue();
    expect((await p.print(sampleJob({ trackUrl: 'http://127.0.0.1:8080/t/bad0' }))).status).toBe('printed');
    // Cloneable, so it reaches the thread, where drawing it throws (a number that is no string).
    const bad = { ...sampleJob({ trackUrl: 'http://127.0.0.1:8080/t/bad1' }), number: 7 } as unknown as TicketPrintJob;
    const answer = await p.print(bad);
    expect(answer.status).toBe('failed');
    expect(answer.message).toMatch(/^Không tạo được phiếu in/);
    expect(p.status().status).toBe('ok');
    const next = sampleJob({ trackUrl: 'http://127.0.0.1:8080/t/bad2' });
    expect((await p.print(next)).status).toBe('printed');
    expect(printer.completeJobs.map((b) => qrCodes(decodeEscPos(b))[0]?.data).slice(-2)).toEqual(['http://127.0.0.1:8080/t/bad0', next.trackUrl]);
  }, 40_000);

  it('what one turn sends goes in one message (drawings and warm connections); a job that cannot be sent fails alone', async () => {
    const { printer, p } = await fakeAndQueue();
    // A first ticket, so the printer is known to be fine and queuing a job warms a connection.
    expect((await p.print(sampleJob({ trackUrl: 'http://127.0.0.1:8080/t/one0' }))).status).toBe('printed');
    const posts = vi.spyOn(Worker.prototype, 'postMessage');
    const two = [p.submit!(sampleJob({ number: 'C0', trackUrl: 'http://127.0.0.1:8080/t/one1' })), p.submit!(sampleJob({ number: 'C1', trackUrl: 'http://127.0.0.1:8080/t/one2' }))];
    await new Promise((r) => setImmediate(r));
    expect(posts).toHaveBeenCalledTimes(1);
    const sent = posts.mock.calls[0]![0] as { io?: { op: string } }[];
    // The first job goes to the idle printer in the same message: drawn, connected and sent there.
    expect(sent.map((m) => m.io?.op ?? 'draw')).toEqual(['draw', 'warm', 'executeKept', 'draw', 'warm']);
    posts.mockRestore();
    await Promise.all(two);
    // Something a thread cannot be sent (never from the office) in the middle of a burst.
    const jobs = [0, 1, 2].map((i) => sampleJob({ number: `C${i + 2}`, trackUrl: `http://127.0.0.1:8080/t/two${i}` }));
    const odd = { ...jobs[1]!, footer: { ...jobs[1]!.footer, notData: () => 1 } } as unknown as TicketPrintJob;
    const answers = await Promise.all([p.print(jobs[0]!), p.print(odd), p.print(jobs[2]!)]);
    expect(answers.map((a) => a.status)).toEqual(['printed', 'failed', 'printed']);
    expect(printer.completeJobs.map((b) => qrCodes(decodeEscPos(b))[0]?.data).slice(-2)).toEqual([jobs[0]!.trackUrl, jobs[2]!.trackUrl]);
  }, 40_000);
});
