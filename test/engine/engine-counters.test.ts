import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/i18n.js';
import { Harness, expectLuotError } from '../support/engine-fixture.js';

describe('opening a counter', () => {
  it('opens a closed counter for a user', () => {
    const h = new Harness();
    expect(h.counter('c1')).toMatchObject({ status: 'closed', staffName: null, current: null });
    h.clock.advance(3);
    const events = h.open('c1', 'u1');
    expect(events).toMatchObject([{ type: 'counter:opened', counterId: 'c1', userId: 'u1', staffName: 'Staff u1', at: '2026-11-26T08:03:00+07:00' }]);
    expect(h.counter('c1')).toMatchObject({ status: 'idle', staffName: 'Staff u1', pausedReason: null, since: '2026-11-26T08:03:00+07:00' });
    expect(h.engine.counterHolder('c1')).toBe('u1');
  });

  // A double click or a reconnecting panel must not produce a second event.
  it('re-opening by the same user changes nothing', () => {
    const h = new Harness();
    h.open('c1', 'u1');
    const rev = h.engine.rev;
    expect(h.engine.openCounter('c1', { id: 'u1', name: 'Staff u1' }, false)).toEqual([]);
    expect(h.engine.openCounter('c1', { id: 'u1', name: 'Staff u1' }, true)).toEqual([]);
    expect(h.engine.rev).toBe(rev);
  });

  it('refuses another user without takeOver', () => {
    const h = new Harness();
    h.open('c1', 'u1');
    expectLuotError(h, () => h.engine.openCounter('c1', { id: 'u2', name: 'B' }, false), 'conflict', { messageEn: MESSAGES.counterTaken.en });
    expect(h.engine.counterHolder('c1')).toBe('u1');
  });

  it('lets another user take over, keeping the current ticket', () => {
    const h = new Harness();
    h.open('c1', 'u1');
    h.issue('land');
    h.callNext('c1', 'u1');
    const events = h.open('c1', 'u2', true);
    expect(events).toMatchObject([{ type: 'counter:opened', counterId: 'c1', userId: 'u2' }]);
    expect(h.engine.counterHolder('c1')).toBe('u2');
    expect(h.counter('c1')).toMatchObject({ status: 'calling', staffName: 'Staff u2', current: { id: 't1' } });
    h.complete('c1');
    expect(h.engine.ticketById('t1')?.state).toBe('done');
  });

  // Taking over a paused counter opens it: the old pause reason must not linger on the display.
  it('taking over a paused counter clears the pause', () => {
    const h = new Harness();
    h.open('c1', 'u1');
    h.keep(h.engine.pauseCounter('c1', 'Nghỉ trưa'));
    h.open('c1', 'u2', true);
    expect(h.counter('c1')).toMatchObject({ status: 'idle', pausedReason: null, staffName: 'Staff u2' });
    expectLuotError(h, () => h.engine.resumeCounter('c1'), 'conflict', { messageEn: MESSAGES.counterNotPaused.en });
  });

  it('re-opening a paused counter by its own user leaves it paused', () => {
    const h = new Harness();
    h.open('c1', 'u1');
    h.keep(h.engine.pauseCounter('c1', 'Nghỉ trưa'));
    expect(h.open('c1', 'u1')).toEqual([]);
    expect(h.counter('c1')).toMatchObject({ status: 'paused', pausedReason: 'Nghỉ trưa' });
  });

  it('refuses an unknown counter', () => {
    const h = new Harness();
    expectLuotError(h, () => h.engine.openCounter('c9', { id: 'u', name: 'x' }, false), 'not_found', { field: 'counterId' });
    expectLuotError(h, () => h.engine.counterHolder('c9'), 'not_found');
  });
});

describe('closing a counter', () => {
  it('closes an idle counter and forgets its staff', () => {
    const h = new Harness();
    h.open('c1', 'u1');
    h.clock.advance(10);
    const events = h.keep(h.engine.closeCounter('c1'));
    expect(events).toMatchObject([{ type: 'counter:closed', counterId: 'c1' }]);
    expect(h.counter('c1')).toMatchObject({ status: 'closed', staffName: null, since: '2026-11-26T08:10:00+07:00' });
    expect(h.engine.counterHolder('c1')).toBeNull();
    // Anyone may open it again without takeOver.
    expect(h.open('c1', 'u2')).toHaveLength(1);
  });

  it('closing a closed counter changes nothing', () => {
    const h = new Harness();
    expect(h.engine.closeCounter('c1')).toEqual([]);
    expect(h.engine.rev).toBe(1);
  });

  it('refuses to close with a ticket at the counter', () => {
    const h = new Harness();
    h.open('c1');
    h.issue('land');
    h.callNext('c1');
    expectLuotError(h, () => h.engine.closeCounter('c1'), 'conflict', { messageEn: MESSAGES.counterBusy.en });
    h.record(h.engine.start('c1'));
    expectLuotError(h, () => h.engine.closeCounter('c1'), 'conflict', { messageEn: MESSAGES.counterBusy.en });
    h.complete('c1');
    expect(h.keep(h.engine.closeCounter('c1'))).toHaveLength(1);
  });

  it('closes a paused counter and clears the pause reason', () => {
    const h = new Harness();
    h.open('c1');
    h.keep(h.engine.pauseCounter('c1', 'Họp'));
    h.keep(h.engine.closeCounter('c1'));
    expect(h.counter('c1')).toMatchObject({ status: 'closed', pausedReason: null });
  });

  it('a closed counter cannot call', () => {
    const h = new Harness();
    h.open('c1');
    h.keep(h.engine.closeCounter('c1'));
    h.issue('land');
    expectLuotError(h, () => h.engine.callNext('c1', { userId: null }), 'conflict', { messageEn: MESSAGES.counterClosed.en });
  });
});

describe('pausing and resuming', () => {
  it('pauses an idle counter with a reason, then resumes it', () => {
    const h = new Harness();
    h.open('c1');
    h.clock.advance(1);
    expect(h.keep(h.engine.pauseCounter('c1', 'Nghỉ trưa'))).toMatchObject([{ type: 'counter:paused', counterId: 'c1', reason: 'Nghỉ trưa' }]);
    expect(h.counter('c1')).toMatchObject({ status: 'paused', pausedReason: 'Nghỉ trưa', since: '2026-11-26T08:01:00+07:00' });
    h.clock.advance(30);
    expect(h.keep(h.engine.resumeCounter('c1'))).toMatchObject([{ type: 'counter:resumed', counterId: 'c1' }]);
    expect(h.counter('c1')).toMatchObject({ status: 'idle', pausedReason: null, since: '2026-11-26T08:31:00+07:00' });
    h.issue('land');
    expect(h.callNext('c1')?.number).toBe('A001');
  });

  it('stores an empty reason as null', () => {
    const h = new Harness();
    h.open('c1');
    expect(h.keep(h.engine.pauseCounter('c1', ''))).toMatchObject([{ reason: null }]);
    expect(h.counter('c1').pausedReason).toBeNull();
  });

  it('pausing a paused counter changes nothing', () => {
    const h = new Harness();
    h.open('c1');
    h.keep(h.engine.pauseCounter('c1', 'a'));
    expect(h.engine.pauseCounter('c1', 'b')).toEqual([]);
    expect(h.counter('c1').pausedReason).toBe('a');
  });

  it('refuses to pause a closed counter or one with a ticket', () => {
    const h = new Harness();
    expectLuotError(h, () => h.engine.pauseCounter('c1', null), 'conflict', { messageEn: MESSAGES.counterClosed.en });
    h.open('c1');
    h.issue('land');
    h.callNext('c1');
    expectLuotError(h, () => h.engine.pauseCounter('c1', null), 'conflict', { messageEn: MESSAGES.counterBusy.en });
  });

  it('refuses to resume a counter that is not paused', () => {
    const h = new Harness();
    expectLuotError(h, () => h.engine.resumeCounter('c1'), 'conflict', { messageEn: MESSAGES.counterNotPaused.en });
    h.open('c1');
    expectLuotError(h, () => h.engine.resumeCounter('c1'), 'conflict', { messageEn: MESSAGES.counterNotPaused.en });
    expectLuotError(h, () => h.engine.resumeCounter('c9'), 'not_found');
  });
});
