// Generated malformed input, a fixed-seed sample for every run (the 10,000-case run with a fresh
// seed each time is long/fuzz.long.ts): every socket event and REST route refuses it clearly,
// nothing changes, nothing is polluted, the server stays up.
import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz.js';

describe('fuzz (fixed seed, 2,000 cases)', () => {
  it('every malformed socket event and REST body is refused and changes nothing', async () => {
    const f = await runFuzz({ socketCases: 1_200, restCases: 800, seed: 20_260_302 });
    console.log(`[fuzz] ${JSON.stringify(f)}`);
    expect(f.socketCases + f.restCases).toBe(2_000);
  }, 180_000);
});
