import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n.js';
import { QueueEngine } from '../../server/queue/engine.js';
import type { JournalEvent } from '../../server/queue/events.js';
import { CIVIL, COUNTERS, Harness, JUSTICE, LAND, expectLuotError, makeConfig } from '../support/engine-fixture.js';

describe('the service day', () => {
  it('a fresh engine has no day until rollover opens one', () => {
    const h = new Harness({ noRollover: true });
    expect(h.engine.serviceDay).toBe('');
    expect(h.engine.rev).toBe(0);
    expect(h.rollover()).toEqual([{ type: 'day:opened', serviceDay: '2026-11-26', rev: 1, at: '2026-11-26T08:00:00+07:00' }]);
    expect(h.engine.serviceDay).toBe('2026-11-26');
    // Same day again: nothing to do.
    h.clock.advance(600);
    expect(h.engine.rollover()).toEqual([]);
    expect(h.engine.rev).toBe(1);
  });

  it('never reopens a finished day when the PC clock is set back over midnight', () => {
    const h = new Harness();
    h.clock.set('2026-11-26T17:00:30Z'); // 00:00:30 on the 27th
    h.rollover();
    expect(h.issue('land').number).toBe('A001');
    h.clock.set('2026-11-26T16:59:50Z'); // corrected back to 23:59:50 on the 26th
    expect(h.rollover()).toEqual([]);
    expect(h.engine.serviceDay).toBe('2026-11-27');
    h.clock.set('2026-11-26T17:01:00Z');
    expect(h.rollover()).toEqual([]);
    // Still the same day: numbering goes on, A001 is never issued twice.
    expect(h.issue('land').number).toBe('A002');
  });

  /**
   * A day with one ticket in each state: A001 done, A002 called at c1, 1001 serving at c2,
   * A003 cancelled, A004 and 1002 waiting, C001 no-show.
   */
  function busyDay(): Harness {
    const h = new Harness();
    h.open('c1');
    h.open('c2');
    h.open('c3');
    h.issue('land'); // t1 A001
    h.issue('land'); // t2 A002
    h.issue('civil'); // t3 1001
    h.issue('land'); // t4 A003
    h.issue('land'); // t5 A004
    h.issue('civil'); // t6 1002
    h.issue('justice'); // t7 C001
    h.callNext('c1');
    h.complete('c1');
    h.callNext('c1');
    h.callNext('c2');
    h.record(h.engine.start('c2'));
    h.record(h.engine.cancel('t4', { userId: null }));
    h.callNext('c3');
    h.record(h.engine.noShow('c3'));
    expect(h.waitingNumbers('land')).toEqual(['A004']);
    return h;
  }

  it('turns at the local midnight of Asia/Ho_Chi_Minh (17:00 UTC), not before', () => {
    const h = busyDay();
    h.clock.set('2026-11-26T16:59:59Z'); // 23:59:59 local
    expect(h.rollover()).toEqual([]);
    expect(h.issue('land').number).toBe('A005');
    h.clock.set('2026-11-26T17:00:00Z'); // 00:00 local on the 27th
    const rev = h.engine.rev;
    const events = h.rollover();
    expect(events.map((e) => [e.rev, e.type, e.type === 'ticket:expired' ? [e.ticketId, e.counterId] : e.type === 'day:opened' ? e.serviceDay : null])).toEqual([
      [rev + 1, 'ticket:expired', ['t2', 'c1']],
      [rev + 2, 'ticket:expired', ['t3', 'c2']],
      [rev + 3, 'ticket:expired', ['t5', null]],
      [rev + 4, 'ticket:expired', ['t6', null]],
      [rev + 5, 'ticket:expired', ['t8', null]],
      [rev + 6, 'day:opened', '2026-11-27'],
    ]);
    expect(events.every((e) => e.at === '2026-11-27T00:00:00+07:00')).toBe(true);
    expect(h.engine.serviceDay).toBe('2026-11-27');
  });

  it('expires what was left open and keeps what had finished', () => {
    const h = busyDay();
    const old = [...h.engine.tickets()];
    h.goTo('2026-11-27T00:00:00+07:00');
    expect(old.map((t) => [t.number, t.state])).toEqual([
      ['A001', 'done'], ['A002', 'expired'], ['1001', 'expired'], ['A003', 'cancelled'],
      ['A004', 'expired'], ['1002', 'expired'], ['C001', 'no_show'],
    ]);
    expect(old.find((t) => t.number === 'A004')?.timeline.at(-1)).toEqual({ type: 'expired', at: '2026-11-27T00:00:00+07:00' });
  });

  it('starts the new day empty: numbering restarts, counters closed, nothing waiting', () => {
    const h = busyDay();
    h.goTo('2026-11-27T07:00:00+07:00');
    expect([...h.engine.tickets()]).toEqual([]);
    expect(h.engine.ticketById('t1')).toBeUndefined();
    expect(h.engine.ticketByToken('tok1')).toBeUndefined();
    const snap = h.engine.staffSnapshot();
    expect(snap.counters.map((c) => [c.id, c.status, c.current, c.staffName])).toEqual([
      ['c1', 'closed', null, null], ['c2', 'closed', null, null], ['c3', 'closed', null, null], ['c4', 'closed', null, null],
    ]);
    expect(snap.recentCalls).toEqual([]);
    expect(Object.values(snap.waiting).flat()).toEqual([]);
    expect(snap.services.every((s) => s.waiting === 0)).toBe(true);
    expectLuotError(h, () => h.engine.callNext('c1', { userId: null }), 'conflict', { messageEn: MESSAGES.counterClosed.en });
    expect([h.issue('land').number, h.issue('civil').number, h.issue('land').number]).toEqual(['A001', '1001', 'A002']);
    // Ids come from the injected source and never repeat across days.
    expect(h.engine.ticketById('t7')).toBeUndefined();
    expect(h.engine.ticketById('t8')?.number).toBe('A001');
  });

  it('keeps rev increasing by one per event across several days', () => {
    const h = new Harness();
    for (const day of ['2026-11-27', '2026-11-28', '2026-11-29']) {
      h.open('c1');
      h.issue('land');
      h.issue('land');
      h.callNext('c1');
      const before = h.engine.rev;
      const events = h.goTo(`${day}T00:00:00+07:00`);
      // Two still open (one called, one waiting), then the new day.
      expect(events.map((e) => e.rev)).toEqual([before + 1, before + 2, before + 3]);
    }
    expect(h.log.map((e) => e.rev)).toEqual(h.log.map((_, i) => i + 1));
    expect(h.log.filter((e) => e.type === 'day:opened').map((e) => (e as { serviceDay: string }).serviceDay)).toEqual([
      '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29',
    ]);
  });

  it('turns over the year end', () => {
    const h = new Harness({ start: '2026-12-31T23:59:59+07:00' });
    h.issue('land');
    expect(h.goTo('2027-01-01T00:00:00+07:00').at(-1)).toMatchObject({ type: 'day:opened', serviceDay: '2027-01-01' });
    expect(h.issue('land').number).toBe('A001');
  });

  // An office PC left off over a weekend opens the day it wakes on, with no empty days in between.
  it('jumps over missed days with one day:opened', () => {
    const h = new Harness();
    const events = h.goTo('2026-11-30T07:00:00+07:00');
    expect(events).toMatchObject([{ type: 'day:opened', serviceDay: '2026-11-30' }]);
  });

  it('resumeRev continues the office revision from an earlier day', () => {
    const engine = new QueueEngine(makeConfig(), { now: () => new Date('2026-11-26T08:00:00+07:00'), newId: () => 'x', newToken: () => 'y' });
    engine.resumeRev(41);
    engine.resumeRev(10);
    expect(engine.rollover()).toMatchObject([{ type: 'day:opened', rev: 42 }]);
    expect(engine.rev).toBe(42);
  });

  it('configChanged is one event of its own', () => {
    const h = new Harness();
    const events = h.keep(h.engine.configChanged());
    expect(events).toEqual([{ type: 'config:changed', rev: 2, at: '2026-11-26T08:00:00+07:00' }]);
    expect(h.engine.affected(events[0]!)).toEqual({ services: [], counters: [], all: true });
  });
});

describe('affected', () => {
  const sorted = (a: { services: string[]; counters: string[]; all: boolean }) => ({
    services: [...a.services].sort(), counters: [...a.counters].sort(), all: a.all,
  });

  it('names the services and counters each event changed', () => {
    const h = new Harness();
    /** The one event a command committed, and what it affected. */
    const aff = (result: { events: JournalEvent[] } | JournalEvent[]) => {
      const events = Array.isArray(result) ? result : result.events;
      expect(events).toHaveLength(1);
      return sorted(h.engine.affected(events[0]!));
    };
    expect(sorted(h.engine.affected(h.log[0]!))).toEqual({ services: [], counters: [], all: true });
    // Opening a counter changes the estimated waits of every service it serves.
    expect(aff(h.open('c1'))).toEqual({ services: ['civil', 'land'], counters: ['c1'], all: false });
    expect(aff(h.open('c3'))).toEqual({ services: ['justice'], counters: ['c3'], all: false });
    expect(aff(h.record(h.engine.issue({ serviceId: 'land' })))).toEqual({ services: ['land'], counters: [], all: false });
    h.issue('land');
    h.issue('land');
    expect(aff(h.record(h.engine.callNext('c1', { userId: null })))).toEqual({ services: ['land'], counters: ['c1'], all: false });
    expect(aff(h.record(h.engine.recall('c1', { userId: null })))).toEqual({ services: ['land'], counters: ['c1'], all: false });
    expect(aff(h.record(h.engine.start('c1')))).toEqual({ services: ['land'], counters: ['c1'], all: false });
    expect(aff(h.record(h.engine.transfer('c1', { toServiceId: 'justice' })))).toEqual({ services: ['justice', 'land'], counters: ['c1'], all: false });
    expect(aff(h.record(h.engine.callNext('c3', { userId: null })))).toEqual({ services: ['justice'], counters: ['c3'], all: false });
    expect(aff(h.record(h.engine.complete('c3', null)))).toEqual({ services: ['justice'], counters: ['c3'], all: false });
    expect(aff(h.record(h.engine.rate('tok1', 5, null, 5)))).toEqual({ services: [], counters: [], all: false });
    expect(aff(h.record(h.engine.callNext('c1', { userId: null })))).toEqual({ services: ['land'], counters: ['c1'], all: false });
    expect(aff(h.record(h.engine.noShow('c1')))).toEqual({ services: ['land'], counters: ['c1'], all: false });
    expect(aff(h.record(h.engine.transferWaiting('t3', { toServiceId: 'civil' })))).toEqual({ services: ['civil', 'land'], counters: [], all: false });
    expect(aff(h.record(h.engine.cancel('t3', { userId: null })))).toEqual({ services: ['civil'], counters: [], all: false });
    h.issue('land');
    h.callNext('c1');
    expect(aff(h.record(h.engine.cancel('t4', { userId: null })))).toEqual({ services: ['land'], counters: ['c1'], all: false });
    expect(aff(h.keep(h.engine.pauseCounter('c1', null)))).toEqual({ services: ['civil', 'land'], counters: ['c1'], all: false });
    expect(aff(h.keep(h.engine.resumeCounter('c1')))).toEqual({ services: ['civil', 'land'], counters: ['c1'], all: false });
    expect(aff(h.keep(h.engine.closeCounter('c1')))).toEqual({ services: ['civil', 'land'], counters: ['c1'], all: false });
  });

  it('names the transferring counter, the old and the new service for a transfer to a counter', () => {
    const h = new Harness();
    h.open('c1');
    h.open('c3');
    h.issue('land');
    h.callNext('c1');
    const { events } = h.record(h.engine.transfer('c1', { toServiceId: 'civil', toCounterId: 'c3' }));
    expect(sorted(h.engine.affected(events[0]!))).toEqual({ services: ['civil', 'land'], counters: ['c1'], all: false });
    // The counter that then calls it is named on the call.
    const called = h.record(h.engine.callNext('c3', { userId: null })).events[0]!;
    expect(sorted(h.engine.affected(called))).toEqual({ services: ['civil'], counters: ['c3'], all: false });
  });

  it('marks the new day as changing everything', () => {
    const h = new Harness();
    h.issue('land');
    const events = h.goTo('2026-11-27T00:00:00+07:00');
    expect(h.engine.affected(events.at(-1)!)).toEqual({ services: [], counters: [], all: true });
  });
});

describe('estimated wait', () => {
  it('uses the default serving time before there is history', () => {
    const h = new Harness();
    for (let i = 0; i < 3; i++) h.issue('land');
    // No counter open: divided by one, not by zero.
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(15);
    h.open('c1');
    h.open('c2');
    // 3 ahead × 5 min ÷ 2 counters = 7.5, rounded up.
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(8);
    expect(h.engine.estimatedWaitMin('land', 3)).toBe(8);
    h.open('c4');
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(5);
    // 2 × 5 ÷ 3 = 3.33: a promise of 3 minutes would be broken, so always round up.
    h.record(h.engine.cancel('t1', { userId: null }));
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(4);
  });

  it('counts only open counters that serve the service', () => {
    const h = new Harness();
    for (let i = 0; i < 4; i++) h.issue('land');
    h.open('c1');
    h.open('c3'); // justice only
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(20);
    h.open('c2');
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(10);
    h.keep(h.engine.pauseCounter('c2', null));
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(20);
    // A busy counter still serves the line.
    h.keep(h.engine.resumeCounter('c2'));
    h.callNext('c2');
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(8);
  });

  it('follows defaultServeMin and is zero with nobody ahead', () => {
    const h = new Harness({ defaultServeMin: 7 });
    expect(h.engine.estimatedWaitMin('land', 0)).toBe(0);
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(0);
    expect(h.engine.estimatedWaitMin('land', 2)).toBe(14);
  });

  it('switches to the average of completed serving times', () => {
    const h = new Harness();
    h.open('c1');
    for (let i = 0; i < 5; i++) h.issue('land');
    h.callNext('c1');
    h.clock.advance(1); // called 1 minute before starting: not serving time
    h.record(h.engine.start('c1'));
    h.clock.advance(2);
    h.complete('c1'); // served 2 min
    // Completed straight from called: serving time counts from the call.
    h.callNext('c1');
    h.clock.advance(4);
    h.complete('c1'); // 4 min
    // Average 3 min × 3 ahead ÷ 1 counter.
    expect(h.engine.publicService('land')?.estimatedWaitMin).toBe(9);
    expect(h.engine.estimatedWaitMin('land', 1)).toBe(3);
    // Other services keep the default.
    expect(h.engine.estimatedWaitMin('civil', 1)).toBe(5);
  });

  it('rounds seconds up to whole minutes', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.callNext('c1');
    h.clock.advance(1, 10);
    h.complete('c1');
    expect(h.engine.estimatedWaitMin('land', 1)).toBe(2);
    expect(h.engine.estimatedWaitMin('land', 2)).toBe(3);
    expect(h.engine.estimatedWaitMin('land', 6)).toBe(7);
  });

  // "Recent" average: the oldest samples drop out, so a slow morning does not haunt the afternoon.
  it('averages only the 20 most recent serving times', () => {
    const h = new Harness();
    h.open('c1');
    for (const minutes of [...Array<number>(20).fill(10), ...Array<number>(20).fill(1)]) {
      h.issue('land');
      h.callNext('c1');
      h.clock.advance(minutes);
      h.complete('c1');
    }
    expect(h.engine.estimatedWaitMin('land', 2)).toBe(2);
  });

  it('ignores no-shows and cancellations as serving samples', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.issue('land');
    h.callNext('c1');
    h.clock.advance(30);
    h.record(h.engine.noShow('c1'));
    h.callNext('c1');
    h.clock.advance(30);
    h.record(h.engine.cancel('t2', { userId: null }));
    expect(h.engine.estimatedWaitMin('land', 1)).toBe(5);
  });

  it('forgets the history at the new day', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.callNext('c1');
    h.clock.advance(20);
    h.complete('c1');
    expect(h.engine.estimatedWaitMin('land', 1)).toBe(20);
    h.goTo('2026-11-27T08:00:00+07:00');
    expect(h.engine.estimatedWaitMin('land', 1)).toBe(5);
  });
});

describe('ahead', () => {
  it('counts older normal tickets and every priority ticket for a normal ticket', () => {
    const h = new Harness();
    const a1 = h.issue('land');
    h.clock.advance(1);
    const a2 = h.issue('land');
    h.clock.advance(1);
    const p1 = h.issue('land', 'elderly');
    h.clock.advance(1);
    const a4 = h.issue('land');
    h.clock.advance(1);
    const p2 = h.issue('land', 'merit');
    h.issue('civil', 'child'); // other service: never ahead
    expect([a1, a2, p1, a4, p2].map((t) => h.engine.ahead(t))).toEqual([2, 3, 0, 4, 1]);
  });

  it('breaks equal issue times by number', () => {
    const h = new Harness();
    const [x, y, z] = [h.issue('land'), h.issue('land'), h.issue('land')];
    expect([x, y, z].map((t) => h.engine.ahead(t))).toEqual([0, 1, 2]);
  });

  it('goes down as tickets are called or cancelled, and is zero once called', () => {
    const h = new Harness();
    h.open('c1');
    const t = [h.issue('land'), h.issue('land'), h.issue('land'), h.issue('land')];
    expect(h.engine.ahead(t[3]!)).toBe(3);
    h.callNext('c1');
    expect(h.engine.ahead(t[3]!)).toBe(2);
    h.record(h.engine.cancel(t[1]!.id, { userId: null }));
    expect(h.engine.ahead(t[3]!)).toBe(1);
    expect(h.engine.ahead(t[0]!)).toBe(0);
    h.complete('c1');
    h.callNext('c1');
    expect(h.engine.ahead(t[2]!)).toBe(0);
    expect(h.engine.ahead(t[3]!)).toBe(0);
  });

  it('counts a transferred ticket at its original issue time in the new service', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land'); // 08:00
    h.clock.advance(5);
    const c = h.issue('civil'); // 08:05
    h.callNext('c1'); // A001: older than 1001
    h.record(h.engine.transfer('c1', { toServiceId: 'civil' }));
    expect(h.engine.ahead(c)).toBe(1);
    expect(h.engine.ahead(h.engine.ticketById('t1')!)).toBe(0);
  });
});

describe('snapshot', () => {
  it('orders services by kiosk order and counters by number', () => {
    const h = new Harness({ services: [{ ...CIVIL, order: 9 }, LAND, { ...JUSTICE, order: 0 }], counters: [...COUNTERS].reverse() });
    const snap = h.engine.snapshot();
    expect(snap.services.map((s) => s.id)).toEqual(['justice', 'land', 'civil']);
    expect(snap.counters.map((c) => c.number)).toEqual([1, 2, 3, 4]);
    expect(snap).toMatchObject({ rev: 1, serviceDay: '2026-11-26', office: { name: { vi: 'UBND phường Bến Nghé', en: 'Ben Nghe Ward' } } });
  });

  // The token is the citizen's key to rating: it must never reach displays or staff lists.
  it('never carries ticket tokens', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.issue('land');
    h.callNext('c1');
    const pub = h.engine.snapshot();
    expect(Object.keys(pub.counters[0]!.current!).sort()).toEqual(
      ['callCount', 'calledAt', 'counterId', 'id', 'issuedAt', 'number', 'priority', 'queuedAt', 'seq', 'serviceId', 'state'],
    );
    expect(JSON.stringify(pub)).not.toMatch(/tok\d/);
    expect(JSON.stringify(h.engine.staffSnapshot())).not.toMatch(/tok\d/);
  });

  it('gives staff one waiting list per service, priority first', () => {
    const h = new Harness();
    h.issue('land');
    h.clock.advance(1);
    h.issue('land', 'disabled');
    h.issue('civil');
    const { waiting } = h.engine.staffSnapshot();
    expect(Object.keys(waiting).sort()).toEqual(['civil', 'hours', 'inactive', 'justice', 'land', 'limited']);
    expect(waiting.land!.map((t) => [t.number, t.priority, t.targetCounterId, t.transfers, t.startedAt])).toEqual([
      ['A002', 'disabled', null, 0, null],
      ['A001', null, null, 0, null],
    ]);
    expect(waiting.civil!.map((t) => t.number)).toEqual(['1001']);
  });

  it('counterOfTicket names the counter a ticket is at', () => {
    const h = new Harness();
    h.open('c2');
    const t = h.issue('land');
    expect(h.engine.counterOfTicket(t)).toBeNull();
    h.callNext('c2');
    expect(h.engine.counterOfTicket(t)?.number).toBe(2);
  });
});
