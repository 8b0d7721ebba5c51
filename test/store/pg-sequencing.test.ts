// Two processes' offices over one database (two deployments, two pools, two LISTEN connections
// in this test process): commands racing on both are ordered by the office's lock, each side
// hears the other's events once and in rev order, and a restart rebuilds the same state.
import pg from 'pg';
import { expect, it } from 'vitest';
import { OFFICE_LOCK_CLASS } from '../../server/store/pg/journal.js';
import { lockKey } from '../../server/store/pg/pool.js';
import { pgProcesses } from '../support/pg-process.js';
import { StallingProxy } from '../support/tcp-proxy.js';

const procs = pgProcesses();
const startProcess = (url?: string, queryTimeoutMs?: number) => procs.start({ url, queryTimeoutMs });

const actor = { userId: 'u1', role: 'staff' as const };

it('tickets issued on two processes at once get distinct numbers, and both hear every event once, in order', async () => {
  const a = await startProcess();
  const b = await startProcess();
  const service = a.office.config.services[0]!.id;
  const issued = await Promise.all(
    Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).office.issue({ serviceId: service })),
  );
  const numbers = issued.map((r) => r.ticket.number);
  expect(new Set(numbers).size).toBe(60);
  await a.office.tick();
  await b.office.tick();
  await expect.poll(() => a.heard.filter((e) => e.type === 'ticket:issued').length).toBe(60);
  await expect.poll(() => b.heard.filter((e) => e.type === 'ticket:issued').length).toBe(60);
  for (const p of [a, b]) {
    const revs = p.heard.map((e) => e.rev);
    expect(revs).toEqual([...revs].sort((x, y) => x - y));
    expect(new Set(revs).size).toBe(revs.length);
  }
  expect(a.office.engine.rev).toBe(b.office.engine.rev);
  expect(a.office.engine.snapshot()).toEqual(b.office.engine.snapshot());
});

it('counters on two processes racing callNext never call one ticket twice nor skip one', async () => {
  const a = await startProcess();
  const b = await startProcess();
  const counters = a.office.config.counters.slice(0, 4);
  const service = counters[0]!.serviceIds[0]!;
  for (const [i, c] of counters.entries()) await (i % 2 ? a : b).office.openCounter(c.id, { id: `u${i}`, name: `Cán bộ ${i}` }, true);
  const total = 40;
  for (let i = 0; i < total; i++) await a.office.issue({ serviceId: service });
  const called: string[] = [];
  await Promise.all(
    counters.map(async (c, i) => {
      const p = i % 2 ? a : b;
      for (;;) {
        const t = await p.office.callNext(c.id, actor).catch(() => null);
        if (!t) break;
        called.push(t.number);
        await p.office.complete(c.id, null);
      }
    }),
  );
  expect(called.length).toBe(total);
  expect(new Set(called).size).toBe(total);
});

it('commands that arrive while another process holds the office lock share one transaction once it is granted', async () => {
  const a = await startProcess();
  const service = a.office.config.services[0]!.id;
  const officeId = a.store.deployment.data.offices[0]!.id;
  const before = a.office.engine.rev;
  // Another process in the middle of its turn: the office's lock, held from outside.
  const other = new pg.Client({ connectionString: procs.db().url });
  await other.connect();
  try {
    await other.query('SELECT pg_advisory_lock($1::int, $2::int)', [OFFICE_LOCK_CLASS, lockKey(officeId)]);
    const first = a.office.issue({ serviceId: service });
    // The first command has asked for the lock and waits for it; the others come after.
    const waiting = async () =>
      (await other.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
         WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`,
      )).rows[0].n;
    await expect.poll(waiting).toBe(1);
    const rest = Array.from({ length: 9 }, () => a.office.issue({ serviceId: service }));
    await other.query('SELECT pg_advisory_unlock($1::int, $2::int)', [OFFICE_LOCK_CLASS, lockKey(officeId)]);
    const numbers = (await Promise.all([first, ...rest])).map((r) => r.ticket.number);
    expect(new Set(numbers).size).toBe(10);
    // One transaction wrote them all (one xmin): a batch formed when the lock was asked for
    // would have left the nine for a second turn.
    const r = await other.query(
      'SELECT count(*)::int AS rows, count(DISTINCT xmin::text)::int AS transactions FROM ticket_events WHERE rev > $1',
      [before],
    );
    expect(r.rows[0]).toEqual({ rows: 10, transactions: 1 });
  } finally {
    await other.end();
  }
});

it('a new process (a restart) rebuilds the same state from the table', async () => {
  const a = await startProcess();
  const service = a.office.config.services[0]!.id;
  for (let i = 0; i < 10; i++) await a.office.issue({ serviceId: service });
  const c = await startProcess();
  expect(c.office.engine.rev).toBe(a.office.engine.rev);
  expect(c.office.engine.snapshot()).toEqual(a.office.engine.snapshot());
  const next = await c.office.issue({ serviceId: service });
  expect(next.ticket.number).not.toBe((await a.office.issue({ serviceId: service })).ticket.number);
});

it('an idle process whose line to the database dropped follows the others again once it is back', async () => {
  const proxy = await StallingProxy.start(5432);
  try {
    const url = new URL(procs.db().url);
    url.port = String(proxy.port);
    const a = await startProcess();
    const b = await startProcess(url.toString(), 1000);
    const service = a.office.config.services[0]!.id;
    proxy.stall();
    const issued: string[] = [];
    for (let i = 0; i < 3; i++) issued.push((await a.office.issue({ serviceId: service })).ticket.id);
    // b's notification is lost and its reads fail while the line is down: nothing it can do.
    await b.office.tick();
    await new Promise((r) => setTimeout(r, 1500));
    proxy.drop();
    await expect
      .poll(async () => {
        await b.office.tick();
        return issued.every((id) => b.office.engine.ticketById(id));
      }, { timeout: 10_000, interval: 250 })
      .toBe(true);
    expect(b.office.engine.snapshot()).toEqual(a.office.engine.snapshot());
  } finally {
    await proxy.close();
  }
}, 40_000);

it('a configuration change on one process reaches the other: its config, its engine, and its listeners', async () => {
  const a = await startProcess();
  const b = await startProcess();
  const id = a.office.config.services[0]!.id;
  await a.office.updateConfig((draft) => {
    draft.services[0]!.name = { vi: 'Hộ tịch – Khai sinh', en: 'Civil registration – Births' };
  });
  await expect.poll(() => b.heard.some((e) => e.type === 'config:changed'), { timeout: 5000 }).toBe(true);
  expect(b.office.service(id)?.name.vi).toBe('Hộ tịch – Khai sinh');
  expect(b.office.engine.snapshot().services.find((s) => s.id === id)?.name.vi).toBe('Hộ tịch – Khai sinh');
});
