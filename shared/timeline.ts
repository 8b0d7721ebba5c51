// One ticket's history as the staff app shows it (GET /api/tickets/<id>/events) and the search
// that finds a ticket by its number on a day (GET /api/tickets?number=&day=).
import { z } from 'zod';
import type { Localized, Priority } from './types.js';

/**
 * The kinds of entry the staff app has a label for. An event of a type the server's table does
 * not know (added by a later version) still reaches the app, as kind `other` with its `type`.
 */
export const TIMELINE_KINDS = [
  'issued', 'called', 'recalled', 'transferred', 'started', 'completed', 'noShow', 'cancelled', 'expired', 'rated', 'putBack', 'other',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** A counter as configured now; `number`/`label` null when it has since been deleted. */
export interface TimelineCounter {
  id: string;
  number: number | null;
  label: Localized | null;
}

export interface TimelineStaff {
  userId: string | null;
  /** The name the staff member had when signed in at the counter, else the account's name now. */
  name: string | null;
}

/** What an entry says beyond who and where; each kind fills only its own fields. */
export interface TimelineDetail {
  /** issued: `kiosk` (the kiosk app), `rest` (POST /api/tickets), null when the journal predates it. */
  channel?: string | null;
  serviceId?: string;
  fromServiceId?: string;
  toServiceId?: string;
  toCounter?: TimelineCounter | null;
  fileCode?: string | null;
  score?: number;
  scale?: number;
  comment?: string | null;
  /** putBack: the place in the queue it was given, as an instant. */
  queuedAt?: string;
  /** issued: the booking it checked in (`remote`: a number taken from home; `slot`: a booked time). */
  booking?: { kind: string; slotAt: string | null };
  /** issued: the file a pickup ticket came for, and whether its result was ready then. */
  pickup?: { fileCode: string; ready: boolean };
}

export interface TimelineEntry {
  /** The journal event's type (`ticket:called`, …). */
  type: string;
  kind: TimelineKind;
  rev: number;
  at: string;
  counter: TimelineCounter | null;
  staff: TimelineStaff | null;
  detail: TimelineDetail;
}

export interface TimelineTicket {
  id: string;
  number: string;
  serviceId: string;
  serviceName: Localized | null;
  priority: Priority | null;
  issuedAt: string;
}

export interface TicketTimeline {
  serviceDay: string;
  ticket: TimelineTicket;
  events: TimelineEntry[];
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    // A real calendar day: 2026-02-30 rolls over and fails the round trip.
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === d;
  }, 'YYYY-MM-DD');

/** `day` absent: the office's current service day. */
export const timelineQuerySchema = z.object({ day: day.optional() });

export const ticketSearchSchema = z.object({
  number: z.string().trim().min(1).max(16),
  day: day.optional(),
});

/** The comparable form of a ticket number: `a12`, `A012` and ` A0012 ` are the same ticket. */
export function numberKey(n: string): string {
  const m = /^([^\d]*)(\d+)$/.exec(n.trim().toUpperCase());
  return m ? `${m[1]}${Number(m[2])}` : n.trim().toUpperCase();
}
