// Two server processes over one PostgreSQL database: a counter command whose answer was lost is
// retried by the counter app with the same requestId, possibly on the other process (its socket
// reconnected through the balancer) or on a process started afterwards. Every process applies
// every event, so each answers the retry as the first try was answered: the same ticket, nothing
// called twice, no `conflict`.
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { IssueResult, PublicTicket, StaffSnapshot } from '../../shared/types.js';
import { ask, connectTo, loginAt } from '../reliability/helpers.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { loginSoon } from './race.js';

let cluster: Cluster | null = null;
const sockets: Socket[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  await cluster?.stop();
});

type TicketAnswer = { ticket: PublicTicket | null };

async function waitingAt(counter: Socket): Promise<string[]> {
  const r = await ask<{ snapshot: StaffSnapshot }>(counter, 'snapshot:get', {});
  if (!r?.ok) throw new Error('no snapshot');
  return (r.snapshot.waiting['ho-tich'] ?? []).map((t) => t.number);
}

describe('a counter command retried on another process', () => {
  it('gets the first answer there, and on a process started afterwards', async () => {
    cluster = await startCluster({ processes: 2 });
    const c = cluster;
    const admin = await loginAt(c.url(0));
    const made = await fetch(`${c.url(0)}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ username: 'tran-thu', name: 'Trần Thị Thu', role: 'staff', password: 'mat-khau-can-bo' }),
    });
    expect(made.status).toBe(201);
    const token = await loginSoon(c.url(1), 'tran-thu');
    const kiosk = await connectTo(c.url(0), '/kiosk');
    const [onA, onB] = await Promise.all([connectTo(c.url(0), '/counter', { token }), connectTo(c.url(1), '/counter', { token })]);
    sockets.push(kiosk, onA, onB);
    for (let i = 0; i < 3; i++) expect((await ask<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' }))?.ok).toBe(true);
    expect(await ask(onA, 'counter:open', { counterId: 'q3', requestId: 'mo-quay-q3-01' })).toEqual({ ok: true });
    expect(await ask(onB, 'counter:open', { counterId: 'q3', requestId: 'mo-quay-q3-01' })).toEqual({ ok: true });

    // Process A calls; its answer is as good as lost: the app asks B with the same requestId.
    const first = await ask<TicketAnswer>(onA, 'ticket:callNext', { counterId: 'q3', requestId: 'goi-tiep-q3-01' });
    if (!first?.ok || !first.ticket) throw new Error('callNext on A failed');
    expect(first.ticket.number).toBe('B001');
    const onOther = await ask<TicketAnswer>(onB, 'ticket:callNext', { counterId: 'q3', requestId: 'goi-tiep-q3-01' });
    expect(onOther).toMatchObject({ ok: true, ticket: { id: first.ticket.id, number: 'B001' } });
    expect(await waitingAt(onB)).toEqual(['B002', 'B003']);

    // Completed on B, retried on A: answered, not refused with `conflict`.
    const done = await ask<TicketAnswer>(onB, 'ticket:complete', { counterId: 'q3', requestId: 'xong-q3-0001' });
    expect(done).toMatchObject({ ok: true, ticket: { number: 'B001', state: 'done' } });
    expect(await ask(onA, 'ticket:complete', { counterId: 'q3', requestId: 'xong-q3-0001' })).toMatchObject({ ok: true, ticket: { number: 'B001', state: 'done' } });
    // Reused for another command on A: refused, and said why.
    expect(await ask(onA, 'ticket:recall', { counterId: 'q3', requestId: 'xong-q3-0001' })).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'request_reused' } });

    // A process started afterwards rebuilds what each requestId did from the table.
    await c.kill(0, 'SIGKILL');
    const fresh = await connectTo((await c.restart(0)).url, '/counter', { token });
    sockets.push(fresh);
    expect(await ask(fresh, 'ticket:callNext', { counterId: 'q3', requestId: 'goi-tiep-q3-01' })).toMatchObject({ ok: true, ticket: { id: first.ticket.id } });
    expect(await waitingAt(fresh)).toEqual(['B002', 'B003']);
    expect(await ask(fresh, 'ticket:callNext', { counterId: 'q3', requestId: 'goi-tiep-q3-02' })).toMatchObject({ ok: true, ticket: { number: 'B002' } });
    expect(await waitingAt(onB)).toEqual(['B003']);
  }, 120_000);
});
