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

/** Token bucket per connection: a stuck or malicious kiosk cannot flood the queue. */
export function rateLimiter(capacity: number, refillPerSec: number, now: () => number = Date.now) {
  let tokens = capacity;
  let last = now();
  return (): boolean => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - last) / 1000) * refillPerSec);
    last = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
