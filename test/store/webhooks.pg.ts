// Webhooks of the province edition: two server processes on one database. Exactly one delivers
// an office's webhooks (no event twice while both live); when that one is killed with SIGKILL
// the other takes over from the saved cursors, and every event still arrives, in rev order.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult, LoginResult } from '../../shared/types.js';
import { spawnServer, type Child } from '../support/child.js';
import { apiOk, connectTo } from '../reliability/helpers.js';
import { createTestDatabase } from '../support/pg.js';
import { startReceiver, verify } from '../support/webhook-receiver.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function connect(url: string, nsp: '/kiosk' | '/counter'): Promise<Socket> {
  const s = await connectTo(url, nsp);
  cleanup.push(async () => s.close());
  return s;
}

const api = apiOk;

async function issue(kiosk: Socket): Promise<string> {
  const r = (await kiosk.timeout(5000).emitWithAck('ticket:issue', { serviceId: 'tu-phap' })) as Result<IssueResult>;
  if (!r.ok) throw new Error(r.error.message);
  return r.ticket.id;
}

it('two processes: one delivers, none twice; after SIGKILL of either, the other delivers the rest', async () => {
  const db = await createTestDatabase();
  cleanup.push(() => db.drop());
  const receiver = await startReceiver('ok');
  cleanup.push(() => receiver.close());
  const env = { LUOT_DATABASE_URL: db.url, LUOT_TEST_WEBHOOKS: JSON.stringify({ timeoutMs: 2000, baseDelayMs: 50, maxDelayMs: 500, syncMs: 300 }) };
  const children: Child[] = [];
  for (let i = 0; i < 2; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'luot-pg-webhooks-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    children.push(await spawnServer(dir, env));
    cleanup.push(() => children[i]!.kill());
  }
  const [a, b] = children as [Child, Child];
  const token = (await api<LoginResult>(a.url, 'POST', '/api/auth/login', { username: 'admin', password: 'mat-khau-quan-tri' })).token;
  const { secret } = await api<{ secret: string }>(a.url, 'POST', '/api/webhooks', { url: receiver.url, events: ['ticket.issued'] }, token);
  // Both processes know the endpoint (B through the database) and have looked for the lease since.
  const until = Date.now() + 10_000;
  while ((await api<{ endpoints: unknown[] }>(b.url, 'GET', '/api/webhooks', undefined, token)).endpoints.length === 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const kioskA = await connect(a.url, '/kiosk');
  const kioskB = await connect(b.url, '/kiosk');
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push(await issue(i % 2 ? kioskB : kioskA));
  await receiver.waitFor((r) => r.delivered().length >= 8, 30_000);
  // Both processes hear every event; only the lease holder sends: nothing arrived twice.
  await new Promise((r) => setTimeout(r, 1500));
  expect(receiver.received.map((x) => x.body.id)).toEqual(receiver.delivered().map((x) => x.body.id));

  // Receiver down, one process killed: if it held the lease the other takes over, else goes on.
  receiver.answer = 'fail';
  for (let i = 0; i < 4; i++) ids.push(await issue(i % 2 ? kioskB : kioskA));
  await receiver.waitFor((r) => r.received.some((x) => x.answered === 'fail'), 15_000);
  await a.kill('SIGKILL');
  receiver.answer = 'ok';
  for (let i = 0; i < 3; i++) ids.push(await issue(kioskB));
  // The dead holder's lease runs out (30 s) before the survivor may deliver.
  await receiver.waitFor((r) => r.delivered().length >= ids.length, 75_000);
  const got = receiver.delivered();
  expect(got.map((x) => x.body.data.ticket.id)).toEqual(ids);
  for (const x of receiver.received) expect(verify(secret, x.headers['luot-signature'] as string, x.raw)).toBe(true);
}, 150_000);
