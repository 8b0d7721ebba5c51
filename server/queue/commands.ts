// The commands: each checks the office's rules against the current state, then commits events
// through the reducer. Nothing here changes state except by `commit`.
import { LuotError } from '../../shared/errors.js';
import { normalizeFileCode } from '../../shared/file-code.js';
import { formatTicketNumber } from '../../shared/format.js';
import { CLOSED_REASONS } from '../../shared/i18n.js';
import { compareWaiting, DEFAULT_PUT_BACK, pickNext, putBackInstant, rankAt } from '../../shared/queue-order.js';
import type { ClosedReason, Counter, Priority, Service } from '../../shared/types.js';
import type { EventBody, IssueChannel, JournalEvent } from './events.js';
import { err, isFinal, type Alarm, type EngineDeps, type EngineState, type Ticket } from './state.js';
import { addDays, checkHours, instantOf, isoLocal, serviceDayOf } from './time.js';
import type { BookingCheckIn } from './booking-state.js';
import { BookingCommands, bookingPolicy } from './bookings.js';
import { ResultCommands } from './result-commands.js';
import { repeated, requestField, type CounterCommand } from './counter-requests.js';
import { filesToCarry, type PickupIssue } from './results.js';

export interface Actor {
  userId: string | null;
}

/** Who acts on an alarm: a signed-in staff member, and whether a supervisor here. */
export interface StaffActor {
  userId: string;
  name: string;
  supervisor: boolean;
}

export class EngineCommands {
  /** Issue 13: the booking rules (bookings.ts); their events go through this `commit`. */
  readonly bookings: BookingCommands;
  /** Issue 15: results pickup (result-commands.ts); pickup tickets go through `issue`. */
  readonly results: ResultCommands;

  constructor(private readonly s: EngineState, private readonly deps: EngineDeps) {
    this.bookings = new BookingCommands(s, deps, (b) => this.commit(b), (service) => this.serviceStatus(service));
    this.results = new ResultCommands(s, (b) => this.commit(b), (cmd) => this.issue(cmd));
  }

  private commit(body: EventBody): JournalEvent {
    const event = { ...body, rev: this.s.revision + 1, at: isoLocal(this.deps.now(), this.s.timeZone) } as JournalEvent;
    this.s.apply(event);
    return event;
  }

  // ── the day ─────────────────────────────────────────────────────────

  /**
   * Starts the service day of `now` if it is not the current one: everything still open
   * from the old day expires (never carried over silently), numbering restarts.
   */
  rollover(): JournalEvent[] {
    const today = serviceDayOf(this.deps.now(), this.s.timeZone);
    // Forward only: a PC clock corrected backwards over midnight must not reopen a finished
    // day, or A001 would be issued twice for one real day.
    if (today <= this.s.day.serviceDay) return this.bookings.expire();
    const events: JournalEvent[] = [];
    for (const t of this.s.day.tickets.values()) {
      if (isFinal(t.state)) continue;
      const counterId = t.state === 'waiting' ? null : t.counterId;
      events.push(this.commit({ type: 'ticket:expired', ticketId: t.id, counterId }));
    }
    // A staff alarm outlives the day it was raised on: a clerk in trouble at midnight (or a
    // server that was off over it) still needs help. Repeated into the new day's journal, with
    // its answers, so that replaying that day alone rebuilds it.
    const alarms = [...this.s.day.alarms.values()];
    // Files not collected (issue 15): a file ready last week is still ready today.
    const files = filesToCarry(this.s.day);
    // Bookings too (issue 13): the old days' ones not checked in are no-shows, later ones carry over.
    const booked = this.bookings.beforeDay(today);
    events.push(...booked.events);
    events.push(this.commit({ type: 'day:opened', serviceDay: today }));
    events.push(...this.bookings.afterDay(booked.carry));
    if (files.length) events.push(this.commit({ type: 'results:carried', files }));
    for (const a of alarms) {
      events.push(this.commit({ type: 'alarm:raised', alarmId: a.id, counterId: a.counterId, userId: a.userId, staffName: a.staffName, since: a.raisedAt }));
      for (const r of a.answers) events.push(this.commit({ type: 'alarm:answered', alarmId: a.id, userId: r.userId, staffName: r.staffName }));
    }
    return events;
  }

  // ── issuing ─────────────────────────────────────────────────────────

  issue(cmd: {
    serviceId: string;
    priority?: Priority | null;
    requestId?: string;
    channel?: IssueChannel | undefined;
    /** Issue 13: the booking this ticket checks in (its rules checked by bookings.ts `checkInable`). */
    booking?: BookingCheckIn | undefined;
    /** Issue 15: a pickup ticket's file (result-commands.ts checks the rules). */
    pickup?: PickupIssue | undefined;
  }): {
    events: JournalEvent[];
    ticket: Ticket;
    duplicate: boolean;
  } {
    if (cmd.requestId) {
      const seen = this.s.day.byRequest.get(cmd.requestId);
      if (seen) return { events: [], ticket: seen, duplicate: true };
    }
    const service = this.s.services.get(cmd.serviceId);
    if (!service) throw err('not_found', 'serviceNotFound', { field: 'serviceId' });
    const status = this.serviceStatus(service);
    // A citizen who booked is served even when walk-ins have used up the day's numbers.
    if (status.reason && !(cmd.booking && status.reason === 'limit_reached')) {
      const r = CLOSED_REASONS[status.reason];
      throw new LuotError('closed', r.vi, r.en, { reason: status.reason, nextOpen: status.nextOpen });
    }
    const seq = this.s.lastSeq(service.id) + 1;
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
      ...(cmd.channel ? { channel: cmd.channel } : {}),
      ...(cmd.booking ? { booking: cmd.booking } : {}),
      ...(cmd.pickup ? { pickup: cmd.pickup } : {}),
    });
    return { events: [event], ticket: this.s.mustTicket((event as { ticket: { id: string } }).ticket.id), duplicate: false };
  }

  /**
   * Issue 13: a kiosk checks a booking in by its code. The ticket is issued with the booking in
   * one event, so a booking is never checked in twice, even by two kiosks at once; a retried
   * request (same `requestId`) gets the ticket it already got.
   */
  checkIn(cmd: { code: string; requestId?: string | undefined; channel?: IssueChannel | undefined }): {
    events: JournalEvent[];
    ticket: Ticket;
    duplicate: boolean;
  } {
    const seen = cmd.requestId ? this.s.day.byRequest.get(cmd.requestId) : undefined;
    if (seen?.bookingId) return { events: [], ticket: seen, duplicate: true };
    const b = this.bookings.checkInable(cmd.code);
    return this.issue({
      serviceId: b.serviceId,
      ...(cmd.requestId ? { requestId: cmd.requestId } : {}),
      channel: cmd.channel,
      booking: { id: b.id, kind: b.kind, slotAt: b.at },
    });
  }

  /**
   * Raises the day's numbering so no number up to each floor is given out again (after a
   * damaged journal, when tickets may have been printed that the journal no longer holds).
   * Only floors that change something become events.
   */
  reserveNumbers(floors: { serviceId: string | null; upTo: number }[]): JournalEvent[] {
    if (!this.s.day.serviceDay) throw new Error('reserveNumbers: no service day is open');
    const events: JournalEvent[] = [];
    for (const { serviceId, upTo } of floors) {
      const current = serviceId === null ? this.s.day.seqFloor : this.s.lastSeq(serviceId);
      if (upTo > current) events.push(this.commit({ type: 'numbers:reserved', serviceId, upTo }));
    }
    return events;
  }

  serviceStatus(service: Service): { reason: ClosedReason | null; nextOpen: string | null } {
    if (!service.active) return { reason: 'inactive', nextOpen: null };
    const now = this.deps.now();
    const hours = checkHours(service.hours, now, this.s.timeZone);
    if (!hours.open) return { reason: hours.reason, nextOpen: hours.nextOpen };
    const issued = this.s.lastSeq(service.id);
    if (service.dailyLimit !== null && issued >= service.dailyLimit) {
      const tomorrow = instantOf(addDays(serviceDayOf(now, this.s.timeZone), 1), 0, this.s.timeZone);
      const next = checkHours(service.hours, tomorrow, this.s.timeZone);
      return { reason: 'limit_reached', nextOpen: next.open ? isoLocal(tomorrow, this.s.timeZone) : next.nextOpen };
    }
    return { reason: null, nextOpen: null };
  }

  // ── counters ────────────────────────────────────────────────────────

  // `requestId` (optional on every command below): a retry of a command that already changed
  // something today is answered as the first try was, changing nothing (counter-requests.ts).

  openCounter(counterId: string, user: { id: string; name: string }, takeOver: boolean, requestId?: string): JournalEvent[] {
    const c = this.s.runtimeOf(counterId);
    if (this.didAlready(requestId, 'counter:open', { counterId })) return [];
    if (c.status !== 'closed') {
      if (c.userId === user.id) return [];
      if (!takeOver) throw err('conflict', 'counterTaken');
    }
    return [this.commit({ type: 'counter:opened', counterId, userId: user.id, staffName: user.name, ...requestField(requestId) })];
  }

  closeCounter(counterId: string, requestId?: string): JournalEvent[] {
    const c = this.s.runtimeOf(counterId);
    if (this.didAlready(requestId, 'counter:close', { counterId })) return [];
    if (c.status === 'closed') return [];
    if (c.currentTicketId) throw err('conflict', 'counterBusy');
    return [this.commit({ type: 'counter:closed', counterId, ...requestField(requestId) })];
  }

  pauseCounter(counterId: string, reason: string | null, requestId?: string): JournalEvent[] {
    const c = this.s.runtimeOf(counterId);
    if (this.didAlready(requestId, 'counter:pause', { counterId })) return [];
    if (c.status === 'closed') throw err('conflict', 'counterClosed');
    if (c.status === 'paused') return [];
    if (c.currentTicketId) throw err('conflict', 'counterBusy');
    return [this.commit({ type: 'counter:paused', counterId, reason: reason || null, ...requestField(requestId) })];
  }

  resumeCounter(counterId: string, requestId?: string): JournalEvent[] {
    const c = this.s.runtimeOf(counterId);
    if (this.didAlready(requestId, 'counter:resume', { counterId })) return [];
    if (c.status !== 'paused') throw err('conflict', 'counterNotPaused');
    return [this.commit({ type: 'counter:resumed', counterId, ...requestField(requestId) })];
  }

  // ── calling and serving ─────────────────────────────────────────────

  callNext(counterId: string, actor: Actor, requestId?: string): { events: JournalEvent[]; ticket: Ticket | null } {
    const counter = this.s.mustCounter(counterId);
    const again = this.again(requestId, 'ticket:callNext', { counterId });
    if (again) return again;
    this.assertReadyToCall(counterId);
    const next = this.pickNext(counter);
    if (!next) return { events: [], ticket: null };
    return { events: [this.callEvent(next, counterId, false, actor, requestId)], ticket: next };
  }

  call(counterId: string, ticketId: string, actor: Actor, requestId?: string): { events: JournalEvent[]; ticket: Ticket } {
    const counter = this.s.mustCounter(counterId);
    const again = this.again(requestId, 'ticket:call', { counterId, ticketId });
    if (again) return again;
    this.assertReadyToCall(counterId);
    const t = this.s.findTicket(ticketId);
    if (t.state !== 'waiting') throw err('conflict', 'ticketNotWaiting');
    if (t.targetCounterId && t.targetCounterId !== counterId) throw err('conflict', 'ticketForOtherCounter');
    if (!t.targetCounterId && !counter.serviceIds.includes(t.serviceId)) throw err('conflict', 'serviceNotAtCounter');
    return { events: [this.callEvent(t, counterId, false, actor, requestId)], ticket: t };
  }

  recall(counterId: string, actor: Actor, requestId?: string): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:recall', { counterId });
    if (again) return again;
    const t = this.s.currentOf(counterId);
    if (t.state !== 'called') throw err('conflict', 'ticketNotCalled');
    return { events: [this.callEvent(t, counterId, true, actor, requestId)], ticket: t };
  }

  start(counterId: string, requestId?: string): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:start', { counterId });
    if (again) return again;
    const t = this.s.currentOf(counterId);
    if (t.state !== 'called') throw err('conflict', 'ticketNotCalled');
    return { events: [this.commit({ type: 'ticket:started', ticketId: t.id, counterId, ...requestField(requestId) })], ticket: t };
  }

  /** Completing straight from `called` is allowed: many clerks never press "start". */
  complete(counterId: string, fileCode: string | null, requestId?: string): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:complete', { counterId });
    if (again) return again;
    const t = this.s.currentOf(counterId);
    const code = fileCode ? (normalizeFileCode(fileCode) ?? fileCode) : null;
    return {
      events: [this.commit({ type: 'ticket:completed', ticketId: t.id, counterId, fileCode: code, ...requestField(requestId) })],
      ticket: t,
    };
  }

  noShow(counterId: string, requestId?: string): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:noShow', { counterId });
    if (again) return again;
    const t = this.s.currentOf(counterId);
    if (t.state !== 'called') throw err('conflict', 'ticketNotCalled');
    return { events: [this.commit({ type: 'ticket:noShow', ticketId: t.id, counterId, ...requestField(requestId) })], ticket: t };
  }

  /** Sends the counter's current ticket back to a queue, keeping its number, place and history. */
  transfer(
    counterId: string,
    to: { toServiceId?: string | undefined; toCounterId?: string | undefined },
    requestId?: string,
  ): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:transfer', { counterId });
    if (again) return again;
    const t = this.s.currentOf(counterId);
    return { events: [this.transferEvent(t, counterId, to, requestId)], ticket: t };
  }

  /** A supervisor moves a waiting ticket to another queue or counter. */
  transferWaiting(
    ticketId: string,
    to: { toServiceId?: string | undefined; toCounterId?: string | undefined },
    requestId?: string,
  ): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:move', { ticketId });
    if (again) return again;
    const t = this.s.findTicket(ticketId);
    if (t.state !== 'waiting') throw err('conflict', 'ticketNotWaiting');
    return { events: [this.transferEvent(t, null, to, requestId)], ticket: t };
  }

  cancel(ticketId: string, actor: Actor, requestId?: string): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:cancel', { ticketId });
    if (again) return again;
    const t = this.s.findTicket(ticketId);
    if (isFinal(t.state)) throw err('conflict', 'ticketFinished');
    const counterId = t.state === 'waiting' ? null : t.counterId;
    return {
      events: [this.commit({ type: 'ticket:cancelled', ticketId: t.id, counterId, userId: actor.userId, ...requestField(requestId) })],
      ticket: t,
    };
  }

  rate(token: string, score: number, comment: string | null, scale: number): { events: JournalEvent[]; ticket: Ticket } {
    const t = this.s.day.byToken.get(token);
    if (!t) throw err('not_found', 'ticketNotFound');
    return this.rateTicket(t, score, comment, scale);
  }

  /** The counter display rates the ticket last finished there, within five minutes. */
  rateAtCounter(counterId: string, score: number, scale: number): { events: JournalEvent[]; ticket: Ticket } {
    const c = this.s.runtimeOf(counterId);
    if (!c.lastFinishedTicketId || c.lastFinishedMs === null) throw err('conflict', 'ratingNothing');
    if (this.deps.now().getTime() - c.lastFinishedMs > 5 * 60_000) throw err('conflict', 'ratingTooLate');
    return this.rateTicket(this.s.mustTicket(c.lastFinishedTicketId), score, null, scale);
  }

  /**
   * A no-show whose citizen turned up later: back in its service's queue with the same number,
   * where the office chose (shared/queue-order.ts `putBackInstant`), at most `maxTimes` times.
   */
  putBack(ticketId: string, actor: Actor, requestId?: string): { events: JournalEvent[]; ticket: Ticket } {
    const again = this.again(requestId, 'ticket:putBack', { ticketId });
    if (again) return again;
    const t = this.s.findTicket(ticketId);
    if (t.state !== 'no_show') throw err('conflict', 'ticketNotNoShow', { reason: 'not_no_show' });
    const rule = this.s.config.settings.putBack ?? DEFAULT_PUT_BACK;
    if (t.putBacks >= rule.maxTimes) throw err('conflict', 'putBackLimit', { reason: 'put_back_limit' });
    if (!this.s.services.has(t.serviceId)) throw err('not_found', 'serviceNotFound', { field: 'serviceId' });
    const kind = this.s.queueOf(t.serviceId).filter((q) => !q.priority === !t.priority);
    const ms = putBackInstant(kind, rule.place, this.deps.now().getTime());
    const queuedAt = isoLocal(new Date(ms), this.s.timeZone);
    return { events: [this.commit({ type: 'ticket:putBack', ticketId: t.id, queuedAt, userId: actor.userId, ...requestField(requestId) })], ticket: t };
  }

  // ── staff alarms ────────────────────────────────────────────────────

  /**
   * Raised from the counter the clerk is at, whatever its state (paused, closed, busy): help
   * must never wait on the queue. One alarm per counter: pressing again gives the open one.
   */
  raiseAlarm(counterId: string, actor: StaffActor): { events: JournalEvent[]; alarm: Alarm } {
    this.s.mustCounter(counterId);
    for (const a of this.s.day.alarms.values()) if (a.counterId === counterId) return { events: [], alarm: a };
    const alarmId = this.deps.newId();
    const event = this.commit({ type: 'alarm:raised', alarmId, counterId, userId: actor.userId, staffName: actor.name, since: null });
    return { events: [event], alarm: this.s.mustAlarm(alarmId) };
  }

  /** A colleague says they are coming; each person once. */
  answerAlarm(alarmId: string, actor: StaffActor): { events: JournalEvent[]; alarm: Alarm } {
    const a = this.alarmOf(alarmId);
    if (a.userId === actor.userId) throw err('conflict', 'alarmOwn', { reason: 'alarm_own' });
    if (a.answers.some((r) => r.userId === actor.userId)) return { events: [], alarm: a };
    return { events: [this.commit({ type: 'alarm:answered', alarmId, userId: actor.userId, staffName: actor.name })], alarm: a };
  }

  /** Ended by the clerk who raised it or by a supervisor: a colleague passing by cannot silence it. */
  endAlarm(alarmId: string, actor: StaffActor): { events: JournalEvent[]; alarm: Alarm } {
    const a = this.alarmOf(alarmId);
    if (a.userId !== actor.userId && !actor.supervisor) throw err('forbidden', 'alarmEndForbidden', { reason: 'alarm_end_forbidden' });
    return { events: [this.commit({ type: 'alarm:ended', alarmId, userId: actor.userId })], alarm: a };
  }

  private alarmOf(alarmId: string): Alarm {
    const a = this.s.day.alarms.get(alarmId);
    if (!a) throw err('not_found', 'alarmNotFound', { reason: 'alarm_not_found' });
    return a;
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
    requestId: string | undefined,
  ): JournalEvent {
    const toServiceId = to.toServiceId ?? t.serviceId;
    if (!this.s.services.has(toServiceId)) throw err('not_found', 'serviceNotFound', { field: 'toServiceId' });
    const toCounterId = to.toCounterId ?? null;
    if (toCounterId !== null) this.s.mustCounter(toCounterId);
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
      ...requestField(requestId),
    });
  }

  private callEvent(t: Ticket, counterId: string, recall: boolean, actor: Actor, requestId: string | undefined): JournalEvent {
    return this.commit({ type: 'ticket:called', ticketId: t.id, counterId, recall, userId: actor.userId, ...requestField(requestId) });
  }

  /** Whether this requestId already did something today (refused if it was another command's). */
  private didAlready(requestId: string | undefined, command: CounterCommand, target: { counterId?: string; ticketId?: string }): boolean {
    return repeated(this.s.day, requestId, command, target) !== null;
  }

  /** A ticket command's first answer again, when this requestId already did it today. */
  private again(requestId: string | undefined, command: CounterCommand, target: { counterId?: string; ticketId?: string }): { events: JournalEvent[]; ticket: Ticket } | null {
    const done = repeated(this.s.day, requestId, command, target);
    return done?.ticketId ? { events: [], ticket: this.s.mustTicket(done.ticketId) } : null;
  }

  private assertReadyToCall(counterId: string): void {
    const c = this.s.runtimeOf(counterId);
    if (c.status === 'closed') throw err('conflict', 'counterClosed');
    if (c.status === 'paused') throw err('conflict', 'counterPaused');
    if (c.currentTicketId) throw err('conflict', 'counterBusy');
  }

  /**
   * The ticket "call next" takes at this counter: the best waiting priority ticket and the best
   * normal one by the shared queue order (equal instants follow this counter's service order),
   * then the priority policy. Tickets transferred to this counter by name are eligible whatever
   * their service; tickets sent to another counter by name are not.
   */
  private pickNext(counter: Counter): Ticket | null {
    let bestPriority: Ticket | null = null;
    let bestNormal: Ticket | null = null;
    let bestPriorityRank = 0;
    let bestNormalRank = 0;
    // Issue 13: tickets checked in for a booked slot are a class of their own among normal ones.
    let bestBooked: Ticket | null = null;
    let bestBookedRank = 0;
    for (const [serviceId, ids] of this.s.day.waiting) {
      const order = counter.serviceIds.indexOf(serviceId);
      for (const id of ids) {
        const t = this.s.day.tickets.get(id)!;
        const rank = rankAt(t, counter, order);
        if (rank < 0) continue;
        if (t.priority) {
          if (!bestPriority || compareWaiting(t, bestPriority, rank, bestPriorityRank) < 0) {
            bestPriority = t;
            bestPriorityRank = rank;
          }
        } else if (t.booked === 'slot') {
          if (!bestBooked || compareWaiting(t, bestBooked, rank, bestBookedRank) < 0) {
            bestBooked = t;
            bestBookedRank = rank;
          }
        } else if (!bestNormal || compareWaiting(t, bestNormal, rank, bestNormalRank) < 0) {
          bestNormal = t;
          bestNormalRank = rank;
        }
      }
    }
    const runtime = this.s.runtimeOf(counter.id);
    const normal = pickNext(bestBooked, bestNormal, bookingPolicy(this.s), runtime.walkInsSinceBooked);
    return pickNext(bestPriority, normal, this.s.config.settings.priorityPolicy, runtime.normalsSincePriority);
  }
}
