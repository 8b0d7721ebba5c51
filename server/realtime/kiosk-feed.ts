// The batched feed of /kiosk (issue 10). A kiosk shows each service's waiting count and wait; it
// needs them current when it answers a tap, not at every journal flush of a busy office. Each
// kiosk is therefore sent, right before each of its own acks, every change since its last
// update (one `update`, `fromRev..rev`); a kiosk nobody taps gets the same at most every
// `idleMs`. At full speed a flush's push thus goes to the kiosks whose tickets it holds, not to
// all of them, and rides in the same write as their acks (turn-writes.ts). Every revision still
// reaches every kiosk exactly once and in order, so LiveState's gap check holds as before.
// Kiosks that were at the same revision get the same update: it is encoded once for them all.
import type { PublicCounter, PublicService, Update } from '../../shared/types.js';
import type { Office } from '../office.js';
import type { JournalEvent } from '../queue/events.js';
import { TurnWrites } from './turn-writes.js';
import type { KioskNamespace } from './types.js';

type KioskSocket = Parameters<Parameters<KioskNamespace['on']>[1]>[0];

/** What one journal flush changed. */
interface Flush {
  rev: number;
  services: string[];
  counters: string[];
}

/** socket.io-parser's EVENT packet type (a packet `["update", …]` encoded by the server's own encoder). */
const EVENT = 2;

/** An update and, once a kiosk has been sent it, its packet as socket.io encodes it. */
interface Built {
  update: Update;
  encoded: unknown[] | null;
}

/** A kiosk nobody taps gets the changes at most this often: a count that people read. */
export const KIOSK_IDLE_MS = 200;

export class KioskFeed {
  /** Each kiosk of the feed and the last revision it has been sent (its snapshot's, at first). */
  private readonly sent = new Map<KioskSocket, number>();
  /** Flushes since the oldest revision some kiosk has not been sent. */
  private flushes: Flush[] = [];
  /** The last revision told (durable): nothing newer is ever sent. */
  private told = 0;
  /** Updates built for the current `told`, by the revision a kiosk had: kiosks alike share one, and its encoding. */
  private built = new Map<number, Built>();
  private timer: NodeJS.Timeout | null = null;
  private readonly turn = new TurnWrites();
  private readonly offs: (() => void)[];

  constructor(
    private readonly office: Office,
    private readonly nsp: KioskNamespace,
    private readonly idleMs = KIOSK_IDLE_MS,
  ) {
    this.told = office.engine.rev;
    this.offs = [
      office.onCommitted((events) => this.committed(events)),
      // Rebuilt from the journal after the disk came back: snapshots to everyone (broadcast.ts).
      office.disk.onChange((_status, rebuilt) => {
        if (rebuilt) this.reset();
      }),
      // The refresh's `update` (broadcast.ts, registered after this) carries the current rev
      // alone: a kiosk still owed older changes would see a gap and ask for a snapshot.
      office.onRefresh(() => this.sendIdle()),
    ];
  }

  /** A kiosk of the batched feed, sent a snapshot at `rev`. */
  add(socket: KioskSocket, rev: number): void {
    this.sent.set(socket, rev);
    socket.once('disconnect', () => this.sent.delete(socket));
  }

  /** Every kiosk starts afresh from a snapshot of the current state (a new day, new configuration). */
  reset(): void {
    this.told = this.office.engine.rev;
    for (const socket of this.sent.keys()) this.sent.set(socket, this.told);
    this.flushes = [];
    this.built.clear();
  }

  private committed(events: JournalEvent[]): void {
    const engine = this.office.engine;
    const services = new Set<string>();
    const counters = new Set<string>();
    for (const e of events) {
      const a = engine.affected(e);
      // Snapshots to everyone (realtime/broadcast.ts): nothing older is owed to anyone.
      if (a.all) return this.reset();
      for (const id of a.services) services.add(id);
      for (const id of a.counters) counters.add(id);
    }
    this.told = events[events.length - 1]!.rev;
    this.built.clear();
    this.flushes.push({ rev: this.told, services: [...services], counters: [...counters] });
    if (!this.timer) {
      this.timer = setTimeout(() => this.sendIdle(), this.idleMs);
      this.timer.unref();
    }
  }

  /**
   * Before an ack to `socket`: what it has not been sent yet, in the same write as the ack
   * (which the caller sends in this turn of the event loop).
   */
  catchUp(socket: KioskSocket): void {
    const from = this.sent.get(socket);
    if (from === undefined || from >= this.told || !socket.connected) return;
    this.turn.hold(socket);
    // At full speed a flush's kiosks mostly share the revision they were at: one JSON encoding of
    // the update for all of them (the largest part of an ack's cost), as a room emit would share it.
    // `_packet` with `preEncoded` is socket.io 4's own path for packets an adapter encoded; were
    // it gone in another version, each kiosk would be sent its update encoded on its own.
    const b = this.since(from);
    if (typeof socket.client._packet !== 'function') socket.emit('update', b.update);
    else {
      b.encoded ??= this.nsp.server.encoder.encode({ type: EVENT, nsp: this.nsp.name, data: ['update', b.update] }) as unknown[];
      socket.client._packet(b.encoded as never, { preEncoded: true });
    }
    this.sent.set(socket, this.told);
  }

  /** Every kiosk behind gets its changes; kiosks that were at the same revision share one frame. */
  private sendIdle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const groups = new Map<number, string[]>();
    for (const [socket, rev] of this.sent) {
      if (rev >= this.told) continue;
      const ids = groups.get(rev);
      if (ids) ids.push(socket.id);
      else groups.set(rev, [socket.id]);
      this.sent.set(socket, this.told);
    }
    // Local: another process's kiosks are told by that process (see realtime/broadcast.ts).
    for (const [rev, ids] of groups) this.nsp.local.to(ids).emit('update', this.since(rev).update);
    this.flushes = [];
  }

  /** The changes of the revisions after `rev` up to the last told, each service and counter as it is now. */
  private since(rev: number): Built {
    const done = this.built.get(rev);
    if (done) return done;
    const services = new Set<string>();
    const counters = new Set<string>();
    for (const f of this.flushes) {
      if (f.rev <= rev) continue;
      for (const id of f.services) services.add(id);
      for (const id of f.counters) counters.add(id);
    }
    const engine = this.office.engine;
    const u: Update = {
      fromRev: rev + 1,
      rev: this.told,
      services: [...services].map((id) => engine.publicService(id)).filter((s): s is PublicService => s !== null),
      counters: [...counters].map((id) => engine.publicCounter(id)).filter((c): c is PublicCounter => c !== null),
    };
    const b = { update: u, encoded: null };
    this.built.set(rev, b);
    return b;
  }

  close(): void {
    for (const off of this.offs) off();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
