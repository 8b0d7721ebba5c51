// Set-up of the printing tests that run on the renderer thread: the thread is up before the
// file's first test (a cold start is not what they measure), and whatever a test started
// (fake printers, printers, spies) is stopped or restored after it, last first.
import { afterEach, beforeAll, vi } from 'vitest';
import { renderPool } from '../../server/print/render-pool.js';

export type Cleanup = () => Promise<void> | void;

export function renderThreadSuite(): Cleanup[] {
  beforeAll(async () => {
    await renderPool.ready();
  }, 30_000);
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    while (cleanups.length) await cleanups.pop()?.();
  });
  return cleanups;
}
