// Several server processes over one PostgreSQL database (issue 11), each figure beside the same
// run's one-process baseline on the same database kind:
// - fan-out: a counter calls; the time from its `ticket:callNext` leaving this process to each
//   wall display's `called` (displays spread evenly over the processes, the counter on the
//   second one) — with 3 processes every call crosses the database (a NOTIFY carrying the
//   events, or a read of the table when they do not fit) for two thirds of the displays;
// - durable issuing: 20 kiosks (spread evenly) issue as fast as their acks return, each ack after
//   its ticket is on disk (the COMMIT, then a transaction that waits for the disk with
//   synchronous_commit on: server/store/pg/journal.ts): tickets per second.
// The one-process runs use the same PostgreSQL store; the embedded store (files) is printed
// beside them for reference.
import type { Socket } from 'socket.io-client';
import { BATCHED_FEED, FEED_QUERY } from '../shared/events.js';
import type { CalledEvent, IssueResult } from '../shared/types.js';
import { createTestDatabase } from '../test/support/pg.js';
import {
  connect, connectMany, flags, loadNote, login, main, now, percentile, printResult, removeTempDir, request, round, sleep, startChild, table,
  tempDir, type ChildServer, type ResultRow,
} from './support.js';

const { quick } = flags();
const DISPLAYS = quick ? 60 : 300;
const CALLS = quick ? 10 : 40;
const KIOSKS = 20;
const ISSUE_MS = quick ? 3_000 : 10_000;
const SERVICES = ['tu-phap', 'ho-tich', 'dat-dai', 'dkkd', 'ldtbxh'];
const feed = (nsp: string) => `${nsp}?${FEED_QUERY}=${BATCHED_FEED}`;

interface Setup {
  servers: ChildServer[];
  stop(): Promise<void>;
}

/** `n` bench servers on one fresh database (PostgreSQL), or one on a data folder (`files`). */
async function setup(n: number, store: 'pg' | 'files'): Promise<Setup> {
  const db = store === 'pg' ? await createTestDatabase() : null;
  const dirs: string[] = [];
  const servers: ChildServer[] = [];
  // startChild passes this process's environment on: the database for these children only.
  const before = process.env.LUOT_DATABASE_URL;
  try {
    if (db) process.env.LUOT_DATABASE_URL = db.url;
    for (let i = 0; i < n; i++) {
      const dir = tempDir('luot-bench-cluster-');
      dirs.push(dir);
      // The first migrates and seeds; the others open the database as it is.
      servers.push(await startChild({ mode: 'luot', dataDir: dir, kioskPerSec: 1_000_000 }));
    }
  } finally {
    if (before === undefined) delete process.env.LUOT_DATABASE_URL;
    else process.env.LUOT_DATABASE_URL = before;
  }
  return {
    servers,
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
      for (const d of dirs) removeTempDir(d);
      await db?.drop();
    },
  };
}

/** ms from each callNext's send to each display's `called`, for CALLS calls. */
async function fanout(s: Setup): Promise<number[]> {
  const { servers } = s;
  const displays = await connectMany(DISPLAYS, (i) => connect(servers[i % servers.length]!.url, feed('/display')));
  const kiosk = await connect(servers[0]!.url, feed('/kiosk'));
  const staffAt = servers[Math.min(1, servers.length - 1)]!.url;
  const counter = await connect(staffAt, feed('/counter'), { token: await login(staffAt) });
  await request(counter, 'counter:open', { counterId: 'q3' });
  const waits: number[] = [];
  try {
    for (let c = 0; c < CALLS + 3; c++) {
      await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap' });
      const arrived: number[] = [];
      const all = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`call ${c}: ${arrived.length} of ${DISPLAYS} displays in 15 s`)), 15_000);
        for (const d of displays) {
          d.once('called', (_x: CalledEvent) => {
            arrived.push(now());
            if (arrived.length === DISPLAYS) {
              clearTimeout(timer);
              resolve();
            }
          });
        }
      });
      const t0 = now();
      await request(counter, 'ticket:callNext', { counterId: 'q3' });
      await all;
      // The first three are warm-up.
      if (c >= 3) for (const t of arrived) waits.push(t - t0);
      await request(counter, 'ticket:complete', { counterId: 'q3' });
      await sleep(20);
    }
  } finally {
    for (const d of [...displays, kiosk, counter]) d.close();
  }
  return waits;
}

/** Tickets per second acknowledged by KIOSKS kiosks over ISSUE_MS. */
async function issuing(s: Setup): Promise<number> {
  const kiosks: Socket[] = await connectMany(KIOSKS, (i) => connect(s.servers[i % s.servers.length]!.url, feed('/kiosk')));
  let acks = 0;
  let running = true;
  const t0 = now();
  await Promise.all(
    kiosks.map(async (k, i) => {
      let n = i;
      while (running) {
        await request<IssueResult>(k, 'ticket:issue', { serviceId: SERVICES[n++ % SERVICES.length] });
        acks++;
        if (now() - t0 > ISSUE_MS) running = false;
      }
    }),
  );
  const ms = now() - t0;
  for (const k of kiosks) k.close();
  return acks / (ms / 1000);
}

main(async () => {
  const load0 = loadNote();
  const results: Record<string, { fan: number[]; rate: number }> = {};
  // One after another (they would skew each other side by side); the one-process runs first and last
  // would cost another three starts: the machine's drift is in the load note instead.
  for (const [name, n, store] of [['files-1', 1, 'files'], ['pg-1', 1, 'pg'], ['pg-3', 3, 'pg']] as const) {
    const s = await setup(n, store);
    try {
      const fan = await fanout(s);
      const rate = await issuing(s);
      results[name] = { fan, rate };
    } finally {
      await s.stop();
    }
  }
  const p = (name: string, q: number) => percentile(results[name]!.fan, q);
  const rows: ResultRow[] = [];
  for (const q of [50, 99]) {
    rows.push({
      id: `cluster-fanout-p${q}`,
      metric: `Fan-out p${q}: callNext sent → ${DISPLAYS} displays' \`called\`, 3 processes`,
      value: round(p('pg-3', q)),
      unit: 'ms',
      baseline: round(p('pg-1', q)),
      baselineLabel: '1 process, same database kind',
      ratio: round(p('pg-3', q) / p('pg-1', q)),
      note: `embedded store, 1 process: ${round(p('files-1', q))} ms`,
    });
  }
  rows.push({
    id: 'cluster-issue',
    metric: `Durable issuing, ${KIOSKS} kiosks spread over 3 processes`,
    value: round(results['pg-3']!.rate, 0),
    unit: 'tickets/s',
    baseline: round(results['pg-1']!.rate, 0),
    baselineLabel: '1 process, same database',
    ratio: round(results['pg-3']!.rate / results['pg-1']!.rate),
    note: `embedded store (fsync'd journal), 1 process: ${round(results['files-1']!.rate, 0)} tickets/s`,
  });
  console.log(
    table(
      ['run', 'fan-out p50 ms', 'fan-out p99 ms', 'issuing tickets/s'],
      Object.entries(results).map(([k, r]) => [k, round(percentile(r.fan, 50)), round(percentile(r.fan, 99)), round(r.rate, 0)]),
    ),
  );
  console.log(`${load0} at the start, ${loadNote()} at the end`);
  printResult('cluster', rows);
});
