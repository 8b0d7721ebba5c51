// One ticket's history, read from the journal of the one day it lived in (a ticket never
// outlives its service day: the rollover writes its expiry into that day's journal before the
// next day opens), and the search by number on a day. Nothing here reads more than that day:
// the file store keeps one file per day, PostgreSQL one (office, day) range of rows.
import type { Counter, Localized, Service } from '../shared/types.js';
import {
  numberKey, type TicketTimeline, type TimelineCounter, type TimelineDetail, type TimelineEntry, type TimelineKind, type TimelineTicket,
} from '../shared/timeline.js';
import type { JournalEvent } from './queue/events.js';
import type { TicketJournal } from './store/store.js';

export interface TimelineLookups {
  counter(id: string): Counter | undefined;
  service(id: string): Service | undefined;
  /** An account's current name (for events that name a user but no counter's session). */
  userName(id: string): string | undefined;
}

/** A journal event of any type, as far as this file reads it. */
type AnyEvent = JournalEvent & Record<string, unknown>;

interface Mapped {
  kind: TimelineKind;
  /** The counter the event happened at. */
  counterId?: string | null;
  detail?: TimelineDetail;
}

type Ctx = { counter: (id: string | null | undefined) => TimelineCounter | null; lastCounterId: string | null };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Event type → timeline entry: the one place that knows what each event means for a ticket.
 * A ticket event of a type missing here is still listed, as kind `other`.
 */
const TABLE: Record<string, (e: AnyEvent, c: Ctx) => Mapped> = {
  'ticket:issued': (e) => {
    const t = e.ticket as { serviceId: string };
    const detail: TimelineDetail = { channel: str(e.channel) ?? null, serviceId: t.serviceId };
    const booking = e.booking as { kind: string; slotAt: string | null } | undefined;
    if (booking) detail.booking = { kind: booking.kind, slotAt: booking.slotAt };
    const pickup = e.pickup as { fileCode: string; ready: boolean } | undefined;
    if (pickup) detail.pickup = { fileCode: pickup.fileCode, ready: pickup.ready };
    return { kind: 'issued', detail };
  },
  'ticket:called': (e) => ({ kind: e.recall ? 'recalled' : 'called', counterId: str(e.counterId) ?? null }),
  'ticket:started': (e) => ({ kind: 'started', counterId: str(e.counterId) ?? null }),
  'ticket:completed': (e) => ({ kind: 'completed', counterId: str(e.counterId) ?? null, detail: { fileCode: str(e.fileCode) ?? null } }),
  'ticket:noShow': (e) => ({ kind: 'noShow', counterId: str(e.counterId) ?? null }),
  'ticket:transferred': (e, c) => ({
    kind: 'transferred',
    counterId: str(e.fromCounterId) ?? null,
    detail: { fromServiceId: String(e.fromServiceId), toServiceId: String(e.toServiceId), toCounter: c.counter(str(e.toCounterId)) },
  }),
  'ticket:cancelled': (e) => ({ kind: 'cancelled', counterId: str(e.counterId) ?? null }),
  'ticket:expired': (e) => ({ kind: 'expired', counterId: str(e.counterId) ?? null }),
  // A rating is about the counter that served the ticket last.
  'ticket:rated': (e, c) => ({
    kind: 'rated',
    counterId: c.lastCounterId,
    detail: { score: Number(e.score), scale: Number(e.scale), comment: str(e.comment) ?? null },
  }),
  'ticket:putBack': (e) => ({ kind: 'putBack', detail: { queuedAt: String(e.queuedAt) } }),
};

/** The ticket an event is about, if any: `ticket.id` when issued, `ticketId` otherwise. */
function ticketOf(e: AnyEvent): string | undefined {
  if (e.type === 'ticket:issued') return (e.ticket as { id: string }).id;
  return str(e.ticketId);
}

function counterOf(lookups: TimelineLookups, id: string | null | undefined): TimelineCounter | null {
  if (!id) return null;
  const c = lookups.counter(id);
  return { id, number: c?.number ?? null, label: c?.label ?? null };
}

function serviceName(lookups: TimelineLookups, id: string): Localized | null {
  return lookups.service(id)?.name ?? null;
}

/** One ticket's entries from one day's events, or null when the ticket is not in them. */
export function foldTimeline(events: readonly JournalEvent[], ticketId: string, serviceDay: string, lookups: TimelineLookups): TicketTimeline | null {
  // Who was signed in at each counter as the day went: the staff of events that name only a counter.
  const atCounter = new Map<string, { userId: string; name: string }>();
  const ctx: Ctx = { counter: (id) => counterOf(lookups, id), lastCounterId: null };
  let ticket: TimelineTicket | null = null;
  const entries: TimelineEntry[] = [];
  for (const raw of events) {
    const e = raw as AnyEvent;
    if (e.type === 'counter:opened') atCounter.set(e.counterId, { userId: e.userId, name: e.staffName });
    else if (e.type === 'counter:closed') atCounter.delete(e.counterId);
    if (ticketOf(e) !== ticketId) continue;
    if (e.type === 'ticket:issued') {
      const t = e.ticket;
      ticket = { id: t.id, number: t.number, serviceId: t.serviceId, serviceName: serviceName(lookups, t.serviceId), priority: t.priority, issuedAt: e.at };
    }
    const map = TABLE[e.type];
    const m: Mapped = map ? map(e, ctx) : { kind: 'other', counterId: str(e.counterId) ?? null };
    const counterId = m.counterId ?? null;
    if (counterId) ctx.lastCounterId = counterId;
    const session = counterId ? atCounter.get(counterId) : undefined;
    const userId = str(e.userId) ?? session?.userId ?? null;
    // The name in the counter's session is the one that person had that day; an account's
    // current name only for a user who acted without being at this counter (a supervisor).
    const name = userId && session?.userId === userId ? session.name : userId ? (lookups.userName(userId) ?? null) : null;
    entries.push({
      type: e.type,
      kind: m.kind,
      rev: e.rev,
      at: e.at,
      counter: ctx.counter(counterId),
      staff: userId || name ? { userId, name } : null,
      detail: m.detail ?? {},
    });
  }
  return ticket ? { serviceDay, ticket, events: entries } : null;
}

/** The tickets issued on `day` whose number is `number` (one per service that uses the prefix). */
export function findByNumber(events: readonly JournalEvent[], number: string, serviceDay: string, lookups: TimelineLookups): (TimelineTicket & { serviceDay: string })[] {
  const key = numberKey(number);
  const out: (TimelineTicket & { serviceDay: string })[] = [];
  for (const e of events) {
    if (e.type !== 'ticket:issued' || numberKey(e.ticket.number) !== key) continue;
    const t = e.ticket;
    out.push({ id: t.id, number: t.number, serviceId: t.serviceId, serviceName: serviceName(lookups, t.serviceId), priority: t.priority, issuedAt: e.at, serviceDay });
  }
  return out;
}

/** The events of one service day, from the journal of that day only. */
export async function dayEvents(journal: TicketJournal, day: string): Promise<JournalEvent[]> {
  return (await journal.readDay(day)).lines.map((l) => l.event);
}
