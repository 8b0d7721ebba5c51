// The storage seam of one office: its configuration and its ticket journal. The deployment
// (deployment.ts) opens one Store per office; the embedded default is files, PostgreSQL
// implements the same interfaces.
import type { JournalEvent } from '../queue/events.js';
import type { ClipStorage } from './clips.js';
import type { ConfigData } from './config.js';
import type { Repository } from './deployment.js';
import type { LoadedDay } from './journal.js';
import type { DamagedLine, JournalLine } from './journal-lines.js';
import type { WebhookStateStore } from '../webhooks/state-store.js';

export type ConfigRepository = Repository<ConfigData>;

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
  /** The stamps of many days at once, in order, when the store answers them in one go (a database). */
  dayStamps?(days: readonly string[]): Promise<(string | null)[]>;
  close(): Promise<void>;
}

export interface Store {
  config: ConfigRepository;
  journal: TicketJournal;
  /** Where derived files (report caches) may be kept. */
  cacheDir: string;
  /** The journal's folder, when it is one: report aggregates are then built by a worker thread. */
  journalDir?: string;
  /** The office's own folder, when it has one: uploaded voice clips live in `<filesDir>/clips`. */
  filesDir?: string;
  /** The office's voice clips when they are not in `<filesDir>/clips` (the database's). */
  clips?: ClipStorage;
  /** The webhooks' delivery cursors when they are not in `<filesDir>/webhooks.json` (the database's). */
  webhooks?: WebhookStateStore;
  close(): Promise<void>;
}
