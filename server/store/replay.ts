// Replaying a day's lines into an engine, line by line: a line the engine refuses (it names a
// ticket the day never issued, repeats one, has no valid rev…) is set aside, and the rest of
// the day still replays. One damaged line must never close the office.
import type { JournalDamage } from '../../shared/types.js';
import type { JournalEvent } from '../queue/events.js';
import { damagedFileName, type LoadedDay } from './journal.js';
import { damagedLine, numberFloors, type DamagedLine, type JournalLine, type NumberFloor } from './journal-lines.js';
import type { TicketJournal } from './store.js';

export interface Replayable {
  apply(event: JournalEvent): void;
  readonly serviceDay: string;
}

export interface Replayed {
  inconsistent: DamagedLine[];
  /**
   * The `day:opened` that had to be assumed because the day's own was unreadable: without it
   * the day's tickets would land in no day, and the next clock tick would expire them all.
   */
  assumed: JournalEvent | null;
}

export function replayLines(engine: Replayable, day: string, buf: Buffer, lines: readonly JournalLine[], from = 0, to = lines.length): Replayed {
  const out: Replayed = { inconsistent: [], assumed: null };
  for (let i = from; i < to; i++) {
    const l = lines[i]!;
    if (engine.serviceDay !== day && l.event.type !== 'day:opened') {
      const at = typeof l.event.at === 'string' ? l.event.at : null;
      if (Number.isSafeInteger(l.event.rev) && at) {
        out.assumed = { type: 'day:opened', serviceDay: day, rev: l.event.rev - 1, at };
        engine.apply(out.assumed);
      }
    }
    try {
      engine.apply(l.event);
    } catch (e) {
      out.inconsistent.push(damagedLine(buf.subarray(l.start, l.end), l.line, 'inconsistent', (e as Error).message));
    }
  }
  return out;
}

export interface Restorable extends Replayable {
  reset(): void;
  readonly rev: number;
  importState(bytes: Buffer): boolean;
}

export interface Restored {
  day: string | null;
  replayed: number;
  /** Numbers that damaged lines of the day may show (this time's and earlier starts'). */
  floors: NumberFloor[];
  damage: JournalDamage | null;
  /** The replay worked but leaving the file as replayed did not (a disk error): retry later. */
  repairError: Error | null;
  /** Lines whose state came from a checkpoint rather than being replayed one by one. */
  fromCheckpoint: number;
}

/**
 * Rebuilds `engine` from the newest day of the journal: lines the engine refuses are set
 * aside with the unreadable ones, and the day's file is left holding exactly what was
 * replayed. `rewrite` rewrites it even when it is whole (after a failed sync).
 */
export async function restoreDay(
  engine: Restorable,
  journal: TicketJournal,
  log: { error(obj: object, msg: string): void },
  loaded: LoadedDay | null,
  opts: { rewrite: boolean },
): Promise<Restored> {
  engine.reset();
  if (loaded?.resume) {
    // The checkpoint's state, then the lines after it. Only a tail that replays cleanly keeps
    // it: setting lines aside rewrites the day from all its lines, so that goes the long way.
    const r = loaded.resume;
    const tail = engine.importState(r.state) && engine.rev === r.rev ? replayLines(engine, loaded.day, loaded.buf, loaded.lines) : null;
    if (!tail || tail.inconsistent.length || tail.assumed || loaded.damaged.length || opts.rewrite) {
      engine.reset();
      loaded = await journal.loadLatest({ checkpoint: false });
    } else {
      return settled(engine, journal, log, loaded, tail, opts, r.lines);
    }
  }
  if (!loaded) return { day: null, replayed: 0, floors: [], damage: null, repairError: null, fromCheckpoint: 0 };
  return settled(engine, journal, log, loaded, replayLines(engine, loaded.day, loaded.buf, loaded.lines), opts, 0);
}

/**
 * Writes a checkpoint of today's journal (store/checkpoint.ts): the state a replay of its
 * complete lines gives — built in `blank`, a fresh engine, from the file itself and never
 * copied from the running engine, whose memory may hold more than the disk or differ in what
 * no replay would create. A day holding a line the replay refuses gets none (its next start
 * sets the line aside the long way). False when nothing was written.
 */
export async function checkpointDay(blank: Restorable & { exportState(): Buffer }, journal: TicketJournal): Promise<boolean> {
  const loaded = await journal.readForCheckpoint();
  if (!loaded || loaded.damaged.length) return false;
  blank.reset();
  if (loaded.resume && !(blank.importState(loaded.resume.state) && blank.rev === loaded.resume.rev)) return false;
  if (!loaded.resume && loaded.lines.length === 0) return false;
  const { inconsistent, assumed } = replayLines(blank, loaded.day, loaded.buf, loaded.lines);
  if (inconsistent.length || assumed || blank.serviceDay !== loaded.day) return false;
  await journal.saveCheckpoint(loaded, blank.rev, blank.exportState());
  return true;
}

async function settled(
  engine: Restorable,
  journal: TicketJournal,
  log: { error(obj: object, msg: string): void },
  loaded: LoadedDay,
  { inconsistent, assumed }: Replayed,
  opts: { rewrite: boolean },
  fromCheckpoint: number,
): Promise<Restored> {
  let repairError: Error | null = null;
  await journal.settle(loaded, inconsistent, assumed, opts).catch((e: Error) => (repairError = e));
  const found = [...loaded.damaged, ...inconsistent].sort((a, b) => a.line - b.line);
  const file = `journal/${damagedFileName(loaded.day)}`;
  if (found.length) {
    log.error(
      { day: loaded.day, lines: found.map((d) => d.line), reasons: found.map((d) => d.detail ?? d.reason), file },
      'journal: damaged lines set aside; the rest of the day was replayed',
    );
  }
  // A start killed between setting lines aside and rewriting the day finds them again: once.
  const known = new Set(loaded.earlier.map((d) => `${d.line}:${d.text}`));
  const all = [...loaded.earlier, ...found.filter((d) => !known.has(`${d.line}:${d.text}`))];
  return {
    day: loaded.day,
    replayed: fromCheckpoint + loaded.lines.length - inconsistent.length,
    fromCheckpoint,
    floors: numberFloors(all),
    damage: all.length ? { day: loaded.day, lines: all.map((d) => d.line), file } : null,
    repairError,
  };
}
