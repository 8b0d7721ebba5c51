// One office's ticket events in PostgreSQL, shared by every process of the deployment.
//
// Sequencing (why a lock, not an optimistic insert): an engine command changes the in-memory
// state as it computes its events. An optimistic insert that loses the race would have to undo
// that change, i.e. rebuild the day from the table. Instead each flush takes the office's
// advisory lock in its transaction, reads what other processes committed since (catch-up),
// applies it, and only then runs the waiting commands against the caught-up engine and inserts
// their events: a conflict cannot happen, and every command waiting in this process shares the
// one transaction (group commit, as the file journal shares one fsync). The lock is held from
// the catch-up to the COMMIT: two round trips.
//
// Durability: a command's promise resolves only after COMMIT returned (synchronous_commit on,
// set on every connection by pool.ts). A failed or timed-out transaction fails the journal like
// a failed fsync: every waiting command is refused, the office refuses changes and rebuilds
// itself from the table once the database answers again (journal-guard.ts).
import type pg from 'pg';
import type { JournalEvent } from '../../queue/events.js';
import type { LoadedDay } from '../journal.js';
import type { JournalLine } from '../journal-lines.js';
import type { Sequencer, SequencerHooks } from '../sequencer.js';
import type { TicketJournal } from '../store.js';
import { lockKey } from './pool.js';

type Item =
  | { kind: 'make'; make: () => { events: JournalEvent[] }; resolve: (r: unknown) => void; reject: (e: Error) => void }
  | { kind: 'events'; events: JournalEvent[]; resolve: (r: unknown) => void; reject: (e: Error) => void }
  | { kind: 'barrier'; resolve: (r: unknown) => void; reject: (e: Error) => void };

interface Row {
  rev: string;
  body: string;
}

/** Lock class of offices' advisory locks (two-part keys: class, office). */
export const OFFICE_LOCK_CLASS = 0x4f46; // 'OF'

export function databaseError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  return Object.assign(new Error(`database: ${err.message}`, { cause: err }), { code: 'database_unavailable' });
}

export class PgJournal implements TicketJournal, Sequencer {
  /** The newest rev known committed in the table (ours or read back). */
  private durableRev = 0;
  /** The day new events belong to; moves at a `day:opened`. */
  private day: string | null = null;
  private queue: Item[] = [];
  private flushing: Promise<void> | null = null;
  private wantCatchUp = false;
  private failed: Error | null = null;
  private generation = 0;
  private hooks: SequencerHooks | null = null;
  private readonly lock: string;

  constructor(
    private readonly pool: pg.Pool,
    readonly officeId: string,
    /** Reads the office's configuration again (before a `config:changed` from elsewhere applies). */
    private readonly refreshConfig: () => Promise<unknown> = async () => undefined,
  ) {
    this.lock = `${OFFICE_LOCK_CLASS}, ${lockKey(officeId)}`;
  }

  get failure(): Error | null {
    return this.failed;
  }

  attach(hooks: SequencerHooks): void {
    this.hooks = hooks;
  }

  run<T extends { events: JournalEvent[] }>(make: () => T): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ kind: 'make', make, resolve: resolve as (r: unknown) => void, reject });
      this.kick();
    });
  }

  /**
   * Events the engine already made outside the lock (a repair's reserved numbers): committed if
   * nobody appended since; otherwise the journal fails and the office rebuilds from the table.
   */
  append(events: JournalEvent[]): Promise<void> {
    if (events.length === 0) return this.flushed();
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'events', events, resolve: resolve as (r: unknown) => void, reject });
      this.kick();
    });
  }

  flushed(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'barrier', resolve: resolve as (r: unknown) => void, reject });
      this.kick();
    });
  }

  catchUp(): void {
    if (this.failed || !this.hooks) return;
    this.wantCatchUp = true;
    this.kick();
  }

  /** A notification: `rev` was committed by someone; read it unless it is known already. */
  notified(rev: number): void {
    if (rev > this.durableRev) this.catchUp();
  }

  private kick(): void {
    if (this.flushing || (this.queue.length === 0 && !this.wantCatchUp)) return;
    const generation = this.generation;
    this.flushing = this.flushLoop(generation).finally(() => {
      this.flushing = null;
      if (!this.failed) this.kick();
    });
  }

  private async flushLoop(generation: number): Promise<void> {
    while ((this.queue.length > 0 || this.wantCatchUp) && generation === this.generation) {
      const batch = this.queue;
      this.queue = [];
      this.wantCatchUp = false;
      try {
        if (batch.some((i) => i.kind !== 'barrier')) await this.commitBatch(batch);
        else {
          await this.readOthers();
          for (const i of batch) i.resolve(undefined);
        }
      } catch (e) {
        this.fail(databaseError(e), batch);
        return;
      }
    }
  }

  /** Without the lock: what others committed, applied and told in rev order. */
  private async readOthers(): Promise<void> {
    if (!this.hooks) return;
    let rows: Row[];
    try {
      rows = (await this.pool.query<Row>(
        'SELECT rev::text AS rev, body::text AS body FROM ticket_events WHERE office_id = $1 AND rev > $2 ORDER BY ticket_events.rev',
        [this.officeId, this.durableRev],
      )).rows;
    } catch {
      // Unreachable now: nothing changed here, and the next tick or notification reads again.
      return;
    }
    if (rows.length) await this.applyOthers(rows);
  }

  private async applyOthers(rows: Row[]): Promise<void> {
    const hooks = this.hooks!;
    const events = rows.map((row) => JSON.parse(row.body) as JournalEvent);
    if (events.some((e) => e.type === 'config:changed')) await this.refreshConfig();
    for (const e of events) {
      hooks.apply(e);
      if (e.type === 'day:opened') this.day = e.serviceDay;
    }
    this.durableRev = events[events.length - 1]!.rev;
    void hooks.tell(events);
  }

  private async commitBatch(batch: Item[]): Promise<void> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    const results = new Map<Item, { ok: true; value: unknown } | { ok: false; error: Error }>();
    let own: JournalEvent[] = [];
    try {
      const officeLit = c.escapeLiteral(this.officeId);
      // One round trip: open, lock, then (a fresh snapshot per statement) what others committed.
      const res = (await c.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${this.lock}); ` +
          `SELECT rev::text AS rev, body::text AS body FROM ticket_events WHERE office_id = ${officeLit} AND rev > ${this.durableRev} ORDER BY ticket_events.rev`,
      )) as unknown as pg.QueryResult<Row>[];
      const others = res[2]!.rows;
      if (others.length) {
        if (batch.some((i) => i.kind === 'events')) throw new Error('another process appended before events made outside the lock');
        if (!this.hooks) throw new Error('another process appended to an office this process cannot follow');
        await this.applyOthers(others);
      }
      for (const item of batch) {
        if (item.kind === 'barrier') continue;
        if (item.kind === 'events') {
          own.push(...item.events);
          continue;
        }
        try {
          const value = item.make();
          results.set(item, { ok: true, value });
          own.push(...value.events);
        } catch (e) {
          // The engine refused the command (no ticket waiting…): that command's answer, no one else's.
          results.set(item, { ok: false, error: e as Error });
        }
      }
      if (own.length) {
        if (own[0]!.rev <= this.durableRev) throw new Error(`rev ${own[0]!.rev} is not after the table's ${this.durableRev}`);
        let day = this.day;
        const values: string[] = [];
        for (const e of own) {
          if (e.type === 'day:opened') day = e.serviceDay;
          if (day === null) throw new Error('journal: the first event must open a day');
          values.push(`(${officeLit}, ${e.rev}, '${day}', ${c.escapeLiteral(e.type)}, ${c.escapeLiteral(JSON.stringify(e))})`);
        }
        const last = own[own.length - 1]!.rev;
        await c.query(
          `INSERT INTO ticket_events (office_id, rev, day, type, body) VALUES ${values.join(', ')}; ` +
            `SELECT pg_notify('luot_events', ${c.escapeLiteral(`${this.officeId} ${last}`)}); COMMIT`,
        );
        this.day = day;
        this.durableRev = last;
      } else {
        await c.query('COMMIT');
      }
    } catch (e) {
      broken = e as Error;
      // The outcome of a COMMIT that timed out is unknown: the connection is dropped, and the
      // office rebuilds from what the table holds.
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release(broken);
    }
    const told = own.length && this.hooks ? this.hooks.tell(own) : Promise.resolve();
    void told.then(() => {
      for (const item of batch) {
        const r = results.get(item);
        if (!r) item.resolve(undefined);
        else if (r.ok) item.resolve(r.value);
        else item.reject(r.error);
      }
    });
  }

  private fail(e: Error, batch: Item[]): void {
    this.generation++;
    this.failed = e;
    const waiting = [...batch, ...this.queue];
    this.queue = [];
    for (const i of waiting) i.reject(e);
  }

  halt(e: Error): void {
    this.fail(e, []);
  }

  resume(): void {
    this.failed = null;
  }

  loadLatest(): Promise<LoadedDay | null> {
    return this.load();
  }

  reload(): Promise<LoadedDay | null> {
    if (this.flushing) return Promise.reject(new Error('journal: a flush is still running'));
    return this.load();
  }

  private async load(): Promise<LoadedDay | null> {
    const head = await this.pool.query<{ day: string; rev: string }>(
      'SELECT day, rev::text AS rev FROM ticket_events WHERE office_id = $1 ORDER BY ticket_events.rev DESC LIMIT 1',
      [this.officeId],
    );
    const top = head.rows[0];
    if (!top) {
      this.durableRev = 0;
      this.day = null;
      return null;
    }
    // The newest day read up to the head seen above; anything newer is caught up later.
    const { buf, lines } = await this.read(top.day, Number(top.rev));
    this.day = top.day;
    this.durableRev = Number(top.rev);
    return { day: top.day, buf, lines, damaged: [], cleanEnd: buf.length, torn: null, earlier: [], resume: null };
  }

  /** A day's events as journal lines (the body text, one per line), so replay and reports read them as they read a file. */
  private async read(day: string, upTo = Number.MAX_SAFE_INTEGER): Promise<{ buf: Buffer; lines: JournalLine[] }> {
    const r = await this.pool.query<{ body: string }>(
      'SELECT body::text AS body FROM ticket_events WHERE office_id = $1 AND day = $2 AND rev <= $3 ORDER BY ticket_events.rev',
      [this.officeId, day, upTo],
    );
    const parts: Buffer[] = [];
    const lines: JournalLine[] = [];
    let at = 0;
    r.rows.forEach((row, i) => {
      const b = Buffer.from(row.body + '\n');
      parts.push(b);
      lines.push({ event: JSON.parse(row.body) as JournalEvent, line: i + 1, start: at, end: at + b.length - 1 });
      at += b.length;
    });
    return { buf: Buffer.concat(parts), lines };
  }

  async readDay(day: string): Promise<{ buf: Buffer; lines: JournalLine[]; skipped: number }> {
    return { ...(await this.read(day)), skipped: 0 };
  }

  /**
   * The days that have events. A skip scan over the (office, day, rev) index, one probe per
   * day: DISTINCT would read every row of the office (a commune's year: ~50,000), and a
   * province report asks this of every office.
   */
  async days(): Promise<string[]> {
    const r = await this.pool.query<{ day: string }>(
      `WITH RECURSIVE d(day) AS (
         (SELECT day FROM ticket_events WHERE office_id = $1 ORDER BY day LIMIT 1)
         UNION ALL
         SELECT (SELECT e.day FROM ticket_events e WHERE e.office_id = $1 AND e.day > d.day ORDER BY e.day LIMIT 1) FROM d WHERE d.day IS NOT NULL
       ) SELECT day FROM d WHERE day IS NOT NULL`,
      [this.officeId],
    );
    return r.rows.map((x) => x.day);
  }

  async dayStamp(day: string): Promise<string | null> {
    return (await this.dayStamps([day]))[0]!;
  }

  /**
   * The day's newest rev: it changes whenever the day gains an event, because the table is
   * append-only and every append takes a rev above all the office's rows (commitBatch). One
   * index probe per day and one round trip for all: a report over a year asked 250 queries,
   * each counting the day's rows (~100 ms an office; 10 s for a province of 100).
   */
  async dayStamps(days: readonly string[]): Promise<(string | null)[]> {
    const r = await this.pool.query<{ top: string | null }>(
      `SELECT (SELECT max(e.rev) FROM ticket_events e WHERE e.office_id = $1 AND e.day = d.day)::text AS top
       FROM unnest($2::text[]) WITH ORDINALITY AS d(day, i) ORDER BY d.i`,
      [this.officeId, days],
    );
    return r.rows.map((x) => x.top);
  }

  /** Rows are never damaged and never rewritten: nothing to set aside. */
  async settle(): Promise<void> {}

  /** The table replays fast and other processes append to it: no checkpoint. */
  async readForCheckpoint(): Promise<LoadedDay | null> {
    return null;
  }

  async saveCheckpoint(): Promise<void> {}

  async close(): Promise<void> {
    await this.flushed().catch(() => undefined);
  }
}
