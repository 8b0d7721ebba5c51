// Engine state and its reducer: `apply` is the only code that changes state, so a replay of
// the journal rebuilds it exactly. Lookups that commands and views share live here too.
import { LuotError } from '../../shared/errors.js';
import { MESSAGES, type MessageKey } from '../../shared/i18n.js';
import { compareQueue, insertInQueue, type QueuePlace } from '../../shared/queue-order.js';
import type { Counter, Priority, Service, Settings, TicketState } from '../../shared/types.js';
import type { EventBody, JournalEvent } from './events.js';
import { applyBookingEvent, applyCheckIn, checkBookingEvent, checkCheckIn, type Booking } from './booking-state.js';
import { carriesRequest, remember, type RequestLog } from './counter-requests.js';
import { applyResultsEvent, checkResultsEvent, collect, linkFirstVisit, type PickupIssue, type ResultFile } from './results.js';

export interface EngineConfig {
  services: Service[];
  counters: Counter[];
  settings: Pick<Settings, 'officeName' | 'timeZone' | 'priorityPolicy' | 'defaultServeMin'> & Partial<Pick<Settings, 'putBack'>> & Partial<Pick<Settings, 'booking'>>;
}

export interface EngineDeps {
  now: () => Date;
  newId: () => string;
  newToken: () => string;
  /** Issue 13: a random six-digit booking code (absent: derived from `newToken`). */
  newCode?: () => string;
}

export interface Ticket {
  id: string;
  token: string;
  number: string;
  seq: number;
  serviceId: string;
  originalServiceId: string;
  priority: Priority | null;
  requestId: string | null;
  state: TicketState;
  issuedAt: string;
  issuedMs: number;
  /** Order in the queue: the issue time, kept across transfers (the citizen has already waited). */
  queuedAt: string;
  queuedMs: number;
  calledAt: string | null;
  firstCalledMs: number | null;
  startedMs: number | null;
  finishedMs: number | null;
  counterId: string | null;
  targetCounterId: string | null;
  callCount: number;
  transfers: number;
  /** Times staff put the ticket back in the queue after a no-show (`ticket:putBack`). */
  putBacks: number;
  staffUserId: string | null;
  fileCode: string | null;
  rating: number | null;
  ratingScale: number | null;
  ratingComment: string | null;
  /** Issue 13: the booking checked in with this ticket, its kind and slot; null for walk-ins. */
  bookingId: string | null;
  booked: 'remote' | 'slot' | null;
  slotAt: string | null;
  /** Issue 15: a pickup ticket's file (results.ts); null for other tickets. */
  pickup: PickupIssue | null;
  timeline: { type: string; at: string; counterId?: string; serviceId?: string }[];
}

export interface CounterRuntime {
  status: 'closed' | 'open' | 'paused';
  userId: string | null;
  staffName: string | null;
  currentTicketId: string | null;
  pausedReason: string | null;
  since: string | null;
  normalsSincePriority: number;
  lastFinishedTicketId: string | null;
  lastFinishedMs: number | null;
  /** Issue 13: walk-ins called here since the last booked slot ticket (the booking policy's count). */
  walkInsSinceBooked: number;
}

export interface DayState {
  serviceDay: string;
  tickets: Map<string, Ticket>;
  byToken: Map<string, Ticket>;
  byRequest: Map<string, Ticket>;
  /** What each counter command sent with a requestId did today (counter-requests.ts). */
  requestLog: RequestLog;
  seqByService: Map<string, number>;
  /** Numbers reserved for every service (`numbers:reserved` with no service): the day's floor. */
  seqFloor: number;
  waiting: Map<string, Set<string>>;
  /** Each service's waiting tickets, kept in queue order (shared/queue-order.ts). */
  queues: Map<string, Ticket[]>;
  counters: Map<string, CounterRuntime>;
  recentCalls: { ticketId: string; counterId: string; at: string; recall: boolean }[];
  serveSamples: Map<string, number[]>;
  /** Issue 13: bookings of today and later days, by id; `bookingKeys` finds them by code and token. */
  bookings: Map<string, Booking>;
  bookingKeys: Map<string, string>;
  /** Staff alarms not yet ended, by id, in the order raised. */
  alarms: Map<string, Alarm>;
  /** Issue 15: the files the office knows of, by normalised file code (results.ts). */
  results: Map<string, ResultFile>;
}

export interface Alarm {
  id: string;
  counterId: string;
  userId: string | null;
  staffName: string;
  raisedAt: string;
  answers: { userId: string; staffName: string; at: string }[];
}

const SERVE_SAMPLES = 20;
export const RECENT_CALLS = 10;
const NO_TICKETS: readonly Ticket[] = [];
const placeOfTicket = (t: Ticket): QueuePlace => t;
const FINAL: ReadonlySet<TicketState> = new Set(['done', 'no_show', 'cancelled', 'expired']);

export function err(code: LuotError['code'], key: MessageKey, extra: LuotError['extra'] = {}): LuotError {
  return new LuotError(code, MESSAGES[key].vi, MESSAGES[key].en, extra);
}

function emptyDay(serviceDay: string): DayState {
  return {
    serviceDay,
    tickets: new Map(),
    byToken: new Map(),
    byRequest: new Map(),
    requestLog: { text: '' },
    seqByService: new Map(),
    seqFloor: 0,
    waiting: new Map(),
    queues: new Map(),
    counters: new Map(),
    recentCalls: [],
    serveSamples: new Map(),
    bookings: new Map(),
    bookingKeys: new Map(),
    alarms: new Map(),
    results: new Map(),
  };
}

/** Every field written in one fixed order: tickets share one hidden class, which keeps
 * replaying a busy day's journal fast. */
type IssuedTicket = Extract<EventBody, { type: 'ticket:issued' }>['ticket'];

function newTicket(e: IssuedTicket, at: string, ms: number): Ticket {
  return {
    id: e.id,
    token: e.token,
    number: e.number,
    seq: e.seq,
    serviceId: e.serviceId,
    priority: e.priority,
    requestId: e.requestId,
    originalServiceId: e.serviceId,
    state: 'waiting',
    issuedAt: at,
    issuedMs: ms,
    queuedAt: at,
    queuedMs: ms,
    calledAt: null,
    firstCalledMs: null,
    startedMs: null,
    finishedMs: null,
    counterId: null,
    targetCounterId: null,
    callCount: 0,
    transfers: 0,
    putBacks: 0,
    staffUserId: null,
    fileCode: null,
    rating: null,
    ratingScale: null,
    ratingComment: null,
    bookingId: null,
    booked: null,
    slotAt: null,
    pickup: null,
    timeline: [{ type: 'issued', at, serviceId: e.serviceId }],
  };
}

function newRuntime(): CounterRuntime {
  return {
    status: 'closed', userId: null, staffName: null, currentTicketId: null, pausedReason: null,
    since: null, normalsSincePriority: 0, lastFinishedTicketId: null, lastFinishedMs: null, walkInsSinceBooked: 0,
  };
}

/**
 * The fields of the day state, its tickets and counters. A checkpoint written by a version whose
 * state had other fields must not be loaded into this one (an upgrade between a clean stop and the
 * next start): it carries this string, and a checkpoint with another one is ignored.
 */
export const STATE_SHAPE = [
  Object.keys(emptyDay('')),
  Object.keys(newTicket({ id: '', token: '', serviceId: '', seq: 0, number: '', priority: null, requestId: null }, '', 0)),
  Object.keys(newRuntime()),
].map((keys) => keys.join(',')).join('|');

export function isFinal(state: TicketState): boolean {
  return FINAL.has(state);
}

/** The office's state for the current service day, changed only by `apply`. */
export class EngineState {
  day: DayState = emptyDay('');
  revision = 0;
  config!: EngineConfig;
  services = new Map<string, Service>();
  counters = new Map<string, Counter>();

  constructor(config: EngineConfig) {
    this.setConfig(config);
  }

  get timeZone(): string {
    return this.config.settings.timeZone;
  }

  setConfig(config: EngineConfig): void {
    this.config = config;
    this.services = new Map(config.services.map((s) => [s.id, s]));
    this.counters = new Map(config.counters.map((c) => [c.id, c]));
  }

  /** Back to the state of a fresh engine with the same config: rev 0, no day. */
  reset(): void {
    this.day = emptyDay('');
    this.revision = 0;
  }

  /** Sets the revision a fresh engine continues from (the last rev of an earlier day). */
  resumeRev(rev: number): void {
    if (rev > this.revision) this.revision = rev;
  }

  /**
   * Applies one journal event. Throws, changing nothing, when the event cannot belong to this
   * state (a damaged or foreign line): replay can then set that line aside and go on.
   */
  apply(event: JournalEvent): void {
    const at = event.at;
    const ms = Date.parse(at);
    this.check(event, ms);
    this.revision = event.rev;
    const d = this.day;
    if (carriesRequest(event)) remember(d.requestLog, event);
    switch (event.type) {
      case 'day:opened':
        this.day = emptyDay(event.serviceDay);
        return;
      case 'config:changed':
        return;
      case 'booking:made':
      case 'booking:carried':
      case 'booking:cancelled':
      case 'booking:noShow':
        applyBookingEvent(d, event, at);
        return;
      case 'results:ready':
      case 'results:unready':
      case 'results:promised':
      case 'results:carried':
        applyResultsEvent(d, event, at);
        return;
      case 'numbers:reserved':
        if (event.serviceId === null) d.seqFloor = Math.max(d.seqFloor, event.upTo);
        else d.seqByService.set(event.serviceId, Math.max(d.seqByService.get(event.serviceId) ?? 0, event.upTo));
        return;
      case 'ticket:issued': {
        const e = event.ticket;
        const t = newTicket(e, at, ms);
        if (event.booking) this.bookedTicket(t, event.booking.id);
        if (event.pickup) t.pickup = { fileCode: event.pickup.fileCode, ready: event.pickup.ready };
        d.tickets.set(t.id, t);
        d.byToken.set(t.token, t);
        if (t.requestId) d.byRequest.set(t.requestId, t);
        applyCheckIn(d, event.booking, t.id);
        d.seqByService.set(t.serviceId, Math.max(d.seqByService.get(t.serviceId) ?? 0, e.seq));
        this.joinQueue(t);
        return;
      }
      case 'ticket:called': {
        const t = this.mustTicket(event.ticketId);
        const c = this.runtime(event.counterId);
        this.leaveQueue(t);
        t.state = 'called';
        t.calledAt = at;
        t.firstCalledMs ??= ms;
        t.counterId = event.counterId;
        t.callCount += 1;
        t.staffUserId = event.userId ?? c.userId;
        t.timeline.push({ type: event.recall ? 'recalled' : 'called', at, counterId: event.counterId });
        if (!event.recall) {
          c.currentTicketId = t.id;
          c.since = at;
          c.normalsSincePriority = t.priority ? 0 : c.normalsSincePriority + 1;
          if (!t.priority) c.walkInsSinceBooked = t.booked === 'slot' ? 0 : c.walkInsSinceBooked + 1;
        }
        d.recentCalls.unshift({ ticketId: t.id, counterId: event.counterId, at, recall: event.recall });
        if (d.recentCalls.length > RECENT_CALLS) d.recentCalls.length = RECENT_CALLS;
        return;
      }
      case 'ticket:started': {
        const t = this.mustTicket(event.ticketId);
        t.state = 'serving';
        t.startedMs = ms;
        t.timeline.push({ type: 'started', at, counterId: event.counterId });
        this.runtime(event.counterId).since = at;
        return;
      }
      case 'ticket:completed': {
        const t = this.mustTicket(event.ticketId);
        t.startedMs ??= Date.parse(t.calledAt ?? at);
        t.state = 'done';
        t.finishedMs = ms;
        t.fileCode = event.fileCode ?? t.pickup?.fileCode ?? null;
        if (t.pickup) collect(d, t.pickup.fileCode, at);
        else if (event.fileCode) linkFirstVisit(d, t, event.fileCode);
        t.timeline.push({ type: 'completed', at, counterId: event.counterId });
        const samples = d.serveSamples.get(t.serviceId) ?? [];
        samples.push(ms - t.startedMs);
        if (samples.length > SERVE_SAMPLES) samples.shift();
        d.serveSamples.set(t.serviceId, samples);
        this.releaseCounter(event.counterId, t, at, ms);
        return;
      }
      case 'ticket:noShow': {
        const t = this.mustTicket(event.ticketId);
        t.state = 'no_show';
        t.finishedMs = ms;
        t.timeline.push({ type: 'no_show', at, counterId: event.counterId });
        this.releaseCounter(event.counterId, null, at, ms);
        return;
      }
      case 'ticket:transferred': {
        const t = this.mustTicket(event.ticketId);
        this.leaveQueue(t);
        t.state = 'waiting';
        t.serviceId = event.toServiceId;
        t.targetCounterId = event.toCounterId;
        t.counterId = null;
        t.calledAt = null;
        t.startedMs = null;
        t.transfers += 1;
        t.timeline.push({
          type: 'transferred',
          at,
          ...(event.fromCounterId ? { counterId: event.fromCounterId } : {}),
          serviceId: event.toServiceId,
        });
        this.joinQueue(t);
        if (event.fromCounterId) this.releaseCounter(event.fromCounterId, null, at, ms);
        return;
      }
      case 'ticket:cancelled':
      case 'ticket:expired': {
        const t = this.mustTicket(event.ticketId);
        this.leaveQueue(t);
        t.state = event.type === 'ticket:cancelled' ? 'cancelled' : 'expired';
        t.finishedMs = ms;
        t.timeline.push({ type: t.state, at });
        if (event.counterId) this.releaseCounter(event.counterId, null, at, ms);
        return;
      }
      case 'ticket:rated': {
        const t = this.mustTicket(event.ticketId);
        t.rating = event.score;
        t.ratingScale = event.scale;
        t.ratingComment = event.comment;
        t.timeline.push({ type: 'rated', at });
        return;
      }
      case 'counter:opened': {
        const c = this.runtime(event.counterId);
        c.status = 'open';
        c.userId = event.userId;
        c.staffName = event.staffName;
        c.since = at;
        // Fix: a takeover of a paused counter sets it open; the old pause reason must go with
        // the pause, or the counter shows "idle" with a stale reason until it is paused or closed.
        c.pausedReason = null;
        return;
      }
      case 'counter:closed': {
        const c = this.runtime(event.counterId);
        Object.assign(c, { status: 'closed', userId: null, staffName: null, pausedReason: null, since: at });
        return;
      }
      case 'counter:paused': {
        const c = this.runtime(event.counterId);
        c.status = 'paused';
        c.pausedReason = event.reason;
        c.since = at;
        return;
      }
      case 'counter:resumed': {
        const c = this.runtime(event.counterId);
        c.status = 'open';
        c.pausedReason = null;
        c.since = at;
        return;
      }
      case 'ticket:putBack': {
        const t = this.mustTicket(event.ticketId);
        t.state = 'waiting';
        t.queuedAt = event.queuedAt;
        t.queuedMs = Date.parse(event.queuedAt);
        t.counterId = null;
        t.targetCounterId = null;
        t.calledAt = null;
        t.startedMs = null;
        t.finishedMs = null;
        t.putBacks += 1;
        t.timeline.push({ type: 'put_back', at });
        this.joinQueue(t);
        return;
      }
      case 'alarm:raised':
        d.alarms.set(event.alarmId, {
          id: event.alarmId, counterId: event.counterId, userId: event.userId, staffName: event.staffName,
          raisedAt: event.since ?? at, answers: [],
        });
        return;
      case 'alarm:answered':
        this.mustAlarm(event.alarmId).answers.push({ userId: event.userId, staffName: event.staffName, at });
        return;
      case 'alarm:ended':
        this.mustAlarm(event.alarmId);
        d.alarms.delete(event.alarmId);
        return;
    }
  }

  /** Everything `apply` needs checked before it may change anything. */
  private check(event: JournalEvent, ms: number): void {
    const e = event as Partial<JournalEvent> & Record<string, unknown>;
    if (!Number.isSafeInteger(e.rev) || typeof e.at !== 'string' || Number.isNaN(ms)) {
      throw new Error(`journal event without a valid rev and time: ${String(e.type)}`);
    }
    switch (event.type) {
      case 'day:opened':
        if (typeof event.serviceDay !== 'string') throw new Error('journal opens a day without a date');
        return;
      case 'config:changed':
        return;
      case 'numbers:reserved':
        if (!Number.isSafeInteger(event.upTo) || event.upTo < 0) throw new Error('journal reserves a bad number');
        if (event.serviceId !== null && typeof event.serviceId !== 'string') throw new Error('journal reserves for a bad service');
        return;
      case 'ticket:issued': {
        const t = event.ticket as Partial<EventBody & { type: 'ticket:issued' }>['ticket'];
        if (typeof t?.id !== 'string' || typeof t.serviceId !== 'string' || !Number.isSafeInteger(t.seq)) {
          throw new Error('journal issues a malformed ticket');
        }
        if (this.day.tickets.has(t.id)) throw new Error(`journal issues ticket ${t.id} twice`);
        checkCheckIn(this.day, event.booking);
        return;
      }
      case 'booking:made':
      case 'booking:carried':
      case 'booking:cancelled':
      case 'booking:noShow': {
        checkBookingEvent(this.day, event);
        return;
      }
      case 'results:ready':
      case 'results:unready':
      case 'results:promised':
      case 'results:carried':
        checkResultsEvent(event);
        return;
      case 'counter:opened':
      case 'counter:closed':
      case 'counter:paused':
      case 'counter:resumed':
        if (typeof event.counterId !== 'string') throw new Error(`journal ${event.type} names no counter`);
        return;
      case 'ticket:called':
      case 'ticket:started':
      case 'ticket:completed':
      case 'ticket:noShow':
        this.mustTicket(event.ticketId);
        // A damaged counter id would otherwise make a counter keyed "undefined".
        if (typeof event.counterId !== 'string') throw new Error(`journal ${event.type} names no counter`);
        return;
      case 'ticket:transferred':
        this.mustTicket(event.ticketId);
        if (typeof event.toServiceId !== 'string') throw new Error('journal transfers to no service');
        if (!optionalId(event.fromCounterId) || !optionalId(event.toCounterId)) throw new Error('journal transfers with a bad counter');
        return;
      case 'ticket:cancelled':
      case 'ticket:expired':
        this.mustTicket(event.ticketId);
        if (!optionalId(event.counterId)) throw new Error(`journal ${event.type} names a bad counter`);
        return;
      case 'ticket:rated':
        this.mustTicket(event.ticketId);
        return;
      case 'ticket:putBack': {
        const t = this.mustTicket(event.ticketId);
        if (t.state !== 'no_show') throw new Error('journal puts back a ticket that is no no-show');
        if (typeof event.queuedAt !== 'string' || Number.isNaN(Date.parse(event.queuedAt))) throw new Error('journal puts back to no instant');
        return;
      }
      case 'alarm:raised':
        if (typeof event.alarmId !== 'string' || typeof event.counterId !== 'string') throw new Error('journal raises a malformed alarm');
        if (this.day.alarms.has(event.alarmId)) throw new Error(`journal raises alarm ${event.alarmId} twice`);
        return;
      case 'alarm:answered':
      case 'alarm:ended':
        this.mustAlarm(event.alarmId);
        return;
      default:
        throw new Error(`journal has an unknown event ${String((event as { type?: unknown }).type)}`);
    }
  }

  /**
   * A booked ticket's place: a remote number queues from when it was booked (the citizen has
   * been waiting from home), a slot from its slot's start (booked slots come before walk-ins).
   */
  private bookedTicket(t: Ticket, bookingId: string): void {
    const b = this.day.bookings.get(bookingId)!;
    t.bookingId = b.id;
    t.booked = b.kind;
    t.slotAt = b.at;
    t.queuedAt = b.kind === 'slot' ? b.at! : b.madeAt;
    t.queuedMs = Date.parse(t.queuedAt);
  }

  private releaseCounter(counterId: string, finished: Ticket | null, at: string, ms: number): void {
    const c = this.runtime(counterId);
    c.currentTicketId = null;
    c.since = at;
    if (finished) {
      c.lastFinishedTicketId = finished.id;
      c.lastFinishedMs = ms;
    }
  }

  // ── lookups ─────────────────────────────────────────────────────────

  /** The last number (as a sequence) given out or reserved today for the service. */
  lastSeq(serviceId: string): number {
    return Math.max(this.day.seqByService.get(serviceId) ?? 0, this.day.seqFloor);
  }

  waitingSet(serviceId: string): Set<string> {
    let set = this.day.waiting.get(serviceId);
    if (!set) {
      set = new Set();
      this.day.waiting.set(serviceId, set);
    }
    return set;
  }

  /** A service's waiting tickets in queue order. */
  queueOf(serviceId: string): readonly Ticket[] {
    return this.day.queues.get(serviceId) ?? NO_TICKETS;
  }

  /** Index of a waiting ticket in its service's queue (binary search), -1 if not there. */
  placeInQueue(t: Ticket): number {
    const list = this.queueOf(t.serviceId);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareQueue(list[mid]!, t) < 0) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] === t ? lo : -1;
  }

  private joinQueue(t: Ticket): void {
    this.waitingSet(t.serviceId).add(t.id);
    let list = this.day.queues.get(t.serviceId);
    if (!list) this.day.queues.set(t.serviceId, (list = []));
    // Tickets mostly arrive in order: appending is the common case.
    const last = list[list.length - 1];
    if (!last || compareQueue(last, t) < 0) list.push(t);
    else insertInQueue(list, t, placeOfTicket);
  }

  private leaveQueue(t: Ticket): void {
    if (!this.waitingSet(t.serviceId).delete(t.id)) return;
    const i = this.placeInQueue(t);
    if (i >= 0) this.day.queues.get(t.serviceId)!.splice(i, 1);
  }

  runtime(counterId: string): CounterRuntime {
    let r = this.day.counters.get(counterId);
    if (!r) {
      r = newRuntime();
      this.day.counters.set(counterId, r);
    }
    return r;
  }

  runtimeOf(counterId: string): CounterRuntime {
    this.mustCounter(counterId);
    return this.runtime(counterId);
  }

  mustCounter(counterId: string): Counter {
    const c = this.counters.get(counterId);
    if (!c) throw err('not_found', 'counterNotFound', { field: 'counterId' });
    return c;
  }

  currentOf(counterId: string): Ticket {
    const c = this.runtimeOf(counterId);
    if (!c.currentTicketId) throw err('conflict', 'counterNoTicket');
    return this.mustTicket(c.currentTicketId);
  }

  findTicket(id: string): Ticket {
    const t = this.day.tickets.get(id);
    if (!t) throw err('not_found', 'ticketNotFound', { field: 'ticketId' });
    return t;
  }

  mustAlarm(id: string): Alarm {
    const a = this.day.alarms.get(id);
    if (!a) throw new Error(`journal names unknown alarm ${id}`);
    return a;
  }

  mustTicket(id: string): Ticket {
    const t = this.day.tickets.get(id);
    if (!t) throw new Error(`journal names unknown ticket ${id}`);
    return t;
  }
}

const optionalId = (v: unknown): boolean => v === null || typeof v === 'string';
