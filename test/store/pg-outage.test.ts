// The database cut away (a loopback proxy between the office and PostgreSQL stalls, then drops
// every connection; the machine's PostgreSQL is never touched): commands fail with
// internal/database_unavailable, nothing acknowledged is missing from the table, and the office
// recovers by itself once the database answers, numbering going on.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pino } from 'pino';
import { LuotError } from '../../shared/errors.js';
import { seedConfig } from '../../server/demo.js';
import { Office } from '../../server/office.js';
import { openPgDeployment, type PgDeploymentStore } from '../../server/store/pg/deployment.js';
import { tokenSource } from '../../server/tokens.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';
import { RecordingPrinter } from '../support/server.js';
import net from 'node:net';
import { StallingProxy } from '../support/tcp-proxy.js';

let db: TestDatabase;
let proxy: StallingProxy;
let store: PgDeploymentStore | null = null;
let office: Office | null = null;

beforeEach(async () => {
  db = await createTestDatabase();
  proxy = await StallingProxy.start(5432);
});
afterEach(async () => {
  await office?.close();
  await store?.close();
  office = null;
  store = null;
  await proxy.close();
  await db.drop();
});

it('a stalled then dropped database refuses changes clearly, loses nothing acknowledged, and recovers by itself', async () => {
  const url = new URL(db.url);
  url.port = String(proxy.port);
  ({ store } = await openPgDeployment(url.toString(), async () => (await seedConfig({ demo: true, adminPassword: 'mat-khau-quan-tri' })).config, { queryTimeoutMs: 800 }));
  office = await Office.open({
    store: await store.openOffice(store.deployment.data.offices[0]!.id),
    printer: new RecordingPrinter(),
    now: () => new Date(),
    newId: () => randomUUID(),
    newToken: tokenSource(),
    baseUrl: 'http://127.0.0.1',
    log: pino({ level: 'silent' }),
    diskRetryMs: 200,
  });
  const o = office;
  const service = o.config.services[0]!.id;
  const acked: string[] = [];
  const refusals: unknown[] = [];
  const issue = () =>
    o.issue({ serviceId: service }).then(
      (r) => void acked.push(r.ticket.id),
      (e: unknown) => void refusals.push(e),
    );
  for (let i = 0; i < 5; i++) await issue();
  expect(acked).toHaveLength(5);

  proxy.stall();
  // Kiosks keep tapping through the outage.
  const during: Promise<void>[] = [];
  const tapper = setInterval(() => during.push(issue()), 100);
  await new Promise((r) => setTimeout(r, 2500));
  expect(o.disk.status.status).toBe('failing');
  proxy.drop();
  proxy.stall();
  await new Promise((r) => setTimeout(r, 1000));
  clearInterval(tapper);
  await Promise.all(during);
  expect(refusals.length).toBeGreaterThan(0);
  for (const e of refusals) {
    expect(e).toBeInstanceOf(LuotError);
    expect((e as LuotError).code).toBe('internal');
    expect((e as LuotError).extra.reason).toBe('database_unavailable');
  }

  proxy.drop(); // and forwards again
  await expect.poll(() => o.disk.status.status, { timeout: 10_000, interval: 100 }).toBe('ok');
  const before = acked.length;
  await issue();
  expect(acked).toHaveLength(before + 1);

  // Every acknowledged ticket is in the table, once; no number given twice.
  const direct = new pg.Client({ connectionString: db.url });
  await direct.connect();
  try {
    const rows = (await direct.query<{ id: string; number: string }>(
      "SELECT body->'ticket'->>'id' AS id, body->'ticket'->>'number' AS number FROM ticket_events WHERE type = 'ticket:issued'",
    )).rows;
    const ids = new Set(rows.map((r) => r.id));
    for (const id of acked) expect(ids.has(id)).toBe(true);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
  } finally {
    await direct.end();
  }
}, 30_000);

/**
 * A proxy that cuts the line exactly at an append: the chunk carrying the INSERT is held back
 * (`before`: it never reaches the server) or forwarded with every answer then held (`after`:
 * committed, but the office never hears so). Then connections are held until `release()`.
 * Armed once by `arm()`.
 */
async function appendCutter(mode: 'before' | 'after') {
  let cut = false;
  let armed = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(5432, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (cut) return;
      if (armed && chunk.includes('INSERT INTO ticket_events')) {
        armed = false;
        cut = true;
        if (mode === 'after') upstream.write(chunk);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!cut) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    get cut() {
      return cut;
    },
    /** The next append is cut (once). */
    arm() {
      armed = true;
    },
    /** Resets every connection and forwards again. */
    release() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      cut = false;
    },
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

it.each(['before', 'after'] as const)('a line cut %s an append reaches the server: the command is refused, and what the table holds is the truth', async (mode) => {
  const cutter = await appendCutter(mode);
  try {
    const url = new URL(db.url);
    url.port = String(cutter.port);
    ({ store } = await openPgDeployment(url.toString(), async () => (await seedConfig({ demo: true, adminPassword: 'mat-khau-quan-tri' })).config, { queryTimeoutMs: 800 }));
    office = await Office.open({
      store: await store.openOffice(store.deployment.data.offices[0]!.id),
      printer: new RecordingPrinter(),
      now: () => new Date(),
      newId: () => randomUUID(),
      newToken: tokenSource(),
      baseUrl: 'http://127.0.0.1',
      log: pino({ level: 'silent' }),
      diskRetryMs: 200,
    });
    const o = office;
    const service = o.config.services[0]!.id;
    await o.issue({ serviceId: service });
    cutter.arm();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => o.issue({ serviceId: service })));
    expect(cutter.cut).toBe(true);
    const acked = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.ticket] : []));
    for (const r of results) if (r.status === 'rejected') expect((r.reason as LuotError).extra.reason).toBe('database_unavailable');
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
    cutter.release();
    await expect.poll(() => o.disk.status.status, { timeout: 10_000, interval: 100 }).toBe('ok');
    const next = await o.issue({ serviceId: service });

    const direct = new pg.Client({ connectionString: db.url });
    await direct.connect();
    try {
      const rows = (await direct.query<{ id: string; number: string }>(
        "SELECT body->'ticket'->>'id' AS id, body->'ticket'->>'number' AS number FROM ticket_events WHERE type = 'ticket:issued' ORDER BY rev",
      )).rows;
      const ids = new Set(rows.map((r) => r.id));
      for (const t of acked) expect(ids.has(t.id)).toBe(true);
      expect(ids.has(next.ticket.id)).toBe(true);
      expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
      // The rebuilt office holds exactly what the table holds.
      expect([...o.engine.tickets()].map((t) => t.id).sort()).toEqual([...ids].sort());
    } finally {
      await direct.end();
    }
  } finally {
    await cutter.close();
  }
}, 30_000);

it('a process cut off while it holds the office lock does not stop the other processes for long', async () => {
  const cutter = await appendCutter('before');
  const others: PgDeploymentStore[] = [];
  try {
    const seed = async () => (await seedConfig({ demo: true, adminPassword: 'mat-khau-quan-tri' })).config;
    const open = async (url: string) => {
      const { store: s } = await openPgDeployment(url, seed, { queryTimeoutMs: 8000 });
      others.push(s);
      return Office.open({
        store: await s.openOffice(s.deployment.data.offices[0]!.id),
        printer: new RecordingPrinter(),
        now: () => new Date(),
        newId: () => randomUUID(),
        newToken: tokenSource(),
        baseUrl: 'http://127.0.0.1',
        log: pino({ level: 'silent' }),
        diskRetryMs: 200,
      });
    };
    const direct = await open(db.url);
    const url = new URL(db.url);
    url.port = String(cutter.port);
    const cut = await open(url.toString());
    const service = direct.config.services[0]!.id;
    await cut.issue({ serviceId: service });
    cutter.arm();
    // Its BEGIN and lock reach the server, its INSERT never does: the lock stays taken.
    const stuck = cut.issue({ serviceId: service }).catch((e: unknown) => e);
    await expect.poll(() => cutter.cut, { timeout: 5000 }).toBe(true);
    // Waits for the lock until the server ends the cut-off session (idle in transaction for
    // 5 s): within its own 8 s limit, or it would be refused.
    const other = await direct.issue({ serviceId: service });
    expect(other.ticket.number).toBeTruthy();
    cutter.release();
    expect(await stuck).toBeInstanceOf(LuotError);
    await cut.close();
    await direct.close();
  } finally {
    for (const s of others) await s.close();
    await cutter.close();
  }
}, 30_000);
