// The zones of shared/time-zones.ts are computed without ICU (its first time-zone format costs
// ~8 MB and a share of every start): the figures must be exactly Intl's, and no formatter may be
// made for them.
import { describe, expect, it } from 'vitest';
import { isoLocal, localParts, serviceDayOf, type LocalParts } from '../../server/queue/time.js';
import { FIXED_ZONES, isTimeZone } from '../../shared/time-zones.js';
import { WEEKDAYS } from '../../shared/types.js';

/** The local parts as Intl gives them (what server/queue/time.ts computes for any other zone). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function viaIntl(at: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  const y = Number(p.year), mo = Number(p.month), d = Number(p.day), h = Number(p.hour), mi = Number(p.minute), s = Number(p.second);
  const offsetMin = Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(at.getTime() / 1000) * 1000) / 60000);
  return { day: `${p.year}-${p.month}-${p.day}`, minutes: h * 60 + mi, weekday: WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()]!, offsetMin };
}

/** Counts the Intl.DateTimeFormat objects made while `run` runs. */
function formattersMade(run: () => void): number {
  const real = Intl.DateTimeFormat;
  let made = 0;
  Intl.DateTimeFormat = new Proxy(real, {
    construct(target, args, newTarget) {
      made++;
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply(target, self, args) {
      made++;
      return Reflect.apply(target, self, args) as unknown;
    },
  });
  try {
    run();
  } finally {
    Intl.DateTimeFormat = real;
  }
  return made;
}

describe('time zones with a fixed offset (Viet Nam)', () => {
  it('are checked and read without making any Intl formatter', () => {
    const made = formattersMade(() => {
      for (const tz of FIXED_ZONES.keys()) {
        expect(isTimeZone(tz)).toBe(true);
        for (let i = 0; i < 200; i++) {
          const at = new Date(Date.UTC(2026, 10, 30) + i * 4_321_987);
          localParts(at, tz);
          isoLocal(at, tz);
          serviceDayOf(at, tz);
        }
      }
    });
    expect(made).toBe(0);
    // Any other name still asks Intl.
    expect(formattersMade(() => expect(isTimeZone('Europe/Paris')).toBe(true))).toBe(1);
  });

  it('give exactly what Intl gives, from 1976 to 2100, and Intl itself before (UTC+8 until June 1975)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const instants: number[] = [];
    const from = Date.UTC(1976, 0, 1);
    const to = Date.UTC(2100, 11, 31);
    for (let i = 0; i < 3000; i++) instants.push(Math.floor(from + rnd() * (to - from)));
    // Around local midnight (17:00 UTC), month and year ends, leap days, whole and part seconds.
    for (const day of ['1976-01-01', '1999-12-31', '2000-02-28', '2000-02-29', '2024-02-29', '2026-11-30', '2026-12-31', '2100-02-28']) {
      const midnight = Date.parse(`${day}T17:00:00Z`);
      for (const d of [-60_000, -1001, -1000, -1, 0, 1, 999, 1000, 60_000]) instants.push(midnight + d);
    }
    // Before the offset held: Intl's history (+08:00), not the fixed +07:00.
    instants.push(Date.UTC(1975, 5, 12, 15), Date.UTC(1970, 0, 1), Date.UTC(1975, 11, 31, 23, 59, 59));
    for (const tz of FIXED_ZONES.keys()) {
      for (const ms of instants) {
        const at = new Date(ms);
        expect([at.toISOString(), localParts(at, tz)]).toEqual([at.toISOString(), viaIntl(at, tz)]);
      }
    }
    expect(localParts(new Date(Date.UTC(1975, 5, 12, 15)), 'Asia/Ho_Chi_Minh').offsetMin).toBe(480);
    expect(isoLocal(new Date('2026-11-30T17:00:00.500Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-01T00:00:00+07:00');
  });

  it('accept only real names', () => {
    expect(isTimeZone('Asia/Bangkok')).toBe(true);
    for (const bad of ['Mars/Olympus', 'constructor', 'toString', 'Asia/Ho_Chi_Minh ', '']) expect(isTimeZone(bad)).toBe(false);
  });
});
