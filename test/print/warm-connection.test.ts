// The warm connection (TcpTransport.warm(); since the queue stopped opening one while the journal is flushed, see printer.ts queueDrawing, only a caller of the transport does):
// a job on it does not wait for a connect, is still sent only after the printer has answered
// the status question on that connection (a printer that ran out of paper since is not sent the
// ticket), a connection the printer dropped costs no ticket and prints none twice, and an unused
// one is closed. Real TCP sockets against the fake printer.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRasterJob } from '../../server/print/escpos.js';
import { renderTicketBitmap } from '../../server/print/render.js';
import { renderPool } from '../../server/print/render-pool.js';
import { PrinterConditionError, TcpTransport } from '../../server/print/transport.js';
import { FakePrinter } from '../support/fake-printer.js';
import { sampleJob, sleep, until } from './helpers.js';

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
});
