// A network printer whose connections are made on the renderer thread (tcp-host.ts), not on the
// event loop that answers kiosks (issue 10). Per printed ticket the main thread had ~1 ms of
// socket work (bench/print.ts, server's --cpu-prof at 50 tickets/s): writing the ~50 kB job
// (on 127.0.0.1 the kernel's whole TCP path runs in that write), the connect, the status
// answer's and the close's callbacks. Now it posts the job and gets a small answer back.
// Behaviour is TcpTransport's own, run there: same deadlines, status questions, warm connection.
// Until the thread is up (its first page drawn, ~1 s after start), or for good if it fails,
// the same TcpTransport runs here instead.
import { renderPool, type HeldJob } from './render-pool.js';
import type { HardwareStatus } from './status.js';
import { TcpTransport, TransportError, type ExecuteOptions, type ExecuteResult, type PrinterTransport } from './transport.js';
import type { TicketPrintJob } from './types.js';

let ids = 0;

export class ThreadedTcpTransport implements PrinterTransport {
  readonly describe: string;
  private readonly id = ++ids;
  private readonly here: TcpTransport;

  constructor(readonly host: string, readonly port: number) {
    this.here = new TcpTransport(host, port);
    this.describe = this.here.describe;
  }

  private get where(): { id: number; host: string; port: number } {
    return { id: this.id, host: this.host, port: this.port };
  }

  execute(buffer: Buffer, options: ExecuteOptions): Promise<ExecuteResult> {
    // Refusals that need no connection are TcpTransport's own, here.
    if (!renderPool.hostsIo() || !buffer || buffer.length === 0 || options.signal?.aborted) return this.here.execute(buffer, options);
    const req = { op: 'execute' as const, ...this.where, bytes: buffer, timeoutMs: options.timeoutMs, statusTimeoutMs: options.statusTimeoutMs ?? 0 };
    return renderPool.io(req, options.signal) as Promise<ExecuteResult>;
  }

  hold(job: TicketPrintJob, paperWidth: 58 | 80, textMode: { codePage: number; encoding: string } | null): HeldJob | null {
    return renderPool.hold(job, paperWidth, textMode);
  }

  executeHeld(held: HeldJob, options: ExecuteOptions): Promise<ExecuteResult> {
    if (options.signal?.aborted) return Promise.reject(new TransportError('print attempt aborted', 'EABORTED', false));
    if (renderPool.hostsIo()) {
      const req = { op: 'executeKept' as const, ...this.where, ref: held.ref, timeoutMs: options.timeoutMs, statusTimeoutMs: options.statusTimeoutMs ?? 0 };
      return renderPool.io(req, options.signal) as Promise<ExecuteResult>;
    }
    // The thread that kept the bytes is gone: drawn again here, sent from here.
    return renderPool.redraw(held).then(
      (bytes) => this.here.execute(bytes, options),
      (err: unknown) => {
        throw new TransportError((err as Error)?.message ?? String(err), 'EDRAWING', false);
      },
    );
  }

  release(held: HeldJob): void {
    renderPool.ioNote({ op: 'release', ref: held.ref });
  }

  readStatus(answerTimeoutMs: number, connectTimeoutMs = 3000): Promise<HardwareStatus | null> {
    if (!renderPool.hostsIo()) return this.here.readStatus(answerTimeoutMs, connectTimeoutMs);
    return renderPool.io({ op: 'readStatus', ...this.where, answerTimeoutMs, connectTimeoutMs }) as Promise<HardwareStatus | null>;
  }

  isPrinterConnected(timeoutMs = 2000): Promise<boolean> {
    if (!renderPool.hostsIo()) return this.here.isPrinterConnected(timeoutMs);
    return renderPool.io({ op: 'isConnected', ...this.where, timeoutMs }) as Promise<boolean>;
  }

  warm(): void {
    if (renderPool.hostsIo()) renderPool.ioNote({ op: 'warm', ...this.where });
    else this.here.warm();
  }

  close(): void {
    this.here.close();
    renderPool.ioNote({ op: 'close', ...this.where });
  }
}
