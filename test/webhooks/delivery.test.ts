// Webhooks through real parts: a real server, a real kiosk and counter over socket.io, and a
// receiver on loopback that fails, hangs and recovers (test/support/webhook-receiver.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { IssueResult, PublicTicket } from '../../shared/types.js';
import type { WebhookEndpointView } from '../../shared/webhooks.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { startReceiver, verify, type Receiver } from '../support/webhook-receiver.js';

let server: TestServer;
let receiver: Receiver;
afterEach(async () => {
  await server?.stop();
  await receiver?.close();
});

const hooks = () => server.deployment.defaultHost.webhooks;
const FAST = { timeoutMs: 300, baseDelayMs: 40, maxDelayMs: 200 };

async function setup(opts: Record<string, number> = FAST, answer: Receiver['answer'] = 'ok') {
  receiver = await startReceiver(answer);
  server = await startTestServer({ webhooks: opts });
  const admin = await server.login();
  const made = await server.api<{ endpoint: WebhookEndpointView; secret: string }>('POST', '/api/webhooks', {
    url: receiver.url,
    events: ['ticket.issued', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.completed', 'counter.opened'],
  }, admin);
  expect(made.status).toBe(201);
  if (!made.body.ok) throw new Error(made.body.error.message);
  const kiosk = await server.connect('/kiosk');
  const counter = await server.connect('/counter', { token: await server.staff('canbo1') });
  return { admin, endpoint: made.body.endpoint, secret: made.body.secret, kiosk, counter };
}

async function issue(kiosk: Socket, serviceId = 'tu-phap'): Promise<IssueResult> {
  const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

async function act(counter: Socket, event: string, payload: unknown): Promise<{ ticket: PublicTicket }> {
  const r = await request<{ ticket: PublicTicket }>(counter, event, payload);
  if (!r.ok) throw new Error(`${event}: ${r.error.message}`);
  return r;
}

describe('webhook endpoints (admin REST)', () => {
  it('admins make, list and remove endpoints; the secret is shown once, then only on an admin\'s request', async () => {
    const { admin, endpoint, secret } = await setup();
    expect(secret).toMatch(/^whsec_/);
    const list = await server.api<{ endpoints: WebhookEndpointView[] }>('GET', '/api/webhooks', undefined, admin);
    expect(list.body.ok && list.body.endpoints).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.ok && list.body.endpoints[0]!.secretHint).toBe(`…${secret.slice(-4)}`);
    const shown = await server.api<{ secret: string }>('GET', `/api/webhooks/${endpoint.id}/secret`, undefined, admin);
    expect(shown.body.ok && shown.body.secret).toBe(secret);
    // Supervisors and clerks see nothing of webhooks, least of all a secret.
    for (const role of ['supervisor', 'staff'] as const) {
      const token = await server.staff(`u-${role}`, role);
      expect((await server.api('GET', '/api/webhooks', undefined, token)).status).toBe(403);
      expect((await server.api('GET', `/api/webhooks/${endpoint.id}/secret`, undefined, token)).status).toBe(403);
    }
    // Nor does the public snapshot or the admin settings.
    const settings = await server.api('GET', '/api/settings', undefined, admin);
    expect(JSON.stringify(settings.body)).not.toContain(secret);
    const bad = await server.api('POST', '/api/webhooks', { url: 'ftp://x', events: ['ticket.issued'] }, admin);
    expect(bad.status).toBe(400);
    const unknown = await server.api('POST', '/api/webhooks', { url: receiver.url, events: ['ticket.exploded'] }, admin);
    expect(unknown.status).toBe(400);
    expect((await server.api('DELETE', `/api/webhooks/${endpoint.id}`, undefined, admin)).status).toBe(200);
    const missing = await server.api('DELETE', `/api/webhooks/${endpoint.id}`, undefined, admin);
    expect(missing.status).toBe(404);
    expect(!missing.body.ok && missing.body.error.message).toBe('Không tìm thấy địa chỉ webhook');
  });

  it('"Gửi thử" sends a signed webhook.test event and records the delivery', async () => {
    const { admin, endpoint, secret } = await setup();
    const r = await server.api<{ delivery: { ok: boolean; status: number } }>('POST', `/api/webhooks/${endpoint.id}/test`, undefined, admin);
    expect(r.body.ok && r.body.delivery).toMatchObject({ ok: true, status: 204 });
    const got = receiver.received.at(-1)!;
    expect(got.body.type).toBe('webhook.test');
    expect(verify(secret, got.headers['luot-signature'] as string, got.raw)).toBe(true);
    const list = await server.api<{ endpoints: WebhookEndpointView[] }>('GET', '/api/webhooks', undefined, admin);
    expect(list.body.ok && list.body.endpoints[0]!.recent[0]).toMatchObject({ type: 'webhook.test', status: 204, ok: true });
  });
});

describe('webhook delivery', () => {
  it('a receiver that fails (500), then times out, then recovers gets every event, in order, signed, with ids to drop duplicates', async () => {
    // Requests 0–1 answered 500, 2 held open past the timeout, the rest 2xx.
    const { secret, kiosk, counter } = await setup(FAST, (n) => (n < 2 ? 'fail' : n === 2 ? 'hang' : 'ok'));
    const a = await issue(kiosk);
    const b = await issue(kiosk);
    await act(counter, 'counter:open', { counterId: 'q3' });
    await act(counter, 'ticket:callNext', { counterId: 'q3' });
    await act(counter, 'ticket:recall', { counterId: 'q3' });
    await act(counter, 'ticket:start', { counterId: 'q3' });
    await act(counter, 'ticket:complete', { counterId: 'q3', fileCode: 'HS-2026-0042' });
    const want = ['ticket.issued', 'ticket.issued', 'counter.opened', 'ticket.called', 'ticket.recalled', 'ticket.started', 'ticket.completed'];
    await receiver.waitFor((r) => r.delivered().length >= want.length);
    const got = receiver.delivered();
    expect(got.map((x) => x.body.type)).toEqual(want);
    // The first event was tried 4 times (500, 500, timeout, 2xx) under one delivery id.
    expect(receiver.received.slice(0, 4).map((x) => x.body.id)).toEqual(Array(4).fill(got[0]!.body.id));
    expect(new Set(got.map((x) => x.body.id)).size).toBe(want.length);
    for (const x of receiver.received) {
      expect(verify(secret, x.headers['luot-signature'] as string, x.raw)).toBe(true);
      expect(x.headers['luot-delivery']).toBe(x.body.id);
      expect(verify('not-the-secret-at-all', x.headers['luot-signature'] as string, x.raw)).toBe(false);
    }
    const revs = got.map((x) => x.body.rev!);
    expect(revs).toEqual([...revs].sort((p, q) => p - q));
    expect(got[0]!.body).toMatchObject({ office: { slug: server.office.slug }, data: { ticket: { id: a.ticket.id, number: a.ticket.number, serviceId: 'tu-phap' } } });
    expect(got[0]!.body.id).toBe(`${server.office.id}:${got[0]!.body.rev}:${got[0]!.headers['luot-delivery']!.toString().split(':')[2]}`);
    const done = got.at(-1)!.body;
    expect(done.data).toMatchObject({ ticket: { id: a.ticket.id, number: a.ticket.number }, counter: { id: 'q3', number: 3 }, fileCode: 'HS-2026-0042' });
    expect(b.ticket.id).not.toBe(a.ticket.id);
    // The settings page's history names the failures.
    const views = await hooks().views();
    const errors = views[0]!.recent.map((d) => d.error).filter(Boolean);
    expect(errors).toContain('HTTP 500');
    expect(errors.some((e) => /timeout/.test(e!))).toBe(true);
  });

  it('a receiver holding every request open does not hold up issuing', async () => {
    const { kiosk } = await setup({ ...FAST, timeoutMs: 60_000 }, 'hang');
    const lat = async (n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await issue(kiosk);
        ms.push(performance.now() - t0);
      }
      return ms.sort((p, q) => p - q)[Math.floor(n / 2)]!;
    };
    const held = await lat(30);
    // Every one of those tickets was acknowledged while the receiver sat on the first event.
    expect(receiver.open).toBe(1);
    expect(receiver.received).toHaveLength(1);
    await server.api('DELETE', `/api/webhooks/${(await hooks().views())[0]!.id}`, undefined, await server.login());
    const free = await lat(30);
    // Generous: the median with a dead receiver within 3× (+20 ms) of the median without one.
    expect(held).toBeLessThan(free * 3 + 20);
  });

  it('a dead receiver costs bounded memory; once it recovers, the backlog comes from the journal, in order', async () => {
    const { kiosk } = await setup({ ...FAST, bufferMax: 8 }, 'fail');
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await issue(kiosk, i % 2 ? 'tu-phap' : 'dat-dai')).ticket.id);
    await receiver.waitFor((r) => r.received.length >= 3);
    expect(hooks().buffered).toBeLessThanOrEqual(8);
    receiver.answer = 'ok';
    await receiver.waitFor((r) => r.delivered().length >= 60, 20_000);
    expect(receiver.delivered().map((x) => x.body.data.ticket.id)).toEqual(ids);
    expect(hooks().buffered).toBeLessThanOrEqual(8);
  });

  it('a failing endpoint whose address the admin fixes is tried again at once, not after its back-off', async () => {
    const { admin, endpoint, kiosk } = await setup({ ...FAST, baseDelayMs: 120_000, maxDelayMs: 120_000 });
    const dead = await startReceiver('ok');
    const deadUrl = dead.url;
    await dead.close();
    await server.api('PUT', `/api/webhooks/${endpoint.id}`, { url: deadUrl }, admin);
    const t = await issue(kiosk);
    const until = Date.now() + 10_000;
    while ((await hooks().views())[0]!.failing === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const failing = (await hooks().views())[0]!;
    expect(failing.failing).toBe(1);
    expect(failing.recent[0]!.status).toBeNull();
    expect(Date.parse(failing.nextAttemptAt!)).toBeGreaterThan(Date.now() + 60_000);
    await server.api('PUT', `/api/webhooks/${endpoint.id}`, { url: receiver.url }, admin);
    await receiver.waitFor((r) => r.delivered().some((x) => x.body.data.ticket.id === t.ticket.id), 5_000);
    expect((await hooks().views())[0]!.failing).toBe(0);
  });

  it('an event failing past the give-up time is recorded as given up, and the next ones go on', async () => {
    const { kiosk, admin } = await setup({ ...FAST, giveUpAfterMs: 400 }, 'fail');
    const first = await issue(kiosk);
    const given = async () => (await hooks().views())[0]!.givenUp;
    const until = Date.now() + 10_000;
    while ((await given()) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    // Tried more than once, under one id, before it was given up.
    expect(receiver.received.length).toBeGreaterThan(1);
    expect(new Set(receiver.received.map((x) => x.body.id)).size).toBe(1);
    receiver.answer = 'ok';
    const second = await issue(kiosk);
    await receiver.waitFor((r) => r.delivered().some((x) => x.body.data.ticket.id === second.ticket.id));
    const list = await server.api<{ endpoints: WebhookEndpointView[] }>('GET', '/api/webhooks', undefined, admin);
    const view = list.body.ok ? list.body.endpoints[0]! : null;
    expect(view?.givenUp).toBe(1);
    expect(view?.recent.some((d) => d.givenUp && d.rev === receiver.received[0]!.body.rev)).toBe(true);
    expect(receiver.delivered().some((x) => x.body.data.ticket.id === first.ticket.id)).toBe(false);
  });
});
