// A display cut off (line stalled, then dropped) while counters work: after it reconnects it
// shows exactly the server's state and has announced no call twice and none from the outage.
// The 30 s stall (past both ends' ping timeouts) is in long/display-outage-30s.long.ts.
import { describe, expect, it } from 'vitest';
import { runDisplayOutage } from './display-outage.js';

describe('a display cut off for 5 s', () => {
  it('resynchronises to the exact public state and never re-announces', async () => {
    const f = await runDisplayOutage(5_000);
    console.log(`[display outage] ${JSON.stringify(f)}`);
    expect(f.callsDuring).toBeGreaterThan(0);
    expect(f.announced).toBe(f.callsBefore + f.callsAfter);
  }, 90_000);
});
