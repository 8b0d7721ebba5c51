// A network ESC/POS printer on 127.0.0.1 that records what it is sent, and misbehaves on
// request the way real ones do: off (nothing listening), jammed (accepts, never reads),
// or dropping the connection halfway through a job.
import net from 'node:net';

export type FakePrinterMode =
  | { kind: 'normal' }
  /** Accepts the connection and never reads a byte (paper jam, full buffer, hung firmware). */
  | { kind: 'neverRead' }
  /** Resets the connection once this many bytes have arrived. */
  | { kind: 'closeEarly'; afterBytes: number };

export interface ReceivedJob {
  bytes: Buffer;
  /** false when the printer cut the connection before the sender finished. */
  complete: boolean;
  at: number;
}

export class FakePrinter {
  /** Non-empty connections, in order of their end. Empty ones are the library's "is it there" probes. */
  readonly jobs: ReceivedJob[] = [];
  /** Every connection, empty ones included. */
  connections = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private waiters: { n: number; resolve: () => void }[] = [];
  private _port = 0;

  private constructor(private mode: FakePrinterMode) {}

  /**
   * Listens on `port`, or by default on a random port below the kernel's ephemeral range
   * (32768+ on Linux, 49152+ elsewhere). A port from listen(0) goes back to that pool when the
   * printer is switched off, and another test process's listen(0) or outgoing connection may
   * take it before restart(); below the range only another fake printer could collide.
   */
  static async start(mode: FakePrinterMode = { kind: 'normal' }, port?: number): Promise<FakePrinter> {
    const p = new FakePrinter(mode);
    if (port !== undefined) {
      await p.listen(port);
      return p;
    }
    for (let tries = 0; ; tries++) {
      try {
        await p.listen(20000 + Math.floor(Math.random() * 12000));
        return p;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries > 50) throw err;
      }
    }
  }

  /** A port on which nothing listens (bound once, then released). */
  static async freePort(): Promise<number> {
    const p = await FakePrinter.start();
    const port = p.port;
    await p.stop();
    return port;
  }

  get port(): number {
    return this._port;
  }

  get target(): string {
    return `tcp://127.0.0.1:${this._port}`;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  /** Completed jobs only (the ones a real printer would have printed whole). */
  get completeJobs(): Buffer[] {
    return this.jobs.filter((j) => j.complete).map((j) => j.bytes);
  }

  setMode(mode: FakePrinterMode): void {
    this.mode = mode;
  }

  /** Listens again on the same port: the printer is switched back on. */
  async restart(): Promise<void> {
    if (this.server) return;
    await this.listen(this._port);
  }

  /** Stops listening and drops every open connection: the printer is switched off. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when at least n jobs (complete or not) have been recorded. */
  waitForJobs(n: number, timeoutMs = 5000): Promise<void> {
    if (this.jobs.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake printer: ${this.jobs.length} of ${n} jobs after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private record(job: ReceivedJob): void {
    if (job.bytes.length === 0) return;
    this.jobs.push(job);
    this.waiters = this.waiters.filter((w) => {
      if (this.jobs.length < w.n) return true;
      w.resolve();
      return false;
    });
  }

  private listen(port: number): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, () => {
        server.off('error', reject);
        const addr = server.address();
        this._port = typeof addr === 'object' && addr ? addr.port : port;
        this.server = server;
        resolve();
      });
    });
  }

  private accept(socket: net.Socket): void {
    this.connections++;
    this.sockets.add(socket);
    const mode = this.mode;
    const chunks: Buffer[] = [];
    let size = 0;
    let recorded = false;
    const finish = (complete: boolean): void => {
      if (recorded) return;
      recorded = true;
      this.record({ bytes: Buffer.concat(chunks), complete, at: Date.now() });
    };
    socket.on('error', () => finish(false));
    socket.on('close', () => {
      this.sockets.delete(socket);
      finish(false);
    });
    if (mode.kind === 'neverRead') {
      socket.pause();
      return;
    }
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (mode.kind === 'closeEarly' && size >= mode.afterBytes) {
        finish(false);
        // RST rather than FIN: the sender must see the job was cut, not a clean end.
        socket.resetAndDestroy();
      }
    });
    socket.on('end', () => {
      finish(true);
      socket.end();
    });
  }
}
