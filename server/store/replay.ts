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
}

export interface Restored {
  day: string | null;
  replayed: number;
  /** Numbers that damaged lines of the day may show (this time's and earlier starts'). */
  floors: NumberFloor[];
  damage: JournalDamage | null;
  /** The replay worked but leaving the file as replayed did not (a disk error): retry later. */
  repairError: Error | null;
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
  if (!loaded) return { day: null, replayed: 0, floors: [], damage: null, repairError: null };
  const { inconsistent, assumed } = replayLines(engine, loaded.day, loaded.buf, loaded.lines);
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
    replayed: loaded.lines.length - inconsistent.length,
    floors: numberFloors(all),
    damage: all.length ? { day: loaded.day, lines: all.map((d) => d.line), file } : null,
    repairError,
  };
}
