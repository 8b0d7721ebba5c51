// `npm run migrate -- --to-postgres <data-folder> [--slug <slug>] [--database <url>]`
//
// Imports an embedded office (a data folder's default office: its configuration and its whole
// journal, every day) into the PostgreSQL deployment at LUOT_DATABASE_URL as one office, then
// checks the table against the files: events per day and tickets per day. Run it with no server
// on either side. An office of that slug in the database is refused, changing nothing, so a
// second run is harmless.
//
// `--update`: a centre that keeps its own PC sends its figures again and again. The office of
// that slug, imported before, gains the events its journal has gained since (those above the
// table's last rev), checked the same way. Refused, changing nothing, when the table holds
// anything the files do not (the office was used live on the province server).
//
// An empty database becomes the folder's deployment (its accounts, session secret and logged-out
// sessions, so passwords and tokens keep working). A database that already holds a deployment
// gains the office; the folder's accounts whose username is free come along as accounts of that
// office (a province admin of the folder becomes the office's admin).
import { pino } from 'pino';
import { openFileDeployment, newOfficeRecord, SLUG, SLUG_MAX, type DeploymentStore } from '../server/store/deployment.js';
import type { ConfigSeed } from '../server/store/config.js';
import { openPgDeployment } from '../server/store/pg/deployment.js';
import { transaction } from '../server/store/pg/pool.js';
import type { JournalEvent } from '../server/queue/events.js';
import type { Store } from '../server/store/store.js';

export interface DayCount {
  day: string;
  events: number;
  tickets: number;
}

export interface MigrateResult {
  slug: string;
  officeId: string;
  days: DayCount[];
  /** Lines of the files that could not be read (damaged, set aside): not imported. */
  skipped: number;
  /** Events written by this run (all of them, or with `update` those newer than the table's). */
  imported: number;
  accounts: { imported: string[]; skipped: string[] };
}

const INSERT_CHUNK = 500;

async function readHistory(store: Store): Promise<{ days: { day: string; events: JournalEvent[] }[]; skipped: number }> {
  const out: { day: string; events: JournalEvent[] }[] = [];
  let skipped = 0;
  for (const day of await store.journal.days()) {
    const r = await store.journal.readDay(day);
    skipped += r.skipped;
    out.push({ day, events: r.lines.map((l) => l.event) });
  }
  return { days: out, skipped };
}

const countDay = (day: string, events: readonly { type: string }[]): DayCount => ({
  day,
  events: events.length,
  tickets: events.filter((e) => e.type === 'ticket:issued').length,
});

/** Events per day and tickets per day of `officeId`'s rows, rev ≤ `upTo` when given. */
async function tableCounts(db: { pool: { query: PgQuery } }, officeId: string, upTo: number | null = null): Promise<DayCount[]> {
  return (
    await db.pool.query<DayCount>(
      `SELECT day, count(*)::int AS events, count(*) FILTER (WHERE type = 'ticket:issued')::int AS tickets
       FROM ticket_events WHERE office_id = $1 AND ($2::bigint IS NULL OR rev <= $2) GROUP BY day ORDER BY day`,
      [officeId, upTo],
    )
  ).rows;
}
type PgQuery = <R extends object>(text: string, values?: unknown[]) => Promise<{ rows: R[]; rowCount: number | null }>;

const fileCounts = (days: { day: string; events: JournalEvent[] }[], upTo: number | null = null): DayCount[] =>
  days
    .map((d) => countDay(d.day, upTo === null ? d.events : d.events.filter((e) => e.rev <= upTo)))
    .filter((d) => d.events > 0);

export async function migrateToPostgres(
  dataDir: string,
  databaseUrl: string,
  opts: { slug?: string | undefined; update?: boolean | undefined } = {},
): Promise<MigrateResult> {
  const log = pino({ level: 'warn' });
  const files: DeploymentStore = (
    await openFileDeployment(dataDir, () => Promise.reject(new Error(`${dataDir} holds no office`)), log)
  ).store;
  try {
    const source = files.deployment.data;
    const sourceOffice = source.offices[0]!;
    const slug = opts.slug ?? sourceOffice.slug;
    if (!SLUG.test(slug) || slug.length > SLUG_MAX) throw new Error(`--slug ${slug}: lowercase letters, digits and single hyphens, at most ${SLUG_MAX}`);
    const office = await files.openOffice(sourceOffice.id);
    const history = await readHistory(office);
    const config = structuredClone(office.config.data) as ConfigSeed & { version?: number };
    delete config.version;

    const record = newOfficeRecord(slug, new Date());
    let fresh = false;
    const { store: db } = await openPgDeployment(databaseUrl, async () => {
      if (opts.update) throw new Error(`no office "${slug}" to update in an empty database: import it once without --update`);
      fresh = true;
      return { users: source.users, office: { slug, config } };
    });
    try {
      const accounts = { imported: [] as string[], skipped: [] as string[] };
      let officeId: string;
      let after = 0;
      if (opts.update) {
        const known = db.deployment.data.offices.find((o) => o.slug === slug);
        if (fresh || !known) throw new Error(`no office "${slug}" to update in the database: import it once without --update`);
        officeId = known.id;
        after = Number((await db.pool.query<{ top: string | null }>('SELECT max(rev)::text AS top FROM ticket_events WHERE office_id = $1', [officeId])).rows[0]?.top ?? 0);
        // The table must hold exactly the files' events up to its last rev: anything else was
        // written on the province server, and the two histories have parted.
        if (JSON.stringify(await tableCounts(db, officeId)) !== JSON.stringify(fileCounts(history.days, after))) {
          throw new Error(`office "${slug}" holds events the files do not (it was used on the province server): nothing imported`);
        }
      } else if (fresh) {
        // The seed was the folder itself: keep its secret and logged-out sessions too.
        officeId = db.deployment.data.offices[0]!.id;
        await db.deployment.update((d) => {
          d.secret = source.secret;
          d.revokedSessions = structuredClone(source.revokedSessions);
        });
        accounts.imported = source.users.map((u) => u.username);
      } else {
        if (db.deployment.data.offices.some((o) => o.slug === slug)) {
          throw new Error(`the database already has an office "${slug}": nothing imported (choose another with --slug, or --update to add its newer days)`);
        }
        officeId = record.id;
        await db.createOffice(record, config);
        await db.deployment.update((d) => {
          for (const u of source.users) {
            if (d.users.some((x) => x.username === u.username)) {
              accounts.skipped.push(u.username);
              continue;
            }
            d.users.push({ ...structuredClone(u), role: u.role === 'admin' ? 'office_admin' : u.role, officeId });
            accounts.imported.push(u.username);
          }
        });
      }

      if (!opts.update) {
        const existing = await db.pool.query('SELECT 1 FROM ticket_events WHERE office_id = $1 LIMIT 1', [officeId]);
        if (existing.rowCount) throw new Error(`office "${slug}" already has ticket events: nothing imported`);
      }
      // All days or none.
      let imported = 0;
      await transaction(db.pool, async (c) => {
        for (const { day, events: all } of history.days) {
          const events = all.filter((e) => e.rev > after);
          imported += events.length;
          for (let i = 0; i < events.length; i += INSERT_CHUNK) {
            const chunk = events.slice(i, i + INSERT_CHUNK);
            await c.query(
              `INSERT INTO ticket_events (office_id, rev, day, type, body)
               SELECT $1, r, $2, t, b FROM unnest($3::bigint[], $4::text[], $5::jsonb[]) AS x(r, t, b)`,
              [officeId, day, chunk.map((e) => e.rev), chunk.map((e) => e.type), chunk.map((e) => JSON.stringify(e))],
            );
          }
        }
      });
      // Servers on the database hear of the new rows as of any other process's.
      let top = after;
      for (const d of history.days) for (const e of d.events) top = Math.max(top, e.rev);
      if (imported) await db.pool.query(`SELECT pg_notify('luot_events', $1)`, [`${officeId} ${top}`]).catch(() => undefined);

      // The table against the files, day by day.
      const rows = await tableCounts(db, officeId);
      const expected = fileCounts(history.days);
      if (JSON.stringify(rows) !== JSON.stringify(expected)) {
        throw new Error(`verification failed: the database holds ${JSON.stringify(rows)}, the files ${JSON.stringify(expected)}`);
      }
      return { slug, officeId, days: expected, skipped: history.skipped, imported, accounts };
    } finally {
      await db.close();
    }
  } finally {
    await files.close();
  }
}

function usage(): never {
  console.error('npm run migrate -- --to-postgres <data-folder> [--slug <slug>] [--update] [--database <postgres-url>]  (default database: LUOT_DATABASE_URL)');
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let dir: string | undefined;
  let slug: string | undefined;
  let url = process.env.LUOT_DATABASE_URL;
  let update = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--to-postgres') dir = argv[++i];
    else if (a === '--slug') slug = argv[++i];
    else if (a === '--database') url = argv[++i];
    else if (a === '--update') update = true;
    else usage();
  }
  if (!dir || !url) usage();
  const r = await migrateToPostgres(dir, url, { slug, update });
  console.log(`Đã chuyển trung tâm "${r.slug}" sang PostgreSQL / office "${r.slug}" imported (${r.officeId}): ${r.imported} events written`);
  for (const d of r.days) console.log(`  ${d.day}: ${d.events} events, ${d.tickets} tickets — verified`);
  if (r.skipped) console.log(`  ${r.skipped} damaged line(s) of the files were not imported`);
  console.log(`  accounts imported: ${r.accounts.imported.join(', ') || '—'}; skipped (username in use): ${r.accounts.skipped.join(', ') || '—'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`migrate: ${(e as Error).message}`);
    process.exit(1);
  });
}
