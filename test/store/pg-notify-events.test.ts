// Events carried in the commit's notification (issue 10): another process applies and tells them
// without reading the table, strictly in rev order; a notification it missed leaves a gap that
// a read of the table fills; a payload too long for NOTIFY falls back to "office rev".
import pg from 'pg';
import { expect, it } from 'vitest';
import type { JournalEvent } from '../../server/queue/events.js';
import { notification } from '../../server/store/pg/journal.js';
import { pgProcesses, type PgProcess } from '../support/pg-process.js';

const procs = pgProcesses();

interface Proc extends PgProcess {
  /** Reads of the event table outside a turn of the lock (the pool's own queries). */
  tableReads: () => number;
}

async function startProcess(): Promise<Proc> {
  let reads = 0;
  const p = await procs.start({
    beforeOffice: (store) => {
      const query = store.pool.query.bind(store.pool) as (...args: unknown[]) => unknown;
      (store.pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (typeof args[0] === 'string' && /FROM ticket_events WHERE office_id = \$1 AND rev > \$2/.test(args[0])) reads++;
        return query(...args);
      };
    },
  });
  return { ...p, tableReads: () => reads };
}

function issuedNumbers(events: JournalEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'ticket:issued' ? [e.ticket.number] : []));
}

function expectInOrderOnce(events: JournalEvent[]): void {
  const revs = events.map((e) => e.rev);
  expect(revs).toEqual([...revs].sort((x, y) => x - y));
  expect(new Set(revs).size).toBe(revs.length);
}

it('another process applies and tells the events of a notification without reading the table', async () => {
  const a = await startProcess();
  const b = await startProcess();
  const service = a.office.config.services[0]!.id;
  const before = b.tableReads();
  const numbers: string[] = [];
  for (let i = 0; i < 5; i++) {
    numbers.push((await a.office.issue({ serviceId: service })).ticket.number);
    await expect.poll(() => b.office.engine.rev).toBe(a.office.engine.rev);
  }
  await expect.poll(() => issuedNumbers(b.heard)).toEqual(numbers);
  expectInOrderOnce(b.heard);
  expect(b.tableReads() - before).toBe(0);
  expect(b.office.engine.snapshot()).toEqual(a.office.engine.snapshot());
});

it('a notification missed leaves a gap that a read of the table fills, in rev order and once', async () => {
  const a = await startProcess();
  const b = await startProcess();
  const service = a.office.config.services[0]!.id;
  // B's listener loses the next notification (as when its connection drops a moment).
  const journal = b.officeStore.journal;
  const notified = journal.notified.bind(journal);
  let drop = 1;
  journal.notified = (rev: number, bodies?: string) => {
    if (bodies !== undefined && drop > 0) {
      drop--;
      return;
    }
    notified(rev, bodies);
  };
  const first = b.heard.length;
  const before = b.tableReads();
  const one = (await a.office.issue({ serviceId: service })).ticket.number;
  await expect.poll(() => drop).toBe(0);
  const two = (await a.office.issue({ serviceId: service })).ticket.number;
  await expect.poll(() => b.office.engine.rev).toBe(a.office.engine.rev);
  await expect.poll(() => issuedNumbers(b.heard.slice(first))).toEqual([one, two]);
  expectInOrderOnce(b.heard);
  expect(b.tableReads() - before).toBeGreaterThan(0);
  expect(b.office.engine.snapshot()).toEqual(a.office.engine.snapshot());
});

it('events that would not fit in a NOTIFY payload are announced by office and rev only', async () => {
  const c = new pg.Client({ connectionString: procs.db().url });
  await c.connect();
  try {
    const head = 'van-phong-1 42';
    // Vietnamese letters take two or three bytes: the limit is counted in bytes, not characters.
    const fits = `${'ệ'.repeat(2661)}a`;
    expect(Buffer.byteLength(`${head}\n${fits}`)).toBe(7999);
    expect(notification('van-phong-1', 42, [fits])).toBe(`${head}\n${fits}`);
    await c.query("SELECT pg_notify('luot_test', $1)", [notification('van-phong-1', 42, [fits])]);
    const over = `${fits}a`;
    expect(notification('van-phong-1', 42, [over])).toBe(head);
    // The limit is PostgreSQL's: one byte more is refused.
    await expect(c.query("SELECT pg_notify('luot_test', $1)", [`${head}\n${fits}a`])).rejects.toThrow(/payload string too long/);
  } finally {
    await c.end();
  }
});

it('a configuration change whose configuration cannot be read yet is applied at the next catch-up, not lost and not crashing', async () => {
  const a = await startProcess();
  const b = await startProcess();
  const id = a.office.config.services[0]!.id;
  // B cannot read the new configuration for a moment (its line to the database dropping).
  const config = b.officeStore.config;
  const refresh = config.refresh.bind(config);
  let cut = true;
  let tried = 0;
  config.refresh = () => {
    if (!cut) return refresh();
    tried++;
    return Promise.reject(new Error('database: connection terminated'));
  };
  const before = b.office.engine.rev;
  await a.office.updateConfig((draft) => {
    draft.services[0]!.name = { vi: 'Đất đai – Cấp giấy', en: 'Land – Certificates' };
  });
  await expect.poll(() => tried).toBeGreaterThanOrEqual(2);
  await new Promise((r) => setTimeout(r, 200));
  expect(b.office.engine.rev).toBe(before);
  cut = false;
  await b.office.tick();
  await expect.poll(() => b.heard.filter((e) => e.type === 'config:changed').length).toBe(1);
  expect(b.office.service(id)?.name.vi).toBe('Đất đai – Cấp giấy');
  expect(b.office.engine.rev).toBe(a.office.engine.rev);
});
