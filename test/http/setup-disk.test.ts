// The home page's disk state (GET /api/setup) follows the journal's own: failing while it cannot
// write, ok once it can. Through the file journal's fault seam, so the files store only.
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupState } from '../../shared/setup.js';
import { FaultyFs } from '../support/faulty-fs.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function setup(s: TestServer): Promise<SetupState> {
  const r = await s.api<SetupState>('GET', '/api/setup');
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body;
}

describe('GET /api/setup: the disk', () => {
  it('shows the disk failing while the journal cannot write, and ok again once it can', async () => {
    const fs = new FaultyFs();
    server = await startTestServer({ journalFs: fs.ops, journalSyncTimeoutMs: 800, diskRetryMs: 200 });
    expect((await setup(server)).disk).toEqual({ status: 'ok', since: null });
    fs.mode = 'eio';
    const refused = await server.api('POST', '/api/tickets', { serviceId: 'ho-tich' });
    expect(refused.body.ok).toBe(false);
    const failing = await setup(server);
    expect(failing.disk.status).toBe('failing');
    expect(failing.disk.since).toBeTruthy();
    fs.mode = 'ok';
    await expect.poll(async () => (await setup(server!)).disk.status, { timeout: 15_000 }).toBe('ok');
  });
});
