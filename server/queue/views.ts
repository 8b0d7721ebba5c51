// The views: what the state looks like to kiosks, displays, citizens and staff, and which
// parts of it an event changed. Read-only.
import { publicTicket } from '../../shared/format.js';
import { callOrder } from '../../shared/queue-order.js';
import type {
  Counter, NoShowTicket, PublicCounter, PublicService, PublicTicket, RecentCall, Snapshot, StaffAlarm, StaffSnapshot, StaffTicket, TicketPickup,
} from '../../shared/types.js';
import type { EngineCommands } from './commands.js';
import type { JournalEvent } from './events.js';
import type { EngineState, Ticket } from './state.js';
import { isoLocal } from './time.js';
import { bookingOpen, bookingPolicy } from './bookings.js';
import { pendingBookings } from './booking-views.js';

export class EngineViews {
  constructor(private readonly s: EngineState, private readonly rules: Pick<EngineCommands, 'serviceStatus'>) {}

  // ── reading ─────────────────────────────────────────────────────────

  ticketByToken(token: string): Ticket | undefined {
    return this.s.day.byToken.get(token);
  }

  ticketById(id: string): Ticket | undefined {
    return this.s.day.tickets.get(id);
  }

  tickets(): IterableIterator<Ticket> {
    return this.s.day.tickets.values();
  }

  /** Who holds the counter now (for the staff-may-only-use-their-counter rule). */
  counterHolder(counterId: string): string | null {
    return this.s.runtimeOf(counterId).userId;
  }

  counterOfTicket(t: Ticket): Counter | null {
    return t.counterId ? (this.s.counters.get(t.counterId) ?? null) : null;
  }

  /**
   * People who will be called before `t` in its service, by the shared queue order. Under the
   * interleave policy each counter keeps its own rhythm, so the citizen is told the count of a
   * counter that has just called a priority ticket: never fewer people than the fairest case.
   */
  ahead(t: Ticket): number {
    if (t.state !== 'waiting') return 0;
    const policy = this.s.config.settings.priorityPolicy;
    const booking = bookingPolicy(this.s);
    if (policy.mode === 'interleave' || booking.mode === 'interleave') {
      return callOrder(this.s.queueOf(t.serviceId), policy, 0, { policy: booking, walkInsSinceBooked: 0 }).indexOf(t);
    }
    return Math.max(0, this.s.placeInQueue(t));
  }

  /** A service's waiting tickets in queue order. */
  private queue(serviceId: string): readonly Ticket[] {
    return this.s.queueOf(serviceId);
  }

  estimatedWaitMin(serviceId: string, ahead: number): number {
    if (ahead === 0) return 0;
    // Loops, not filter/reduce: this runs for every ticket issued and every service pushed.
    let serving = 0;
    for (const c of this.s.counters.values()) {
      if (c.serviceIds.includes(serviceId) && this.s.runtime(c.id).status === 'open') serving++;
    }
    const samples = this.s.day.serveSamples.get(serviceId);
    let sum = 0;
    for (const ms of samples ?? []) sum += ms;
    const avgMs = samples?.length ? sum / samples.length : this.s.config.settings.defaultServeMin * 60_000;
    return Math.ceil((ahead * avgMs) / Math.max(1, serving) / 60_000);
  }

  publicTicket(t: Ticket): PublicTicket {
    return publicTicket(t);
  }

  staffTicket(t: Ticket): StaffTicket {
    return {
      ...this.publicTicket(t),
      startedAt: t.startedMs === null ? null : isoLocal(new Date(t.startedMs), this.s.timeZone),
      targetCounterId: t.targetCounterId,
      transfers: t.transfers,
      ...(t.pickup ? { pickup: { fileCode: t.pickup.fileCode, ready: t.pickup.ready } } : {}),
    };
  }

  publicService(id: string): PublicService | null {
    const s = this.s.services.get(id);
    if (!s) return null;
    const status = this.rules.serviceStatus(s);
    const waiting = this.s.waitingSet(id).size;
    return {
      ...s,
      open: status.reason === null,
      closedReason: status.reason,
      nextOpen: status.nextOpen,
      waiting,
      estimatedWaitMin: this.estimatedWaitMin(id, waiting),
    };
  }

  publicCounter(id: string): PublicCounter | null {
    const c = this.s.counters.get(id);
    if (!c) return null;
    const r = this.s.runtimeOf(id);
    const current = r.currentTicketId ? this.s.mustTicket(r.currentTicketId) : null;
    const status =
      r.status === 'closed' ? 'closed'
      : current ? (current.state === 'serving' ? 'serving' : 'calling')
      : r.status === 'paused' ? 'paused'
      : 'idle';
    return {
      ...c,
      status,
      current: current ? this.publicTicket(current) : null,
      staffName: r.staffName,
      pausedReason: r.pausedReason,
      since: r.since,
      normalsSincePriority: r.normalsSincePriority,
      walkInsSinceBooked: r.walkInsSinceBooked,
    };
  }

  /** A service's waiting list in queue order; each counter panel derives its calling order from it. */
  waitingList(serviceId: string): StaffTicket[] {
    return this.queue(serviceId).map((t) => this.staffTicket(t));
  }

  snapshot(): Snapshot {
    const services = [...this.s.services.values()].sort((a, b) => a.order - b.order);
    const counters = [...this.s.counters.values()].sort((a, b) => a.number - b.number);
    return {
      rev: this.s.revision,
      serviceDay: this.s.day.serviceDay,
      office: { name: this.s.config.settings.officeName },
      services: services.map((s) => this.publicService(s.id)!),
      counters: counters.map((c) => this.publicCounter(c.id)!),
      recentCalls: this.s.day.recentCalls.map(
        (r): RecentCall => ({ ticket: this.publicTicket(this.s.mustTicket(r.ticketId)), counterId: r.counterId, at: r.at, recall: r.recall }),
      ),
      // Issue 13: only while citizens can book (the kiosk then shows its check-in button).
      ...(bookingOpen(this.s) ? { booking: { enabled: true } } : {}),
    };
  }

  staffSnapshot(): StaffSnapshot {
    const waiting: Record<string, StaffTicket[]> = {};
    for (const id of this.s.services.keys()) waiting[id] = this.waitingList(id);
    return {
      ...this.snapshot(), waiting, priorityPolicy: this.s.config.settings.priorityPolicy, alarms: this.alarms(),
      bookingPolicy: bookingPolicy(this.s), bookingsPending: pendingBookings(this.s), pickups: this.pickups(),
    };
  }

  /**
   * Issue 15: the files of the pickup tickets still waiting or at a counter, by ticket id (a
   * counter shows its current ticket's). Only those tickets, not the whole day's: after a
   * restart from the checkpoint the day's tickets are made lazily, and the staff snapshot is
   * sent before the first ack.
   */
  private pickups(): Record<string, TicketPickup> {
    const out: Record<string, TicketPickup> = {};
    const add = (id: string | null) => {
      const t = id === null ? undefined : this.s.day.tickets.get(id);
      if (t?.pickup) out[t.id] = { fileCode: t.pickup.fileCode, ready: t.pickup.ready };
    };
    for (const ids of this.s.day.waiting.values()) for (const id of ids) add(id);
    for (const r of this.s.day.counters.values()) add(r.currentTicketId);
    return out;
  }

  /** Today's no-show tickets, the latest first, with how often each was put back already. */
  noShows(): NoShowTicket[] {
    const out: NoShowTicket[] = [];
    for (const t of this.s.day.tickets.values()) if (t.state === 'no_show') out.push({ ...this.staffTicket(t), putBacks: t.putBacks });
    return out.sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''));
  }

  /** The staff alarms not yet ended, oldest first: for staff sockets only, never a public view. */
  alarms(): StaffAlarm[] {
    return [...this.s.day.alarms.values()].map((a) => {
      const c = this.s.counters.get(a.counterId);
      return {
        id: a.id,
        counterId: a.counterId,
        counterNumber: c?.number ?? 0,
        counterLabel: c?.label ?? { vi: a.counterId, en: a.counterId },
        userId: a.userId,
        staffName: a.staffName,
        raisedAt: a.raisedAt,
        answers: a.answers.map((r) => ({ ...r })),
      };
    });
  }

  /** Which services and counters an event changed, for `update` deltas. */
  affected(event: JournalEvent): { services: string[]; counters: string[]; all: boolean } {
    // The busiest event by far: no sets to build for one service.
    if (event.type === 'ticket:issued') return { services: [event.ticket.serviceId], counters: [], all: false };
    const services = new Set<string>();
    const counters = new Set<string>();
    const ticketService = (id: string) => {
      const t = this.s.day.tickets.get(id);
      if (t) services.add(t.serviceId);
    };
    switch (event.type) {
      case 'day:opened':
      case 'config:changed':
        return { services: [], counters: [], all: true };
      case 'ticket:transferred':
        services.add(event.fromServiceId).add(event.toServiceId);
        if (event.fromCounterId) counters.add(event.fromCounterId);
        break;
      case 'ticket:cancelled':
      case 'ticket:expired':
        ticketService(event.ticketId);
        if (event.counterId) counters.add(event.counterId);
        break;
      case 'ticket:rated':
      // Issue 13: a booking changes no queue until it is checked in (its ticket:issued).
      case 'booking:made':
      case 'booking:carried':
      case 'booking:cancelled':
      case 'booking:noShow':
      case 'alarm:raised':
      case 'alarm:answered':
      case 'alarm:ended':
      // Issue 15: a file's readiness changes no queue.
      case 'results:ready':
      case 'results:unready':
      case 'results:promised':
      case 'results:carried':
        break;
      case 'ticket:putBack':
        ticketService(event.ticketId);
        break;
      case 'numbers:reserved':
        // Reserved numbers count towards daily limits: the services' open state may change.
        if (event.serviceId === null) return { services: [...this.s.services.keys()], counters: [], all: false };
        services.add(event.serviceId);
        break;
      case 'counter:opened':
      case 'counter:closed':
      case 'counter:paused':
      case 'counter:resumed':
        counters.add(event.counterId);
        for (const s of this.s.counters.get(event.counterId)?.serviceIds ?? []) services.add(s);
        break;
      default:
        ticketService(event.ticketId);
        counters.add(event.counterId);
    }
    return { services: [...services], counters: [...counters], all: false };
  }

}
