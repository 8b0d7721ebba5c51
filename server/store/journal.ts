// Append-only ticket journal: one JSON line per event, one file per service day.
// Appends made while a flush is in progress share the next write + datasync (group commit).
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { JournalEvent } from '../queue/events.js';
import { encodeCheckpoint, readCheckpointFile, verifyCheckpoint, writeCheckpointFile, type Checkpoint } from './checkpoint.js';
import { nodeFsOps, type AppendHandle, type FsOps } from './fs-ops.js';
import { parseDay, parseDayYielding, type DamagedLine, type JournalLine, type ParsedDay } from './journal-lines.js';

interface Attempt {
  abandoned: boolean;
}

interface Pending {
  day: string;
  lines: string;
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface JournalLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JournalOptions {
  fs?: FsOps;
  /**
   * How long one write or datasync may take before the disk counts as failing. A hung sync
   * cannot be cancelled; without a limit the kiosk would wait for it with no answer at all.
   */
  syncTimeoutMs?: number;
  /** Where the state at a clean stop is kept (store/checkpoint.ts); none when absent. */
  checkpointPath?: string | undefined;
}

/** A day's file as read for replay, before anything in it has been judged by the engine. */
export interface LoadedDay extends ParsedDay {
  day: string;
  buf: Buffer;
  /** Lines set aside from this day by earlier starts (`<day>.damaged.jsonl`). */
  earlier: DamagedLine[];
  /**
   * A verified checkpoint of the day's first lines: `lines`, `damaged` and `torn` then describe
   * only what follows it. Null when the whole day was parsed.
   */
  resume: Checkpoint | null;
}

const YIELD_EVERY = 2000;
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const FILE_RE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

function parseDamaged(buf: Buffer): DamagedLine[] {
  const out: DamagedLine[] = [];
  for (const l of buf.toString('utf8').split('\n')) {
    if (!l.trim()) continue;
    try {
      out.push(JSON.parse(l) as DamagedLine);
    } catch {
      // the file of damaged lines is itself damaged: keep the text, it may hold a number
      out.push({ line: 0, reason: 'unreadable', detail: null, text: l });
    }
  }
  return out;
}

export const damagedFileName = (day: string): string => `${day}.damaged.jsonl`;

function timeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`journal: ${what} did not finish within ${ms} ms`), { code: 'ETIMEDOUT' });
}

export class Journal {
  private handle: { day: string; fh: AppendHandle } | null = null;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** Set when a write or sync failed; cleared only by `resume()` after the office rebuilt itself. */
  private failed: Error | null = null;
  /**
   * Bumped at every failure: a flush that was waiting on the disk when it failed (a hung sync
   * that returns late) sees a new generation and may neither resolve nor write anything more.
   */
  private generation = 0;
  /** The day new events go to; moves forward at a `day:opened` event. */
  private day: string | null = null;
  private readonly fs: FsOps;
  private readonly timeoutMs: number;
  private tmpSeq = 0;
  private readonly checkpointPath: string | undefined;

  constructor(private readonly dir: string, private readonly log: JournalLog, opts: JournalOptions = {}) {
    this.fs = opts.fs ?? nodeFsOps;
    this.timeoutMs = opts.syncTimeoutMs ?? 2000;
    this.checkpointPath = opts.checkpointPath;
  }

  /** The error that stopped writing, while the journal refuses appends. */
  get failure(): Error | null {
    return this.failed;
  }

  /** Resolves once every event is on disk. Order of calls is order in the file. */
  append(events: JournalEvent[]): Promise<void> {
    if (events.length === 0) return this.flushed();
    if (this.failed) return Promise.reject(this.failed);
    const first = events[0]!;
    if (events.length === 1 && first.type !== 'day:opened' && this.day !== null) {
      // The common case (a tap, a call): one line and one waiter, no batching machinery.
      const day = this.day;
      const lines = JSON.stringify(first) + '\n';
      const done = new Promise<void>((resolve, reject) => this.queue.push({ day, lines, resolve, reject }));
      this.kick();
      return done;
    }
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
    if (this.failed) return Promise.reject(this.failed);
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) =>
      this.queue.push({ day: this.day ?? '', lines: '', resolve, reject }),
    );
    this.kick();
    return done;
  }

  private kick(): void {
    if (this.flushing || this.queue.length === 0) return;
    const generation = this.generation;
    this.flushing = this.flushLoop(generation).finally(() => {
      this.flushing = null;
      this.kick();
    });
  }

  /**
   * `op` within the time limit, or a timeout error. The operation itself cannot be cancelled
   * and runs on: a multi-step `op` is handed an attempt whose `abandoned` it must check before
   * each step that would change a file, so a hung call that returns late changes nothing.
   */
  private timed<T>(op: (attempt: Attempt) => Promise<T>, what: string, ms = this.timeoutMs): Promise<T> {
    const attempt: Attempt = { abandoned: false };
    // One promise settled by whichever comes first, not a race and a `finally`: three of these
    // run per flush, and the two extra promises each were a visible part of a flush's cost.
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        attempt.abandoned = true;
        reject(timeoutError(what, ms));
      }, ms);
      op(attempt).then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e as Error);
        },
      );
    });
  }

  private async flushLoop(generation: number): Promise<void> {
    while (this.queue.length > 0 && generation === this.generation) {
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
            const fh = await this.timed(() => this.fileFor(day, generation), 'open');
            await this.timed(() => fh.append(text), 'write');
            await this.timed(() => fh.datasync(), 'datasync');
          }
          // Acknowledgements leave only from here, after the sync of the lines they name.
          for (let k = i; k < j; k++) batch[k]!.resolve();
          i = j;
        }
      } catch (e) {
        this.fail(e as Error, batch);
        return;
      }
    }
  }

  /**
   * Nothing written since the last good sync can be trusted to be on the disk (after a failed
   * fsync Linux may even mark the pages clean), so every waiting append fails and the journal
   * refuses more until the office has re-read the file and rewritten it (see `reload`).
   */
  private fail(e: Error, batch: Pending[]): void {
    this.generation++;
    this.failed = e;
    this.log.error({ err: e }, 'journal: write failed; refusing changes until the disk works again');
    // The handle may be stuck in a hung call: drop it without waiting. Recovery replaces the
    // file with a new one, so a late write through this handle lands on an unlinked inode.
    const old = this.handle;
    this.handle = null;
    void old?.fh.close().catch(() => undefined);
    const waiting = [...batch, ...this.queue];
    this.queue = [];
    for (const p of waiting) p.reject(e);
  }

  /** Stops writing as after a failure (a repair that did not reach the disk): until `resume()`. */
  halt(e: Error): void {
    this.fail(e, []);
  }

  /** Writing again, after the office has rebuilt its state from `reload()`. */
  resume(): void {
    this.failed = null;
  }

  private async fileFor(day: string, generation: number): Promise<AppendHandle> {
    if (this.handle?.day === day) return this.handle.fh;
    const previous = this.handle;
    this.handle = null;
    await previous?.fh.close();
    await mkdir(this.dir, { recursive: true });
    const fh = await this.fs.openAppend(this.path(day));
    // A new file is only durable once its directory entry is.
    await this.fs.syncDir(this.dir);
    if (generation !== this.generation) {
      // An open that hung past its limit: the file may have been replaced since; never use it.
      void fh.close().catch(() => undefined);
      throw new Error('journal: a file opened after its time limit; dropped');
    }
    this.handle = { day, fh };
    return fh;
  }

  private path(day: string): string {
    return join(this.dir, `${day}.jsonl`);
  }

  async close(): Promise<void> {
    await this.flushed().catch(() => undefined);
    const h = this.handle;
    this.handle = null;
    await h?.fh.close();
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
   * The newest day that has anything in it, for replay; judging lines against the state is
   * the engine's, so nothing is repaired yet (see `settle`). A file holding only a torn line
   * is cut back and skipped, as a day without events.
   */
  loadLatest(opts: { checkpoint: boolean } = { checkpoint: true }): Promise<LoadedDay | null> {
    return this.load({ abandoned: false }, opts.checkpoint);
  }

  private async load(attempt: Attempt, useCheckpoint = false): Promise<LoadedDay | null> {
    const days = await this.days();
    for (let i = days.length - 1; i >= 0; i--) {
      const day = days[i]!;
      const buf = await this.fs.readFile(this.path(day));
      const cpFile = useCheckpoint && this.checkpointPath ? await readCheckpointFile(this.checkpointPath) : null;
      const resume = cpFile ? verifyCheckpoint(cpFile, day, buf) : null;
      const parsed = resume ? parseDay(buf, { offset: resume.bytes, lines: resume.lines }) : parseDay(buf);
      if (!resume && parsed.lines.length === 0 && parsed.damaged.length === 0) {
        if (parsed.torn) {
          // Cut back, or the day's next line would be glued to the torn one.
          this.log.warn({ day, bytes: parsed.torn.bytes, zeros: parsed.torn.zeros }, 'journal: torn last line dropped');
          await this.replaceFile(this.path(day), Buffer.alloc(0), attempt);
        }
        continue;
      }
      this.day = day;
      return { day, buf, ...parsed, earlier: await this.readDamaged(day), resume };
    }
    return null;
  }

  /**
   * The current day's file as it is now, for building a checkpoint: like `loadLatest` (the
   * present checkpoint, if it still covers a prefix, and the lines after it) but changing
   * nothing, neither the file nor where appends go. Null without a checkpoint file or a day.
   */
  async readForCheckpoint(): Promise<LoadedDay | null> {
    const day = this.day;
    if (!this.checkpointPath || day === null) return null;
    await this.flushed();
    // Under a time limit like every read here: a hung disk must not hang a clean stop.
    const buf = await this.timed(() => this.fs.readFile(this.path(day)), 'checkpoint read');
    const cpFile = await readCheckpointFile(this.checkpointPath);
    const resume = cpFile ? verifyCheckpoint(cpFile, day, buf) : null;
    const parsed = resume ? parseDay(buf, { offset: resume.bytes, lines: resume.lines }) : parseDay(buf);
    return { day, buf, ...parsed, earlier: [], resume };
  }

  /**
   * Keeps `state`, built by replaying the complete lines of `loaded` and nothing else, as the
   * checkpoint of that prefix of the day's file (its bytes up to `cleanEnd`).
   */
  async saveCheckpoint(loaded: LoadedDay, rev: number, state: Buffer): Promise<void> {
    if (!this.checkpointPath || loaded.cleanEnd === 0) return;
    const prefix = loaded.buf.subarray(0, loaded.cleanEnd);
    let lines = 0;
    for (let nl = prefix.indexOf(0x0a); nl >= 0; nl = prefix.indexOf(0x0a, nl + 1)) lines++;
    await writeCheckpointFile(this.checkpointPath, encodeCheckpoint({ day: loaded.day, bytes: prefix.length, lines, rev, state }, prefix));
  }

  /**
   * After a failure: the same load, with every file operation under a time limit (a disk that
   * still hangs keeps the journal failing instead of hanging recovery).
   */
  reload(): Promise<LoadedDay | null> {
    if (this.flushing) return Promise.reject(new Error('journal: a flush is still running'));
    return this.timed((attempt) => this.load(attempt), 'reload', this.timeoutMs * 5);
  }

  /** Replaces a file durably: flushed temp file, rename, directory sync. */
  private async replaceFile(path: string, data: Buffer, attempt: Attempt): Promise<void> {
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++this.tmpSeq}.tmp`);
    await this.fs.writeFlushed(tmp, data);
    if (attempt.abandoned) {
      // Too late: a newer attempt may have replaced the file since; this copy is stale.
      void this.fs.unlink(tmp).catch(() => undefined);
      throw new Error('journal: a file replacement finished after its time limit; dropped');
    }
    await this.fs.rename(tmp, path);
    await this.fs.syncDir(dirname(path));
  }

  /**
   * Leaves the loaded day's file holding exactly what was replayed. Damaged lines are first
   * added durably to `<day>.damaged.jsonl` (with their line numbers and raw text), then the day
   * is rewritten without them (temp file, flush, rename, directory sync). A crash between the
   * two leaves the old file whole: the next start finds the same lines and does it again.
   * `rewrite` forces the rewrite even when nothing is damaged: after a failed sync, pages that
   * read back fine may never reach the disk, and only writing them anew makes them durable.
   */
  async settle(loaded: LoadedDay, inconsistent: DamagedLine[], prepend: JournalEvent | null, opts: { rewrite: boolean }): Promise<void> {
    const work = async (attempt: Attempt) => {
      const damaged = [...loaded.damaged, ...inconsistent].sort((a, b) => a.line - b.line);
      if (damaged.length) await this.setAside(loaded.day, damaged, attempt);
      if (damaged.length || prepend || opts.rewrite) {
        const drop = new Set(inconsistent.map((d) => d.line));
        const parts: Buffer[] = prepend ? [Buffer.from(JSON.stringify(prepend) + '\n')] : [];
        for (const l of loaded.lines) if (!drop.has(l.line)) parts.push(loaded.buf.subarray(l.start, l.end + 1));
        await this.replaceFile(this.path(loaded.day), Buffer.concat(parts), attempt);
      } else if (loaded.torn) {
        // Replaced, not truncated: a truncate that hung past its limit and returned late would
        // cut whatever the day's file holds by then.
        this.log.warn({ day: loaded.day, bytes: loaded.torn.bytes, zeros: loaded.torn.zeros }, 'journal: torn last line dropped');
        await this.replaceFile(this.path(loaded.day), loaded.buf.subarray(0, loaded.cleanEnd), attempt);
      }
    };
    await this.timed(work, 'repair', this.timeoutMs * 5);
  }

  private async setAside(day: string, damaged: DamagedLine[], attempt: Attempt): Promise<void> {
    const path = join(this.dir, damagedFileName(day));
    const earlier = await this.fs.readFile(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return Buffer.alloc(0);
      throw e;
    });
    // A crash after this file was written and before the day's was: the same lines come again.
    const seen = new Set(parseDamaged(earlier).map((d) => `${d.line}:${d.text}`));
    const foundAt = new Date().toISOString();
    let added = '';
    for (const d of damaged) if (!seen.has(`${d.line}:${d.text}`)) added += JSON.stringify({ ...d, foundAt }) + '\n';
    if (added) await this.replaceFile(path, Buffer.concat([earlier, Buffer.from(added)]), attempt);
  }

  /** What earlier starts set aside from `day`. */
  async readDamaged(day: string): Promise<DamagedLine[]> {
    try {
      return parseDamaged(await this.fs.readFile(join(this.dir, damagedFileName(day))));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  /** Changes whenever the day's file does: lets readers cache what they derive from it. */
  async dayStamp(day: string): Promise<string | null> {
    try {
      const st = await stat(this.path(day));
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  }

  /**
   * One past day's lines, read whole (a day's file is a few MB at most: one read and a split
   * beat a line-by-line stream by far). `skipped` counts the lines that could not be read here
   * or were set aside earlier; a torn end is not counted: nothing acknowledged was in it.
   */
  async readDay(day: string): Promise<{ buf: Buffer; lines: JournalLine[]; skipped: number }> {
    let buf: Buffer;
    try {
      buf = await this.fs.readFile(this.path(day));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { buf: Buffer.alloc(0), lines: [], skipped: 0 };
      throw e;
    }
    // Reports read past days while kiosks issue: give the event loop back every few thousand
    // lines so no issue waits behind a whole day's parse.
    const parsed = await parseDayYielding(buf, YIELD_EVERY, yieldToLoop);
    return { buf, lines: parsed.lines, skipped: parsed.damaged.length + (await this.readDamaged(day)).length };
  }
}
