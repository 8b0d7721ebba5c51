// One wrapper for every socket request: validate, run, answer with the ack envelope.
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Result } from '../../shared/errors.js';
import { parse, toApiError } from '../validate.js';

export interface HandlerLog {
  error(obj: object, msg: string): void;
}

export function on<S extends z.ZodType, R extends object>(
  socket: Socket,
  event: string,
  schema: S,
  log: HandlerLog,
  run: (payload: z.output<S>) => Promise<R> | R,
): void {
  socket.on(event, async (payload: unknown, ack: unknown) => {
    // Fix: `emit('snapshot:get', ack)` (no payload) put the ack function in `payload`; it then
    // failed validation with nobody to tell, and the client waited for an answer forever.
    if (typeof payload === 'function' && ack === undefined) [payload, ack] = [undefined, payload];
    // A client that sends no ack function gets nothing back, but the payload is still checked.
    const reply = typeof ack === 'function' ? (ack as (r: Result<R>) => void) : () => undefined;
    try {
      reply({ ok: true, ...(await run(parse(schema, payload))) });
    } catch (e) {
      reply({ ok: false, error: toApiError(e, log) });
    }
  });
}

export interface Rate {
  /** Requests allowed at once (the bucket's size). */
  capacity: number;
  /** Refill, in requests per second. */
  perSec: number;
}

/**
 * Token buckets by client identity (an address, or a keyed kiosk), shared by REST and sockets.
 * Keyed by identity, not by connection: a client that reconnects, or switches from the socket
 * to REST, finds its bucket as it left it. The rate is read at each take, so a settings change
 * applies at once. Memory is bounded: buckets that have refilled (idle clients) are dropped, and
 * past `maxKeys` the least recently used go first (a dropped bucket only comes back full).
 */
export class KeyedLimiter {
  private buckets = new Map<string, { tokens: number; last: number }>();

  constructor(
    private readonly rate: () => Rate,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token for `key`; false (and nothing taken) when the bucket is empty. */
  take(key: string): boolean {
    const { capacity, perSec } = this.rate();
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: capacity, last: t };
    b.tokens = Math.min(capacity, b.tokens + (Math.max(0, t - b.last) / 1000) * perSec);
    b.last = t;
    // Re-inserted so that the Map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.sweep(capacity, perSec, t);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(capacity: number, perSec: number, t: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((t - b.last) / 1000) * perSec >= capacity) this.buckets.delete(k);
    }
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys * 0.9) break;
      this.buckets.delete(k);
    }
  }
}

const isLoopback = (a: string) => a === '::1' || /^(::ffff:)?127\./.test(a);

/**
 * One key per client machine. IPv4-mapped IPv6 is the same machine as its IPv4 form (REST and
 * sockets may see either), and an IPv6 client counts by its /64: privacy addresses rotate
 * inside it, so the full address would hand one phone a fresh bucket at will.
 */
export function addressKey(ip: string | undefined): string {
  let a = (ip ?? '').trim().toLowerCase();
  if (a.startsWith('::ffff:') && a.includes('.')) a = a.slice(7);
  if (!a.includes(':')) return a || 'unknown';
  a = a.split('%')[0]!;
  const [head = '', tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const tl = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - tl.length)).fill('0'), ...tl];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * A socket's client address, read as express reads `req.ip` with `trust proxy: loopback`: a
 * reverse proxy on this machine (nginx) names the client in X-Forwarded-For; nobody else may.
 */
export function socketAddress(socket: Pick<Socket, 'handshake'>): string {
  const remote = socket.handshake.address;
  const xff = socket.handshake.headers['x-forwarded-for'];
  if (isLoopback(remote) && typeof xff === 'string' && xff.trim()) return xff.split(',').pop()!.trim();
  return remote;
}
