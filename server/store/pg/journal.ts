// One office's ticket events in PostgreSQL, shared by every process of the deployment.
//
// Sequencing (why a lock, not an optimistic insert): an engine command changes the in-memory
// state as it computes its events. An optimistic insert that loses the race would have to undo
// that change, i.e. rebuild the day from the table. Instead each flush takes the office's
// advisory lock in its transaction, reads what other processes committed since (catch-up),
// applies it, and only then runs the waiting commands against the caught-up engine and inserts
// their events: a conflict cannot happen, and every command waiting in this process shares the
// one transaction (group commit, as the file journal shares one fsync). The batch is what
// waits when the lock is granted, not when it was asked for. The lock is held from the
// catch-up to the COMMIT: two round trips, but not the disk flush.
//
// Several processes (issue 10): the lock passes from one to the next, so whatever is done while
// holding it is done once per process and turn. The COMMIT therefore does not wait for the disk
// (synchronous_commit off for that transaction only): the next process may build on rows not on
// disk yet, which is safe because the write-ahead log is one sequence: a later row on disk means
// every earlier one is. Nothing leaves a process before it is on disk: right after the COMMIT,
// in the same round trip, a transaction of its own waits for the disk (ON_DISK) and only then
// notifies; events are told and commands answered only after that, others' events included.
//
// The notification carries the events themselves when they fit in its payload (under 8000
// bytes): the other processes apply and tell them without a read of the table, strictly in
// rev order; one that does not follow what a process knows (a notification missed, or
// overtaken by a later one) makes it read the table instead, and so does a bare "office rev".
// Usually the in-lock catch-up then finds only the turn just before its own.
//
// Durability: a command's promise resolves only after its events are on disk (synchronous_commit
// on, set on every connection by pool.ts, for the ON_DISK transaction). A failed or timed-out
// transaction fails the journal like a failed fsync: every waiting command is refused, the
// office refuses changes and rebuilds itself from the table once the database answers again
// (journal-guard.ts). A database crash may lose rows not on disk yet, and the rows built on
// them with them: none was told or answered, and every process rebuilds from the table.
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

/**
 * A transaction of its own that waits until everything committed before it is on disk (and on
 * a synchronous standby): its transaction id makes it write a commit record, and a commit
 * waits for the write-ahead log up to its own record (synchronous_commit on, pool.ts).
 */
const ON_DISK = 'SELECT txid_current()';

/** NOTIFY refuses a payload of 8000 bytes or more (in the database's encoding, UTF-8 here). */
const PAYLOAD_MAX = 7999;

/**
 * `officeId rev`, then the events themselves one JSON per line when they fit: the other
 * processes apply them without reading the table (PgJournal.notified).
 */
export function notification(officeId: string, rev: number, bodies: readonly string[]): string {
  const head = `${officeId} ${rev}`;
  let bytes = Buffer.byteLength(head);
  for (const b of bodies) {
    bytes += 1 + Buffer.byteLength(b);
    if (bytes > PAYLOAD_MAX) return head;
  }
  return `${head}\n${bodies.join('\n')}`;
}

/** Lock class of offices' advisory locks (two-part keys: class, office). */
export const OFFICE_LOCK_CLASS = 0x4f46; // 'OF'

export function databaseError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  return Object.assign(new Error(`database: ${err.message}`, { cause: err }), { code: 'database_unavailable' });
}

export class PgJournal implements TicketJournal, Sequencer {
  /** The newest rev committed in the table and applied here (ours or read back); maybe not on disk yet. */
  private knownRev = 0;
  /** The day new events belong to; moves at a `day:opened`. */
  private day: string | null = null;
  private queue: Item[] = [];
  private flushing: Promise<void> | null = null;
  private wantCatchUp = false;
  /** The newest rev a notification announced: read only if the locked catch-up has not covered it. */
  private notifiedRev = 0;
  /**
   * Others' events applied here and not told yet (a turn of the lock, a read): events that a
   * notification carries are told after them, so they wait here meanwhile.
   */
  private untold = 0;
  private parked: { rev: number; bodies: string }[] = [];
  private loading = false;
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

  /**
   * A notification: `rev` was committed by someone and is on disk; read it unless it is known
   * already. `bodies` (its events, one JSON per line, when they fitted in the payload) are
   * applied at once if they follow what this process knows; a gap (a notification missed or
   * overtaken) is filled by a read of the table instead.
   */
  notified(rev: number, bodies?: string): void {
    if (rev <= this.knownRev || this.failed || !this.hooks) return;
    if (bodies !== undefined && !this.loading) {
      if (this.untold > 0) {
        this.parked.push({ rev, bodies });
        return;
      }
      if (this.applyNotified(bodies)) return;
    }
    this.notifiedRev = Math.max(this.notifiedRev, rev);
    this.kick();
  }

  private applyNotified(bodies: string): boolean {
    let events: JournalEvent[];
    try {
      events = bodies.split('\n').map((b) => JSON.parse(b) as JournalEvent).filter((e) => e.rev > this.knownRev);
    } catch {
      return false;
    }
    if (events.length === 0) return true;
    // A configuration change needs the new configuration read first (applyOthers).
    if (events.some((e, i) => e.rev !== this.knownRev + 1 + i || e.type === 'config:changed')) return false;
    const hooks = this.hooks!;
    try {
      for (const e of events) {
        hooks.apply(e);
        if (e.type === 'day:opened') this.day = e.serviceDay;
      }
    } catch (e) {
      // As when a read's events do not apply (flushLoop): the office rebuilds from the table.
      this.fail(databaseError(e), []);
      return true;
    }
    this.knownRev = events[events.length - 1]!.rev;
    void hooks.tell(events);
    return true;
  }

  private holdTelling(): void {
    this.untold++;
  }

  private releaseTelling(drain: boolean): void {
    if (--this.untold > 0) return;
    const parked = this.parked;
    this.parked = [];
    if (drain) for (const p of parked) this.notified(p.rev, p.bodies);
  }

  private get behind(): boolean {
    return this.wantCatchUp || this.notifiedRev > this.knownRev;
  }

  private kick(): void {
    if (this.flushing || (this.queue.length === 0 && !this.behind)) return;
    const generation = this.generation;
    this.flushing = this.flushLoop(generation).finally(() => {
      this.flushing = null;
      if (!this.failed) this.kick();
    });
  }

  private async flushLoop(generation: number): Promise<void> {
    while ((this.queue.length > 0 || this.behind) && generation === this.generation) {
      if (this.queue.some((i) => i.kind !== 'barrier')) {
        // The batch is whatever waits once the lock is granted (commitBatch): with several
        // processes the lock is mostly held by others, and the commands that arrive meanwhile
        // ride in this transaction instead of queueing for the next turn of the lock.
        this.wantCatchUp = false;
        try {
          await this.commitBatch();
        } catch (e) {
          this.fail(databaseError(e), []);
          return;
        }
        continue;
      }
      const forced = this.wantCatchUp;
      this.wantCatchUp = false;
      const batch = this.queue;
      this.queue = [];
      const before = this.knownRev;
      // Unreachable now: nothing changed here, and the next tick or notification reads again.
      // Nothing to read either (not to ask again and again): the same.
      if (!(await this.readOthers(forced)) || this.knownRev === before) this.notifiedRev = 0;
      for (const i of batch) i.resolve(undefined);
    }
  }

  /**
   * Without the lock: what others committed, applied and told in rev order. A notification
   * comes after its rev is on disk (commitBatch), so up to it nothing is told too early; rows
   * beyond may still be on their way to disk, and a read not bounded by one (the clock tick,
   * a reconnection) waits for the disk before telling them.
   */
  private async readOthers(forced: boolean): Promise<boolean> {
    if (!this.hooks) return true;
    const upTo = forced ? Number.MAX_SAFE_INTEGER : this.notifiedRev;
    let rows: Row[];
    try {
      rows = (await this.pool.query<Row>(
        'SELECT rev::text AS rev, body::text AS body FROM ticket_events WHERE office_id = $1 AND rev > $2 AND rev <= $3 ORDER BY ticket_events.rev',
        [this.officeId, this.knownRev, upTo],
      )).rows;
      if (forced && rows.length) await this.pool.query(ON_DISK);
    } catch {
      return false;
    }
    if (rows.length) {
      this.holdTelling();
      try {
        let events: JournalEvent[];
        try {
          events = await this.eventsOf(rows);
        } catch {
          // A configuration change whose configuration cannot be read now: nothing applied,
          // read again at the next tick or notification.
          return false;
        }
        try {
          this.applyRead(events);
        } catch (e) {
          // As when a turn's catch-up does not apply: the office rebuilds from the table.
          this.fail(databaseError(e), []);
          return true;
        }
        if (events.length) void this.hooks.tell(events);
      } finally {
        this.releaseTelling(true);
      }
    }
    return true;
  }

  /** Applies others' events to the engine (in rev order); telling them is the caller's, once they are on disk. */
  private async applyOthers(rows: Row[]): Promise<JournalEvent[]> {
    const events = await this.eventsOf(rows);
    this.applyRead(events);
    return events;
  }

  /** The rows' events not known yet, the configuration read first if one changed it. */
  private async eventsOf(rows: Row[]): Promise<JournalEvent[]> {
    const read = rows.map((row) => JSON.parse(row.body) as JournalEvent);
    if (read.some((e) => e.type === 'config:changed')) await this.refreshConfig();
    // Some may have come with a notification meanwhile (applied and told then).
    return read.filter((e) => e.rev > this.knownRev);
  }

  private applyRead(events: JournalEvent[]): void {
    if (events.length === 0) return;
    const hooks = this.hooks!;
    for (const e of events) {
      hooks.apply(e);
      if (e.type === 'day:opened') this.day = e.serviceDay;
    }
    this.knownRev = events[events.length - 1]!.rev;
  }

  private async commitBatch(): Promise<void> {
    const c = await this.pool.connect();
    let broken: Error | undefined;
    let batch: Item[] = [];
    const results = new Map<Item, { ok: true; value: unknown } | { ok: false; error: Error }>();
    let own: JournalEvent[] = [];
    let othersEvents: JournalEvent[] = [];
    let held = false;
    try {
      const officeLit = c.escapeLiteral(this.officeId);
      // One round trip: open, lock, then (a fresh snapshot per statement) what others committed.
      // The transaction commits without waiting for the disk, so the lock passes on at once;
      // the disk is waited for after it (see below).
      const res = (await c.query(
        `BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(${this.lock}); ` +
          `SELECT rev::text AS rev, body::text AS body FROM ticket_events WHERE office_id = ${officeLit} AND rev > ${this.knownRev} ORDER BY ticket_events.rev`,
      )) as unknown as pg.QueryResult<Row>[];
      // A notification may have brought some of them meanwhile (notified).
      const others = res[3]!.rows.filter((r) => Number(r.rev) > this.knownRev);
      this.holdTelling();
      held = true;
      batch = this.queue;
      this.queue = [];
      if (others.length) {
        if (batch.some((i) => i.kind === 'events')) throw new Error('another process appended before events made outside the lock');
        if (!this.hooks) throw new Error('another process appended to an office this process cannot follow');
        othersEvents = await this.applyOthers(others);
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
        if (own[0]!.rev <= this.knownRev) throw new Error(`rev ${own[0]!.rev} is not after the table's ${this.knownRev}`);
        let day = this.day;
        const values: string[] = [];
        const bodies: string[] = [];
        for (const e of own) {
          if (e.type === 'day:opened') day = e.serviceDay;
          if (day === null) throw new Error('journal: the first event must open a day');
          const body = JSON.stringify(e);
          bodies.push(body);
          values.push(`(${officeLit}, ${e.rev}, '${day}', ${c.escapeLiteral(e.type)}, ${c.escapeLiteral(body)})`);
        }
        const last = own[own.length - 1]!.rev;
        const payload = notification(this.officeId, last, bodies);
        // Still one round trip. The COMMIT hands the lock on without waiting for the disk; the
        // statement after it is a transaction of its own that waits for the disk (a transaction
        // id makes it write a commit record, which lands after ours) and then notifies: every
        // notification is of events on disk. The three processes' waits for the disk overlap
        // and PostgreSQL flushes them together, instead of one flush per turn of the lock.
        await c.query(
          `INSERT INTO ticket_events (office_id, rev, day, type, body) VALUES ${values.join(', ')}; COMMIT; ` +
            `SELECT pg_notify('luot_events', ${c.escapeLiteral(payload)}), txid_current()`,
        );
        this.day = day;
        this.knownRev = last;
      } else {
        // Others' events are told with ours, so they wait for the disk too.
        await c.query(othersEvents.length ? `COMMIT; ${ON_DISK}` : 'COMMIT');
      }
    } catch (e) {
      broken = e as Error;
      // The outcome of a COMMIT that timed out is unknown: the connection is dropped, and the
      // office rebuilds from what the table holds.
      await c.query('ROLLBACK').catch(() => undefined);
      // Refused with everything still waiting (flushLoop fails the journal).
      this.queue = [...batch, ...this.queue];
      // The office rebuilds from the table: what notifications brought meanwhile is read again then.
      if (held) this.releaseTelling(false);
      throw e;
    } finally {
      c.release(broken);
    }
    // Everything read or written here is on disk now: told in rev order, others' first.
    const all = othersEvents.length ? [...othersEvents, ...own] : own;
    const told = all.length && this.hooks ? this.hooks.tell(all) : Promise.resolve();
    this.releaseTelling(true);
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
    // The engine is being rebuilt from the table: what notifications bring meanwhile is read after.
    this.loading = true;
    try {
      return await this.loadDay();
    } finally {
      this.loading = false;
    }
  }

  private async loadDay(): Promise<LoadedDay | null> {
    const head = await this.pool.query<{ day: string; rev: string }>(
      'SELECT day, rev::text AS rev FROM ticket_events WHERE office_id = $1 ORDER BY ticket_events.rev DESC LIMIT 1',
      [this.officeId],
    );
    const top = head.rows[0];
    if (!top) {
      this.knownRev = 0;
      this.day = null;
      return null;
    }
    // The newest day read up to the head seen above; anything newer is caught up later.
    const { buf, lines } = await this.read(top.day, Number(top.rev));
    // The newest rows may be another process's, committed but not yet on disk: they are shown
    // once they are.
    await this.pool.query(ON_DISK);
    this.day = top.day;
    this.knownRev = Number(top.rev);
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
