// A province in one PostgreSQL database (issue 11): 100 offices × a synthetic year each, against
// a one-office database holding the same office's history, in the same run.
//
// "A synthetic year" is the history generator's (history.ts) scaled to a commune centre: about
// 250 working days × 40 tickets a day ≈ 10,000 tickets per office, so 100 offices hold ≈ 1,000,000
// tickets (≈ 6 M events). Each office's history is generated with its own seed; the measured
// office (the first) has the same seed in both databases. The histories go into the tables
// through the store's own import (scripts/migrate.ts: the office's configuration row and
// multi-row INSERTs into ticket_events, verified day by day), then VACUUM ANALYZE, as autovacuum
// would leave a table that old.
//
// Figures, each beside the same run's one-office database (one server process per database, both
// up at once, measured in alternating blocks so the machine's drift hits both alike):
//   issue latency   one kiosk of the measured office issues one ticket at a time (p50, p95);
//   report time     GET /api/o/<slug>/reports/summary over the office's whole year, once its
//                   past days' aggregates are in memory (medians); the first request is printed;
//   province report GET /api/province/report over every office and the whole year (no baseline:
//                   goal ≤ 2 s), after one request has folded every day; the first is printed.
// `--quick`: 10 offices and fewer samples (under a minute).
import type { Socket } from 'socket.io-client';
import type { Result } from '../shared/errors.js';
import { migrateToPostgres } from '../scripts/migrate.js';
import { createTestDatabase, type TestDatabase } from '../test/support/pg.js';
import pg from 'pg';
import { generateHistory } from './history.js';
import {
  connect, flags, loadNote, login, main, now, percentile, printResult, removeTempDir, request, round, sleep, startChild, table, tempDir,
  type ChildServer, type ResultRow,
} from './support.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const { quick } = flags();
const OFFICES = quick ? 10 : 100;
const DAYS = 250;
const PER_DAY = 40;
/** Issue latency: alternating blocks of this many issues per server. */
const BLOCK = 25;
const BLOCKS = quick ? 4 : 16;
const REPORT_ROUNDS = quick ? 6 : 15;
const PROVINCE_ROUNDS = quick ? 3 : 7;
const SLUG = (i: number) => `xa-${String(i + 1).padStart(3, '0')}`;
const MEASURED = SLUG(0);
/** Offices generated and imported at once while loading. */
const LOADERS = 3;

interface Side {
  name: string;
  db: TestDatabase;
  dir: string;
  server: ChildServer | null;
  token: string;
}

async function vacuum(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('VACUUM ANALYZE ticket_events');
  } finally {
    await c.end();
  }
}

/** Generates office i's year into `folder` (its journal replaced) and imports it into each url. */
async function loadOffice(folder: string, i: number, urls: string[]): Promise<{ tickets: number; events: number; firstDay: string; lastDay: string }> {
  rmSync(join(folder, 'journal'), { recursive: true, force: true });
  const gen = await generateHistory({ dataDir: folder, days: DAYS, ticketsPerDay: PER_DAY, seed: 1_000 + i });
  for (const url of urls) await migrateToPostgres(folder, url, { slug: SLUG(i) });
  return gen;
}

async function startOn(side: Side): Promise<void> {
  const before = process.env.LUOT_DATABASE_URL;
  process.env.LUOT_DATABASE_URL = side.db.url;
  try {
    side.server = await startChild({ mode: 'luot', dataDir: side.dir, kioskPerSec: 1_000_000 });
  } finally {
    if (before === undefined) delete process.env.LUOT_DATABASE_URL;
    else process.env.LUOT_DATABASE_URL = before;
  }
  side.token = await login(side.server.url);
}

async function getJson<T>(url: string, token: string, timeoutMs = 60_000): Promise<{ ms: number; body: T }> {
  const t0 = now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.json()) as Result<T>;
  const ms = now() - t0;
  if (!body.ok) throw new Error(`${url}: ${body.error.code} ${body.error.messageEn}`);
  return { ms, body: body as T };
}

const summaryUrl = (s: Side, from: string, to: string) => `${s.server!.url}/api/o/${MEASURED}/reports/summary?from=${from}&to=${to}`;
const provinceUrl = (s: Side, from: string, to: string) => `${s.server!.url}/api/province/report?from=${from}&to=${to}`;

main(async () => {
  const benchStart = now();
  const load0 = loadNote();
  console.log(`province: ${OFFICES} offices × ${DAYS} days × ${PER_DAY} tickets in one database, against one office; ${load0}`);
  const sides: Side[] = [];
  const folders = Array.from({ length: LOADERS }, () => tempDir('luot-bench-province-'));
  try {
    for (const name of ['one office', `${OFFICES} offices`]) {
      sides.push({ name, db: await createTestDatabase(), dir: tempDir('luot-bench-province-srv-'), server: null, token: '' });
    }
    const [one, many] = sides as [Side, Side];
    const t0 = now();
    let tickets = 0;
    let events = 0;
    let span = { firstDay: '', lastDay: '' };
    const add = (g: Awaited<ReturnType<typeof loadOffice>>) => {
      tickets += g.tickets;
      events += g.events;
      span = { firstDay: g.firstDay, lastDay: g.lastDay };
    };
    // The measured office first and alone: it seeds each empty database (its accounts, the
    // default office). Then LOADERS at a time, each in its own folder: generating and reading
    // the files here overlaps PostgreSQL's inserts in its own processes.
    add(await loadOffice(folders[0]!, 0, [one.db.url, many.db.url]));
    let next = 1;
    let loaded = 1;
    await Promise.all(
      folders.map(async (folder) => {
        while (next < OFFICES) {
          add(await loadOffice(folder, next++, [many.db.url]));
          if (++loaded % 10 === 0) console.log(`  ${loaded} offices loaded, ${round((now() - t0) / 1000, 1)} s`);
        }
      }),
    );
    await vacuum(one.db.url);
    await vacuum(many.db.url);
    const loadS = (now() - t0) / 1000;
    console.log(`loaded ${tickets} tickets (${events} events) of ${OFFICES} offices, ${span.firstDay} … ${span.lastDay}, in ${round(loadS, 1)} s (generate + import + VACUUM ANALYZE)`);

    for (const s of sides) await startOn(s);
    const { firstDay: from, lastDay: to } = span;

    // The first requests fold every past day from the table (the server's own background build
    // may be doing the same): printed, not held to a goal.
    const firstSummary = await Promise.all(sides.map((s) => getJson<{ summary: { total: { issued: number } } }>(summaryUrl(s, from, to), s.token, 300_000)));
    if (firstSummary[0]!.body.summary.total.issued !== firstSummary[1]!.body.summary.total.issued) {
      throw new Error(`the same office counts ${firstSummary[0]!.body.summary.total.issued} tickets alone, ${firstSummary[1]!.body.summary.total.issued} among ${OFFICES}`);
    }
    // Every office's year folded from the table on the server's main thread: minutes for 100.
    const firstProvince = await getJson<{ offices: { issued: number }[] }>(provinceUrl(many, from, to), many.token, 600_000);
    const provinceTickets = firstProvince.body.offices.reduce((n, o) => n + o.issued, 0);
    if (firstProvince.body.offices.length !== OFFICES || provinceTickets !== tickets) {
      throw new Error(`province report: ${firstProvince.body.offices.length} offices, ${provinceTickets} tickets; loaded ${OFFICES}, ${tickets}`);
    }
    // Let the servers' own background builds (2 s after start, office after office) finish.
    await sleep(quick ? 2_000 : 5_000);

    const kiosks: Socket[] = await Promise.all(sides.map((s) => connect(s.server!.url, `/o/${MEASURED}/kiosk`)));
    const issue: number[][] = [[], []];
    const report: number[][] = [[], []];
    const province: number[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      // Alternating, and which side goes first alternates too.
      for (const k of b % 2 ? [1, 0] : [0, 1]) {
        for (let i = 0; i < BLOCK + (b === 0 ? 3 : 0); i++) {
          const t = now();
          await request(kiosks[k]!, 'ticket:issue', { serviceId: 'tu-phap' });
          // The first three of the first block warm the path up.
          if (b > 0 || i >= 3) issue[k]!.push(now() - t);
        }
      }
    }
    // The office's summaries first, the province reports after: a province report's garbage and
    // pool use right before would land on one side's summary only.
    for (let r = 0; r < REPORT_ROUNDS; r++) {
      for (const k of r % 2 ? [1, 0] : [0, 1]) report[k]!.push((await getJson(summaryUrl(sides[k]!, from, to), sides[k]!.token)).ms);
    }
    for (let r = 0; r < PROVINCE_ROUNDS; r++) province.push((await getJson(provinceUrl(many, from, to), many.token)).ms);
    for (const k of kiosks) k.close();

    const p = (xs: number[], q: number) => round(percentile(xs, q));
    console.log(
      '\n' +
        table(
          ['database', 'issue p50 ms', 'issue p95 ms', 'office year summary, median ms', 'first summary ms', 'province report, median ms', 'first province report ms'],
          sides.map((s, k) => [
            s.name, p(issue[k]!, 50), p(issue[k]!, 95), p(report[k]!, 50), round(firstSummary[k]!.ms),
            k === 1 ? p(province, 50) : '—', k === 1 ? round(firstProvince.ms) : '—',
          ]),
        ),
    );
    console.log(`${issue[0]!.length} issues per side in ${BLOCKS} alternating blocks; ${REPORT_ROUNDS} office summaries per side, ${PROVINCE_ROUNDS} province reports; ${load0} at the start, ${loadNote()} at the end; ${round((now() - benchStart) / 1000)} s in all`);

    const ratio = (a: number, b: number) => round(a / b);
    const rows: ResultRow[] = [
      ...[50, 95].map((q): ResultRow => ({
        id: `province-issue-p${q}`,
        metric: `Issue latency p${q}, one office among ${OFFICES} (≈ ${round(tickets / 1e6, 2)} M tickets in the database)`,
        value: p(issue[1]!, q),
        unit: 'ms',
        baseline: p(issue[0]!, q),
        baselineLabel: 'the same office alone in its database',
        ratio: ratio(percentile(issue[1]!, q), percentile(issue[0]!, q)),
      })),
      {
        id: 'province-office-report',
        metric: `Office summary over its year (${DAYS} days), one office among ${OFFICES}, median`,
        value: p(report[1]!, 50),
        unit: 'ms',
        baseline: p(report[0]!, 50),
        baselineLabel: 'the same office alone in its database',
        ratio: ratio(percentile(report[1]!, 50), percentile(report[0]!, 50)),
        note: `first request (days folded from the table): ${round(firstSummary[1]!.ms)} vs ${round(firstSummary[0]!.ms)} ms`,
      },
      {
        id: 'province-report',
        metric: `Province comparison report, ${OFFICES} offices × ${DAYS} days, median`,
        value: p(province, 50),
        unit: 'ms',
        note: `first request (every office's days folded from the table): ${round(firstProvince.ms)} ms`,
      },
    ];
    printResult('province', rows);
  } finally {
    for (const s of sides) {
      await s.server?.stop();
      removeTempDir(s.dir);
      await s.db.drop();
    }
    for (const f of folders) removeTempDir(f);
  }
});
