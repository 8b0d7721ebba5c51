// The one table from journal events to webhook events (server/webhooks/event-map.ts), directly.
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_LABELS } from '../../shared/webhooks.js';
import type { JournalEvent } from '../../server/queue/events.js';
import { WEBHOOK_MAP, toWebhookEvent, webhookTypeOf, type Lookup } from '../../server/webhooks/event-map.js';

const lookup: Lookup = {
  ticket: (id) => (id === 't1' ? { id: 't1', number: 'A001', serviceId: 'dat-dai', priority: null } : null),
  counter: (id) => (id === 'q3' ? { id: 'q3', number: 3, label: { vi: 'Quầy 3', en: 'Counter 3' } } : null),
};
const at = '2026-11-30T08:00:00.000+07:00';
const ev = (rev: number, body: object) => ({ rev, at, ...body }) as JournalEvent;

describe('journal → webhook events', () => {
  it('each journal event of a ticket or counter becomes its webhook event with its facts', () => {
    const cases: [JournalEvent, string, object][] = [
      [ev(1, { type: 'ticket:issued', ticket: { id: 't1', token: 'secret-token', serviceId: 'dat-dai', seq: 1, number: 'A001', priority: null, requestId: null } }), 'ticket.issued', { ticket: { id: 't1', number: 'A001', serviceId: 'dat-dai', priority: null } }],
      [ev(2, { type: 'ticket:called', ticketId: 't1', counterId: 'q3', recall: false, userId: 'u' }), 'ticket.called', { ticket: { number: 'A001' }, counter: { number: 3 } }],
      [ev(3, { type: 'ticket:called', ticketId: 't1', counterId: 'q3', recall: true, userId: 'u' }), 'ticket.recalled', { counter: { id: 'q3' } }],
      [ev(4, { type: 'ticket:started', ticketId: 't1', counterId: 'q3' }), 'ticket.started', {}],
      [ev(5, { type: 'ticket:completed', ticketId: 't1', counterId: 'q3', fileCode: 'HS-2026-001' }), 'ticket.completed', { fileCode: 'HS-2026-001' }],
      [ev(6, { type: 'ticket:noShow', ticketId: 't1', counterId: 'q3' }), 'ticket.no_show', {}],
      [ev(7, { type: 'ticket:transferred', ticketId: 't1', fromCounterId: 'q3', fromServiceId: 'dat-dai', toServiceId: 'ho-tich', toCounterId: null }), 'ticket.transferred', { fromCounter: { id: 'q3' }, toServiceId: 'ho-tich', toCounter: null }],
      [ev(8, { type: 'ticket:cancelled', ticketId: 't1', counterId: null, userId: null }), 'ticket.cancelled', { counter: null }],
      [ev(9, { type: 'ticket:rated', ticketId: 't1', score: 3, scale: 3, comment: 'Cán bộ nhiệt tình' }), 'ticket.rated', { score: 3, comment: 'Cán bộ nhiệt tình' }],
      [ev(10, { type: 'counter:opened', counterId: 'q3', userId: 'u', staffName: 'Nguyễn Thị Lan' }), 'counter.opened', { staffName: 'Nguyễn Thị Lan' }],
      [ev(11, { type: 'counter:paused', counterId: 'q3', reason: 'Nghỉ trưa' }), 'counter.paused', { reason: 'Nghỉ trưa' }],
      [ev(12, { type: 'counter:resumed', counterId: 'q3' }), 'counter.resumed', {}],
      [ev(13, { type: 'counter:closed', counterId: 'q3' }), 'counter.closed', {}],
    ];
    for (const [e, type, data] of cases) {
      const made = toWebhookEvent(e, lookup);
      expect(made?.type, e.type).toBe(type);
      expect(made?.data).toMatchObject(data);
      expect(webhookTypeOf(e)).toBe(type);
    }
    // The citizen's token (the key to the ticket page) never leaves.
    expect(JSON.stringify(toWebhookEvent(cases[0]![0], lookup))).not.toContain('secret-token');
  });

  it('bookings and files ready become their events, never with the phone, the name, the token or the kiosk code', () => {
    const record = { id: 'b1', token: 'booking-token-secret', code: '482913', serviceId: 'dat-dai', kind: 'slot', date: '2026-11-30', at: '2026-11-30T08:30:00+07:00', phone: '0912345678', name: 'Phạm Thị Hoa', expectedAt: null };
    const cases: [JournalEvent, string, object][] = [
      [ev(1, { type: 'booking:made', booking: record }), 'booking.made', { booking: { id: 'b1', serviceId: 'dat-dai', kind: 'slot', date: '2026-11-30', at: '2026-11-30T08:30:00+07:00', expectedAt: null } }],
      [ev(2, { type: 'booking:cancelled', bookingId: 'b1' }), 'booking.cancelled', { bookingId: 'b1' }],
      [ev(3, { type: 'booking:noShow', bookingId: 'b1' }), 'booking.no_show', { bookingId: 'b1' }],
      [ev(4, { type: 'ticket:issued', ticket: { id: 't1', token: 'secret-token', serviceId: 'dat-dai', seq: 1, number: 'A001', priority: null, requestId: null }, booking: { id: 'b1', kind: 'slot', slotAt: '2026-11-30T08:30:00+07:00' } }), 'ticket.issued', { ticket: { id: 't1', number: 'A001', serviceId: 'dat-dai', priority: null }, booking: { id: 'b1', kind: 'slot', slotAt: '2026-11-30T08:30:00+07:00' } }],
      [ev(5, { type: 'results:ready', fileCodes: ['HS-2026-001', 'HS-2026-002'] }), 'results.ready', { fileCodes: ['HS-2026-001', 'HS-2026-002'] }],
      [ev(6, { type: 'results:unready', fileCodes: ['HS-2026-002'] }), 'results.unready', { fileCodes: ['HS-2026-002'] }],
    ];
    for (const [e, type, data] of cases) {
      const made = toWebhookEvent(e, lookup);
      expect(made?.type, e.type).toBe(type);
      expect(made?.data).toEqual(data);
      expect(webhookTypeOf(e)).toBe(type);
      const sent = JSON.stringify(made);
      for (const secret of ['0912345678', 'Phạm Thị Hoa', 'booking-token-secret', '482913', 'secret-token']) expect(sent).not.toContain(secret);
    }
    // A booking repeated into a new day, and the promised dates, stay inside.
    expect(toWebhookEvent(ev(7, { type: 'booking:carried', booking: { ...record, madeAt: at } }), lookup)).toBeNull();
    expect(toWebhookEvent(ev(8, { type: 'results:promised', fileCode: 'HS-2026-001', date: '2026-12-05' }), lookup)).toBeNull();
  });

  it('a ticket no longer in memory is named by its id alone', () => {
    expect(toWebhookEvent(ev(1, { type: 'ticket:started', ticketId: 'old', counterId: 'q3' }), lookup)?.data).toMatchObject({ ticket: { id: 'old' } });
  });

  it('internal events make none', () => {
    for (const body of [{ type: 'day:opened', serviceDay: '2026-11-30' }, { type: 'config:changed' }, { type: 'numbers:reserved', serviceId: null, upTo: 3 }]) {
      expect(toWebhookEvent(ev(1, body), lookup)).toBeNull();
      expect(webhookTypeOf(ev(1, body))).toBeNull();
    }
  });

  it('every webhook event name comes from the table and has a Vietnamese and English label', () => {
    const produced = new Set<string>(['ticket.recalled']);
    for (const [type, rule] of Object.entries(WEBHOOK_MAP)) {
      const sample = { type, ticketId: 't1', counterId: 'q3', recall: false, ticket: { id: 't1' }, alarmId: 'a', booking: { id: 'b' }, bookingId: 'b', fileCodes: [] } as never;
      produced.add((rule as (e: never, l: Lookup) => { type: string })(sample, lookup).type);
    }
    expect([...produced].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    for (const e of WEBHOOK_EVENTS) {
      expect(WEBHOOK_EVENT_LABELS[e].vi.normalize('NFC')).toBe(WEBHOOK_EVENT_LABELS[e].vi);
      expect(WEBHOOK_EVENT_LABELS[e].en).toBeTruthy();
    }
  });
});
