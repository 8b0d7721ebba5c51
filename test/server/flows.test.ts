// The whole path through real parts: kiosk → engine → journal → displays and counters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { CalledEvent, IssueResult, PublicTicket, Snapshot, StaffSnapshot, StaffUpdate, TicketView, Update } from '../../shared/types.js';
import { firstSnapshot, nextEvent, request, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let kiosk: Socket;
let display: Socket;
let counter: Socket;

async function issue(serviceId: string, extra: Record<string, unknown> = {}): Promise<IssueResult> {
  const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

async function act<T = { ticket: PublicTicket }>(event: string, payload: unknown, socket = counter): Promise<T> {
  const r = await request<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${event}: ${r.error.code} ${r.error.message}`);
  return r;
}

beforeEach(async () => {
  server = await startTestServer();
  kiosk = await server.connect('/kiosk');
  display = await server.connect('/display');
  counter = await server.connect('/counter', { token: await server.staff('canbo1') });
});
afterEach(() => server.stop());

describe('kiosk, counter and display', () => {
  it('sends a snapshot on connect and on snapshot:get', async () => {
    const fresh = await server.connect('/display');
    const snap = await firstSnapshot<Snapshot>(fresh);
    const asked = await request<{ snapshot: Snapshot }>(fresh, 'snapshot:get');
    expect(asked.ok).toBe(true);
    if (!asked.ok) return;
    expect(asked.snapshot.services.map((s) => s.name.vi)).toContain('Tư pháp – Chứng thực');
    expect(asked.snapshot.counters).toHaveLength(6);
    expect(asked.snapshot.serviceDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(snap.rev).toBe(asked.snapshot.rev);
  });

  it('issuing pushes an update with the new waiting count and rev + 1', async () => {
    const before = await request<{ snapshot: Snapshot }>(display, 'snapshot:get');
    if (!before.ok) throw new Error();
    const update = nextEvent<Update>(display, 'update');
    const r = await issue('tu-phap');
    expect(r.ticket.number).toBe('1001');
    expect(r.ticket.token).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(r.trackUrl).toBe(`${server.url}/t/${r.ticket.token}`);
    expect(r.print.status).toBe('printed');
    const u = await update;
    expect(u.rev).toBe(before.snapshot.rev + 1);
    expect(u.services?.find((s) => s.id === 'tu-phap')?.waiting).toBe(1);
    const second = await issue('tu-phap');
    expect(second.ticket.number).toBe('1002');
    expect(second.ahead).toBe(1);
    expect((await issue('dat-dai')).ticket.number).toBe('A001');
  });

  it('a call reaches displays as `called` with the counter, then recall, start, complete', async () => {
    const t = await issue('ho-tich');
    await act('counter:open', { counterId: 'q3' });
    const called = nextEvent<CalledEvent>(display, 'called');
    const r = await act<{ ticket: PublicTicket | null }>('ticket:callNext', { counterId: 'q3' });
    expect(r.ticket?.id).toBe(t.ticket.id);
    const c = await called;
    expect(c).toMatchObject({ counterId: 'q3', counterNumber: 3, recall: false });
    expect(c.ticket.number).toBe('B001');

    const recalled = nextEvent<CalledEvent>(display, 'called');
    const rr = await act('ticket:recall', { counterId: 'q3' });
    expect(rr.ticket.callCount).toBe(2);
    expect((await recalled).recall).toBe(true);

    const serving = nextEvent<Update>(display, 'update', (u) => u.counters?.some((x) => x.id === 'q3' && x.status === 'serving') ?? false);
    await act('ticket:start', { counterId: 'q3' });
    await serving;
    const idle = nextEvent<Update>(display, 'update', (u) => u.counters?.some((x) => x.id === 'q3' && x.status === 'idle') ?? false);
    const done = await act('ticket:complete', { counterId: 'q3', fileCode: 'HS-2026-0001' });
    expect(done.ticket.state).toBe('done');
    await idle;
    // The file code is staff data: it is in the CSV, never in a public payload.
    expect(JSON.stringify(await server.api('GET', '/api/state'))).not.toContain('HS-2026-0001');
  });

  it('no-show frees the counter; cancel needs a supervisor', async () => {
    const a = await issue('dkkd');
    const b = await issue('dkkd');
    await act('counter:open', { counterId: 'q5' });
    await act('ticket:callNext', { counterId: 'q5' });
    const ns = await act('ticket:noShow', { counterId: 'q5' });
    expect(ns.ticket).toMatchObject({ id: a.ticket.id, state: 'no_show' });

    const refused = await request(counter, 'ticket:cancel', { ticketId: b.ticket.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
    const supervisor = await server.connect('/counter', { token: await server.staff('giamsat', 'supervisor') });
    const cancelled = await act('ticket:cancel', { ticketId: b.ticket.id }, supervisor);
    expect(cancelled.ticket.state).toBe('cancelled');
    const next = await act<{ ticket: PublicTicket | null }>('ticket:callNext', { counterId: 'q5' });
    expect(next.ticket).toBeNull();
  });

  it('transfer keeps the number: the ticket waits in the other service and staff see it there', async () => {
    const t = await issue('ho-tich');
    await act('counter:open', { counterId: 'q3' });
    await act('ticket:callNext', { counterId: 'q3' });
    const staffUpdate = nextEvent<StaffUpdate>(counter, 'update', (u) => u.tickets?.some((x) => x.serviceId === 'dat-dai') ?? false);
    const moved = await act('ticket:transfer', { counterId: 'q3', toServiceId: 'dat-dai' });
    expect(moved.ticket).toMatchObject({ number: 'B001', serviceId: 'dat-dai', state: 'waiting', counterId: null });
    expect((await staffUpdate).tickets?.[0]).toMatchObject({ id: t.ticket.id, number: 'B001', transfers: 1, state: 'waiting' });
    const snap = await request<{ snapshot: StaffSnapshot }>(counter, 'snapshot:get');
    if (!snap.ok) throw new Error();
    expect(snap.snapshot.waiting['dat-dai']?.map((x) => x.number)).toEqual(['B001']);
    expect(snap.snapshot.waiting['ho-tich']).toEqual([]);
    const other = await server.connect('/counter', { token: await server.staff('canbo2') });
    await act('counter:open', { counterId: 'q2' }, other);
    const called = await act<{ ticket: PublicTicket }>('ticket:callNext', { counterId: 'q2' }, other);
    expect(called.ticket).toMatchObject({ id: t.ticket.id, number: 'B001', counterId: 'q2' });
  });

  it('a staff member cannot act at a counter another holds', async () => {
    await act('counter:open', { counterId: 'q1' });
    const other = await server.connect('/counter', { token: await server.staff('canbo2') });
    const r = await request(other, 'counter:open', { counterId: 'q1' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
    const r2 = await request(other, 'ticket:callNext', { counterId: 'q1' });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.code).toBe('forbidden');
  });

  it("the citizen's page shows people ahead falling as others are called", async () => {
    const tickets = [];
    for (let i = 0; i < 4; i++) tickets.push(await issue('ldtbxh'));
    const mine = tickets[3]!;
    const view = async () => {
      const r = await server.api<TicketView>('GET', `/api/tickets/${mine.ticket.token}`);
      if (!r.body.ok) throw new Error(r.body.error.message);
      return r.body;
    };
    expect((await view()).ahead).toBe(3);
    await act('counter:open', { counterId: 'q6' });
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await act('ticket:callNext', { counterId: 'q6' });
      seen.push((await view()).ahead);
      await act('ticket:complete', { counterId: 'q6' });
    }
    expect(seen).toEqual([2, 1, 0]);
    await act('ticket:callNext', { counterId: 'q6' });
    const v = await view();
    expect(v.ticket.state).toBe('called');
    expect(v.counter).toMatchObject({ id: 'q6', number: 6 });
    expect(JSON.stringify(v)).not.toContain(mine.ticket.token);
    const unknown = await server.api('GET', '/api/tickets/khong-co-so-nay');
    expect(unknown.status).toBe(404);
  });

  it('closed services answer `closed` with the reason', async () => {
    const admin = await server.login();
    const put = await server.api('PUT', '/api/services/dkkd', { active: false }, admin);
    expect(put.body.ok).toBe(true);
    const r = await request(kiosk, 'ticket:issue', { serviceId: 'dkkd' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'closed', reason: 'inactive' });
  });

  it('a config change reaches displays as a fresh snapshot', async () => {
    const admin = await server.login();
    const snap = nextEvent<Snapshot>(display, 'snapshot', (s) => s.services.some((x) => x.name.vi === 'Hộ tịch — Khai sinh'));
    await server.api('PUT', '/api/services/ho-tich', { name: { vi: 'Hộ tịch — Khai sinh', en: 'Civil status — Births' } }, admin);
    expect((await snap).services.find((s) => s.id === 'ho-tich')?.name.en).toBe('Civil status — Births');
  });

  it('public namespaces never receive a token, a file code or a password hash', async () => {
    const seen: string[] = [];
    const watcher = await server.connect('/display');
    const otherKiosk = await server.connect('/kiosk');
    for (const s of [watcher, otherKiosk]) s.onAny((event: string, ...args: unknown[]) => seen.push(JSON.stringify([event, args])));
    const tokens: string[] = [];
    for (const serviceId of ['ho-tich', 'tu-phap', 'ho-tich']) tokens.push((await issue(serviceId, { priority: 'elderly' })).ticket.token);
    await act('counter:open', { counterId: 'q4' });
    await act('ticket:callNext', { counterId: 'q4' });
    await act('ticket:start', { counterId: 'q4' });
    await act('ticket:complete', { counterId: 'q4', fileCode: 'HS-BI-MAT-77' });
    await act('ticket:callNext', { counterId: 'q4' });
    await act('ticket:transfer', { counterId: 'q4', toServiceId: 'dkkd' });
    await request(watcher, 'snapshot:get', {});
    expect(seen.length).toBeGreaterThan(5);
    const all = seen.join('\n');
    for (const token of tokens) expect(all).not.toContain(token);
    expect(all).not.toContain('HS-BI-MAT-77');
    expect(all).not.toContain('$argon2');
    expect(all).not.toContain('"token"');
  });

  it('setting a kiosk key ends the sessions of kiosks without it', async () => {
    const admin = await server.login();
    const closed = new Promise<string>((resolve) => kiosk.once('disconnect', resolve));
    const keyed = await server.connect('/kiosk', { kioskKey: 'khoa-kiosk-1' });
    expect((await server.api('PUT', '/api/settings', { kioskKey: 'khoa-kiosk-1' }, admin)).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect(keyed.connected).toBe(true);
    const r = await request<IssueResult>(keyed, 'ticket:issue', { serviceId: 'ho-tich' });
    expect(r.ok).toBe(true);
  });
});
