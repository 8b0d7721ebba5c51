// Ticket bytes are built on a worker thread (render-worker.ts), so a render never holds up the
// event loop that answers kiosks: a warm ticket costs ~0.3 ms there, but the first of a service
// (its static parts) or a new number size (its glyphs) costs several ms. One thread for the
// whole process, shared by every printer: jobs come back in the order they were sent, which is
// the order they are queued for the printer. If the thread cannot start or dies, the jobs are
// built on the main thread instead (slower, never lost).
import { Worker } from 'node:worker_threads';
import type { TicketPrintJob } from './types.js';
import { fromWire, type IoReply, type IoRequest } from './tcp-wire.js';

export type ToRenderer =
  | { seq: number; job: TicketPrintJob; paperWidth: 58 | 80; textMode: { codePage: number; encoding: string } | null; keep?: true; io?: undefined }
  | { seq: number; io: IoRequest };
export type ToPool =
  | { seq: number; ok: true; bytes: ArrayBuffer; length: number; ready?: undefined; io?: undefined }
  | { seq: number; ok: true; ready: true; io?: undefined }
  | { seq: number; ok: false; message: string; io?: undefined }
  | IoReply;

type RenderRequest = Omit<Extract<ToRenderer, { job: TicketPrintJob }>, 'seq' | 'keep'>;

/**
 * A ticket drawn on the thread and kept there for its network printer (hold()): `ref` names its
 * bytes in the thread's `executeKept` and `release`.
 */
export interface HeldJob {
  readonly ref: number;
  readonly msg: RenderRequest;
  /** Settles only if the drawing could not even be posted (something uncloneable in the job). */
  readonly unsent: Promise<Error>;
  /** The bytes drawn on this thread, once the thread is gone (redraw()). */
  here?: Promise<Buffer>;
}

interface Waiting {
  msg: RenderRequest;
  resolve(bytes: Buffer): void;
  reject(err: Error): void;
}

export interface PoolLog {
  error(obj: object, msg?: string): void;
}

const tsxApi = (): string => import.meta.resolve('tsx/esm/api');
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './render-worker.ts' : './render-worker.js', import.meta.url);

/** Builds a job's bytes on the main thread: the fallback, and what the worker itself runs. */
async function buildHere(m: RenderRequest): Promise<Buffer> {
  const [{ renderTicketBitmap }, { buildRasterJob, buildTextJob }] = await Promise.all([import('./render.js'), import('./escpos.js')]);
  return m.textMode
    ? buildTextJob(m.job, m.textMode, m.paperWidth)
    : buildRasterJob(renderTicketBitmap(m.job, { width: m.paperWidth === 80 ? 576 : 384 }), { paperWidth: m.paperWidth, qr: m.job.trackUrl });
}

class RenderPool {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** Printer connection calls (tcp-thread.ts) waiting for the thread's answer. */
  private readonly ioWaiting = new Map<number, { resolve(v: unknown): void; reject(err: Error): void }>();
  /** Set once the thread failed to start or died: later jobs are built here. */
  private broken = false;

  private log: PoolLog | null = null;
  private readyWaiters: (() => void)[] = [];
  private isReady = false;

  /** Resolves once the thread has rendered its first page (or tickets are rendered here instead). */
  ready(): Promise<void> {
    if (!this.broken) this.spawn();
    if (this.isReady || this.broken) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private markReady(): void {
    this.isReady = true;
    for (const r of this.readyWaiters.splice(0)) r();
  }

  /** Starts the thread now (a printer is configured), so the first ticket does not wait for it. */
  warm(log: PoolLog): void {
    this.log ??= log;
    if (!this.broken) this.spawn();
  }

  build(job: TicketPrintJob, paperWidth: 58 | 80, textMode: RenderRequest['textMode']): Promise<Buffer> {
    const worker = this.broken ? null : this.spawn();
    if (!worker) return buildHere({ job, paperWidth, textMode });
    const seq = ++this.seq;
    const msg = { job, paperWidth, textMode };
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(seq, { msg, resolve, reject });
      // A job with something uncloneable (never from the office) fails alone, not the thread.
      this.send(worker, { seq, ...msg }, (err) => {
        this.waiting.delete(seq);
        reject(err);
      });
      // Only while jobs wait does the thread keep the process alive.
      worker.ref();
    });
  }

  /**
   * Draws a ticket on the thread and keeps its bytes there, for a printer whose connections are
   * there too (tcp-thread.ts executeHeld): nothing comes back until the job has been sent, so a
   * printed ticket costs one post each way instead of two, and its ~50 kB are not copied to
   * this thread and back. null while the thread does not host the printers' connections: then
   * build() and execute(bytes).
   */
  hold(job: TicketPrintJob, paperWidth: 58 | 80, textMode: RenderRequest['textMode']): HeldJob | null {
    const worker = this.worker;
    if (!worker || !this.hostsIo()) return null;
    const seq = ++this.seq;
    const msg = { job, paperWidth, textMode };
    let unsent!: (err: Error) => void;
    const held: HeldJob = { ref: seq, msg, unsent: new Promise<Error>((r) => (unsent = r)) };
    this.send(worker, { seq, ...msg, keep: true }, unsent);
    return held;
  }

  /** A held job's bytes drawn here: the thread that kept them is gone. */
  redraw(held: HeldJob): Promise<Buffer> {
    held.here ??= buildHere(held.msg);
    return held.here;
  }

  /**
   * Messages posted in one turn go as one: each post wakes the thread, and that wake-up costs
   * the main thread ~40 µs on a VM, as much as the rest of a small post (a burst of tickets
   * posts many drawings).
   * They go after the turn's I/O callbacks and microtasks (setImmediate, not a microtask): the
   * woken thread competes for a core with this one, and a post made inside a flush's or an
   * ack's microtasks slowed both. Posted then, a job is drawn and goes to the printer once its
   * ack has been written.
   */
  private outbox: { msg: ToRenderer; failed?: ((err: Error) => void) | undefined }[] = [];

  private send(worker: Worker, msg: ToRenderer, failed?: (err: Error) => void): void {
    this.outbox.push({ msg, failed });
    if (this.outbox.length === 1) setImmediate(() => this.flush(worker));
  }

  private flush(worker: Worker): void {
    const out = this.outbox;
    this.outbox = [];
    // A thread that died since is fail()'s: the jobs it was sent are still in `waiting`.
    if (worker !== this.worker || out.length === 0) return;
    try {
      worker.postMessage(out.length === 1 ? out[0]!.msg : out.map((o) => o.msg));
    } catch {
      // Something in the batch cannot be cloned: each goes alone, and only that one fails.
      for (const o of out) {
        try {
          worker.postMessage(o.msg);
        } catch (err) {
          o.failed?.(err as Error);
        }
      }
    }
  }

  /**
   * Whether the network printers' connections can be handed to the thread: once it is up (its
   * first page drawn). Before that, and for good once it has failed, they stay on this thread.
   */
  hostsIo(): boolean {
    return this.isReady && !this.broken && this.worker !== null;
  }

  /** A printer connection call on the thread (only when hostsIo()); `abort` posts an abort for it. */
  io(req: IoRequest & { op: 'execute' | 'executeKept' | 'readStatus' | 'isConnected' }, signal?: AbortSignal): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(fromWire({ message: 'the printer connection thread is gone', code: 'ETHREAD', offline: false }));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.ioWaiting.set(seq, { resolve, reject });
      this.send(worker, { seq, io: req }, (err) => {
        this.ioWaiting.delete(seq);
        reject(err);
      });
      worker.ref();
      signal?.addEventListener('abort', () => this.ioWaiting.has(seq) && this.ioNote({ op: 'abort', call: seq }), { once: true });
    });
  }

  /** A call without an answer (warm, close, abort, release); dropped when the thread is gone. */
  ioNote(req: IoRequest & { op: 'warm' | 'close' | 'abort' | 'release' }): void {
    if (this.worker) this.send(this.worker, { seq: 0, io: req });
  }

  private spawn(): Worker | null {
    if (this.worker) return this.worker;
    try {
      // Under tsx (npm start, tests) the worker needs tsx's loader before its own file (see
      // report-builder.ts).
      const worker = workerUrl.pathname.endsWith('.ts')
        ? new Worker(`import(${JSON.stringify(tsxApi())}).then((m) => m.register()).then(() => import(${JSON.stringify(workerUrl.href)}))`, { eval: true })
        : new Worker(workerUrl);
      worker.unref();
      worker.on('message', (m: ToPool) => this.onMessage(m));
      worker.on('error', (err) => this.fail(worker, err));
      worker.on('exit', (code) => this.fail(worker, new Error(`ticket renderer thread exited (${code})`)));
      this.worker = worker;
      return worker;
    } catch (err) {
      this.broken = true;
      this.markReady();
      this.log?.error({ err }, 'print: no renderer thread, tickets are rendered on the main thread');
      return null;
    }
  }

  private onMessage(m: ToPool): void {
    if (m.io) {
      const w = this.ioWaiting.get(m.seq);
      if (!w) return;
      this.ioWaiting.delete(m.seq);
      this.unrefIfIdle();
      return m.ok ? w.resolve(m.value) : w.reject(fromWire(m.error));
    }
    if (m.ok && m.ready) return this.markReady();
    const w = this.waiting.get(m.seq);
    if (!w) return;
    this.waiting.delete(m.seq);
    this.unrefIfIdle();
    if (m.ok) w.resolve(Buffer.from(m.bytes, 0, m.length));
    else w.reject(new Error(m.message));
  }

  private unrefIfIdle(): void {
    if (this.waiting.size === 0 && this.ioWaiting.size === 0) this.worker?.unref();
  }

  private fail(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.broken = true;
    this.markReady();
    this.log?.error({ err }, 'print: the renderer thread stopped, tickets are rendered on the main thread');
    // An attempt under way there has an unknown end: it fails, and the queue sends the job again
    // from this thread (a duplicate slip rather than a lost one).
    for (const w of this.ioWaiting.values()) w.reject(fromWire({ message: `the printer connection thread stopped (${err.message})`, code: 'ETHREAD', offline: false }));
    this.ioWaiting.clear();
    // The jobs it held are built here, in their order: none is lost with the thread.
    const held = [...this.waiting.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w);
    this.waiting.clear();
    void (async () => {
      for (const w of held) await buildHere(w.msg).then(w.resolve, w.reject);
    })();
  }
}

export const renderPool = new RenderPool();
