// Typed calls for a ticket's timeline and the search by number (server/http/routes/timeline.ts).
import type { TicketTimeline, TimelineTicket } from '../shared/timeline.js';
import type { ApiClient } from './api.js';

export type TicketMatch = TimelineTicket & { serviceDay: string };

/** `day` absent: the office's current service day. */
export function ticketTimeline(api: ApiClient, ticketId: string, day?: string) {
  const q = day ? `?day=${encodeURIComponent(day)}` : '';
  return api.request<TicketTimeline>('GET', `/api/tickets/${encodeURIComponent(ticketId)}/events${q}`);
}

export function findTickets(api: ApiClient, number: string, day?: string) {
  const q = new URLSearchParams({ number, ...(day ? { day } : {}) });
  return api.request<{ serviceDay: string; tickets: TicketMatch[] }>('GET', `/api/tickets?${q.toString()}`);
}
