// Committed events become pushes: `update` deltas with the event's rev, `called` to announce.
import type { CalledEvent, StaffTicket } from '../../shared/types.js';
import type { Office } from '../office.js';
import { publicSnapshot } from './display.js';
import type { Namespaces } from './types.js';

export function attachBroadcasts(office: Office, { display, kiosk, counter }: Namespaces): () => void {
  const engine = office.engine;
  const snapshotAll = () => {
    const snapshot = engine.snapshot();
    display.emit('snapshot', publicSnapshot(office));
    kiosk.emit('snapshot', snapshot);
    counter.emit('snapshot', engine.staffSnapshot());
  };

  const offCommitted = office.onCommitted((events) => {
    if (events.some((e) => engine.affected(e).all)) return snapshotAll();
    for (const e of events) {
      const { services: sIds, counters: cIds } = engine.affected(e);
      const update = {
        rev: e.rev,
        services: sIds.map((id) => engine.publicService(id)).filter((s) => s !== null),
        counters: cIds.map((id) => engine.publicCounter(id)).filter((c) => c !== null),
      };
      const ticketId = 'ticketId' in e ? e.ticketId : e.type === 'ticket:issued' ? e.ticket.id : null;
      const ticket = ticketId ? engine.ticketById(ticketId) : undefined;
      display.emit('update', { ...update, tickets: ticket ? [engine.publicTicket(ticket)] : [] });
      kiosk.emit('update', update);
      const tickets: StaffTicket[] = ticket ? [engine.staffTicket(ticket)] : [];
      counter.emit('update', { ...update, tickets });
      if (e.type === 'ticket:called') {
        const t = engine.ticketById(e.ticketId)!;
        const called: CalledEvent = {
          rev: e.rev,
          ticket: engine.publicTicket(t),
          counterId: e.counterId,
          counterNumber: office.counter(e.counterId)?.number ?? 0,
          recall: e.recall,
          at: e.at,
        };
        display.emit('called', called);
        counter.emit('called', called);
      }
    }
  });

  const offRefresh = office.onRefresh(() => {
    const services = engine.snapshot().services;
    display.emit('update', { rev: engine.rev, services });
    kiosk.emit('update', { rev: engine.rev, services });
    counter.emit('update', { rev: engine.rev, services });
  });

  const offPrinter = office.printer.onStatus((status) => {
    kiosk.emit('printer', status);
    counter.emit('printer', status);
  });

  // After the disk came back the engine was rebuilt from the journal: everyone starts afresh.
  const offDisk = office.disk.onChange((status, rebuilt) => {
    counter.emit('disk', status);
    if (rebuilt) snapshotAll();
  });

  return () => {
    offCommitted();
    offRefresh();
    offPrinter();
    offDisk();
  };
}
