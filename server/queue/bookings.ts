// Issue 13, numbers from home: the booking rules. A citizen takes a number from home (held,
// queued from the instant it was taken, called only once checked in) or books a time slot
// (called ahead of walk-ins by the office's booking policy, shared/queue-order.ts). Every rule
// lives here, pure like the rest of the engine: slots from the opening hours, capacity, the
// per-phone limit, the check-in window, no-shows at the end of the window or day.
import { LuotError } from '../../shared/errors.js';
import { CLOSED_REASONS } from '../../shared/i18n.js';
import {
  OFFICE_BOOKING_DEFAULTS, SERVICE_BOOKING_DEFAULTS, type BookingKind, type OfficeBooking, type ServiceBooking,
} from '../../shared/booking.js';
import type { OpeningHours, PriorityPolicy, Service } from '../../shared/types.js';
import { bookingByCode, bookingByToken, proofSpent, type Booking, type BookingRecord } from './booking-state.js';
import type { EventBody, JournalEvent } from './events.js';
import { err, type DayState, type EngineConfig, type EngineDeps, type EngineState, type Ticket } from './state.js';
import { addDays, instantOf, isoLocal, serviceDayOf, toMinutes, weekdayOf } from './time.js';

/** The way from home: a remote number is expected no sooner than this after it was taken. */
export const REMOTE_TRAVEL_MIN = 30;

/**
 * Slots of a service without opening hours of its own: a public office's usual day, Monday to
 * Friday 07:30–11:30 and 13:30–17:00.
 */
const DEFAULT_HOURS: OpeningHours = {
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }]])),
  daysOff: [],
};

export const serviceBooking = (s: Service): ServiceBooking => s.booking ?? SERVICE_BOOKING_DEFAULTS;
export const officeBooking = (s: EngineState): OfficeBooking => s.config.settings.booking ?? OFFICE_BOOKING_DEFAULTS;

/** Booked slot tickets against walk-ins, as the queue order's policies are written (shared/queue-order.ts). */
export function bookingPolicy(s: EngineState): PriorityPolicy {
  const b = officeBooking(s);
  return b.policy === 'interleave' ? { mode: 'interleave', every: b.interleaveEvery } : { mode: 'strict' };
}

/** Whether citizens can book anything now: the office takes bookings and an active service offers some. */
export function bookingOpen(s: EngineState): boolean {
  if (!officeBooking(s).enabled) return false;
  for (const service of s.services.values()) {
    const b = serviceBooking(service);
    if (service.active && (b.remote || b.slots)) return true;
  }
  return false;
}

/** Holds bookings in the capacity and per-phone counts: not cancelled, not a no-show. */
const holds = (b: Booking) => b.state === 'booked' || b.state === 'checkedIn';

export interface MakeBooking {
  serviceId: string;
  kind: BookingKind;
  at?: string | undefined;
  phone: string;
  name: string;
  /**
   * The proof of work's challenge this booking spends (server/booking-proof.ts): its id, and
   * when it was issued. Absent when the office asks a PIN.
   */
  proof?: { id: string; issuedMs: number } | undefined;
}

export interface CheckInWindow {
  fromMs: number;
  toMs: number;
}

export class BookingCommands {
  /**
   * When the next booking's check-in window closes (`expire` has nothing to do before), and the
   * state it was reckoned from. A booking applied from another process (PostgreSQL), a new day
   * or new settings make it stale without a command here; a booking ended since only makes it
   * early, which costs one scan.
   */
  private deadline: { ms: number; day: DayState | null; size: number; config: EngineConfig | null } = { ms: 0, day: null, size: -1, config: null };
  /** Minutes of wait for `ahead` people (views.ts `estimatedWaitMin`), set by the engine. */
  estimate: (serviceId: string, ahead: number) => number = () => 0;

  constructor(
    private readonly s: EngineState,
    private readonly deps: EngineDeps,
    private readonly commit: (body: EventBody) => JournalEvent,
    private readonly status: (service: Service) => { reason: keyof typeof CLOSED_REASONS | null; nextOpen: string | null },
  ) {}

  // ── the offer ───────────────────────────────────────────────────────

  /** The slot starts (ms) a service offers on a day, from its opening hours. */
  slotStarts(service: Service, day: string): number[] {
    const cfg = serviceBooking(service);
    const hours = service.hours ?? DEFAULT_HOURS;
    if (hours.daysOff.includes(day)) return [];
    const out: number[] = [];
    for (const r of hours.weekly[weekdayOf(day)] ?? []) {
      const end = toMinutes(r.to);
      for (let m = toMinutes(r.from); m + cfg.slotMinutes <= end; m += cfg.slotMinutes) {
        out.push(instantOf(day, m, this.s.timeZone).getTime());
      }
    }
    return out.sort((a, b) => a - b);
  }

  /** Bookings holding a place in one slot. */
  taken(serviceId: string, atMs: number): number {
    let n = 0;
    for (const b of this.s.day.bookings.values()) if (b.serviceId === serviceId && b.atMs === atMs && holds(b)) n++;
    return n;
  }

  /** Days (today first) and the slots still to come on each, with the places left. */
  offer(service: Service): { date: string; slots: { at: string; left: number }[] }[] {
    const cfg = serviceBooking(service);
    if (!cfg.slots) return [];
    const nowMs = this.deps.now().getTime();
    const today = this.today();
    const counts = new Map<number, number>();
    for (const b of this.s.day.bookings.values()) {
      if (b.serviceId === service.id && b.atMs !== null && holds(b)) counts.set(b.atMs, (counts.get(b.atMs) ?? 0) + 1);
    }
    const days = [];
    for (let i = 0; i <= cfg.daysAhead; i++) {
      const date = addDays(today, i);
      const slots = this.slotStarts(service, date)
        .filter((ms) => ms > nowMs)
        .map((ms) => ({ at: isoLocal(new Date(ms), this.s.timeZone), left: Math.max(0, cfg.capacity - (counts.get(ms) ?? 0)) }));
      if (slots.length) days.push({ date, slots });
    }
    return days;
  }

  // ── booking and cancelling ──────────────────────────────────────────

  make(cmd: MakeBooking): { events: JournalEvent[]; booking: Booking } {
    if (cmd.proof) this.spendable(cmd.proof);
    const service = this.s.services.get(cmd.serviceId);
    if (!service) throw err('not_found', 'serviceNotFound', { field: 'serviceId' });
    const cfg = serviceBooking(service);
    if (!officeBooking(this.s).enabled || !service.active || !(cmd.kind === 'remote' ? cfg.remote : cfg.slots)) {
      throw err('closed', 'bookingOff', { field: 'serviceId', reason: 'booking_off' });
    }
    const now = this.deps.now();
    const today = this.today();
    let date = today;
    let at: string | null = null;
    let expectedAt: string | null = null;
    if (cmd.kind === 'slot') {
      const atMs = cmd.at === undefined ? NaN : Date.parse(cmd.at);
      date = Number.isNaN(atMs) ? '' : serviceDayOf(new Date(atMs), this.s.timeZone);
      const inRange = date >= today && date <= addDays(today, cfg.daysAhead);
      if (!inRange || atMs <= now.getTime() || !this.slotStarts(service, date).includes(atMs)) {
        throw err('invalid', 'bookingSlotInvalid', { field: 'at' });
      }
      if (this.taken(service.id, atMs) >= cfg.capacity) throw err('booking_full', 'bookingFull', { field: 'at' });
      at = isoLocal(new Date(atMs), this.s.timeZone);
    } else {
      // A number from home is for now: only while the service issues numbers.
      const status = this.status(service);
      if (status.reason) {
        const r = CLOSED_REASONS[status.reason];
        throw new LuotError('closed', r.vi, r.en, { reason: status.reason, nextOpen: status.nextOpen });
      }
      const waitMin = Math.max(REMOTE_TRAVEL_MIN, this.estimate(service.id, this.remoteAhead(service.id, now.getTime())));
      expectedAt = isoLocal(new Date(now.getTime() + waitMin * 60_000), this.s.timeZone);
    }
    let mine = 0;
    for (const b of this.s.day.bookings.values()) if (b.phone === cmd.phone && b.serviceId === service.id && b.date === date && holds(b)) mine++;
    if (mine >= cfg.perPhonePerDay) throw err('booking_limit', 'bookingLimit', { field: 'phone' });
    const record: BookingRecord = {
      id: this.deps.newId(), token: this.deps.newToken(), code: this.newCode(), serviceId: service.id, kind: cmd.kind,
      date, at, phone: cmd.phone, name: cmd.name, expectedAt,
    };
    const event = this.commit({ type: 'booking:made', booking: record, ...(cmd.proof ? { proof: cmd.proof.id } : {}) });
    return { events: [event], booking: this.s.day.bookings.get(record.id)! };
  }

  /**
   * A challenge books once, in every process and after any restart: the day's `booking:made`
   * events record the ids spent (booking-state.ts), and every process applies every event
   * before it runs a command. The day's state forgets them when the next day opens, so a
   * challenge counts only on the service day it was issued (it lives 15 minutes: one issued
   * at 23:55 is refused after midnight and the page asks for another). A challenge issued on a
   * day this state has not opened yet (another process's clock ahead of ours) is refused too:
   * its use would be forgotten when that day opens.
   */
  private spendable(proof: { id: string; issuedMs: number }): void {
    const issuedOn = serviceDayOf(new Date(proof.issuedMs), this.s.timeZone);
    if (issuedOn !== this.s.day.serviceDay || proofSpent(this.s.day, proof.id)) {
      throw err('proof_invalid', 'proofInvalid', { field: 'proof' });
    }
  }

  cancel(token: string): { events: JournalEvent[]; booking: Booking } {
    const b = this.byToken(token);
    if (b.state !== 'booked') throw err('conflict', 'bookingFinished');
    return { events: [this.commit({ type: 'booking:cancelled', bookingId: b.id })], booking: b };
  }

  byToken(token: string): Booking {
    const b = bookingByToken(this.s.day, token);
    if (!b) throw err('not_found', 'bookingNotFound');
    return b;
  }

  // ── check-in ────────────────────────────────────────────────────────

  window(b: Booking): CheckInWindow {
    const cfg = serviceBooking(this.s.services.get(b.serviceId) ?? ({} as Service));
    if (b.kind === 'slot') {
      return { fromMs: b.atMs! - cfg.checkInBeforeMin * 60_000, toMs: b.atMs! + cfg.checkInAfterMin * 60_000 };
    }
    return { fromMs: Date.parse(b.madeAt), toMs: Date.parse(b.expectedAt!) + cfg.checkInAfterMin * 60_000 };
  }

  /**
   * Whether the booking with `code` may be checked in now; throws the kiosk's error if not.
   * The ticket itself is issued by `issue` (commands.ts) with the booking, in one event.
   */
  checkInable(code: string): Booking {
    const b = bookingByCode(this.s.day, code);
    if (!b) throw err('booking_unknown', 'bookingUnknown', { field: 'code' });
    if (b.state === 'checkedIn') throw err('booking_used', 'bookingUsed', { field: 'code' });
    if (b.state === 'noShow' || b.state === 'expired') throw err('booking_expired', 'bookingExpired', { field: 'code' });
    if (b.state !== 'booked') throw err('booking_unknown', 'bookingFinished', { field: 'code' });
    const w = this.window(b);
    const nowMs = this.deps.now().getTime();
    if (nowMs < w.fromMs) {
      throw err('booking_early', 'bookingEarly', { field: 'code', nextOpen: isoLocal(new Date(w.fromMs), this.s.timeZone) });
    }
    if (nowMs > w.toMs) throw err('booking_expired', 'bookingExpired', { field: 'code' });
    return b;
  }

  // ── the clock ───────────────────────────────────────────────────────

  /** Bookings whose check-in window has closed without a check-in: counted as no-shows. */
  expire(): JournalEvent[] {
    const nowMs = this.deps.now().getTime();
    if (nowMs < this.nextDeadline()) return [];
    const events: JournalEvent[] = [];
    let next = Infinity;
    for (const b of this.s.day.bookings.values()) {
      if (b.state !== 'booked') continue;
      const { toMs } = this.window(b);
      if (toMs < nowMs) events.push(this.commit({ type: 'booking:noShow', bookingId: b.id }));
      else next = Math.min(next, toMs);
    }
    this.deadline = { ms: next, day: this.s.day, size: this.s.day.bookings.size, config: this.s.config };
    return events;
  }

  /**
   * Whether `expire` has a no-show to count now: a read, so that a process sharing the journal
   * (PostgreSQL) takes the office's lock for it only then. Idempotent with the others: under
   * the lock every event is applied first, so a no-show another process counted is not booked
   * any more, and `expire` finds nothing.
   */
  expiryDue(): boolean {
    return this.deps.now().getTime() >= this.nextDeadline();
  }

  private nextDeadline(): number {
    const c = this.deadline;
    const d = this.s.day;
    if (c.day === d && c.size === d.bookings.size && c.config === this.s.config) return c.ms;
    let next = Infinity;
    for (const b of d.bookings.values()) if (b.state === 'booked') next = Math.min(next, this.window(b).toMs);
    this.deadline = { ms: next, day: d, size: d.bookings.size, config: this.s.config };
    return next;
  }

  /**
   * The rollover's part, around its `day:opened`: `before` counts the old days' bookings never
   * checked in as no-shows; `after` repeats the later days' ones into the new day's journal.
   */
  beforeDay(today: string): { events: JournalEvent[]; carry: Booking[] } {
    const events: JournalEvent[] = [];
    const carry: Booking[] = [];
    for (const b of this.s.day.bookings.values()) {
      if (b.state !== 'booked') continue;
      if (b.date < today) events.push(this.commit({ type: 'booking:noShow', bookingId: b.id }));
      else carry.push(b);
    }
    return { events, carry };
  }

  afterDay(carry: Booking[]): JournalEvent[] {
    return carry.map((b) => {
      const { madeAt, id, token, code, serviceId, kind, date, at, phone, name, expectedAt } = b;
      return this.commit({ type: 'booking:carried', booking: { id, token, code, serviceId, kind, date, at, phone, name, expectedAt, madeAt } });
    });
  }

  // ── reading ─────────────────────────────────────────────────────────

  /** Waiting tickets a remote number taken at `madeMs` would have ahead of it. */
  remoteAhead(serviceId: string, madeMs: number): number {
    let n = 0;
    for (const t of this.s.queueOf(serviceId)) if (t.priority || t.booked === 'slot' || t.queuedMs <= madeMs) n++;
    return n;
  }

  ticketOf(b: Booking): Ticket | null {
    return b.ticketId ? (this.s.day.tickets.get(b.ticketId) ?? null) : null;
  }

  nowMs(): number {
    return this.deps.now().getTime();
  }

  private today(): string {
    return serviceDayOf(this.deps.now(), this.s.timeZone);
  }

  /** Six digits no booking held now has: random, so a code says nothing about another. */
  private newCode(): string {
    for (let i = 0; i < 50; i++) {
      const code = (this.deps.newCode ?? (() => codeFrom(this.deps.newToken())))();
      if (!bookingByCode(this.s.day, code)) return code;
    }
    throw new Error('no free booking code');
  }
}

/** Six digits from a random token (engines whose deps give no `newCode`, e.g. tests). */
function codeFrom(token: string): string {
  let h = 2166136261;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
  return String((h >>> 0) % 1_000_000).padStart(6, '0');
}
