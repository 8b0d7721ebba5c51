// Webhooks survive a power cut: the server (a child process) is killed with SIGKILL while a
// delivery is in flight and more are pending; after the restart every event reaches the
// receiver at least once, each ticket's events in order, every signature valid.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult, LoginResult, PublicTicket } from '../../shared/types.js';
import { spawnServer, type Child } from '../support/child.js';
import { apiOk, connectTo } from '../reliability/helpers.js';
import { startReceiver, verify, type Receiver } from '../support/webhook-receiver.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function connect(url: string, nsp: '/kiosk' | '/counter', auth: object = {}): Promise<Socket> {
  const s = await connectTo(url, nsp, auth);
  cleanup.push(async () => s.close());
  return s;
}

const api = apiOk;

async function ask<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const r = (await s.timeout(5000).emitWithAck(event, payload)) as Result<T>;
  if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
  return r;
}

const ENV = { LUOT_TEST_WEBHOOKS: JSON.stringify({ timeoutMs: 60_000, baseDelayMs: 50, maxDelayMs: 200 }) };

it('after SIGKILL with deliveries pending and one in flight, every event arrives at least once, in order per ticket', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'luot-webhook-kill-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  // The first 6 requests are answered; the 7th is held open until the kill, and so on.
  const receiver: Receiver = await startReceiver((n) => (n < 6 ? 'ok' : 'hang'));
  cleanup.push(() => receiver.close());
  let child: Child = await spawnServer(dir, ENV);
  cleanup.push(() => child.kill());
  const token = (await api<LoginResult>(child.url, 'POST', '/api/auth/login', { username: 'admin', password: 'mat-khau-quan-tri' })).token;
  const { secret } = await api<{ secret: string }>(child.url, 'POST', '/api/webhooks', {
    url: receiver.url,
    events: ['ticket.issued', 'ticket.called', 'ticket.started', 'ticket.completed'],
  }, token);
  const kiosk = await connect(child.url, '/kiosk');
  const counter = await connect(child.url, '/counter', { token });
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await ask<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap' })).ticket.id);
  await ask(counter, 'counter:open', { counterId: 'q3' });
  const served: string[] = [];
  for (let i = 0; i < 4; i++) {
    served.push((await ask<{ ticket: PublicTicket }>(counter, 'ticket:callNext', { counterId: 'q3' })).ticket.id);
    await ask(counter, 'ticket:start', { counterId: 'q3' });
    await ask(counter, 'ticket:complete', { counterId: 'q3', fileCode: `HS-${i}` });
  }
  await receiver.waitFor((r) => r.open === 1);
  const before = receiver.received.length;
  await child.kill('SIGKILL');

  receiver.answer = 'ok';
  child = await spawnServer(dir, ENV);
  const want = ids.length + served.length * 3;
  await receiver.waitFor((r) => r.delivered().length >= want, 30_000);
  expect(receiver.received.length).toBeGreaterThan(before);
  const got = receiver.delivered();
  expect(got).toHaveLength(want);
  for (const x of receiver.received) expect(verify(secret, x.headers['luot-signature'] as string, x.raw)).toBe(true);
  // Every issued ticket once (by id), and each served ticket's events in their order.
  expect(got.filter((x) => x.body.type === 'ticket.issued').map((x) => x.body.data.ticket.id)).toEqual(ids);
  for (const id of served) {
    expect(got.filter((x) => x.body.data.ticket.id === id).map((x) => x.body.type)).toEqual(['ticket.issued', 'ticket.called', 'ticket.started', 'ticket.completed']);
  }
  const revs = got.map((x) => x.body.rev!);
  expect(revs).toEqual([...revs].sort((p, q) => p - q));
  // The delivery held open at the kill was sent again, under the same id.
  const held = receiver.received[6]!.body.id;
  expect(receiver.received.filter((x) => x.body.id === held).length).toBeGreaterThanOrEqual(2);
}, 90_000);
