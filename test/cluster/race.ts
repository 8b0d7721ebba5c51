// Racing counters across three server processes over one database (issue 11): kiosks on the
// first process, counters q1..q6 spread over the second and third, displays (both feeds) on all
// three. Tickets are issued first, then six counters call and complete as fast as they can.
// No ticket is called twice, none is skipped, no number is reused, each service is called in
// issue order, and every display gets every `called` exactly once, in rev order.
// Used by test/cluster/race.test.ts (a few hundred calls) and the long suite (10,000).
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { DEMO_COUNTERS } from '../../server/demo.js';
import { BATCHED_FEED, FEED_QUERY } from '../../shared/events.js';
import type { CalledEvent, IssueResult, PublicTicket, StaffSnapshot } from '../../shared/types.js';
import { ask, connectTo, getJson, loginAt, seqOf, sleep, ticketsFromCsv, until } from '../reliability/helpers.js';
import { startCluster, type Cluster } from '../support/cluster.js';

const SERVICES = ['ldtbxh', 'dkkd', 'ho-tich', 'tu-phap', 'dat-dai'];
const COUNTERS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
const SERVES = new Map(DEMO_COUNTERS.map((c) => [c.id, new Set(c.serviceIds)]));

function batchedDisplay(url: string): Promise<Socket> {
  const s = io(`${url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true, query: { [FEED_QUERY]: BATCHED_FEED } });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/**
 * A login on another process than the one that made the account: that process learns of it by
 * the database's notification (config is read again on `luot_config`), a moment later.
 */
export async function loginSoon(url: string, username: string, password = 'mat-khau-can-bo', withinMs = 5_000): Promise<string> {
  const end = Date.now() + withinMs;
  for (;;) {
    try {
      return await loginAt(url, username, password);
    } catch (e) {
      if (Date.now() > end) throw e;
      await sleep(50);
    }
  }
}

export interface RaceResult {
  ms: number;
  perCounter: Record<string, number>;
  perProcess: number[];
}

export async function clusterRace(calls: number, log = (s: string) => console.log(s)): Promise<RaceResult> {
  const t0 = Date.now();
  const phase = (what: string) => log(`[cluster race] ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const cluster: Cluster = await startCluster({ processes: 3 });
  phase('3 processes up');
  const sockets: Socket[] = [];
  try {
    const [kioskUrl, ...counterUrls] = [0, 1, 2].map((i) => cluster.url(i)) as [string, string, string];
    const admin = await loginAt(kioskUrl);
    for (const c of COUNTERS) {
      // Users made on one process, logged in on another: one deployment.
      const res = await fetch(`${kioskUrl}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ username: `race-${c}`, name: `Cán bộ ${c}`, role: 'staff', password: 'mat-khau-can-bo' }),
      });
      expect(res.status).toBe(201);
    }
    const madeAt = Date.now();
    const tokens = await Promise.all(COUNTERS.map((c, i) => loginSoon(counterUrls[i % 2]!, `race-${c}`)));
    phase(`accounts made on process 1 opened on processes 2 and 3 after ${Date.now() - madeAt} ms`);

    const displays: { where: number; feed: string; calls: CalledEvent[] }[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [feed, open] of [['classic', () => connectTo(cluster.url(i), '/display')], ['batched', () => batchedDisplay(cluster.url(i))]] as const) {
        const s = await open();
        sockets.push(s);
        const d = { where: i, feed, calls: [] as CalledEvent[] };
        s.on('called', (c: CalledEvent) => d.calls.push(c));
        displays.push(d);
      }
    }
    const kiosks = await Promise.all([0, 1, 2, 3].map(() => connectTo(kioskUrl, '/kiosk')));
    sockets.push(...kiosks);
    // q1, q3, q5 on the second process; q2, q4, q6 on the third: every pair sharing a service is split.
    const counters = await Promise.all(tokens.map((token, i) => connectTo(counterUrls[i % 2]!, '/counter', { token })));
    sockets.push(...counters);
    for (const [i, c] of COUNTERS.entries()) expect((await ask(counters[i]!, 'counter:open', { counterId: c }))?.ok).toBe(true);

    const issued = new Map<string, { number: string; serviceId: string }>();
    let n = 0;
    while (issued.size < calls) {
      const batch = Math.min(500, calls - issued.size);
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
    }
    // No number given twice, whatever the batch.
    for (const s of SERVICES) {
      const numbers = [...issued.values()].filter((t) => t.serviceId === s).map((t) => t.number);
      expect(new Set(numbers).size, `${s} numbers unique`).toBe(numbers.length);
    }

    phase(`${calls} tickets issued`);
    const calledBy = new Map<string, string[]>();
    const perCounter: Record<string, number> = Object.fromEntries(COUNTERS.map((c) => [c, 0]));
    const errors: string[] = [];
    const started = Date.now();
    await Promise.all(
      COUNTERS.map(async (counterId, i) => {
        const s = counters[i]!;
        for (;;) {
          const r = await ask<{ ticket: PublicTicket | null }>(s, 'ticket:callNext', { counterId }, 60_000);
          if (!r?.ok) {
            errors.push(`${counterId} callNext: ${JSON.stringify(r)}`);
            return;
          }
          if (!r.ticket) return;
          calledBy.set(r.ticket.id, [...(calledBy.get(r.ticket.id) ?? []), counterId]);
          perCounter[counterId]!++;
          if (!SERVES.get(counterId)!.has(r.ticket.serviceId)) errors.push(`${counterId} got ${r.ticket.number} of ${r.ticket.serviceId}`);
          const done = await ask(s, 'ticket:complete', { counterId }, 60_000);
          if (!done?.ok) {
            errors.push(`${counterId} complete: ${JSON.stringify(done)}`);
            return;
          }
        }
      }),
    );
    const ms = Date.now() - started;
    // Not thrown here: the counters' errors below say more than a display still waiting.
    await until(() => displays.every((d) => d.calls.length >= calledBy.size), 30_000, 'every display to announce every call').catch(() => undefined);
    // Anything doubled would arrive within this.
    await sleep(300);

    expect(errors.slice(0, 10)).toEqual([]);
    expect([...calledBy.entries()].filter(([, by]) => by.length > 1)).toEqual([]);
    expect(calledBy.size).toBe(calls);
    expect(new Set(calledBy.keys())).toEqual(new Set(issued.keys()));
    for (const [c, k] of Object.entries(perCounter)) expect(k, `${c} took part`).toBeGreaterThan(0);

    for (const d of displays) {
      const what = `display on process ${d.where + 1} (${d.feed} feed)`;
      expect(d.calls, what).toHaveLength(calls);
      expect(new Set(d.calls.map((a) => a.ticket.id)).size, what).toBe(calls);
      const revs = d.calls.map((a) => a.rev);
      expect([...revs].sort((a, b) => a - b), `${what}: in rev order`).toEqual(revs);
      for (const serviceId of SERVICES) {
        const seqs = d.calls.filter((a) => a.ticket.serviceId === serviceId).map((a) => seqOf(a.ticket.number));
        expect(seqs, `${what}: ${serviceId} called in issue order`).toEqual([...seqs].sort((a, b) => a - b));
      }
    }
    // Every display saw the same calls in the same order.
    const order = displays[0]!.calls.map((c) => c.ticket.id).join();
    for (const d of displays) expect(d.calls.map((c) => c.ticket.id).join()).toBe(order);

    phase('every display announced every call');
    // Each process agrees: nobody waiting, the six counters idle, every ticket done once.
    for (let i = 0; i < 3; i++) {
      const url = cluster.url(i);
      const token = await loginAt(url);
      const staff = await connectTo(url, '/counter', { token });
      const snap = await ask<{ snapshot: StaffSnapshot }>(staff, 'snapshot:get', {});
      staff.close();
      if (!snap?.ok) throw new Error('snapshot');
      for (const list of Object.values(snap.snapshot.waiting)) expect(list).toEqual([]);
      for (const c of snap.snapshot.counters.filter((x) => COUNTERS.includes(x.id))) expect(c.current).toBeNull();
    }
    const token = await loginAt(kioskUrl);
    const { serviceDay } = await getJson<{ serviceDay: string }>(`${kioskUrl}/api/health`);
    const csv = await ticketsFromCsv(counterUrls[1]!, token, serviceDay);
    expect(csv).toHaveLength(calls);
    expect(csv.every((t) => t.state === 'done' && t.callCount === 1)).toBe(true);

    const perProcess = [0, 0, 0];
    COUNTERS.forEach((c, i) => (perProcess[1 + (i % 2)]! += perCounter[c]!));
    const rate = Math.round((calls * 2) / (ms / 1000));
    log(`[cluster race] ${calls} calls and completions by 6 counters on 2 processes in ${(ms / 1000).toFixed(1)} s (${rate} acknowledged operations/s); per counter ${JSON.stringify(perCounter)}`);
    return { ms, perCounter, perProcess };
  } finally {
    for (const s of sockets) s.close();
    await cluster.stop();
  }
}
