// What goes where: an endpoint gets only the events it chose (staff alarms never leave the
// office unless an admin ticked them), and in a deployment of several offices each office's
// endpoints get that office's events only, under /api/o/<slug>/webhooks.
import { afterEach, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import type { WebhookEndpointView } from '../../shared/webhooks.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { startReceiver, type Receiver } from '../support/webhook-receiver.js';

let server: TestServer;
const receivers: Receiver[] = [];
afterEach(async () => {
  await server?.stop();
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver('ok');
  receivers.push(r);
  return r;
}

async function endpoint(base: string, admin: string, url: string, events: string[]): Promise<WebhookEndpointView> {
  const r = await server.api<{ endpoint: WebhookEndpointView }>('POST', `${base}/webhooks`, { url, events }, admin);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.endpoint;
}

it('staff alarms reach only an endpoint that chose them', async () => {
  server = await startTestServer({ webhooks: { baseDelayMs: 50 } });
  const admin = await server.login();
  const plain = await receiver();
  const alarms = await receiver();
  await endpoint('/api', admin, plain.url, ['counter.opened', 'ticket.issued']);
  await endpoint('/api', admin, alarms.url, ['staff.alarm_raised', 'staff.alarm_ended']);
  const clerk = await server.connect('/counter', { token: await server.staff('lan') });
  expect(await request(clerk, 'counter:open', { counterId: 'q1' })).toEqual({ ok: true });
  const raised = await request<{ alarm: { id: string } }>(clerk, 'alarm:raise', { counterId: 'q1' });
  if (!raised.ok) throw new Error(raised.error.message);
  expect((await request(clerk, 'alarm:end', { alarmId: raised.alarm.id })).ok).toBe(true);
  const kiosk = await server.connect('/kiosk');
  expect((await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap' })).ok).toBe(true);
  await plain.waitFor((r) => r.delivered().length >= 2);
  await alarms.waitFor((r) => r.delivered().length >= 2);
  // Everything after the alarm was delivered to both: nothing more is on its way.
  expect(plain.received.map((x) => x.body.type)).toEqual(['counter.opened', 'ticket.issued']);
  expect(alarms.received.map((x) => x.body.type)).toEqual(['staff.alarm_raised', 'staff.alarm_ended']);
  expect(alarms.received[0]!.body.data).toMatchObject({ alarmId: raised.alarm.id, counter: { id: 'q1', number: 1 }, staffName: 'Cán bộ lan' });
});

it('each office of a deployment delivers its own events to its own endpoints', async () => {
  server = await startTestServer({ demoOffices: 2, webhooks: { baseDelayMs: 50 } });
  const admin = await server.login();
  const other = server.deployment.bySlug('phuong-sai-gon')!;
  const mine = await receiver();
  const theirs = await receiver();
  await endpoint('/api', admin, mine.url, ['ticket.issued']);
  await endpoint('/api/o/phuong-sai-gon', admin, theirs.url, ['ticket.issued']);
  const list = await server.api<{ endpoints: WebhookEndpointView[] }>('GET', '/api/o/phuong-sai-gon/webhooks', undefined, admin);
  expect(list.body.ok && list.body.endpoints.map((e) => e.url)).toEqual([theirs.url]);
  const k1 = await server.connect('/kiosk');
  const k2 = await server.connect('/o/phuong-sai-gon/kiosk');
  const a = await request<IssueResult>(k1, 'ticket:issue', { serviceId: 'tu-phap' });
  const b = await request<IssueResult>(k2, 'ticket:issue', { serviceId: 'tu-phap' });
  if (!a.ok || !b.ok) throw new Error('issue refused');
  await mine.waitFor((r) => r.delivered().length >= 1);
  await theirs.waitFor((r) => r.delivered().length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  expect(mine.received.map((x) => x.body.data.ticket.id)).toEqual([a.ticket.id]);
  expect(theirs.received.map((x) => x.body.data.ticket.id)).toEqual([b.ticket.id]);
  expect(theirs.received[0]!.body.office).toMatchObject({ id: other.office.id, slug: 'phuong-sai-gon', name: { vi: 'Trung tâm Phục vụ hành chính công phường Sài Gòn' } });
  expect(theirs.received[0]!.body.id).toMatch(new RegExp(`^${other.office.id}:\\d+:`));
});
