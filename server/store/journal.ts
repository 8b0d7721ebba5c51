// Append-only ticket journal: one JSON line per event, one file per service day.
// Appends made while a flush is in progress share the next write + datasync (group commit).
import { mkdir, open, readdir, readFile, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalEvent } from '../queue/events.js';
import { fsyncDir } from './durable-file.js';

interface Pending {
  day: string;
  lines: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface JournalLog {
  warn(obj: object, msg: string): void;
}

const YIELD_EVERY = 2000;
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const FILE_RE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

export class Journal {
  private handle: { day: string; fh: FileHandle } | null = null;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private broken: Error | null = null;
  /** The day new events go to; moves forward at a `day:opened` event. */
  private day: string | null = null;

  constructor(private readonly dir: string, private readonly log: JournalLog) {}

  /** Resolves once every event is on disk. Order of calls is order in the file. */
  append(events: JournalEvent[]): Promise<void> {
    if (events.length === 0) return this.flushed();
    if (this.broken) return Promise.reject(this.broken);
    const promises: Promise<void>[] = [];
    let lines = '';
    const push = () => {
      if (!lines) return;
      const day = this.day!;
      const chunk = lines;
      promises.push(new Promise((resolve, reject) => this.queue.push({ day, lines: chunk, resolve, reject })));
      lines = '';
    };
    for (const e of events) {
      if (e.type === 'day:opened') {
        push();
        this.day = e.serviceDay;
      }
      if (this.day === null) throw new Error('journal: the first event must open a day');
      lines += JSON.stringify(e) + '\n';
    }
    push();
    this.kick();
    return Promise.all(promises).then(() => undefined);
  }

  /** Resolves when everything appended so far is durable. */
  flushed(): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) =>
      this.queue.push({ day: this.day ?? '', lines: '', resolve, reject }),
    );
    this.kick();
    return done;
  }

  private kick(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        let i = 0;
        while (i < batch.length) {
          const day = batch[i]!.day;
          let text = '';
          let j = i;
          for (; j < batch.length && (batch[j]!.day === day || !batch[j]!.lines); j++) text += batch[j]!.lines;
          if (text) {
            const fh = await this.fileFor(day);
            await fh.appendFile(text, 'utf8');
            await fh.datasync();
          }
          for (let k = i; k < j; k++) batch[k]!.resolve();
          i = j;
        }
      } catch (e) {
        // A journal that cannot write must not pretend: every later append fails too.
        this.broken = e as Error;
        for (const p of [...batch, ...this.queue]) p.reject(this.broken);
        this.queue = [];
        return;
      }
    }
  }

  private async fileFor(day: string): Promise<FileHandle> {
    if (this.handle?.day === day) return this.handle.fh;
    await this.handle?.fh.close();
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${day}.jsonl`);
    const fh = await open(path, 'a');
    // A new file is only durable once its directory entry is.
    await fsyncDir(this.dir);
    this.handle = { day, fh };
    return fh;
  }

  async close(): Promise<void> {
    await this.flushed().catch(() => undefined);
    await this.handle?.fh.close();
    this.handle = null;
  }

  /** Days that have a journal, oldest first. */
  async days(): Promise<string[]> {
    try {
      return (await readdir(this.dir))
        .map((f) => FILE_RE.exec(f)?.[1])
        .filter((d): d is string => d !== undefined)
        .sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /**
   * Loads the newest day that has events, for replay. A torn last line (power cut mid-write)
   * is dropped with a warning and cut off the file, so later appends start on a clean line.
   */
  async loadLatest(): Promise<{ day: string; events: JournalEvent[] } | null> {
    const days = await this.days();
    for (let i = days.length - 1; i >= 0; i--) {
      const day = days[i]!;
      const events = await this.loadDay(day);
      if (events.length > 0) {
        this.day = day;
        return { day, events };
      }
    }
    return null;
  }

  private async loadDay(day: string): Promise<JournalEvent[]> {
    const path = join(this.dir, `${day}.jsonl`);
    const text = await readFile(path, 'utf8');
    const events: JournalEvent[] = [];
    let offset = 0;
    let good = 0;
    while (offset < text.length) {
      const nl = text.indexOf('\n', offset);
      const line = nl < 0 ? text.slice(offset) : text.slice(offset, nl);
      const next = nl < 0 ? text.length : nl + 1;
      let parsed: JournalEvent | null = null;
      try {
        parsed = line.trim() ? (JSON.parse(line) as JournalEvent) : null;
      } catch {
        parsed = null;
      }
      if (parsed && nl >= 0) {
        events.push(parsed);
        good = next;
      } else if (line.trim()) {
        if (next < text.length) this.log.warn({ day, offset }, 'journal: unreadable line skipped');
        else this.log.warn({ day, offset, bytes: line.length }, 'journal: torn last line dropped');
      }
      offset = next;
    }
    if (text.length > 0 && !text.endsWith('\n')) {
      await truncate(path, Buffer.byteLength(text.slice(0, good)));
    }
    return events;
  }

  /** Changes whenever the day's file does: lets readers cache what they derive from it. */
  async dayStamp(day: string): Promise<string | null> {
    try {
      const st = await stat(join(this.dir, `${day}.jsonl`));
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  }

  /**
   * One past day's events, read whole (a day's file is a few MB at most: one read and a split
   * beat a line-by-line stream by far). Unreadable lines — a torn end — are skipped.
   */
  async readDay(day: string): Promise<JournalEvent[]> {
    let text: string;
    try {
      text = await readFile(join(this.dir, `${day}.jsonl`), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const events: JournalEvent[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      // Reports read past days while kiosks issue: give the event loop back every few
      // thousand lines so no issue waits behind a whole day's parse.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToLoop();
      const line = lines[i]!;
      if (!line) continue;
      try {
        events.push(JSON.parse(line) as JournalEvent);
      } catch {
        // a torn line at the end of a past day: nothing acknowledged was in it
      }
    }
    return events;
  }
}
