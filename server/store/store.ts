// The storage seam. The embedded default is files; a PostgreSQL store for a province
// running many offices would implement the same two interfaces.
import { join } from 'node:path';
import type { JournalEvent } from '../queue/events.js';
import { ConfigStore, type ConfigData, type ConfigSeed } from './config.js';
import { Journal, type JournalLog } from './journal.js';

export interface ConfigRepository {
  readonly data: Readonly<ConfigData>;
  /** `changed`: false when the change left the config as it was (nothing written). */
  update<T>(change: (draft: ConfigData) => T): Promise<{ result: T; changed: boolean }>;
}

export interface TicketJournal {
  append(events: JournalEvent[]): Promise<void>;
  flushed(): Promise<void>;
  loadLatest(): Promise<{ day: string; events: JournalEvent[] } | null>;
  days(): Promise<string[]>;
  readDay(day: string): Promise<JournalEvent[]>;
  dayStamp(day: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface Store {
  config: ConfigRepository;
  journal: TicketJournal;
  /** Where derived files (report caches) may be kept. */
  cacheDir: string;
  close(): Promise<void>;
}

export async function openFileStore(
  dir: string,
  seed: () => Promise<ConfigSeed>,
  log: JournalLog,
): Promise<{ store: Store; created: boolean }> {
  const { store: config, created } = await ConfigStore.open(dir, seed);
  const journal = new Journal(join(dir, 'journal'), log);
  return {
    created,
    store: { config, journal, cacheDir: join(dir, 'cache'), close: () => journal.close() },
  };
}
