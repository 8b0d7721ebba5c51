// The socket event maps of shared/events.ts, checked by the compiler: right payloads type-check,
// wrong payloads and events of another namespace do not.
import type { Namespace } from 'socket.io';
import type { Socket } from 'socket.io-client';
import { describe, expectTypeOf, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type {
  CounterClientToServer, CounterServerToClient, DisplayClientToServer, DisplayServerToClient,
  KioskClientToServer, KioskServerToClient,
} from '../../shared/events.js';
import type {
  CalledEvent, IssueResult, PrinterStatus, PublicTicket, Snapshot, StaffSnapshot, StaffUpdate, TicketPrintEvent, Update,
} from '../../shared/types.js';

declare const kiosk: Socket<KioskServerToClient, KioskClientToServer>;
declare const display: Socket<DisplayServerToClient, DisplayClientToServer>;
declare const counter: Socket<CounterServerToClient, CounterClientToServer>;
declare const kioskNsp: Namespace<KioskClientToServer, KioskServerToClient>;
declare const displayNsp: Namespace<DisplayClientToServer, DisplayServerToClient>;
declare const counterNsp: Namespace<CounterClientToServer, CounterServerToClient>;

declare const ticket: PublicTicket;
declare const snapshot: Snapshot;
declare const staffSnapshot: StaffSnapshot;
const called: CalledEvent = { rev: 2, ticket: null as unknown as PublicTicket, counterId: 'q3', counterNumber: 3, recall: false, at: '2026-03-02T08:00:00+07:00' };

describe('kiosk client → server', () => {
  it('accepts a well-formed ticket:issue and types its ack', () => {
    kiosk.emit('ticket:issue', { serviceId: 'tu-phap' }, (r) => {
      expectTypeOf(r).toEqualTypeOf<Result<IssueResult>>();
      if (r.ok) {
        expectTypeOf(r.ticket.token).toBeString();
        expectTypeOf(r.print.status).toEqualTypeOf<'printed' | 'queued' | 'failed' | 'disabled'>();
        expectTypeOf(r.trackUrl).toBeString();
      } else {
        expectTypeOf(r.error.code).toEqualTypeOf<'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'closed' | 'office_archived' | 'rate_limited' | 'internal' | 'booking_full' | 'booking_limit' | 'proof_invalid' | 'booking_unknown' | 'booking_used' | 'booking_expired' | 'booking_early'>();
      }
    });
    kiosk.emit('ticket:issue', { serviceId: 'tu-phap', priority: 'elderly', requestId: 'tap-0001' }, () => undefined);
    kiosk.emit('ticket:issue', { serviceId: 'tu-phap', priority: null }, () => undefined);
    kiosk.emit('snapshot:get', {}, (r) => {
      if (r.ok) expectTypeOf(r.snapshot).toEqualTypeOf<Snapshot>();
    });
    kiosk.emit('snapshot:get', undefined, () => undefined);
  });

  it('rejects wrong payloads', () => {
    // @ts-expect-error serviceId is a string
    kiosk.emit('ticket:issue', { serviceId: 1 }, () => undefined);
    // @ts-expect-error serviceId is required
    kiosk.emit('ticket:issue', {}, () => undefined);
    // @ts-expect-error no such priority
    kiosk.emit('ticket:issue', { serviceId: 'tu-phap', priority: 'vip' }, () => undefined);
    // @ts-expect-error a payload is not a bare string
    kiosk.emit('ticket:issue', 'tu-phap', () => undefined);
    // @ts-expect-error the ack receives a Result, not a ticket
    kiosk.emit('ticket:issue', { serviceId: 'tu-phap' }, (r: PublicTicket) => r);
    // @ts-expect-error snapshot:get takes no fields
    kiosk.emit('snapshot:get', { all: true }, () => undefined);
  });

  it('rejects events of other namespaces and unknown events', () => {
    // @ts-expect-error counter events are not kiosk events
    kiosk.emit('ticket:callNext', { counterId: 'q3' }, () => undefined);
    // @ts-expect-error counter events are not kiosk events
    kiosk.emit('counter:open', { counterId: 'q3' }, () => undefined);
    // @ts-expect-error unknown event
    kiosk.emit('ticket:reprint', { serviceId: 'tu-phap' }, () => undefined);
    // @ts-expect-error ticket:print goes from the server to the kiosk only
    kiosk.emit('ticket:print', { ticketId: 't1', status: 'printed' });
  });
});

describe('display client → server', () => {
  it('may only ask for a snapshot', () => {
    display.emit('snapshot:get', {}, () => undefined);
    // @ts-expect-error a display cannot issue
    display.emit('ticket:issue', { serviceId: 'tu-phap' }, () => undefined);
    // @ts-expect-error a display cannot call
    display.emit('ticket:callNext', { counterId: 'q3' }, () => undefined);
  });
});

describe('counter client → server', () => {
  it('accepts every staff event with its payload', () => {
    counter.emit('counter:open', { counterId: 'q3' }, () => undefined);
    counter.emit('counter:close', { counterId: 'q3' }, () => undefined);
    counter.emit('counter:pause', { counterId: 'q3', reason: 'Họp giao ban' }, () => undefined);
    counter.emit('counter:resume', { counterId: 'q3' }, () => undefined);
    counter.emit('ticket:callNext', { counterId: 'q3' }, (r) => {
      if (r.ok) expectTypeOf(r.ticket).toEqualTypeOf<PublicTicket | null>();
    });
    counter.emit('ticket:call', { counterId: 'q3', ticketId: 't1' }, (r) => {
      if (r.ok) expectTypeOf(r.ticket).toEqualTypeOf<PublicTicket>();
    });
    counter.emit('ticket:recall', { counterId: 'q3' }, () => undefined);
    counter.emit('ticket:start', { counterId: 'q3' }, () => undefined);
    counter.emit('ticket:complete', { counterId: 'q3', fileCode: 'HS-1' }, () => undefined);
    counter.emit('ticket:noShow', { counterId: 'q3' }, () => undefined);
    counter.emit('ticket:transfer', { counterId: 'q3', toServiceId: 'ho-tich' }, () => undefined);
    counter.emit('ticket:transfer', { counterId: 'q3', toCounterId: 'q4' }, () => undefined);
    counter.emit('ticket:cancel', { ticketId: 't1' }, () => undefined);
    counter.emit('ticket:move', { ticketId: 't1', toServiceId: 'ho-tich' }, () => undefined);
    counter.emit('snapshot:get', {}, (r) => {
      if (r.ok) expectTypeOf(r.snapshot).toEqualTypeOf<StaffSnapshot>();
    });
  });

  it('rejects wrong payloads and kiosk events', () => {
    // @ts-expect-error counterId is a string
    counter.emit('ticket:callNext', { counterId: 3 }, () => undefined);
    // @ts-expect-error ticket:call needs the ticketId
    counter.emit('ticket:call', { counterId: 'q3' }, () => undefined);
    // @ts-expect-error ticket:cancel names a ticket, not a counter
    counter.emit('ticket:cancel', { counterId: 'q3' }, () => undefined);
    // @ts-expect-error the file code is text
    counter.emit('ticket:complete', { counterId: 'q3', fileCode: 42 }, () => undefined);
    // @ts-expect-error staff do not issue tickets
    counter.emit('ticket:issue', { serviceId: 'tu-phap' }, () => undefined);
    // @ts-expect-error callNext answers a ticket or null: the ack must accept null
    counter.emit('ticket:callNext', { counterId: 'q3' }, (r: Result<{ ticket: PublicTicket & { state: 'called' } }>) => r);
  });
});

describe('server → client', () => {
  it('typed namespaces emit only their events with the right shapes', () => {
    displayNsp.emit('snapshot', snapshot);
    displayNsp.emit('update', { rev: 3, services: [] });
    displayNsp.emit('called', called);
    kioskNsp.emit('printer', { status: 'paper_out', message: 'Hết giấy' });
    kioskNsp.emit('ticket:print', { ticketId: 't1', status: 'queued', message: 'Hết giấy' });
    counterNsp.emit('snapshot', staffSnapshot);
    counterNsp.emit('update', { rev: 4, tickets: [] });

    // @ts-expect-error `called` needs rev, ticket, counterId, counterNumber, recall, at
    displayNsp.emit('called', { wrong: true });
    // @ts-expect-error the ticket must be a PublicTicket
    displayNsp.emit('called', { ...called, ticket: 'B001' });
    // @ts-expect-error updates carry a numeric rev
    displayNsp.emit('update', { rev: '3' });
    // @ts-expect-error displays have no printer event
    displayNsp.emit('printer', { status: 'ok' });
    // @ts-expect-error no such printer state
    kioskNsp.emit('printer', { status: 'on_fire' });
    // @ts-expect-error a pushed outcome is never `disabled` (that ack is final), and names its ticket
    kioskNsp.emit('ticket:print', { status: 'disabled' });
    // @ts-expect-error displays are not told about kiosk tickets
    displayNsp.emit('ticket:print', { ticketId: 't1', status: 'printed' });
    // @ts-expect-error the counter snapshot carries waiting lists
    counterNsp.emit('snapshot', snapshot);
    // @ts-expect-error unknown event
    counterNsp.emit('ticket:issued', ticket);
  });

  it('clients receive the documented shapes', () => {
    display.on('snapshot', (s) => expectTypeOf(s).toEqualTypeOf<Snapshot>());
    display.on('update', (u) => expectTypeOf(u).toEqualTypeOf<Update>());
    display.on('called', (c) => {
      expectTypeOf(c).toEqualTypeOf<CalledEvent>();
      expectTypeOf(c.recall).toBeBoolean();
    });
    kiosk.on('printer', (p) => expectTypeOf(p).toEqualTypeOf<PrinterStatus>());
    kiosk.on('ticket:print', (p) => {
      expectTypeOf(p).toEqualTypeOf<TicketPrintEvent>();
      expectTypeOf(p.status).toEqualTypeOf<'printed' | 'queued' | 'failed'>();
    });
    counter.on('snapshot', (s) => expectTypeOf(s).toEqualTypeOf<StaffSnapshot>());
    counter.on('update', (u) => expectTypeOf(u).toEqualTypeOf<StaffUpdate>());
    // @ts-expect-error displays receive no printer status
    display.on('printer', () => undefined);
    // @ts-expect-error the snapshot handler gets a Snapshot, not a number
    display.on('snapshot', (s: number) => s);
  });

  it('server handlers receive typed payloads and acks', () => {
    kioskNsp.on('connection', (socket) => {
      socket.on('ticket:issue', (payload, ack) => {
        expectTypeOf(payload.serviceId).toBeString();
        ack({ ok: false, error: { code: 'closed', message: 'Đã hết giờ tiếp nhận', messageEn: 'Closed for today', reason: 'after_hours' } });
        // @ts-expect-error not an error code of the contract
        ack({ ok: false, error: { code: 'teapot', message: '', messageEn: '' } });
      });
      // @ts-expect-error kiosks do not send counter events
      socket.on('ticket:callNext', () => undefined);
    });
    counterNsp.on('connection', (socket) => {
      socket.on('ticket:callNext', (payload, ack) => {
        expectTypeOf(payload.counterId).toBeString();
        ack({ ok: true, ticket: null });
        ack({ ok: true, ticket });
        // @ts-expect-error a successful ack carries the ticket field
        ack({ ok: true });
      });
    });
  });
});
