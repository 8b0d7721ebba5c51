// npm run migrate -- --to-postgres: a data folder with three days of history made through a
// real server is imported into a fresh database; the counts are verified, a server on the
// database gives the same reports as the one on the files, and a second run changes nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrateToPostgres } from '../../scripts/migrate.js';
import { act, get, issueOn, vnTime } from '../http/helpers.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04'];
let db: TestDatabase;
let dir: string;
let clock = vnTime(DAYS[0]!, '07:30');
const servers: TestServer[] = [];

beforeEach(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'luot-migrate-'));
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

async function start(databaseUrl?: string): Promise<TestServer> {
  const s = await startTestServer({ dataDir: dir, databaseUrl, now: () => clock, tickMs: 3_600_000 });
  servers.push(s);
  return s;
}

/** What a supervisor sees of the period: the summary and the CSV of every ticket. */
async function reports(s: TestServer): Promise<{ summary: unknown; csv: string }> {
  const token = await s.login();
  const q = `from=${DAYS[0]}&to=${DAYS[2]}`;
  const summary = await s.api('GET', `/api/reports/summary?${q}`, undefined, token);
  expect(summary.status).toBe(200);
  const csv = await (await get(s, `/api/reports/tickets.csv?${q}`, token)).text();
  return { summary: summary.body, csv };
}

it('imports three days of history: counts verified, the same reports, and a second run refused', async () => {
  const files = await start();
  const kiosk = await files.connect('/kiosk');
  for (const [d, day] of DAYS.entries()) {
    clock = vnTime(day, '08:00');
    // A staff session lasts a working day: a new one each morning.
    const counter = await files.connect('/counter', { token: await files.login() });
    await act(counter, 'counter:open', { counterId: 'q3', takeOver: true });
    for (let i = 0; i < 4 + d; i++) {
      clock = vnTime(day, `08:${String(10 + i).padStart(2, '0')}`);
      await issueOn(kiosk, i % 2 ? 'ho-tich' : 'tu-phap');
    }
    clock = vnTime(day, '09:00');
    await act(counter, 'ticket:callNext', { counterId: 'q3' });
    await act(counter, 'ticket:start', { counterId: 'q3' });
    clock = vnTime(day, '09:07');
    await act(counter, 'ticket:complete', { counterId: 'q3', fileCode: `HS-${d}` });
    clock = vnTime(day, '09:10');
    await act(counter, 'ticket:callNext', { counterId: 'q3' });
    clock = vnTime(day, '09:12');
    await act(counter, 'ticket:noShow', { counterId: 'q3' });
  }
  const before = await reports(files);
  // Not an empty report: 4 + 5 + 6 tickets, one served and one not showing up each day.
  const total = (before.summary as { summary: { total: { issued: number; served: number } } }).summary.total;
  expect([total.issued, total.served]).toEqual([15, 3]);
  await files.stop();
  servers.length = 0;

  const result = await migrateToPostgres(dir, db.url, { slug: 'phuong-ben-thanh' });
  expect(result.days.map((d) => [d.day, d.tickets])).toEqual(DAYS.map((day, d) => [day, 4 + d]));
  expect(result.skipped).toBe(0);
  expect(result.accounts.imported).toContain('admin');

  const onDb = await start(db.url);
  const after = await reports(onDb);
  expect(after.summary).toEqual(before.summary);
  expect(after.csv).toBe(before.csv);
  // Numbering goes on from the imported day.
  const k = await onDb.connect('/kiosk');
  const next = await issueOn(k, 'tu-phap');
  expect(next.ticket.number).toBe('1004');
  await onDb.stop();
  servers.length = 0;

  await expect(migrateToPostgres(dir, db.url, { slug: 'phuong-ben-thanh' })).rejects.toThrow(/already/);
  const again = await start(db.url);
  expect((await reports(again)).csv.split('\r\n').length).toBe(after.csv.split('\r\n').length + 1);
}, 120_000);

it('--update sends a centre’s newer days again and again: only events above the table’s, the same reports; refused once the office was used on the database', async () => {
  clock = vnTime(DAYS[0]!, '08:00');
  const files = await start();
  const kiosk = await files.connect('/kiosk');
  for (let i = 0; i < 3; i++) await issueOn(kiosk, 'tu-phap');
  await files.stop();
  servers.length = 0;
  await expect(migrateToPostgres(dir, db.url, { slug: 'xa-mot', update: true })).rejects.toThrow(/import it once/);
  const first = (await migrateToPostgres(dir, db.url, { slug: 'xa-mot' })).imported;
  expect(first).toBeGreaterThan(3);

  // The centre works on on its own PC: two more days.
  const again = await start();
  const k2 = await again.connect('/kiosk');
  for (const day of DAYS.slice(1)) {
    clock = vnTime(day, '08:00');
    for (let i = 0; i < 2; i++) await issueOn(k2, 'ho-tich');
  }
  const onFiles = await reports(again);
  await again.stop();
  servers.length = 0;

  const update = await migrateToPostgres(dir, db.url, { slug: 'xa-mot', update: true });
  expect(update.days.map((d) => [d.day, d.tickets])).toEqual([[DAYS[0], 3], [DAYS[1], 2], [DAYS[2], 2]]);
  // Only what was new (day openings, tickets, yesterday's expiries), never the first import again.
  expect(update.imported).toBe(update.days.reduce((n, d) => n + d.events, 0) - first);
  expect(update.imported).toBeGreaterThanOrEqual(6);
  expect((await migrateToPostgres(dir, db.url, { slug: 'xa-mot', update: true })).imported).toBe(0);

  const onDb = await start(db.url);
  expect(await reports(onDb)).toEqual(onFiles);
  // Used live on the province server: the histories part, and an update would mix them.
  await issueOn(await onDb.connect('/kiosk'), 'tu-phap');
  await onDb.stop();
  servers.length = 0;
  await expect(migrateToPostgres(dir, db.url, { slug: 'xa-mot', update: true })).rejects.toThrow(/used on the province server/);
}, 120_000);
