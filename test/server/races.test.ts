// Race-freedom through the real stack: many counters and kiosks at the same instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { IssueResult, PublicTicket, Snapshot } from '../../shared/types.js';
import { RecordingPrinter, request, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const printer = new RecordingPrinter();
beforeAll(async () => {
  server = await startTestServer({ printer });
});
afterAll(() => server.stop());

async function issueMany(kiosks: Socket[], perKiosk: number, services: string[]): Promise<IssueResult[]> {
  const all = await Promise.all(
    kiosks.flatMap((k, i) =>
      Array.from({ length: perKiosk }, (_, n) => request<IssueResult>(k, 'ticket:issue', { serviceId: services[(i + n) % services.length] })),
    ),
  );
  return all.map((r) => {
    if (!r.ok) throw new Error(r.error.message);
    return r;
  });
}

describe('races', () => {
  it('concurrent issues from many kiosks never share a number', async () => {
    const kiosks = await Promise.all(Array.from({ length: 8 }, () => server.connect('/kiosk')));
    const issued = await issueMany(kiosks, 50, ['dat-dai', 'tu-phap']);
    const byService = new Map<string, string[]>();
    for (const r of issued) byService.set(r.ticket.serviceId, [...(byService.get(r.ticket.serviceId) ?? []), r.ticket.number]);
    for (const [, numbers] of byService) expect(new Set(numbers).size).toBe(numbers.length);
    // Numbers are contiguous: nothing skipped, nothing doubled.
    expect([...byService.get('tu-phap')!].sort()).toEqual(Array.from({ length: 200 }, (_, i) => String(1001 + i)));
    expect([...byService.get('dat-dai')!].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
  });

  it('a repeated requestId returns the same ticket and prints once, even sent concurrently', async () => {
    const kiosk = await server.connect('/kiosk');
    const other = await server.connect('/kiosk');
    const requestId = 'kiosk-1-tap-000042';
    const before = printer.jobs.length;
    const answers = await Promise.all([kiosk, other, kiosk, other, kiosk].map((k) => request<IssueResult>(k, 'ticket:issue', { serviceId: 'ho-tich', requestId })));
    const ids = new Set(answers.map((a) => (a.ok ? a.ticket.id : 'failed')));
    expect(ids.size).toBe(1);
    expect(ids.has('failed')).toBe(false);
    expect(printer.jobs.length).toBe(before + 1);
    const snap = await request<{ snapshot: Snapshot }>(kiosk, 'snapshot:get');
    if (!snap.ok) throw new Error();
    expect(snap.snapshot.services.find((s) => s.id === 'ho-tich')!.waiting).toBe(1);
  });

  it('1,000 calls by six counters at once: no ticket is called twice, none is skipped', async () => {
    const kiosks = await Promise.all(Array.from({ length: 4 }, () => server.connect('/kiosk')));
    // Services shared by several counters (see the demo office): ldtbxh and dkkd by q5 and q6,
    // ho-tich and tu-phap by q3 and q4, dat-dai by q1 and q2.
    const issued = await issueMany(kiosks, 250, ['ldtbxh', 'dkkd', 'ho-tich', 'tu-phap', 'dat-dai']);
    const expected = new Set(issued.map((r) => r.ticket.id));
    const counters = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    const sockets = await Promise.all(counters.map(async (c) => server.connect('/counter', { token: await server.staff(`race-${c}`) })));
    await Promise.all(sockets.map((s, i) => request(s, 'counter:open', { counterId: counters[i] })));
    const calledBy = new Map<string, string[]>();
    await Promise.all(
      sockets.map(async (s, i) => {
        const counterId = counters[i]!;
        for (;;) {
          const r = await request<{ ticket: PublicTicket | null }>(s, 'ticket:callNext', { counterId });
          if (!r.ok) throw new Error(`${counterId}: ${r.error.message}`);
          if (!r.ticket) return;
          calledBy.set(r.ticket.id, [...(calledBy.get(r.ticket.id) ?? []), counterId]);
          const done = await request(s, 'ticket:complete', { counterId });
          if (!done.ok) throw new Error(`${counterId}: ${done.error.message}`);
        }
      }),
    );
    const twice = [...calledBy.entries()].filter(([, by]) => by.length > 1);
    expect(twice).toEqual([]);
    const called = new Set([...calledBy.keys()].filter((id) => expected.has(id)));
    expect(called.size).toBe(1000);
    // Every counter took part: the calls really were concurrent.
    const perCounter = counters.map((c) => [...calledBy.values()].filter((by) => by[0] === c).length);
    for (const n of perCounter) expect(n).toBeGreaterThan(0);
  }, 120_000);
});
