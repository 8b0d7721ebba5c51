// The staff app's live state: LiveState plus what only a staff snapshot keeps (waiting lists in
// queue order, pending bookings, pickup files), and the counter's calling order. Apart from
// live.ts so that the kiosk's start-up script and the displays' never carry the queue order.
import { counterCallOrder, insertInQueue, placeOf, rankAt, type BookingRhythm } from '../queue-order.js';
import { LiveState } from './live.js';
import type { StaffSnapshot, StaffTicket, StaffUpdate } from '../types.js';

export class StaffLiveState extends LiveState<StaffSnapshot> {
  protected override applyStaff(st: StaffSnapshot, u: StaffUpdate): void {
    if (u.tickets) applyTickets(st.waiting, u.tickets);
    if (u.bookingsPending) st.bookingsPending = u.bookingsPending;
    // Issue 15: a pickup ticket's file, kept for the counter that calls it.
    for (const t of u.tickets ?? []) if (t.pickup) (st.pickups ??= {})[t.id] = t.pickup;
  }
}

/** Keeps staff waiting lists from ticket deltas, in queue order (as the engine sends them). */
export function applyTickets(waiting: Record<string, StaffTicket[]>, tickets: StaffTicket[]): void {
  for (const t of tickets) {
    for (const [serviceId, list] of Object.entries(waiting)) {
      const i = list.findIndex((x) => x.id === t.id);
      if (i >= 0) waiting[serviceId] = list.filter((x) => x.id !== t.id);
    }
    if (t.state !== 'waiting') continue;
    const list = [...(waiting[t.serviceId] ?? [])];
    insertInQueue(list, t, placeOf);
    waiting[t.serviceId] = list;
  }
}

/**
 * Every ticket `counterId` may call, in the order "call next" there would take them if nothing
 * else changed (over all its services and the tickets sent to it by name).
 */
/** Issue 13: how this counter orders booked slot tickets against walk-ins. */
function bookingRhythm(state: StaffSnapshot, c: { walkInsSinceBooked?: number | undefined }): BookingRhythm {
  return { policy: state.bookingPolicy ?? { mode: 'strict' }, walkInsSinceBooked: c.walkInsSinceBooked ?? 0 };
}

export function callingOrder(state: StaffSnapshot, counterId: string): StaffTicket[] {
  const c = state.counters.find((x) => x.id === counterId);
  if (!c) return [];
  return counterCallOrder(Object.values(state.waiting).flat(), c, placeOf, state.priorityPolicy, c.normalsSincePriority, bookingRhythm(state, c));
}

/**
 * One waiting list as a counter panel shows it: first what this counter would call, in its
 * calling order (`serviceId` null: the tickets sent here by name from services it does not
 * serve), then the tickets waiting for another counter by name, which it may not call.
 */
export function counterList(state: StaffSnapshot, counterId: string, serviceId: string | null): StaffTicket[] {
  const c = state.counters.find((x) => x.id === counterId);
  if (!c) return [];
  if (serviceId === null) {
    const sentHere = Object.entries(state.waiting)
      .filter(([id]) => !c.serviceIds.includes(id))
      .flatMap(([, list]) => list.filter((t) => t.targetCounterId === c.id));
    return counterCallOrder(sentHere, c, placeOf, state.priorityPolicy, c.normalsSincePriority, bookingRhythm(state, c));
  }
  const list = state.waiting[serviceId] ?? [];
  const mine = counterCallOrder(list, { id: c.id, serviceIds: [serviceId] }, placeOf, state.priorityPolicy, c.normalsSincePriority, bookingRhythm(state, c));
  return [...mine, ...list.filter((t) => rankAt(t, c) < 0)];
}
