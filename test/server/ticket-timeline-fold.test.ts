// The event → timeline entry table (server/ticket-timeline.ts) on a hand-written day: the other
// tickets' and the counters' events are left out, the staff member is whoever was signed in at
// the counter then, a check-in, a pickup and a put-back say what they are, and an event type this
// version does not know is still listed (kind `other`) rather than dropped.
import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../server/queue/events.js';
import { findByNumber, foldTimeline, type TimelineLookups } from '../../server/ticket-timeline.js';

const DAY = '2026-03-02';
const at = (hhmm: string) => `${DAY}T${hhmm}:00+07:00`;
let rev = 0;
const ev = (hhmm: string, body: Record<string, unknown>) => ({ ...body, rev: ++rev, at: at(hhmm) }) as unknown as JournalEvent;
const issued = (hhmm: string, id: string, number: string, extra: Record<string, unknown> = {}) =>
  ev(hhmm, { type: 'ticket:issued', ticket: { id, token: `k-${id}`, serviceId: 'ho-tich', seq: 1, number, priority: null, requestId: null }, ...extra });

const lookups: TimelineLookups = {
  counter: (id) => (id === 'q3' ? { id: 'q3', number: 3, label: { vi: 'Quầy 3', en: 'Counter 3' }, serviceIds: ['ho-tich'] } : undefined),
  service: (id) => (id === 'ho-tich' ? ({ id, name: { vi: 'Hộ tịch', en: 'Civil status' } } as never) : undefined),
  userName: (id) => ({ sup: 'Lê Thị Hoa (giám sát)' })[id],
};

const day: JournalEvent[] = [
  ev('07:55', { type: 'counter:opened', counterId: 'q3', userId: 'lan', staffName: 'Nguyễn Thị Lan' }),
  issued('08:00', 't1', 'A001', { channel: 'kiosk', booking: { id: 'b1', kind: 'slot', slotAt: at('08:15') } }),
  issued('08:01', 't2', 'A002', { channel: 'rest', pickup: { fileCode: 'HS-0042', ready: true } }),
  ev('08:02', { type: 'ticket:called', ticketId: 't1', counterId: 'q3', recall: false, userId: 'lan' }),
  ev('08:03', { type: 'alarm:raised', alarmId: 'a1', counterId: 'q3', userId: 'lan', staffName: 'Nguyễn Thị Lan', since: null }),
  ev('08:04', { type: 'ticket:noShow', ticketId: 't1', counterId: 'q3' }),
  ev('08:05', { type: 'counter:closed', counterId: 'q3' }),
  ev('08:06', { type: 'counter:opened', counterId: 'q3', userId: 'minh', staffName: 'Trần Văn Minh' }),
  ev('08:07', { type: 'ticket:putBack', ticketId: 't1', queuedAt: at('07:30'), userId: 'sup' }),
  ev('08:08', { type: 'ticket:called', ticketId: 't1', counterId: 'q7', recall: false, userId: 'minh' }),
  ev('08:09', { type: 'ticket:started', ticketId: 't1', counterId: 'q3' }),
  ev('08:10', { type: 'ticket:someFutureThing', ticketId: 't1', counterId: 'q3', note: 'x' }),
];

describe('foldTimeline', () => {
  it('keeps one ticket’s events, each with the counter and the person signed in there at the time', () => {
    const tl = foldTimeline(day, 't1', DAY, lookups)!;
    expect(tl.ticket).toEqual({ id: 't1', number: 'A001', serviceId: 'ho-tich', serviceName: { vi: 'Hộ tịch', en: 'Civil status' }, priority: null, issuedAt: at('08:00') });
    expect(tl.events.map((e) => [e.kind, e.at.slice(11, 16), e.counter?.id ?? null, e.staff?.name ?? null])).toEqual([
      ['issued', '08:00', null, null],
      ['called', '08:02', 'q3', 'Nguyễn Thị Lan'],
      ['noShow', '08:04', 'q3', 'Nguyễn Thị Lan'],
      ['putBack', '08:07', null, 'Lê Thị Hoa (giám sát)'],
      // A counter deleted since: its id, no number or name; a user not at it: no name invented.
      ['called', '08:08', 'q7', null],
      ['started', '08:09', 'q3', 'Trần Văn Minh'],
      ['other', '08:10', 'q3', 'Trần Văn Minh'],
    ]);
    expect(tl.events[0]!.detail).toEqual({ channel: 'kiosk', serviceId: 'ho-tich', booking: { kind: 'slot', slotAt: at('08:15') } });
    expect(tl.events[3]!.detail).toEqual({ queuedAt: at('07:30') });
    expect(tl.events[4]!.counter).toEqual({ id: 'q7', number: null, label: null });
    expect(tl.events[4]!.staff).toEqual({ userId: 'minh', name: null });
    expect(tl.events[6]).toMatchObject({ type: 'ticket:someFutureThing', kind: 'other' });
  });

  it('says what a pickup ticket came for, and how it was issued', () => {
    const tl = foldTimeline(day, 't2', DAY, lookups)!;
    expect(tl.events).toHaveLength(1);
    expect(tl.events[0]!.detail).toEqual({ channel: 'rest', serviceId: 'ho-tich', pickup: { fileCode: 'HS-0042', ready: true } });
  });

  it('finds nothing for a ticket not issued that day, and finds numbers however typed', () => {
    expect(foldTimeline(day, 't9', DAY, lookups)).toBeNull();
    expect(findByNumber(day, ' a1 ', DAY, lookups).map((t) => t.id)).toEqual(['t1']);
    expect(findByNumber(day, 'A0002', DAY, lookups).map((t) => t.id)).toEqual(['t2']);
    expect(findByNumber(day, 'B001', DAY, lookups)).toEqual([]);
  });
});
