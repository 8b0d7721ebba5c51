// Property: for random days of issues (with priorities), calls, recalls, transfers, no-shows and
// cancellations, what a counter panel computes from a staff snapshot (shared/client/live.ts, the
// functions the app renders with) is exactly what the engine's "call next" takes there, and the
// citizen's "people ahead" is the ticket's place in that same order. The client side only ever
// sees the snapshot as JSON, as it arrives over the wire.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LuotError } from '../../shared/errors.js';
import { callingOrder, counterList } from '../../shared/client/staff-live.js';
import { callOrder } from '../../shared/queue-order.js';
import type { Counter, Priority, PriorityPolicy, StaffSnapshot } from '../../shared/types.js';
import { QueueEngine } from '../../server/queue/engine.js';
import { CIVIL, Harness, JUSTICE, LAND } from '../support/engine-fixture.js';

// Numbering that crosses A999 → A1000 and 9999 → 10000 within a few tickets.
const SERVICES = [{ ...LAND, start: 997 }, { ...CIVIL, start: 9998 }, JUSTICE];
const COUNTERS: Counter[] = [
  { id: 'c1', number: 1, label: { vi: 'Quầy 1', en: 'Counter 1' }, serviceIds: ['land', 'civil'] },
  { id: 'c2', number: 2, label: { vi: 'Quầy 2', en: 'Counter 2' }, serviceIds: ['civil', 'land'] },
  { id: 'c3', number: 3, label: { vi: 'Quầy 3', en: 'Counter 3' }, serviceIds: ['justice'] },
  { id: 'c4', number: 4, label: { vi: 'Quầy 4', en: 'Counter 4' }, serviceIds: ['land'] },
];
const IDS = COUNTERS.map((c) => c.id);
const SERVICE_IDS = SERVICES.map((s) => s.id);

const command = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('issue' as const), service: fc.constantFrom(...SERVICE_IDS), priority: fc.constantFrom<Priority | null>(null, null, null, 'elderly', 'child') }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('callNext' as const), counter: fc.constantFrom(...IDS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('call' as const), counter: fc.constantFrom(...IDS), ticket: fc.nat(40) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('complete' as const, 'noShow' as const, 'recall' as const), counter: fc.constantFrom(...IDS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('transfer' as const), counter: fc.constantFrom(...IDS), toService: fc.constantFrom(undefined, ...SERVICE_IDS), toCounter: fc.constantFrom(undefined, undefined, ...IDS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('transferWaiting' as const), ticket: fc.nat(40), toService: fc.constantFrom(...SERVICE_IDS), toCounter: fc.constantFrom(undefined, ...IDS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), ticket: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('pause' as const, 'resume' as const, 'open' as const), counter: fc.constantFrom(...IDS) }) },
  // Mostly no time at all: tickets of one second are where orders used to disagree.
  { weight: 3, arbitrary: fc.record({ op: fc.constant('tick' as const), seconds: fc.constantFrom(0, 0, 1, 1, 7, 45) }) },
);

const policy = fc.constantFrom<PriorityPolicy>({ mode: 'strict' }, { mode: 'interleave', every: 1 }, { mode: 'interleave', every: 2 }, { mode: 'interleave', every: 3 });

/** The staff snapshot as a client holds it: through JSON, like every socket.io payload. */
const wire = (e: QueueEngine): StaffSnapshot => JSON.parse(JSON.stringify(e.staffSnapshot())) as StaffSnapshot;

/** What repeated "call next" (and "complete") at `counterId` takes, on a copy of the engine. */
function drain(h: Harness, counterId: string): string[] {
  const copy = h.replay();
  const out: string[] = [];
  for (;;) {
    const { ticket } = copy.callNext(counterId, { userId: null });
    if (!ticket) return out;
    out.push(ticket.id);
    copy.complete(counterId, null);
  }
}

function idle(h: Harness, counterId: string): boolean {
  return h.engine.publicCounter(counterId)!.status === 'idle';
}

describe('queue order: what clients show is what the engine calls', () => {
  it('for random days, every idle counter\'s calling order (from the snapshot) equals the tickets call next takes, in order', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 5, maxLength: 70 }), policy, (cmds, priorityPolicy) => {
        const h = new Harness({ services: SERVICES, counters: COUNTERS, priorityPolicy });
        for (const id of IDS) h.open(id);
        const e = h.engine;
        for (const c of cmds) {
          const before = wire(e);
          try {
            switch (c.op) {
              case 'issue': h.issue(c.service, c.priority); break;
              case 'callNext': {
                const shown = callingOrder(before, c.counter);
                const t = h.callNext(c.counter);
                // The ticket taken is the one the panel showed first (or none when it showed none).
                expect(t?.id ?? null).toBe(shown[0]?.id ?? null);
                break;
              }
              case 'call': h.call(c.counter, `t${c.ticket}`); break;
              case 'complete': h.complete(c.counter); break;
              case 'noShow': h.record(e.noShow(c.counter)); break;
              case 'recall': h.record(e.recall(c.counter, { userId: null })); break;
              case 'transfer': h.record(e.transfer(c.counter, { toServiceId: c.toService, toCounterId: c.toCounter })); break;
              case 'transferWaiting': h.record(e.transferWaiting(`t${c.ticket}`, { toServiceId: c.toService, toCounterId: c.toCounter })); break;
              case 'cancel': h.record(e.cancel(`t${c.ticket}`, { userId: null })); break;
              case 'pause': h.keep(e.pauseCounter(c.counter, null)); break;
              case 'resume': h.keep(e.resumeCounter(c.counter)); break;
              case 'open': h.open(c.counter); break;
              case 'tick': h.clock.advance(0, c.seconds); break;
            }
          } catch (err) {
            if (!(err instanceof LuotError)) throw err;
          }
        }
        const snap = wire(e);
        for (const counterId of IDS) {
          if (!idle(h, counterId)) continue;
          // The whole sequence, across the counter's services and the tickets sent to it.
          expect(callingOrder(snap, counterId).map((t) => t.id)).toEqual(drain(h, counterId));
        }
        // c3 and c4 serve one service each: their panel list (callable part) is that same sequence.
        for (const [counterId, serviceId] of [['c3', 'justice'], ['c4', 'land']] as const) {
          if (!idle(h, counterId)) continue;
          const panel = counterList(snap, counterId, serviceId).filter((t) => !t.targetCounterId || t.targetCounterId === counterId);
          const sentHere = counterList(snap, counterId, null);
          if (sentHere.length === 0) expect(panel.map((t) => t.id)).toEqual(drain(h, counterId));
        }
        // People ahead: the ticket's place in its service's order (a counter that just called a priority ticket).
        for (const serviceId of SERVICE_IDS) {
          const order = callOrder(snap.waiting[serviceId]!, priorityPolicy, 0);
          order.forEach((t, i) => expect(e.ahead(e.ticketById(t.id)!), `${t.number} ahead`).toBe(i));
        }
      }),
      { numRuns: 150 },
    );
  });
});
