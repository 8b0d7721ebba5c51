// A network printer on 127.0.0.1 that reads every byte it is sent, keeps none of them, and counts
// jobs. Like a healthy ESC/POS printer it answers the real-time status requests (DLE EOT n) the
// print queue sends before a job and while idle with "ready", so each job pays the same round
// trip as in an office. It closes its side once the sender has (net.Server's default,
// allowHalfOpen false), which is what TcpTransport waits for before it calls a job printed.
// Benches do not import test code, so this is the bench's own: test/support/fake-printer.ts also
// keeps the bytes and misbehaves.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

const DLE = 0x10;
const EOT = 0x04;
/** A DLE EOT answer with every condition bit clear (fixed bits 0xx1xx10): online, cover shut, paper in. */
const READY = 0x12;

export class SinkPrinter {
  /** Connections that carried bytes and were ended by the sender: what a real printer would have printed. */
  jobs = 0;
  bytes = 0;
  /** Every connection, the print queue's reachability and status checks included. */
  connections = 0;
  /** DLE EOT requests answered. */
  statusRequests = 0;
  /** CLOCK_MONOTONIC ms (process.hrtime) of the last job's end. */
  lastJobAt = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server) {}

  static async start(): Promise<SinkPrinter> {
    const server = net.createServer();
    const printer = new SinkPrinter(server);
    server.on('connection', (socket) => printer.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return printer;
  }

  get target(): string {
    return `tcp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private accept(socket: net.Socket): void {
    this.connections++;
    this.sockets.add(socket);
    let received = 0;
    // Status requests are answered only ahead of the job: inside raster data the same three
    // bytes are pixels.
    let head: number[] = [];
    let inJob = false;
    socket.on('data', (chunk: Buffer) => {
      // The answers to the requests of one read go out in one write, as a printer's serial
      // buffer would send them: three writes were three wake-ups of the sender for one question.
      let answers = 0;
      for (let i = 0; i < chunk.length; i++) {
        if (inJob) {
          received += chunk.length - i;
          break;
        }
        head.push(chunk[i]!);
        if (head[0] !== DLE || (head.length > 1 && head[1] !== EOT)) {
          inJob = true;
          received += head.length;
          head = [];
        } else if (head.length === 3) {
          this.statusRequests++;
          answers++;
          head = [];
        }
      }
      if (answers > 0) socket.write(Buffer.alloc(answers, READY));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    // Counted at the sender's FIN, before this side's own FIN goes out: so before the print queue
    // can call the job printed, and a "printed" ack is never ahead of this count.
    socket.on('end', () => {
      if (received === 0) return;
      this.jobs++;
      this.bytes += received;
      this.lastJobAt = Number(process.hrtime.bigint()) / 1e6;
      this.waiters = this.waiters.filter((w) => {
        if (this.jobs < w.n) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Resolves once `n` jobs have arrived in all; rejects after `timeoutMs`. */
  waitForJobs(n: number, timeoutMs: number): Promise<void> {
    if (this.jobs >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`printer got ${this.jobs} of ${n} jobs within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
