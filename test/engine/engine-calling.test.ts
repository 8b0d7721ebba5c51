import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n.js';
import { Harness, expectLuotError } from '../support/engine-fixture.js';

/** A harness with c1 (land, civil), c2 (civil, land) and c3 (justice) open. */
function office(opts: ConstructorParameters<typeof Harness>[0] = {}): Harness {
  const h = new Harness(opts);
  h.open('c1');
  h.open('c2');
  h.open('c3');
  return h;
}

describe('callNext', () => {
  it('calls the oldest ticket over all the counter services', () => {
    const h = office();
    h.issue('civil'); // 08:00
    h.clock.advance(1);
    h.issue('land'); // 08:01
    expect(h.callNext('c1')?.number).toBe('1001');
    h.complete('c1');
    expect(h.callNext('c1')?.number).toBe('A001');
  });

  // Two tickets in the same second: each counter's own service order decides.
  it('breaks equal timestamps by the counter service order', () => {
    const a = office();
    a.issue('land');
    a.issue('civil');
    expect(a.callNext('c1')?.number).toBe('A001');
    const b = office();
    b.issue('land');
    b.issue('civil');
    expect(b.callNext('c2')?.number).toBe('1001');
  });

  it('breaks equal timestamps within one service by number', () => {
    const h = office();
    h.issue('land');
    h.issue('land');
    h.issue('land');
    expect(h.drain('c1')).toEqual(['A001', 'A002', 'A003']);
  });

  it('moves the ticket to called at that counter and commits one event', () => {
    const h = office();
    h.issue('land');
    h.clock.advance(2, 30);
    const rev = h.engine.rev;
    const { events, ticket } = h.record(h.engine.callNext('c1', { userId: 'u-c1' }));
    expect(events).toEqual([
      { type: 'ticket:called', ticketId: 't1', counterId: 'c1', recall: false, userId: 'u-c1', rev: rev + 1, at: '2026-11-26T08:02:30+07:00' },
    ]);
    expect(ticket).toMatchObject({ state: 'called', counterId: 'c1', callCount: 1, calledAt: '2026-11-26T08:02:30+07:00', staffUserId: 'u-c1' });
    expect(h.counter('c1')).toMatchObject({ status: 'calling', current: { id: 't1', number: 'A001', state: 'called' }, since: '2026-11-26T08:02:30+07:00' });
    expect(h.engine.snapshot().recentCalls).toEqual([
      { ticket: h.engine.publicTicket(ticket!), counterId: 'c1', at: '2026-11-26T08:02:30+07:00', recall: false },
    ]);
    expect(h.waitingNumbers('land')).toEqual([]);
  });

  // The counter holder is the staff member of record when the command carries no user.
  it('falls back to the counter holder as the calling user', () => {
    const h = office();
    h.issue('land');
    expect(h.callNext('c1', null)?.staffUserId).toBe('u-c1');
  });

  it('returns null without events when nothing is waiting', () => {
    const h = office();
    const rev = h.engine.rev;
    expect(h.engine.callNext('c1', { userId: 'u-c1' })).toEqual({ events: [], ticket: null });
    expect(h.engine.rev).toBe(rev);
    expect(h.counter('c1').status).toBe('idle');
  });

  it('returns null when only other services have tickets', () => {
    const h = office();
    h.issue('land');
    h.issue('civil');
    expect(h.engine.callNext('c3', { userId: 'u-c3' })).toEqual({ events: [], ticket: null });
    expect(h.waitingNumbers('land')).toEqual(['A001']);
  });

  it('refuses a closed counter', () => {
    const h = new Harness();
    h.issue('land');
    expectLuotError(h, () => h.engine.callNext('c1', { userId: 'u' }), 'conflict', { messageEn: MESSAGES.counterClosed.en });
  });

  it('refuses a paused counter', () => {
    const h = office();
    h.issue('land');
    h.keep(h.engine.pauseCounter('c1', 'họp'));
    expectLuotError(h, () => h.engine.callNext('c1', { userId: 'u-c1' }), 'conflict', { messageEn: MESSAGES.counterPaused.en });
  });

  it('refuses a counter that still has a current ticket', () => {
    const h = office();
    h.issue('land');
    h.issue('land');
    h.callNext('c1');
    expectLuotError(h, () => h.engine.callNext('c1', { userId: 'u-c1' }), 'conflict', { messageEn: MESSAGES.counterBusy.en });
    h.record(h.engine.start('c1'));
    expectLuotError(h, () => h.engine.callNext('c1', { userId: 'u-c1' }), 'conflict', { messageEn: MESSAGES.counterBusy.en });
  });

  it('refuses an unknown counter as not_found', () => {
    const h = office();
    expectLuotError(h, () => h.engine.callNext('c9', { userId: null }), 'not_found', { field: 'counterId' });
  });
});

describe('priorities, strict policy', () => {
  it('calls priority tickets first, oldest first, then the normal ones oldest first', () => {
    const h = office();
    h.issue('land'); // A001 08:00
    h.clock.advance(1);
    h.issue('land'); // A002 08:01
    h.clock.advance(1);
    h.issue('land', 'elderly'); // A003 08:02
    h.clock.advance(1);
    h.issue('civil', 'disabled'); // 1001 08:03
    h.clock.advance(1);
    h.issue('civil'); // 1002 08:04
    expect(h.drain('c1')).toEqual(['A003', '1001', 'A001', 'A002', '1002']);
  });

  it('breaks equal priority timestamps by the counter service order', () => {
    const a = office();
    a.issue('land', 'pregnant');
    a.issue('civil', 'merit');
    expect(a.callNext('c1')?.number).toBe('A001');
    const b = office();
    b.issue('land', 'pregnant');
    b.issue('civil', 'merit');
    expect(b.callNext('c2')?.number).toBe('1001');
  });

  it('lists priority tickets first in the staff waiting list', () => {
    const h = office();
    h.issue('land');
    h.clock.advance(1);
    h.issue('land', 'child');
    h.clock.advance(1);
    h.issue('land');
    expect(h.waitingNumbers('land')).toEqual(['A002', 'A001', 'A003']);
  });
});

describe('priorities, interleave policy', () => {
  /** Five normal tickets, then two priority ones, all in land. */
  function queue(every: number): Harness {
    const h = office({ priorityPolicy: { mode: 'interleave', every } });
    for (let i = 0; i < 5; i++) {
      h.issue('land');
      h.clock.advance(1);
    }
    h.issue('land', 'elderly');
    h.clock.advance(1);
    h.issue('land', 'disabled');
    return h;
  }

  it('calls one priority ticket after every N normal ones', () => {
    expect(queue(2).drain('c1')).toEqual(['A001', 'A002', 'A006', 'A003', 'A004', 'A007', 'A005']);
  });

  it('alternates with every = 1', () => {
    expect(queue(1).drain('c1')).toEqual(['A001', 'A006', 'A002', 'A007', 'A003', 'A004', 'A005']);
  });

  it('calls priority tickets when no normal one waits', () => {
    const h = office({ priorityPolicy: { mode: 'interleave', every: 3 } });
    h.issue('land', 'merit');
    h.issue('land', 'child');
    expect(h.drain('c1')).toEqual(['A001', 'A002']);
  });

  // A counter that has called many normal tickets in a row owes the next priority at once.
  it('calls a priority ticket at once after a long run of normal ones', () => {
    const h = office({ priorityPolicy: { mode: 'interleave', every: 2 } });
    for (let i = 0; i < 4; i++) h.issue('land');
    expect(h.drain('c1')).toEqual(['A001', 'A002', 'A003', 'A004']);
    h.clock.advance(5);
    h.issue('land');
    h.issue('land', 'elderly');
    expect(h.callNext('c1')?.number).toBe('A006');
  });

  it('counts per counter', () => {
    const h = office({ priorityPolicy: { mode: 'interleave', every: 2 } });
    for (let i = 0; i < 6; i++) {
      h.issue('land');
      h.clock.advance(1);
    }
    h.issue('land', 'elderly'); // A007
    // c1 calls two normal tickets; c2 has called none yet.
    expect(h.drain('c1', 2)).toEqual(['A001', 'A002']);
    expect(h.callNext('c2')?.number).toBe('A003');
    expect(h.callNext('c1')?.number).toBe('A007');
  });

  // A recall is the same citizen again, not another normal ticket served.
  it('does not count recalls as normal tickets', () => {
    const h = office({ priorityPolicy: { mode: 'interleave', every: 2 } });
    h.issue('land');
    h.clock.advance(1);
    h.issue('land');
    h.clock.advance(1);
    h.issue('land', 'elderly');
    h.callNext('c1');
    h.record(h.engine.recall('c1', { userId: 'u-c1' }));
    h.record(h.engine.recall('c1', { userId: 'u-c1' }));
    h.complete('c1');
    expect(h.callNext('c1')?.number).toBe('A002');
  });

  it('counts a specifically called normal ticket', () => {
    const h = office({ priorityPolicy: { mode: 'interleave', every: 1 } });
    h.issue('land');
    h.clock.advance(1);
    h.issue('land');
    h.clock.advance(1);
    h.issue('land', 'elderly');
    h.call('c1', 't2');
    h.complete('c1');
    expect(h.callNext('c1')?.number).toBe('A003');
  });
});

describe('call a specific ticket', () => {
  it('calls a waiting ticket out of order, leaving the others in place', () => {
    const h = office();
    h.issue('land');
    h.issue('land');
    const t = h.call('c1', 't2');
    expect(t).toMatchObject({ number: 'A002', state: 'called', counterId: 'c1' });
    h.complete('c1');
    expect(h.callNext('c1')?.number).toBe('A001');
  });

  it('refuses a ticket that is not waiting', () => {
    const h = office();
    h.issue('land');
    h.callNext('c2');
    expectLuotError(h, () => h.engine.call('c1', 't1', { userId: null }), 'conflict', { messageEn: MESSAGES.ticketNotWaiting.en });
    h.complete('c2');
    expectLuotError(h, () => h.engine.call('c1', 't1', { userId: null }), 'conflict', { messageEn: MESSAGES.ticketNotWaiting.en });
  });

  it('refuses a ticket of a service the counter does not serve', () => {
    const h = office();
    h.issue('land');
    expectLuotError(h, () => h.engine.call('c3', 't1', { userId: null }), 'conflict', { messageEn: MESSAGES.serviceNotAtCounter.en });
  });

  it('refuses when the counter is not ready', () => {
    const h = office();
    h.issue('land');
    h.issue('land');
    h.callNext('c1');
    expectLuotError(h, () => h.engine.call('c1', 't2', { userId: null }), 'conflict', { messageEn: MESSAGES.counterBusy.en });
    expectLuotError(h, () => h.engine.call('c4', 't2', { userId: null }), 'conflict', { messageEn: MESSAGES.counterClosed.en });
  });

  it('refuses an unknown ticket as not_found', () => {
    const h = office();
    expectLuotError(h, () => h.engine.call('c1', 'nope', { userId: null }), 'not_found', { field: 'ticketId' });
  });
});

describe('recall', () => {
  it('calls the same ticket again, counting calls, keeping it at the counter', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    h.clock.advance(1);
    const rev = h.engine.rev;
    const { events, ticket } = h.record(h.engine.recall('c1', { userId: 'u-c1' }));
    expect(events).toEqual([
      { type: 'ticket:called', ticketId: 't1', counterId: 'c1', recall: true, userId: 'u-c1', rev: rev + 1, at: '2026-11-26T08:01:00+07:00' },
    ]);
    expect(ticket).toMatchObject({ state: 'called', callCount: 2, calledAt: '2026-11-26T08:01:00+07:00', counterId: 'c1' });
    expect(h.counter('c1')).toMatchObject({ status: 'calling', current: { id: 't1', callCount: 2 } });
    expect(h.engine.snapshot().recentCalls.map((r) => [r.ticket.number, r.recall])).toEqual([['A001', true], ['A001', false]]);
    h.record(h.engine.recall('c1', { userId: 'u-c1' }));
    expect(ticket.callCount).toBe(3);
    expect(ticket.timeline.map((e) => e.type)).toEqual(['issued', 'called', 'recalled', 'recalled']);
  });

  it('refuses once the citizen is being served, or with no current ticket', () => {
    const h = office();
    h.issue('land');
    expectLuotError(h, () => h.engine.recall('c1', { userId: null }), 'conflict', { messageEn: MESSAGES.counterNoTicket.en });
    h.callNext('c1');
    h.record(h.engine.start('c1'));
    expectLuotError(h, () => h.engine.recall('c1', { userId: null }), 'conflict', { messageEn: MESSAGES.ticketNotCalled.en });
  });

  it('keeps only the ten most recent calls', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    for (let i = 0; i < 12; i++) h.record(h.engine.recall('c1', { userId: null }));
    const recent = h.engine.snapshot().recentCalls;
    expect(recent).toHaveLength(10);
    expect(recent.every((r) => r.recall)).toBe(true);
  });
});

describe('start, complete, no-show', () => {
  it('start moves the called ticket to serving', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    h.clock.advance(1);
    const { events, ticket } = h.record(h.engine.start('c1'));
    expect(events).toMatchObject([{ type: 'ticket:started', ticketId: 't1', counterId: 'c1' }]);
    expect(ticket.state).toBe('serving');
    expect(h.engine.staffTicket(ticket).startedAt).toBe('2026-11-26T08:01:00+07:00');
    expect(h.counter('c1')).toMatchObject({ status: 'serving', since: '2026-11-26T08:01:00+07:00' });
    expectLuotError(h, () => h.engine.start('c1'), 'conflict', { messageEn: MESSAGES.ticketNotCalled.en });
  });

  it('start needs a current ticket', () => {
    const h = office();
    expectLuotError(h, () => h.engine.start('c1'), 'conflict', { messageEn: MESSAGES.counterNoTicket.en });
  });

  it('complete from serving stores the file code and frees the counter', () => {
    const h = office();
    h.issue('land');
    h.issue('land');
    h.callNext('c1');
    h.record(h.engine.start('c1'));
    h.clock.advance(4);
    const { events, ticket } = h.record(h.engine.complete('c1', 'HS-2026-0042'));
    expect(events).toMatchObject([{ type: 'ticket:completed', ticketId: 't1', counterId: 'c1', fileCode: 'HS-2026-0042' }]);
    expect(ticket).toMatchObject({ state: 'done', fileCode: 'HS-2026-0042', finishedMs: Date.parse('2026-11-26T08:04:00+07:00') });
    expect(h.counter('c1')).toMatchObject({ status: 'idle', current: null, since: '2026-11-26T08:04:00+07:00' });
    expect(h.callNext('c1')?.number).toBe('A002');
  });

  // Many clerks never press "start": completing straight from called must work.
  it('complete from called works and stores an empty file code as null', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    const { events, ticket } = h.record(h.engine.complete('c1', ''));
    expect(events).toMatchObject([{ type: 'ticket:completed', fileCode: null }]);
    expect(ticket).toMatchObject({ state: 'done', fileCode: null });
    expect(h.counter('c1').status).toBe('idle');
  });

  it('complete needs a current ticket', () => {
    const h = office();
    expectLuotError(h, () => h.engine.complete('c1', null), 'conflict', { messageEn: MESSAGES.counterNoTicket.en });
  });

  it('noShow closes a called ticket and frees the counter', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    const { events, ticket } = h.record(h.engine.noShow('c1'));
    expect(events).toMatchObject([{ type: 'ticket:noShow', ticketId: 't1', counterId: 'c1' }]);
    expect(ticket.state).toBe('no_show');
    expect(h.counter('c1')).toMatchObject({ status: 'idle', current: null });
    expect(h.waitingNumbers('land')).toEqual([]);
  });

  it('noShow is refused once the citizen is being served', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    h.record(h.engine.start('c1'));
    expectLuotError(h, () => h.engine.noShow('c1'), 'conflict', { messageEn: MESSAGES.ticketNotCalled.en });
    expect(h.engine.ticketById('t1')?.state).toBe('serving');
  });
});

describe('transfer', () => {
  it('sends the current ticket to another service keeping number, history and place', () => {
    const h = office();
    h.issue('land'); // A001 08:00
    h.callNext('c1');
    h.record(h.engine.start('c1'));
    h.clock.advance(5);
    h.issue('civil'); // 1001 08:05
    h.clock.advance(1);
    h.issue('civil'); // 1002 08:06
    h.clock.advance(4);
    const { events, ticket } = h.record(h.engine.transfer('c1', { toServiceId: 'civil' }));
    expect(events).toMatchObject([
      { type: 'ticket:transferred', ticketId: 't1', fromCounterId: 'c1', fromServiceId: 'land', toServiceId: 'civil', toCounterId: null },
    ]);
    expect(ticket).toMatchObject({
      number: 'A001', state: 'waiting', serviceId: 'civil', originalServiceId: 'land', counterId: null,
      calledAt: null, startedMs: null, transfers: 1, targetCounterId: null, callCount: 1,
    });
    expect(ticket.timeline).toEqual([
      { type: 'issued', at: '2026-11-26T08:00:00+07:00', serviceId: 'land' },
      { type: 'called', at: '2026-11-26T08:00:00+07:00', counterId: 'c1' },
      { type: 'started', at: '2026-11-26T08:00:00+07:00', counterId: 'c1' },
      { type: 'transferred', at: '2026-11-26T08:10:00+07:00', counterId: 'c1', serviceId: 'civil' },
    ]);
    expect(h.counter('c1')).toMatchObject({ status: 'idle', current: null });
    // Issued at 08:00, so ahead of the civil tickets issued later.
    expect(h.waitingNumbers('civil')).toEqual(['A001', '1001', '1002']);
    expect(h.waitingNumbers('land')).toEqual([]);
    expect(h.engine.ahead(h.engine.ticketById('t2')!)).toBe(1);
    expect(h.callNext('c2')?.number).toBe('A001');
    expect(h.engine.ticketById('t1')?.callCount).toBe(2);
  });

  // "The citizen went to fetch a paper": back into its own queue, at its old place.
  it('may send the ticket back into its own queue', () => {
    const h = office();
    h.issue('land');
    h.clock.advance(1);
    h.issue('land');
    h.callNext('c1');
    const { ticket } = h.record(h.engine.transfer('c1', {}));
    expect(ticket).toMatchObject({ state: 'waiting', serviceId: 'land', transfers: 1 });
    expect(h.waitingNumbers('land')).toEqual(['A001', 'A002']);
  });

  it('sends a ticket to a named counter: only that counter calls it', () => {
    const h = office();
    h.issue('land'); // A001, goes to c3 (which serves justice only)
    h.clock.advance(1);
    h.issue('land'); // A002
    h.callNext('c1');
    const { ticket } = h.record(h.engine.transfer('c1', { toCounterId: 'c3' }));
    expect(ticket).toMatchObject({ state: 'waiting', serviceId: 'land', targetCounterId: 'c3', counterId: null });
    expect(h.engine.waitingList('land')[0]).toMatchObject({ number: 'A001', targetCounterId: 'c3', transfers: 1 });
    // c2 serves land but must skip A001.
    expect(h.callNext('c2')?.number).toBe('A002');
    h.complete('c2');
    expect(h.engine.callNext('c2', { userId: null }).ticket).toBeNull();
    expect(h.engine.callNext('c1', { userId: null }).ticket).toBeNull();
    expectLuotError(h, () => h.engine.call('c2', 't1', { userId: null }), 'conflict', { messageEn: MESSAGES.ticketForOtherCounter.en });
    // c3 picks it although it does not serve land.
    expect(h.callNext('c3')?.number).toBe('A001');
  });

  it('ranks a ticket sent to a counter by its issue time among that counter tickets', () => {
    const h = office();
    h.issue('land'); // 08:00
    h.clock.advance(5);
    h.issue('justice'); // 08:05
    h.callNext('c1');
    h.record(h.engine.transfer('c1', { toCounterId: 'c3' }));
    expect(h.drain('c3')).toEqual(['A001', 'C001']);
  });

  it('lets the named counter call the ticket specifically', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    h.record(h.engine.transfer('c1', { toServiceId: 'civil', toCounterId: 'c3' }));
    expect(h.engine.ticketById('t1')).toMatchObject({ serviceId: 'civil', targetCounterId: 'c3' });
    expect(h.call('c3', 't1').number).toBe('A001');
  });

  it('refuses a transfer to the same counter', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    expectLuotError(h, () => h.engine.transfer('c1', { toCounterId: 'c1' }), 'conflict', { messageEn: MESSAGES.transferSame.en });
    expect(h.counter('c1').current?.id).toBe('t1');
  });

  it('refuses unknown services and counters, and a counter with nothing to transfer', () => {
    const h = office();
    expectLuotError(h, () => h.engine.transfer('c1', { toServiceId: 'civil' }), 'conflict', { messageEn: MESSAGES.counterNoTicket.en });
    h.issue('land');
    h.callNext('c1');
    expectLuotError(h, () => h.engine.transfer('c1', { toServiceId: 'nope' }), 'not_found', { field: 'toServiceId' });
    expectLuotError(h, () => h.engine.transfer('c1', { toCounterId: 'c9' }), 'not_found', { field: 'counterId' });
  });

  it('transferWaiting moves a waiting ticket without any counter', () => {
    const h = office();
    h.issue('land');
    const { events, ticket } = h.record(h.engine.transferWaiting('t1', { toServiceId: 'justice' }));
    expect(events).toMatchObject([{ type: 'ticket:transferred', fromCounterId: null, fromServiceId: 'land', toServiceId: 'justice', toCounterId: null }]);
    expect(ticket).toMatchObject({ state: 'waiting', serviceId: 'justice', number: 'A001', transfers: 1 });
    expect(ticket.timeline.at(-1)).toEqual({ type: 'transferred', at: '2026-11-26T08:00:00+07:00', serviceId: 'justice' });
    expect(h.callNext('c3')?.number).toBe('A001');
  });

  it('transferWaiting to a counter, and back to the open queue', () => {
    const h = office();
    h.issue('land');
    h.record(h.engine.transferWaiting('t1', { toCounterId: 'c2' }));
    expect(h.engine.callNext('c1', { userId: null }).ticket).toBeNull();
    // Same service, no counter: the target is lifted, which is a change.
    h.record(h.engine.transferWaiting('t1', {}));
    expect(h.engine.ticketById('t1')).toMatchObject({ targetCounterId: null, transfers: 2 });
    expect(h.callNext('c1')?.number).toBe('A001');
  });

  it('transferWaiting refuses a no-op and a ticket that is not waiting', () => {
    const h = office();
    h.issue('land');
    expectLuotError(h, () => h.engine.transferWaiting('t1', {}), 'conflict', { messageEn: MESSAGES.transferSame.en });
    expectLuotError(h, () => h.engine.transferWaiting('t1', { toServiceId: 'land' }), 'conflict', { messageEn: MESSAGES.transferSame.en });
    h.record(h.engine.transferWaiting('t1', { toCounterId: 'c3' }));
    expectLuotError(h, () => h.engine.transferWaiting('t1', { toCounterId: 'c3' }), 'conflict', { messageEn: MESSAGES.transferSame.en });
    h.callNext('c3');
    expectLuotError(h, () => h.engine.transferWaiting('t1', { toServiceId: 'civil' }), 'conflict', { messageEn: MESSAGES.ticketNotWaiting.en });
    expectLuotError(h, () => h.engine.transferWaiting('nope', { toServiceId: 'civil' }), 'not_found');
  });
});

describe('cancel', () => {
  it('cancels a waiting ticket and takes it out of the queue', () => {
    const h = office();
    h.issue('land');
    h.issue('land');
    const { events, ticket } = h.record(h.engine.cancel('t1', { userId: 'sup' }));
    expect(events).toMatchObject([{ type: 'ticket:cancelled', ticketId: 't1', counterId: null, userId: 'sup' }]);
    expect(ticket.state).toBe('cancelled');
    expect(h.waitingNumbers('land')).toEqual(['A002']);
    expect(h.callNext('c1')?.number).toBe('A002');
  });

  it('cancels a called ticket and frees its counter', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    const { events } = h.record(h.engine.cancel('t1', { userId: 'u-c1' }));
    expect(events).toMatchObject([{ type: 'ticket:cancelled', counterId: 'c1' }]);
    expect(h.counter('c1')).toMatchObject({ status: 'idle', current: null });
  });

  it('refuses finished tickets', () => {
    const h = office();
    for (let i = 0; i < 3; i++) h.issue('land');
    h.callNext('c1');
    h.complete('c1');
    h.callNext('c1');
    h.record(h.engine.noShow('c1'));
    h.record(h.engine.cancel('t3', { userId: null }));
    for (const id of ['t1', 't2', 't3']) {
      expectLuotError(h, () => h.engine.cancel(id, { userId: null }), 'conflict', { messageEn: MESSAGES.ticketFinished.en });
    }
    expectLuotError(h, () => h.engine.cancel('nope', { userId: null }), 'not_found');
  });
});

describe('rating', () => {
  function done(): Harness {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    h.complete('c1');
    return h;
  }

  it('rates a finished ticket by its token, once', () => {
    const h = done();
    const { events, ticket } = h.record(h.engine.rate('tok1', 4, 'Nhanh, tận tình', 5));
    expect(events).toMatchObject([{ type: 'ticket:rated', ticketId: 't1', score: 4, scale: 5, comment: 'Nhanh, tận tình' }]);
    expect(ticket).toMatchObject({ rating: 4, ratingScale: 5, ratingComment: 'Nhanh, tận tình' });
    expectLuotError(h, () => h.engine.rate('tok1', 5, null, 5), 'conflict', { messageEn: MESSAGES.ratingTwice.en });
    expect(ticket.rating).toBe(4);
  });

  it('refuses tickets that are not done', () => {
    const h = office();
    h.issue('land');
    h.issue('land');
    expectLuotError(h, () => h.engine.rate('tok1', 3, null, 5), 'conflict', { messageEn: MESSAGES.ratingNotDone.en });
    h.callNext('c1');
    expectLuotError(h, () => h.engine.rate('tok1', 3, null, 5), 'conflict', { messageEn: MESSAGES.ratingNotDone.en });
    h.record(h.engine.start('c1'));
    expectLuotError(h, () => h.engine.rate('tok1', 3, null, 5), 'conflict', { messageEn: MESSAGES.ratingNotDone.en });
    h.complete('c1');
    h.callNext('c1');
    h.record(h.engine.noShow('c1'));
    expectLuotError(h, () => h.engine.rate('tok2', 3, null, 5), 'conflict', { messageEn: MESSAGES.ratingNotDone.en });
  });

  it('refuses an unknown token', () => {
    const h = done();
    expectLuotError(h, () => h.engine.rate('nope', 3, null, 5), 'not_found');
  });

  it('refuses a score above the scale as invalid', () => {
    const h = done();
    expectLuotError(h, () => h.engine.rate('tok1', 4, null, 3), 'invalid', { field: 'score', messageEn: MESSAGES.ratingScale.en });
    expect(h.record(h.engine.rate('tok1', 3, null, 3)).ticket.rating).toBe(3);
  });

  it('rates at the counter within five minutes of completion, once', () => {
    const h = done();
    h.clock.advance(5);
    const { events, ticket } = h.record(h.engine.rateAtCounter('c1', 5, 5));
    expect(events).toMatchObject([{ type: 'ticket:rated', ticketId: 't1', score: 5, scale: 5, comment: null }]);
    expect(ticket.rating).toBe(5);
    expectLuotError(h, () => h.engine.rateAtCounter('c1', 4, 5), 'conflict', { messageEn: MESSAGES.ratingTwice.en });
    // The citizen's page shares the same "once".
    expectLuotError(h, () => h.engine.rate('tok1', 4, null, 5), 'conflict', { messageEn: MESSAGES.ratingTwice.en });
  });

  it('refuses a counter rating after five minutes', () => {
    const h = done();
    h.clock.advance(5, 1);
    expectLuotError(h, () => h.engine.rateAtCounter('c1', 5, 5), 'conflict', { messageEn: MESSAGES.ratingTooLate.en });
    // The token path has no time limit.
    expect(h.record(h.engine.rate('tok1', 5, null, 5)).ticket.rating).toBe(5);
  });

  it('refuses a counter rating with nothing finished there', () => {
    const h = office();
    h.issue('land');
    h.callNext('c1');
    expectLuotError(h, () => h.engine.rateAtCounter('c1', 5, 5), 'conflict', { messageEn: MESSAGES.ratingNothing.en });
    // A no-show is not something to rate.
    h.record(h.engine.noShow('c1'));
    expectLuotError(h, () => h.engine.rateAtCounter('c1', 5, 5), 'conflict', { messageEn: MESSAGES.ratingNothing.en });
    expectLuotError(h, () => h.engine.rateAtCounter('c9', 5, 5), 'not_found');
  });

  it('checks the scale at the counter too', () => {
    const h = done();
    expectLuotError(h, () => h.engine.rateAtCounter('c1', 5, 3), 'invalid', { field: 'score' });
  });
});
