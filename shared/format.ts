// Ticket numbers: prefix + zero-padded sequence (A001) or a plain running number (1001).
import type { PublicTicket, Service } from './types.js';

export function formatTicketNumber(service: Pick<Service, 'prefix' | 'start' | 'digits'>, seq: number): string {
  const n = service.start + seq - 1;
  return service.prefix + String(n).padStart(service.digits, '0');
}

/** Only the public fields of a ticket: what displays, kiosks and citizens may see. */
export function publicTicket(t: PublicTicket): PublicTicket {
  return {
    id: t.id,
    number: t.number,
    serviceId: t.serviceId,
    priority: t.priority,
    state: t.state,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    counterId: t.counterId,
    callCount: t.callCount,
    queuedAt: t.queuedAt,
    seq: t.seq,
    // Issue 13: only on booked tickets, so a walk-in's public shape is as before.
    ...(t.booked ? { booked: t.booked, slotAt: t.slotAt ?? null } : {}),
  };
}
