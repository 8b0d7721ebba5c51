// The warm connection (TcpTransport.warm(), opened by the queue as it asks for a job's drawing):
// a job on it does not wait for a connect, is still sent only after the printer has answered
// the status question on that connection (a printer that ran out of paper since is not sent the
// ticket), a connection the printer dropped costs no ticket and prints none twice, and an unused
// one is closed. Real TCP sockets against the fake printer.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRasterJob } from '../../server/print/escpos.js';
import { createPrinter } from '../../server/print/index.js';
import { renderTicketBitmap } from '../../server/print/render.js';
import { renderPool } from '../../server/print/render-pool.js';
import { PrinterConditionError, TcpTransport } from '../../server/print/transport.js';
import { FakePrinter } from '../support/fake-printer.js';
import { sampleJob, sleep, testConfig, until } from './helpers.js';

let ticket: Buffer;
beforeAll(async () => {
  const job = sampleJob();
  ticket = buildRasterJob(renderTicketBitmap(job, { width: 576 }), { paperWidth: 80, qr: job.trackUrl });
  await renderPool.ready();
}, 30_000);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function fake(): Promise<FakePrinter> {
  const p = await FakePrinter.start();
  cleanups.push(() => p.stop());
  return p;
}

function transportFor(p: FakePrinter): TcpTransport {
  const t = new TcpTransport('127.0.0.1', p.port);
  cleanups.push(() => t.close());
  return t;
}

const ATTEMPT = { timeoutMs: 10_000, statusTimeoutMs: 2000 };


describe('warm printer connection', () => {
  it('a job on a warm connection goes out on it, after the status answer', async () => {
    const printer = await fake();
    const t = transportFor(printer);
    t.warm();
    await until(() => printer.connections === 1, 5000, 'the warm connection');
    expect(printer.statusRequests).toBe(0);
    const result = await t.execute(ticket, ATTEMPT);
    expect(result.status).toMatchObject({ paperOut: false, offline: false, coverOpen: false });
    await printer.waitForJobs(1);
    expect(printer.connections).toBe(1);
    expect(printer.jobs).toHaveLength(1);
    expect(printer.jobs[0]!.complete).toBe(true);
    expect(printer.jobs[0]!.statusRequests).toBe(3);
    expect(printer.jobs[0]!.bytes.equals(ticket)).toBe(true);
  });

  it('paper that ran out after the connection was opened stops the job: the status is asked when the job goes', async () => {
    const printer = await fake();
    const t = transportFor(printer);
    t.warm();
    await until(() => printer.connections === 1, 5000, 'the warm connection');
    printer.setStatus({ paperOut: true });
    const err = await t.execute(ticket, ATTEMPT).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterConditionError);
    expect((err as PrinterConditionError).condition.state).toBe('paper_out');
    await until(() => printer.statusPolls === 1, 5000, 'the connection to close');
    expect(printer.connections).toBe(1);
    expect(printer.statusRequests).toBe(3);
    expect(printer.jobs).toHaveLength(0);
  });

  it('a warm connection the printer dropped costs no ticket and prints none twice', async () => {
    const printer = await fake();
    const t = transportFor(printer);
    t.warm();
    await until(() => printer.connections === 1, 5000, 'the warm connection');
    // Switched off and on again: the warm connection is gone.
    await printer.stop();
    await printer.restart();
    await t.execute(ticket, ATTEMPT);
    await printer.waitForJobs(1);
    await sleep(100);
    expect(printer.completeJobs).toHaveLength(1);
    expect(printer.completeJobs[0]!.equals(ticket)).toBe(true);
  });

  it('an unused warm connection is closed after a second, and warm() opens one at a time', async () => {
    const printer = await fake();
    const t = transportFor(printer);
    for (let i = 0; i < 5; i++) t.warm();
    await until(() => printer.connections === 1, 5000, 'the warm connection');
    await sleep(100);
    expect(printer.connections).toBe(1);
    await until(() => printer.openConnections === 0, 3000, 'the idle warm connection to close');
    expect(printer.jobs).toHaveLength(0);
  });

  it('the queue opens the connection as it asks for the drawing, and prints the job on it', async () => {
    const printer = await fake();
    const p = createPrinter(testConfig(printer.target));
    cleanups.push(() => p.close());
    // A first ticket, so the printer is known to be fine.
    expect(await p.print(sampleJob({ trackUrl: 'http://127.0.0.1:8080/t/warm0' }))).toEqual({ status: 'printed' });
    const before = printer.connections;
    expect(await p.print(sampleJob({ trackUrl: 'http://127.0.0.1:8080/t/warm1' }))).toEqual({ status: 'printed' });
    await until(() => printer.completeJobs.length === 2, 5000, 'both jobs');
    // The second job went on the one connection its queuing opened, asked about first.
    expect(printer.connections - before).toBe(1);
    expect(printer.jobs[1]!.statusRequests).toBeGreaterThan(0);
  });
});
