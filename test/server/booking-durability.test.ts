// Issue 13: a booking acknowledged is a booking kept, on the file store (the scenario:
// test/support/booking-kill.ts; on PostgreSQL: test/store/booking-durability.pg.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { bookingPowerCuts } from '../support/booking-kill.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('bookings survive kill -9', () => {
  it('every acknowledged booking and cancellation is there after a power cut', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'luot-booking-kill-'));
    dirs.push(dir);
    await bookingPowerCuts(dir);
  }, 120_000);
});
