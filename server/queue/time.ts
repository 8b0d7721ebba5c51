// Local calendar arithmetic in the office's time zone with Intl only (no tz database to ship),
// except for the zones of shared/time-zones.ts, whose constant offset needs no ICU at all.
import { FIXED_ZONES, type FixedZone } from '../../shared/time-zones.js';
import { WEEKDAYS, type OpeningHours, type Weekday } from '../../shared/types.js';

export interface LocalParts {
  day: string; // YYYY-MM-DD
  minutes: number; // minutes since local midnight
  weekday: Weekday;
  offsetMin: number; // local − UTC
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Intl formatting costs microseconds and every event asks about the same few seconds.
let lastParts: { key: string; parts: LocalParts } | null = null;

export function localParts(at: Date, timeZone: string): LocalParts {
  const key = `${Math.floor(at.getTime() / 1000)}|${timeZone}`;
  if (lastParts?.key === key) return lastParts.parts;
  const parts = computeLocalParts(at, timeZone);
  lastParts = { key, parts };
  return parts;
}

function computeLocalParts(at: Date, timeZone: string): LocalParts {
  const fixed = FIXED_ZONES.get(timeZone);
  if (fixed && at.getTime() >= fixed.sinceMs) return fixedLocalParts(at, fixed);
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) p[part.type] = part.value;
  const y = Number(p.year), mo = Number(p.month), d = Number(p.day);
  const h = Number(p.hour), mi = Number(p.minute), s = Number(p.second);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsetMin = Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()]!;
  return { day: `${p.year}-${p.month}-${p.day}`, minutes: h * 60 + mi, weekday, offsetMin };
}

/** The same parts as Intl gives, by arithmetic: the zone's offset is known and constant. */
function fixedLocalParts(at: Date, zone: FixedZone): LocalParts {
  // Whole seconds, as the formatter shows them.
  const local = new Date(Math.floor(at.getTime() / 1000) * 1000 + zone.offsetMin * 60000);
  const h = local.getUTCHours(), mi = local.getUTCMinutes();
  return {
    day: `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    minutes: h * 60 + mi,
    weekday: WEEKDAYS[local.getUTCDay()]!,
    offsetMin: zone.offsetMin,
  };
}

export function serviceDayOf(at: Date, timeZone: string): string {
  return localParts(at, timeZone).day;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

// Every event is stamped with the time: at full speed most stamps fall in the same second.
let lastIso = { second: NaN, timeZone: '', iso: '' };

/** ISO-8601 with the office's offset, e.g. 2026-11-26T08:15:00+07:00. */
export function isoLocal(at: Date, timeZone: string): string {
  // Whole seconds: the same second in the same zone is the same text.
  const second = Math.floor(at.getTime() / 1000);
  if (lastIso.second === second && lastIso.timeZone === timeZone) return lastIso.iso;
  const iso = formatIsoLocal(at, timeZone);
  lastIso = { second, timeZone, iso };
  return iso;
}

function formatIsoLocal(at: Date, timeZone: string): string {
  const { offsetMin } = localParts(at, timeZone);
  const local = new Date(at.getTime() + offsetMin * 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The instant at which the local clock in `timeZone` shows `day` `minutes`. */
export function instantOf(day: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  // Two passes settle DST edges; offices in Viet Nam have none, but other zones may.
  let at = new Date(guess - localParts(new Date(guess), timeZone).offsetMin * 60000);
  at = new Date(guess - localParts(at, timeZone).offsetMin * 60000);
  return at;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export function weekdayOf(day: string): Weekday {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
}

export function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export type HoursCheck =
  | { open: true }
  | { open: false; reason: 'day_off' | 'before_hours' | 'break' | 'after_hours'; nextOpen: string | null };

/** Whether `hours` allow issuing at `at`, and if not, why and when they next do (within 30 days). */
export function checkHours(hours: OpeningHours | null, at: Date, timeZone: string): HoursCheck {
  if (!hours) return { open: true };
  const now = localParts(at, timeZone);
  const rangesOf = (day: string) =>
    hours.daysOff.includes(day)
      ? []
      : (hours.weekly[weekdayOf(day)] ?? [])
          .map((r) => ({ from: toMinutes(r.from), to: toMinutes(r.to) }))
          .sort((a, b) => a.from - b.from);
  const today = rangesOf(now.day);
  if (today.some((r) => now.minutes >= r.from && now.minutes < r.to)) return { open: true };

  let reason: 'day_off' | 'before_hours' | 'break' | 'after_hours';
  if (hours.daysOff.includes(now.day) || today.length === 0) reason = 'day_off';
  else if (now.minutes < today[0]!.from) reason = 'before_hours';
  else if (now.minutes >= today[today.length - 1]!.to) reason = 'after_hours';
  else reason = 'break';

  let nextOpen: string | null = null;
  const later = today.find((r) => r.from > now.minutes);
  if (later) nextOpen = isoLocal(instantOf(now.day, later.from, timeZone), timeZone);
  else {
    for (let i = 1; i <= 30 && !nextOpen; i++) {
      const day = addDays(now.day, i);
      const first = rangesOf(day)[0];
      if (first) nextOpen = isoLocal(instantOf(day, first.from, timeZone), timeZone);
    }
  }
  return { open: false, reason, nextOpen };
}
