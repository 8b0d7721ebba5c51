// The /display feed for wall displays, counter displays and the citizen's page: LiveState's
// snapshot-plus-deltas, and on top of it the two things displays need that LiveState leaves out.
import type { Socket } from 'socket.io-client';
import type { DisplayAudio, FeedState } from '../events.js';
import type { CalledEvent, PublicTicket, Snapshot, Update } from '../types.js';
import { LiveState, type LiveListener } from './live.js';

export class DisplayFeed {
  readonly live: LiveState<Snapshot>;
  /** Highest rev already announced or covered by a snapshot. */
  private announcedRev = -1;
  private lastSnapshot: Snapshot | null = null;
  private announceListeners = new Set<(call: CalledEvent) => void>();
  private ticketListeners = new Set<(tickets: PublicTicket[]) => void>();
  /**
   * False while the server says its data is not current (`feed:state`: its database is out of
   * reach). Shown like a lost connection: the stale banner. Each connection starts current; a
   * server that is not tells so before its snapshot.
   */
  private serverLive = true;
  private stateListeners = new Set<LiveListener<Snapshot>>();

  constructor(opts: { url?: string } = {}) {
    this.live = new LiveState<Snapshot>({ namespace: '/display', rejoinMs: 3000, ...opts });
    // LiveState applies deltas in place and replaces its state object only for a snapshot (first
    // connect, reconnect after a server restart, resync after a gap): everything up to its rev
    // is history and must never be announced. Taking its rev as is (not the max) also copes
    // with a server whose data folder was reset.
    this.live.subscribe((state) => {
      if (state && state !== this.lastSnapshot) this.announcedRev = state.rev;
      this.lastSnapshot = state;
    });
    this.live.onCalled((call) => {
      if (!this.live.state || call.rev <= this.announcedRev) return;
      this.announcedRev = call.rev;
      for (const l of this.announceListeners) l(call);
    });
    this.live.onUpdate((u: Update) => {
      if (u.tickets?.length) for (const l of this.ticketListeners) l(u.tickets);
    });
    const socket = this.live.socket as unknown as Socket;
    const setLive = (live: boolean) => {
      if (live === this.serverLive) return;
      this.serverLive = live;
      for (const l of this.stateListeners) l(this.live.state, this.connected);
    };
    socket.on('feed:state', (s: FeedState) => setLive(s.live));
    socket.on('disconnect', () => setLive(true));
  }

  get state(): Snapshot | null {
    return this.live.state;
  }

  /** Connected, and the server's data current: false shows the stale banner. */
  get connected(): boolean {
    return this.live.connected && this.serverLive;
  }

  /** The office was archived: nothing more will be called here. */
  get officeClosed(): boolean {
    return this.live.officeClosed;
  }

  subscribe(listener: LiveListener<Snapshot>): () => void {
    const wrapped: LiveListener<Snapshot> = (state, connected) => listener(state, connected && this.serverLive);
    this.stateListeners.add(wrapped);
    const off = this.live.subscribe(wrapped);
    return () => {
      off();
      this.stateListeners.delete(wrapped);
    };
  }

  /** Calls to announce: `called` events received live, each rev once; a snapshot never announces. */
  onAnnounce(listener: (call: CalledEvent) => void): () => void {
    this.announceListeners.add(listener);
    return () => this.announceListeners.delete(listener);
  }

  /** Tickets as the events of live updates left them (to tell a finished ticket from a no-show). */
  onTickets(listener: (tickets: PublicTicket[]) => void): () => void {
    this.ticketListeners.add(listener);
    return () => this.ticketListeners.delete(listener);
  }

  /** The version of the office's voice clip set: on connect, and whenever it is saved or reset. */
  onVoice(listener: (version: string) => void): () => void {
    const s = this.live.socket as unknown as Socket;
    const handler = (v: { version?: unknown }) => {
      if (typeof v?.version === 'string') listener(v.version);
    };
    s.on('voice:changed', handler);
    return () => void s.off('voice:changed', handler);
  }

  /** Tells the server this display's sound plays (the installer's checklist); sent once connected. */
  reportAudio(ok: boolean): void {
    const payload: DisplayAudio = { ok };
    (this.live.socket as unknown as Socket).emit('display:audio', payload);
  }

  close(): void {
    this.live.close();
  }
}
