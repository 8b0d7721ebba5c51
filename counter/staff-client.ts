// The /counter namespace as typed methods: components call `callNext(counterId)` and get the
// ack's Result; the live staff snapshot (with waiting lists) stays in LiveState.
import type { Socket } from 'socket.io-client';
import { type LiveListener } from '../shared/client/live.js';
import { newRequestId } from '../shared/client/request-id.js';
import { StaffLiveState } from '../shared/client/staff-live.js';
import type { ApiError } from '../shared/errors.js';
import type { CounterClientToServer } from '../shared/events.js';
import type { SessionEndReason, StaffAlarm, StaffSnapshot } from '../shared/types.js';

type Requests = CounterClientToServer;
type Event = keyof Requests;
type PayloadOf<E extends Event> = Parameters<Requests[E]>[0];
/** The ack's argument: `{ ok: true, ...result } | { ok: false, error }`. */
export type ResultOf<E extends Event> = Parameters<Parameters<Requests[E]>[1]>[0];

/** The requests that change state: each sent with a requestId (server/queue/counter-requests.ts). */
type Command = { [E in Event]: 'requestId' extends keyof NonNullable<PayloadOf<E>> ? E : never }[Event];

/**
 * Pauses before the automatic retries of a press whose outcome is unknown. A lost answer is
 * mostly a blip (a reconnect, the database failing over): the clerk pressed once and expects the
 * press to work, and cannot tell whether it did. Retried with the same requestId, a press that
 * did happen is answered as it was, never done twice. A few seconds in all, while the panel
 * shows the press under way; after that the error is shown, and the next press of the same
 * button retries the same request again (its requestId is kept), so a clerk who presses "call
 * next" again after an error never calls a second ticket.
 */
export const RETRY_PAUSES_MS = [500, 1500];

/**
 * An answer that leaves the outcome unknown: no answer (timeout, disconnect) or the server's
 * `internal` (its database or disk failed, perhaps after the change was written). Every other
 * answer says what happened.
 */
const unknownOutcome = (e: ApiError): boolean => e.code === 'internal';

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

  /** The requestId of each press whose outcome is still unknown, by command and payload. */
  private unanswered = new Map<string, string>();

  /**
   * A press that changes state: sent with a requestId, retried with the same one while the
   * outcome is unknown (RETRY_PAUSES_MS). Any answer that says what happened forgets every
   * unanswered press: the state shown is then the truth, and the next press is a new one (a
   * "call next" after a completion must call the next ticket, not get the old one back).
   */
  private async command<E extends Command>(event: E, payload: Omit<PayloadOf<E>, 'requestId'>): Promise<ResultOf<E>> {
    const key = `${event} ${JSON.stringify(payload)}`;
    const requestId = this.unanswered.get(key) ?? newRequestId();
    for (let attempt = 0; ; attempt++) {
      const r = await this.send(event, { ...payload, requestId } as PayloadOf<E>);
      if (r.ok || !unknownOutcome(r.error)) {
        this.unanswered.clear();
        return r;
      }
      const pause = RETRY_PAUSES_MS[attempt];
      if (pause === undefined || this.ended) {
        this.unanswered.set(key, requestId);
        return r;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
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
    return this.command('ticket:putBack', { ticketId });
  }

  openCounter(counterId: string) {
    return this.command('counter:open', { counterId });
  }
  closeCounter(counterId: string) {
    return this.command('counter:close', { counterId });
  }
  pause(counterId: string, reason?: string) {
    return this.command('counter:pause', reason ? { counterId, reason } : { counterId });
  }
  resume(counterId: string) {
    return this.command('counter:resume', { counterId });
  }
  callNext(counterId: string) {
    return this.command('ticket:callNext', { counterId });
  }
  /** Calls one waiting ticket out of order (supervisors: to any open counter). */
  call(counterId: string, ticketId: string) {
    return this.command('ticket:call', { counterId, ticketId });
  }
  recall(counterId: string) {
    return this.command('ticket:recall', { counterId });
  }
  start(counterId: string) {
    return this.command('ticket:start', { counterId });
  }
  complete(counterId: string, fileCode?: string) {
    const code = fileCode?.trim();
    return this.command('ticket:complete', code ? { counterId, fileCode: code } : { counterId });
  }
  noShow(counterId: string) {
    return this.command('ticket:noShow', { counterId });
  }
  transfer(counterId: string, to: TransferTarget) {
    return this.command('ticket:transfer', { counterId, ...to });
  }
  cancel(ticketId: string) {
    return this.command('ticket:cancel', { ticketId });
  }
  /** Supervisor: a waiting ticket to another service or a named counter. */
  move(ticketId: string, to: TransferTarget) {
    return this.command('ticket:move', { ticketId, ...to });
  }

  close(): void {
    this.live.close();
  }
}
