// The renderer thread's side of a network printer (server/print/tcp-host.ts), run here: a kept
// ticket is sent by its drawing number, and asked for again after it printed (the main thread's
// guard gave up on a slow attempt that did print) it is answered printed, not sent twice and not
// "not drawn".
import { describe, expect, it } from 'vitest';
import { handleIo, jobBuffer, keep } from '../../server/print/tcp-host.js';
import type { IoReply } from '../../server/print/tcp-wire.js';
import { FakePrinter } from '../support/fake-printer.js';

const call = (seq: number, m: Parameters<typeof handleIo>[1]): Promise<IoReply> => new Promise((resolve) => handleIo(seq, m, resolve));

describe('kept tickets on the renderer thread', () => {
  it('a kept ticket asked for again after it printed is answered printed, sent once; one never drawn is EDRAWING', async () => {
    const printer = await FakePrinter.start();
    try {
      const where = { id: 9001, host: '127.0.0.1', port: printer.port };
      const bytes = jobBuffer(3000);
      bytes.fill(0x0a);
      bytes[0] = 0x1b;
      bytes[1] = 0x40;
      keep(501, bytes);
      const first = await call(1, { op: 'executeKept', ...where, ref: 501, timeoutMs: 4000, statusTimeoutMs: 300 });
      expect(first.ok).toBe(true);
      const again = await call(2, { op: 'executeKept', ...where, ref: 501, timeoutMs: 4000, statusTimeoutMs: 300 });
      expect(again.ok).toBe(true);
      const never = await call(3, { op: 'executeKept', ...where, ref: 502, timeoutMs: 4000, statusTimeoutMs: 300 });
      expect(never.ok).toBe(false);
      expect(never.ok ? null : never.error.code).toBe('EDRAWING');
      await new Promise((r) => setTimeout(r, 100));
      expect(printer.completeJobs).toHaveLength(1);
      handleIo(0, { op: 'close', ...where }, () => undefined);
    } finally {
      await printer.stop();
    }
  }, 20_000);
});
