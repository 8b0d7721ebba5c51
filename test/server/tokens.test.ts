// Ticket tokens come from a pool of CSPRNG bytes (server/tokens.ts): every token must still be
// fresh random bytes, never a repeat, across many refills of the pool.
import { describe, expect, it } from 'vitest';
import { tokenSource } from '../../server/tokens.js';

describe('ticket tokens', () => {
  it('are 12 base64url characters, all different, across pool refills', () => {
    const next = tokenSource(9, 16);
    const tokens = Array.from({ length: 5000 }, next);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('carry random bytes: every byte value shows up, none far more often than chance', () => {
    const next = tokenSource();
    const counts = new Array<number>(256).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) for (const b of Buffer.from(next(), 'base64url')) counts[b]!++;
    const mean = (n * 9) / 256;
    expect(Math.min(...counts)).toBeGreaterThan(mean * 0.7);
    expect(Math.max(...counts)).toBeLessThan(mean * 1.3);
  });

  it('two sources never hand out the same token', () => {
    const a = tokenSource();
    const b = tokenSource();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(a()).add(b());
    expect(seen.size).toBe(4000);
  });
});
