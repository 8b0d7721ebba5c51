// A past day's report groups, folded straight from its journal: the engine's replay keeps every
// ticket whole (tokens, timelines, queues) and checks every rule, ~10× the work a report needs.
// This fold keeps only what `groupsOf` reads, yet must give exactly its figures: it refuses the
// same lines the engine's `apply` refuses (those count as skipped) and assumes a missing
// `day:opened` as `replayLines` does. test/http/reports-fold.test.ts holds the two side by side.
import { closeSync, openSync, readSync } from 'node:fs';
import { LineScanner } from './report-scan.js';
import type { Group } from './reports.js';

/** What a report group reads of a ticket: the engine's tickets and the fold's alike. */
export type GroupedTicket = Pick<FoldTicket, 'serviceId' | 'counterId' | 'staffUserId' | 'state' | 'issuedMs' | 'firstCalledMs' | 'startedMs' | 'finishedMs' | 'rating' | 'ratingScale' | 'kind' | 'walkSec'>;

/** Issue 15: how the walk report splits tickets (Group.walks' index): walk-in, priority, booked. */
export const WALK_IN = 0;
export const WALK_PRIORITY = 1;
export const WALK_BOOKED = 2;

interface FoldTicket {
  serviceId: string;
  counterId: string | null;
  staffUserId: string | null;
  state: string;
  issuedMs: number;
  firstCalledMs: number | null;
  calledAt: string | null;
  startedMs: number | null;
  finishedMs: number | null;
  rating: number | null;
  ratingScale: number | null;
  /** WALK_IN, WALK_PRIORITY or WALK_BOOKED. */
  kind: number;
  /** The first call of the ticket's current turn (null while it waits), and the walk of its last start, in seconds. */
  turnCalledMs: number | null;
  walkSec: number | null;
}

const optionalId = (v: unknown): boolean => v === null || typeof v === 'string';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Two decimal digits of `s` at `i`, or NaN: every range check below is then false. A function of
 * the module, not a closure made per call: tsx (npm run dev, the tests, the benches) names each
 * closure as it is made (esbuild's keepNames), which was a sixth of a cold year's fold.
 */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * `Date.parse` for the journal's own `at` form (`2026-03-02T07:30:14+07:00`), in half its time
 * (it is a fifth of the fold). Anything else, or any field out of the plain ranges, goes to
 * `Date.parse` itself, so the result is always Date.parse's.
 */
export function parseAt(s: string): number {
  if (s.length === 25 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(22) === 58) {
    const c = s.charCodeAt(19);
    const sign = c === 43 ? 1 : c === 45 ? -1 : 0;
    const ok = sign !== 0;
    const y = two(s, 0) * 100 + two(s, 2);
    const mo = two(s, 5);
    const d = two(s, 8);
    const h = two(s, 11);
    const mi = two(s, 14);
    const se = two(s, 17);
    const oh = two(s, 20);
    const om = two(s, 23);
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (ok && y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && (d <= DAYS_IN_MONTH[mo - 1]! || (mo === 2 && d === 29 && leap)) && h <= 23 && mi <= 59 && se <= 59 && oh <= 23 && om <= 59) {
      return Date.UTC(y, mo - 1, d, h, mi, se) - sign * (oh * 60 + om) * 60_000;
    }
  }
  return Date.parse(s);
}

class Refused extends Error {}

/** Folds one day's events in journal order; `refused` counts the lines the engine would refuse. */
export class DayFold {
  private tickets = new Map<unknown, FoldTicket>();
  /** Only the user id of each counter matters here (a call without one is the holder's). */
  private counterUser = new Map<unknown, unknown>();
  /** Staff alarms open (issue 15): only to refuse what the engine refuses. */
  private alarms = new Set<unknown>();
  /** Issue 13: bookings held (by id: still booked?) and their codes and tokens, to refuse what the engine refuses. */
  private bookings = new Map<unknown, boolean>();
  private bookingKeys = new Set<unknown>();
  private serviceDay = '';
  refused = 0;

  constructor(private readonly day: string) {}

  add(e: Record<string, unknown>): void {
    if (this.serviceDay !== this.day && e.type !== 'day:opened') {
      const at = typeof e.at === 'string' ? e.at : null;
      // replayLines assumes the day opened just before; an `at` that is no date would make the
      // engine throw out of the whole replay, here it only leaves the line to be refused below.
      if (Number.isSafeInteger(e.rev) && at && !Number.isNaN(Date.parse(at))) this.open(this.day);
    }
    try {
      this.apply(e);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      this.refused++;
    }
  }

  private open(day: string): void {
    this.serviceDay = day;
    this.tickets = new Map();
    this.counterUser = new Map();
    this.alarms = new Set();
    this.bookings = new Map();
    this.bookingKeys = new Set();
  }

  private must(id: unknown): FoldTicket {
    const t = this.tickets.get(id);
    if (!t) throw new Refused();
    return t;
  }

  private apply(e: Record<string, unknown>): void {
    const at = e.at;
    if (!Number.isSafeInteger(e.rev) || typeof at !== 'string') throw new Refused();
    const ms = parseAt(at);
    if (Number.isNaN(ms)) throw new Refused();
    switch (e.type) {
      case 'day:opened':
        if (typeof e.serviceDay !== 'string') throw new Refused();
        this.open(e.serviceDay);
        return;
      case 'config:changed':
        return;
      case 'numbers:reserved':
        if (!Number.isSafeInteger(e.upTo) || (e.upTo as number) < 0) throw new Refused();
        if (e.serviceId !== null && typeof e.serviceId !== 'string') throw new Refused();
        return;
      case 'ticket:issued': {
        const t = e.ticket as Record<string, unknown> | null | undefined;
        if (typeof t?.id !== 'string' || typeof t.serviceId !== 'string' || !Number.isSafeInteger(t.seq)) throw new Refused();
        if (this.tickets.has(t.id)) throw new Refused();
        // Issue 13: a check-in (booking-state.ts checkCheckIn): of a booking still booked, once.
        if (e.booking !== undefined) {
          const b = e.booking as { id?: unknown } | null;
          if (this.bookings.get(b?.id) !== true) throw new Refused();
          this.bookings.set(b!.id, false);
        }
        this.tickets.set(t.id, {
          serviceId: t.serviceId, counterId: null, staffUserId: null, state: 'waiting', issuedMs: ms,
          firstCalledMs: null, calledAt: null, startedMs: null, finishedMs: null, rating: null, ratingScale: null,
          kind: e.booking !== undefined ? WALK_BOOKED : t.priority != null ? WALK_PRIORITY : WALK_IN, turnCalledMs: null, walkSec: null,
        });
        return;
      }
      case 'counter:opened':
      case 'counter:closed':
      case 'counter:paused':
      case 'counter:resumed':
        if (typeof e.counterId !== 'string') throw new Refused();
        if (e.type === 'counter:opened') this.counterUser.set(e.counterId, e.userId);
        else if (e.type === 'counter:closed') this.counterUser.set(e.counterId, null);
        return;
      case 'ticket:called':
      case 'ticket:started':
      case 'ticket:completed':
      case 'ticket:noShow': {
        const t = this.must(e.ticketId);
        if (typeof e.counterId !== 'string') throw new Refused();
        if (e.type === 'ticket:called') {
          t.state = 'called';
          // A recall keeps the turn's first call: the citizen has been walking since then.
          if (t.calledAt === null) t.turnCalledMs = ms;
          t.calledAt = at;
          t.firstCalledMs ??= ms;
          t.counterId = e.counterId;
          // Stored as the journal says it, as the engine does.
          t.staffUserId = (e.userId ?? this.counterUser.get(e.counterId) ?? null) as string | null;
        } else if (e.type === 'ticket:started') {
          t.state = 'serving';
          t.startedMs = ms;
          if (t.turnCalledMs !== null) t.walkSec = Math.round((ms - t.turnCalledMs) / 1000);
        } else if (e.type === 'ticket:completed') {
          t.startedMs ??= parseAt(t.calledAt ?? at);
          t.state = 'done';
          t.finishedMs = ms;
        } else {
          t.state = 'no_show';
          t.finishedMs = ms;
        }
        return;
      }
      case 'ticket:transferred': {
        const t = this.must(e.ticketId);
        if (typeof e.toServiceId !== 'string') throw new Refused();
        if (!optionalId(e.fromCounterId) || !optionalId(e.toCounterId)) throw new Refused();
        t.state = 'waiting';
        t.serviceId = e.toServiceId;
        t.counterId = null;
        t.calledAt = null;
        t.startedMs = null;
        t.turnCalledMs = t.walkSec = null;
        return;
      }
      case 'ticket:cancelled':
      case 'ticket:expired': {
        const t = this.must(e.ticketId);
        if (!optionalId(e.counterId)) throw new Refused();
        t.state = e.type === 'ticket:cancelled' ? 'cancelled' : 'expired';
        t.finishedMs = ms;
        return;
      }
      case 'ticket:rated': {
        const t = this.must(e.ticketId);
        t.rating = e.score as number;
        t.ratingScale = e.scale as number;
        return;
      }
      case 'ticket:putBack': {
        const t = this.must(e.ticketId);
        if (t.state !== 'no_show' || typeof e.queuedAt !== 'string' || Number.isNaN(Date.parse(e.queuedAt))) throw new Refused();
        t.state = 'waiting';
        t.counterId = null;
        t.calledAt = null;
        t.startedMs = null;
        t.finishedMs = null;
        t.turnCalledMs = t.walkSec = null;
        return;
      }
      case 'booking:made':
      case 'booking:carried': {
        const b = e.booking as Record<string, unknown> | null | undefined;
        const str = (v: unknown) => typeof v === 'string';
        if (!b || !str(b.id) || !str(b.token) || !str(b.code) || !str(b.serviceId) || !str(b.date)) throw new Refused();
        if (this.bookings.has(b.id) || this.bookingKeys.has(`c${b.code as string}`) || this.bookingKeys.has(`t${b.token as string}`)) throw new Refused();
        this.bookings.set(b.id, true);
        this.bookingKeys.add(`c${b.code as string}`).add(`t${b.token as string}`);
        return;
      }
      case 'booking:cancelled':
      case 'booking:noShow':
        if (this.bookings.get(e.bookingId) !== true) throw new Refused();
        this.bookings.set(e.bookingId, false);
        return;
      case 'alarm:raised':
        if (typeof e.alarmId !== 'string' || typeof e.counterId !== 'string' || this.alarms.has(e.alarmId)) throw new Refused();
        this.alarms.add(e.alarmId);
        return;
      case 'alarm:answered':
      case 'alarm:ended':
        if (!this.alarms.has(e.alarmId)) throw new Refused();
        if (e.type === 'alarm:ended') this.alarms.delete(e.alarmId);
        return;
      default:
        throw new Refused();
    }
  }

  /** The same groups, in the same order, as `groupsOf` over the engine's tickets. */
  groups(): Group[] {
    return groupsOf(this.tickets.values());
  }
}

/** A group as kept in memory: its seconds packed in typed arrays (half the bytes, no per-value slots). */
export interface PackedGroup extends Omit<Group, 'waits' | 'servedWaits' | 'serves' | 'walks'> {
  waits: Iterable<number>;
  servedWaits: Iterable<number>;
  serves: Iterable<number>;
  walks: Iterable<number>[];
}

const packed = (v: number[]): Int32Array | Float64Array =>
  v.every((x) => x === (x | 0)) ? Int32Array.from(v) : Float64Array.from(v);

export function pack(g: Group): PackedGroup {
  return { ...g, waits: packed(g.waits), servedWaits: packed(g.servedWaits), serves: packed(g.serves), walks: g.walks.map(packed) };
}

const NL = 0x0a;
/** Lines between two calls of `pace` (~1 ms of folding). */
const PACE_EVERY = 250;

/**
 * A day's journal folded from its text, as `parseDay` reads the file: blank lines ignored, a torn
 * or zero-filled tail ignored, unreadable lines counted. Text comes in pieces that end at a
 * newline; `skipped`: unreadable lines plus refused ones (the caller adds what earlier starts set
 * aside).
 */
class DayText {
  private readonly fold: DayFold;
  private unreadable = 0;
  private n = 0;

  constructor(day: string, private readonly pace?: () => void) {
    this.fold = new DayFold(day);
  }

  /** Complete lines only: `buf[from, to)` ends with a newline (or is empty). */
  lines(buf: Buffer, from: number, to: number): void {
    // Latin-1: one character per byte, so an index in the text is an offset in `buf`.
    const text = buf.toString('latin1', from, to);
    const scanner = new LineScanner(text);
    for (let start = 0; start < text.length; this.n++) {
      if (this.pace && this.n % PACE_EVERY === 0) this.pace();
      const nl = text.indexOf('\n', start);
      // The fold keeps values of the scanned event, never the object (reused for every line).
      const scanned = scanner.scan(start, nl);
      if (scanned) {
        start = nl + 1;
        if (typeof scanned.type === 'string') this.fold.add(scanned as unknown as Record<string, unknown>);
        else this.unreadable++;
        continue;
      }
      const line = buf.toString('utf8', from + start, from + nl);
      start = nl + 1;
      let event: unknown = null;
      try {
        event = JSON.parse(line);
      } catch {
        if (line.trim() === '') continue;
      }
      if (event !== null && typeof event === 'object' && typeof (event as { type?: unknown }).type === 'string') {
        this.fold.add(event as Record<string, unknown>);
      } else {
        this.unreadable++;
      }
    }
  }

  result(): { groups: Group[]; skipped: number } {
    return { groups: this.fold.groups(), skipped: this.unreadable + this.fold.refused };
  }
}

// Where parseDay cuts a torn tail (after the last newline before the trailing zeros) is simply
// after the file's last newline: zeros are no newlines. So complete lines are exactly the
// lines that end with a newline, and a streamed read can fold each as it comes.

/** The day folded from its file's bytes held whole (tests; a few MB). */
export function foldDayFile(buf: Buffer, day: string, pace?: () => void): { groups: Group[]; skipped: number } {
  const t = new DayText(day, pace);
  // A line decoded alone is the same text as in the whole file decoded: a newline is never part
  // of a multi-byte sequence, and invalid bytes become U+FFFD either way.
  t.lines(buf, 0, buf.lastIndexOf(NL) + 1);
  return t.result();
}

/**
 * The day folded while its file is read, `chunk` bytes at a time: a day's journal is never held
 * whole (the worker's heap stays a few hundred kB of text). Synchronous reads on purpose: the
 * worker has nothing else to do, and async ones would queue on the libuv pool the journal's
 * fdatasync waits on.
 */
export function foldDayPath(path: string, day: string, pace?: () => void, chunk = 256 * 1024): { groups: Group[]; skipped: number } {
  const t = new DayText(day, pace);
  const fd = openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunk);
    let have = 0;
    for (;;) {
      if (have === buf.length) {
        // One line longer than the buffer (garbage without newlines): grow, keep reading.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const got = readSync(fd, buf, have, buf.length - have, null);
      if (got === 0) break;
      have += got;
      const cut = buf.lastIndexOf(NL, have - 1) + 1;
      if (cut === 0) continue;
      t.lines(buf, 0, cut);
      buf.copy(buf, 0, cut, have);
      have -= cut;
    }
  } finally {
    closeSync(fd);
  }
  return t.result();
}

/** How many lines earlier starts set aside from a day (`<day>.damaged.jsonl`), as `readDamaged` counts. */
export function countSetAside(buf: Buffer): number {
  let n = 0;
  for (const l of buf.toString('utf8').split('\n')) if (l.trim()) n++;
  return n;
}

/** Tickets → report groups (service × counter × staff member), in first-seen order. */
export function groupsOf(tickets: Iterable<GroupedTicket>): Group[] {
  // Service → counter → staff member: three lookups of strings already hashed, where one key
  // "service|counter|user" per ticket was a new string to join and hash (a million in a year).
  const map = new Map<string, Map<string, Map<string, Group>>>();
  const out: Group[] = [];
  for (const t of tickets) {
    let byCounter = map.get(t.serviceId);
    if (!byCounter) map.set(t.serviceId, (byCounter = new Map()));
    const c = t.counterId ?? '';
    let byUser = byCounter.get(c);
    if (!byUser) byCounter.set(c, (byUser = new Map()));
    const u = t.staffUserId ?? '';
    let g = byUser.get(u);
    if (!g) {
      g = { s: t.serviceId, c: t.counterId, u: t.staffUserId, issued: 0, served: 0, noShows: 0, cancelled: 0, expired: 0, waits: [], servedWaits: [], serves: [], ratings: {}, walks: [[], [], []] };
      byUser.set(u, g);
      out.push(g);
    }
    g.issued++;
    if (t.state === 'done') g.served++;
    else if (t.state === 'no_show') g.noShows++;
    else if (t.state === 'cancelled') g.cancelled++;
    else if (t.state === 'expired') g.expired++;
    if (t.firstCalledMs !== null) (t.state === 'done' ? g.servedWaits : g.waits).push(Math.round((t.firstCalledMs - t.issuedMs) / 1000));
    if (t.state === 'done' && t.startedMs !== null && t.finishedMs !== null) g.serves.push(Math.round((t.finishedMs - t.startedMs) / 1000));
    if (t.walkSec !== null) g.walks[t.kind]!.push(t.walkSec);
    if (t.rating !== null) {
      const k = `${t.ratingScale ?? 0}:${t.rating}`;
      g.ratings[k] = (g.ratings[k] ?? 0) + 1;
    }
  }
  return out;
}
