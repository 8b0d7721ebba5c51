// Queue order: the one definition of who is called first. The engine picks the next ticket,
// counts the people ahead and sorts the staff waiting lists with it; the apps keep and show
// their waiting lists with it, so a screen never disagrees with what "call next" does.
import type { PriorityPolicy, Priority, PublicTicket } from './types.js';

/** What the order reads of a ticket. */
export interface QueuePlace {
  id: string;
  priority: Priority | null;
  /** When the ticket joined the queue (its issue instant, kept across transfers), in ms. */
  queuedMs: number;
  /** The ticket's running number in the service that issued it. */
  seq: number;
  /**
   * Issue 13: a ticket checked in for a booked time slot ('slot') is called ahead of walk-ins as
   * the office's booking policy says (its `queuedMs` is its slot's start); a remote number
   * ('remote') queues as a walk-in from the instant it was booked.
   */
  booked?: 'remote' | 'slot' | null | undefined;
}

/** Whether a ticket is in the booked class (issue 13): checked in for a time slot. */
export const isBookedSlot = (p: { booked?: 'remote' | 'slot' | null | undefined }): boolean => p.booked === 'slot';

/** How a counter orders booked slot tickets against walk-ins, and its count of walk-ins since its last booked one. */
export interface BookingRhythm {
  policy: PriorityPolicy;
  walkInsSinceBooked: number;
}

/** Booked slot tickets always first among normal tickets: the order when an office names no policy. */
export const STRICT_BOOKING: BookingRhythm = { policy: { mode: 'strict' }, walkInsSinceBooked: 0 };

/** The place of a ticket as clients receive it. */
export function placeOf(t: Pick<PublicTicket, 'id' | 'priority' | 'queuedAt' | 'seq' | 'booked'>): QueuePlace {
  return { id: t.id, priority: t.priority, queuedMs: Date.parse(t.queuedAt), seq: t.seq, booked: t.booked ?? null };
}

/**
 * Who has waited longer, ignoring priority: the earlier instant; at the same instant (times
 * are whole seconds, so a busy kiosk makes ties) the service the counter lists first, then the
 * lower running number, then the id. Numbers are compared as numbers, never as text: "A1000"
 * comes after "A999". The id only settles tickets transferred in from different services that
 * share an instant and a running number, so that every copy of a list agrees.
 */
export function compareWaiting(a: QueuePlace, b: QueuePlace, rankA = 0, rankB = 0): number {
  return a.queuedMs - b.queuedMs || rankA - rankB || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The class of a ticket in queue order: priority, then booked slot (issue 13), then walk-in. */
const classOf = (p: QueuePlace): number => (p.priority ? 0 : isBookedSlot(p) ? 1 : 2);

/** Queue order within one service: priority tickets first, then booked slots, then who has waited longer. */
export function compareQueue(a: QueuePlace, b: QueuePlace): number {
  return classOf(a) - classOf(b) || compareWaiting(a, b);
}

/**
 * Whether a counter must take a priority ticket now, when both kinds wait. Strict: always.
 * Interleave: once it has called `every` normal tickets since its last priority one; the count
 * belongs to the counter (a clerk's own rhythm), which is why it travels with each counter.
 */
export function priorityDue(policy: PriorityPolicy, normalsSincePriority: number): boolean {
  return policy.mode === 'strict' || normalsSincePriority >= policy.every;
}

/** The ticket "call next" takes, from the best waiting priority ticket and the best normal one. */
export function pickNext<T>(bestPriority: T | null, bestNormal: T | null, policy: PriorityPolicy, normalsSincePriority: number): T | null {
  if (!bestPriority) return bestNormal;
  if (!bestNormal) return bestPriority;
  return priorityDue(policy, normalsSincePriority) ? bestPriority : bestNormal;
}

/**
 * A service's waiting list in the order a counter would call it, from the list in queue order.
 * Under the strict policy this is the queue order itself. Under interleave it depends on the
 * counter's count of normal tickets since its last priority one, so each counter panel shows
 * its own calling order (and the supervisor, who calls for no counter, the queue order): the
 * list a clerk sees is exactly what pressing "call next" again and again would take, as long
 * as nothing else changes and the counter serves that service alone.
 */
export function callOrder<T extends { priority: Priority | null; booked?: 'remote' | 'slot' | null | undefined }>(
  queue: readonly T[],
  policy: PriorityPolicy,
  normalsSincePriority: number,
  booking: BookingRhythm = STRICT_BOOKING,
): T[] {
  if (policy.mode === 'strict' && booking.policy.mode === 'strict') return [...queue];
  const priority = queue.filter((t) => t.priority);
  const slot = queue.filter((t) => !t.priority && isBookedSlot(t));
  const walkIn = queue.filter((t) => !t.priority && !isBookedSlot(t));
  const out: T[] = [];
  let p = 0;
  let b = 0;
  let w = 0;
  let since = normalsSincePriority;
  let walkIns = booking.walkInsSinceBooked;
  while (p < priority.length || b < slot.length || w < walkIn.length) {
    const normal = pickNext(slot[b] ?? null, walkIn[w] ?? null, booking.policy, walkIns);
    const next = pickNext(priority[p] ?? null, normal, policy, since)!;
    out.push(next);
    if (next.priority) {
      p++;
      since = 0;
    } else {
      since++;
      if (isBookedSlot(next)) {
        b++;
        walkIns = 0;
      } else {
        w++;
        walkIns++;
      }
    }
  }
  return out;
}

/** Where a waiting ticket sits for a counter: routing fields the order needs besides its place. */
export interface Routed {
  serviceId: string;
  /** Set when the ticket was transferred to one named counter: only that counter may call it. */
  targetCounterId: string | null;
}

/**
 * A ticket's service rank at a counter (its position in the counter's services), or -1 when the
 * counter may not call it. Tickets sent to this counter by name come after its own services
 * at equal instants, whatever their service.
 */
export function rankAt(
  t: Routed,
  counter: { id: string; serviceIds: readonly string[] },
  order = counter.serviceIds.indexOf(t.serviceId),
): number {
  if (t.targetCounterId) return t.targetCounterId === counter.id ? (order < 0 ? counter.serviceIds.length : order) : -1;
  return order;
}

/**
 * Everything `counter` may call, in the order "call next" there would take it if nothing else
 * changed: the counter's own queue order over its services, then its priority policy.
 */
export function counterCallOrder<T extends Routed & { priority: Priority | null; booked?: 'remote' | 'slot' | null | undefined }>(
  tickets: Iterable<T>,
  counter: { id: string; serviceIds: readonly string[] },
  place: (t: T) => QueuePlace,
  policy: PriorityPolicy,
  normalsSincePriority: number,
  booking: BookingRhythm = STRICT_BOOKING,
): T[] {
  const ranked: { t: T; p: QueuePlace; rank: number }[] = [];
  for (const t of tickets) {
    const rank = rankAt(t, counter);
    if (rank >= 0) ranked.push({ t, p: place(t), rank });
  }
  ranked.sort((a, b) => classOf(a.p) - classOf(b.p) || compareWaiting(a.p, b.p, a.rank, b.rank));
  return callOrder(ranked.map((r) => r.t), policy, normalsSincePriority, booking);
}

/** Where a no-show goes back in when the citizen turns up later: the office's choice. */
export type PutBackPlace = { mode: 'end' } | { mode: 'after'; count: number };

/** Until an office chooses: after the next three, once per ticket. */
export const DEFAULT_PUT_BACK: { place: PutBackPlace; maxTimes: number } = { place: { mode: 'after', count: 3 }, maxTimes: 1 };

/**
 * The instant (ms, whole seconds) a put-back ticket is queued as, so that the shared order puts it
 * after the next `count` tickets of its kind (priority or not) waiting in its service, or after all
 * of them. `kind` is those tickets in queue order. One second after the last ticket it must follow:
 * at an equal instant its lower running number would put it first. Tickets issued in the same second
 * as that last one go before it too (instants are whole seconds, as on every screen).
 */
export function putBackInstant(kind: readonly QueuePlace[], place: PutBackPlace, nowMs: number): number {
  const now = Math.floor(nowMs / 1000) * 1000;
  const after = place.mode === 'end' ? kind.length : Math.min(place.count, kind.length);
  if (after === 0) return kind.length === 0 ? now : Math.min(now, kind[0]!.queuedMs - 1000);
  return Math.max(kind[after - 1]!.queuedMs + 1000, after === kind.length ? now : -Infinity);
}

/** Puts `t` into `list` (kept in queue order) at its place, in O(log n) comparisons. */
export function insertInQueue<T>(list: T[], t: T, place: (t: T) => QueuePlace): void {
  const key = place(t);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareQueue(place(list[mid]!), key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, t);
}
