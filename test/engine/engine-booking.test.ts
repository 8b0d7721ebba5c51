// Issue 13, numbers from home, in the pure engine: slot capacity, the per-phone limit, the
// check-in (once, in its window), no-shows, bookings carried over the day's rollover and kept
// by replay and checkpoint, and booked tickets called by the office's booking policy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LuotError } from '../../shared/errors.js';
import { callOrder, compareQueue, placeOf } from '../../shared/queue-order.js';
import type { Service } from '../../shared/types.js';
import { QueueEngine } from '../../server/queue/engine.js';
import { MESSAGES } from '../../shared/i18n.js';
import { CIVIL, expectLuotError, Harness, LAND } from '../support/engine-fixture.js';

const BOOKABLE: Service = {
  ...LAND,
  booking: { remote: true, slots: true, slotMinutes: 15, capacity: 2, daysAhead: 7, perPhonePerDay: 1, checkInBeforeMin: 15, checkInAfterMin: 15 },
};

function harness(opts: { policy?: 'strict' | 'interleave'; every?: number; service?: Service } = {}): Harness {
  const h = new Harness({ services: [opts.service ?? BOOKABLE, CIVIL] });
  h.config.settings.booking = {
    enabled: true, proof: 'pin', pin: '2468', powBits: 18, policy: opts.policy ?? 'strict', interleaveEvery: opts.every ?? 2,
  };
  h.engine.setConfig(h.config);
  return h;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof LuotError) return e.code;
    throw e;
  }
  return 'ok';
}

const SLOT_0830 = '2026-11-26T08:30:00+07:00';

describe('booking a slot', () => {
  it('never takes more bookings for a slot than its capacity; a cancellation frees a place', () => {
    const h = harness();
    const book = (phone: string) => h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOT_0830, phone, name: 'Nguyễn Văn An' })).booking;
    const a = book('0901000001');
    book('0901000002');
    expect(code(() => book('0901000003'))).toBe('booking_full');
    const offered = h.engine.bookingOffer(BOOKABLE)[0]!.slots.find((s) => s.at === SLOT_0830)!;
    expect(offered.left).toBe(0);
    h.record(h.engine.cancelBooking(a.token));
    expect(code(() => book('0901000003'))).toBe('ok');
    expect(code(() => book('0901000004'))).toBe('booking_full');
  });

  it('offers only slots inside the opening hours, from now on, up to daysAhead', () => {
    const h = harness();
    const days = h.engine.bookingOffer(BOOKABLE);
    expect(days[0]!.date).toBe('2026-11-26');
    expect(days[0]!.slots[0]!.at).toBe('2026-11-26T08:15:00+07:00');
    expect(days.every((d) => d.date <= '2026-12-03')).toBe(true);
    // Saturday and Sunday have no hours in the default week.
    expect(days.map((d) => d.date)).not.toContain('2026-11-28');
    for (const at of ['2026-11-26T07:45:00+07:00', '2026-11-26T12:00:00+07:00', '2026-11-26T08:20:00+07:00', '2026-12-24T08:30:00+07:00']) {
      expect(code(() => h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at, phone: '0901000001', name: 'An' }))).toBe('invalid');
    }
  });

  it('holds the per-phone limit per service and day', () => {
    const h = harness();
    const book = (at: string, phone = '0901000001') => code(() => h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at, phone, name: 'An' })));
    expect(book(SLOT_0830)).toBe('ok');
    expect(book('2026-11-26T09:00:00+07:00')).toBe('booking_limit');
    expect(book('2026-11-26T09:00:00+07:00', '0901000002')).toBe('ok');
    expect(book('2026-11-27T09:00:00+07:00')).toBe('ok');
    // A number from home counts for the same day too.
    expect(code(() => h.engine.makeBooking({ serviceId: 'land', kind: 'remote', phone: '0901000001', name: 'An' }))).toBe('booking_limit');
  });

  it('refuses a service or office that does not take bookings', () => {
    const h = harness();
    expect(code(() => h.engine.makeBooking({ serviceId: 'civil', kind: 'slot', at: SLOT_0830, phone: '0901000001', name: 'An' }))).toBe('closed');
    h.config.settings.booking!.enabled = false;
    h.engine.setConfig(h.config);
    expect(code(() => h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOT_0830, phone: '0901000001', name: 'An' }))).toBe('closed');
  });
});

describe('checking in', () => {
  it('issues one ticket per booking, in its window; a second check-in is refused, even replayed', () => {
    const h = harness();
    const b = h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOT_0830, phone: '0901000001', name: 'An' })).booking;
    expect(b.code).toMatch(/^\d{6}$/);
    expect(code(() => h.engine.checkIn({ code: b.code }))).toBe('booking_early');
    h.clock.set('2026-11-26T08:16:00+07:00');
    const { ticket, events } = h.record(h.engine.checkIn({ code: b.code, requestId: 'kiosk-a-0001' }));
    expect(ticket).toMatchObject({ serviceId: 'land', booked: 'slot', slotAt: SLOT_0830, bookingId: b.id, queuedAt: SLOT_0830 });
    expect(h.engine.publicTicket(ticket)).toMatchObject({ booked: 'slot', slotAt: SLOT_0830 });
    // The same kiosk retrying gets the same ticket; another kiosk is told it is used.
    expect(h.engine.checkIn({ code: b.code, requestId: 'kiosk-a-0001' })).toMatchObject({ duplicate: true, ticket });
    expect(code(() => h.engine.checkIn({ code: b.code, requestId: 'kiosk-b-0001' }))).toBe('booking_used');
    // A journal holding the check-in twice: the second line is refused, as a ticket issued twice.
    const twice = { ...structuredClone(events[0]!), rev: h.engine.rev + 1 } as typeof events[0];
    (twice as { ticket: { id: string } }).ticket.id = 'forged';
    expect(() => h.engine.apply(twice)).toThrow(/checks in booking/);
    expect(h.engine.citizenBooking(h.engine.bookingByToken(b.token), 'x').state).toBe('checkedIn');
  });

  it('refuses unknown codes and late arrivals; a window gone by counts a no-show', () => {
    const h = harness();
    const b = h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOT_0830, phone: '0901000001', name: 'An' })).booking;
    expect(code(() => h.engine.checkIn({ code: b.code === '000000' ? '000001' : '000000' }))).toBe('booking_unknown');
    h.clock.set('2026-11-26T08:46:00+07:00');
    expect(code(() => h.engine.checkIn({ code: b.code }))).toBe('booking_expired');
    const rolled = h.rollover();
    expect(rolled.map((e) => e.type)).toEqual(['booking:noShow']);
    expect(code(() => h.engine.checkIn({ code: b.code }))).toBe('booking_expired');
  });

  it('a remote number queues from when it was booked', () => {
    const h = harness();
    h.issue('land');
    const b = h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'remote', phone: '0901000001', name: 'An' })).booking;
    h.clock.advance(5);
    h.issue('land');
    h.clock.advance(20);
    const t = h.record(h.engine.checkIn({ code: b.code })).ticket;
    expect(t.booked).toBe('remote');
    expect(h.waitingNumbers('land')).toEqual(['A001', 'A003', 'A002']);
  });
});

describe('bookings across days', () => {
  it('carries later days\' bookings into the new day, and a replay of that day alone rebuilds them (and a checkpoint keeps them)', () => {
    const h = harness();
    const tomorrow = h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: '2026-11-27T08:30:00+07:00', phone: '0901000001', name: 'Trần Thị Bình' })).booking;
    const today = h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: '2026-11-26T14:00:00+07:00', phone: '0901000002', name: 'An' })).booking;
    const rolled = h.goTo('2026-11-27T08:20:00+07:00');
    expect(rolled.map((e) => e.type)).toEqual(['booking:noShow', 'day:opened', 'booking:carried']);
    const fresh = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'n', newToken: () => 'n' });
    for (const e of h.log.slice(h.log.findIndex((e) => e.type === 'day:opened' && e.serviceDay === '2026-11-27'))) fresh.apply(structuredClone(e));
    expect(fresh.bookingByToken(tomorrow.token)).toMatchObject({ code: tomorrow.code, state: 'booked', name: 'Trần Thị Bình', madeAt: tomorrow.madeAt });
    expect(() => fresh.bookingByToken(today.token)).toThrow();
    const restored = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'r1', newToken: () => 'rt1' });
    expect(restored.importState(fresh.exportState())).toBe(true);
    const t = restored.checkIn({ code: tomorrow.code }).ticket;
    expect(t).toMatchObject({ booked: 'slot', slotAt: '2026-11-27T08:30:00+07:00' });
    const again = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'r2', newToken: () => 'rt2' });
    expect(again.importState(restored.exportState())).toBe(true);
    expect(again.ticketById('r1')).toMatchObject({ booked: 'slot', bookingId: tomorrow.id });
    expect(code(() => again.checkIn({ code: tomorrow.code }))).toBe('booking_used');
  });
});

describe('a proof of work books once (the engine\'s rule, kept by the journal)', () => {
  const at = (iso: string) => new Date(iso).getTime();
  const slot = (h: Harness, phone: string, proof?: { id: string; issuedMs: number }, when = SLOT_0830) =>
    h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: when, phone, name: 'Lê Văn Cường', proof }));

  it('refuses a challenge spent once, after a replay of the journal and from a checkpoint too; an old journal without the field loads', () => {
    const h = harness();
    const proof = { id: 'x7Qm2kP9aB3cD4eF', issuedMs: at('2026-11-26T07:58:00+07:00') };
    const { events } = slot(h, '0901000001', proof);
    expect(events[0]).toMatchObject({ type: 'booking:made', proof: proof.id });
    // The id is the event's, never the booking's: nothing of it reaches the citizen or a webhook.
    expect(JSON.stringify((events[0] as { booking: unknown }).booking)).not.toContain(proof.id);
    const rev = h.engine.rev;
    const refused = expectLuotError(h, () => slot(h, '0901000002', proof), 'proof_invalid', { field: 'proof' });
    expect(refused.messageVi).toBe(MESSAGES.proofInvalid.vi);
    expect(h.engine.rev).toBe(rev);
    slot(h, '0901000002', { ...proof, id: 'another-challenge' });

    // A restart: the journal replayed (or the checkpoint read) still knows it spent.
    const replayed = h.replay();
    expect(code(() => replayed.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOT_0830, phone: '0901000003', name: 'An', proof }))).toBe('proof_invalid');
    const restored = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'r', newToken: () => 'rt' });
    expect(restored.importState(replayed.exportState())).toBe(true);
    expect(code(() => restored.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOT_0830, phone: '0901000003', name: 'An', proof }))).toBe('proof_invalid');

    // A journal line spending it twice is refused like a booking code used twice.
    const twice = structuredClone(events[0]!) as Extract<typeof events[0], { type: 'booking:made' }>;
    Object.assign(twice, { rev: replayed.rev + 1 });
    Object.assign(twice.booking, { id: 'forged', token: 'forged-token', code: '999999', phone: '0901000009' });
    expect(() => replayed.apply(twice)).toThrow(/spends a proof twice/);

    // A journal written before the field existed: its bookings load, and spend nothing.
    const old = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'o', newToken: () => 'ot' });
    for (const e of h.log) {
      const line = structuredClone(e) as { proof?: string };
      delete line.proof;
      old.apply(line as typeof e);
    }
    expect(old.staffBookings('2026-11-26')).toHaveLength(2);
    expect(code(() => old.makeBooking({ serviceId: 'land', kind: 'slot', at: '2026-11-26T09:00:00+07:00', phone: '0901000003', name: 'An', proof }))).toBe('ok');
  });

  it('counts a challenge only on the service day it was issued: the next day forgets the spent ones, so it is refused there', () => {
    const h = harness();
    h.clock.set('2026-11-26T23:50:00+07:00');
    const late = { id: 'issued-at-23-50', issuedMs: at('2026-11-26T23:50:00+07:00') };
    const tomorrow = '2026-11-27T08:30:00+07:00';
    slot(h, '0901000001', late, tomorrow);
    // A process whose clock is ahead issued this one after midnight; this engine's day has not opened yet.
    const ahead = { id: 'issued-after-midnight', issuedMs: at('2026-11-27T00:01:00+07:00') };
    expect(code(() => slot(h, '0901000002', ahead, tomorrow))).toBe('proof_invalid');
    h.goTo('2026-11-27T00:03:00+07:00');
    // Still within its 15 minutes, but issued yesterday: the day opened with no spent ids.
    expect(code(() => slot(h, '0901000003', late, tomorrow))).toBe('proof_invalid');
    slot(h, '0901000004', ahead, tomorrow);
    expect(code(() => slot(h, '0901000005', ahead, tomorrow))).toBe('proof_invalid');
  });
});

describe('no-shows on time, once, whichever engine counts them', () => {
  it('an engine that only applied another\'s booking counts its no-show at the window\'s end; the other, under the lock, finds it counted', () => {
    const a = harness();
    const b = new QueueEngine(a.config, { now: () => a.clock.now, newId: () => 'b', newToken: () => 'bt' });
    for (const e of a.log) b.apply(structuredClone(e));
    a.record(a.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOT_0830, phone: '0901000001', name: 'An' }));
    for (const e of a.log.slice(-1)) b.apply(structuredClone(e));
    // B reckons its next deadline (08:45) before A takes a booking that ends sooner (08:30).
    expect(b.rollover()).toEqual([]);
    expect(b.bookingExpiryDue()).toBe(false);
    const early = a.record(a.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: '2026-11-26T08:15:00+07:00', phone: '0901000002', name: 'Bình' }));
    b.apply(structuredClone(early.events[0]!));
    a.clock.set('2026-11-26T08:31:00+07:00');
    expect(b.bookingExpiryDue()).toBe(true);
    const counted = b.rollover();
    expect(counted).toEqual([expect.objectContaining({ type: 'booking:noShow', bookingId: early.booking.id })]);
    expect(b.bookingExpiryDue()).toBe(false);
    // A, its turn at the lock: every event applied first, then nothing left to count.
    expect(a.engine.bookingExpiryDue()).toBe(true);
    for (const e of counted) a.engine.apply(structuredClone(e));
    a.keep(counted);
    expect(a.rollover()).toEqual([]);
    expect(a.engine.bookingExpiryDue()).toBe(false);
    a.clock.set('2026-11-26T08:46:00+07:00');
    expect(a.rollover().map((e) => e.type)).toEqual(['booking:noShow']);
  });
});

// ── the booking policy, as a property ─────────────────────────────────

const SLOTS = ['08:15', '08:30', '08:45', '09:00', '09:15', '09:30'].map((t) => `2026-11-26T${t}:00+07:00`);
const step = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('walkIn' as const), service: fc.constantFrom('land', 'civil') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('priority' as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('booked' as const), slot: fc.nat(SLOTS.length - 1) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('call' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick' as const), seconds: fc.constantFrom(0, 1, 30) }) },
);

describe('booked tickets are called as the office\'s policy says (property)', () => {
  it('strict: never a walk-in while a booked slot ticket waits; interleave: at most `every` walk-ins in a row; always the order the staff list shows', () => {
    fc.assert(
      fc.property(fc.constantFrom<'strict' | 'interleave'>('strict', 'interleave'), fc.integer({ min: 1, max: 3 }), fc.array(step, { maxLength: 60 }), (policy, every, steps) => {
        const service = { ...BOOKABLE, booking: { ...BOOKABLE.booking!, capacity: 100, perPhonePerDay: 100, checkInBeforeMin: 240 } };
        const h = harness({ policy, every, service });
        h.open('c1');
        let phone = 0;
        let walkInsInARow = 0;
        for (const s of steps) {
          if (s.op === 'walkIn') h.issue(s.service);
          else if (s.op === 'priority') h.issue('land', 'elderly');
          else if (s.op === 'tick') h.clock.advance(0, s.seconds);
          else if (s.op === 'booked') {
            const b = h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at: SLOTS[s.slot]!, phone: `09010${String(++phone).padStart(5, '0')}`, name: 'An' })).booking;
            h.record(h.engine.checkIn({ code: b.code }));
          } else {
            const snap = h.engine.staffSnapshot();
            const c = snap.counters.find((x) => x.id === 'c1')!;
            const waiting = [...snap.waiting.land!, ...snap.waiting.civil!];
            const bookedWaiting = waiting.some((t) => t.booked === 'slot');
            const expected = callOrder(
              [...h.engine.waitingList('land'), ...h.engine.waitingList('civil')].sort((a, b) => compareQueue(placeOf(a), placeOf(b))),
              { mode: 'strict' }, 0, { policy: snap.bookingPolicy!, walkInsSinceBooked: c.walkInsSinceBooked! },
            );
            const t = h.callNext('c1');
            if (!t) {
              expect(waiting).toEqual([]);
              continue;
            }
            h.complete('c1');
            if (t.priority) continue;
            // The booked class the engine picked agrees with the policy over the same counts.
            expect(t.booked === 'slot').toBe(expected.find((x) => !x.priority)!.booked === 'slot');
            if (t.booked === 'slot') walkInsInARow = 0;
            else {
              walkInsInARow++;
              if (bookedWaiting) expect(walkInsInARow).toBeLessThanOrEqual(policy === 'strict' ? 0 : every);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
