// Getting bytes to the printer. Each transport has node-thermal-printer's interface shape
// (execute(buffer) + isPrinterConnected()), but is written here because the library's own
// are unsafe for an unattended kiosk: its TCP execute() throws inside a socket callback on an
// empty buffer (process crash), resolves as soon as bytes reach the kernel (a printer that
// never reads looks "printed"), and its file interface keeps retrying a write for 200 s after
// it has already rejected. Every attempt here has one deadline and can be aborted.
import { spawn } from 'node:child_process';
import { constants as fsc, promises as fsp } from 'node:fs';
import net from 'node:net';
import { conditionOf, decodeStatus, STATUS_ANSWERS, STATUS_REQUEST, type HardwareStatus, type PrinterCondition } from './status.js';
import { printerAddressProblem } from '../../shared/printer-address.js';
import type { HeldJob } from './render-pool.js';
import type { TicketPrintJob } from './types.js';

export interface ExecuteOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Transports that can read the printer's status ask it first, on the same connection, and
   * wait this long for the answer (0 or absent: do not ask). A printer that says it cannot
   * print (paper out, cover open, offline, error) is not sent the job: PrinterConditionError.
   */
  statusTimeoutMs?: number;
}

/** `status`: what the printer answered before the job; null: asked, no answer; absent: not asked. */
export interface ExecuteResult {
  status?: HardwareStatus | null;
}

export interface PrinterTransport {
  readonly describe: string;
  execute(buffer: Buffer, options: ExecuteOptions): Promise<ExecuteResult | void>;
  /** Cheap reachability check: a TCP connect, a device that exists, a known CUPS queue. */
  isPrinterConnected(timeoutMs?: number): Promise<boolean>;
  /**
   * The printer's own status, where the transport can read it back (ESC/POS over TCP).
   * null: reachable but no answer within `answerTimeoutMs` of connecting (the printer lacks the
   * commands: "unknown", not offline). Rejects with a TransportError when the printer cannot be
   * reached within `connectTimeoutMs`.
   */
  readStatus?(answerTimeoutMs: number, connectTimeoutMs?: number): Promise<HardwareStatus | null>;
  /**
   * Opens the connection for the next job now (nothing is sent on it), so that a job handed
   * over soon after does not wait for the connect. The job still asks the status on it first.
   * Unused, it is closed after a second.
   */
  warm?(): void;
  /** Closes a connection warm() left open. */
  close?(): void;
  /**
   * Draws a ticket where this transport's connections are and keeps the bytes there
   * (tcp-thread.ts: the renderer thread), to be sent by executeHeld(). null: not possible now;
   * the caller draws it and uses execute().
   */
  hold?(job: TicketPrintJob, paperWidth: 58 | 80, textMode: { codePage: number; encoding: string } | null): HeldJob | null;
  /** execute() of a held ticket. A drawing that failed rejects with code `EDRAWING`. */
  executeHeld?(held: HeldJob, options: ExecuteOptions): Promise<ExecuteResult | void>;
  /** A held ticket that will not be sent (its job was given up): its bytes can go. */
  release?(held: HeldJob): void;
}

/** Why an attempt failed, sorted into what staff can act on. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** true: the printer could not be reached at all (off, unplugged, wrong address). */
    readonly offline: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const OFFLINE_CODES = new Set([
  'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN',
  'ENOENT', 'ENODEV', 'ENXIO', 'EPRINTER_TIMEOUT',
]);

export function toTransportError(err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const code = (e && typeof e.code === 'string' && e.code) || 'EUNKNOWN';
  const message = (e && typeof e.message === 'string' && e.message) || String(err);
  return new TransportError(message, code, OFFLINE_CODES.has(code));
}

/** The printer answered, and what it said means it cannot print now: the job was not sent. */
export class PrinterConditionError extends TransportError {
  constructor(readonly condition: PrinterCondition, readonly status: HardwareStatus) {
    super(condition.message ?? condition.state, 'EPRINTER_STATUS', false);
    this.name = 'PrinterConditionError';
  }
}

function emptyJob(): TransportError {
  return new TransportError('empty print job refused', 'EEMPTY', false);
}

function aborted(): TransportError {
  return new TransportError('print attempt aborted', 'EABORTED', false);
}

// ---------------------------------------------------------------------------------------------

/** A connection warm() opened for the next job: connected, nothing sent on it yet. */
interface Spare {
  socket: net.Socket;
  timer: NodeJS.Timeout | undefined;
  /** Removes warm()'s listeners: the job's own take over. */
  detach(): void;
}

/** An unused warm connection is closed after this long (some printers serve one connection at a time). */
const SPARE_MS = 1000;

/**
 * Raw TCP (port 9100, "AppSocket/JetDirect"). A job counts as taken only when the printer has
 * read everything and closed its side after our FIN — the same rule as CUPS's socket backend
 * (`waiteof`, on by default) and LPRng's `half_close`. A printer that is jammed or never reads
 * does not close and runs into the deadline instead of being reported as printed.
 */
export class TcpTransport implements PrinterTransport {
  readonly describe: string;
  /**
   * Answers this printer gives to STATUS_REQUEST: some know DLE EOT 1 and 2 but not 4. Learnt
   * from an answer that stopped short, so that later checks do not wait out the timeout.
   */
  private answersExpected = STATUS_ANSWERS;
  private spare: Spare | null = null;

  constructor(readonly host: string, readonly port: number) {
    this.describe = `tcp://${host}:${port}`;
  }

  execute(buffer: Buffer, options: ExecuteOptions): Promise<ExecuteResult> {
    if (!buffer || buffer.length === 0) return Promise.reject(emptyJob());
    if (options.signal?.aborted) return Promise.reject(aborted());
    // Without a status question first, a connection the printer had already dropped could not
    // be told from one that took the job: such jobs always get a new connection.
    const spare = (options.statusTimeoutMs ?? 0) > 0 ? this.takeSpare() : (this.close(), null);
    if (!spare) return this.run(buffer, options, null);
    const started = performance.now();
    return this.run(buffer, options, spare).catch((err: unknown) => {
      // The warm connection died before any byte of the job went out (the printer dropped an
      // idle connection, or was switched off and on): nothing of the job was sent, so it goes
      // once more on a new connection.
      const left = options.timeoutMs - (performance.now() - started);
      if (err instanceof TransportError && err.code === 'ESPARE_LOST' && left > 0) return this.run(buffer, { ...options, timeoutMs: left }, null);
      throw err;
    });
  }

  warm(): void {
    if (this.spare) return;
    const socket = net.connect({ host: this.host, port: this.port });
    const spare: Spare = { socket, timer: undefined, detach: () => undefined };
    const drop = (): void => {
      clearTimeout(spare.timer);
      socket.destroy();
      if (this.spare === spare) this.spare = null;
    };
    const onConnect = (): void => {
      socket.setNoDelay(true);
    };
    // Nothing is asked yet, so nothing should come; whatever does is not a status answer.
    const onData = (): void => undefined;
    spare.detach = () => {
      clearTimeout(spare.timer);
      socket.off('connect', onConnect);
      socket.off('data', onData);
      socket.off('error', drop);
      socket.off('close', drop);
    };
    socket.once('connect', onConnect);
    socket.on('data', onData);
    socket.on('error', drop);
    socket.on('close', drop);
    spare.timer = setTimeout(drop, SPARE_MS);
    spare.timer.unref();
    this.spare = spare;
  }

  close(): void {
    const spare = this.takeSpare();
    spare?.socket.destroy();
  }

  /** The warm connection, if it is still usable; it is the caller's from here on. */
  private takeSpare(): Spare | null {
    const spare = this.spare;
    this.spare = null;
    if (!spare) return null;
    spare.detach();
    const state = spare.socket.readyState;
    if (spare.socket.destroyed || (state !== 'open' && state !== 'opening')) {
      spare.socket.destroy();
      return null;
    }
    return spare;
  }

  private run(buffer: Buffer, { timeoutMs, signal, statusTimeoutMs = 0 }: ExecuteOptions, spare: Spare | null): Promise<ExecuteResult> {
    if (signal?.aborted) return Promise.reject(aborted());
    return new Promise<ExecuteResult>((resolve, reject) => {
      let settled = false;
      let connected = false;
      let sending = false;
      let flushed = false;
      let asking = false;
      const answers: number[] = [];
      const result: ExecuteResult = {};
      let statusTimer: NodeJS.Timeout | undefined;
      const socket = spare ? spare.socket : new net.Socket();
      const done = (err?: TransportError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(statusTimer);
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        if (err) reject(err);
        else resolve(result);
      };
      const lost = (err: TransportError): TransportError =>
        spare && !sending ? new TransportError(`the warm connection to ${this.describe} closed before the job (${err.message})`, 'ESPARE_LOST', false) : err;
      const send = (): void => {
        sending = true;
        socket.write(buffer, (err) => {
          if (err) done(toTransportError(err));
          else flushed = true;
        });
        socket.end();
      };
      // The answer decides whether the job goes out: into a printer with no paper it would sit
      // in the buffer (or be lost at power-off) while the queue believed it printed.
      const answered = (): void => {
        if (!asking || settled) return;
        asking = false;
        clearTimeout(statusTimer);
        const status = decodeStatus(answers);
        result.status = status;
        const condition = status && conditionOf(status);
        if (status && condition?.blocking) done(new PrinterConditionError(condition, status));
        else send();
      };
      const begin = (): void => {
        connected = true;
        socket.setNoDelay(true);
        if (statusTimeoutMs <= 0) return send();
        asking = true;
        result.status = null;
        // No answer in time: a printer without the status commands, which prints all the same.
        statusTimer = setTimeout(() => {
          this.learnAnswers(answers.length);
          answered();
        }, statusTimeoutMs);
        // Asked here, on a warm connection too, never earlier: paper that ran out during the
        // previous job stops this one, and an answer on this connection shows the printer still
        // holds it (one that dropped it fails here, before any byte of the job, and the job
        // goes on a new connection). So "printed" keeps its meaning: the printer closed after
        // reading a job sent after its answer.
        socket.write(STATUS_REQUEST);
      };
      const onAbort = (): void => done(aborted());
      const timer = setTimeout(() => {
        // Timers run before I/O in each loop turn: on a starved loop the printer's close may
        // already be waiting. Letting it through first avoids printing a taken job twice.
        setImmediate(() => done(new TransportError(
          connected
            ? `printer at ${this.describe} did not take the job within ${timeoutMs} ms`
            : `no connection to ${this.describe} within ${timeoutMs} ms`,
          'EPRINTER_TIMEOUT',
          true,
        )));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.on('error', (err) => done(lost(toTransportError(err))));
      // After the status answer, bytes some printers volunteer (ASB) are read and dropped, so
      // their side never blocks.
      socket.on('data', (chunk: Buffer) => {
        if (!asking) return;
        for (const b of chunk) if (answers.length < STATUS_ANSWERS) answers.push(b);
        if (answers.length >= this.answersExpected) answered();
      });
      socket.on('close', () => {
        if (flushed) done();
        else done(lost(new TransportError(`${this.describe} closed the connection before the whole job was sent`, 'ECLOSED_EARLY', false)));
      });
      if (!spare) socket.connect({ host: this.host, port: this.port }, begin);
      else if (spare.socket.connecting) socket.once('connect', begin);
      else begin();
    });
  }

  private learnAnswers(received: number): void {
    if (received > 0 && received < this.answersExpected) this.answersExpected = received;
  }

  readStatus(answerTimeoutMs: number, connectTimeoutMs = 3000): Promise<HardwareStatus | null> {
    return new Promise((resolve, reject) => {
      const answers: number[] = [];
      let connected = false;
      let settled = false;
      const socket = net.connect({ host: this.host, port: this.port });
      const finish = (err: TransportError | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err);
        else resolve(decodeStatus(answers));
      };
      let timer = setTimeout(() => {
        finish(new TransportError(`no connection to ${this.describe} within ${connectTimeoutMs} ms`, 'EPRINTER_TIMEOUT', true));
      }, connectTimeoutMs);
      socket.on('error', (err) => finish(connected ? null : toTransportError(err)));
      socket.on('close', () => finish(null));
      socket.on('data', (chunk: Buffer) => {
        for (const b of chunk) if (answers.length < STATUS_ANSWERS) answers.push(b);
        if (answers.length >= this.answersExpected) finish(null);
      });
      socket.once('connect', () => {
        connected = true;
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.learnAnswers(answers.length);
          finish(null);
        }, answerTimeoutMs);
        socket.write(STATUS_REQUEST);
      });
    });
  }

  isPrinterConnected(timeoutMs = 2000): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: this.host, port: this.port });
      const finish = (ok: boolean): void => {
        clearTimeout(timer);
        socket.destroy();
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      socket.once('connect', () => finish(true));
      // `on`, not `once`: a second 'error' with no listener would be thrown and end the process.
      socket.on('error', () => finish(false));
    });
  }
}

// ---------------------------------------------------------------------------------------------

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A device or file path: /dev/usb/lp0 (Linux usblp), a CUPS-less parallel port, or on Windows
 * a shared printer's UNC path (\\localhost\SHARE). On POSIX the device is opened non-blocking,
 * so a printer that stops taking data yields EAGAIN instead of pinning one of libuv's four
 * threadpool threads in write(2); Windows has no such flag, so there a stuck write is only
 * fenced off (no second write is started while one is still hanging).
 */
export class DeviceTransport implements PrinterTransport {
  readonly describe: string;
  private stuck: Promise<unknown> | null = null;

  constructor(readonly path: string) {
    this.describe = path;
  }

  async execute(buffer: Buffer, { timeoutMs, signal }: ExecuteOptions): Promise<void> {
    if (!buffer || buffer.length === 0) throw emptyJob();
    if (this.stuck) throw new TransportError(`an earlier write to ${this.path} has not returned yet`, 'EBUSY', false);
    const deadline = Date.now() + timeoutMs;
    const work = this.write(buffer, deadline, signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransportError(`${this.path} did not take the job within ${timeoutMs} ms`, 'EPRINTER_TIMEOUT', true)), timeoutMs + 250);
    });
    try {
      await Promise.race([work, timeout]);
    } catch (err) {
      // A write that outlives its deadline is remembered until it returns, whatever it does.
      const fence: Promise<unknown> = work.catch(() => undefined).finally(() => {
        if (this.stuck === fence) this.stuck = null;
      });
      this.stuck = fence;
      throw toTransportError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  private async write(buffer: Buffer, deadline: number, signal?: AbortSignal): Promise<void> {
    const posix = process.platform !== 'win32';
    const flags = fsc.O_WRONLY | (posix ? fsc.O_NONBLOCK | fsc.O_APPEND : 0);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(this.path, flags);
    } catch (err) {
      const e = toTransportError(err);
      if (e.code === 'EACCES' || e.code === 'EPERM') {
        throw new TransportError(`no permission to write ${this.path} (on Linux add the server's user to group "lp")`, e.code, false);
      }
      throw e;
    }
    try {
      let offset = 0;
      while (offset < buffer.length) {
        if (signal?.aborted) throw aborted();
        try {
          const { bytesWritten } = await fh.write(buffer, offset, buffer.length - offset);
          offset += bytesWritten;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw err;
          if (Date.now() >= deadline) throw new TransportError(`${this.path} stopped taking data`, 'EPRINTER_TIMEOUT', true);
          await sleep(20);
        }
      }
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  async isPrinterConnected(): Promise<boolean> {
    try {
      await fsp.access(this.path, fsc.W_OK);
      return true;
    } catch {
      return false;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * `printer:NAME` on Linux/macOS: a CUPS queue set up as raw (`lpadmin -p NAME -v usb://… -m raw`
 * or `-o raw`), fed through `lp`. node-thermal-printer's own `printer:` interface needs a
 * native addon (`printer` / `@thiagoelg/node-printer`), which is not installed and does not
 * build on every kiosk; `lp` ships with cups-client. "Printed" here means CUPS accepted the job;
 * CUPS then retries on its own, so jobs are not lost when the printer is off.
 */
export class CupsTransport implements PrinterTransport {
  readonly describe: string;

  constructor(readonly queue: string, private readonly command = 'lp') {
    this.describe = `printer:${queue} (CUPS)`;
  }

  execute(buffer: Buffer, { timeoutMs, signal }: ExecuteOptions): Promise<void> {
    if (!buffer || buffer.length === 0) return Promise.reject(emptyJob());
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let stderr = '';
      const child = spawn(this.command, ['-d', this.queue, '-o', 'raw', '-t', 'Luot ticket'], { stdio: ['pipe', 'ignore', 'pipe'] });
      const done = (err?: TransportError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (child.exitCode === null) child.kill('SIGKILL');
        if (err) reject(err);
        else resolve();
      };
      const onAbort = (): void => done(aborted());
      const timer = setTimeout(() => done(new TransportError(`lp did not accept the job within ${timeoutMs} ms`, 'EPRINTER_TIMEOUT', true)), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (err) => {
        const e = toTransportError(err);
        if (e.code === 'ENOENT') {
          done(new TransportError('"lp" not found: install cups-client, or use tcp://host:9100 or a device path', 'ENOLP', false));
        } else done(e);
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-500);
      });
      child.on('close', (code) => {
        if (code === 0) done();
        else done(new TransportError(`lp failed (${code}): ${stderr.trim() || 'no message'}`, 'ELP', /not exist|unknown|not accepting/i.test(stderr)));
      });
      // EPIPE when lp exits early is reported through 'close' with its exit code.
      child.stdin.on('error', () => {});
      child.stdin.end(buffer);
    });
  }

  isPrinterConnected(timeoutMs = 2000): Promise<boolean> {
    return new Promise((resolve) => {
      const child = spawn('lpstat', ['-p', this.queue], { stdio: 'ignore' });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(false);
      }, timeoutMs);
      child.on('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code === 0);
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------

export type ParsedTarget =
  | { kind: 'none' }
  | { kind: 'transport'; transport: PrinterTransport }
  | { kind: 'invalid'; reason: string };

/**
 * `none` | `tcp://host[:port]` | `printer:NAME` | a device node or Windows port or share (the
 * forms of shared/printer-address.ts; anything else is `invalid`).
 * `printer:NAME` on Windows goes to the shared printer \\localhost\NAME (share the printer
 * under that name; writes to a printer share are spooled as RAW, the same path POS software
 * uses with `copy /b job.bin \\localhost\NAME`). Elsewhere it goes to the CUPS queue NAME.
 */
export function parseTarget(target: string, platform: NodeJS.Platform = process.platform): ParsedTarget {
  const t = (target ?? '').trim();
  if (t === '' || t.toLowerCase() === 'none') return { kind: 'none' };
  // Checked here too, not only when the setting is saved: a config.json written before this
  // rule, or edited by hand, must not make the server append to one of its own files.
  const problem = printerAddressProblem(t);
  if (problem) return { kind: 'invalid', reason: problem.en };
  const tcp = /^tcp:\/\/(\[[0-9a-f:.]+\]|[^/:\s]+)(?::(\d{1,5}))?\/?$/i.exec(t);
  if (tcp) {
    const host = (tcp[1] ?? '').replace(/^\[|\]$/g, '');
    const port = tcp[2] ? Number(tcp[2]) : 9100;
    if (port < 1 || port > 65535) return { kind: 'invalid', reason: `invalid port in ${t}` };
    return { kind: 'transport', transport: new TcpTransport(host, port) };
  }
  if (/^tcp:/i.test(t)) return { kind: 'invalid', reason: `invalid printer address ${t} (expected tcp://host:9100)` };
  const sys = /^printer:(.+)$/i.exec(t);
  if (sys) {
    const name = (sys[1] ?? '').trim();
    if (!name || /[\\/]/.test(name)) return { kind: 'invalid', reason: `invalid printer name in ${t}` };
    if (platform === 'win32') return { kind: 'transport', transport: new DeviceTransport(`\\\\localhost\\${name}`) };
    return { kind: 'transport', transport: new CupsTransport(name) };
  }
  return { kind: 'transport', transport: new DeviceTransport(t) };
}
