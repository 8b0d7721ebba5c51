// A network ESC/POS printer on 127.0.0.1 that records what it is sent, and misbehaves on
// request the way real ones do: off (nothing listening), jammed (accepts, never reads),
// or dropping the connection halfway through a job. It answers the real-time status requests
// (DLE EOT 1/2/3/4) and GS r 1 from its settable state (paper out, cover open…) with the bytes
// an Epson TM printer sends, or stays silent like a printer without them.
import net from 'node:net';

/** What the printer's sensors say. A printer that cannot print stops reading a job sent anyway. */
export interface FakePrinterStatus {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** Offline with no other cause (e.g. waiting for recovery). */
  offline: boolean;
  /** Cutter jam or another error it stopped for. */
  error: boolean;
  /** Does not know the status commands: never answers them (they pass as ignored bytes). */
  silent: boolean;
  /** Knows DLE EOT 1-3 but not 4 (no roll paper sensor command), like some clones. */
  noRollSensor?: boolean;
}

const DLE = 0x10;
const EOT = 0x04;
const GS = 0x1d;

/** The answer a real printer gives to DLE EOT n (fixed bits 0xx1xx10) or GS r n. */
export function statusAnswer(cmd: 'DLE EOT' | 'GS r', n: number, s: FakePrinterStatus): number | null {
  if (cmd === 'GS r') return n === 1 || n === 49 ? (s.paperNearEnd ? 0x03 : 0) | (s.paperOut ? 0x0c : 0) : n === 2 || n === 50 ? 0 : null;
  const stopped = s.paperOut || s.coverOpen || s.offline || s.error;
  switch (n) {
    case 1:
      return 0x12 | (stopped ? 0x08 : 0);
    case 2:
      return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0);
    case 3:
      return 0x12 | (s.error ? 0x08 : 0);
    case 4:
      if (s.noRollSensor) return null;
      return 0x12 | (s.paperNearEnd || s.paperOut ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
    default:
      return null;
  }
}

export type FakePrinterMode =
  | { kind: 'normal' }
  /** Accepts the connection and never reads a byte (paper jam, full buffer, hung firmware). */
  | { kind: 'neverRead' }
  /** Resets the connection once this many bytes have arrived. */
  | { kind: 'closeEarly'; afterBytes: number };

export interface ReceivedJob {
  /** What was sent after the status requests that opened the connection (those are in `statusRequests`). */
  bytes: Buffer;
  statusRequests: number;
  /** false when the printer cut the connection before the sender finished. */
  complete: boolean;
  at: number;
}

export class FakePrinter {
  /** Non-empty connections, in order of their end. Empty ones are the library's "is it there" probes. */
  readonly jobs: ReceivedJob[] = [];
  /** Every connection, empty ones included. */
  connections = 0;
  /** Connections that only asked for the status (not jobs). */
  statusPolls = 0;
  /** Status requests answered (or, when silent, received). */
  statusRequests = 0;
  readonly state: FakePrinterStatus = { paperOut: false, paperNearEnd: false, coverOpen: false, offline: false, error: false, silent: false };
  /** Job connections left unread because the printer could not print; read once it can. */
  private readonly held = new Set<net.Socket>();
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

  /** Connections open now. */
  get openConnections(): number {
    return this.sockets.size;
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

  /** Changes what the sensors say (paper changed, cover closed…); a held job is read on. */
  setStatus(patch: Partial<FakePrinterStatus>): void {
    Object.assign(this.state, patch);
    if (this.canPrint) {
      for (const s of this.held) s.resume();
      this.held.clear();
    }
  }

  get canPrint(): boolean {
    return !(this.state.paperOut || this.state.coverOpen || this.state.offline || this.state.error);
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
    // RST, not FIN: a printer losing power says nothing, and on its way back answers the sender's
    // next packet with a reset. A FIN here, for a job whose own FIN had arrived but whose 'end'
    // had not run yet, told the sender the printer closed cleanly after the whole job (printed)
    // while this printer counted the job cut: the printer matrix's rare 220 of 221.
    for (const s of this.sockets) s.resetAndDestroy();
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
    let requests = 0;
    // Status requests that open the connection are answered at once (real-time commands);
    // the first other byte starts the job.
    let head: Buffer | null = Buffer.alloc(0);
    const finish = (complete: boolean): void => {
      if (recorded) return;
      recorded = true;
      const bytes = Buffer.concat(chunks);
      if (bytes.length === 0 && requests > 0) this.statusPolls++;
      this.record({ bytes, statusRequests: requests, complete, at: Date.now() });
    };
    const statusPhase = (chunk: Buffer): Buffer => {
      let buf: Buffer = Buffer.concat([head ?? Buffer.alloc(0), chunk]);
      while (buf.length > 0) {
        const cmd = buf[0] === DLE ? 'DLE EOT' : buf[0] === GS ? 'GS r' : null;
        const second = cmd === 'DLE EOT' ? EOT : 0x72;
        if (!cmd || (buf.length > 1 && buf[1] !== second)) break;
        if (buf.length < 3) {
          head = buf;
          return Buffer.alloc(0);
        }
        requests++;
        this.statusRequests++;
        const answer = this.state.silent ? null : statusAnswer(cmd, buf[2]!, this.state);
        if (answer !== null) socket.write(Buffer.from([answer]));
        buf = buf.subarray(3);
      }
      head = null;
      return buf;
    };
    socket.on('error', () => finish(false));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.held.delete(socket);
      finish(false);
    });
    if (mode.kind === 'neverRead') {
      socket.pause();
      return;
    }
    socket.on('data', (data: Buffer) => {
      const chunk = head ? statusPhase(data) : data;
      if (chunk.length === 0) return;
      if (!this.canPrint) {
        // No paper: the job stays in the network buffer, unread, as a real printer's would.
        socket.pause();
        this.held.add(socket);
      }
      chunks.push(chunk);
      size += chunk.length;
      if (mode.kind === 'closeEarly' && size >= mode.afterBytes) {
        finish(false);
        // RST rather than FIN: the sender must see the job was cut, not a clean end.
        socket.resetAndDestroy();
      }
    });
    socket.on('end', () => {
      if (head) statusPhase(Buffer.alloc(0));
      finish(true);
      socket.end();
    });
  }
}
