// Issue 13, numbers from home: what the citizen's booking page, the kiosk's check-in and the
// staff apps exchange with the server. The rules themselves live in server/queue/bookings.ts.
import type { PublicTicket } from './types.js';

export const BOOKING_KINDS = ['remote', 'slot'] as const;
/** 'remote': a number taken from home, held until check-in; 'slot': a booked time. */
export type BookingKind = (typeof BOOKING_KINDS)[number];

export const BOOKING_STATES = ['booked', 'checkedIn', 'cancelled', 'noShow', 'expired'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/** Per service (field): what citizens may book, and its limits. Default: all off. */
export interface ServiceBooking {
  remote: boolean;
  slots: boolean;
  slotMinutes: number;
  /** Bookings per slot. */
  capacity: number;
  /** How many days ahead slots are offered (today counts as day 0). */
  daysAhead: number;
  /** Bookings one phone number may make per service day in this service. */
  perPhonePerDay: number;
  checkInBeforeMin: number;
  checkInAfterMin: number;
}

export const SERVICE_BOOKING_DEFAULTS: ServiceBooking = {
  remote: false, slots: false, slotMinutes: 15, capacity: 2, daysAhead: 7, perPhonePerDay: 1, checkInBeforeMin: 15, checkInAfterMin: 15,
};

/** Per office: whether booking is open, the proof asked of citizens and the calling policy. */
export interface OfficeBooking {
  enabled: boolean;
  proof: 'pow' | 'pin';
  /** Shown at the entrance; null: no PIN set (PIN proof then refuses every booking). */
  pin: string | null;
  powBits: number;
  /** 'strict': booked slot tickets before walk-ins; 'interleave': one after every `interleaveEvery` walk-ins. */
  policy: 'strict' | 'interleave';
  interleaveEvery: number;
}

export const OFFICE_BOOKING_DEFAULTS: OfficeBooking = {
  enabled: false, proof: 'pow', pin: null, powBits: 18, policy: 'strict', interleaveEvery: 2,
};

export type BookingProofInfo = { kind: 'pow'; bits: number; challenge: string } | { kind: 'pin' };

export interface BookingSlot {
  /** The slot's start, ISO local with offset. */
  at: string;
  /** Places still free in it. */
  left: number;
}

export interface BookingServiceInfo {
  id: string;
  name: string;
  nameEn: string;
  prefix: string;
  remote: boolean;
  slots: boolean;
  days: { date: string; slots: BookingSlot[] }[];
}

/** GET /api/booking */
export interface BookingInfo {
  enabled: boolean;
  proof: BookingProofInfo;
  services: BookingServiceInfo[];
}

/** What the holder of a booking's token sees: their own booking, and nobody else's. */
export interface CitizenBooking {
  token: string;
  /** Six digits, typed at the kiosk (or read from the QR). */
  code: string;
  serviceId: string;
  kind: BookingKind;
  at: string | null;
  state: BookingState;
  /** People ahead: before check-in, those who would be called first if they checked in now. */
  ahead: number | null;
  expectedAt: string | null;
  ticket: PublicTicket | null;
  name: string;
  trackUrl: string;
}

/** A booking on the staff's list (supervisor): with the phone and name. */
export interface StaffBooking {
  id: string;
  code: string;
  serviceId: string;
  kind: BookingKind;
  at: string | null;
  date: string;
  state: BookingState;
  name: string;
  phone: string;
  madeAt: string;
  ticketNumber: string | null;
}

/** Today's bookings not yet checked in, on the staff snapshot (no phone). */
export interface PendingBooking {
  code: string;
  serviceId: string;
  kind: BookingKind;
  at: string | null;
  name: string;
}

/** Issue 13's bookings report (`GET /api/reports/bookings`): one shape for the server and the staff app. */
export interface WaitFigures {
  /** Tickets called at least once. */
  called: number;
  avgWaitMin: number | null;
  p90WaitMin: number | null;
}

export interface BookingCounts {
  made: number;
  checkedIn: number;
  noShow: number;
  cancelled: number;
}

export interface BookingReportRow {
  day: string;
  serviceId: string;
  bookings: BookingCounts;
  /** Share (0..1) of the day's bookings that ended as no-shows, of those that ended checked in or no-show. */
  noShowRate: number | null;
  waits: { walkIn: WaitFigures; booked: WaitFigures };
}

export interface BookingReport {
  from: string;
  to: string;
  rows: BookingReportRow[];
  /** The whole range (the rows' services, after the filter; the waits from all the rows' samples). */
  total: Omit<BookingReportRow, 'day' | 'serviceId'>;
}
