// The queue engine: every rule of the office, pure (no I/O; clock and ids injected).
// One object for the rest of the server, made of four parts that never mix:
//   state.ts     the state and its reducer (`apply`: the only code that changes state, so a
//                replay of the journal rebuilds it exactly);
//   commands.ts  the rules: a command checks them, then commits events through the reducer;
//   views.ts     snapshots, tickets ahead, estimated waits, what an event changed;
//   shared/queue-order.ts  who is called first, shared with every app.
import type { JournalEvent } from './events.js';
import { EngineCommands } from './commands.js';
import { EngineState, STATE_SHAPE, type EngineConfig, type EngineDeps } from './state.js';
import { packState, unpackState, type PlainState } from './state-codec.js';
import { EngineViews } from './views.js';
import type { Service } from '../../shared/types.js';
import type { Booking } from './booking-state.js';
import { citizenBooking, pendingBookings, staffBookings } from './booking-views.js';
import { bookingOpen, type MakeBooking } from './bookings.js';

export type { Actor, StaffActor } from './commands.js';
export { isFinal, type Alarm, type EngineConfig, type EngineDeps, type Ticket } from './state.js';

type C = EngineCommands;
type V = EngineViews;

export class QueueEngine {
  private readonly state: EngineState;
  private readonly commands: EngineCommands;
  private readonly views: EngineViews;

  constructor(config: EngineConfig, deps: EngineDeps) {
    this.state = new EngineState(config);
    this.commands = new EngineCommands(this.state, deps);
    this.views = new EngineViews(this.state, this.commands);
    this.commands.bookings.estimate = (serviceId, ahead) => this.views.estimatedWaitMin(serviceId, ahead);
  }

  get rev(): number {
    return this.state.revision;
  }

  get serviceDay(): string {
    return this.state.day.serviceDay;
  }

  get timeZone(): string {
    return this.state.timeZone;
  }

  /** Issue 15: results pickup (result-commands.ts). */
  get results() {
    return this.commands.results;
  }

  setConfig(config: EngineConfig): void {
    this.state.setConfig(config);
  }

  // ── state ───────────────────────────────────────────────────────────

  /**
   * Back to a freshly constructed engine with the same config (rev 0, no day), so the office
   * can replay the journal again into the object everything else already holds.
   */
  reset(): void {
    this.state.reset();
  }

  /** Sets the revision a fresh engine continues from (the last rev of an earlier day). */
  resumeRev(rev: number): void {
    this.state.resumeRev(rev);
  }

  /**
   * Applies one journal event. Throws, changing nothing, when the event cannot belong to this
   * state (a damaged or foreign line): replay can then set that line aside and go on.
   */
  apply(event: JournalEvent): void {
    this.state.apply(event);
  }

  /**
   * The state `apply` built, as bytes for a checkpoint (store/checkpoint.ts), packed by column
   * (queue/state-codec.ts): every field the day state has, and the tickets its indexes share.
   */
  exportState(): Buffer {
    return packState({ v: 1, shape: STATE_SHAPE, revision: this.state.revision, day: this.state.day });
  }

  /**
   * Takes a state from `exportState()`; false, changing nothing, when the bytes are not one. The
   * day's tickets are made as they are first used (queue/state-codec.ts `LazyTicketMap`).
   */
  importState(bytes: Buffer): boolean {
    let o: Partial<PlainState> | null;
    try {
      o = unpackState(bytes, { lazy: true });
    } catch {
      return false;
    }
    if (o?.v !== 1 || o.shape !== STATE_SHAPE || !Number.isSafeInteger(o.revision) || typeof o.day?.serviceDay !== 'string' || !(o.day.tickets instanceof Map)) return false;
    this.state.day = o.day;
    this.state.revision = o.revision!;
    return true;
  }

  // ── commands ────────────────────────────────────────────────────────

  rollover(...a: Parameters<C['rollover']>) { return this.commands.rollover(...a); }
  issue(...a: Parameters<C['issue']>) { return this.commands.issue(...a); }
  reserveNumbers(...a: Parameters<C['reserveNumbers']>) { return this.commands.reserveNumbers(...a); }
  serviceStatus(...a: Parameters<C['serviceStatus']>) { return this.commands.serviceStatus(...a); }
  openCounter(...a: Parameters<C['openCounter']>) { return this.commands.openCounter(...a); }
  closeCounter(...a: Parameters<C['closeCounter']>) { return this.commands.closeCounter(...a); }
  pauseCounter(...a: Parameters<C['pauseCounter']>) { return this.commands.pauseCounter(...a); }
  resumeCounter(...a: Parameters<C['resumeCounter']>) { return this.commands.resumeCounter(...a); }
  callNext(...a: Parameters<C['callNext']>) { return this.commands.callNext(...a); }
  call(...a: Parameters<C['call']>) { return this.commands.call(...a); }
  recall(...a: Parameters<C['recall']>) { return this.commands.recall(...a); }
  start(...a: Parameters<C['start']>) { return this.commands.start(...a); }
  complete(...a: Parameters<C['complete']>) { return this.commands.complete(...a); }
  noShow(...a: Parameters<C['noShow']>) { return this.commands.noShow(...a); }
  transfer(...a: Parameters<C['transfer']>) { return this.commands.transfer(...a); }
  transferWaiting(...a: Parameters<C['transferWaiting']>) { return this.commands.transferWaiting(...a); }
  cancel(...a: Parameters<C['cancel']>) { return this.commands.cancel(...a); }
  rate(...a: Parameters<C['rate']>) { return this.commands.rate(...a); }
  rateAtCounter(...a: Parameters<C['rateAtCounter']>) { return this.commands.rateAtCounter(...a); }
  configChanged(...a: Parameters<C['configChanged']>) { return this.commands.configChanged(...a); }
  putBack(...a: Parameters<C['putBack']>) { return this.commands.putBack(...a); }
  raiseAlarm(...a: Parameters<C['raiseAlarm']>) { return this.commands.raiseAlarm(...a); }
  answerAlarm(...a: Parameters<C['answerAlarm']>) { return this.commands.answerAlarm(...a); }
  endAlarm(...a: Parameters<C['endAlarm']>) { return this.commands.endAlarm(...a); }

  // ── bookings (issue 13: bookings.ts, booking-views.ts) ──────────────

  checkIn(...a: Parameters<C['checkIn']>) { return this.commands.checkIn(...a); }
  makeBooking(cmd: MakeBooking) { return this.commands.bookings.make(cmd); }
  cancelBooking(token: string) { return this.commands.bookings.cancel(token); }
  /** Whether a booking's check-in window has closed and its no-show is still to count (bookings.ts `expire`). */
  bookingExpiryDue() { return this.commands.bookings.expiryDue(); }
  /** The booking a token opens; throws `not_found`. */
  bookingByToken(token: string) { return this.commands.bookings.byToken(token); }
  bookingOffer(service: Service) { return this.commands.bookings.offer(service); }
  citizenBooking(b: Booking, trackUrl: string) { return citizenBooking(this.state, this.commands.bookings, b, this.views, trackUrl); }
  staffBookings(date: string) { return staffBookings(this.state, date); }
  bookingsPending() { return pendingBookings(this.state); }
  /** Whether citizens can book now; cheaper than a snapshot for a poll. */
  bookingOpen() { return bookingOpen(this.state); }

  // ── views ───────────────────────────────────────────────────────────

  counterHolder(...a: Parameters<V['counterHolder']>) { return this.views.counterHolder(...a); }
  ticketByToken(...a: Parameters<V['ticketByToken']>) { return this.views.ticketByToken(...a); }
  ticketById(...a: Parameters<V['ticketById']>) { return this.views.ticketById(...a); }
  tickets(...a: Parameters<V['tickets']>) { return this.views.tickets(...a); }
  counterOfTicket(...a: Parameters<V['counterOfTicket']>) { return this.views.counterOfTicket(...a); }
  ahead(...a: Parameters<V['ahead']>) { return this.views.ahead(...a); }
  estimatedWaitMin(...a: Parameters<V['estimatedWaitMin']>) { return this.views.estimatedWaitMin(...a); }
  publicTicket(...a: Parameters<V['publicTicket']>) { return this.views.publicTicket(...a); }
  staffTicket(...a: Parameters<V['staffTicket']>) { return this.views.staffTicket(...a); }
  publicService(...a: Parameters<V['publicService']>) { return this.views.publicService(...a); }
  publicCounter(...a: Parameters<V['publicCounter']>) { return this.views.publicCounter(...a); }
  waitingList(...a: Parameters<V['waitingList']>) { return this.views.waitingList(...a); }
  snapshot(...a: Parameters<V['snapshot']>) { return this.views.snapshot(...a); }
  staffSnapshot(...a: Parameters<V['staffSnapshot']>) { return this.views.staffSnapshot(...a); }
  affected(...a: Parameters<V['affected']>) { return this.views.affected(...a); }
  alarms(...a: Parameters<V['alarms']>) { return this.views.alarms(...a); }
  noShows(...a: Parameters<V['noShows']>) { return this.views.noShows(...a); }
}
