// The engine APIs journal recovery relies on: reserving numbers that may already be on paper,
// resetting one engine object for a second replay, and apply() refusing a bad line whole.
import { describe, expect, it } from 'vitest';
import { QueueEngine } from '../../server/queue/engine.js';
import type { JournalEvent } from '../../server/queue/events.js';
import { engineState, Harness } from '../support/engine-fixture.js';

const state = engineState;

/** A small day with a bit of everything, so a damaged line meets real state. */
function busyDay(): Harness {
  const h = new Harness();
  h.open('c1');
  h.open('c3');
  h.issue('land');
  h.issue('land', 'elderly');
  h.issue('justice');
  h.clock.advance(1);
  h.callNext('c1');
  h.callNext('c3');
  h.complete('c3');
  return h;
}

describe('reserveNumbers', () => {
  it('makes the next ticket of that service number above the floor, and only that service', () => {
    const h = new Harness();
    expect(h.issue('land').number).toBe('A001');
    const events = h.keep(h.engine.reserveNumbers([{ serviceId: 'land', upTo: 40 }]));
    expect(events).toEqual([
      expect.objectContaining({ type: 'numbers:reserved', serviceId: 'land', upTo: 40, rev: h.engine.rev }),
    ]);
    expect(h.issue('land').number).toBe('A041');
    expect(h.issue('civil').number).toBe('1001');
    expect(h.issue('justice').number).toBe('C001');
  });

  it('raises every service, including one configured later, when the service is null', () => {
    const h = new Harness();
    h.issue('land');
    h.issue('land');
    h.keep(h.engine.reserveNumbers([{ serviceId: 'land', upTo: 30 }]));
    h.keep(h.engine.reserveNumbers([{ serviceId: null, upTo: 20 }]));
    // A floor never lowers numbering: land stays above its own 30.
    expect(h.issue('land').number).toBe('A031');
    expect(h.issue('civil').number).toBe('1021');
    expect(h.issue('justice').number).toBe('C021');
    h.engine.setConfig({
      ...h.config,
      services: [...h.config.services, { ...h.config.services[0]!, id: 'late', prefix: 'N', order: 9 }],
    });
    expect(h.issue('late').number).toBe('N021');
  });

  it('returns no event when every floor is already reached', () => {
    const h = new Harness();
    for (let i = 0; i < 5; i++) h.issue('land');
    h.keep(h.engine.reserveNumbers([{ serviceId: null, upTo: 3 }]));
    const rev = h.engine.rev;
    expect(h.engine.reserveNumbers([{ serviceId: 'land', upTo: 5 }, { serviceId: 'land', upTo: 2 }, { serviceId: null, upTo: 3 }])).toEqual([]);
    expect(h.engine.rev).toBe(rev);
    // One call, two floors that change something: two consecutive events.
    const two = h.keep(h.engine.reserveNumbers([{ serviceId: 'land', upTo: 9 }, { serviceId: 'civil', upTo: 4 }]));
    expect(two.map((e) => e.rev)).toEqual([rev + 1, rev + 2]);
    expect(h.issue('land').number).toBe('A010');
    expect(h.issue('civil').number).toBe('1005');
  });

  it('counts reserved numbers towards a daily limit and tells broadcasts which services changed', () => {
    const h = new Harness();
    expect(h.engine.publicService('limited')?.open).toBe(true);
    const [e] = h.keep(h.engine.reserveNumbers([{ serviceId: 'limited', upTo: 3 }]));
    expect(h.engine.publicService('limited')).toMatchObject({ open: false, closedReason: 'limit_reached' });
    expect(h.engine.affected(e!)).toEqual({ services: ['limited'], counters: [], all: false });
    const [all] = h.keep(h.engine.reserveNumbers([{ serviceId: null, upTo: 7 }]));
    expect(h.engine.affected(all!).services.sort()).toEqual(h.config.services.map((s) => s.id).sort());
  });

  it('survives replay and a day rollover restarts numbering', () => {
    const h = new Harness();
    h.keep(h.engine.reserveNumbers([{ serviceId: 'land', upTo: 12 }, { serviceId: null, upTo: 4 }]));
    h.engine.reset();
    for (const e of h.log) h.engine.apply(structuredClone(e));
    expect(h.issue('land').number).toBe('A013');
    expect(h.issue('justice').number).toBe('C005');
    h.goTo('2026-11-27T08:00:00+07:00');
    expect(h.issue('land').number).toBe('A001');
    expect(h.issue('justice').number).toBe('C001');
  });
});

describe('reset', () => {
  it('drops the day back to a fresh engine, and the same object replays the journal to the same state', () => {
    const h = busyDay();
    const before = state(h.engine);
    const fresh = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });

    h.engine.reset();
    expect(h.engine.rev).toBe(0);
    expect(h.engine.serviceDay).toBe('');
    expect(state(h.engine)).toEqual(state(fresh));
    expect(h.engine.ticketById('t1')).toBeUndefined();

    for (const e of h.log) h.engine.apply(structuredClone(e));
    expect(state(h.engine)).toEqual(before);
  });
});

describe('apply refuses a line it cannot take, changing nothing', () => {
  const nextRev = (h: Harness) => h.engine.rev + 1;
  const at = '2026-11-26T08:05:00.000+07:00';
  const bad: [string, (h: Harness) => JournalEvent][] = [
    ['a call of an unknown ticket', (h) => ({ type: 'ticket:called', ticketId: 'nope', counterId: 'c2', recall: false, userId: null, rev: nextRev(h), at })],
    ['a completion of an unknown ticket', (h) => ({ type: 'ticket:completed', ticketId: 'nope', counterId: 'c1', fileCode: null, rev: nextRev(h), at })],
    ['a transfer of an unknown ticket', (h) => ({ type: 'ticket:transferred', ticketId: 'nope', fromCounterId: 'c1', fromServiceId: 'land', toServiceId: 'civil', toCounterId: null, rev: nextRev(h), at })],
    ['a second issue of a ticket id', (h) => ({ type: 'ticket:issued', ticket: { id: 't1', token: 'zz', serviceId: 'civil', seq: 9, number: '1009', priority: null, requestId: null }, rev: nextRev(h), at })],
    ['an issue without its ticket', (h) => ({ type: 'ticket:issued', rev: nextRev(h), at }) as unknown as JournalEvent],
    ['an unknown event type', (h) => ({ type: 'ticket:teleported', ticketId: 't1', rev: nextRev(h), at }) as unknown as JournalEvent],
    ['a line without a time', (h) => ({ type: 'counter:opened', counterId: 'c2', userId: 'u', staffName: 'S', rev: nextRev(h), at: 'yesterday' })],
    ['a line without a rev', (h) => ({ type: 'counter:closed', counterId: 'c1', at }) as unknown as JournalEvent],
    ['a call whose counter id was damaged', (h) => ({ type: 'ticket:called', ticketId: 't1', counterId: 7, recall: false, userId: null, rev: nextRev(h), at }) as unknown as JournalEvent],
    ['a start without a counter', (h) => ({ type: 'ticket:started', ticketId: 't1', rev: nextRev(h), at }) as unknown as JournalEvent],
    ['a transfer to a damaged counter', (h) => ({ type: 'ticket:transferred', ticketId: 't1', fromCounterId: null, fromServiceId: 'land', toServiceId: 'civil', toCounterId: 3, rev: nextRev(h), at }) as unknown as JournalEvent],
    ['a cancel with a damaged counter', (h) => ({ type: 'ticket:cancelled', ticketId: 't1', counterId: {}, userId: null, rev: nextRev(h), at }) as unknown as JournalEvent],
    ['a negative reservation', (h) => ({ type: 'numbers:reserved', serviceId: 'land', upTo: -1, rev: nextRev(h), at })],
  ];

  it.each(bad)('%s', (_name, make) => {
    const h = busyDay();
    const before = state(h.engine);
    expect(() => h.engine.apply(make(h))).toThrow(/journal/);
    expect(state(h.engine)).toEqual(before);
    // The engine goes on with the next good line as if the bad one never was.
    h.issue('land');
    expect(h.engine.rev).toBe(before.rev + 1);
    expect(state(h.replay())).toEqual(state(h.engine));
  });
});

describe('exportState / importState (the checkpoint of the day)', () => {
  it('takes back what it exported, and refuses a state of another shape, changing nothing', async () => {
    const { packState, unpackState } = await import('../../server/queue/state-codec.js');
    const h = busyDay();
    const bytes = h.engine.exportState();
    const fresh = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    expect(fresh.importState(bytes)).toBe(true);
    expect(engineState(fresh)).toEqual(engineState(h.engine));

    // A checkpoint written by a version whose day state had other fields (an upgrade between a
    // clean stop and the next start) must not be loaded: the day replays from the journal.
    const old = unpackState(bytes);
    delete (old.day as Partial<typeof old.day>).queues;
    const other = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    const before = engineState(other);
    expect(other.importState(packState({ ...old, shape: old.shape.replace('queues,', '') }))).toBe(false);
    expect(engineState(other)).toEqual(before);
  });
});
