// Issue 13: a day with bookings in its journal gives the same report figures from the lean fold
// (server/report-fold.ts, server/report-scan.ts) as from an engine replay, with no line counted
// as skipped; and the lines the engine refuses (a check-in twice, of an unknown booking, a
// booking repeated, a cancellation of nothing) are refused by both.
import { describe, expect, it } from 'vitest';
import { QueueEngine } from '../../server/queue/engine.js';
import { foldDayFile } from '../../server/report-fold.js';
import { groupsOf } from '../../server/reports.js';
import { parseDay } from '../../server/store/journal-lines.js';
import { replayLines } from '../../server/store/replay.js';
import type { Service } from '../../shared/types.js';
import { CIVIL, Harness, LAND } from '../support/engine-fixture.js';

const DAY = '2026-11-26';
const BOOKABLE: Service = {
  ...LAND,
  booking: { remote: true, slots: true, slotMinutes: 15, capacity: 5, daysAhead: 7, perPhonePerDay: 5, checkInBeforeMin: 15, checkInAfterMin: 15 },
};

function replayed(buf: Buffer) {
  const engine = new QueueEngine(
    { services: [], counters: [], settings: { officeName: { vi: 'x', en: 'x' }, timeZone: 'Asia/Ho_Chi_Minh', priorityPolicy: { mode: 'strict' }, defaultServeMin: 5 } },
    { now: () => new Date(), newId: () => '', newToken: () => '' },
  );
  const parsed = parseDay(buf);
  const { inconsistent } = replayLines(engine, DAY, buf, parsed.lines);
  return { groups: groupsOf(engine.tickets()), skipped: parsed.damaged.length + inconsistent.length };
}

describe('bookings in the report fold', () => {
  it('folds a day of bookings as the engine replays it, refusing the same lines', () => {
    const h = new Harness({ services: [BOOKABLE, CIVIL] });
    h.config.settings.booking = { enabled: true, proof: 'pin', pin: '2468', powBits: 18, policy: 'strict', interleaveEvery: 2 };
    h.engine.setConfig(h.config);
    h.open('c1');
    const make = (at: string, phone: string) => h.record(h.engine.makeBooking({ serviceId: 'land', kind: 'slot', at, phone, name: 'Nguyễn Thị Mai' })).booking;
    const a = make('2026-11-26T08:30:00+07:00', '0901000001');
    const b = make('2026-11-26T08:30:00+07:00', '0901000002');
    make('2026-11-27T08:30:00+07:00', '0901000003');
    h.record(h.engine.cancelBooking(b.token));
    h.issue('land');
    h.clock.set('2026-11-26T08:20:00+07:00');
    const checkIn = h.record(h.engine.checkIn({ code: a.code })).events[0]!;
    h.callNext('c1');
    h.complete('c1');
    h.clock.set('2026-11-26T09:00:00+07:00');
    h.rollover();
    h.callNext('c1');
    h.complete('c1');
    const text = h.log.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const whole = Buffer.from(text);
    const ref = replayed(whole);
    expect(ref.skipped).toBe(0);
    expect(ref.groups.reduce((n, g) => n + g.issued, 0)).toBe(2);
    expect(foldDayFile(whole, DAY)).toEqual(ref);

    const rev = h.engine.rev;
    const at = '2026-11-26T09:30:00+07:00';
    const forged = [
      { ...checkIn, ticket: { ...(checkIn as { ticket: object }).ticket, id: 'again' }, rev: rev + 1, at },
      { ...checkIn, ticket: { ...(checkIn as { ticket: object }).ticket, id: 'unknown' }, booking: { id: 'nobody', kind: 'slot', slotAt: null }, rev: rev + 2, at },
      { type: 'booking:cancelled', bookingId: 'nobody', rev: rev + 3, at },
      { type: 'booking:noShow', bookingId: b.id, rev: rev + 4, at },
      { ...h.log.find((e) => e.type === 'booking:made')!, rev: rev + 5, at },
    ];
    const damaged = Buffer.from(text + forged.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const refDamaged = replayed(damaged);
    expect(refDamaged.skipped).toBe(forged.length);
    expect(foldDayFile(damaged, DAY)).toEqual(refDamaged);
  });
});
