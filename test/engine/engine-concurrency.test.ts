import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Counter, Priority } from '../../shared/types.js';
import { LuotError } from '../../shared/errors.js';
import { Harness, LAND, CIVIL, JUSTICE } from '../support/engine-fixture.js';

const label = (n: number) => ({ vi: `Quầy ${n}`, en: `Counter ${n}` });
/** Six counters sharing land and civil in different orders, two of them also justice. */
const SHARED: Counter[] = [
  { id: 'c1', number: 1, label: label(1), serviceIds: ['land', 'civil'] },
  { id: 'c2', number: 2, label: label(2), serviceIds: ['civil', 'land'] },
  { id: 'c3', number: 3, label: label(3), serviceIds: ['land'] },
  { id: 'c4', number: 4, label: label(4), serviceIds: ['civil', 'justice', 'land'] },
  { id: 'c5', number: 5, label: label(5), serviceIds: ['justice', 'land', 'civil'] },
  { id: 'c6', number: 6, label: label(6), serviceIds: ['land', 'civil'] },
];
const IDS = SHARED.map((c) => c.id);

/** The invariants no interleaving of commands may break (plain checks: this runs thousands of times). */
function checkInvariants(h: Harness): void {
  const problems: string[] = [];
  const holders = new Map<string, string>();
  for (const id of IDS) {
    const current = h.counter(id).current;
    if (!current) continue;
    // One ticket, one counter.
    if (holders.has(current.id)) problems.push(`${current.number} at ${holders.get(current.id)} and ${id}`);
    holders.set(current.id, id);
    const t = h.engine.ticketById(current.id)!;
    if (t.state !== 'called' && t.state !== 'serving') problems.push(`${t.number} current at ${id} but ${t.state}`);
    if (t.counterId !== id) problems.push(`${t.number} current at ${id} but names ${t.counterId}`);
  }
  // Every called/serving ticket is some counter's current one; waiting lists hold exactly the waiting tickets.
  const waitingIds = new Set(Object.values(h.engine.staffSnapshot().waiting).flat().map((t) => t.id));
  for (const t of h.engine.tickets()) {
    if ((t.state === 'called' || t.state === 'serving') && holders.get(t.id) !== t.counterId) {
      problems.push(`${t.number} ${t.state} at ${t.counterId} but no counter holds it`);
    }
    if (waitingIds.has(t.id) !== (t.state === 'waiting')) problems.push(`${t.number} ${t.state}, listed waiting: ${waitingIds.has(t.id)}`);
  }
  expect(problems).toEqual([]);
}

describe('many counters calling next on shared services', () => {
  // The engine is synchronous, so "at the same instant" means back to back within one clock tick.
  it('never calls the same ticket twice over 1,000 calls', () => {
    const h = new Harness({ services: [LAND, CIVIL, JUSTICE], counters: SHARED });
    for (const id of IDS) h.open(id);
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const services = ['land', 'civil', 'justice'];
    const priorities: (Priority | null)[] = [null, null, null, 'elderly', 'disabled'];
    const called = new Set<string>();
    let calls = 0;
    let round = 0;
    while (calls < 1000) {
      round++;
      // Tickets arrive in bursts, several in the same second.
      const arrivals = Math.floor(rand() * 8);
      for (let i = 0; i < arrivals; i++) {
        h.issue(services[Math.floor(rand() * 3)]!, priorities[Math.floor(rand() * priorities.length)]!);
      }
      for (const id of IDS) {
        if (h.counter(id).current) {
          if (rand() < 0.2) h.record(h.engine.noShow(id));
          else h.complete(id);
        }
        const t = h.callNext(id);
        if (!t) continue;
        calls++;
        expect(called.has(t.id), `${t.number} called twice`).toBe(false);
        called.add(t.id);
      }
      checkInvariants(h);
      if (round % 3 === 0) h.clock.advance(0, 1);
      expect(round).toBeLessThan(10_000);
    }
    // Each ticket:called (not a recall) names a distinct ticket in the journal too.
    const calledEvents = h.log.filter((e) => e.type === 'ticket:called' && !e.recall);
    expect(calledEvents.length).toBe(calls);
    expect(new Set(calledEvents.map((e) => (e as { ticketId: string }).ticketId)).size).toBe(calls);
  });

  const command = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('issue' as const), service: fc.constantFrom('land', 'civil', 'justice'), priority: fc.constantFrom<Priority | null>(null, null, 'elderly', 'merit') }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('callNext' as const), counter: fc.constantFrom(...IDS) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('call' as const), counter: fc.constantFrom(...IDS), ticket: fc.nat(60) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('complete' as const, 'noShow' as const, 'recall' as const, 'start' as const), counter: fc.constantFrom(...IDS) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('transfer' as const), counter: fc.constantFrom(...IDS), toService: fc.constantFrom(undefined, 'land', 'civil', 'justice'), toCounter: fc.constantFrom(undefined, ...IDS) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), ticket: fc.nat(60) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('pause' as const, 'resume' as const, 'close' as const, 'open' as const), counter: fc.constantFrom(...IDS) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('tick' as const), seconds: fc.integer({ min: 0, max: 120 }) }) },
  );

  // Refusals are fine (a busy counter, a finished ticket); corrupting state never is.
  it('keeps one ticket per counter and one counter per ticket under any command sequence', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 120 }), fc.constantFrom<'strict' | 1 | 3>('strict', 1, 3), (cmds, policy) => {
        const h = new Harness({
          services: [LAND, CIVIL, JUSTICE],
          counters: SHARED,
          priorityPolicy: policy === 'strict' ? { mode: 'strict' } : { mode: 'interleave', every: policy },
        });
        for (const id of IDS) h.open(id);
        const e = h.engine;
        for (const c of cmds) {
          const waitingBefore = new Map([...e.tickets()].filter((t) => t.state === 'waiting').map((t) => [t.id, t.targetCounterId]));
          const rev = e.rev;
          try {
            switch (c.op) {
              case 'issue': h.issue(c.service, c.priority); break;
              case 'callNext': h.callNext(c.counter); break;
              case 'call': h.call(c.counter, `t${c.ticket}`); break;
              case 'complete': h.complete(c.counter); break;
              case 'noShow': h.record(e.noShow(c.counter)); break;
              case 'recall': h.record(e.recall(c.counter, { userId: null })); break;
              case 'start': h.record(e.start(c.counter)); break;
              case 'transfer': h.record(e.transfer(c.counter, { toServiceId: c.toService, toCounterId: c.toCounter })); break;
              case 'cancel': h.record(e.cancel(`t${c.ticket}`, { userId: null })); break;
              case 'pause': h.keep(e.pauseCounter(c.counter, null)); break;
              case 'resume': h.keep(e.resumeCounter(c.counter)); break;
              case 'close': h.keep(e.closeCounter(c.counter)); break;
              case 'open': h.open(c.counter); break;
              case 'tick': h.clock.advance(0, c.seconds); break;
            }
          } catch (err) {
            if (!(err instanceof LuotError)) throw err;
            expect(e.rev, `refused ${c.op} committed something`).toBe(rev);
          }
          // A fresh call only ever takes a ticket that was waiting, and one sent to a counter only there.
          for (const ev of h.log.slice(rev)) {
            if (ev.type !== 'ticket:called' || ev.recall) continue;
            expect(waitingBefore.has(ev.ticketId)).toBe(true);
            const target = waitingBefore.get(ev.ticketId);
            if (target) expect(ev.counterId).toBe(target);
          }
          checkInvariants(h);
        }
        expect(h.replay().staffSnapshot()).toEqual(e.staffSnapshot());
      }),
      { numRuns: 100 },
    );
  });
});
