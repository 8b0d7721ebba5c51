// The storage seam. The embedded default is files; a PostgreSQL store for a province
// running many offices would implement the same two interfaces.
import { join } from 'node:path';
import type { JournalEvent } from '../queue/events.js';
import { ConfigStore, type ConfigData, type ConfigSeed } from './config.js';
import { Journal, type JournalLog, type JournalOptions, type LoadedDay } from './journal.js';
import type { DamagedLine, JournalLine } from './journal-lines.js';

export interface ConfigRepository {
  readonly data: Readonly<ConfigData>;
  /** `changed`: false when the change left the config as it was (nothing written). */
  update<T>(change: (draft: ConfigData) => T): Promise<{ result: T; changed: boolean }>;
}

export interface TicketJournal {
  /** Resolves once the events are durable; rejects, and keeps rejecting, once writing failed. */
  append(events: JournalEvent[]): Promise<void>;
  flushed(): Promise<void>;
  /** The error that stopped writing, until `resume()`. */
  readonly failure: Error | null;
  /** `checkpoint: false` parses the whole day even when a checkpoint covers part of it. */
  loadLatest(opts?: { checkpoint: boolean }): Promise<LoadedDay | null>;
  /** The current day as it is now, to build a checkpoint from; changes nothing. */
  readForCheckpoint(): Promise<LoadedDay | null>;
  /** Keeps `state`, a replay of `loaded`'s complete lines, as the checkpoint of that prefix. */
  saveCheckpoint(loaded: LoadedDay, rev: number, state: Buffer): Promise<void>;
  /** `loadLatest` after a failure, under a time limit. */
  reload(): Promise<LoadedDay | null>;
  /** Sets damaged lines aside and leaves the day's file holding what was replayed. */
  settle(loaded: LoadedDay, inconsistent: DamagedLine[], prepend: JournalEvent | null, opts: { rewrite: boolean }): Promise<void>;
  resume(): void;
  /** Refuses appends as after a failed write, until `resume()`. */
  halt(e: Error): void;
  days(): Promise<string[]>;
  readDay(day: string): Promise<{ buf: Buffer; lines: JournalLine[]; skipped: number }>;
  dayStamp(day: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface Store {
  config: ConfigRepository;
  journal: TicketJournal;
  /** Where derived files (report caches) may be kept. */
  cacheDir: string;
  /** The journal's folder, when it is one: report aggregates are then built by a worker thread. */
  journalDir?: string;
  close(): Promise<void>;
}

export async function openFileStore(
  dir: string,
  seed: () => Promise<ConfigSeed>,
  log: JournalLog,
  journalOpts: JournalOptions = {},
): Promise<{ store: Store; created: boolean }> {
  const { store: config, created } = await ConfigStore.open(dir, seed);
  const journal = new Journal(join(dir, 'journal'), log, { checkpointPath: join(dir, 'cache', 'checkpoint.bin'), ...journalOpts });
  return {
    created,
    store: { config, journal, cacheDir: join(dir, 'cache'), journalDir: join(dir, 'journal'), close: () => journal.close() },
  };
}
