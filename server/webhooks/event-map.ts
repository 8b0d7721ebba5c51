// Which journal events become which webhook events, and what each one carries: one table, so
// a new journal event type becomes a webhook event by one line here (and its name in
// shared/webhooks.ts). Journal events missing from the table (day:opened, config:changed,
// numbers:reserved, ticket:expired…) are never sent.
import type { WebhookEventType } from '../../shared/webhooks.js';
import type { BookingRecord } from '../queue/booking-state.js';
import type { EventBody, JournalEvent } from '../queue/events.js';

/** The facts of a ticket that never change, looked up when the event names only its id. */
export interface TicketFacts {
  id: string;
  number: string;
  serviceId: string;
  priority: string | null;
}

export interface CounterFacts {
  id: string;
  number: number;
  label: { vi: string; en: string };
}

export interface Lookup {
  ticket(id: string): TicketFacts | null;
  counter(id: string | null): CounterFacts | null;
}

type Of<T extends EventBody['type']> = Extract<EventBody, { type: T }>;
type Rule<T extends EventBody['type']> = (e: Of<T>, l: Lookup) => { type: WebhookEventType; data: Record<string, unknown> };
type Table = { [T in EventBody['type']]?: Rule<T> };

const bookingFacts = (b: BookingRecord) => ({ id: b.id, serviceId: b.serviceId, kind: b.kind, date: b.date, at: b.at, expectedAt: b.expectedAt });

/** The ticket as known (its number, service, priority), or its id alone (a day no longer in memory). */
const ticket = (l: Lookup, id: string): TicketFacts | { id: string } => l.ticket(id) ?? { id };

export const WEBHOOK_MAP: Table = {
  'ticket:issued': (e) => ({
    type: 'ticket.issued',
    data: {
      ticket: { id: e.ticket.id, number: e.ticket.number, serviceId: e.ticket.serviceId, priority: e.ticket.priority },
      // A booking checked in (issue 13): its id, kind and slot, as booking.made named it.
      ...(e.booking ? { booking: { id: e.booking.id, kind: e.booking.kind, slotAt: e.booking.slotAt } } : {}),
    },
  }),
  'ticket:called': (e, l) => ({
    type: e.recall ? 'ticket.recalled' : 'ticket.called',
    data: { ticket: ticket(l, e.ticketId), counter: l.counter(e.counterId) },
  }),
  'ticket:started': (e, l) => ({ type: 'ticket.started', data: { ticket: ticket(l, e.ticketId), counter: l.counter(e.counterId) } }),
  'ticket:completed': (e, l) => ({
    type: 'ticket.completed',
    data: { ticket: ticket(l, e.ticketId), counter: l.counter(e.counterId), fileCode: e.fileCode },
  }),
  'ticket:noShow': (e, l) => ({ type: 'ticket.no_show', data: { ticket: ticket(l, e.ticketId), counter: l.counter(e.counterId) } }),
  'ticket:transferred': (e, l) => ({
    type: 'ticket.transferred',
    data: {
      ticket: ticket(l, e.ticketId),
      fromCounter: l.counter(e.fromCounterId),
      fromServiceId: e.fromServiceId,
      toServiceId: e.toServiceId,
      toCounter: l.counter(e.toCounterId),
    },
  }),
  'ticket:cancelled': (e, l) => ({ type: 'ticket.cancelled', data: { ticket: ticket(l, e.ticketId), counter: l.counter(e.counterId) } }),
  'ticket:rated': (e, l) => ({
    type: 'ticket.rated',
    data: { ticket: ticket(l, e.ticketId), score: e.score, scale: e.scale, comment: e.comment },
  }),
  'counter:opened': (e, l) => ({ type: 'counter.opened', data: { counter: l.counter(e.counterId), staffName: e.staffName } }),
  'counter:closed': (e, l) => ({ type: 'counter.closed', data: { counter: l.counter(e.counterId) } }),
  'counter:paused': (e, l) => ({ type: 'counter.paused', data: { counter: l.counter(e.counterId), reason: e.reason } }),
  'counter:resumed': (e, l) => ({ type: 'counter.resumed', data: { counter: l.counter(e.counterId) } }),
  'ticket:putBack': (e, l) => ({ type: 'ticket.put_back', data: { ticket: ticket(l, e.ticketId), queuedAt: e.queuedAt } }),
  'alarm:raised': (e, l) => ({
    type: 'staff.alarm_raised',
    data: { alarmId: e.alarmId, counter: l.counter(e.counterId), staffName: e.staffName, since: e.since },
  }),
  'alarm:answered': (e) => ({ type: 'staff.alarm_answered', data: { alarmId: e.alarmId, staffName: e.staffName } }),
  'alarm:ended': (e) => ({ type: 'staff.alarm_ended', data: { alarmId: e.alarmId } }),
  // Bookings (issue 13) never carry the citizen's phone or name, nor the token or the kiosk code
  // (the keys to the booking): an integration looks a booking up by its id.
  'booking:made': (e) => ({ type: 'booking.made', data: { booking: bookingFacts(e.booking) } }),
  'booking:cancelled': (e) => ({ type: 'booking.cancelled', data: { bookingId: e.bookingId } }),
  'booking:noShow': (e) => ({ type: 'booking.no_show', data: { bookingId: e.bookingId } }),
  // Files ready for pickup (issue 15); results:promised and results:carried stay inside.
  'results:ready': (e) => ({ type: 'results.ready', data: { fileCodes: e.fileCodes } }),
  'results:unready': (e) => ({ type: 'results.unready', data: { fileCodes: e.fileCodes } }),
};

/** The webhook event a journal event makes, or null when it makes none. */
export function toWebhookEvent(e: JournalEvent, lookup: Lookup): { type: WebhookEventType; data: Record<string, unknown> } | null {
  const rule = WEBHOOK_MAP[e.type] as Rule<typeof e.type> | undefined;
  return rule ? rule(e as never, lookup) : null;
}

/** Only the type, without building the data (a skipped event costs nothing). */
export function webhookTypeOf(e: JournalEvent): WebhookEventType | null {
  if (e.type === 'ticket:called') return e.recall ? 'ticket.recalled' : 'ticket.called';
  const rule = WEBHOOK_MAP[e.type] as Rule<typeof e.type> | undefined;
  return rule ? rule(e as never, NO_LOOKUP).type : null;
}

const NO_LOOKUP: Lookup = { ticket: () => null, counter: () => null };
