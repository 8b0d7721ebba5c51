// Issue 13's power-cut scenario, for the file store (test/server/booking-durability.test.ts)
// and PostgreSQL (test/store/booking-durability.pg.ts): a child server takes bookings and is
// killed with SIGKILL right after each answer; after the restarts every acknowledged booking is
// there (by its token, and its code at the kiosk), a slot's places taken stay taken, and a
// cancellation acknowledged stays cancelled.
import { expect } from 'vitest';
import type { BookingInfo, CitizenBooking } from '../../shared/booking.js';
import type { Result } from '../../shared/errors.js';
import type { LoginResult } from '../../shared/types.js';
import { spawnServer, type Child } from './child.js';

async function api<T>(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Result<T> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Result<T> };
}

export async function bookingPowerCuts(dir: string, env: Record<string, string> = {}): Promise<void> {
  let child: Child = await spawnServer(dir, env);
  const login = await api<LoginResult>(child.url, 'POST', '/api/auth/login', { username: 'admin', password: 'mat-khau-quan-tri' });
  if (!login.body.ok) throw new Error('login');
  const admin = login.body.token;
  await api(child.url, 'PUT', '/api/settings', { booking: { enabled: true, proof: 'pin', pin: '2468', powBits: 18, policy: 'strict', interleaveEvery: 2 } }, admin);
  const booking = { remote: true, slots: true, slotMinutes: 15, capacity: 2, daysAhead: 7, perPhonePerDay: 1, checkInBeforeMin: 15, checkInAfterMin: 15 };
  expect((await api(child.url, 'PUT', '/api/services/dat-dai', { booking }, admin)).status).toBe(200);

  // Whatever the real clock says, the offer's last slot is days away (daysAhead 7).
  const offer = await api<BookingInfo>(child.url, 'GET', '/api/booking');
  if (!offer.body.ok) throw new Error('offer');
  const days = offer.body.services.find((s) => s.id === 'dat-dai')!.days;
  const at = days.at(-1)!.slots.at(-1)!.at;

  const acked: CitizenBooking[] = [];
  let cancelled: string | null = null;
  for (let round = 0; round < 3; round++) {
    const made = await api<{ booking: CitizenBooking }>(child.url, 'POST', '/api/bookings', {
      serviceId: 'dat-dai', kind: 'slot', at, phone: `090100000${round}`, name: `Công dân ${round}`, proof: { pin: '2468' },
    });
    if (round < 2) {
      expect(made.status).toBe(201);
      if (made.body.ok) acked.push(made.body.booking);
    } else {
      // The slot (2 places) was filled before the last two power cuts: still full.
      expect(!made.body.ok && made.body.error.code).toBe('booking_full');
      const gone = await api<{ booking: CitizenBooking }>(child.url, 'DELETE', `/api/bookings/${acked[0]!.token}`);
      expect(gone.body.ok && gone.body.booking.state).toBe('cancelled');
      cancelled = acked[0]!.token;
    }
    // The answer came back: the power goes at once.
    await child.kill('SIGKILL');
    child = await spawnServer(dir, env);
  }
  for (const b of acked) {
    const read = await api<{ booking: CitizenBooking }>(child.url, 'GET', `/api/bookings/${b.token}`);
    expect(read.body.ok && read.body.booking).toMatchObject({ code: b.code, at, state: b.token === cancelled ? 'cancelled' : 'booked', name: b.name });
  }
  // Its code still opens it at the kiosk (too early yet: the slot is days away).
  const early = await api(child.url, 'POST', '/api/bookings/check-in', { code: acked[1]!.code });
  expect(!early.body.ok && early.body.error.code).toBe('booking_early');
  // One place free again after the cancellation, and only one.
  const again = await api(child.url, 'POST', '/api/bookings', { serviceId: 'dat-dai', kind: 'slot', at, phone: '0901999999', name: 'Lê Văn Cường', proof: { pin: '2468' } });
  expect(again.status).toBe(201);
  const over = await api(child.url, 'POST', '/api/bookings', { serviceId: 'dat-dai', kind: 'slot', at, phone: '0901999998', name: 'Lê Văn Dũng', proof: { pin: '2468' } });
  expect(!over.body.ok && over.body.error.code).toBe('booking_full');
  await child.kill('SIGKILL');
}
