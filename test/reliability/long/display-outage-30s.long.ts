// A display cut off for 30 s — past the 18 s after which both ends give up on pings, so the
// client also retries into the dead line before it is dropped — while counters keep working.
import { describe, expect, it } from 'vitest';
import { runDisplayOutage } from '../display-outage.js';

describe('a display cut off for 30 s', () => {
  it('resynchronises to the exact public state and never re-announces', async () => {
    const f = await runDisplayOutage(30_000);
    console.log(`[display outage 30 s] ${JSON.stringify(f)}`);
    expect(f.callsDuring).toBeGreaterThan(10);
    expect(f.announced).toBe(f.callsBefore + f.callsAfter);
    // The client gave up on the silent line and tried again while it was still cut.
    expect(f.proxyConnections).toBeGreaterThan(2);
  }, 180_000);
});
