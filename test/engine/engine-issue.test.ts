import { describe, expect, it } from 'vitest';
import { CLOSED_REASONS } from '../../shared/i18n.js';
import { LuotError } from '../../shared/errors.js';
import { Harness, HOURS, INACTIVE, LAND, expectLuotError, service } from '../support/engine-fixture.js';

describe('issuing: numbering', () => {
  it('numbers the prefix style A001, A002, … per service', () => {
    const h = new Harness();
    const a = h.issue('land');
    const b = h.issue('land');
    expect([a.number, a.seq, b.number, b.seq]).toEqual(['A001', 1, 'A002', 2]);
  });

  it('numbers the running style 1001, 1002, … per service', () => {
    const h = new Harness();
    expect([h.issue('civil').number, h.issue('civil').number, h.issue('civil').number]).toEqual(['1001', '1002', '1003']);
  });

  // Each service line has its own sequence: issuing in one never skips a number in another.
  it('keeps one sequence per service', () => {
    const h = new Harness();
    const got = ['land', 'civil', 'land', 'justice', 'civil', 'land'].map((s) => h.issue(s).number);
    expect(got).toEqual(['A001', '1001', 'A002', 'C001', '1002', 'A003']);
  });

  it('commits one ticket:issued event carrying everything needed to replay it', () => {
    const h = new Harness();
    const revBefore = h.engine.rev;
    const { events, ticket, duplicate } = h.record(h.engine.issue({ serviceId: 'civil', priority: 'elderly', requestId: 'req-1' }));
    expect(duplicate).toBe(false);
    expect(events).toEqual([
      {
        type: 'ticket:issued',
        rev: revBefore + 1,
        at: '2026-11-26T08:00:00+07:00',
        ticket: { id: 't1', token: 'tok1', serviceId: 'civil', seq: 1, number: '1001', priority: 'elderly', requestId: 'req-1' },
      },
    ]);
    expect(ticket).toMatchObject({
      id: 't1', token: 'tok1', state: 'waiting', serviceId: 'civil', originalServiceId: 'civil', priority: 'elderly',
      issuedAt: '2026-11-26T08:00:00+07:00', counterId: null, callCount: 0, transfers: 0,
    });
    expect(h.engine.ticketByToken('tok1')).toBe(ticket);
    expect(h.engine.ticketById('t1')).toBe(ticket);
  });

  it('defaults the priority to none', () => {
    const h = new Harness();
    expect(h.issue('land').priority).toBeNull();
  });

  // A kiosk retrying after a lost ack must get the same ticket back, never a second number.
  it('returns the same ticket for a repeated requestId without an event or a number', () => {
    const h = new Harness();
    const first = h.issue('land', null, 'tap-1');
    const rev = h.engine.rev;
    const again = h.engine.issue({ serviceId: 'land', requestId: 'tap-1' });
    expect(again).toEqual({ events: [], ticket: first, duplicate: true });
    expect(h.engine.rev).toBe(rev);
    expect(h.issue('land', null, 'tap-2').number).toBe('A002');
  });

  it('refuses an unknown service as not_found on serviceId', () => {
    const h = new Harness();
    expectLuotError(h, () => h.engine.issue({ serviceId: 'nope' }), 'not_found', { field: 'serviceId' });
  });
});

describe('issuing: daily limit', () => {
  it('refuses the (limit+1)-th ticket with closed / limit_reached and next local midnight', () => {
    const h = new Harness();
    expect([h.issue('limited').number, h.issue('limited').number, h.issue('limited').number]).toEqual(['L001', 'L002', 'L003']);
    const e = expectLuotError(h, () => h.engine.issue({ serviceId: 'limited' }), 'closed', {
      reason: 'limit_reached',
      nextOpen: '2026-11-27T00:00:00+07:00',
    });
    expect(e.messageVi).toBe(CLOSED_REASONS.limit_reached.vi);
    expect(e.toApi()).toMatchObject({ code: 'closed', message: 'Đã hết số trong ngày', messageEn: 'No more tickets today' });
  });

  // The limit counts numbers handed out: a cancelled ticket's number is still gone.
  it('counts cancelled tickets against the limit', () => {
    const h = new Harness();
    for (let i = 0; i < 3; i++) h.record(h.engine.cancel(h.issue('limited').id, { userId: null }));
    expectLuotError(h, () => h.engine.issue({ serviceId: 'limited' }), 'closed', { reason: 'limit_reached' });
  });

  it('does not touch other services', () => {
    const h = new Harness();
    for (let i = 0; i < 3; i++) h.issue('limited');
    expect(h.issue('land').number).toBe('A001');
  });

  it('shows the limit on publicService', () => {
    const h = new Harness();
    for (let i = 0; i < 2; i++) h.issue('limited');
    expect(h.engine.publicService('limited')).toMatchObject({ open: true, closedReason: null, nextOpen: null, waiting: 2 });
    h.issue('limited');
    expect(h.engine.publicService('limited')).toMatchObject({
      open: false, closedReason: 'limit_reached', nextOpen: '2026-11-27T00:00:00+07:00', waiting: 3,
    });
  });

  it('opens again after the rollover, numbering from 1', () => {
    const h = new Harness();
    for (let i = 0; i < 3; i++) h.issue('limited');
    h.goTo('2026-11-27T00:00:00+07:00');
    expect(h.issue('limited').number).toBe('L001');
  });

  // With opening hours the limit's nextOpen is tomorrow's first opening, skipping closed days.
  it('points nextOpen at the next opening when the service has hours', () => {
    const limitedHours = { ...HOURS, id: 'lh', dailyLimit: 1 };
    const h = new Harness({ services: [limitedHours], counters: [], start: '2026-11-26T09:00:00+07:00' });
    h.issue('lh');
    expectLuotError(h, () => h.engine.issue({ serviceId: 'lh' }), 'closed', {
      reason: 'limit_reached', nextOpen: '2026-11-27T07:30:00+07:00',
    });
    // Saturday: Sunday is closed and Monday a holiday.
    h.goTo('2026-11-28T09:00:00+07:00');
    h.issue('lh');
    expectLuotError(h, () => h.engine.issue({ serviceId: 'lh' }), 'closed', {
      reason: 'limit_reached', nextOpen: '2026-12-01T07:30:00+07:00',
    });
  });

  it('a limit of zero refuses the first ticket', () => {
    const h = new Harness({ services: [service('z', { dailyLimit: 0 })], counters: [] });
    expectLuotError(h, () => h.engine.issue({ serviceId: 'z' }), 'closed', { reason: 'limit_reached' });
  });

  // The duplicate check comes first: a kiosk retry of the last ticket must still succeed.
  it('answers a retried request even after the limit is reached', () => {
    const h = new Harness();
    h.issue('limited');
    h.issue('limited');
    const last = h.issue('limited', null, 'tap-last');
    expect(h.engine.issue({ serviceId: 'limited', requestId: 'tap-last' })).toMatchObject({ duplicate: true, ticket: last });
  });
});

describe('issuing: opening hours', () => {
  // 07:30–11:30 and 13:30–17:00 on weekdays, Saturday mornings, Sunday closed, 30 Nov a holiday.
  it.each([
    ['2026-11-26T07:00:00+07:00', 'before_hours', '2026-11-26T07:30:00+07:00'],
    ['2026-11-26T11:30:00+07:00', 'break', '2026-11-26T13:30:00+07:00'],
    ['2026-11-26T12:15:00+07:00', 'break', '2026-11-26T13:30:00+07:00'],
    ['2026-11-26T17:00:00+07:00', 'after_hours', '2026-11-27T07:30:00+07:00'],
    ['2026-11-28T14:00:00+07:00', 'after_hours', '2026-12-01T07:30:00+07:00'],
    ['2026-11-29T09:00:00+07:00', 'day_off', '2026-12-01T07:30:00+07:00'],
    ['2026-11-30T09:00:00+07:00', 'day_off', '2026-12-01T07:30:00+07:00'],
  ] as const)('at %s refuses with %s until %s', (at, reason, nextOpen) => {
    const h = new Harness({ start: at });
    const e = expectLuotError(h, () => h.engine.issue({ serviceId: 'hours' }), 'closed', { reason, nextOpen });
    expect(e.messageEn).toBe(CLOSED_REASONS[reason].en);
    expect(h.engine.publicService('hours')).toMatchObject({ open: false, closedReason: reason, nextOpen });
    // Services without hours are unaffected.
    expect(h.issue('land').number).toBe('A001');
  });

  it.each(['2026-11-26T07:30:00+07:00', '2026-11-26T11:29:00+07:00', '2026-11-26T13:30:00+07:00', '2026-11-26T16:59:59+07:00', '2026-11-28T11:00:00+07:00'])(
    'issues inside hours at %s',
    (at) => {
      const h = new Harness({ start: at });
      expect(h.issue('hours').number).toBe('H001');
      expect(h.engine.publicService('hours')).toMatchObject({ open: true, closedReason: null, nextOpen: null });
    },
  );

  // The same engine opens and closes as the clock moves, without any event.
  it('follows the clock through one day', () => {
    const h = new Harness({ start: '2026-11-26T07:29:00+07:00' });
    expectLuotError(h, () => h.engine.issue({ serviceId: 'hours' }), 'closed', { reason: 'before_hours' });
    h.clock.set('2026-11-26T07:30:00+07:00');
    expect(h.issue('hours').number).toBe('H001');
    h.clock.set('2026-11-26T12:00:00+07:00');
    expectLuotError(h, () => h.engine.issue({ serviceId: 'hours' }), 'closed', { reason: 'break' });
    h.clock.set('2026-11-26T14:00:00+07:00');
    // The break does not restart numbering.
    expect(h.issue('hours').number).toBe('H002');
    h.clock.set('2026-11-26T17:00:00+07:00');
    expectLuotError(h, () => h.engine.issue({ serviceId: 'hours' }), 'closed', { reason: 'after_hours', nextOpen: '2026-11-27T07:30:00+07:00' });
  });

  it('refuses an inactive service with reason inactive and no nextOpen', () => {
    const h = new Harness();
    const e = expectLuotError(h, () => h.engine.issue({ serviceId: 'inactive' }), 'closed', { reason: 'inactive', nextOpen: null });
    expect(e.messageVi).toBe(CLOSED_REASONS.inactive.vi);
    expect(h.engine.publicService('inactive')).toMatchObject({ open: false, closedReason: 'inactive', nextOpen: null });
  });

  // Inactive wins over hours: a switched-off service must not advertise a reopening time.
  it('reports inactive before opening hours', () => {
    const h = new Harness({ services: [{ ...HOURS, active: false }], counters: [], start: '2026-11-29T09:00:00+07:00' });
    expectLuotError(h, () => h.engine.issue({ serviceId: 'hours' }), 'closed', { reason: 'inactive', nextOpen: null });
  });

  // Hours are checked before the limit: outside hours the citizen needs to know when hours start.
  it('reports hours before the daily limit', () => {
    const h = new Harness({ services: [{ ...HOURS, dailyLimit: 1 }], counters: [], start: '2026-11-26T09:00:00+07:00' });
    h.issue('hours');
    h.clock.set('2026-11-26T12:00:00+07:00');
    expectLuotError(h, () => h.engine.issue({ serviceId: 'hours' }), 'closed', { reason: 'break', nextOpen: '2026-11-26T13:30:00+07:00' });
  });

  it('publicService is null for an unknown service and carries the configuration', () => {
    const h = new Harness();
    expect(h.engine.publicService('nope')).toBeNull();
    expect(h.engine.publicService('land')).toMatchObject({ ...LAND, open: true, waiting: 0, estimatedWaitMin: 0 });
  });

  it('errors thrown are LuotError instances (the adapters rely on it)', () => {
    const h = new Harness();
    expect(() => h.engine.issue({ serviceId: INACTIVE.id })).toThrow(LuotError);
  });
});
