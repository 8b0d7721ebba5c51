// The print queue. Issuing a ticket must never wait on paper: print() answers within the ack
// time, and a printer that is off, jammed or slow only delays its own queue, which keeps
// retrying in order until each job prints or is too old to matter (the citizen has gone).
//
// Answers of print():
//   printed  — the printer took the job within the ack time;
//   queued   — not yet printed, will be retried (includes "printer offline right now");
//   failed   — given up: too old, not renderable, bad printer configuration, or closed;
//   disabled — target `none`.
// submit() answers the same way as soon as the job is queued, without waiting for the printer
// (a kiosk's ack, issue 10); watch() then tells how that job ends.
// A job id is printed at most once; repeating it returns that job's state (unless `reprint`).
import type { PrinterState, PrinterStatus, PrintStatus } from '../../shared/types.js';
import type { PaperDots } from './render.js';
import { renderPool, type HeldJob } from './render-pool.js';
import { conditionOf, type HardwareStatus, type PrinterCondition } from './status.js';
import { ThreadedTcpTransport } from './tcp-thread.js';
import { parseTarget, PrinterConditionError, TcpTransport, toTransportError, type PrinterTransport } from './transport.js';
import type { JobListener, JobOutcome, PrinterConfig, TicketPrinter, TicketPrintJob } from './types.js';

export interface PrintLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

type PrintResult = { status: PrintStatus; message?: string };

const silentLog: PrintLog = { info() {}, warn() {}, error() {} };

/** How many finished job ids are remembered for de-duplication (a day's tickets, roughly). */
const HISTORY_LIMIT = 5000;
const NO_BYTES = Buffer.alloc(0);
const NOT_CHECKED = 'Chưa kiểm tra máy in (not checked yet)';

interface Settings {
  target: string;
  paperWidth: 58 | 80;
  dots: PaperDots;
  ackTimeoutMs: number;
  attemptTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  staleAfterMs: number;
  probeIntervalMs: number;
  statusTimeoutMs: number;
  timeZone: string;
  textMode: { codePage: number; encoding: string } | null;
}

const num = (v: unknown, fallback: number, min: number, max: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.min(v, max) : fallback;

function settingsOf(config: PrinterConfig): Settings {
  const paperWidth = config.paperWidth === 58 ? 58 : 80;
  return {
    target: String(config.target ?? ''),
    paperWidth,
    dots: paperWidth === 80 ? 576 : 384,
    // The kiosk is told something within 2 s whatever the configuration says.
    ackTimeoutMs: num(config.ackTimeoutMs, 1500, 0, 2000),
    attemptTimeoutMs: num(config.attemptTimeoutMs, 4000, 50, 60_000),
    retryBaseMs: num(config.retryBaseMs, 1000, 1, 600_000),
    retryMaxMs: num(config.retryMaxMs, 30_000, 1, 3_600_000),
    staleAfterMs: num(config.staleAfterMs, 10 * 60_000, 1, 24 * 3_600_000),
    probeIntervalMs: num(config.probeIntervalMs, 15_000, 0, 24 * 3_600_000),
    statusTimeoutMs: num(config.statusTimeoutMs, 800, 50, 5000),
    timeZone: config.timeZone || 'Asia/Ho_Chi_Minh',
    textMode: config.textMode ?? null,
  };
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

interface QueuedJob {
  id: string;
  /** What staff recognise in messages: the ticket number. */
  label: string;
  bytes: Buffer;
  /** The drawing, while the renderer thread is still at it (`bytes` is empty until then). */
  drawing?: Promise<Buffer> | undefined;
  /** Drawn and kept on the renderer thread, which sends it (`bytes` stays empty): a network printer's ticket. */
  held?: HeldJob | undefined;
  enqueuedAt: number;
  attempts: number;
  state: 'queued' | 'printing' | 'printed' | 'failed';
  message?: string;
  /** Resolves once print() can answer: printed, given up, or the first attempt failed. */
  answer: Deferred;
  /** watch() callers, each with the answer it last had (told again only when that changes). */
  watchers?: Map<JobListener, string>;
}

const keyOf = (r: PrintResult): string => `${r.status}\n${r.message ?? ''}`;

interface Renderers {
  render: typeof import('./render.js');
  escpos: typeof import('./escpos.js');
}

let renderers: Promise<Renderers> | null = null;

/**
 * The test page's renderer on the main thread, loaded on first need: @napi-rs/canvas is a
 * ~30 MB native addon that takes about 0.6 s to load. Tickets are rendered on the renderer
 * thread (render-pool.ts).
 */
function loadRenderers(): Promise<Renderers> {
  renderers ??= Promise.all([import('./render.js'), import('./escpos.js')]).then(([render, escpos]) => ({ render, escpos }));
  return renderers;
}

/** After a job, the printer is asked again soon: paper that ran out during it is reported now, not at the next idle check. */
const AFTER_JOB_CHECK_MS = 1500;
/** How soon listeners hear of a change in the number of waiting jobs alone. */
const PENDING_NOTICE_MS = 250;
/** While the printer reports a condition, how often it is asked again (the check sends no job, so it is cheap). */
const CONDITION_RETRY_MS = 2000;

const secs = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 1000)} giây` : `${ms} ms`);

class QueuePrinter implements TicketPrinter {
  private readonly s: Settings;
  private state: PrinterStatus = { status: 'ok', message: NOT_CHECKED, pending: 0 };
  private readonly listeners = new Set<(status: PrinterStatus) => void>();
  private readonly jobs = new Map<string, QueuedJob>();
  private queue: QueuedJob[] = [];
  private failures = 0;
  private retryAt = 0;
  private worker: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private inflight: AbortController | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private testSeq = 0;
  /** The status listeners were last told, and the timer of a notice about `pending` alone. */
  private told: PrinterStatus | null = null;
  private noticeTimer: NodeJS.Timeout | undefined;
  /**
   * Whether this printer answers status requests. `no` is concluded only when a job printed
   * although the status request went unanswered; then jobs are sent without asking first (no
   * wait on each ticket), and the idle checks keep asking in case the printer is replaced.
   */
  private statusSupport: 'unknown' | 'yes' | 'no' = 'unknown';

  constructor(config: PrinterConfig, private readonly transport: PrinterTransport, private readonly log: PrintLog) {
    this.s = settingsOf(config);
    this.scheduleProbe(0);
    // The renderer thread (fonts, Skia start-up: ~1 s) starts now, in the background, rather
    // than on the first citizen's ticket.
    renderPool.warm(this.log);
  }

  print(job: TicketPrintJob): Promise<PrintResult> {
    return this.take(job, true);
  }

  submit(job: TicketPrintJob): Promise<PrintResult> {
    return this.take(job, false);
  }

  watch(jobId: string, listener: JobListener): () => void {
    const q = this.jobs.get(jobId);
    // Never queued (refused before the queue): its answer was already final.
    if (!q) return () => undefined;
    const now = this.resultOf(q, true);
    if (now.status === 'printed' || now.status === 'failed') {
      // Ended between the answer and this call: told on the next turn, so after that answer.
      const timer = setImmediate(() => this.tell(listener, now as JobOutcome));
      return () => clearImmediate(timer);
    }
    (q.watchers ??= new Map()).set(listener, keyOf(now));
    return () => q.watchers?.delete(listener);
  }

  /** `wait`: answer within the ack time (print()); otherwise as soon as the job is queued (submit()). */
  private async take(job: TicketPrintJob, wait: boolean): Promise<PrintResult> {
    // Fix: the ack time used to count from this call, after the journal write and behind the
    // renders of other kiosks' tickets: with 20 kiosks issuing at once and a jammed printer the
    // kiosks waited 2.0–2.5 s for their number (test/reliability/printer-matrix.test.ts). It
    // counts from when the request reached the office, when the caller says so.
    const now = Date.now();
    const started = typeof job?.receivedAt === 'number' && job.receivedAt <= now ? job.receivedAt : now;
    try {
      if (!job || typeof job.id !== 'string' || job.id === '') return { status: 'failed', message: 'Phiếu in không hợp lệ (job without id)' };
      if (this.closed) return { status: 'failed', message: 'Máy in đã đóng (printer closed)' };
      // Everything from this lookup to the job in the queue is synchronous, so two concurrent
      // calls with one id can never both get through.
      const existing = this.jobs.get(job.id);
      const finished = existing && (existing.state === 'printed' || existing.state === 'failed');
      if (existing && !(job.reprint && finished)) return wait ? await this.answer(existing, started) : this.resultOf(existing, true);
      const q = this.queueDrawing(job);
      return wait ? await this.answer(q, started) : this.resultOf(q, true);
    } catch (err) {
      this.log.error({ err }, 'print: unexpected error');
      return { status: 'failed', message: 'Lỗi in không xác định (unexpected print error)' };
    }
  }

  /**
   * Queues the job at once, in call order, with its drawing still under way on the renderer
   * thread: the queue waits for a head's drawing before sending it, an answer never does
   * (issue 10). A drawing that fails gives the job up.
   * Nothing is drawn, nor a connection opened, while the ticket is made durable: the thread's
   * work then took a core from the journal's datasync and delayed every ack by ~0.5 ms on 2
   * cores (bench/print.ts). Asked for here, both start once the ack is written (render-pool.ts
   * send() posts them together after the turn), and the job waits for no connect once drawn.
   */
  private queueDrawing(job: TicketPrintJob): QueuedJob {
    // A network printer's ticket is drawn and kept where its connection is: its bytes never
    // come here, and the thread answers once, when the job has been sent (tcp-thread.ts).
    const held = this.transport.hold?.(job, this.s.paperWidth, this.s.textMode) ?? null;
    const drawing = held ? undefined : renderPool.build(job, this.s.paperWidth, this.s.textMode);
    // Not towards a printer known to be down, nor one without status commands: no connect per ticket.
    if (this.statusSupport !== 'no' && this.state.status === 'ok' && this.retryAt <= Date.now()) this.transport.warm?.();
    const q = this.enqueue(job.id, String(job.number ?? job.id), NO_BYTES, drawing, held ?? undefined);
    if (held) void held.unsent.then((err) => this.drawingFailed(q, err));
    drawing?.then(
      (bytes) => {
        if (q.state === 'queued') q.bytes = bytes;
        q.drawing = undefined;
      },
      (err: unknown) => {
        q.drawing = undefined;
        this.drawingFailed(q, err);
      },
    );
    return q;
  }

  /** A ticket that could not be drawn is given up: it would fail the same way on every retry. */
  private drawingFailed(q: QueuedJob, err: unknown): void {
    if (q.state === 'printed' || q.state === 'failed') return;
    this.log.error({ err, jobId: q.id }, 'print: could not build the ticket');
    this.queue = this.queue.filter((j) => j !== q);
    this.settle(q, 'failed', `Không tạo được phiếu in (${(err as Error)?.message ?? err})`);
    this.setStatus({});
  }

  async test(): Promise<PrintResult> {
    const started = Date.now();
    try {
      // Rare (staff asks for it): drawn on the main thread, loading the renderer here on first use.
      const mods = await loadRenderers().catch(() => null);
      if (!mods) return { status: 'failed', message: 'Không tải được bộ vẽ phiếu (ticket renderer not available)' };
      const { render, escpos } = mods;
      if (this.closed) return { status: 'failed', message: 'Máy in đã đóng (printer closed)' };
      const now = new Date();
      const target = this.transport.describe;
      const bytes = this.s.textMode
        ? escpos.buildTextTestPage({ now, timeZone: this.s.timeZone, target }, this.s.textMode, this.s.paperWidth)
        : escpos.buildRasterJob(render.renderTestPageBitmap({ width: this.s.dots, target, now, timeZone: this.s.timeZone }), {
            paperWidth: this.s.paperWidth,
            qr: 'LUOT TEST OK',
          });
      const q = this.enqueue(`test-${now.getTime()}-${++this.testSeq}`, 'in thử', bytes);
      return await this.answer(q, started);
    } catch (err) {
      this.log.error({ err }, 'print: test page failed');
      return { status: 'failed', message: `Không tạo được trang in thử (${(err as Error)?.message ?? err})` };
    }
  }

  status(): PrinterStatus {
    return { ...this.state };
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    clearTimeout(this.noticeTimer);
    this.wake?.();
    this.inflight?.abort();
    this.transport.close?.();
    try {
      await this.worker;
    } catch {
      // drain() never rejects; nothing to do.
    }
    for (const q of this.queue) this.settle(q, 'failed', 'Máy in đã đóng trước khi in (printer closed)');
    const lost = this.queue.length;
    this.queue = [];
    if (lost) this.log.warn({ lost }, 'print: closed with jobs still queued');
    this.listeners.clear();
  }

  // -------------------------------------------------------------------------------------------

  private enqueue(id: string, label: string, bytes: Buffer, drawing?: Promise<Buffer>, held?: HeldJob): QueuedJob {
    const q: QueuedJob = { id, label, bytes, drawing, held, enqueuedAt: Date.now(), attempts: 0, state: 'queued', answer: deferred() };
    this.jobs.delete(id);
    this.jobs.set(id, q);
    this.forgetOldJobs();
    this.queue.push(q);
    this.setStatus({});
    this.kick();
    return q;
  }

  private async answer(q: QueuedJob, started: number): Promise<PrintResult> {
    // While backing off the printer will not be tried before the ack time runs out: say so now.
    if (q.state === 'queued' && this.retryAt > Date.now()) return this.resultOf(q);
    const remaining = this.s.ackTimeoutMs - (Date.now() - started);
    if (remaining > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([q.answer.promise, new Promise<void>((r) => (timer = setTimeout(r, remaining)))]);
      clearTimeout(timer);
    }
    return this.resultOf(q);
  }

  /**
   * `onTheWay`: a job just queued on a printer with nothing wrong is plainly on its way: no
   * message (the kiosk shows "printing", not a trouble note). Otherwise a queued job carries why
   * it waits.
   */
  private resultOf(q: QueuedJob, onTheWay = false): PrintResult {
    if (q.state === 'printed') return { status: 'printed' };
    if (q.state === 'failed') return { status: 'failed', message: q.message ?? 'Không in được (not printed)' };
    if (onTheWay && this.state.status === 'ok' && this.retryAt <= Date.now()) return { status: 'queued' };
    const why = this.state.status === 'ok' ? 'Đang chờ in (waiting for the printer)' : (this.state.message ?? 'Máy in chưa sẵn sàng');
    return { status: 'queued', message: why };
  }

  private forgetOldJobs(): void {
    if (this.jobs.size <= HISTORY_LIMIT) return;
    for (const [id, q] of this.jobs) {
      if (this.jobs.size <= HISTORY_LIMIT * 0.8) break;
      if (q.state === 'printed' || q.state === 'failed') this.jobs.delete(id);
    }
  }

  private settle(q: QueuedJob, state: 'printed' | 'failed', message?: string): void {
    q.state = state;
    if (message) q.message = message;
    q.bytes = NO_BYTES;
    if (q.held) this.transport.release?.(q.held);
    q.held = undefined;
    q.answer.resolve();
    const watchers = q.watchers;
    q.watchers = undefined;
    if (watchers) for (const listener of watchers.keys()) this.tell(listener, this.resultOf(q) as JobOutcome);
  }

  /** A job still waits, now for a (new) reason: its watchers hear it, once per reason. */
  private stillWaiting(q: QueuedJob): void {
    q.answer.resolve();
    if (!q.watchers) return;
    const now = this.resultOf(q);
    const key = keyOf(now);
    for (const [listener, told] of q.watchers) {
      if (told === key) continue;
      q.watchers.set(listener, key);
      this.tell(listener, now as JobOutcome);
    }
  }

  private tell(listener: JobListener, outcome: JobOutcome): void {
    try {
      listener(outcome);
    } catch (err) {
      this.log.error({ err }, 'print: job listener threw');
    }
  }

  private kick(): void {
    if (this.worker || this.closed) return;
    this.worker = this.drain()
      .catch((err) => this.log.error({ err }, 'print: queue worker failed'))
      .finally(() => {
        this.worker = null;
        // A job may have arrived between the loop's last look and this point.
        if (this.queue.length > 0 && !this.closed) this.kick();
      });
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      this.dropStale();
      const head = this.queue[0];
      if (!head) return;
      const now = Date.now();
      if (this.retryAt > now) {
        // Wake for the retry, or earlier when the head goes stale so it is dropped on time.
        const staleAt = head.enqueuedAt + this.s.staleAfterMs + 1;
        await this.sleep(Math.min(this.retryAt, staleAt) - now);
        continue;
      }
      if (head.drawing) {
        // Settled by queueDrawing() either way: drawn, or given up and out of the queue.
        await head.drawing.catch(() => undefined);
        continue;
      }
      await this.attempt(head);
    }
  }

  private async attempt(q: QueuedJob): Promise<void> {
    q.state = 'printing';
    q.attempts++;
    const ac = new AbortController();
    this.inflight = ac;
    const timeoutMs = this.s.attemptTimeoutMs;
    let guard: NodeJS.Timeout | undefined;
    const statusTimeoutMs = this.transport.readStatus && this.statusSupport !== 'no' ? this.s.statusTimeoutMs : 0;
    try {
      // The transports keep their own deadline; this guard only covers one that forgets to.
      const result = await Promise.race([
        q.held && this.transport.executeHeld
          ? this.transport.executeHeld(q.held, { timeoutMs, signal: ac.signal, statusTimeoutMs })
          : this.transport.execute(q.bytes, { timeoutMs, signal: ac.signal, statusTimeoutMs }),
        new Promise<never>((_, reject) => {
          guard = setTimeout(() => {
            ac.abort();
            reject(toTransportError(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'EPRINTER_TIMEOUT' })));
          }, timeoutMs + 1000);
        }),
      ]);
      this.queue = this.queue.filter((j) => j !== q);
      // The thread let go of a held ticket's bytes when it printed: no release to post.
      q.held = undefined;
      this.settle(q, 'printed');
      this.failures = 0;
      this.retryAt = 0;
      this.log.info({ jobId: q.id, number: q.label, attempts: q.attempts }, 'print: printed');
      const status = result ? result.status : undefined;
      if (status === null && this.statusSupport === 'unknown') this.statusSupport = 'no';
      if (status) this.statusSupport = 'yes';
      const condition = status ? conditionOf(status) : null;
      this.setStatus({ status: 'ok', message: condition?.message, paperNearEnd: condition?.paperNearEnd || undefined });
      if (this.queue.length === 0 && this.statusSupport === 'yes') this.scheduleProbe(AFTER_JOB_CHECK_MS);
    } catch (err) {
      if (this.closed) {
        q.state = 'queued';
        return;
      }
      if (err instanceof PrinterConditionError) {
        this.holdFor(q, err.condition, err.status);
        return;
      }
      const e = toTransportError(err);
      // Not the printer's fault: the job alone is given up (or already was, its drawing unsent).
      if (e.code === 'EDRAWING' || (q.state as QueuedJob['state']) === 'failed') {
        this.drawingFailed(q, e);
        return;
      }
      this.failures++;
      const delay = Math.min(this.s.retryMaxMs, this.s.retryBaseMs * 2 ** Math.min(this.failures - 1, 20));
      this.retryAt = Date.now() + delay;
      q.state = 'queued';
      const status: PrinterState = e.offline ? 'offline' : 'error';
      const head = e.offline ? 'Máy in không phản hồi' : 'Lỗi máy in';
      this.log.warn({ jobId: q.id, number: q.label, attempt: q.attempts, code: e.code, err: e.message, retryInMs: delay }, 'print: attempt failed');
      this.setStatus({ status, message: `${head}: ${e.message} – thử lại sau ${secs(delay)}` });
      // No job behind this one can print before the back-off ends: answer all their callers now.
      for (const waiting of this.queue) this.stillWaiting(waiting);
    } finally {
      clearTimeout(guard);
      this.inflight = null;
    }
  }

  /**
   * The printer said it cannot print (no paper, cover open…): the job was not sent and waits.
   * It is asked again every few seconds without the usual growing back-off, so the ticket
   * prints soon after the paper is changed; logged once per condition, not per check.
   */
  private holdFor(q: QueuedJob, condition: PrinterCondition, status: HardwareStatus): void {
    this.statusSupport = 'yes';
    this.failures = 0;
    this.retryAt = Date.now() + Math.min(this.s.retryMaxMs, CONDITION_RETRY_MS);
    q.state = 'queued';
    if (condition.state !== this.state.status || condition.message !== this.state.message) {
      this.log.warn({ jobId: q.id, number: q.label, printer: status, pending: this.queue.length }, `print: ${condition.message ?? condition.state}`);
    }
    this.setStatus({ status: condition.state, message: condition.message, paperNearEnd: condition.paperNearEnd || undefined });
    for (const waiting of this.queue) this.stillWaiting(waiting);
  }

  private dropStale(): void {
    const now = Date.now();
    const dropped: QueuedJob[] = [];
    this.queue = this.queue.filter((q) => {
      if (q.state === 'printing' || now - q.enqueuedAt <= this.s.staleAfterMs) return true;
      dropped.push(q);
      return false;
    });
    if (dropped.length === 0) return;
    const age = secs(this.s.staleAfterMs);
    for (const q of dropped) {
      this.settle(q, 'failed', `Phiếu ${q.label} quá ${age} chưa in được, đã bỏ (dropped: too old)`);
      this.log.warn({ jobId: q.id, number: q.label, attempts: q.attempts }, 'print: stale job dropped');
    }
    const labels = dropped.map((q) => q.label).join(', ');
    this.setStatus({ message: `Đã bỏ ${dropped.length} phiếu quá ${age} chưa in được: ${labels} (dropped, too old)` });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wake = done;
    });
  }

  private scheduleProbe(delay: number): void {
    if (this.s.probeIntervalMs <= 0 || this.closed) return;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.probe(), delay);
    // A status check alone must not keep the process alive.
    this.probeTimer.unref();
  }

  /** Keeps the state honest while nothing is printing (a printer switched off overnight). */
  private async probe(): Promise<void> {
    try {
      if (this.closed || this.queue.length > 0 || this.inflight) return;
      const connectMs = Math.min(this.s.attemptTimeoutMs, 3000);
      let ok: boolean;
      let status: HardwareStatus | null = null;
      if (this.transport.readStatus) {
        const read = await this.transport.readStatus(this.s.statusTimeoutMs, connectMs).then((s) => ({ s }), () => null);
        ok = read !== null;
        status = read?.s ?? null;
      } else ok = await this.transport.isPrinterConnected(connectMs);
      if (this.closed || this.queue.length > 0 || this.inflight) return;
      if (status) {
        this.statusSupport = 'yes';
        const condition = conditionOf(status);
        if (!condition.blocking) {
          this.failures = 0;
          this.retryAt = 0;
        }
        this.setStatus({ status: condition.state, message: condition.message, paperNearEnd: condition.paperNearEnd || undefined });
      } else if (ok && (this.state.status !== 'ok' || this.state.message === NOT_CHECKED)) {
        // Reachable, status unknown: a printer without the status commands is not "offline".
        this.failures = 0;
        this.retryAt = 0;
        this.setStatus({ status: 'ok', message: undefined });
      } else if (!ok && (this.state.status === 'ok' || this.state.message === NOT_CHECKED)) {
        this.setStatus({ status: 'offline', message: `Không kết nối được máy in ${this.transport.describe}` });
      }
    } catch (err) {
      this.log.warn({ err }, 'print: status check failed');
    } finally {
      this.scheduleProbe(this.s.probeIntervalMs);
    }
  }

  private setStatus(patch: Partial<PrinterStatus>): void {
    const next: PrinterStatus = { ...this.state, ...patch, pending: this.queue.length };
    if (next.message === undefined) delete next.message;
    if (!next.paperNearEnd) delete next.paperNearEnd;
    const same = next.status === this.state.status && next.message === this.state.message && next.paperNearEnd === this.state.paperNearEnd;
    if (same && next.pending === this.state.pending) return;
    this.state = next;
    if (!same) return this.notify();
    // Only the count of waiting jobs changed: every ticket moves it up and down again within a
    // few ms, and telling every kiosk and counter of each step (two broadcasts a ticket, sent
    // ahead of the ticket's own ack) would cost more than the count is worth. Told once it
    // settles; status() is always current.
    if (!this.noticeTimer) {
      this.noticeTimer = setTimeout(() => this.notify(), PENDING_NOTICE_MS);
      this.noticeTimer.unref();
    }
  }

  private notify(): void {
    clearTimeout(this.noticeTimer);
    this.noticeTimer = undefined;
    const next = this.state;
    const told = this.told;
    if (told && told.status === next.status && told.message === next.message && told.pending === next.pending && told.paperNearEnd === next.paperNearEnd) return;
    this.told = next;
    for (const listener of [...this.listeners]) {
      try {
        listener({ ...next });
      } catch (err) {
        this.log.error({ err }, 'print: status listener threw');
      }
    }
  }
}

/** Printing switched off (`none`) or impossible by configuration: answers at once, never queues. */
class InertPrinter implements TicketPrinter {
  constructor(private readonly state: PrinterStatus, private readonly result: PrintResult) {}
  async print(): Promise<PrintResult> {
    return { ...this.result };
  }
  submit(): Promise<PrintResult> {
    return this.print();
  }
  /** Its answers are final: nothing follows. */
  watch(): () => void {
    return () => undefined;
  }
  async test(): Promise<PrintResult> {
    return { ...this.result };
  }
  status(): PrinterStatus {
    return { ...this.state };
  }
  onStatus(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}

/**
 * `target`: `none` | `tcp://host:9100` | a device path (/dev/usb/lp0, or on Windows
 * \\localhost\SHARE or COM3) | `printer:NAME` (Windows: the shared printer NAME; Linux/macOS:
 * the raw CUPS queue NAME via `lp`). See transport.ts for what each one guarantees.
 */
export function createPrinter(config: PrinterConfig, log: PrintLog = silentLog): TicketPrinter {
  const parsed = parseTarget(config.target);
  if (parsed.kind === 'none') {
    return new InertPrinter(
      { status: 'disabled', message: 'Không dùng máy in (printing is off)', pending: 0 },
      { status: 'disabled' },
    );
  }
  if (parsed.kind === 'invalid') {
    log.error({ target: config.target }, `print: ${parsed.reason}`);
    const message = `Cấu hình máy in không hợp lệ: ${parsed.reason}`;
    return new InertPrinter({ status: 'error', message, pending: 0 }, { status: 'failed', message });
  }
  const t = parsed.transport;
  // A network printer's socket work is done on the renderer thread, off the kiosks' event loop.
  return new QueuePrinter(config, t instanceof TcpTransport ? new ThreadedTcpTransport(t.host, t.port) : t, log);
}

/** For tests and tools: the queue over any transport (e.g. an in-memory one). */
export function createPrinterWithTransport(config: PrinterConfig, transport: PrinterTransport, log: PrintLog = silentLog): TicketPrinter {
  return new QueuePrinter(config, transport, log);
}
