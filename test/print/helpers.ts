// Shared test data and artifact writing for the printing tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrinterConfig, TicketPrintJob } from '../../server/print/types.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'print');

let seq = 0;

/** The reference ticket of the fixture: Vietnamese service and office names, a priority, a fixed time. */
export function sampleJob(over: Partial<TicketPrintJob> = {}): TicketPrintJob {
  seq++;
  return {
    id: `ticket-${process.pid}-${seq}`,
    officeName: { vi: 'UBND phường Bến Thành', en: 'Ben Thanh Ward People’s Committee' },
    serviceName: { vi: 'Tư pháp – Chứng thực', en: 'Justice – Certification' },
    number: 'A015',
    priority: 'elderly',
    issuedAt: '2025-11-26T08:15:00+07:00',
    timeZone: 'Asia/Ho_Chi_Minh',
    ahead: 3,
    estimatedWaitMin: 12,
    trackUrl: 'http://192.168.1.10:8080/t/Xq7pZ2mK9v',
    footer: { vi: 'Vui lòng chú ý màn hình và loa gọi số. Xin cảm ơn!', en: 'Please watch the screen. Thank you!' },
    ...over,
  };
}

/** Small delays so a failure matrix runs in seconds; staleness far away unless a test wants it. */
export function testConfig(target: string, over: Partial<PrinterConfig> = {}): PrinterConfig {
  return {
    target,
    paperWidth: 80,
    staleAfterMs: 60_000,
    ackTimeoutMs: 1500,
    // Generous: the fake printer shares the test's event loop, and on a loaded machine a short
    // deadline would expire before it has read and closed, and the job would print twice.
    // Tests about the deadline set their own.
    attemptTimeoutMs: 10_000,
    retryBaseMs: 100,
    retryMaxMs: 400,
    probeIntervalMs: 0,
    ...over,
  };
}

export function writeArtifact(name: string, data: Buffer): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  writeFileSync(file, data);
  return file;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until the condition holds (the queue works on timers; tests wait for outcomes, not ticks). */
export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
