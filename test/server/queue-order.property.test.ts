// Property over a real server: random days of issues (with priorities), calls, recalls,
// transfers, no-shows and cancellations, watched by the staff app's own LiveState (socket.io
// client, snapshot + deltas). After every step its waiting lists equal the engine's, and what a
// counter panel computes from them is exactly what "call next" then takes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LuotError } from '../../shared/errors.js';
import { callingOrder, StaffLiveState } from '../../shared/client/staff-live.js';
import type { Priority, PriorityPolicy, StaffSnapshot } from '../../shared/types.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The demo office: q1 (dat-dai, xay-dung), q2 (dat-dai), q3 (ho-tich, tu-phap), q4 (tu-phap, ho-tich).
const COUNTERS = ['q1', 'q2', 'q3', 'q4'];
const SERVICES = ['dat-dai', 'ho-tich', 'tu-phap'];
const ACTOR = { userId: null };

const command = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('issue' as const), service: fc.constantFrom(...SERVICES), priority: fc.constantFrom<Priority | null>(null, null, null, 'elderly', 'pregnant') }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('callNext' as const), counter: fc.constantFrom(...COUNTERS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('call' as const), counter: fc.constantFrom(...COUNTERS), ticket: fc.nat(30) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('complete' as const, 'noShow' as const, 'recall' as const), counter: fc.constantFrom(...COUNTERS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('transfer' as const), counter: fc.constantFrom(...COUNTERS), toService: fc.constantFrom(undefined, ...SERVICES), toCounter: fc.constantFrom(undefined, undefined, ...COUNTERS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('transferWaiting' as const), ticket: fc.nat(30), toService: fc.constantFrom(...SERVICES), toCounter: fc.constantFrom(undefined, ...COUNTERS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), ticket: fc.nat(30) }) },
  // Mostly no time at all: a busy second is where the browser's old copy of the order went wrong.
  { weight: 3, arbitrary: fc.record({ op: fc.constant('tick' as const), seconds: fc.constantFrom(0, 0, 1, 30) }) },
);

const policy = fc.constantFrom<PriorityPolicy>({ mode: 'strict' }, { mode: 'interleave', every: 1 }, { mode: 'interleave', every: 2 });

describe('queue order over the wire: the staff client shows what the engine calls', () => {
  // A Monday morning; every run is the next day, so numbering starts again each time.
  let now = new Date('2026-11-23T08:00:00+07:00');
  let server: TestServer;
  let live: StaffLiveState;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer({ now: () => now, tickMs: 3_600_000 });
    admin = await server.login();
    // Numbering that crosses A999 → A1000 and 9999 → 10000 within a few tickets.
    for (const [id, start] of [['dat-dai', 998], ['tu-phap', 9998]] as const) {
      expect((await server.api('PUT', `/api/services/${id}`, { start }, admin)).status).toBe(200);
    }
  }, 30_000);

  afterAll(async () => {
    live?.close();
    await server?.stop();
  });

  /** Resolves once the client has applied every event the office committed. */
  async function settled(): Promise<StaffSnapshot> {
    const deadline = Date.now() + 10_000;
    while (live.state?.rev !== server.office.engine.rev) {
      if (Date.now() > deadline) throw new Error(`${JSON.stringify(live.refused)} ${live.connected} client at rev ${live.state?.rev}, server at ${server.office.engine.rev}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    return live.state!;
  }

  /** The engine's lists as they would reach a client in a fresh snapshot. */
  const engineWaiting = () => JSON.parse(JSON.stringify(server.office.engine.staffSnapshot().waiting)) as StaffSnapshot['waiting'];

  it('after every step of random days the client\'s lists equal the engine\'s, and its calling order is what call next takes', { timeout: 120_000 }, async () => {
    let policyNow: string = JSON.stringify({ mode: 'strict' });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 40 }), policy, async (cmds, priorityPolicy) => {
        const office = server.office;
        now = new Date(now.getTime() + 24 * 3_600_000);
        await office.tick();
        // A day later the session has expired: log in again, and connect as the app does.
        live?.close();
        admin = await server.login();
        live = new StaffLiveState({ namespace: '/counter', auth: { token: admin }, url: server.url });
        if (JSON.stringify(priorityPolicy) !== policyNow) {
          expect((await server.api('PUT', '/api/settings', { priorityPolicy }, admin)).status).toBe(200);
          policyNow = JSON.stringify(priorityPolicy);
        }
        for (const q of COUNTERS) await office.openCounter(q, { id: `u-${q}`, name: `Cán bộ ${q}` }, true);
        const issued: string[] = [];
        const ticket = (n: number) => issued[n % Math.max(1, issued.length)] ?? 'none';
        for (const c of cmds) {
          const before = await settled();
          expect(before.waiting).toEqual(engineWaiting());
          try {
            switch (c.op) {
              case 'issue': issued.push((await office.issue({ serviceId: c.service, priority: c.priority })).ticket.id); break;
              case 'callNext': {
                const shown = callingOrder(before, c.counter)[0]?.id ?? null;
                const busy = before.counters.find((x) => x.id === c.counter)?.status !== 'idle';
                const called = await office.callNext(c.counter, ACTOR);
                if (!busy) expect(called?.id ?? null).toBe(shown);
                break;
              }
              case 'call': await office.call(c.counter, ticket(c.ticket), ACTOR); break;
              case 'complete': await office.complete(c.counter, null); break;
              case 'noShow': await office.noShow(c.counter); break;
              case 'recall': await office.recall(c.counter, ACTOR); break;
              case 'transfer': await office.transfer(c.counter, { toServiceId: c.toService, toCounterId: c.toCounter }); break;
              case 'transferWaiting': await office.transferWaiting(ticket(c.ticket), { toServiceId: c.toService, toCounterId: c.toCounter }); break;
              case 'cancel': await office.cancel(ticket(c.ticket), ACTOR); break;
              case 'tick': now = new Date(now.getTime() + c.seconds * 1000); break;
            }
          } catch (err) {
            if (!(err instanceof LuotError)) throw err;
          }
        }
        // Then each counter in turn calls until nobody is left for it: exactly its shown order.
        for (const q of COUNTERS) {
          await office.complete(q, null).catch(() => undefined);
          const state = await settled();
          expect(state.waiting).toEqual(engineWaiting());
          const shown = callingOrder(state, q).map((t) => t.id);
          const taken: string[] = [];
          for (let t = await office.callNext(q, ACTOR); t; t = await office.callNext(q, ACTOR)) {
            taken.push(t.id);
            await office.complete(q, null);
          }
          expect(taken).toEqual(shown);
        }
      }),
      // A failure shrinks over real server runs: stop shrinking after a minute, keeping the counterexample so far.
      { numRuns: 25, interruptAfterTimeLimit: 60_000 },
    );
  });
});
