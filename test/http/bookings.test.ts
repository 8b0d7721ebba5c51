// Issue 13 over the wire: a real server on 127.0.0.1, real HTTP and socket.io clients. Slot
// capacity under racing requests, a booking checked in once even by two kiosks at the same
// instant, the address limit against a script, forged or expired codes, the proof, and no
// endpoint without the token (or a supervisor's session) giving away a phone number or name.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BookingInfo, CitizenBooking, StaffBooking } from '../../shared/booking.js';
import { leadingZeroBits } from '../../shared/booking-pow.js';
import { MESSAGES } from '../../shared/i18n.js';
import type { IssueResult } from '../../shared/types.js';
import { BOOKINGS_PER_ADDRESS } from '../../server/http/routes/bookings.js';
import { firstSnapshot, nextEvent, RecordingPrinter, request, startTestServer, type TestServer } from '../support/server.js';

/** A Thursday, 08:00 in Ho Chi Minh City: the default week's hours are open. */
let clock = new Date('2026-11-26T08:00:00+07:00');
let t: TestServer;
let printer: RecordingPrinter;

afterEach(async () => {
  await t?.stop();
});

const PHONE = '0912 345 678';
const NAME = 'Phạm Thị Hoa';

async function office(proof: 'pin' | 'pow' = 'pin', service: Record<string, unknown> = {}, dataDir?: string): Promise<{ admin: string }> {
  clock = new Date('2026-11-26T08:00:00+07:00');
  printer = new RecordingPrinter();
  t = await startTestServer({ now: () => clock, printer, ...(dataDir ? { dataDir } : {}) });
  const admin = await t.login();
  const s = await t.api('PUT', '/api/settings', { booking: { enabled: true, proof, pin: '2468', powBits: 8, policy: 'strict', interleaveEvery: 2 } }, admin);
  expect(s.status).toBe(200);
  const booking = { remote: true, slots: true, slotMinutes: 15, capacity: 3, daysAhead: 7, perPhonePerDay: 1, checkInBeforeMin: 15, checkInAfterMin: 15, ...service };
  expect((await t.api('PUT', '/api/services/dat-dai', { booking }, admin)).status).toBe(200);
  return { admin };
}

const book = (body: Record<string, unknown>, path = '/api/bookings') =>
  t.api<{ booking: CitizenBooking }>('POST', path, { serviceId: 'dat-dai', kind: 'slot', at: '2026-11-26T08:30:00+07:00', phone: PHONE, name: NAME, proof: { pin: '2468' }, ...body });

function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${n}`).digest()) >= bits) return String(n);
  }
}

describe('booking over HTTP', () => {
  it('offers the slots, books one, and the holder of the token (only) reads and cancels it', async () => {
    await office();
    const info = await t.api<BookingInfo>('GET', '/api/booking');
    if (!info.body.ok) throw new Error('offer');
    expect(info.body.proof).toEqual({ kind: 'pin' });
    const land = info.body.services.find((s) => s.id === 'dat-dai')!;
    expect(land).toMatchObject({ name: 'Đất đai', remote: true, slots: true });
    expect(land.days[0]!.slots[0]).toEqual({ at: '2026-11-26T08:15:00+07:00', left: 3 });
    expect(info.body.services.map((s) => s.id)).toEqual(['dat-dai']);

    const made = await book({});
    expect(made.status).toBe(201);
    if (!made.body.ok) throw new Error(made.body.error.message);
    const b = made.body.booking;
    expect(b).toMatchObject({ kind: 'slot', at: '2026-11-26T08:30:00+07:00', state: 'booked', name: NAME, ticket: null });
    expect(b.code).toMatch(/^\d{6}$/);
    expect(b.trackUrl).toMatch(new RegExp(`/dat-lich/${b.token}$`));
    expect(JSON.stringify(made.body)).not.toContain('0912345678');

    // The code is not a key to the booking; the token is.
    expect((await t.api('GET', `/api/bookings/${b.code}`)).status).toBe(404);
    expect((await t.api('DELETE', `/api/bookings/${b.code}`)).status).toBe(404);
    const read = await t.api<{ booking: CitizenBooking }>('GET', `/api/bookings/${b.token}`);
    expect(read.body.ok && read.body.booking.code).toBe(b.code);
    const cancelled = await t.api<{ booking: CitizenBooking }>('DELETE', `/api/bookings/${b.token}`);
    expect(cancelled.body.ok && cancelled.body.booking.state).toBe('cancelled');
    const again = await t.api('DELETE', `/api/bookings/${b.token}`);
    expect(again.status).toBe(409);
  });

  it('never books a slot beyond its capacity, however many requests race for it', async () => {
    await office();
    const phones = Array.from({ length: 12 }, (_, i) => `09010000${String(i).padStart(2, '0')}`);
    const results = await Promise.all(phones.map((phone) => book({ phone })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(!r.body.ok && r.body.error.code).toBe('booking_full');
    const supervisor = await t.staff('giam-sat', 'supervisor');
    const list = await t.api<{ bookings: StaffBooking[] }>('GET', '/api/bookings?date=2026-11-26', undefined, supervisor);
    expect(list.body.ok && list.body.bookings.filter((x) => x.at === '2026-11-26T08:30:00+07:00' && x.state === 'booked')).toHaveLength(3);
  });

  it('holds the per-phone limit', async () => {
    await office();
    expect((await book({})).status).toBe(201);
    const second = await book({ at: '2026-11-26T09:00:00+07:00', phone: '+84912345678' });
    expect(second.status).toBe(409);
    expect(!second.body.ok && second.body.error).toMatchObject({ code: 'booking_limit', message: expect.stringContaining('Số điện thoại') });
  });

  it('stops one address trying 1,000 bookings after the limit, quickly', async () => {
    await office();
    const statuses: number[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const rs = await Promise.all(
        Array.from({ length: 50 }, (_, i) => book({ kind: 'remote', at: undefined, phone: `098${String(batch * 50 + i).padStart(7, '0')}` })),
      );
      statuses.push(...rs.map((r) => r.status));
    }
    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((s) => s === 201)).toHaveLength(BOOKINGS_PER_ADDRESS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1000 - BOOKINGS_PER_ADDRESS);
  });

  it('refuses a wrong PIN, and a proof of work forged, reused or unsolved', async () => {
    await office('pin');
    const wrong = await book({ proof: { pin: '1357' } });
    expect(wrong.status).toBe(403);
    expect(!wrong.body.ok && wrong.body.error).toMatchObject({ code: 'proof_invalid', message: expect.stringMatching(/Mã xác minh/), messageEn: expect.any(String) });
    await t.stop();

    await office('pow');
    const info = await t.api<BookingInfo>('GET', '/api/booking');
    if (!info.body.ok || info.body.proof.kind !== 'pow') throw new Error('pow offer');
    const { challenge, bits } = info.body.proof;
    expect(bits).toBe(8);
    const nonce = solve(challenge, bits);
    let unsolved = 0;
    while (leadingZeroBits(createHash('sha256').update(`${challenge}:${unsolved}`).digest()) >= bits) unsolved++;
    expect((await book({ proof: { challenge, nonce: String(unsolved) } })).status).toBe(403);
    const forged = challenge.replace(/\.[^.]+$/, '.AAAA');
    expect((await book({ proof: { challenge: forged, nonce: solve(forged, bits) } })).status).toBe(403);
    const easier = challenge.replace(/^8\./, '0.');
    expect((await book({ proof: { challenge: easier, nonce: '0' } })).status).toBe(403);
    expect((await book({ proof: { challenge, nonce } })).status).toBe(201);
    const reused = await book({ proof: { challenge, nonce }, phone: '0911111111' });
    expect(!reused.body.ok && reused.body.error.code).toBe('proof_invalid');
  });

  it('refuses a solved challenge reused after the server restarted: the journal keeps it spent', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'luot-booking-proof-'));
    try {
      await office('pow', {}, dataDir);
      const info = await t.api<BookingInfo>('GET', '/api/booking');
      if (!info.body.ok || info.body.proof.kind !== 'pow') throw new Error('pow offer');
      const { challenge, bits } = info.body.proof;
      const proof = { challenge, nonce: solve(challenge, bits) };
      expect((await book({ proof })).status).toBe(201);
      await t.stop();

      t = await startTestServer({ now: () => clock, printer, dataDir });
      const reused = await book({ proof, phone: '0911111111' });
      expect(reused.status).toBe(403);
      expect(!reused.body.ok && reused.body.error).toMatchObject({ code: 'proof_invalid', message: MESSAGES.proofInvalid.vi, field: 'proof' });
      // A fresh challenge of the restarted server books: only the spent one is refused.
      const again = await t.api<BookingInfo>('GET', '/api/booking');
      if (!again.body.ok || again.body.proof.kind !== 'pow') throw new Error('pow offer');
      const fresh = { challenge: again.body.proof.challenge, nonce: solve(again.body.proof.challenge, again.body.proof.bits) };
      expect((await book({ proof: fresh, phone: '0911111111' })).status).toBe(201);
    } finally {
      await t.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('checking in at the kiosk', () => {
  it('two kiosks racing with one code: one ticket, printed once; the other is told it is used', async () => {
    await office();
    const made = await book({});
    if (!made.body.ok) throw new Error('book');
    clock = new Date('2026-11-26T08:20:00+07:00');
    const [k1, k2] = await Promise.all([t.connect('/kiosk'), t.connect('/kiosk')]);
    const [a, b] = await Promise.all([
      request<IssueResult>(k1, 'booking:checkIn', { code: made.body.booking.code, requestId: 'kiosk-one-0001' }),
      request<IssueResult>(k2, 'booking:checkIn', { code: made.body.booking.code, requestId: 'kiosk-two-0001' }),
    ]);
    const oks = [a, b].filter((r) => r.ok);
    expect(oks).toHaveLength(1);
    const refused = [a, b].find((r) => !r.ok)!;
    expect(!refused.ok && refused.error).toMatchObject({ code: 'booking_used', message: expect.stringContaining('đã được xác nhận') });
    const ticket = (oks[0] as { ticket: IssueResult['ticket'] }).ticket;
    expect(ticket).toMatchObject({ serviceId: 'dat-dai', booked: 'slot', slotAt: '2026-11-26T08:30:00+07:00' });
    expect(printer.jobs.filter((j) => j.number === ticket.number)).toHaveLength(1);
    expect(printer.jobs).toHaveLength(1);
    const read = await t.api<{ booking: CitizenBooking }>('GET', `/api/bookings/${made.body.booking.token}`);
    expect(read.body.ok && read.body.booking).toMatchObject({ state: 'checkedIn', ticket: { number: ticket.number } });
    // The supervisor's snapshot marks it among the waiting tickets.
    const counter = await t.connect('/counter', { token: await t.staff('giam-sat', 'supervisor') });
    const snap = await firstSnapshot<{ waiting: Record<string, { number: string; booked?: string }[]> }>(counter);
    expect(snap.waiting['dat-dai']!.find((x) => x.number === ticket.number)!.booked).toBe('slot');
  });

  it('refuses a forged code and a late one with a clear message, over the socket and REST', async () => {
    await office();
    const made = await book({});
    if (!made.body.ok) throw new Error('book');
    const code = made.body.booking.code;
    const forgedCode = code === '123456' ? '654321' : '123456';
    const kiosk = await t.connect('/kiosk');
    const forged = await request(kiosk, 'booking:checkIn', { code: forgedCode });
    expect(!forged.ok && forged.error).toMatchObject({ code: 'booking_unknown', message: expect.stringContaining('Mã lịch hẹn không đúng'), messageEn: expect.stringContaining('Unknown') });
    const early = await t.api('POST', '/api/bookings/check-in', { code });
    expect(early.status).toBe(409);
    expect(!early.body.ok && early.body.error).toMatchObject({ code: 'booking_early', nextOpen: '2026-11-26T08:15:00+07:00' });
    clock = new Date('2026-11-26T08:46:00+07:00');
    const late = await t.api('POST', '/api/bookings/check-in', { code });
    expect(late.status).toBe(410);
    expect(!late.body.ok && late.body.error).toMatchObject({ code: 'booking_expired', message: expect.stringContaining('lấy số thường') });
    const bad = await t.api('POST', '/api/bookings/check-in', { code: '12ab' });
    expect(bad.status).toBe(400);
  });
});

describe('nobody without the token reads a citizen\'s phone or name', () => {
  it('public offer, snapshots, check-in answers and the staff list without a session leak neither', async () => {
    await office();
    const made = await book({ kind: 'remote', at: undefined });
    if (!made.body.ok) throw new Error(made.body.error.message);
    const secrets = ['0912345678', '912345678', NAME, 'Phạm'];
    const leaks = (x: unknown) => secrets.filter((s) => JSON.stringify(x).includes(s));
    expect(leaks((await t.api('GET', '/api/booking')).body)).toEqual([]);
    expect(leaks((await t.api('GET', '/api/state')).body)).toEqual([]);
    expect(leaks(await firstSnapshot(await t.connect('/display')))).toEqual([]);
    expect(leaks(await firstSnapshot(await t.connect('/kiosk')))).toEqual([]);
    const list = await t.api('GET', '/api/bookings?date=2026-11-26');
    expect(list.status).toBe(401);
    expect(leaks(list.body)).toEqual([]);
    const clerk = await t.staff('can-bo', 'staff');
    expect((await t.api('GET', '/api/bookings?date=2026-11-26', undefined, clerk)).status).toBe(403);
    const checkedIn = await t.api('POST', '/api/bookings/check-in', { code: made.body.booking.code });
    expect(checkedIn.status).toBe(201);
    expect(leaks(checkedIn.body)).toEqual([]);
    const ticket = checkedIn.body.ok ? (checkedIn.body as unknown as IssueResult).ticket : null;
    expect(leaks((await t.api('GET', `/api/tickets/${ticket!.token}`)).body)).toEqual([]);
    // The holder sees their own name, never the phone they typed.
    const own = await t.api('GET', `/api/bookings/${made.body.booking.token}`);
    expect(leaks(own.body)).toEqual([NAME, 'Phạm']);
    // A supervisor does see both (that is the list's purpose).
    const supervisor = await t.staff('giam-sat', 'supervisor');
    const full = await t.api<{ bookings: StaffBooking[] }>('GET', '/api/bookings?date=2026-11-26', undefined, supervisor);
    expect(full.body.ok && full.body.bookings[0]).toMatchObject({ phone: '0912345678', name: NAME, state: 'checkedIn' });
  });
});

describe('the bookings report', () => {
  it('counts bookings made, checked in, no-shows and cancelled per day and service, and booked against walk-in waits', async () => {
    const { admin } = await office();
    const a = await book({ phone: '0901000001' });
    const b = await book({ phone: '0901000002' });
    const c = await book({ phone: '0901000003', at: '2026-11-26T09:00:00+07:00' });
    if (!a.body.ok || !b.body.ok || !c.body.ok) throw new Error('book');
    await t.api('DELETE', `/api/bookings/${b.body.booking.token}`);
    const kiosk = await t.connect('/kiosk');
    clock = new Date('2026-11-26T08:10:00+07:00');
    expect((await request(kiosk, 'ticket:issue', { serviceId: 'dat-dai' })).ok).toBe(true);
    clock = new Date('2026-11-26T08:20:00+07:00');
    expect((await request(kiosk, 'booking:checkIn', { code: a.body.booking.code })).ok).toBe(true);
    const counter = await t.connect('/counter', { token: admin });
    expect((await request(counter, 'counter:open', { counterId: 'q2' })).ok).toBe(true);
    clock = new Date('2026-11-26T08:23:00+07:00');
    const first = await request<{ ticket: { booked?: string } }>(counter, 'ticket:callNext', { counterId: 'q2' });
    expect(first.ok && first.ticket.booked).toBe('slot');
    await request(counter, 'ticket:complete', { counterId: 'q2' });
    clock = new Date('2026-11-26T08:30:00+07:00');
    await request(counter, 'ticket:callNext', { counterId: 'q2' });
    // c's window (08:45–09:15) passes without a check-in: a no-show at the next command or tick.
    clock = new Date('2026-11-26T09:20:00+07:00');
    await request(counter, 'ticket:complete', { counterId: 'q2' });
    const r = await t.api<{ report: { rows: { day: string; serviceId: string; bookings: object; noShowRate: number | null; waits: { walkIn: object; booked: object } }[] } }>(
      'GET', '/api/reports/bookings?from=2026-11-26&to=2026-11-26', undefined, admin,
    );
    if (!r.body.ok) throw new Error(r.body.error.message);
    expect(r.body.report.rows).toEqual([
      {
        day: '2026-11-26', serviceId: 'dat-dai',
        bookings: { made: 3, checkedIn: 1, noShow: 1, cancelled: 1 },
        noShowRate: 0.5,
        waits: { walkIn: { called: 1, avgWaitMin: 20, p90WaitMin: 20 }, booked: { called: 1, avgWaitMin: 3, p90WaitMin: 3 } },
      },
    ]);
    expect((r.body.report as unknown as { total: object }).total).toEqual({
      bookings: { made: 3, checkedIn: 1, noShow: 1, cancelled: 1 },
      noShowRate: 0.5,
      waits: { walkIn: { called: 1, avgWaitMin: 20, p90WaitMin: 20 }, booked: { called: 1, avgWaitMin: 3, p90WaitMin: 3 } },
    });
    expect((await t.api('GET', '/api/reports/bookings?from=2026-11-26&to=2026-11-26')).status).toBe(401);
  });
});

describe('staff see today\'s bookings not yet checked in, live', () => {
  it('a booking made, then checked in, changes the pending list on the counter socket', async () => {
    await office();
    const counter = await t.connect('/counter', { token: await t.staff('giam-sat', 'supervisor') });
    const snap = await firstSnapshot<{ bookingsPending: unknown[]; bookingPolicy: unknown }>(counter);
    expect(snap).toMatchObject({ bookingsPending: [], bookingPolicy: { mode: 'strict' } });
    const pending = nextEvent<{ bookingsPending?: { code: string; name: string; kind: string }[] }>(counter, 'update', (u) => u.bookingsPending !== undefined);
    const made = await book({});
    if (!made.body.ok) throw new Error('book');
    expect((await pending).bookingsPending).toEqual([{ code: made.body.booking.code, serviceId: 'dat-dai', kind: 'slot', at: '2026-11-26T08:30:00+07:00', name: NAME }]);
    clock = new Date('2026-11-26T08:20:00+07:00');
    const emptied = nextEvent<{ bookingsPending?: unknown[] }>(counter, 'update', (u) => u.bookingsPending !== undefined);
    expect((await t.api('POST', '/api/bookings/check-in', { code: made.body.booking.code })).status).toBe(201);
    expect((await emptied).bookingsPending).toEqual([]);
  });
});
