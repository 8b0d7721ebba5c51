// The public data shapes of PROTOCOL.md. Server and apps import these; nothing here does I/O.

import type { BookingKind, OfficeBooking, PendingBooking, ServiceBooking } from './booking.js';
import type { NumberReadingSetting } from './provinces.js';
import type { NumberReading } from './voice.js';

export interface Localized {
  vi: string;
  en: string;
}

export const PRIORITIES = ['elderly', 'disabled', 'pregnant', 'child', 'merit'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_STATES = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** `admin` is the province admin (every office; the name kept so that existing accounts stay valid); `office_admin` administers its own office. */
export const ROLES = ['admin', 'office_admin', 'supervisor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local time range "HH:MM"–"HH:MM"; the gaps between ranges of one day are breaks. */
export interface TimeRange {
  from: string;
  to: string;
}

export interface OpeningHours {
  /** Ranges per weekday; a weekday with no ranges is closed. */
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  /** Service days (YYYY-MM-DD) on which the office is closed: holidays, Tết. */
  daysOff: string[];
}

export interface Service {
  id: string;
  name: Localized;
  prefix: string;
  start: number;
  digits: number;
  targetWaitMin: number;
  dailyLimit: number | null;
  active: boolean;
  hours: OpeningHours | null;
  /** Position on the kiosk; lower first. */
  order: number;
  /** Issue 13: what citizens may book from home (absent in files written before it: all off). */
  booking?: ServiceBooking;
  /** Issue 15: the office's results pickup service (Nhận kết quả); absent or false for others. */
  pickup?: boolean;
}

export type ClosedReason = 'inactive' | 'day_off' | 'before_hours' | 'break' | 'after_hours' | 'limit_reached';

export interface PublicService extends Service {
  open: boolean;
  closedReason: ClosedReason | null;
  /** When issuing opens again (ISO with offset), when known. */
  nextOpen: string | null;
  waiting: number;
  estimatedWaitMin: number;
}

export interface Counter {
  id: string;
  number: number;
  label: Localized;
  serviceIds: string[];
}

export const COUNTER_STATUSES = ['closed', 'idle', 'calling', 'serving', 'paused'] as const;
export type CounterStatus = (typeof COUNTER_STATUSES)[number];

export interface PublicTicket {
  id: string;
  number: string;
  serviceId: string;
  priority: Priority | null;
  state: TicketState;
  issuedAt: string;
  calledAt: string | null;
  counterId: string | null;
  callCount: number;
  /** Queue order (shared/queue-order.ts): when it joined the queue (kept across transfers). */
  queuedAt: string;
  /** Queue order: its running number in the service that issued it ("A1000" is 1000, after "A999"). */
  seq: number;
  /** Issue 13: checked in for a booking made from home (a number held, or a time slot); absent for walk-ins. */
  booked?: BookingKind | null;
  /** The booked slot's start, for `booked: 'slot'`. */
  slotAt?: string | null;
}

/** What staff see of a ticket: public fields plus the routing and service facts. */
export interface StaffTicket extends PublicTicket {
  startedAt: string | null;
  /** Set when the ticket was transferred to one named counter. */
  targetCounterId: string | null;
  transfers: number;
  /** Issue 15: a pickup ticket's file; absent for other tickets. */
  pickup?: TicketPickup;
}

export interface PublicCounter extends Counter {
  status: CounterStatus;
  current: PublicTicket | null;
  staffName: string | null;
  pausedReason: string | null;
  /** Since when the counter has been in its present status (for idle time). */
  since: string | null;
  /** Normal tickets called here since the last priority one: the interleave policy's count. */
  normalsSincePriority: number;
  /** Issue 13: walk-ins called here since the last booked slot ticket, the booking policy's count. */
  walkInsSinceBooked?: number;
}

export interface RecentCall {
  ticket: PublicTicket;
  counterId: string;
  at: string;
  recall: boolean;
}

export interface Snapshot {
  rev: number;
  serviceDay: string;
  office: { name: Localized };
  services: PublicService[];
  counters: PublicCounter[];
  recentCalls: RecentCall[];
  /** What displays need of the settings: on /display snapshots and GET /api/state, not /kiosk or /counter. */
  display?: DisplaySettings;
  /** Issue 13: whether citizens may book (the kiosk then offers check-in); absent: off. */
  booking?: { enabled: boolean };
}

export type VoiceMode = 'clips' | 'browser';

export interface DisplaySettings {
  ticker: Localized;
  announcementTemplate: string;
  recallTemplate: string;
  /** The office's reading, resolved from its setting and province. */
  numberReading: NumberReading;
  announcementRepeat: number;
  announcementVolume: number;
  voiceMode: VoiceMode;
  ratingScale: 3 | 5;
  timeZone: string;
}

export interface StaffSnapshot extends Snapshot {
  /** Per service, in queue order (shared/queue-order.ts). */
  waiting: Record<string, StaffTicket[]>;
  /** With each counter's `normalsSincePriority`, gives that counter's calling order (`callOrder`). */
  priorityPolicy: PriorityPolicy;
  /** Issue 13: booked slot tickets against walk-ins (`callOrder`'s `booking`, with `walkInsSinceBooked`). */
  bookingPolicy?: PriorityPolicy;
  /** Issue 13: today's bookings not yet checked in. */
  bookingsPending?: PendingBooking[];
  /** Staff alarms not yet ended (issue 15); never in a public snapshot. */
  alarms: StaffAlarm[];
  /** Issue 15: today's pickup tickets' files, by ticket id (the counter shows the code large); staff only. */
  pickups?: Record<string, TicketPickup>;
}

/** Issue 15: the file a pickup ticket is for, and whether it was ready when issued. */
export interface TicketPickup {
  fileCode: string;
  ready: boolean;
}

/** A no-show of today as the staff app lists it for putting back (issue 15). */
export type NoShowTicket = StaffTicket & { putBacks: number };

/** A clerk's alarm as staff panels show it. */
export interface StaffAlarm {
  id: string;
  counterId: string;
  counterNumber: number;
  counterLabel: Localized;
  userId: string | null;
  staffName: string;
  raisedAt: string;
  /** Colleagues who said "Tôi đến hỗ trợ", in order. */
  answers: { userId: string; staffName: string; at: string }[];
}

export interface Update {
  rev: number;
  /**
   * Batched feed only (handshake query `feed=2`, shared/events.ts): the first revision this
   * update covers — every change of `fromRev..rev`, one journal flush. Absent: just `rev`.
   */
  fromRev?: number;
  services?: PublicService[];
  counters?: PublicCounter[];
  /** /display: the ticket the event changed, as it is now (a counter display tells done from no-show). */
  tickets?: PublicTicket[];
}

export interface StaffUpdate extends Update {
  /**
   * The tickets the event changed, as they are now. A client keeps its waiting lists by
   * removing each from every list and putting it back in its service's list when `waiting`
   * (in queue order: `insertInQueue` of shared/queue-order.ts) — sending whole lists per event
   * would cost O(waiting²) on a busy day.
   */
  tickets?: StaffTicket[];
  /** Issue 13: today's bookings not yet checked in, whole, when a booking event changed them. */
  bookingsPending?: PendingBooking[];
}

export interface CalledEvent<U extends Update = Update> {
  rev: number;
  ticket: PublicTicket;
  counterId: string;
  counterNumber: number;
  recall: boolean;
  at: string;
  /**
   * Batched feed only: the update of this call's journal flush (this call's revision included),
   * sent in the same frame instead of a separate `update`. Apply it before the call.
   */
  update?: U;
}

export type PrintStatus = 'printed' | 'queued' | 'failed' | 'disabled';
export type PrinterState = 'ok' | 'offline' | 'paper_out' | 'error' | 'disabled';

/** Vietnamese character sets a text-mode printer can be set up with (iconv-lite names). */
export const PRINTER_TEXT_ENCODINGS = ['tcvn', 'viscii', 'windows1258'] as const;
export interface PrinterTextMode {
  /** The printer's number for that code page (`ESC t n`): it differs by vendor. */
  codePage: number;
  encoding: (typeof PRINTER_TEXT_ENCODINGS)[number];
}

export interface PrinterStatus {
  status: PrinterState;
  message?: string;
  /** Jobs waiting to be printed. */
  pending?: number;
  /** The printer's paper sensor reads near end (status may still be `ok`): have a roll ready. */
  paperNearEnd?: boolean;
}

/** Whether the journal can write, and damage found in it at start: for staff and health checks. */
export interface DiskStatus {
  status: 'ok' | 'failing';
  /** When writing started to fail (ISO), while failing. */
  since: string | null;
  /** The last write error, e.g. "EIO: i/o error, fdatasync". */
  message: string | null;
  damage: JournalDamage | null;
}

/** Lines of the day's journal that could not be replayed and were set aside. */
export interface JournalDamage {
  day: string;
  /** Line numbers, in the file as it was found (with earlier finds of the same day). */
  lines: number[];
  /** Where they were moved, relative to the data folder. */
  file: string;
}

export interface IssueResult {
  ticket: PublicTicket & { token: string };
  /** Issue 15: a pickup ticket's file, and whether it was ready; absent for other tickets. */
  pickup?: { fileCode: string; ready: boolean };
  ahead: number;
  estimatedWaitMin: number;
  trackUrl: string;
  /**
   * Over the kiosk socket: the print job as it stands when the ticket is durable (`queued`
   * without a message: on its way; with one: why it waits), its outcome following as
   * `ticket:print`. Over REST: as the printer answered within its ack time.
   */
  print: { status: PrintStatus; message?: string };
}

/**
 * Server → kiosk `ticket:print` (issue 10), to the socket whose ack said `queued`: the job's
 * outcome, `printed` or `failed` (given up), or `queued` again with the reason it waits when an
 * attempt fails (no paper, printer off), once per reason.
 */
export interface TicketPrintEvent {
  ticketId: string;
  status: 'printed' | 'queued' | 'failed';
  message?: string;
}

export interface TicketView {
  ticket: PublicTicket;
  service: { id: string; name: Localized } | null;
  ahead: number;
  estimatedWaitMin: number;
  counter: { id: string; number: number; label: Localized } | null;
  rated: boolean;
  /** Issue 15: the file this visit handed in (completed with its file code), and whether its result is ready. */
  result?: { fileTail: string; status: 'ready' | 'not_ready' | 'collected'; promisedDate: string | null };
}

export interface UserPublic {
  id: string;
  username: string;
  name: string;
  role: Role;
  mustChangePassword: boolean;
  /** A disabled account cannot log in, and its sessions end at once. */
  disabled: boolean;
  /** The account's office; null = the whole province (issue 11). */
  officeId?: string | null;
}

/** Why the server ended a staff session (`session:ended` on /counter, just before it disconnects). */
export const SESSION_END_REASONS = ['user_removed', 'password_changed', 'password_reset', 'account_disabled', 'expired', 'logged_out'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
export interface SessionEnded {
  reason: SessionEndReason;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: UserPublic;
  /** The offices this account may open (issue 11), in the deployment's order; the first is the default. */
  offices?: { slug: string; name: Localized }[];
}

export type PriorityPolicy = { mode: 'strict' } | { mode: 'interleave'; every: number };

export interface Settings {
  officeName: Localized;
  timeZone: string;
  announcementTemplate: string;
  /** Said for a recall of the same ticket ("Xin mời lần hai …"). */
  recallTemplate: string;
  /** How numbers are read; `auto`: from `province` (shared/provinces.ts), Northern without one. */
  numberReading: NumberReadingSetting;
  /** Id in shared/provinces.ts; null: not set. */
  province: string | null;
  announcementRepeat: number;
  ticketFooter: Localized;
  printer: string;
  printerPaperWidth: 58 | 80;
  /** Text in the printer's own font and code page, for a printer set up for it; null: the ticket as an image (default). */
  printerTextMode: PrinterTextMode | null;
  kioskKey: string | null;
  /** Opens a kiosk's local settings (4–8 digits); null: nobody can open them until an admin sets it. */
  kioskPin: string | null;
  publicBaseUrl: string | null;
  priorityPolicy: PriorityPolicy;
  ratingScale: 3 | 5;
  /** Scrolling line at the foot of the wall display; empty: none. */
  displayTicker: Localized;
  /** Announcement loudness on displays, 0..1. */
  announcementVolume: number;
  /** `clips`: the recorded clip pack (works offline everywhere); `browser`: the OS's vi-VN voice. */
  voiceMode: VoiceMode;
  /** Serving time assumed before there is history, for estimated waits. */
  defaultServeMin: number;
  /** Tickets one kiosk (address, or keyed kiosk) may take at once, then per minute. */
  kioskIssueBurst: number;
  kioskIssuePerMin: number;
  /** Issue 13: numbers from home (absent in files written before it: off). */
  booking?: OfficeBooking;
  /** Putting back a no-show (issue 15): after the next `count` tickets of its kind, or at the end; at most `maxTimes` per ticket (0: never). */
  putBack: PutBackSetting;
}

export interface PutBackSetting {
  place: { mode: 'end' } | { mode: 'after'; count: number };
  maxTimes: number;
}

export interface ReportRow {
  day: string;
  serviceId: string;
  issued: number;
  served: number;
  noShows: number;
  cancelled: number;
  expired: number;
  avgWaitMin: number | null;
  p90WaitMin: number | null;
  avgServeMin: number | null;
  p90ServeMin: number | null;
  /** Share (0..1) of served tickets called within the service's target wait. */
  withinTarget: number | null;
  ratings: number;
  avgRating: number | null;
  /** Share (0..1) of ratings that are satisfied (top levels of the scale). */
  satisfied: number | null;
}

export interface ReportSummary {
  from: string;
  to: string;
  rows: ReportRow[];
  total: Omit<ReportRow, 'day' | 'serviceId'>;
  /** Journal lines of the range that could not be read or replayed: the figures leave them out. */
  skippedLines: number;
  /** The days that had such lines. */
  damagedDays: { day: string; skippedLines: number }[];
  /** Issue 15: the walk to the desk, from the call to the start of service. */
  walk: WalkReport;
}

/**
 * Issue 15: seconds from a ticket's first call of its last turn at a desk (the first call since it
 * last joined a queue: issue, transfer, put-back; recalls do not restart it) to `ticket:started`.
 * Tickets completed without a start have none.
 */
export interface WalkFigures {
  count: number;
  avgSec: number | null;
  medianSec: number | null;
  p90Sec: number | null;
}

/** The same figures for all tickets and split three ways: booked (a booking checked in), else priority, else walk-in. */
export interface WalkSplit {
  all: WalkFigures;
  walkIn: WalkFigures;
  priority: WalkFigures;
  booked: WalkFigures;
}

export interface WalkReport {
  total: WalkSplit;
  /** By the service and the counter the ticket ended at, sorted by id. */
  services: ({ serviceId: string } & WalkSplit)[];
  counters: ({ counterId: string } & WalkSplit)[];
}

// ── Province edition (issue 11): the deployment-wide views of /api/province and /province ──

/** Why an office needs a look, said in both languages by the server. */
export const OFFICE_ALERT_KINDS = ['wait_over_target', 'printer', 'disk', 'no_counter_open'] as const;
export type OfficeAlertKind = (typeof OFFICE_ALERT_KINDS)[number];

/** One office as the province overview shows it (`GET /api/province/offices`, `offices:update`). */
export interface OfficeSummary {
  id: string;
  slug: string;
  name: Localized;
  timeZone: string;
  archived: boolean;
  live: {
    waiting: number;
    longestWaitMin: number;
    targetWaitMin: number | null;
    countersOpen: number;
    countersTotal: number;
    printer: 'ok' | 'warning' | 'error' | 'none';
    disk: 'ok' | 'failing';
  };
  alerts: { kind: OfficeAlertKind; vi: string; en: string }[];
}

/** One office's row of the province comparison (`GET /api/province/report`). */
export interface ProvinceReportRow {
  slug: string;
  name: Localized;
  issued: number;
  served: number;
  noShow: number;
  avgWaitMin: number | null;
  /** Share (0..1) of served tickets called within target. */
  withinTargetShare: number | null;
  /** Share (0..1) of satisfied ratings; null without ratings. */
  satisfaction: number | null;
  ratings: number;
}

export interface ProvinceReport {
  from: string;
  to: string;
  offices: ProvinceReportRow[];
}

/** `POST /api/province/offices`. */
export interface NewOffice {
  name: Localized;
  slug: string;
  timeZone: string;
  copyServicesFrom?: string;
}

/** Issue 15 §1: one day of the pickup report (`GET /api/results/report`). */
export interface PickupDay {
  day: string;
  /** Pickup tickets issued, and how many of them for a file not ready ("see a clerk anyway"). */
  pickups: number;
  notReady: number;
  /** Pickups of a file with a promised date, and of those the files ready on or before it. */
  promised: number;
  readyByPromise: number;
  /** Mean minutes from issue to first call: pickup tickets, and submissions. */
  avgWaitPickupMin: number | null;
  avgWaitSubmissionMin: number | null;
}
