// Journal lines read for the report fold without decoding UTF-8 or JSON.parse: the fold reads a
// dozen fields, and decoding and parsing every line whole (tokens, numbers, names, request ids:
// strings and objects made only to be dropped, then collected) was most of a cold year's report.
// Only lines in the plain form the journal itself writes are read here (JSON.stringify: no
// spaces, printable ASCII, strings without escapes, integers, null/true/false, one nested
// object), and for those the fields kept are exactly what JSON.parse gives. Any other line is
// left to the caller, who decodes and parses it as before: the fold's figures never depend on
// which road a line took (test/http/reports-fold.test.ts).

/** The fields the fold reads (report-fold.ts); a field absent from the line stays undefined. */
export interface ScannedEvent {
  type: unknown;
  rev: unknown;
  at: unknown;
  serviceDay: unknown;
  upTo: unknown;
  serviceId: unknown;
  ticket: ScannedTicket | null | undefined;
  counterId: unknown;
  userId: unknown;
  ticketId: unknown;
  toServiceId: unknown;
  fromCounterId: unknown;
  toCounterId: unknown;
  score: unknown;
  scale: unknown;
  /** Issue 13: booking:cancelled and booking:noShow. */
  bookingId: unknown;
  /** Issue 15: ticket:putBack (without it every put-back read here was refused as damaged). */
  queuedAt: unknown;
}

export interface ScannedTicket {
  id: unknown;
  serviceId: unknown;
  seq: unknown;
  /** Issue 15: the walk report splits priority tickets out. */
  priority: unknown;
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN = 123;
const CLOSE = 125;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/** A value that failed the plain form: the line goes to JSON.parse. */
const NO = -1;

function emptyEvent(): ScannedEvent {
  return {
    type: undefined, rev: undefined, at: undefined, serviceDay: undefined, upTo: undefined, serviceId: undefined,
    ticket: undefined, counterId: undefined, userId: undefined, ticketId: undefined, toServiceId: undefined,
    fromCounterId: undefined, toCounterId: undefined, score: undefined, scale: undefined, bookingId: undefined, queuedAt: undefined,
  };
}

/**
 * The lines of one piece of a journal, read from its bytes as Latin-1 (one character per byte,
 * a third of the cost of decoding UTF-8): a line in the plain form has only printable ASCII,
 * whose bytes are its characters. A line with any other byte (a staff member's Vietnamese name,
 * an escape) is left to the caller, who decodes it as UTF-8 and parses it.
 */
export class LineScanner {
  /** Where the next byte outside printable ASCII, or a backslash, is; Infinity when none. */
  private special = -1;
  private readonly re = /[^\x20-\x5b\x5d-\x7e]/g;
  private readonly s: Scanner;
  private readonly e = emptyEvent();

  constructor(private readonly text: string) {
    this.s = new Scanner(text);
  }

  /** The event of `text[start, end)` (one line, no newline), or null when it is not in the plain form. */
  scan(start: number, end: number): ScannedEvent | null {
    if (this.special < start) {
      this.re.lastIndex = start;
      const m = this.re.exec(this.text);
      this.special = m ? m.index : Infinity;
    }
    if (this.special < end) return null;
    const e = this.e;
    e.type = e.rev = e.at = e.serviceDay = e.upTo = e.serviceId = e.ticket = undefined;
    e.counterId = e.userId = e.ticketId = e.toServiceId = e.fromCounterId = e.toCounterId = e.score = e.scale = e.bookingId = e.queuedAt = undefined;
    return this.s.object(start, end, e, false) === end ? e : null;
  }
}

class Scanner {
  /** The value of the last `value()` read. */
  v: unknown = undefined;
  constructor(private readonly t: string) {}

  /** An object from `i` (at its `{`) into `into`; the index after its `}`, or NO. */
  object(i: number, end: number, into: ScannedEvent | ScannedTicket, nested: boolean): number {
    const t = this.t;
    if (t.charCodeAt(i) !== OPEN) return NO;
    i++;
    if (t.charCodeAt(i) === CLOSE) return i + 1;
    for (;;) {
      if (t.charCodeAt(i) !== QUOTE) return NO;
      const k = i + 1;
      const q = t.indexOf('"', k);
      if (q < 0 || q >= end || t.charCodeAt(q + 1) !== COLON) return NO;
      i = q + 2;
      const field = nested ? ticketField(t, k, q) : eventField(t, k, q);
      if (field === 'type' && t.charCodeAt(i) === QUOTE) {
        // The type is one of a few names: the name itself, not a new string for every line.
        const q2 = t.indexOf('"', i + 1);
        if (q2 < 0 || q2 >= end) return NO;
        (into as ScannedEvent).type = knownType(t, i + 1, q2) ?? t.slice(i + 1, q2);
        i = q2 + 1;
      } else if (field === 'ticket') {
        if (t.charCodeAt(i) !== OPEN) return NO;
        const ticket: ScannedTicket = { id: undefined, serviceId: undefined, seq: undefined, priority: undefined };
        i = this.object(i, end, ticket, true);
        if (i === NO) return NO;
        (into as ScannedEvent).ticket = ticket;
      } else {
        i = this.value(i, end, field !== null);
        if (i === NO) return NO;
        if (field !== null) (into as unknown as Record<string, unknown>)[field] = this.v;
      }
      const c = t.charCodeAt(i);
      if (c === COMMA) i++;
      else if (c === CLOSE) return i + 1;
      else return NO;
    }
  }

  /** A string, a plain integer, null, true or false from `i`; sets `v` when `keep`, returns the index after it. */
  private value(i: number, end: number, keep: boolean): number {
    const t = this.t;
    const c = t.charCodeAt(i);
    if (c === QUOTE) {
      const q = t.indexOf('"', i + 1);
      if (q < 0 || q >= end) return NO;
      if (keep) this.v = t.slice(i + 1, q);
      return q + 1;
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) {
      let j = c === MINUS ? i + 1 : i;
      const first = j;
      let n = 0;
      for (; j < end; j++) {
        const d = t.charCodeAt(j);
        if (d < ZERO || d > NINE) break;
        n = n * 10 + (d - ZERO);
      }
      const digits = j - first;
      // 0 alone or no leading zero (JSON's grammar), few enough digits to be exact; a fraction
      // or an exponent goes to JSON.parse.
      if (digits === 0 || digits > 15 || (digits > 1 && t.charCodeAt(first) === ZERO)) return NO;
      const d = t.charCodeAt(j);
      if (d === 46 || d === 101 || d === 69) return NO;
      this.v = c === MINUS ? -n : n;
      return j;
    }
    if (t.startsWith('null', i)) return (this.v = null), i + 4;
    if (t.startsWith('true', i)) return (this.v = true), i + 4;
    if (t.startsWith('false', i)) return (this.v = false), i + 5;
    return NO;
  }
}

/** The journal's event types, by length. */
const TYPES = new Map<number, string[]>();
for (const name of [
  'day:opened', 'config:changed', 'numbers:reserved', 'ticket:issued', 'ticket:called', 'ticket:started', 'ticket:completed',
  'ticket:noShow', 'ticket:transferred', 'ticket:cancelled', 'ticket:expired', 'ticket:rated', 'ticket:putBack',
  'counter:opened', 'counter:closed', 'counter:paused', 'counter:resumed', 'booking:made', 'booking:carried',
  'booking:cancelled', 'booking:noShow', 'alarm:raised', 'alarm:answered', 'alarm:ended',
]) {
  const same = TYPES.get(name.length) ?? [];
  same.push(name);
  TYPES.set(name.length, same);
}

/** The known type spelled by `t[k, q)`, or undefined. */
function knownType(t: string, k: number, q: number): string | undefined {
  const same = TYPES.get(q - k);
  if (same) for (const name of same) if (t.startsWith(name, k)) return name;
  return undefined;
}

/** The event field named by `t[k, q)`, or null for one the fold does not read. */
function eventField(t: string, k: number, q: number): keyof ScannedEvent | null {
  let name: keyof ScannedEvent;
  switch (q - k) {
    case 2: name = 'at'; break;
    case 3: name = 'rev'; break;
    case 4: name = t.charCodeAt(k) === 117 ? 'upTo' : 'type'; break;
    case 5: name = t.charCodeAt(k + 2) === 111 ? 'score' : 'scale'; break;
    case 6: name = t.charCodeAt(k) === 116 ? 'ticket' : 'userId'; break;
    case 8: name = t.charCodeAt(k) === 113 ? 'queuedAt' : 'ticketId'; break;
    case 9: name = t.charCodeAt(k) === 115 ? 'serviceId' : t.charCodeAt(k) === 98 ? 'bookingId' : 'counterId'; break;
    case 10: name = 'serviceDay'; break;
    case 11: name = t.charCodeAt(k + 2) === 83 ? 'toServiceId' : 'toCounterId'; break;
    case 13: name = 'fromCounterId'; break;
    default: return null;
  }
  return name.length === q - k && t.startsWith(name, k) ? name : null;
}

function ticketField(t: string, k: number, q: number): keyof ScannedTicket | null {
  const name: keyof ScannedTicket | null = q - k === 2 ? 'id' : q - k === 3 ? 'seq' : q - k === 9 ? 'serviceId' : q - k === 8 ? 'priority' : null;
  return name !== null && t.startsWith(name, k) ? name : null;
}
