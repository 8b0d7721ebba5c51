// The renderer thread also holds the network printers' connections (server/print/tcp-thread.ts).
// If it dies with a job on the wire, that job is not lost: the attempt fails, the queue sends it
// again from the main thread, and later tickets are drawn and sent there. Its own file: the
// thread of this test process is gone for good afterwards.
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createPrinter } from '../../server/print/index.js';
import { renderPool } from '../../server/print/render-pool.js';
import type { JobOutcome } from '../../server/print/types.js';
import { decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { sampleJob, testConfig, until } from './helpers.js';
import { renderThreadSuite } from './render-thread-suite.js';

const cleanups = renderThreadSuite();

describe('the renderer thread dies with a job on the wire', () => {
  it('the job prints once, from the main thread, and so do the tickets after it', async () => {
    const printer = await FakePrinter.start({ kind: 'neverRead' });
    cleanups.push(() => printer.stop());
    const p = createPrinter(testConfig(printer.target, { statusTimeoutMs: 100, retryBaseMs: 100, retryMaxMs: 200 }));
    cleanups.push(() => p.close());
    const job = sampleJob({ number: 'D1', trackUrl: 'http://127.0.0.1:8080/t/death1' });
    expect((await p.submit!(job)).status).toBe('queued');
    const heard: JobOutcome[] = [];
    p.watch!(job.id, (o) => heard.push(o));
    // Connected from the thread, status unanswered, the job written and never read.
    await until(() => printer.openConnections > 0, 5000, 'the job connection');
    await new Promise((r) => setTimeout(r, 400));
    printer.setMode({ kind: 'normal' });
    const worker = (renderPool as unknown as { worker: Worker | null }).worker;
    expect(worker).not.toBeNull();
    await worker!.terminate();
    await until(() => heard.some((o) => o.status === 'printed'), 10_000, 'the job printed after all');
    const later = sampleJob({ number: 'D2', trackUrl: 'http://127.0.0.1:8080/t/death2' });
    expect((await p.print(later)).status).toBe('printed');
    expect(renderPool.hostsIo()).toBe(false);
    expect(printer.completeJobs.map((b) => qrCodes(decodeEscPos(b))[0]?.data)).toEqual([job.trackUrl, later.trackUrl]);
    expect(p.status().status).toBe('ok');
  }, 40_000);
});
