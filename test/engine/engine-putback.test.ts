// Issue 15 §3: a no-show put back when the citizen turns up later, and a recalled ticket never
// offered by "call next" elsewhere. The rules live in the engine and shared/queue-order.ts.
import { describe, expect, it } from 'vitest';
import type { PutBackSetting } from '../../shared/types.js';
import { Harness, engineState, expectLuotError } from '../support/engine-fixture.js';

function office(putBack?: PutBackSetting): Harness {
  const h = new Harness();
  if (putBack) {
    h.config.settings.putBack = putBack;
    h.engine.setConfig(h.config);
  }
  h.open('c1');
  h.open('c2');
  return h;
}

/** Issues `n` land tickets a minute apart; A001 is called and marked no-show at c1. */
function withNoShow(h: Harness, n: number) {
  const first = h.issue('land');
  for (let i = 1; i < n; i++) {
    h.clock.advance(1);
    h.issue('land');
  }
  expect(h.callNext('c1')?.id).toBe(first.id);
  h.record(h.engine.noShow('c1'));
  h.clock.advance(10);
  return first;
}

const putBack = (h: Harness, id: string) => h.record(h.engine.putBack(id, { userId: 'u-sup' })).ticket;

describe('putting back a no-show', () => {
  it('goes after the next N tickets of the queue by default (3), keeping its number', () => {
    const h = office();
    const t = withNoShow(h, 6); // A002..A006 wait
    putBack(h, t.id);
    expect(t.state).toBe('waiting');
    expect(t.number).toBe('A001');
    expect(h.waitingNumbers('land')).toEqual(['A002', 'A003', 'A004', 'A001', 'A005', 'A006']);
    // What "call next" takes agrees with the list.
    expect(h.drain('c2')).toEqual(['A002', 'A003', 'A004', 'A001', 'A005', 'A006']);
  });

  it('goes after the next N as the office sets it, and at the end when fewer wait', () => {
    const h = office({ place: { mode: 'after', count: 1 }, maxTimes: 1 });
    const t = withNoShow(h, 4);
    putBack(h, t.id);
    expect(h.waitingNumbers('land')).toEqual(['A002', 'A001', 'A003', 'A004']);

    const few = office({ place: { mode: 'after', count: 5 }, maxTimes: 1 });
    const u = withNoShow(few, 3);
    putBack(few, u.id);
    expect(few.waitingNumbers('land')).toEqual(['A002', 'A003', 'A001']);
  });

  it('goes to the end when the office says so, behind tickets issued after it came back', () => {
    const h = office({ place: { mode: 'end' }, maxTimes: 2 });
    const t = withNoShow(h, 3);
    h.issue('land'); // A004, issued this same second
    putBack(h, t.id);
    expect(h.waitingNumbers('land')).toEqual(['A002', 'A003', 'A004', 'A001']);
    h.clock.advance(1);
    h.issue('land'); // A005 comes after it
    expect(h.waitingNumbers('land')).toEqual(['A002', 'A003', 'A004', 'A001', 'A005']);
  });

  it('with N = 0 goes first among its kind, still after priority tickets', () => {
    const h = office({ place: { mode: 'after', count: 0 }, maxTimes: 1 });
    const t = withNoShow(h, 3);
    h.issue('land', 'elderly'); // A004, priority
    putBack(h, t.id);
    expect(h.waitingNumbers('land')).toEqual(['A004', 'A001', 'A002', 'A003']);
  });

  it('counts tickets of its own kind: a priority ticket put back passes priority tickets only', () => {
    const h = office({ place: { mode: 'after', count: 1 }, maxTimes: 1 });
    const p = h.issue('land', 'disabled'); // A001
    h.clock.advance(1);
    h.issue('land'); // A002
    h.clock.advance(1);
    h.issue('land', 'elderly'); // A003
    h.clock.advance(1);
    h.issue('land', 'pregnant'); // A004
    expect(h.callNext('c1')?.id).toBe(p.id);
    h.record(h.engine.noShow('c1'));
    putBack(h, p.id);
    expect(h.waitingNumbers('land')).toEqual(['A003', 'A001', 'A004', 'A002']);
  });

  it('is allowed as many times as the office sets, then refused with a stable reason', () => {
    const h = office({ place: { mode: 'end' }, maxTimes: 2 });
    const t = withNoShow(h, 1);
    for (let i = 0; i < 2; i++) {
      putBack(h, t.id);
      expect(h.callNext('c1')?.id).toBe(t.id);
      h.record(h.engine.noShow('c1'));
    }
    expect(t.putBacks).toBe(2);
    expectLuotError(h, () => h.engine.putBack(t.id, { userId: null }), 'conflict', { reason: 'put_back_limit' });

    const never = office({ place: { mode: 'end' }, maxTimes: 0 });
    const u = withNoShow(never, 1);
    expectLuotError(never, () => never.engine.putBack(u.id, { userId: null }), 'conflict', { reason: 'put_back_limit' });
  });

  it('refuses a ticket that is no no-show', () => {
    const h = office();
    const waiting = h.issue('land');
    expectLuotError(h, () => h.engine.putBack(waiting.id, { userId: null }), 'conflict', { reason: 'not_no_show' });
    h.callNext('c1');
    const done = h.complete('c1');
    expectLuotError(h, () => h.engine.putBack(done.id, { userId: null }), 'conflict', { reason: 'not_no_show' });
    expectLuotError(h, () => h.engine.putBack('nope', { userId: null }), 'not_found');
  });

  it('shows in the timeline, is served afterwards as any ticket, and replays exactly', () => {
    const h = office();
    const t = withNoShow(h, 2);
    putBack(h, t.id);
    expect(t.timeline.map((e) => e.type)).toEqual(['issued', 'called', 'no_show', 'put_back']);
    expect(h.drain('c2')).toEqual(['A002', 'A001']);
    expect(t.state).toBe('done');
    expect(engineState(h.replay())).toEqual(engineState(h.engine));
  });

  it('does not outlive the day: a put-back ticket still waiting expires at the rollover', () => {
    const h = office();
    const t = withNoShow(h, 1);
    putBack(h, t.id);
    h.goTo('2026-11-27T07:00:00+07:00');
    expect(t.state).toBe('expired');
    expect(h.engine.ticketById(t.id)).toBeUndefined();
  });
});

describe('a recalled ticket', () => {
  it('is not offered by "call next" at another counter while it is being called', () => {
    const h = office();
    const t = h.issue('land');
    h.clock.advance(1);
    const u = h.issue('land');
    expect(h.callNext('c1')?.id).toBe(t.id);
    h.clock.advance(1);
    expect(h.record(h.engine.recall('c1', { userId: 'u-c1' })).ticket.id).toBe(t.id);
    expect(h.callNext('c2')?.id).toBe(u.id);
    h.complete('c2');
    expect(h.callNext('c2')).toBeNull();
    // Nor can it be called there by name.
    expectLuotError(h, () => h.engine.call('c2', t.id, { userId: 'u-c2' }), 'conflict');
    expect(h.counter('c1').current?.id).toBe(t.id);
  });

  it('put back after a no-show and then called elsewhere is not offered at a third counter', () => {
    const h = office();
    h.open('c4');
    const t = withNoShow(h, 1);
    putBack(h, t.id);
    expect(h.callNext('c2')?.id).toBe(t.id);
    h.record(h.engine.recall('c2', { userId: 'u-c2' }));
    expect(h.callNext('c4')).toBeNull();
    expect(h.callNext('c1')).toBeNull();
  });
});
