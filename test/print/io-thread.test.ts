// A network printer's socket work (connect, status questions, the job's ~50 kB, the close) is done
// on the renderer thread once it is up (server/print/tcp-thread.ts), not on the event loop that
// answers kiosks; the queue sees the same outcomes as with the sockets here.
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createPrinter } from '../../server/print/index.js';
import { decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { sampleJob, testConfig, until } from './helpers.js';
import { renderThreadSuite } from './render-thread-suite.js';

const cleanups = renderThreadSuite();

describe('network printer connections on the renderer thread', () => {
  it('status checks and jobs open no socket on the main thread; jobs print in order, once; paper out holds them', async () => {
    const printer = await FakePrinter.start();
    cleanups.push(() => printer.stop());
    const connects = vi.spyOn(net.Socket.prototype, 'connect');
    const p = createPrinter(testConfig(printer.target, { ackTimeoutMs: 2000, probeIntervalMs: 150 }));
    cleanups.push(() => p.close());
    // The first idle check, made there, finds the printer ready.
    await until(() => printer.statusPolls > 0 && p.status().message === undefined, 5000, 'a status check');
    const jobs = Array.from({ length: 6 }, (_, i) => sampleJob({ number: `T${i}`, trackUrl: `http://127.0.0.1:8080/t/thread${i}` }));
    const first = await Promise.all(jobs.slice(0, 3).map((j) => p.submit!(j)));
    expect(first.map((a) => a.status)).toEqual(['queued', 'queued', 'queued']);
    await until(() => printer.completeJobs.length >= 3 && p.status().pending === 0, 10_000, 'three jobs printed');
    // No paper: the condition answered on the thread stops the job there, as here.
    printer.setStatus({ paperOut: true });
    const held = p.print(jobs[3]!);
    expect((await held).status).toBe('queued');
    await until(() => p.status().status === 'paper_out', 5000, 'paper out reported');
    expect(printer.completeJobs.length).toBe(3);
    printer.setStatus({ paperOut: false });
    await Promise.all(jobs.slice(4).map((j) => p.print(j)));
    await until(() => printer.completeJobs.length >= 6 && p.status().pending === 0, 10_000, 'every job printed');
    await new Promise((r) => setTimeout(r, 200));
    expect(printer.completeJobs.map((b) => qrCodes(decodeEscPos(b))[0]?.data)).toEqual(jobs.map((j) => j.trackUrl));
    expect(p.status().status).toBe('ok');
    const here = connects.mock.calls.filter((args) => JSON.stringify(args).includes(String(printer.port)));
    expect(here).toHaveLength(0);
  }, 40_000);
});
