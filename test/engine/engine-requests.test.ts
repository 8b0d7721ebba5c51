// Counter commands answered once (server/queue/counter-requests.ts): a command sent again with
// its requestId (a retry after a lost answer) gets the first answer and changes nothing, on the
// engine that ran it, on one rebuilt by replaying the journal, and on one restored from a
// checkpoint; a requestId reused for another command, counter or ticket is refused.
import { describe, expect, it } from 'vitest';
import { QueueEngine } from '../../server/queue/engine.js';
import type { JournalEvent } from '../../server/queue/events.js';
import { engineState, expectLuotError, Harness } from '../support/engine-fixture.js';

const u1 = { userId: 'u-c1' };
const boss = { userId: 'u-boss' };
const staff = { id: 'u-c1', name: 'Nguyễn Thị Hoà' };

/** One command with its requestId, on any engine: its events and the ticket its answer names. */
interface Step {
  name: string;
  run: (e: QueueEngine, requestId: string) => { events: JournalEvent[]; ticketId: string | null };
}

const ticketStep = (name: string, f: (e: QueueEngine, r: string) => { events: JournalEvent[]; ticket: { id: string } | null }): Step => ({
  name,
  run: (e, r) => {
    const x = f(e, r);
    return { events: x.events, ticketId: x.ticket?.id ?? null };
  },
});
const counterStep = (name: string, f: (e: QueueEngine, r: string) => JournalEvent[]): Step => ({
  name,
  run: (e, r) => ({ events: f(e, r), ticketId: null }),
});

/** A clerk's day at counter 1, every counter command once, each with its own requestId. */
const DAY: Step[] = [
  counterStep('counter:open', (e, r) => e.openCounter('c1', staff, false, r)),
  ticketStep('ticket:callNext', (e, r) => e.callNext('c1', u1, r)),
  ticketStep('ticket:recall', (e, r) => e.recall('c1', u1, r)),
  ticketStep('ticket:start', (e, r) => e.start('c1', r)),
  ticketStep('ticket:complete', (e, r) => e.complete('c1', 'hs-001', r)),
  ticketStep('ticket:call', (e, r) => e.call('c1', 't3', u1, r)),
  ticketStep('ticket:noShow', (e, r) => e.noShow('c1', r)),
  ticketStep('ticket:putBack', (e, r) => e.putBack('t3', u1, r)),
  ticketStep('ticket:callNext (second)', (e, r) => e.callNext('c1', u1, r)),
  ticketStep('ticket:transfer', (e, r) => e.transfer('c1', { toServiceId: 'justice' }, r)),
  ticketStep('ticket:move', (e, r) => e.transferWaiting('t4', { toCounterId: 'c2' }, r)),
  ticketStep('ticket:cancel', (e, r) => e.cancel('t3', boss, r)),
  counterStep('counter:pause', (e, r) => e.pauseCounter('c1', 'Họp giao ban', r)),
  counterStep('counter:resume', (e, r) => e.resumeCounter('c1', r)),
  counterStep('counter:close', (e, r) => e.closeCounter('c1', r)),
];

const requestIdOf = (i: number) => `yeu-cau-${String(i).padStart(3, '0')}`;

/** Runs the day; after each command, its retry. Returns the ticket each first answer named. */
function runDay(h: Harness): (string | null)[] {
  h.issue('land');
  h.issue('land');
  h.issue('land');
  h.issue('justice');
  return DAY.map((step, i) => {
    const first = step.run(h.engine, requestIdOf(i));
    expect(first.events, `${step.name} changes something`).toHaveLength(1);
    expect(first.events[0]).toMatchObject({ requestId: requestIdOf(i) });
    h.keep(first.events);
    h.clock.advance(1);
    const before = engineState(h.engine);
    const again = step.run(h.engine, requestIdOf(i));
    expect(again, `${step.name} retried at once`).toEqual({ events: [], ticketId: first.ticketId });
    expect(engineState(h.engine), `${step.name} retried changes nothing`).toEqual(before);
    return first.ticketId;
  });
}

/** Every command of the day retried at its end: the first answers, nothing changed. */
function expectRetriesAnswered(engine: QueueEngine, tickets: (string | null)[]): void {
  const before = engineState(engine);
  DAY.forEach((step, i) => {
    expect(step.run(engine, requestIdOf(i)), `${step.name} retried at the end of the day`).toEqual({ events: [], ticketId: tickets[i] });
  });
  expect(engineState(engine)).toEqual(before);
}

function restored(h: Harness): QueueEngine {
  const e = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'x' });
  expect(e.importState(h.engine.exportState())).toBe(true);
  return e;
}

describe('counter commands with a requestId', () => {
  it('each answers a retry as the first try, at once and at the end of the day, changing nothing', () => {
    const h = new Harness();
    const tickets = runDay(h);
    expect(tickets).toEqual([null, 't1', 't1', 't1', 't1', 't3', 't3', 't3', 't2', 't2', 't4', 't3', null, null, null]);
    // The counter is closed now and t1 is done: without the requestId, each would be refused or act anew.
    expectRetriesAnswered(h.engine, tickets);
    expect(h.engine.ticketById('t1')).toMatchObject({ state: 'done', callCount: 2 });
    expect(h.engine.counterHolder('c1')).toBeNull();
  });

  it('a retried callNext never calls a second ticket, even once the first is finished and others wait', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.issue('land');
    const first = h.record(h.engine.callNext('c1', u1, 'goi-tiep-0001'));
    h.complete('c1');
    const again = h.record(h.engine.callNext('c1', u1, 'goi-tiep-0001'));
    expect(again.events).toEqual([]);
    expect(again.ticket?.id).toBe(first.ticket?.id);
    expect(h.waitingNumbers('land')).toEqual(['A002']);
    expect(h.counter('c1').current).toBeNull();
  });

  it('are answered the same by an engine rebuilt from the journal and by one restored from a checkpoint', () => {
    const h = new Harness();
    const tickets = runDay(h);
    const replayed = h.replay();
    expect(engineState(replayed)).toEqual(engineState(h.engine));
    expectRetriesAnswered(replayed, tickets);
    const fromCheckpoint = restored(h);
    expect(engineState(fromCheckpoint)).toEqual(engineState(h.engine));
    expectRetriesAnswered(fromCheckpoint, tickets);
  });

  it('keep a requestId of any characters apart from the next, after a checkpoint too', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.issue('land');
    const odd = ['yêu:cầu 1\n2:', '12:3456789012ab', 'gọi\u0000tiếp số'];
    const called = h.record(h.engine.callNext('c1', u1, odd[0])).ticket!.id;
    h.record(h.engine.complete('c1', null, odd[1]));
    h.record(h.engine.callNext('c1', u1, odd[2]));
    for (const e of [h.replay(), restored(h)]) {
      expect(e.callNext('c1', u1, odd[0])).toMatchObject({ events: [], ticket: { id: called } });
      expect(e.complete('c1', null, odd[1])).toMatchObject({ events: [], ticket: { id: called } });
      expect(e.callNext('c1', u1, odd[2])).toMatchObject({ events: [], ticket: { id: 't2' } });
    }
  });

  it('refuse a requestId already used by another command, at another counter, or for another ticket', () => {
    const h = new Harness();
    h.open('c1');
    h.open('c2');
    h.issue('land');
    h.issue('land');
    h.issue('land');
    h.record(h.engine.callNext('c1', u1, 'dung-roi-0001'));
    const reused = { reason: 'request_reused' };
    expectLuotError(h, () => h.engine.complete('c1', null, 'dung-roi-0001'), 'conflict', reused);
    expectLuotError(h, () => h.engine.callNext('c2', { userId: 'u-c2' }, 'dung-roi-0001'), 'conflict', reused);
    expectLuotError(h, () => h.engine.recall('c1', u1, 'dung-roi-0001'), 'conflict', reused);
    expectLuotError(h, () => h.engine.cancel('t1', boss, 'dung-roi-0001'), 'conflict', reused);
    // "Call next" and "call this ticket" make the same call; a retry naming a ticket must name the one called.
    expectLuotError(h, () => h.engine.call('c1', 't2', u1, 'dung-roi-0001'), 'conflict', reused);
    expect(h.record(h.engine.call('c1', 't1', u1, 'dung-roi-0001'))).toMatchObject({ events: [], ticket: { id: 't1' } });
    expectLuotError(h, () => h.engine.pauseCounter('c1', null, 'dung-roi-0001'), 'conflict', reused);
  });

  it('are remembered for the service day only, and commands without one act every time', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.record(h.engine.callNext('c1', u1, 'hom-qua-0001'));
    h.goTo('2026-11-27T07:45:00+07:00');
    h.open('c1');
    h.issue('land');
    const today = h.record(h.engine.callNext('c1', u1, 'hom-qua-0001'));
    expect(today.events).toHaveLength(1);
    expect(today.ticket?.number).toBe('A001');
    expect(h.engine.ticketById(today.ticket!.id)?.serviceId).toBe('land');

    // The journal of a command sent without one is as before: no requestId field at all.
    const plain = h.record(h.engine.recall('c1', u1));
    expect(Object.keys(plain.events[0]!)).not.toContain('requestId');
    expect(h.record(h.engine.recall('c1', u1)).events).toHaveLength(1);
  });
});
