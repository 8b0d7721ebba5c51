// Issue 13: what bookings look like to the citizen who holds one, and to staff. Read-only.
import type { CitizenBooking, PendingBooking, StaffBooking } from '../../shared/booking.js';
import { publicTicket } from '../../shared/format.js';
import type { Booking } from './booking-state.js';
import type { BookingCommands } from './bookings.js';
import type { EngineState } from './state.js';
import { isoLocal, serviceDayOf } from './time.js';

/** Today's bookings not yet checked in, earliest first (remote numbers by when they are expected). */
export function pendingBookings(s: EngineState): PendingBooking[] {
  const today = s.day.serviceDay;
  return [...s.day.bookings.values()]
    .filter((b) => b.date === today && b.state === 'booked')
    .sort((a, b) => (a.at ?? a.expectedAt ?? '').localeCompare(b.at ?? b.expectedAt ?? ''))
    .map((b) => ({ code: b.code, serviceId: b.serviceId, kind: b.kind, at: b.at ?? b.expectedAt, name: b.name }));
}

/** The supervisor's list of one day (today or later: earlier days are in the reports). */
export function staffBookings(s: EngineState, date: string): StaffBooking[] {
  return [...s.day.bookings.values()]
    .filter((b) => b.date === date)
    .sort((a, b) => (a.at ?? a.madeAt).localeCompare(b.at ?? b.madeAt))
    .map((b) => ({
      id: b.id, code: b.code, serviceId: b.serviceId, kind: b.kind, at: b.at, date: b.date, state: b.state,
      name: b.name, phone: b.phone, madeAt: b.madeAt, ticketNumber: b.ticketId ? (s.day.tickets.get(b.ticketId)?.number ?? null) : null,
    }));
}

/**
 * The booking as its holder sees it: no phone (they typed it), only their own name. People
 * ahead: once checked in, as on the ticket page; a remote number not yet checked in, those who
 * would be called before it if it were; a slot, none counted (it is called at its time).
 */
export function citizenBooking(
  s: EngineState,
  rules: BookingCommands,
  b: Booking,
  views: { ahead(t: NonNullable<ReturnType<BookingCommands['ticketOf']>>): number; estimatedWaitMin(serviceId: string, ahead: number): number },
  trackUrl: string,
): CitizenBooking {
  const t = rules.ticketOf(b);
  let ahead: number | null = null;
  let expectedAt: string | null = b.at ?? b.expectedAt;
  const now = rules.nowMs();
  if (t) {
    ahead = views.ahead(t);
    if (t.state === 'waiting') expectedAt = isoLocal(new Date(now + views.estimatedWaitMin(t.serviceId, ahead) * 60_000), s.timeZone);
  } else if (b.state === 'booked' && b.kind === 'remote' && b.date === serviceDayOf(new Date(now), s.timeZone)) {
    ahead = rules.remoteAhead(b.serviceId, Date.parse(b.madeAt));
  }
  return {
    token: b.token, code: b.code, serviceId: b.serviceId, kind: b.kind, at: b.at, state: b.state,
    ahead, expectedAt, ticket: t ? publicTicket(t) : null, name: b.name, trackUrl,
  };
}
