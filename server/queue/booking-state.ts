// Issue 13, numbers from home: the bookings held in the day state and the reducer's part for
// the `booking:*` events. Bookings for later days are repeated into each new day's journal
// (`booking:carried`, commands in bookings.ts), so replaying one day alone rebuilds them.
import type { BookingKind, BookingState } from '../../shared/booking.js';
import type { DayState } from './state.js';

/** What a booking event carries: everything a replay of its day needs. */
export interface BookingRecord {
  id: string;
  /** The citizen's secret: reads and cancels the booking. Never shown to anyone else. */
  token: string;
  /** Six digits typed (or scanned) at the kiosk; says nothing about who booked. */
  code: string;
  serviceId: string;
  kind: BookingKind;
  /** The service day the booking is for. */
  date: string;
  /** The slot's start (ISO local), for a slot; null for a remote number. */
  at: string | null;
  phone: string;
  name: string;
  /** Remote numbers: when the citizen is expected, fixed when booked (the check-in window ends after it). */
  expectedAt: string | null;
}

export interface Booking extends BookingRecord {
  madeAt: string;
  atMs: number | null;
  state: BookingState;
  ticketId: string | null;
}

export type BookingEvent =
  /**
   * `proof`: the id of the proof of work's challenge it spent (bookings.ts `make`), so that no
   * process books with it again; absent with a PIN, and in journals written before it existed.
   */
  | { type: 'booking:made'; booking: BookingRecord; proof?: string }
  /** A booking made on an earlier day, repeated into this day's journal at rollover. */
  | { type: 'booking:carried'; booking: BookingRecord & { madeAt: string } }
  | { type: 'booking:cancelled'; bookingId: string }
  /** Not checked in within its window (or by the end of its day). */
  | { type: 'booking:noShow'; bookingId: string };

/** The ticket:issued part that checks a booking in (events.ts). */
export interface BookingCheckIn {
  id: string;
  kind: BookingKind;
  slotAt: string | null;
}

const codeKey = (code: string) => `c${code}`;
const tokenKey = (token: string) => `t${token}`;
/** The day's spent challenges share the keys' map: no field of their own in the day state (nor its checkpoint's shape). */
const proofKey = (id: string) => `p${id}`;

/** Whether a booking of this service day already spent the challenge `id`. */
export function proofSpent(d: DayState, id: string): boolean {
  return d.bookingKeys.has(proofKey(id));
}

export function bookingByCode(d: DayState, code: string): Booking | undefined {
  const id = d.bookingKeys.get(codeKey(code));
  return id === undefined ? undefined : d.bookings.get(id);
}

export function bookingByToken(d: DayState, token: string): Booking | undefined {
  const id = d.bookingKeys.get(tokenKey(token));
  return id === undefined ? undefined : d.bookings.get(id);
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Throws, changing nothing, when a booking event cannot belong to this state. */
export function checkBookingEvent(d: DayState, e: BookingEvent): void {
  switch (e.type) {
    case 'booking:made':
    case 'booking:carried': {
      const b = e.booking as Partial<BookingRecord> | undefined;
      if (!b || !isString(b.id) || !isString(b.token) || !isString(b.code) || !isString(b.serviceId) || !isString(b.date)) {
        throw new Error(`journal ${e.type} is malformed`);
      }
      if (d.bookings.has(b.id)) throw new Error(`journal books ${b.id} twice`);
      if (d.bookingKeys.has(codeKey(b.code)) || d.bookingKeys.has(tokenKey(b.token))) throw new Error(`journal reuses a booking code or token (${b.id})`);
      if (e.type === 'booking:made' && e.proof !== undefined) {
        if (!isString(e.proof)) throw new Error('journal booking:made has a malformed proof');
        if (proofSpent(d, e.proof)) throw new Error(`journal spends a proof twice (${b.id})`);
      }
      return;
    }
    case 'booking:cancelled':
    case 'booking:noShow': {
      const b = d.bookings.get(e.bookingId);
      if (!b) throw new Error(`journal names unknown booking ${e.bookingId}`);
      if (b.state !== 'booked') throw new Error(`journal ends booking ${e.bookingId} that is ${b.state}`);
      return;
    }
  }
}

export function applyBookingEvent(d: DayState, e: BookingEvent, at: string): void {
  switch (e.type) {
    case 'booking:made':
    case 'booking:carried': {
      const r = e.booking;
      const b: Booking = {
        id: r.id, token: r.token, code: r.code, serviceId: r.serviceId, kind: r.kind, date: r.date, at: r.at,
        phone: r.phone, name: r.name, expectedAt: r.expectedAt,
        madeAt: e.type === 'booking:carried' ? e.booking.madeAt : at,
        atMs: r.at === null ? null : Date.parse(r.at),
        state: 'booked',
        ticketId: null,
      };
      d.bookings.set(b.id, b);
      d.bookingKeys.set(codeKey(b.code), b.id).set(tokenKey(b.token), b.id);
      if (e.type === 'booking:made' && e.proof !== undefined) d.bookingKeys.set(proofKey(e.proof), b.id);
      return;
    }
    case 'booking:cancelled':
      d.bookings.get(e.bookingId)!.state = 'cancelled';
      return;
    case 'booking:noShow':
      d.bookings.get(e.bookingId)!.state = 'noShow';
      return;
  }
}

/**
 * The check-in is the ticket's own `ticket:issued` (one line: a booking is never checked in
 * without its ticket, nor twice): a second one for the same booking is refused like a
 * ticket issued twice.
 */
export function checkCheckIn(d: DayState, c: BookingCheckIn | undefined): void {
  if (c === undefined) return;
  const b = isString(c?.id) ? d.bookings.get(c.id) : undefined;
  if (!b) throw new Error('journal checks in an unknown booking');
  if (b.state !== 'booked') throw new Error(`journal checks in booking ${b.id} that is ${b.state}`);
}

export function applyCheckIn(d: DayState, c: BookingCheckIn | undefined, ticketId: string): void {
  if (c === undefined) return;
  const b = d.bookings.get(c.id)!;
  b.state = 'checkedIn';
  b.ticketId = ticketId;
}
