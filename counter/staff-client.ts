// The /counter namespace as typed methods: components call `callNext(counterId)` and get the
// ack's Result; the live staff snapshot (with waiting lists) stays in LiveState.
import type { Socket } from 'socket.io-client';
import { type LiveListener } from '../shared/client/live.js';
import { StaffLiveState } from '../shared/client/staff-live.js';
import type { CounterClientToServer } from '../shared/events.js';
import type { SessionEndReason, StaffAlarm, StaffSnapshot } from '../shared/types.js';

type Requests = CounterClientToServer;
type Event = keyof Requests;
type PayloadOf<E extends Event> = Parameters<Requests[E]>[0];
/** The ack's argument: `{ ok: true, ...result } | { ok: false, error }`. */
export type ResultOf<E extends Event> = Parameters<Parameters<Requests[E]>[1]>[0];

export interface TransferTarget {
  toServiceId?: string;
  toCounterId?: string;
}

export class StaffClient {
  readonly live: StaffLiveState;
  /** Server clock minus this device's clock, in ms: waiting times are differences against server timestamps. */
  private skewMs = 0;

  /** Called when the server refuses a request because the session is no longer valid. */
  onUnauthorized: (() => void) | null = null;
  /** Called when the server ends the session, with why (a disconnect follows). */
  onEnded: ((reason: SessionEndReason) => void) | null = null;
  /** Why the server ended this session; null while it lasts. */
  ended: SessionEndReason | null = null;
  /** The office's open staff alarms (issue 15), as the server last pushed them. */
  alarms: StaffAlarm[] = [];
  private alarmListeners = new Set<(alarms: StaffAlarm[]) => void>();

  constructor(token: string, url?: string) {
    this.live = new StaffLiveState({ namespace: '/counter', auth: { token }, ...(url ? { url } : {}) });
    const socket = this.live.socket as unknown as Socket;
    socket.on('alarm:changed', ({ alarms }: { alarms: StaffAlarm[] }) => {
      this.alarms = alarms;
      for (const l of this.alarmListeners) l(alarms);
    });
    socket.on('session:ended', ({ reason }: { reason: SessionEndReason }) => {
      this.ended = reason;
      this.onEnded?.(reason);
    });
    // socket.io does not reconnect after a server-side disconnect(); the server only does that
    // to a session it no longer trusts. Told why, the app asks for a login; not told (the reason
    // was lost), reconnecting is how the client learns it.
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect' && !this.ended) setTimeout(() => socket.connect(), 1000);
    });
  }

  get state(): StaffSnapshot | null {
    return this.live.state;
  }
  get connected(): boolean {
    return this.live.connected;
  }
  /** The handshake was refused because the token is no longer valid. */
  get unauthorized(): boolean {
    return this.live.refused?.code === 'unauthorized';
  }
  /** The handshake was refused because the account belongs to another office. */
  get wrongOffice(): boolean {
    const r = this.live.refused as { code: string; reason?: string } | null;
    return r?.code === 'forbidden' && !r.reason;
  }
  /** The handshake was refused because the password is temporary: no staff data until it is changed. */
  get passwordChangeRequired(): boolean {
    return (this.live.refused as { reason?: string } | null)?.reason === 'password_change_required';
  }

  subscribe(listener: LiveListener<StaffSnapshot>): () => void {
    return this.live.subscribe(listener);
  }

  /**
   * After a re-login. The server keeps the token of the handshake for the socket's lifetime (and
   * checks it on every request), so a connected socket must connect again to present the new one.
   */
  setToken(token: string): void {
    const socket = this.live.socket as unknown as Socket;
    socket.auth = { token };
    this.live.refused = null;
    this.ended = null;
    if (socket.connected) socket.disconnect();
    socket.connect();
  }

  setServerTime(iso: string, sentAt: number, receivedAt: number): void {
    const server = Date.parse(iso);
    if (Number.isFinite(server)) this.skewMs = server - (sentAt + receivedAt) / 2;
  }
  serverNow(): number {
    return Date.now() + this.skewMs;
  }

  private async send<E extends Event>(event: E, payload: PayloadOf<E>): Promise<ResultOf<E>> {
    const r = await this.live.request<ResultOf<E>>(event, payload);
    if (!r.ok && r.error.code === 'unauthorized') this.onUnauthorized?.();
    return r;
  }

  resync(): void {
    this.live.resync();
  }

  /** Told the open alarms now and at each change; returns the unsubscribe. */
  onAlarms(listener: (alarms: StaffAlarm[]) => void): () => void {
    this.alarmListeners.add(listener);
    listener(this.alarms);
    return () => this.alarmListeners.delete(listener);
  }
  raiseAlarm(counterId: string) {
    return this.send('alarm:raise', { counterId });
  }
  answerAlarm(alarmId: string) {
    return this.send('alarm:answer', { alarmId });
  }
  endAlarm(alarmId: string) {
    return this.send('alarm:end', { alarmId });
  }
  /** A no-show back in its queue when the citizen turns up later (settings.putBack). */
  putBack(ticketId: string) {
    return this.send('ticket:putBack', { ticketId });
  }

  openCounter(counterId: string) {
    return this.send('counter:open', { counterId });
  }
  closeCounter(counterId: string) {
    return this.send('counter:close', { counterId });
  }
  pause(counterId: string, reason?: string) {
    return this.send('counter:pause', reason ? { counterId, reason } : { counterId });
  }
  resume(counterId: string) {
    return this.send('counter:resume', { counterId });
  }
  callNext(counterId: string) {
    return this.send('ticket:callNext', { counterId });
  }
  /** Calls one waiting ticket out of order (supervisors: to any open counter). */
  call(counterId: string, ticketId: string) {
    return this.send('ticket:call', { counterId, ticketId });
  }
  recall(counterId: string) {
    return this.send('ticket:recall', { counterId });
  }
  start(counterId: string) {
    return this.send('ticket:start', { counterId });
  }
  complete(counterId: string, fileCode?: string) {
    const code = fileCode?.trim();
    return this.send('ticket:complete', code ? { counterId, fileCode: code } : { counterId });
  }
  noShow(counterId: string) {
    return this.send('ticket:noShow', { counterId });
  }
  transfer(counterId: string, to: TransferTarget) {
    return this.send('ticket:transfer', { counterId, ...to });
  }
  cancel(ticketId: string) {
    return this.send('ticket:cancel', { ticketId });
  }
  /** Supervisor: a waiting ticket to another service or a named counter. */
  move(ticketId: string, to: TransferTarget) {
    return this.send('ticket:move', { ticketId, ...to });
  }

  close(): void {
    this.live.close();
  }
}
