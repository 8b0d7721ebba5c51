// The queue engine: every rule of the office, pure (no I/O; clock and ids injected).
// Commands check the rules against the current state, then commit events; `apply`
// is the only code that changes state, so a replay of the journal rebuilds it exactly.
import { LuotError } from '../../shared/errors.js';
import { formatTicketNumber, publicTicket } from '../../shared/format.js';
import { CLOSED_REASONS, MESSAGES, type MessageKey } from '../../shared/i18n.js';
import type {
  ClosedReason, Counter, PublicCounter, PublicService, PublicTicket, Priority, RecentCall, Service,
  Settings, Snapshot, StaffSnapshot, StaffTicket, TicketState,
} from '../../shared/types.js';
import type { EventBody, JournalEvent } from './events.js';
import { addDays, checkHours, instantOf, isoLocal, serviceDayOf } from './time.js';

export interface EngineConfig {
  services: Service[];
  counters: Counter[];
  settings: Pick<Settings, 'officeName' | 'timeZone' | 'priorityPolicy' | 'defaultServeMin'>;
}

export interface EngineDeps {
  now: () => Date;
  newId: () => string;
  newToken: () => string;
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
  queuedMs: number;
  calledAt: string | null;
  firstCalledMs: number | null;
  startedMs: number | null;
  finishedMs: number | null;
  counterId: string | null;
  targetCounterId: string | null;
  callCount: number;
  transfers: number;
  staffUserId: string | null;
  fileCode: string | null;
  rating: number | null;
  ratingScale: number | null;
  ratingComment: string | null;
  timeline: { type: string; at: string; counterId?: string; serviceId?: string }[];
}

interface CounterRuntime {
  status: 'closed' | 'open' | 'paused';
  userId: string | null;
  staffName: string | null;
  currentTicketId: string | null;
  pausedReason: string | null;
  since: string | null;
  normalsSincePriority: number;
  lastFinishedTicketId: string | null;
  lastFinishedMs: number | null;
}

interface DayState {
  serviceDay: string;
  tickets: Map<string, Ticket>;
  byToken: Map<string, Ticket>;
  byRequest: Map<string, Ticket>;
  seqByService: Map<string, number>;
  /** Numbers reserved for every service (`numbers:reserved` with no service): the day's floor. */
  seqFloor: number;
  waiting: Map<string, Set<string>>;
  counters: Map<string, CounterRuntime>;
  recentCalls: { ticketId: string; counterId: string; at: string; recall: boolean }[];
  serveSamples: Map<string, number[]>;
}

export interface Actor {
  userId: string | null;
}

const SERVE_SAMPLES = 20;
const RECENT_CALLS = 10;
const FINAL: ReadonlySet<TicketState> = new Set(['done', 'no_show', 'cancelled', 'expired']);

function err(code: LuotError['code'], key: MessageKey, extra: LuotError['extra'] = {}): LuotError {
  return new LuotError(code, MESSAGES[key].vi, MESSAGES[key].en, extra);
}

function emptyDay(serviceDay: string): DayState {
  return {
    serviceDay,
    tickets: new Map(),
    byToken: new Map(),
    byRequest: new Map(),
    seqByService: new Map(),
    seqFloor: 0,
    waiting: new Map(),
    counters: new Map(),
    recentCalls: [],
    serveSamples: new Map(),
  };
}

export function isFinal(state: TicketState): boolean {
  return FINAL.has(state);
}

export class QueueEngine {
  private day: DayState = emptyDay('');
  private revision = 0;
  private config!: EngineConfig;
  private services = new Map<string, Service>();
  private counters = new Map<string, Counter>();

  constructor(config: EngineConfig, private readonly deps: EngineDeps) {
    this.setConfig(config);
  }

  get rev(): number {
    return this.revision;
  }

  get serviceDay(): string {
    return this.day.serviceDay;
  }

  get timeZone(): string {
    return this.config.settings.timeZone;
  }

  setConfig(config: EngineConfig): void {
    this.config = config;
    this.services = new Map(config.services.map((s) => [s.id, s]));
    this.counters = new Map(config.counters.map((c) => [c.id, c]));
  }

  // ── replay and commit ───────────────────────────────────────────────

  /**
   * Back to a freshly constructed engine with the same config (rev 0, no day), so the office
   * can replay the journal again into the object everything else already holds.
   */
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
    this.check(event);
    this.revision = event.rev;
    const d = this.day;
    const at = event.at;
    const ms = Date.parse(at);
    switch (event.type) {
      case 'day:opened':
        this.day = emptyDay(event.serviceDay);
        return;
      case 'config:changed':
        return;
      case 'numbers:reserved':
        if (event.serviceId === null) d.seqFloor = Math.max(d.seqFloor, event.upTo);
        else d.seqByService.set(event.serviceId, Math.max(d.seqByService.get(event.serviceId) ?? 0, event.upTo));
        return;
      case 'ticket:issued': {
        const e = event.ticket;
        // Every field written here in one fixed order: tickets share one hidden class, which
        // keeps replaying a busy day's journal fast.
        const t: Ticket = {
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
          queuedMs: ms,
          calledAt: null,
          firstCalledMs: null,
          startedMs: null,
          finishedMs: null,
          counterId: null,
          targetCounterId: null,
          callCount: 0,
          transfers: 0,
          staffUserId: null,
          fileCode: null,
          rating: null,
          ratingScale: null,
          ratingComment: null,
          timeline: [{ type: 'issued', at, serviceId: e.serviceId }],
        };
        d.tickets.set(t.id, t);
        d.byToken.set(t.token, t);
        if (t.requestId) d.byRequest.set(t.requestId, t);
        d.seqByService.set(t.serviceId, Math.max(d.seqByService.get(t.serviceId) ?? 0, e.seq));
        this.waitingSet(t.serviceId).add(t.id);
        return;
      }
      case 'ticket:called': {
        const t = this.mustTicket(event.ticketId);
        const c = this.runtime(event.counterId);
        this.waitingSet(t.serviceId).delete(t.id);
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
        t.fileCode = event.fileCode;
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
        this.waitingSet(t.serviceId).delete(t.id);
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
        this.waitingSet(t.serviceId).add(t.id);
        if (event.fromCounterId) this.releaseCounter(event.fromCounterId, null, at, ms);
        return;
      }
      case 'ticket:cancelled':
      case 'ticket:expired': {
        const t = this.mustTicket(event.ticketId);
        this.waitingSet(t.serviceId).delete(t.id);
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
    }
  }

  /** Everything `apply` needs checked before it may change anything. */
  private check(event: JournalEvent): void {
    const e = event as Partial<JournalEvent> & Record<string, unknown>;
    if (!Number.isSafeInteger(e.rev) || typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at))) {
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
        return;
      }
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
      case 'ticket:transferred':
      case 'ticket:cancelled':
      case 'ticket:expired':
      case 'ticket:rated':
        this.mustTicket(event.ticketId);
        return;
      default:
        throw new Error(`journal has an unknown event ${String((event as { type?: unknown }).type)}`);
    }
  }

  private commit(body: EventBody): JournalEvent {
    const event = { ...body, rev: this.revision + 1, at: isoLocal(this.deps.now(), this.timeZone) } as JournalEvent;
    this.apply(event);
    return event;
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

  // ── the day ─────────────────────────────────────────────────────────

  /**
   * Starts the service day of `now` if it is not the current one: everything still open
   * from the old day expires (never carried over silently), numbering restarts.
   */
  rollover(): JournalEvent[] {
    const today = serviceDayOf(this.deps.now(), this.timeZone);
    // Forward only: a PC clock corrected backwards over midnight must not reopen a finished
    // day, or A001 would be issued twice for one real day.
    if (today <= this.day.serviceDay) return [];
    const events: JournalEvent[] = [];
    for (const t of this.day.tickets.values()) {
      if (isFinal(t.state)) continue;
      const counterId = t.state === 'waiting' ? null : t.counterId;
      events.push(this.commit({ type: 'ticket:expired', ticketId: t.id, counterId }));
    }
    events.push(this.commit({ type: 'day:opened', serviceDay: today }));
    return events;
  }

  // ── issuing ─────────────────────────────────────────────────────────

  issue(cmd: { serviceId: string; priority?: Priority | null; requestId?: string }): {
    events: JournalEvent[];
    ticket: Ticket;
    duplicate: boolean;
  } {
    if (cmd.requestId) {
      const seen = this.day.byRequest.get(cmd.requestId);
      if (seen) return { events: [], ticket: seen, duplicate: true };
    }
    const service = this.services.get(cmd.serviceId);
    if (!service) throw err('not_found', 'serviceNotFound', { field: 'serviceId' });
    const status = this.serviceStatus(service);
    if (status.reason) {
      const r = CLOSED_REASONS[status.reason];
      throw new LuotError('closed', r.vi, r.en, { reason: status.reason, nextOpen: status.nextOpen });
    }
    const seq = this.lastSeq(service.id) + 1;
    const event = this.commit({
      type: 'ticket:issued',
      ticket: {
        id: this.deps.newId(),
        token: this.deps.newToken(),
        serviceId: service.id,
        seq,
        number: formatTicketNumber(service, seq),
        priority: cmd.priority ?? null,
        requestId: cmd.requestId ?? null,
      },
    });
    return { events: [event], ticket: this.mustTicket((event as { ticket: { id: string } }).ticket.id), duplicate: false };
  }

  /**
   * Raises the day's numbering so no number up to each floor is given out again (after a
   * damaged journal, when tickets may have been printed that the journal no longer holds).
   * Only floors that change something become events.
   */
  reserveNumbers(floors: { serviceId: string | null; upTo: number }[]): JournalEvent[] {
    if (!this.day.serviceDay) throw new Error('reserveNumbers: no service day is open');
    const events: JournalEvent[] = [];
    for (const { serviceId, upTo } of floors) {
      const current = serviceId === null ? this.day.seqFloor : this.lastSeq(serviceId);
      if (upTo > current) events.push(this.commit({ type: 'numbers:reserved', serviceId, upTo }));
    }
    return events;
  }

  /** The last number (as a sequence) given out or reserved today for the service. */
  private lastSeq(serviceId: string): number {
    return Math.max(this.day.seqByService.get(serviceId) ?? 0, this.day.seqFloor);
  }

  serviceStatus(service: Service): { reason: ClosedReason | null; nextOpen: string | null } {
    if (!service.active) return { reason: 'inactive', nextOpen: null };
    const now = this.deps.now();
    const hours = checkHours(service.hours, now, this.timeZone);
    if (!hours.open) return { reason: hours.reason, nextOpen: hours.nextOpen };
    const issued = this.lastSeq(service.id);
    if (service.dailyLimit !== null && issued >= service.dailyLimit) {
      const tomorrow = instantOf(addDays(serviceDayOf(now, this.timeZone), 1), 0, this.timeZone);
      const next = checkHours(service.hours, tomorrow, this.timeZone);
      return { reason: 'limit_reached', nextOpen: next.open ? isoLocal(tomorrow, this.timeZone) : next.nextOpen };
    }
    return { reason: null, nextOpen: null };
  }

  // ── counters ────────────────────────────────────────────────────────

  openCounter(counterId: string, user: { id: string; name: string }, takeOver: boolean): JournalEvent[] {
    const c = this.runtimeOf(counterId);
    if (c.status !== 'closed') {
      if (c.userId === user.id) return [];
      if (!takeOver) throw err('conflict', 'counterTaken');
    }
    return [this.commit({ type: 'counter:opened', counterId, userId: user.id, staffName: user.name })];
  }

  closeCounter(counterId: string): JournalEvent[] {
    const c = this.runtimeOf(counterId);
    if (c.status === 'closed') return [];
    if (c.currentTicketId) throw err('conflict', 'counterBusy');
    return [this.commit({ type: 'counter:closed', counterId })];
  }

  pauseCounter(counterId: string, reason: string | null): JournalEvent[] {
    const c = this.runtimeOf(counterId);
    if (c.status === 'closed') throw err('conflict', 'counterClosed');
    if (c.status === 'paused') return [];
    if (c.currentTicketId) throw err('conflict', 'counterBusy');
    return [this.commit({ type: 'counter:paused', counterId, reason: reason || null })];
  }

  resumeCounter(counterId: string): JournalEvent[] {
    const c = this.runtimeOf(counterId);
    if (c.status !== 'paused') throw err('conflict', 'counterNotPaused');
    return [this.commit({ type: 'counter:resumed', counterId })];
  }

  /** Who holds the counter now (for the staff-may-only-use-their-counter rule). */
  counterHolder(counterId: string): string | null {
    return this.runtimeOf(counterId).userId;
  }

  // ── calling and serving ─────────────────────────────────────────────

  callNext(counterId: string, actor: Actor): { events: JournalEvent[]; ticket: Ticket | null } {
    const counter = this.mustCounter(counterId);
    this.assertReadyToCall(counterId);
    const next = this.pickNext(counter);
    if (!next) return { events: [], ticket: null };
    return { events: [this.callEvent(next, counterId, false, actor)], ticket: next };
  }

  call(counterId: string, ticketId: string, actor: Actor): { events: JournalEvent[]; ticket: Ticket } {
    const counter = this.mustCounter(counterId);
    this.assertReadyToCall(counterId);
    const t = this.findTicket(ticketId);
    if (t.state !== 'waiting') throw err('conflict', 'ticketNotWaiting');
    if (t.targetCounterId && t.targetCounterId !== counterId) throw err('conflict', 'ticketForOtherCounter');
    if (!t.targetCounterId && !counter.serviceIds.includes(t.serviceId)) throw err('conflict', 'serviceNotAtCounter');
    return { events: [this.callEvent(t, counterId, false, actor)], ticket: t };
  }

  recall(counterId: string, actor: Actor): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.currentOf(counterId);
    if (t.state !== 'called') throw err('conflict', 'ticketNotCalled');
    return { events: [this.callEvent(t, counterId, true, actor)], ticket: t };
  }

  start(counterId: string): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.currentOf(counterId);
    if (t.state !== 'called') throw err('conflict', 'ticketNotCalled');
    return { events: [this.commit({ type: 'ticket:started', ticketId: t.id, counterId })], ticket: t };
  }

  /** Completing straight from `called` is allowed: many clerks never press "start". */
  complete(counterId: string, fileCode: string | null): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.currentOf(counterId);
    return {
      events: [this.commit({ type: 'ticket:completed', ticketId: t.id, counterId, fileCode: fileCode || null })],
      ticket: t,
    };
  }

  noShow(counterId: string): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.currentOf(counterId);
    if (t.state !== 'called') throw err('conflict', 'ticketNotCalled');
    return { events: [this.commit({ type: 'ticket:noShow', ticketId: t.id, counterId })], ticket: t };
  }

  /** Sends the counter's current ticket back to a queue, keeping its number, place and history. */
  transfer(
    counterId: string,
    to: { toServiceId?: string | undefined; toCounterId?: string | undefined },
  ): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.currentOf(counterId);
    return { events: [this.transferEvent(t, counterId, to)], ticket: t };
  }

  /** A supervisor moves a waiting ticket to another queue or counter. */
  transferWaiting(
    ticketId: string,
    to: { toServiceId?: string | undefined; toCounterId?: string | undefined },
  ): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.findTicket(ticketId);
    if (t.state !== 'waiting') throw err('conflict', 'ticketNotWaiting');
    return { events: [this.transferEvent(t, null, to)], ticket: t };
  }

  cancel(ticketId: string, actor: Actor): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.findTicket(ticketId);
    if (isFinal(t.state)) throw err('conflict', 'ticketFinished');
    const counterId = t.state === 'waiting' ? null : t.counterId;
    return {
      events: [this.commit({ type: 'ticket:cancelled', ticketId: t.id, counterId, userId: actor.userId })],
      ticket: t,
    };
  }

  rate(token: string, score: number, comment: string | null, scale: number): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.day.byToken.get(token);
    if (!t) throw err('not_found', 'ticketNotFound');
    return this.rateTicket(t, score, comment, scale);
  }

  /** The counter display rates the ticket last finished there, within five minutes. */
  rateAtCounter(counterId: string, score: number, scale: number): { events: JournalEvent[]; ticket: Ticket } {
    const c = this.runtimeOf(counterId);
    if (!c.lastFinishedTicketId || c.lastFinishedMs === null) throw err('conflict', 'ratingNothing');
    if (this.deps.now().getTime() - c.lastFinishedMs > 5 * 60_000) throw err('conflict', 'ratingTooLate');
    return this.rateTicket(this.mustTicket(c.lastFinishedTicketId), score, null, scale);
  }

  configChanged(): JournalEvent[] {
    return [this.commit({ type: 'config:changed' })];
  }

  private rateTicket(t: Ticket, score: number, comment: string | null, scale: number) {
    if (score > scale) throw err('invalid', 'ratingScale', { field: 'score' });
    if (t.state !== 'done') throw err('conflict', 'ratingNotDone');
    if (t.rating !== null) throw err('conflict', 'ratingTwice');
    return { events: [this.commit({ type: 'ticket:rated', ticketId: t.id, score, scale, comment })], ticket: t };
  }

  private transferEvent(
    t: Ticket,
    fromCounterId: string | null,
    to: { toServiceId?: string | undefined; toCounterId?: string | undefined },
  ): JournalEvent {
    const toServiceId = to.toServiceId ?? t.serviceId;
    if (!this.services.has(toServiceId)) throw err('not_found', 'serviceNotFound', { field: 'toServiceId' });
    const toCounterId = to.toCounterId ?? null;
    if (toCounterId !== null) this.mustCounter(toCounterId);
    // Sending a ticket back into its own queue is allowed (the citizen went to fetch a paper);
    // sending it to the counter it is at, or leaving a waiting ticket where it is, is a slip.
    const toSelf = toCounterId !== null && toCounterId === fromCounterId;
    const noChange = fromCounterId === null && toServiceId === t.serviceId && toCounterId === t.targetCounterId;
    if (toSelf || noChange) throw err('conflict', 'transferSame');
    return this.commit({
      type: 'ticket:transferred',
      ticketId: t.id,
      fromCounterId,
      fromServiceId: t.serviceId,
      toServiceId,
      toCounterId,
    });
  }

  private callEvent(t: Ticket, counterId: string, recall: boolean, actor: Actor): JournalEvent {
    return this.commit({ type: 'ticket:called', ticketId: t.id, counterId, recall, userId: actor.userId });
  }

  private assertReadyToCall(counterId: string): void {
    const c = this.runtimeOf(counterId);
    if (c.status === 'closed') throw err('conflict', 'counterClosed');
    if (c.status === 'paused') throw err('conflict', 'counterPaused');
    if (c.currentTicketId) throw err('conflict', 'counterBusy');
  }

  /**
   * Priority tickets first (strictly, or one after every N normal ones), then the oldest;
   * equal times follow the counter's service order. Tickets transferred to this counter
   * by name are eligible whatever their service.
   */
  private pickNext(counter: Counter): Ticket | null {
    let bestPriority: Ticket | null = null;
    let bestNormal: Ticket | null = null;
    let bestPriorityRank = 0;
    let bestNormalRank = 0;
    for (const [serviceId, ids] of this.day.waiting) {
      const order = counter.serviceIds.indexOf(serviceId);
      for (const id of ids) {
        const t = this.day.tickets.get(id)!;
        if (t.targetCounterId ? t.targetCounterId !== counter.id : order < 0) continue;
        const rank = t.queuedMs * 1000 + (order < 0 ? counter.serviceIds.length : order);
        if (t.priority) {
          if (!bestPriority || rank < bestPriorityRank || (rank === bestPriorityRank && t.seq < bestPriority.seq)) {
            bestPriority = t;
            bestPriorityRank = rank;
          }
        } else if (!bestNormal || rank < bestNormalRank || (rank === bestNormalRank && t.seq < bestNormal.seq)) {
          bestNormal = t;
          bestNormalRank = rank;
        }
      }
    }
    if (!bestPriority) return bestNormal;
    if (!bestNormal) return bestPriority;
    const policy = this.config.settings.priorityPolicy;
    if (policy.mode === 'strict') return bestPriority;
    return this.runtimeOf(counter.id).normalsSincePriority >= policy.every ? bestPriority : bestNormal;
  }

  // ── reading ─────────────────────────────────────────────────────────

  ticketByToken(token: string): Ticket | undefined {
    return this.day.byToken.get(token);
  }

  ticketById(id: string): Ticket | undefined {
    return this.day.tickets.get(id);
  }

  tickets(): IterableIterator<Ticket> {
    return this.day.tickets.values();
  }

  counterOfTicket(t: Ticket): Counter | null {
    return t.counterId ? (this.counters.get(t.counterId) ?? null) : null;
  }

  /** People who will be called before `t` in its service. */
  ahead(t: Ticket): number {
    if (t.state !== 'waiting') return 0;
    let n = 0;
    for (const id of this.waitingSet(t.serviceId)) {
      const o = this.day.tickets.get(id)!;
      if (o === t) continue;
      const before = t.priority
        ? o.priority !== null && (o.queuedMs < t.queuedMs || (o.queuedMs === t.queuedMs && o.seq < t.seq))
        : o.priority !== null || o.queuedMs < t.queuedMs || (o.queuedMs === t.queuedMs && o.seq < t.seq);
      if (before) n++;
    }
    return n;
  }

  estimatedWaitMin(serviceId: string, ahead: number): number {
    if (ahead === 0) return 0;
    const serving = [...this.counters.values()].filter(
      (c) => c.serviceIds.includes(serviceId) && this.runtimeOf(c.id).status === 'open',
    ).length;
    const samples = this.day.serveSamples.get(serviceId);
    const avgMs = samples?.length
      ? samples.reduce((a, b) => a + b, 0) / samples.length
      : this.config.settings.defaultServeMin * 60_000;
    return Math.ceil((ahead * avgMs) / Math.max(1, serving) / 60_000);
  }

  publicTicket(t: Ticket): PublicTicket {
    return publicTicket(t);
  }

  staffTicket(t: Ticket): StaffTicket {
    return {
      ...this.publicTicket(t),
      startedAt: t.startedMs === null ? null : isoLocal(new Date(t.startedMs), this.timeZone),
      targetCounterId: t.targetCounterId,
      transfers: t.transfers,
    };
  }

  publicService(id: string): PublicService | null {
    const s = this.services.get(id);
    if (!s) return null;
    const status = this.serviceStatus(s);
    const waiting = this.waitingSet(id).size;
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
    const c = this.counters.get(id);
    if (!c) return null;
    const r = this.runtimeOf(id);
    const current = r.currentTicketId ? this.mustTicket(r.currentTicketId) : null;
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
    };
  }

  waitingList(serviceId: string): StaffTicket[] {
    return [...this.waitingSet(serviceId)]
      .map((id) => this.mustTicket(id))
      .sort((a, b) => (a.priority ? 0 : 1) - (b.priority ? 0 : 1) || a.queuedMs - b.queuedMs || a.seq - b.seq)
      .map((t) => this.staffTicket(t));
  }

  snapshot(): Snapshot {
    const services = [...this.services.values()].sort((a, b) => a.order - b.order);
    const counters = [...this.counters.values()].sort((a, b) => a.number - b.number);
    return {
      rev: this.revision,
      serviceDay: this.day.serviceDay,
      office: { name: this.config.settings.officeName },
      services: services.map((s) => this.publicService(s.id)!),
      counters: counters.map((c) => this.publicCounter(c.id)!),
      recentCalls: this.day.recentCalls.map(
        (r): RecentCall => ({ ticket: this.publicTicket(this.mustTicket(r.ticketId)), counterId: r.counterId, at: r.at, recall: r.recall }),
      ),
    };
  }

  staffSnapshot(): StaffSnapshot {
    const waiting: Record<string, StaffTicket[]> = {};
    for (const id of this.services.keys()) waiting[id] = this.waitingList(id);
    return { ...this.snapshot(), waiting };
  }

  /** Which services and counters an event changed, for `update` deltas. */
  affected(event: JournalEvent): { services: string[]; counters: string[]; all: boolean } {
    const services = new Set<string>();
    const counters = new Set<string>();
    const ticketService = (id: string) => {
      const t = this.day.tickets.get(id);
      if (t) services.add(t.serviceId);
    };
    switch (event.type) {
      case 'day:opened':
      case 'config:changed':
        return { services: [], counters: [], all: true };
      case 'ticket:issued':
        services.add(event.ticket.serviceId);
        break;
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
        break;
      case 'numbers:reserved':
        // Reserved numbers count towards daily limits: the services' open state may change.
        if (event.serviceId === null) return { services: [...this.services.keys()], counters: [], all: false };
        services.add(event.serviceId);
        break;
      case 'counter:opened':
      case 'counter:closed':
      case 'counter:paused':
      case 'counter:resumed':
        counters.add(event.counterId);
        for (const s of this.counters.get(event.counterId)?.serviceIds ?? []) services.add(s);
        break;
      default:
        ticketService(event.ticketId);
        counters.add(event.counterId);
    }
    return { services: [...services], counters: [...counters], all: false };
  }

  // ── helpers ─────────────────────────────────────────────────────────

  private waitingSet(serviceId: string): Set<string> {
    let set = this.day.waiting.get(serviceId);
    if (!set) {
      set = new Set();
      this.day.waiting.set(serviceId, set);
    }
    return set;
  }

  private runtime(counterId: string): CounterRuntime {
    let r = this.day.counters.get(counterId);
    if (!r) {
      r = {
        status: 'closed', userId: null, staffName: null, currentTicketId: null, pausedReason: null,
        since: null, normalsSincePriority: 0, lastFinishedTicketId: null, lastFinishedMs: null,
      };
      this.day.counters.set(counterId, r);
    }
    return r;
  }

  private runtimeOf(counterId: string): CounterRuntime {
    this.mustCounter(counterId);
    return this.runtime(counterId);
  }

  private mustCounter(counterId: string): Counter {
    const c = this.counters.get(counterId);
    if (!c) throw err('not_found', 'counterNotFound', { field: 'counterId' });
    return c;
  }

  private currentOf(counterId: string): Ticket {
    const c = this.runtimeOf(counterId);
    if (!c.currentTicketId) throw err('conflict', 'counterNoTicket');
    return this.mustTicket(c.currentTicketId);
  }

  private findTicket(id: string): Ticket {
    const t = this.day.tickets.get(id);
    if (!t) throw err('not_found', 'ticketNotFound', { field: 'ticketId' });
    return t;
  }

  private mustTicket(id: string): Ticket {
    const t = this.day.tickets.get(id);
    if (!t) throw new Error(`journal names unknown ticket ${id}`);
    return t;
  }
}
