// A journal shared by several processes (PostgreSQL) also orders the commands: it runs them
// against the engine caught up with what the other processes committed (store/pg/journal.ts).
// The embedded journal has one writer and needs none of this.
import type { JournalEvent } from '../queue/events.js';
import type { TicketJournal } from './store.js';

/** What the office does with events committed elsewhere. */
export interface SequencerHooks {
  /** Applies one event another process committed; called in rev order, before local commands. */
  apply(event: JournalEvent): void;
  /** Events now durable (anyone's), in rev order; resolves once listeners were told. */
  tell(events: JournalEvent[]): Promise<void>;
}

/** Runs the commands of one office in one order across every process. */
export interface Sequencer {
  attach(hooks: SequencerHooks): void;
  /**
   * Runs `make` against the caught-up engine under the office's lock; resolves once its events
   * are committed and told. A refusal by the engine rejects with its own error; a database
   * failure with an error whose `code` is `database_unavailable`.
   */
  run<T extends { events: JournalEvent[] }>(make: () => T): Promise<T>;
  /** Reads what other processes committed since (on a notification, and by the clock tick). */
  catchUp(): void;
}

export function isSequencer(journal: TicketJournal): journal is TicketJournal & Sequencer {
  return typeof (journal as Partial<Sequencer>).run === 'function' && typeof (journal as Partial<Sequencer>).attach === 'function';
}

export function isDatabaseError(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'database_unavailable';
}
