// The booking page's proof of work (shared/booking-pow.ts), one definition for the phone and the
// server: zero bits counted across bytes, a found nonce accepted at its bits and refused above
// them, and anything but a short decimal nonce refused without hashing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, powValid } from '../../shared/booking-pow.js';

describe('booking proof of work', () => {
  it('counts leading zero bits across bytes', () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x00, 0x10]))).toBe(19);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('accepts a nonce whose SHA-256 of challenge:nonce has the bits, and only up to them', async () => {
    const challenge = '12.1796090400000.abc.mac';
    let nonce = 0;
    const bits = (n: number) => leadingZeroBits(createHash('sha256').update(`${challenge}:${n}`).digest());
    while (bits(nonce) < 12) nonce++;
    const exact = bits(nonce);
    expect(await powValid(challenge, String(nonce), 12)).toBe(true);
    expect(await powValid(challenge, String(nonce), exact)).toBe(true);
    expect(await powValid(challenge, String(nonce), exact + 1)).toBe(false);
    // Another challenge, same nonce: (almost surely) not enough bits.
    expect(await powValid(`${challenge}x`, String(nonce), 24)).toBe(false);
  });

  it('refuses a nonce that is not a short decimal string', async () => {
    for (const bad of ['', '-1', '1e3', ' 7', '12345678901234567', 'abc']) expect(await powValid('c', bad, 0)).toBe(false);
    expect(await powValid('c', '7', 0)).toBe(true);
  });
});
