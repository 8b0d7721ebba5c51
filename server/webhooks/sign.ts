// The signature of a delivery, in the manner of Stripe's: `Luot-Signature: t=<unix seconds>,v1=<hex>`
// where <hex> is HMAC-SHA256 under the endpoint's secret of `<t>.<raw body>`. The timestamp is
// signed with the body, so a receiver can refuse a replay older than a few minutes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'luot-signature';
export const TIMESTAMP_HEADER = 'luot-timestamp';
export const DELIVERY_HEADER = 'luot-delivery';
export const EVENT_HEADER = 'luot-event';

export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${sign(secret, timestamp, body)}`;
}

/** What a receiver does (README has the same in a snippet): true when the header is valid and fresh. */
export function verifySignature(secret: string, header: string, body: string, opts: { nowSec?: number; toleranceSec?: number } = {}): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const now = opts.nowSec ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSec ?? 300)) return false;
  return timingSafeEqual(Buffer.from(sign(secret, t, body), 'hex'), Buffer.from(v1, 'hex'));
}
