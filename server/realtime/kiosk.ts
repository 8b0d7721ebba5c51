// /kiosk: issues tickets. Optional kiosk key at the handshake; issuing is rate-limited per client
// (address, or keyed kiosk) by the same gate as REST `POST /api/tickets`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BATCHED_FEED, FEED_QUERY } from '../../shared/events.js';
import { bookingCheckInSchema, issueSchema, type BookingCheckInPayload, type IssuePayload } from '../../shared/schemas.js';
import { pickupSchema, resultCheckSchema, type PickupPayload } from '../../shared/result-schemas.js';
import type { IssueResult } from '../../shared/types.js';
import type { Office } from '../office.js';
import type { IssueChannel } from '../queue/events.js';
import { luotError, parse } from '../validate.js';
import { emptySchema } from './display.js';
import { KeyedLimiter, addressKey, on, socketAddress, type Rate } from './handle.js';
import { KioskFeed } from './kiosk-feed.js';
import type { KioskNamespace, RealtimeDeps } from './types.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Equal in constant time: both sides are hashed first, which also makes their lengths equal. */
export function sameSecret(given: unknown, expected: string): boolean {
  return typeof given === 'string' && timingSafeEqual(sha256(given), sha256(expected));
}

/** Who is asking to issue: where from, and what the kiosk presented. */
export interface IssueClient {
  address: string;
  kioskKey?: unknown;
  /** A keyed kiosk's own device id (the kiosk app keeps one in localStorage). */
  kioskId?: unknown;
  /** Recorded on the ticket, for its timeline. */
  channel?: IssueChannel;
}

const KIOSK_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The one door to issuing, for the socket and REST alike: the kiosk key, then the rate limit,
 * then the engine. The limit is checked before the engine runs, so a refused tap uses up no
 * number and no daily cap.
 */
export class KioskGate {
  readonly limiter: KeyedLimiter;

  constructor(private readonly office: Office, rate: () => Rate, now: () => number = Date.now) {
    this.limiter = new KeyedLimiter(rate, now);
  }

  /** Whether `given` is the office's kiosk key (any client passes while none is set). */
  keyOk(given: unknown): boolean {
    const key = this.office.settings.kioskKey;
    return !key || sameSecret(given, key);
  }

  /**
   * The bucket a client draws from. Keyless clients: their address, however often they
   * reconnect. A kiosk holding the key is a device the office set up, so it gets a bucket of its
   * own (its device id), which lets many keyed kiosks share one NAT address.
   */
  bucket(c: IssueClient): string {
    const keyed = this.office.settings.kioskKey !== null && typeof c.kioskId === 'string' && KIOSK_ID.test(c.kioskId);
    return keyed ? `kiosk:${c.kioskId as string}` : `ip:${addressKey(c.address)}`;
  }

  async issue(c: IssueClient, payload: unknown): Promise<IssueResult> {
    if (!this.keyOk(c.kioskKey)) throw luotError('unauthorized', 'badKioskKey');
    return this.issueValid(c, parse(issueSchema, payload));
  }

  /** `p` already passed issueSchema (the socket handler checks every payload): zod runs once per tap. */
  async issueValid(c: IssueClient, p: IssuePayload): Promise<IssueResult> {
    if (!this.keyOk(c.kioskKey)) throw luotError('unauthorized', 'badKioskKey');
    if (!this.limiter.take(this.bucket(c))) throw luotError('rate_limited', 'rateLimited');
    return this.office.issue({ ...p, channel: c.channel });
  }

  /** Issue 13: a booking checked in by its code, through the same key and limit as any ticket. */
  async checkIn(c: IssueClient, p: BookingCheckInPayload): Promise<IssueResult> {
    if (!this.keyOk(c.kioskKey)) throw luotError('unauthorized', 'badKioskKey');
    if (!this.limiter.take(this.bucket(c))) throw luotError('rate_limited', 'rateLimited');
    return this.office.checkIn({ ...p, channel: c.channel });
  }

  /** Issue 15: a pickup ticket, through the same key and limit as any ticket. */
  async pickup(c: IssueClient, p: PickupPayload): Promise<IssueResult> {
    if (!this.keyOk(c.kioskKey)) throw luotError('unauthorized', 'badKioskKey');
    if (!this.limiter.take(this.bucket(c))) throw luotError('rate_limited', 'rateLimited');
    return this.office.issuePickup({ ...p, ...(c.channel ? { channel: c.channel } : {}) });
  }
}

type KioskSocket = Parameters<Parameters<KioskNamespace['on']>[1]>[0];

/**
 * Issue 10: a ticket answered `queued` is followed on this socket, which then hears
 * `ticket:print` for it (once per reason it still waits, then printed or failed). A retried
 * request on the same socket follows it once; a new socket (the kiosk reconnected) follows it too.
 */
function followPrint(socket: KioskSocket, office: Office, following: Map<string, () => void>, result: IssueResult): void {
  const ticketId = result.ticket.id;
  if (result.print.status !== 'queued' || following.has(ticketId)) return;
  following.set(
    ticketId,
    office.followPrint(ticketId, (print) => {
      if (print.status !== 'queued') following.delete(ticketId);
      socket.emit('ticket:print', { ticketId, ...print });
    }),
  );
}

export function registerKiosk(nsp: KioskNamespace, deps: RealtimeDeps): void {
  const { office, log, kioskGate: gate, publicLimiter } = deps;
  const auth = (a: unknown) => (a ?? {}) as { kioskKey?: unknown; kioskId?: unknown };
  // The batched feed's updates (kiosk-feed.ts). Registered before the broadcasts (server/http/app.ts).
  const feed = new KioskFeed(office, nsp);
  // A key set (or changed) later also ends the sessions of kiosks that do not have it.
  office.onCommitted((events) => {
    if (!events.some((e) => e.type === 'config:changed')) return;
    for (const socket of nsp.sockets.values()) if (!gate.keyOk(auth(socket.handshake.auth).kioskKey)) socket.disconnect(true);
  });
  nsp.use((socket, next) => {
    if (!gate.keyOk(auth(socket.handshake.auth).kioskKey)) {
      const e = luotError('unauthorized', 'badKioskKey');
      next(Object.assign(new Error('unauthorized'), { data: e.toApi() }));
    } else next();
  });
  nsp.on('connection', (socket) => {
    const address = socketAddress(socket);
    const { kioskKey, kioskId } = auth(socket.handshake.auth);
    const snapshot = office.engine.snapshot();
    socket.emit('snapshot', snapshot);
    if (socket.handshake.query[FEED_QUERY] === BATCHED_FEED) feed.add(socket, snapshot.rev);
    socket.emit('printer', office.printerStatus());
    const following = new Map<string, () => void>();
    socket.on('disconnect', () => {
      for (const stop of following.values()) stop();
      following.clear();
    });
    on(socket, 'snapshot:get', emptySchema, log, () => {
      if (!publicLimiter.take(addressKey(address))) throw luotError('rate_limited', 'rateLimited');
      return { snapshot: office.engine.snapshot() };
    });
    on(socket, 'ticket:issue', issueSchema, log, async (p) => {
      const result = await gate.issueValid({ address, kioskKey, kioskId, channel: 'kiosk' }, p);
      // The changes up to this ticket (and any since), ahead of the ack and in the same write.
      feed.catchUp(socket);
      followPrint(socket, office, following, result);
      return result;
    });
    on(socket, 'booking:checkIn', bookingCheckInSchema, log, async (p) => {
      const result = await gate.checkIn({ address, kioskKey, kioskId, channel: 'kiosk' }, p);
      feed.catchUp(socket);
      followPrint(socket, office, following, result);
      return result;
    });
    on(socket, 'result:check', resultCheckSchema, log, (p) => {
      if (!publicLimiter.take(addressKey(address))) throw luotError('rate_limited', 'rateLimited');
      return { result: office.engine.results.check(p.fileCode) };
    });
    on(socket, 'result:pickup', pickupSchema, log, async (p) => {
      const result = await gate.pickup({ address, kioskKey, kioskId, channel: 'kiosk' }, p);
      feed.catchUp(socket);
      followPrint(socket, office, following, result);
      return result;
    });
  });
}
