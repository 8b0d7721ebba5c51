// The proof of work off the page's thread (shared/booking-pow.ts): hashes in batches, with a
// progress message after each, so the page keeps answering taps while a phone works.
import { leadingZeroBits, powInput } from '../shared/booking-pow.js';

export interface PowRequest {
  challenge: string;
  bits: number;
}
export type PowMessage = { kind: 'progress'; tries: number } | { kind: 'done'; nonce: string; tries: number };

const BATCH = 256;

self.onmessage = async (e: MessageEvent<PowRequest>) => {
  const { challenge, bits } = e.data;
  for (let start = 0; ; start += BATCH) {
    const batch = Array.from({ length: BATCH }, (_, i) => crypto.subtle.digest('SHA-256', powInput(challenge, String(start + i))));
    const digests = await Promise.all(batch);
    const hit = digests.findIndex((d) => leadingZeroBits(new Uint8Array(d)) >= bits);
    if (hit >= 0) {
      self.postMessage({ kind: 'done', nonce: String(start + hit), tries: start + hit + 1 } satisfies PowMessage);
      return;
    }
    self.postMessage({ kind: 'progress', tries: start + BATCH } satisfies PowMessage);
  }
};
