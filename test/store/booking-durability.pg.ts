// Issue 13 on PostgreSQL: bookings acknowledged survive SIGKILL of the server process on the
// database (the scenario: test/support/booking-kill.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { bookingPowerCuts } from '../support/booking-kill.js';
import { createTestDatabase } from '../support/pg.js';

it('keeps every acknowledged booking and cancellation over power cuts', async () => {
  const db = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'luot-pg-booking-kill-'));
  try {
    await bookingPowerCuts(dir, { LUOT_DATABASE_URL: db.url });
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
