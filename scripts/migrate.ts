// `npm run migrate -- --to-postgres <data-folder> [--slug <slug>] [--database <url>]`
//
// Imports an embedded office (a data folder's default office: its configuration and its whole
// journal, every day) into the PostgreSQL deployment at LUOT_DATABASE_URL as one office, then
// checks the table against the files: events per day and tickets per day. Run it with no server
// on either side. An office of that slug in the database is refused, changing nothing, so a
// second run is harmless.
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

export async function migrateToPostgres(dataDir: string, databaseUrl: string, opts: { slug?: string | undefined } = {}): Promise<MigrateResult> {
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
      fresh = true;
      return { users: source.users, office: { slug, config } };
    });
    try {
      const accounts = { imported: [] as string[], skipped: [] as string[] };
      let officeId: string;
      if (fresh) {
        // The seed was the folder itself: keep its secret and logged-out sessions too.
        officeId = db.deployment.data.offices[0]!.id;
        await db.deployment.update((d) => {
          d.secret = source.secret;
          d.revokedSessions = structuredClone(source.revokedSessions);
        });
        accounts.imported = source.users.map((u) => u.username);
      } else {
        if (db.deployment.data.offices.some((o) => o.slug === slug)) {
          throw new Error(`the database already has an office "${slug}": nothing imported (choose another with --slug)`);
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

      const existing = await db.pool.query('SELECT 1 FROM ticket_events WHERE office_id = $1 LIMIT 1', [officeId]);
      if (existing.rowCount) throw new Error(`office "${slug}" already has ticket events: nothing imported`);
      // All days or none.
      await transaction(db.pool, async (c) => {
        for (const { day, events } of history.days) {
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

      // The table against the files, day by day.
      const rows = (
        await db.pool.query<{ day: string; events: number; tickets: number }>(
          `SELECT day, count(*)::int AS events, count(*) FILTER (WHERE type = 'ticket:issued')::int AS tickets
           FROM ticket_events WHERE office_id = $1 GROUP BY day ORDER BY day`,
          [officeId],
        )
      ).rows;
      const expected = history.days.filter((d) => d.events.length > 0).map((d) => countDay(d.day, d.events));
      if (JSON.stringify(rows) !== JSON.stringify(expected)) {
        throw new Error(`verification failed: the database holds ${JSON.stringify(rows)}, the files ${JSON.stringify(expected)}`);
      }
      return { slug, officeId, days: expected, skipped: history.skipped, accounts };
    } finally {
      await db.close();
    }
  } finally {
    await files.close();
  }
}

function usage(): never {
  console.error('npm run migrate -- --to-postgres <data-folder> [--slug <slug>] [--database <postgres-url>]  (default database: LUOT_DATABASE_URL)');
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let dir: string | undefined;
  let slug: string | undefined;
  let url = process.env.LUOT_DATABASE_URL;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--to-postgres') dir = argv[++i];
    else if (a === '--slug') slug = argv[++i];
    else if (a === '--database') url = argv[++i];
    else usage();
  }
  if (!dir || !url) usage();
  const r = await migrateToPostgres(dir, url, { slug });
  console.log(`Đã chuyển văn phòng "${r.slug}" sang PostgreSQL / office "${r.slug}" imported (${r.officeId})`);
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
