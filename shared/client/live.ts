// A live copy of the office state for the apps: snapshot + rev-checked deltas, resynchronised
// after a gap or a reconnect. Components read `state` and never handle raw socket messages.
import { io, type Socket } from 'socket.io-client';
import { BATCHED_FEED, FEED_QUERY } from '../events.js';
import { publicTicket } from '../format.js';
import { officePath } from './office-base.js';
import type { CalledEvent, DiskStatus, PrinterStatus, Snapshot, StaffUpdate } from '../types.js';

export type LiveListener<S> = (state: S | null, connected: boolean) => void;

type AnySocket = Socket<Record<string, (...args: never[]) => void>, Record<string, (...args: never[]) => void>>;

export interface LiveOptions {
  /** The app's namespace; under `/o/<slug>/` pages it is that office's (`/o/<slug>/kiosk`). */
  namespace: '/display' | '/kiosk' | '/counter';
  auth?: Record<string, unknown>;
  url?: string;
  /** The page address the office is read from (tests); the page's own by default. */
  pathname?: string;
  /**
   * Connect again this long after the server closed the connection (socket.io does not): the
   * kiosk and displays, which the server drops when their office is archived and which then
   * learn it from the refused handshake. The staff app decides for itself (a session may be over).
   */
  rejoinMs?: number;
}

export class LiveState<S extends Snapshot = Snapshot> {
  readonly socket: AnySocket;
  state: S | null = null;
  connected = false;
  printer: PrinterStatus | null = null;
  /** The server's journal: failing disk, damage found at start (staff only). */
  disk: DiskStatus | null = null;
  /** Set when the server refused the connection (bad token or kiosk key, office archived). */
  refused: { code: string; message: string } | null = null;
  private closedByClient = false;
  private listeners = new Set<LiveListener<S>>();
  private callListeners = new Set<(call: CalledEvent) => void>();
  private updateListeners = new Set<(update: StaffUpdate) => void>();

  constructor(opts: LiveOptions) {
    this.socket = io(`${opts.url ?? ''}${officePath(opts.namespace, opts.pathname)}`, {
      auth: opts.auth ?? {},
      // One frame per journal flush: a call is one frame, not an update and then the call.
      query: { [FEED_QUERY]: BATCHED_FEED },
      transports: ['websocket'],
      reconnectionDelayMax: 3000,
    }) as unknown as AnySocket;
    const s = this.socket as unknown as Socket;
    s.on('connect', () => {
      this.connected = true;
      this.refused = null;
      this.notify();
    });
    s.on('disconnect', (reason) => {
      this.connected = false;
      this.notify();
      if (reason === 'io server disconnect' && opts.rejoinMs !== undefined) {
        setTimeout(() => {
          if (!this.closedByClient && !s.active) s.connect();
        }, opts.rejoinMs);
      }
    });
    s.on('connect_error', (err: Error & { data?: { code: string; message: string } }) => {
      if (err.data?.code) this.refused = err.data;
      this.notify();
    });
    s.on('snapshot', (snap: S) => {
      this.state = snap;
      this.notify();
    });
    s.on('update', (u: StaffUpdate) => this.applyUpdate(u));
    s.on('called', (c: CalledEvent<StaffUpdate>) => {
      // The batched feed's call carries its flush's update: the state first, then the call.
      if (c.update) this.applyUpdate(c.update, false);
      if (this.state) {
        this.state.recentCalls.unshift({ ticket: c.ticket, counterId: c.counterId, at: c.at, recall: c.recall });
        this.state.recentCalls.length = Math.min(this.state.recentCalls.length, 10);
      }
      for (const l of this.callListeners) l(c);
      this.notify();
    });
    s.on('printer', (p: PrinterStatus) => {
      this.printer = p;
      this.notify();
    });
    s.on('disk', (d: DiskStatus) => {
      this.disk = d;
      this.notify();
    });
  }

  private applyUpdate(u: StaffUpdate, notify = true): void {
    this.apply(u, notify);
    for (const l of this.updateListeners) l(u);
  }

  private apply(u: StaffUpdate, notify: boolean): void {
    const st = this.state;
    if (!st || u.rev < st.rev) return;
    // A batched update covers fromRev..rev; it follows on when it starts at most one past ours
    // (an overlap only repeats entries already as they are now).
    if ((u.fromRev ?? u.rev) > st.rev + 1) {
      // Missed an event: the only safe thing is a fresh snapshot.
      this.resync();
      return;
    }
    st.rev = u.rev;
    for (const s of u.services ?? []) {
      const i = st.services.findIndex((x) => x.id === s.id);
      if (i >= 0) st.services[i] = s;
      else st.services.push(s);
    }
    for (const c of u.counters ?? []) {
      const i = st.counters.findIndex((x) => x.id === c.id);
      if (i >= 0) st.counters[i] = c;
      else st.counters.push(c);
    }
    this.applyStaff(st, u);
    // Recent calls show each ticket as it is now (as a fresh snapshot would), not as it was called.
    for (const t of u.tickets ?? []) {
      for (const r of st.recentCalls) if (r.ticket.id === t.id) r.ticket = publicTicket(t);
    }
    if (notify) this.notify();
  }

  /**
   * What only a staff snapshot keeps of an update (waiting lists, bookings, pickups): in
   * StaffLiveState (staff-live.ts), so that the queue order stays out of the kiosk's and the
   * displays' scripts.
   */
  protected applyStaff(_state: S, _update: StaffUpdate): void {}

  resync(): void {
    (this.socket as unknown as Socket).emit('snapshot:get', {}, (r: { ok: boolean; snapshot?: S }) => {
      if (r.ok && r.snapshot) {
        this.state = r.snapshot;
        this.notify();
      }
    });
  }

  subscribe(listener: LiveListener<S>): () => void {
    this.listeners.add(listener);
    listener(this.state, this.connected);
    return () => this.listeners.delete(listener);
  }

  /** Every update received (after applying it), whether it came alone or inside a `called`. */
  onUpdate(listener: (update: StaffUpdate) => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  onCalled(listener: (call: CalledEvent) => void): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** Sends a request only while connected: socket.io would otherwise buffer it for later. */
  async request<R>(event: string, payload: unknown, timeoutMs = 5000): Promise<R> {
    if (!this.socket.connected) {
      return { ok: false, error: { code: 'internal', message: 'Mất kết nối', messageEn: 'Disconnected' } } as R;
    }
    try {
      return (await (this.socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload)) as R;
    } catch {
      return { ok: false, error: { code: 'internal', message: 'Không nhận được phản hồi', messageEn: 'No answer from the server' } } as R;
    }
  }

  private notify(): void {
    for (const l of this.listeners) l(this.state, this.connected);
  }

  /** The office was archived by the province: its apps show a closed notice instead of data. */
  get officeClosed(): boolean {
    return this.refused?.code === OFFICE_ARCHIVED;
  }

  close(): void {
    this.closedByClient = true;
    this.socket.close();
  }
}

/** The refusal code of an archived office's namespaces (contract 11). */
export const OFFICE_ARCHIVED = 'office_archived';
