import { describe, expect, it } from 'vitest';
import { engineState, Harness } from '../support/engine-fixture.js';

const state = engineState;

function expectReplayMatches(h: Harness): void {
  expect(state(h.replay())).toEqual(state(h.engine));
}

describe('replay', () => {
  it('rebuilds the exact state from the events, step by step, across a transfer, a recall and a rollover', () => {
    const h = new Harness({ priorityPolicy: { mode: 'interleave', every: 2 } });
    expectReplayMatches(h);
    h.open('c1');
    h.open('c2');
    h.open('c3');
    h.issue('land', null, 'req-1');
    h.clock.advance(0, 20);
    h.issue('civil', 'elderly');
    h.issue('land');
    h.issue('justice');
    h.issue('limited');
    expectReplayMatches(h);

    h.clock.advance(1);
    h.callNext('c1');
    h.clock.advance(0, 40);
    h.record(h.engine.recall('c1', { userId: 'u-c1' }));
    h.record(h.engine.start('c1'));
    h.clock.advance(3);
    h.record(h.engine.transfer('c1', { toServiceId: 'justice' }));
    expectReplayMatches(h);

    h.callNext('c3');
    h.clock.advance(2);
    h.complete('c3', 'HS-01');
    h.record(h.engine.rateAtCounter('c3', 4, 5));
    h.callNext('c2');
    h.record(h.engine.noShow('c2'));
    h.callNext('c2');
    h.record(h.engine.transfer('c2', { toCounterId: 'c3' }));
    h.record(h.engine.transferWaiting('t4', { toCounterId: 'c1' }));
    h.keep(h.engine.pauseCounter('c2', 'Họp'));
    h.open('c2', 'u-boss', true);
    h.keep(h.engine.configChanged());
    h.record(h.engine.cancel('t5', { userId: 'u-boss' }));
    expect(h.callNext('c1')?.number).toBe('C001');
    expect(h.engine.ticketById('t2')).toMatchObject({ state: 'waiting', targetCounterId: 'c3' });
    expectReplayMatches(h);

    // Leftovers expire at midnight; the next day starts from the same journal.
    h.goTo('2026-11-27T07:45:00+07:00');
    expectReplayMatches(h);
    h.open('c1');
    h.issue('land');
    h.callNext('c1');
    h.complete('c1');
    h.record(h.engine.rate('tok6', 5, 'Tốt', 5));
    expectReplayMatches(h);
    expect(h.log.filter((e) => e.type === 'ticket:expired').map((e) => (e as { ticketId: string }).ticketId)).toEqual(['t2', 't4']);
  });

  // The journal is JSON lines: what comes back from disk is plain data, not the same objects.
  it('replays events that went through JSON', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.issue('civil', 'pregnant');
    h.callNext('c1');
    h.record(h.engine.start('c1'));
    h.clock.advance(7);
    h.complete('c1', 'X-1');
    const fresh = new Harness({ noRollover: true });
    fresh.clock.set(h.clock.now.toISOString());
    for (const line of h.log.map((e) => JSON.stringify(e))) fresh.engine.apply(JSON.parse(line));
    expect(state(fresh.engine)).toEqual(state(h.engine));
  });

  // After a restart the office keeps numbering where it stopped: never a number twice.
  it('continues numbering and estimates after a replay', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.issue('land');
    h.callNext('c1');
    h.clock.advance(6);
    h.complete('c1');
    // Real ids are random; the fixture's counter would hand out t1 again, which the journal refuses.
    const restarted = new Harness({ noRollover: true, idPrefix: 'r' });
    restarted.clock.set(h.clock.now.toISOString());
    for (const e of h.log) restarted.engine.apply(e);
    restarted.log.push(...h.log);
    expect(restarted.engine.rollover()).toEqual([]);
    expect(restarted.issue('land').number).toBe('A003');
    expect(restarted.engine.rev).toBe(h.engine.rev + 1);
    expect(restarted.engine.estimatedWaitMin('land', 1)).toBe(6);
    // And the limit counts replayed tickets.
    for (let i = 0; i < 3; i++) h.issue('limited');
    const r2 = h.replay();
    expect(r2.publicService('limited')).toMatchObject({ open: false, closedReason: 'limit_reached' });
  });
});
