// Counter commands answered once over the real /counter socket: a command sent again with its
// requestId (what the counter app does after a lost answer) gets the first answer; nothing else
// is called, announced or written. A requestId reused for another command is refused clearly.
import { afterEach, describe, expect, it } from 'vitest';
import type { CalledEvent, IssueResult, PublicTicket, StaffSnapshot } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

describe('counter commands with a requestId, over the socket', () => {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('a repeated callNext returns the same ticket and calls nothing else; a repeated complete is answered, not refused', async () => {
    server = await startTestServer();
    const kiosk = await server.connect('/kiosk');
    for (let i = 0; i < 3; i++) expect((await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'dat-dai' })).ok).toBe(true);
    const display = await server.connect('/display');
    const calls: CalledEvent[] = [];
    display.on('called', (c: CalledEvent) => calls.push(c));
    const staff = await server.connect('/counter', { token: await server.staff('hoa', 'staff') });
    expect(await request(staff, 'counter:open', { counterId: 'q2', requestId: 'mo-quay-0001' })).toEqual({ ok: true });
    expect(await request(staff, 'counter:open', { counterId: 'q2', requestId: 'mo-quay-0001' })).toEqual({ ok: true });

    const first = await request<{ ticket: PublicTicket }>(staff, 'ticket:callNext', { counterId: 'q2', requestId: 'goi-tiep-0001' });
    expect(first).toMatchObject({ ok: true, ticket: { number: 'A001', state: 'called' } });
    const rev = (await server.api<{ rev: number }>('GET', '/api/health')).body;
    // Sent again, twice at once (a retry racing a second tap's retry): the same ticket each time.
    const again = await Promise.all([1, 2].map(() => request<{ ticket: PublicTicket }>(staff, 'ticket:callNext', { counterId: 'q2', requestId: 'goi-tiep-0001' })));
    for (const r of again) expect(r).toMatchObject({ ok: true, ticket: { id: first.ok ? first.ticket.id : '', number: 'A001' } });
    expect((await server.api('GET', '/api/health')).body, 'nothing written').toEqual(rev);
    const snap = await request<{ snapshot: StaffSnapshot }>(staff, 'snapshot:get');
    if (!snap.ok) throw new Error(snap.error.message);
    expect(snap.snapshot.waiting['dat-dai']!.map((t) => t.number)).toEqual(['A002', 'A003']);
    expect(snap.snapshot.counters.find((c) => c.id === 'q2')?.current?.number).toBe('A001');

    const done = await request(staff, 'ticket:complete', { counterId: 'q2', requestId: 'xong-0000001' });
    expect(done).toMatchObject({ ok: true, ticket: { number: 'A001', state: 'done' } });
    // Without its requestId this retry is refused: the counter has no ticket any more.
    expect(await request(staff, 'ticket:complete', { counterId: 'q2' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await request(staff, 'ticket:complete', { counterId: 'q2', requestId: 'xong-0000001' })).toMatchObject({ ok: true, ticket: { number: 'A001', state: 'done' } });

    // The display heard one call; its called event came once, not once per retry.
    await expect.poll(() => calls.length).toBe(1);
    expect(calls[0]).toMatchObject({ counterId: 'q2', ticket: { number: 'A001' } });
    expect(await request(staff, 'ticket:callNext', { counterId: 'q2', requestId: 'goi-tiep-0002' })).toMatchObject({ ok: true, ticket: { number: 'A002' } });
    await expect.poll(() => calls.length).toBe(2);
  });

  it('refuses a requestId reused for another command, and a malformed one', async () => {
    server = await startTestServer();
    const kiosk = await server.connect('/kiosk');
    await request(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    const staff = await server.connect('/counter', { token: await server.staff('lan', 'staff') });
    await request(staff, 'counter:open', { counterId: 'q3' });
    expect(await request(staff, 'ticket:callNext', { counterId: 'q3', requestId: 'mot-lan-0001' })).toMatchObject({ ok: true });
    const reused = await request(staff, 'ticket:noShow', { counterId: 'q3', requestId: 'mot-lan-0001' });
    expect(reused).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'request_reused', message: 'Mã yêu cầu này đã dùng cho một thao tác khác' } });
    expect(await request(staff, 'ticket:recall', { counterId: 'q3', requestId: 'ngan' })).toMatchObject({ ok: false, error: { code: 'invalid', field: 'requestId' } });
    // Refused, nothing done: the ticket is still called.
    const snap = await request<{ snapshot: StaffSnapshot }>(staff, 'snapshot:get');
    expect(snap.ok && snap.snapshot.counters.find((c) => c.id === 'q3')?.current).toMatchObject({ state: 'called', callCount: 1 });
  });
});
