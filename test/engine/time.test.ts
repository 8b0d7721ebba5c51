import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../shared/types.js';
import {
  addDays, checkHours, instantOf, isoLocal, localParts, serviceDayOf, toMinutes, weekdayOf,
} from '../../server/queue/time.js';
import { OFFICE_HOURS, TZ } from '../support/engine-fixture.js';

describe('localParts', () => {
  it('reads the local day, minutes, weekday and +07:00 offset', () => {
    expect(localParts(new Date('2026-11-26T01:15:00Z'), TZ)).toEqual({
      day: '2026-11-26', minutes: 8 * 60 + 15, weekday: 'thu', offsetMin: 420,
    });
  });

  // The service day turns at local midnight, i.e. 17:00 UTC the evening before.
  it('turns the day at local midnight, not at UTC midnight', () => {
    expect(localParts(new Date('2026-11-25T16:59:59.999Z'), TZ)).toEqual({
      day: '2026-11-25', minutes: 1439, weekday: 'wed', offsetMin: 420,
    });
    expect(localParts(new Date('2026-11-25T17:00:00Z'), TZ)).toEqual({
      day: '2026-11-26', minutes: 0, weekday: 'thu', offsetMin: 420,
    });
    // UTC midnight is already 07:00 local on the same day.
    expect(localParts(new Date('2026-11-26T00:00:00Z'), TZ).minutes).toBe(7 * 60);
  });

  it('crosses month, year and leap-day ends', () => {
    expect(localParts(new Date('2026-11-30T17:00:00Z'), TZ).day).toBe('2026-12-01');
    expect(localParts(new Date('2026-12-31T16:59:00Z'), TZ).day).toBe('2026-12-31');
    expect(localParts(new Date('2026-12-31T17:00:00Z'), TZ)).toMatchObject({ day: '2027-01-01', weekday: 'fri', minutes: 0 });
    expect(localParts(new Date('2028-02-28T17:00:00Z'), TZ)).toMatchObject({ day: '2028-02-29', weekday: 'tue' });
  });

  // Never "24:00": some Intl setups print hour 24 at midnight unless the cycle is pinned.
  it('gives minute 0 at midnight in any zone', () => {
    expect(localParts(new Date('2026-06-01T00:00:00Z'), 'UTC').minutes).toBe(0);
    expect(localParts(new Date('2026-06-01T04:00:00Z'), 'America/New_York').minutes).toBe(0);
  });

  it('follows other offsets, including DST and quarter hours', () => {
    expect(localParts(new Date('2026-03-08T06:30:00Z'), 'America/New_York')).toMatchObject({ minutes: 90, offsetMin: -300 });
    expect(localParts(new Date('2026-03-08T07:30:00Z'), 'America/New_York')).toMatchObject({ minutes: 210, offsetMin: -240 });
    expect(localParts(new Date('2026-11-26T00:00:00Z'), 'Asia/Kathmandu')).toMatchObject({ minutes: 345, offsetMin: 345 });
  });

  it('serviceDayOf is the local day', () => {
    expect(serviceDayOf(new Date('2026-11-25T17:00:00Z'), TZ)).toBe('2026-11-26');
    expect(serviceDayOf(new Date('2026-11-25T17:00:00Z'), 'UTC')).toBe('2026-11-25');
  });
});

describe('isoLocal', () => {
  it('writes local wall time with the office offset', () => {
    expect(isoLocal(new Date('2026-11-26T01:15:30Z'), TZ)).toBe('2026-11-26T08:15:30+07:00');
  });

  it('rolls the date at local midnight, month and year end', () => {
    expect(isoLocal(new Date('2026-11-25T17:00:00Z'), TZ)).toBe('2026-11-26T00:00:00+07:00');
    expect(isoLocal(new Date('2026-11-30T17:00:00Z'), TZ)).toBe('2026-12-01T00:00:00+07:00');
    expect(isoLocal(new Date('2026-12-31T17:00:00Z'), TZ)).toBe('2027-01-01T00:00:00+07:00');
    expect(isoLocal(new Date('2026-12-31T16:59:59Z'), TZ)).toBe('2026-12-31T23:59:59+07:00');
  });

  // Journal times are whole seconds; the milliseconds are dropped, never rounded up.
  it('drops milliseconds', () => {
    expect(isoLocal(new Date('2026-11-26T01:00:00.999Z'), TZ)).toBe('2026-11-26T08:00:00+07:00');
  });

  it('writes negative and non-hour offsets', () => {
    expect(isoLocal(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe('2026-01-15T07:00:00-05:00');
    expect(isoLocal(new Date('2026-11-26T00:00:00Z'), 'Asia/Kathmandu')).toBe('2026-11-26T05:45:00+05:45');
    expect(isoLocal(new Date('2026-11-26T00:00:00Z'), 'UTC')).toBe('2026-11-26T00:00:00+00:00');
  });

  it('names the same instant it was given', () => {
    const at = new Date('2026-07-04T21:34:56Z');
    expect(Date.parse(isoLocal(at, TZ))).toBe(at.getTime());
    expect(Date.parse(isoLocal(at, 'America/New_York'))).toBe(at.getTime());
  });
});

describe('instantOf', () => {
  it('finds the instant of a local wall time', () => {
    expect(instantOf('2026-11-26', 0, TZ).toISOString()).toBe('2026-11-25T17:00:00.000Z');
    expect(instantOf('2026-11-26', 7 * 60 + 30, TZ).toISOString()).toBe('2026-11-26T00:30:00.000Z');
    expect(instantOf('2026-11-26', 23 * 60 + 59, TZ).toISOString()).toBe('2026-11-26T16:59:00.000Z');
  });

  it('crosses month and year ends', () => {
    expect(instantOf('2027-01-01', 0, TZ).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(instantOf('2026-12-01', 0, TZ).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    // 24:00 of a day is midnight of the next.
    expect(instantOf('2026-12-31', 1440, TZ).toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('settles the offset on DST days of other zones', () => {
    // 2026-03-08 New York: clocks jump 02:00 → 03:00; 10:00 is EDT (-4).
    expect(instantOf('2026-03-08', 600, 'America/New_York').toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(instantOf('2026-03-07', 600, 'America/New_York').toISOString()).toBe('2026-03-07T15:00:00.000Z');
    // 2026-11-01: back to EST (-5).
    expect(instantOf('2026-11-01', 600, 'America/New_York').toISOString()).toBe('2026-11-01T15:00:00.000Z');
  });

  it('round-trips with localParts', () => {
    for (const [day, minutes] of [['2026-11-26', 450], ['2028-02-29', 1439], ['2027-01-01', 0]] as const) {
      const p = localParts(instantOf(day, minutes, TZ), TZ);
      expect([p.day, p.minutes]).toEqual([day, minutes]);
    }
  });
});

describe('addDays, weekdayOf, toMinutes', () => {
  it('adds days across month, year and leap-day ends', () => {
    expect(addDays('2026-11-26', 1)).toBe('2026-11-27');
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-11-26', 0)).toBe('2026-11-26');
    expect(addDays('2026-11-26', 30)).toBe('2026-12-26');
  });

  it('names weekdays of calendar days', () => {
    expect(weekdayOf('2026-11-26')).toBe('thu');
    expect(weekdayOf('2026-11-29')).toBe('sun');
    expect(weekdayOf('2027-01-01')).toBe('fri');
    expect(weekdayOf('2028-02-29')).toBe('tue');
  });

  it('reads HH:MM', () => {
    expect(toMinutes('00:00')).toBe(0);
    expect(toMinutes('07:30')).toBe(450);
    expect(toMinutes('17:00')).toBe(1020);
    expect(toMinutes('23:59')).toBe(1439);
  });
});

describe('checkHours', () => {
  const at = (local: string) => new Date(`${local}+07:00`);
  const check = (local: string, hours: OpeningHours | null = OFFICE_HOURS) => checkHours(hours, at(local), TZ);

  it('is always open without hours', () => {
    expect(check('2026-11-29T03:00:00', null)).toEqual({ open: true });
  });

  it.each([
    ['2026-11-26T07:30:00', 'first minute of the morning'],
    ['2026-11-26T11:29:59', 'last second of the morning'],
    ['2026-11-26T13:30:00', 'first minute of the afternoon'],
    ['2026-11-26T16:59:59', 'last second of the afternoon'],
    ['2026-11-28T09:00:00', 'Saturday morning'],
  ])('open at %s (%s)', (local) => {
    expect(check(local)).toEqual({ open: true });
  });

  it.each([
    ['2026-11-26T00:00:00', 'before_hours', '2026-11-26T07:30:00+07:00'],
    ['2026-11-26T07:29:59', 'before_hours', '2026-11-26T07:30:00+07:00'],
    ['2026-11-26T11:30:00', 'break', '2026-11-26T13:30:00+07:00'],
    ['2026-11-26T12:45:00', 'break', '2026-11-26T13:30:00+07:00'],
    ['2026-11-26T17:00:00', 'after_hours', '2026-11-27T07:30:00+07:00'],
    ['2026-11-26T23:59:59', 'after_hours', '2026-11-27T07:30:00+07:00'],
    // Saturday afternoon: Sunday is closed and Monday 30 Nov is a holiday.
    ['2026-11-28T11:30:00', 'after_hours', '2026-12-01T07:30:00+07:00'],
    ['2026-11-29T09:00:00', 'day_off', '2026-12-01T07:30:00+07:00'],
    ['2026-11-30T09:00:00', 'day_off', '2026-12-01T07:30:00+07:00'],
    ['2026-11-30T06:00:00', 'day_off', '2026-12-01T07:30:00+07:00'],
    // Year end: New Year's Day is off, so the next opening is Saturday 2 January.
    ['2026-12-31T17:30:00', 'after_hours', '2027-01-02T07:30:00+07:00'],
  ] as const)('closed at %s: %s until %s', (local, reason, nextOpen) => {
    expect(check(local)).toEqual({ open: false, reason, nextOpen });
  });

  it('gives no nextOpen when nothing opens within 30 days', () => {
    const never: OpeningHours = { weekly: {}, daysOff: [] };
    expect(check('2026-11-26T09:00:00', never)).toEqual({ open: false, reason: 'day_off', nextOpen: null });
    const farAway: OpeningHours = {
      weekly: { mon: [{ from: '08:00', to: '09:00' }] },
      daysOff: Array.from({ length: 40 }, (_, i) => addDays('2026-11-27', i)),
    };
    expect(check('2026-11-26T09:00:00', farAway)).toEqual({ open: false, reason: 'day_off', nextOpen: null });
  });

  it('finds an opening exactly 30 days ahead', () => {
    const hours: OpeningHours = { weekly: { sat: [{ from: '08:00', to: '09:00' }] }, daysOff: ['2026-11-28', '2026-12-05', '2026-12-12', '2026-12-19'] };
    // Thursday 26 Nov + 30 days = Saturday 26 Dec.
    expect(check('2026-11-26T09:00:00', hours)).toEqual({ open: false, reason: 'day_off', nextOpen: '2026-12-26T08:00:00+07:00' });
  });

  it('treats a day off as closed all day even inside the weekly hours', () => {
    const hours: OpeningHours = { ...OFFICE_HOURS, daysOff: ['2026-11-26'] };
    expect(check('2026-11-26T09:00:00', hours)).toEqual({ open: false, reason: 'day_off', nextOpen: '2026-11-27T07:30:00+07:00' });
  });

  it('works in the zone it is given, not in UTC', () => {
    // 09:00 in Ha Noi is 02:00 UTC: a UTC reading would call it before hours.
    expect(checkHours(OFFICE_HOURS, new Date('2026-11-26T02:00:00Z'), TZ)).toEqual({ open: true });
    expect(checkHours(OFFICE_HOURS, new Date('2026-11-26T02:00:00Z'), 'UTC')).toEqual({
      open: false, reason: 'before_hours', nextOpen: '2026-11-26T07:30:00+00:00',
    });
  });
});
