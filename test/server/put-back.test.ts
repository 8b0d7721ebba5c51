// Issue 15 §3 over the real server: the office sets where a no-show goes back and how often
// (PUT /api/settings, checked by zod), staff list today's no-shows (GET /api/no-shows) and put one
// back over the socket (ticket:putBack); the number stays, the citizen's page says it waits again.
import { afterEach, describe, expect, it } from 'vitest';
import type { IssueResult, NoShowTicket, StaffSnapshot, TicketView } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

describe('putting back a no-show', () => {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('follows the office setting, keeps the number, and stops at the limit', async () => {
    // Issued a second apart: instants are whole seconds, and tickets of one second go together.
    let clock = new Date('2026-03-16T08:00:00+07:00').getTime();
    server = await startTestServer({ now: () => new Date(clock) });
    const admin = await server.login();
    const bad = await server.api('PUT', '/api/settings', { putBack: { place: { mode: 'after', count: 99 }, maxTimes: 1 } }, admin);
    expect(bad.status).toBe(400);
    const set = await server.api('PUT', '/api/settings', { putBack: { place: { mode: 'after', count: 1 }, maxTimes: 1 } }, admin);
    expect(set.status).toBe(200);

    const kiosk = await server.connect('/kiosk');
    const tickets: IssueResult[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'dat-dai' });
      if (!r.ok) throw new Error(r.error.message);
      tickets.push(r);
      clock += 1000;
    }
    const staffToken = await server.staff('lan', 'staff');
    const staff = await server.connect('/counter', { token: staffToken });
    expect(await request(staff, 'counter:open', { counterId: 'q2' })).toEqual({ ok: true });
    expect(await request(staff, 'ticket:callNext', { counterId: 'q2' })).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    expect(await request(staff, 'ticket:noShow', { counterId: 'q2' })).toMatchObject({ ok: true });

    const list = await server.api<{ tickets: NoShowTicket[]; maxTimes: number }>('GET', '/api/no-shows', undefined, staffToken);
    expect(list.body).toMatchObject({ ok: true, maxTimes: 1, tickets: [{ number: 'A001', putBacks: 0, state: 'no_show' }] });
    expect((await server.api('GET', '/api/no-shows')).status).toBe(401);

    const id = tickets[0]!.ticket.id;
    expect(await request(staff, 'ticket:putBack', { ticketId: id })).toMatchObject({ ok: true, ticket: { number: 'A001', state: 'waiting' } });
    const snap = await request<{ snapshot: StaffSnapshot }>(staff, 'snapshot:get');
    if (!snap.ok) throw new Error(snap.error.message);
    expect(snap.snapshot.waiting['dat-dai']!.map((t) => t.number)).toEqual(['A002', 'A001', 'A003']);
    const page = await server.api<TicketView>('GET', `/api/tickets/${tickets[0]!.ticket.token}`);
    expect(page.body).toMatchObject({ ok: true, ticket: { number: 'A001', state: 'waiting' }, ahead: 1 });

    // Called again, missed again: once is what this office allows.
    expect(await request(staff, 'ticket:callNext', { counterId: 'q2' })).toMatchObject({ ok: true, ticket: { number: 'A002' } });
    await request(staff, 'ticket:complete', { counterId: 'q2' });
    expect(await request(staff, 'ticket:callNext', { counterId: 'q2' })).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    await request(staff, 'ticket:noShow', { counterId: 'q2' });
    const refused = await request(staff, 'ticket:putBack', { ticketId: id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'put_back_limit' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/đủ số lần/);
  });
});
