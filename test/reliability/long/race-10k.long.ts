// Racing counters, 10,000 calls: six counters on shared services (two per group) call and
// complete as fast as they can while kiosks keep issuing in batches. No ticket is called twice,
// none is skipped, each counter only gets its own services' tickets, and within each service
// tickets are called in the order they were issued. The server runs in its own process, so
// the clients do not share its event loop.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTERS } from '../../../server/demo.js';
import type { CalledEvent, IssueResult, PublicTicket, StaffSnapshot } from '../../../shared/types.js';
import { spawnServer, type Child } from '../../support/child.js';
import { ask, connectTo, getJson, loginAt, seqOf, sleep, ticketsFromCsv, until } from '../helpers.js';

const CALLS = Number(process.env.LUOT_RACE_CALLS ?? 10_000);
const BATCH = 500;
const SERVICES = ['ldtbxh', 'dkkd', 'ho-tich', 'tu-phap', 'dat-dai'];
const COUNTERS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
const SERVES = new Map(DEMO_COUNTERS.map((c) => [c.id, new Set(c.serviceIds)]));

let child: Child | null = null;
let dataDir = '';
afterAll(async () => {
  await child?.kill('SIGTERM');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe(`racing counters, ${CALLS.toLocaleString('en')} calls`, () => {
  it('no ticket called twice, none skipped, each service in issue order', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'luot-race-'));
    child = await spawnServer(dataDir);
    const url = child.url;
    const admin = await loginAt(url);
    // One staff member per counter: every call goes through the "only at your own counter" check.
    const tokens: string[] = [];
    for (const c of COUNTERS) {
      const res = await fetch(`${url}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ username: `race-${c}`, name: `Cán bộ ${c}`, role: 'staff', password: 'mat-khau-can-bo' }),
      });
      expect(res.status).toBe(201);
      tokens.push(await loginAt(url, `race-${c}`, 'mat-khau-can-bo'));
    }
    const display = await connectTo(url, '/display');
    const announced: CalledEvent[] = [];
    display.on('called', (c: CalledEvent) => announced.push(c));
    const kiosks = await Promise.all([0, 1, 2, 3].map(() => connectTo(url, '/kiosk')));
    const counters = await Promise.all(tokens.map((token) => connectTo(url, '/counter', { token })));
    for (const [i, c] of COUNTERS.entries()) expect((await ask(counters[i]!, 'counter:open', { counterId: c }))?.ok).toBe(true);

    const issued = new Map<string, { number: string; serviceId: string }>();
    const calledBy = new Map<string, string[]>();
    const perCounter = new Map<string, number>(COUNTERS.map((c) => [c, 0]));
    const errors: string[] = [];
    let issuingDone = false;
    const started = Date.now();

    const issuing = (async () => {
      let n = 0;
      while (issued.size < CALLS) {
        const batch = Math.min(BATCH, CALLS - issued.size);
        const results = await Promise.all(
          Array.from({ length: batch }, () => {
            const k = kiosks[n % kiosks.length]!;
            const serviceId = SERVICES[n++ % SERVICES.length]!;
            return ask<IssueResult>(k, 'ticket:issue', { serviceId }, 60_000);
          }),
        );
        for (const r of results) {
          if (!r?.ok) throw new Error(`issue: ${JSON.stringify(r)}`);
          issued.set(r.ticket.id, { number: r.ticket.number, serviceId: r.ticket.serviceId });
        }
        // Let the counters catch up a little, so the queues stay short and calls race for the heads.
        await until(() => issued.size - calledBy.size < BATCH * 2, 120_000, 'the counters to catch up');
      }
      issuingDone = true;
    })();

    const calling = COUNTERS.map(async (counterId, i) => {
      const s: Socket = counters[i]!;
      for (;;) {
        const r = await ask<{ ticket: PublicTicket | null }>(s, 'ticket:callNext', { counterId }, 60_000);
        if (!r?.ok) {
          errors.push(`${counterId} callNext: ${JSON.stringify(r)}`);
          return;
        }
        if (!r.ticket) {
          if (issuingDone) return;
          await sleep(2);
          continue;
        }
        calledBy.set(r.ticket.id, [...(calledBy.get(r.ticket.id) ?? []), counterId]);
        perCounter.set(counterId, perCounter.get(counterId)! + 1);
        if (!SERVES.get(counterId)!.has(r.ticket.serviceId)) errors.push(`${counterId} got ${r.ticket.number} of ${r.ticket.serviceId}`);
        const done = await ask(s, 'ticket:complete', { counterId }, 60_000);
        if (!done?.ok) {
          errors.push(`${counterId} complete: ${JSON.stringify(done)}`);
          return;
        }
      }
    });
    await issuing;
    await Promise.all(calling);
    const ms = Date.now() - started;
    await until(() => announced.length >= calledBy.size, 30_000, 'every call announced');

    expect(errors.slice(0, 10)).toEqual([]);
    const twice = [...calledBy.entries()].filter(([, by]) => by.length > 1);
    expect(twice).toEqual([]);
    expect(issued.size).toBe(CALLS);
    expect(calledBy.size).toBe(CALLS);
    expect(new Set(calledBy.keys())).toEqual(new Set(issued.keys()));
    for (const [c, n] of perCounter) expect(n, `${c} took part`).toBeGreaterThan(0);

    // Displays saw each call once, with no gap in the revs they carry.
    expect(announced).toHaveLength(CALLS);
    expect(new Set(announced.map((a) => a.ticket.id)).size).toBe(CALLS);
    expect(announced.every((a) => !a.recall)).toBe(true);
    const revs = announced.map((a) => a.rev);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
    // First come, first served: per service, calls (in rev order) follow the numbers.
    for (const serviceId of SERVICES) {
      const seqs = announced.filter((a) => a.ticket.serviceId === serviceId).map((a) => seqOf(a.ticket.number));
      expect(seqs, `${serviceId} called out of order`).toEqual([...seqs].sort((a, b) => a - b));
    }

    // The server agrees: nobody waiting, every counter idle, every ticket done once.
    const token = await loginAt(url);
    const staff = await connectTo(url, '/counter', { token });
    const snap = await ask<{ snapshot: StaffSnapshot }>(staff, 'snapshot:get', {});
    staff.close();
    if (!snap?.ok) throw new Error('snapshot');
    for (const list of Object.values(snap.snapshot.waiting)) expect(list).toEqual([]);
    for (const c of snap.snapshot.counters.filter((x) => COUNTERS.includes(x.id))) expect(c.current).toBeNull();
    const { serviceDay } = await getJson<{ serviceDay: string }>(`${url}/api/health`);
    const csv = await ticketsFromCsv(url, token, serviceDay);
    expect(csv).toHaveLength(CALLS);
    expect(csv.every((t) => t.state === 'done' && t.callCount === 1)).toBe(true);

    for (const s of [display, ...kiosks, ...counters]) s.close();
    const rate = Math.round((CALLS * 3) / (ms / 1000));
    console.log(`[race] ${CALLS} issued, called and completed in ${Math.round(ms / 1000)} s (${rate} acknowledged operations/s); calls per counter ${JSON.stringify(Object.fromEntries(perCounter))}`);
  }, 900_000);
});
