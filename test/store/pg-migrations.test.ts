// Schema migrations: versioned, each once, in order; a database left at the first version
// upgrades with its rows intact; processes starting at once migrate once.
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../server/store/pg/migrations.js';
import { createPool } from '../../server/store/pg/pool.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';

let db: TestDatabase;
const pools: pg.Pool[] = [];
const pool = () => {
  const p = createPool(db.url);
  pools.push(p);
  return p;
};

beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  for (const p of pools.splice(0)) await p.end();
  await db.drop();
});

it('upgrades a database of the first version, keeping its events, to the latest', async () => {
  const p = pool();
  expect(await migrate(p, 1)).toEqual([1]);
  expect(await schemaVersion(p)).toBe(1);
  const body = { type: 'day:opened', serviceDay: '2026-11-27', rev: 1, at: '2026-11-27T07:00:00+07:00' };
  await p.query(`INSERT INTO ticket_events (office_id, rev, day, type, body) VALUES ('o1', 1, '2026-11-27', 'day:opened', $1)`, [JSON.stringify(body)]);
  // Version 1 did not protect the rows yet.
  await p.query(`UPDATE ticket_events SET type = type WHERE office_id = 'o1'`);

  const applied = await migrate(p);
  expect(applied).toEqual(MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
  expect(await schemaVersion(p)).toBe(LATEST_VERSION);
  const rows = (await p.query('SELECT rev, body, committed_at FROM ticket_events')).rows;
  expect(rows).toHaveLength(1);
  expect(rows[0].body).toEqual(body);
  expect(rows[0].committed_at).toBeInstanceOf(Date);
  // Version 2: the journal is append-only.
  await expect(p.query(`UPDATE ticket_events SET day = '2026-11-28'`)).rejects.toThrow(/append-only/);
  await expect(p.query('DELETE FROM ticket_events')).rejects.toThrow(/append-only/);
  expect(await migrate(p)).toEqual([]);
});

it('five processes starting at once on an empty database migrate it once', async () => {
  const results = await Promise.all(Array.from({ length: 5 }, () => migrate(pool())));
  expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
  const p = pool();
  const versions = (await p.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
  expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
});

it('refuses a database migrated by a newer program', async () => {
  const p = pool();
  await migrate(p);
  await p.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')`, [LATEST_VERSION + 1]);
  await expect(migrate(p)).rejects.toThrow(/newer than this program/);
});
