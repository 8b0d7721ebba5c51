// What the office does when its disk fails, and what it found damaged at start. A change is
// acknowledged only once it is on disk (store/journal.ts); when a write or sync fails, the
// engine's memory is ahead of the disk. From then on every change is refused with `internal`
// (staff see a banner), and every second the journal is re-read and rewritten; once that
// works, the engine is rebuilt from what the disk holds and numbering is raised above every
// number that was in flight, so that none is given out twice.
import { LuotError } from '../shared/errors.js';
import { MESSAGES } from '../shared/i18n.js';
import type { DiskStatus } from '../shared/types.js';
import type { JournalEvent } from './queue/events.js';
import type { QueueEngine } from './queue/engine.js';
import { isoLocal } from './queue/time.js';
import type { NumberFloor } from './store/journal-lines.js';
import { checkpointDay, restoreDay, type Restored } from './store/replay.js';
import { isSequencer } from './store/sequencer.js';
import type { TicketJournal } from './store/store.js';

export type DiskListener = (status: DiskStatus, rebuilt: boolean) => void;

export interface JournalGuardDeps {
  journal: TicketJournal;
  engine: QueueEngine;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** The office's commit: append durably, then tell the listeners. */
  commit: (events: JournalEvent[]) => Promise<void>;
  now: () => Date;
  /** Pause between attempts to write again. */
  retryMs?: number | undefined;
  /** A fresh engine with the office's config, to build checkpoints in. */
  blank?: () => QueueEngine;
}

/** `database_unavailable` when the journal is PostgreSQL's (documented in README). */
const failingError = (journal: TicketJournal) =>
  new LuotError('internal', MESSAGES.diskFailing.vi, MESSAGES.diskFailing.en, { reason: isSequencer(journal) ? 'database_unavailable' : 'disk_failing' });

export class JournalGuard {
  private state: DiskStatus = { status: 'ok', since: null, message: null, damage: null };
  private listeners = new Set<DiskListener>();
  private timer: NodeJS.Timeout | null = null;
  private recovering = false;
  private closed = false;

  constructor(private readonly deps: JournalGuardDeps) {}

  get status(): DiskStatus {
    return { ...this.state };
  }

  get failing(): boolean {
    return this.state.status === 'failing';
  }

  onChange(listener: DiskListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At start: replays the newest day, setting damaged lines aside. */
  async open(): Promise<Restored> {
    const { journal, engine, log } = this.deps;
    const restored = await restoreDay(engine, journal, log, await journal.loadLatest(), { rewrite: false });
    this.state.damage = restored.damage;
    if (restored.repairError) {
      // What was read is served; nothing is appended to a file still holding the damage.
      journal.halt(restored.repairError);
      this.failed(restored.repairError);
    }
    return restored;
  }

  /**
   * At a clean stop: today's journal gets a checkpoint (store/checkpoint.ts), so the next start
   * replays only what comes after it. Not while the disk fails.
   */
  async checkpoint(): Promise<boolean> {
    const { journal, blank } = this.deps;
    if (this.failing || journal.failure || !blank) return false;
    return checkpointDay(blank(), journal);
  }

  /** Numbering above every number the damaged lines (and `extra`) may show, if still that day. */
  async reserve(restored: Restored, extra: NumberFloor[] = []): Promise<void> {
    const floors = [...(restored.day === this.deps.engine.serviceDay ? restored.floors : []), ...extra];
    if (floors.length) await this.deps.commit(this.deps.engine.reserveNumbers(floors));
  }

  /** Before a command touches the engine: while failing, nothing may change. */
  refuse(): void {
    if (this.failing) throw failingError(this.deps.journal);
  }

  /** A commit failed: from now on the office refuses changes until the disk works again. */
  failed(e: Error): LuotError {
    this.state.message = e.message;
    if (!this.failing) {
      this.state.status = 'failing';
      this.state.since = isoLocal(this.deps.now(), this.deps.engine.timeZone);
      this.deps.log.error({ err: e }, 'journal: the disk is failing; changes are refused until it works again');
      this.notify(false);
    }
    this.schedule();
    return failingError(this.deps.journal);
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.recover();
    }, this.deps.retryMs ?? 1000);
    this.timer.unref();
  }

  private async recover(): Promise<void> {
    if (this.recovering || this.closed || !this.failing) return;
    this.recovering = true;
    const { journal, engine, log } = this.deps;
    try {
      // Numbers the engine gave out that may or may not be on disk: never again today.
      const day = engine.serviceDay;
      const inFlight = new Map<string, number>();
      for (const t of engine.tickets()) inFlight.set(t.originalServiceId, Math.max(inFlight.get(t.originalServiceId) ?? 0, t.seq));
      const rev = engine.rev;
      const restored = await restoreDay(engine, journal, log, await journal.reload(), { rewrite: true });
      if (restored.repairError) throw restored.repairError;
      // Clients may have seen revisions the disk lost: continue above them, so they resync. Not
      // in a shared table: a COMMIT that returned is never lost, and other processes go on from its head.
      if (!isSequencer(journal)) engine.resumeRev(rev);
      journal.resume();
      await this.deps.commit(engine.rollover());
      // A shared table needs no reservation: what it holds is exactly what was committed, and
      // nothing uncommitted was ever answered or printed, so an uncommitted number is free again
      // (reserving it would leave a gap in the day's numbers for nothing).
      const reserved = day === engine.serviceDay && !isSequencer(journal) ? [...inFlight].map(([serviceId, upTo]) => ({ serviceId, upTo })) : [];
      await this.reserve(restored, reserved);
      this.state = { status: 'ok', since: null, message: null, damage: restored.damage ?? this.state.damage };
      log.info({ day: engine.serviceDay, rev: engine.rev }, 'journal: the disk works again; state rebuilt from the journal');
      this.notify(true);
    } catch (e) {
      if (!(e instanceof LuotError)) log.error({ err: e }, 'journal: the disk still fails');
      this.state.message = (e as Error).message;
      this.schedule();
    } finally {
      this.recovering = false;
    }
  }

  private notify(rebuilt: boolean): void {
    for (const l of this.listeners) l(this.status, rebuilt);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
