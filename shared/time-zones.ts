// Time zones whose offset from UTC has not changed since a known instant (no daylight saving):
// there, local time is arithmetic and needs no ICU. The first `Intl.DateTimeFormat` with a time
// zone loads ICU's locale and zone data, ~8 MB of the server's memory and a good share of its
// start-up (issue 10), for the offices of Viet Nam, which have kept UTC+7 since 13 June 1975.
// Any other zone, or an instant before `sinceMs`, goes through Intl as before.

export interface FixedZone {
  /** Local time − UTC, in minutes. */
  offsetMin: number;
  /** From this instant on the offset holds (tz database: Asia/Ho_Chi_Minh +07 since 1975-06-13). */
  sinceMs: number;
}

const VIET_NAM: FixedZone = { offsetMin: 420, sinceMs: Date.UTC(1976, 0, 1) };

/** A Map, not an object: a zone named like an Object.prototype key must not match. */
export const FIXED_ZONES: ReadonlyMap<string, FixedZone> = new Map([
  ['Asia/Ho_Chi_Minh', VIET_NAM],
  ['Asia/Saigon', VIET_NAM],
]);

/** Whether `tz` names a time zone this runtime knows (an IANA name); the fixed ones without ICU. */
export function isTimeZone(tz: string): boolean {
  if (FIXED_ZONES.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
