// The booking page's data wrapper (issue 13, contract13.md): the office's booking offer, making,
// reading and cancelling one booking, and a nudge when the hall moves. Components call these
// and never build a URL or a request body themselves.
import { officeApi, officePrefix } from '../shared/client/office-base.js';
import type { ApiError, Result } from '../shared/errors.js';
import type { BookingInfo, BookingKind, BookingProofInfo, BookingServiceInfo, CitizenBooking } from '../shared/booking.js';
import type { Localized } from '../shared/types.js';

export type { BookingKind, BookingSlot, CitizenBooking, BookingState } from '../shared/booking.js';
export type BookableService = BookingServiceInfo;
export type ProofOffer = BookingProofInfo;
export type Proof = { nonce: string; challenge: string } | { pin: string };

/** GET /api/booking, with the office's name when the server sends it (shown in the header). */
export interface BookingOffer extends BookingInfo {
  office?: Localized;
}

export interface NewBooking {
  serviceId: string;
  kind: BookingKind;
  at?: string;
  phone: string;
  name: string;
  proof: Proof;
}

const OFFLINE: ApiError = {
  code: 'internal',
  message: 'Không kết nối được máy chủ, vui lòng thử lại.',
  messageEn: 'Could not reach the server, please try again.',
};

export interface BookingOfficeEntry {
  slug: string;
  name: Localized;
}

async function call<T>(path: string, init?: RequestInit, scoped = true): Promise<Result<T>> {
  try {
    const res = await fetch(scoped ? officeApi(path) : path, {
      ...init,
      headers: init?.body ? { 'content-type': 'application/json' } : undefined,
    });
    const body = (await res.json()) as Result<T>;
    return body;
  } catch {
    return { ok: false, error: OFFLINE };
  }
}

export const bookingApi = {
  /** The province's offices that take bookings (deployment-wide, never under an office's prefix). */
  offices: () => call<{ offices: BookingOfficeEntry[]; single: boolean }>('/api/booking/offices', undefined, false),
  offer: () => call<BookingOffer>('/api/booking'),
  make: (b: NewBooking) => call<{ booking: CitizenBooking }>('/api/bookings', { method: 'POST', body: JSON.stringify(b) }),
  get: (token: string) => call<{ booking: CitizenBooking }>(`/api/bookings/${encodeURIComponent(token)}`),
  cancel: (token: string) => call<{ booking: CitizenBooking }>(`/api/bookings/${encodeURIComponent(token)}`, { method: 'DELETE' }),
};

/** The booking's token from the page address: `…/dat-lich/<token>` or `?b=<token>`. */
export function tokenFromLocation(loc: Pick<Location, 'pathname' | 'search'> = location): string | null {
  const q = new URLSearchParams(loc.search).get('b');
  if (q) return q;
  const m = /\/dat-lich\/([^/]+)\/?$/.exec(loc.pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The page address of a booking, under this office's booking page. */
export function bookingPath(token: string, loc: Pick<Location, 'pathname'> = location): string {
  const base = loc.pathname.replace(/\/dat-lich(\/.*)?$/, '/dat-lich/');
  return `${base}${encodeURIComponent(token)}`;
}

/** True on the deployment-wide `/dat-lich/` (no office in the address): a province lists its offices there. */
export function isDeploymentPage(): boolean {
  return officePrefix() === '';
}
