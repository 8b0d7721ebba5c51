// Committed events become pushes, in two feeds (shared/events.ts). The classic feed of
// PROTOCOL.md: one `update` per revision, then `called` to announce. The batched feed, which the
// apps ask for: one frame per client per journal flush — the flush's changes in one `update`, or
// inside the first `called` when the flush made calls. A call then costs each display one frame
// instead of two (issue 10). Kiosks of the batched feed are told by realtime/kiosk-feed.ts.
// Every payload is built once per flush and sent to a room, so socket.io encodes it once.
import { BATCHED_FEED, FEED_QUERY } from '../../shared/events.js';
import type { CalledEvent, PublicCounter, PublicService, StaffTicket, Update } from '../../shared/types.js';
import type { Office } from '../office.js';
import type { JournalEvent } from '../queue/events.js';
import type { Ticket } from '../queue/engine.js';
import { publicSnapshot } from './display.js';
import type { Namespaces } from './types.js';

/** The room of the sockets that asked for the batched feed. */
export const BATCHED_ROOM = 'feed:batched';

/** What a `called` says today, whichever feed: its batched form adds `update`. */
type Announcement = Omit<CalledEvent, 'update'>;

type Affected = ReturnType<Office['engine']['affected']>;
/** Which namespaces a feed's pushes go to (those with a socket taking it). */
type Targets = { display: boolean; kiosk: boolean; counter: boolean };

type AnyNamespace = Namespaces['display'] | Namespaces['kiosk'] | Namespaces['counter'];

/**
 * Which feeds this namespace's sockets take. Counted in this process, which is right: every push
 * here is local (see attachBroadcasts), each process telling its own sockets.
 */
function feeds(nsp: AnyNamespace): { classic: boolean; batched: boolean } {
  const batched = nsp.adapter.rooms.get(BATCHED_ROOM)?.size ?? 0;
  return { classic: nsp.sockets.size > batched, batched: batched > 0 };
}

/** A flush's update alone, or inside its first call: a display shows the counter's new state as it announces. */
function push<U extends Update>(calls: Announcement[], update: U, sendUpdate: (u: U) => void, sendCalled: (c: CalledEvent<U>) => void): void {
  if (calls.length === 0) return sendUpdate(update);
  calls.forEach((c, i) => sendCalled(i === 0 ? { ...c, update } : c));
}

const ticketIdOf = (e: JournalEvent): string | null => ('ticketId' in e ? e.ticketId : e.type === 'ticket:issued' ? e.ticket.id : null);

export function attachBroadcasts(office: Office, nsps: Namespaces): () => void {
  const engine = office.engine;
  // Every push is local to this process, also with a cluster adapter (several processes): each
  // process learns every committed event from the store in revision order, once, and tells its
  // own sockets. Through the adapter, each process's push would reach every process's sockets,
  // so a display would get each call once per process (realtime/cluster.ts).
  const [display, kiosk, counter] = [nsps.display.local, nsps.kiosk.local, nsps.counter.local];
  const snapshotAll = () => {
    const snapshot = engine.snapshot();
    display.emit('snapshot', publicSnapshot(office));
    kiosk.emit('snapshot', snapshot);
    counter.emit('snapshot', engine.staffSnapshot());
  };

  const joinFeed = (socket: { connected: boolean; handshake: { query: Record<string, unknown> }; join(room: string): unknown }) => {
    // A socket refused or ended by its namespace's own handler must not be left in a room.
    if (socket.connected && socket.handshake.query[FEED_QUERY] === BATCHED_FEED) void socket.join(BATCHED_ROOM);
  };
  const spaces: AnyNamespace[] = [nsps.display, nsps.kiosk, nsps.counter];
  for (const nsp of spaces) nsp.on('connection', joinFeed);

  /** The announcement of a call; null once its ticket is gone (the day rolled over in the same flush). */
  const calledOf = (e: Extract<JournalEvent, { type: 'ticket:called' }>): Announcement | null => {
    const t = engine.ticketById(e.ticketId);
    if (!t) return null;
    return {
      rev: e.rev,
      ticket: engine.publicTicket(t),
      counterId: e.counterId,
      counterNumber: office.counter(e.counterId)?.number ?? 0,
      recall: e.recall,
      at: e.at,
    };
  };
  const callsIn = (events: JournalEvent[]) =>
    events.flatMap((e) => (e.type === 'ticket:called' ? [calledOf(e)] : [])).filter((c): c is Announcement => c !== null);

  /** Services, counters and tickets changed by `events` (with what each affected), each once, as they are now. */
  const changes = (events: JournalEvent[], affected: Affected[]) => {
    const services = new Set<string>();
    const counters = new Set<string>();
    const tickets = new Set<string>();
    for (const [i, e] of events.entries()) {
      const a = affected[i]!;
      for (const id of a.services) services.add(id);
      for (const id of a.counters) counters.add(id);
      const id = ticketIdOf(e);
      if (id) tickets.add(id);
    }
    return {
      services: [...services].map((id) => engine.publicService(id)).filter((s): s is PublicService => s !== null),
      counters: [...counters].map((id) => engine.publicCounter(id)).filter((c): c is PublicCounter => c !== null),
      tickets: [...tickets].map((id) => engine.ticketById(id)).filter((t): t is Ticket => t !== undefined),
    };
  };

  /** Issue 13: today's bookings not yet checked in, whole, when the events changed them (staff only). */
  const pendingChange = (events: JournalEvent[]) =>
    events.some((e) => e.type.startsWith('booking:') || (e.type === 'ticket:issued' && e.booking)) ? { bookingsPending: engine.bookingsPending() } : {};

  /** The classic feed, as PROTOCOL.md has it: every revision its own `update`, a call's `called` after it. */
  const classic = (events: JournalEvent[], affected: Affected[], to: Targets) => {
    for (const [i, e] of events.entries()) {
      const { services, counters, tickets } = changes([e], [affected[i]!]);
      const update: Update = { rev: e.rev, services, counters };
      if (to.display) display.except(BATCHED_ROOM).emit('update', { ...update, tickets: tickets.map((t) => engine.publicTicket(t)) });
      if (to.kiosk) kiosk.except(BATCHED_ROOM).emit('update', update);
      const staffTickets: StaffTicket[] = tickets.map((t) => engine.staffTicket(t));
      if (to.counter) counter.except(BATCHED_ROOM).emit('update', { ...update, tickets: staffTickets, ...pendingChange([e]) });
      if (e.type !== 'ticket:called') continue;
      const called = calledOf(e);
      if (!called) continue;
      if (to.display) display.except(BATCHED_ROOM).emit('called', called);
      if (to.counter) counter.except(BATCHED_ROOM).emit('called', called);
    }
  };

  /** The batched feed: the whole flush in one frame per socket (more only when it made several calls). */
  const batched = (events: JournalEvent[], affected: Affected[], to: Omit<Targets, 'kiosk'>) => {
    const { services, counters, tickets } = changes(events, affected);
    const update: Update = { fromRev: events[0]!.rev, rev: events[events.length - 1]!.rev, services, counters };
    const calls = to.display || to.counter ? callsIn(events) : [];
    if (to.display) {
      const room = display.to(BATCHED_ROOM);
      const u = { ...update, tickets: tickets.map((t) => engine.publicTicket(t)) };
      push(calls, u, (x) => room.emit('update', x), (x) => room.emit('called', x));
    }
    if (to.counter) {
      const room = counter.to(BATCHED_ROOM);
      const u = { ...update, tickets: tickets.map((t) => engine.staffTicket(t)), ...pendingChange(events) };
      push(calls, u, (x) => room.emit('update', x), (x) => room.emit('called', x));
    }
  };

  const offCommitted = office.onCommitted((events) => {
    const affected = events.map((e) => engine.affected(e));
    if (affected.some((a) => a.all)) {
      // A day opened or the configuration changed: everyone starts afresh from a snapshot. Calls
      // of the same flush go out first, to every feed, since a display announces only calls
      // newer than its snapshot.
      for (const c of callsIn(events)) {
        display.emit('called', c);
        counter.emit('called', c);
      }
      return snapshotAll();
    }
    const [d, k, c] = spaces.map(feeds) as [ReturnType<typeof feeds>, ReturnType<typeof feeds>, ReturnType<typeof feeds>];
    if (d.classic || k.classic || c.classic) classic(events, affected, { display: d.classic, kiosk: k.classic, counter: c.classic });
    // Batched kiosks are kiosk-feed.ts's: nothing is built here for them alone.
    if (d.batched || c.batched) batched(events, affected, { display: d.batched, counter: c.batched });
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
    // Displays get no error details (public screens), only whether what they show is current.
    display.emit('feed:state', { live: status.status === 'ok' });
    if (rebuilt) snapshotAll();
  });

  return () => {
    for (const nsp of spaces) nsp.off('connection', joinFeed);
    offCommitted();
    offRefresh();
    offPrinter();
    offDisk();
  };
}
