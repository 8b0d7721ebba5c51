// The /province namespace as a typed feed for the province overview: every office's summary,
// pushed by the server on change. Components read `offices`, `connected` and `receivedAt` and
// never handle socket messages. After a drop the figures are only last known ones: the feed
// says so (`connected` false) and asks for a fresh copy on reconnect.
import { io, type Socket } from 'socket.io-client';
import type { OfficeSummary } from '../shared/types.js';

export type ProvinceListener = (feed: ProvinceFeed) => void;

export class ProvinceFeed {
  private readonly socket: Socket;
  offices: OfficeSummary[] | null = null;
  connected = false;
  /** When `offices` arrived (this device's clock): shown beside figures that are no longer live. */
  receivedAt: number | null = null;
  /** The server refused the handshake (not a province admin, or the session ended). */
  refused: { code: string; message: string } | null = null;
  private listeners = new Set<ProvinceListener>();

  constructor(token: string, url = '') {
    this.socket = io(`${url}/province`, { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 3000 });
    this.socket.on('connect', () => {
      this.connected = true;
      this.refused = null;
      this.notify();
      // A push may have been missed while away: ask rather than wait for the next change.
      this.socket.emit('snapshot:get', {}, (r: { ok: boolean; offices?: OfficeSummary[] }) => {
        if (r?.ok && r.offices) this.set(r.offices);
      });
    });
    this.socket.on('disconnect', () => {
      this.connected = false;
      this.notify();
    });
    this.socket.on('connect_error', (err: Error & { data?: { code: string; message: string } }) => {
      if (err.data?.code) this.refused = err.data;
      this.notify();
    });
    this.socket.on('offices:update', (u: { offices: OfficeSummary[] }) => this.set(u.offices));
  }

  private set(offices: OfficeSummary[]): void {
    this.offices = offices;
    this.receivedAt = Date.now();
    this.notify();
  }

  subscribe(listener: ProvinceListener): () => void {
    this.listeners.add(listener);
    listener(this);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l(this);
  }

  close(): void {
    this.socket.close();
    this.listeners.clear();
  }
}
