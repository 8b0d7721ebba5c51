// Issue 13's edges on PostgreSQL: two server processes on one database (test/support/cluster.ts).
// A solved proof of work books once across them, since the rule is the engine's and every
// process applies every event before a command; and a booking past its check-in window becomes
// a no-show on time, with no command to either process, counted once however many processes
// notice it. The processes' clock is moved by the test (child-server.ts LUOT_TEST_CLOCK_FILE).
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BookingInfo, CitizenBooking } from '../../shared/booking.js';
import { leadingZeroBits } from '../../shared/booking-pow.js';
import type { Result } from '../../shared/errors.js';
import type { LoginResult } from '../../shared/types.js';
import { OFFICE_LOCK_CLASS } from '../../server/store/pg/journal.js';
import { lockKey } from '../../server/store/pg/pool.js';
import { startCluster, type Cluster } from '../support/cluster.js';

/** A Thursday, 08:00 in Ho Chi Minh City: the default week's slots are open, whatever the real time. */
const T0 = Date.parse('2026-11-26T08:00:00+07:00');
const SLOT_0815 = '2026-11-26T08:15:00+07:00';
const SLOT_0830 = '2026-11-26T08:30:00+07:00';

let cluster: Cluster;
let dir: string;
let clockFile: string;

async function call<T>(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Result<T> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Result<T> };
}

async function until<T>(what: string, get: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${n}`).digest()) >= bits) return String(n);
  }
}

/** A solved challenge from process `i`. */
async function proofFrom(i: number): Promise<{ challenge: string; nonce: string }> {
  const info = await call<BookingInfo>(cluster.url(i), 'GET', '/api/booking');
  if (!info.body.ok || info.body.proof.kind !== 'pow') throw new Error('no proof of work offered');
  return { challenge: info.body.proof.challenge, nonce: solve(info.body.proof.challenge, info.body.proof.bits) };
}

const book = (i: number, body: Record<string, unknown>) =>
  call<{ booking: CitizenBooking }>(cluster.url(i), 'POST', '/api/bookings', { serviceId: 'dat-dai', kind: 'slot', at: SLOT_0830, name: 'Phạm Thị Hoa', ...body });

async function query<R extends pg.QueryResultRow>(sql: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: cluster.db.url });
  await c.connect();
  try {
    return (await c.query<R>(sql)).rows;
  } finally {
    await c.end();
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'luot-pg-booking-edges-'));
  clockFile = join(dir, 'clock');
  await writeFile(clockFile, String(T0 - Date.now()));
  // Ticks five times a second: both processes notice a closed window at nearly the same instant.
  cluster = await startCluster({ processes: 2, env: { LUOT_TEST_CLOCK_FILE: clockFile, LUOT_TEST_TICK_MS: '200' } });
  const login = await call<LoginResult>(cluster.url(0), 'POST', '/api/auth/login', { username: 'admin', password: 'mat-khau-quan-tri' });
  if (!login.body.ok) throw new Error(login.body.error.message);
  const admin = login.body.token;
  const settings = await call(cluster.url(0), 'PUT', '/api/settings', { booking: { enabled: true, proof: 'pow', pin: null, powBits: 8, policy: 'strict', interleaveEvery: 2 } }, admin);
  expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  const booking = { remote: true, slots: true, slotMinutes: 15, capacity: 5, daysAhead: 7, perPhonePerDay: 1, checkInBeforeMin: 15, checkInAfterMin: 15 };
  const service = await call(cluster.url(0), 'PUT', '/api/services/dat-dai', { booking }, admin);
  expect(service.status, JSON.stringify(service.body)).toBe(200);
  // The other process has the new settings once its booking page offers the service.
  await until('process 1 to take bookings', async () => {
    const info = await call<BookingInfo>(cluster.url(1), 'GET', '/api/booking');
    return info.body.ok && info.body.proof.kind === 'pow' && info.body.services.some((s) => s.id === 'dat-dai') ? true : undefined;
  });
});

afterEach(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('two processes on one database', () => {
  it('a solved challenge books once: used on one process, refused on the other; raced on both, one booking', async () => {
    const proof = await proofFrom(0);
    expect((await book(0, { proof, phone: '0901000001' })).status).toBe(201);
    const reused = await book(1, { proof, phone: '0901000002' });
    expect(reused.status).toBe(403);
    expect(!reused.body.ok && reused.body.error).toMatchObject({ code: 'proof_invalid', field: 'proof', message: 'Mã xác minh không đúng hoặc đã hết hạn, vui lòng thử lại' });

    const raced = await proofFrom(1);
    const both = await Promise.all([book(0, { proof: raced, phone: '0901000003' }), book(1, { proof: raced, phone: '0901000004' })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 403]);
    const made = await query<{ n: string }>("SELECT count(*) AS n FROM ticket_events WHERE type = 'booking:made'");
    expect(Number(made[0]!.n)).toBe(2);
  });

  it('a booking past its check-in window becomes a no-show on time, with no command, counted by one process only', async () => {
    const made = await book(0, { proof: await proofFrom(0), phone: '0901000001', at: SLOT_0815 });
    if (!made.body.ok) throw new Error(made.body.error.message);
    const token = made.body.booking.token;
    const [{ rev }] = (await query<{ rev: string }>("SELECT max(rev) AS rev FROM ticket_events WHERE type = 'booking:made'")) as [{ rev: string }];
    // The test holds the office's lock while both processes' clocks jump past the window's end
    // (08:15 + 15 min): both notice it and wait for the lock, and then race for it.
    const [{ id: officeId }] = (await query<{ id: string }>('SELECT id FROM offices')) as [{ id: string }];
    const holder = new pg.Client({ connectionString: cluster.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [OFFICE_LOCK_CLASS, lockKey(officeId)]);
      await writeFile(clockFile, String(T0 + 31 * 60_000 - Date.now()));
      for (const c of cluster.alive()) c.proc.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 1_000));
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    for (const i of [0, 1]) {
      await until(`process ${i} to show the no-show`, async () => {
        const r = await call<{ booking: CitizenBooking }>(cluster.url(i), 'GET', `/api/bookings/${token}`);
        return r.body.ok && r.body.booking.state === 'noShow' ? true : undefined;
      });
    }
    // A few more ticks of both: nobody counts it again.
    await new Promise((r) => setTimeout(r, 1_500));
    const after = await query<{ type: string; body: { bookingId?: string } }>(`SELECT type, body FROM ticket_events WHERE rev > ${Number(rev)} ORDER BY rev`);
    expect(after.map((e) => e.type)).toEqual(['booking:noShow']);
    expect(after[0]!.body.bookingId).toBeTruthy();
    // Neither process had a write refused on the way (two no-shows racing for one rev would be).
    for (const c of cluster.alive()) expect(c.stderr()).not.toMatch(/"level":(50|60)/);
  });
});
