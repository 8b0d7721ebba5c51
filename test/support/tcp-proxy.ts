// A TCP proxy on 127.0.0.1 between a client and a server that can cut the line the way a
// flaky LAN does: stall() stops forwarding in both directions without closing anything (a
// pulled cable, a hung switch: neither end learns of it), and drop() then resets every
// connection at once and lets new ones through again.
import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
}

export class StallingProxy {
  private server: net.Server | null = null;
  private pairs = new Set<Pair>();
  private stalled = false;
  private stallAfterMarker: { marker: Buffer; stalled: () => void } | null = null;
  private _port = 0;
  /** Connections accepted, including those held during a stall. */
  accepted = 0;

  private constructor(private readonly targetPort: number, private readonly targetHost: string) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<StallingProxy> {
    const p = new StallingProxy(targetPort, targetHost);
    const server = net.createServer((c) => p.accept(c));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
    });
    p.server = server;
    p._port = (server.address() as net.AddressInfo).port;
    return p;
  }

  get port(): number {
    return this._port;
  }

  get url(): string {
    return `http://127.0.0.1:${this._port}`;
  }

  get isStalled(): boolean {
    return this.stalled;
  }

  /** Open connections (held ones included). */
  get open(): number {
    return this.pairs.size;
  }

  /** Stops forwarding both ways; connections made meanwhile are accepted and held, silent. */
  stall(): void {
    this.stalled = true;
    for (const p of this.pairs) {
      p.client.pause();
      p.upstream?.pause();
    }
    // A stall asked for after a marker has happened too, whatever caused it.
    const after = this.stallAfterMarker;
    this.stallAfterMarker = null;
    after?.stalled();
  }

  /**
   * Stalls the line right after the first client chunk holding `marker` has gone through: the
   * server gets that request (a COMMIT lands) and its client never hears the reply, the cut that
   * leaves a command done but unanswered. Resolves when the stall happened. A marker split over
   * two chunks is not seen (a query of a few kB is one chunk on loopback).
   */
  stallAfter(marker: string): Promise<void> {
    return new Promise((resolve) => {
      this.stallAfterMarker = { marker: Buffer.from(marker), stalled: resolve };
    });
  }

  /** Resets every connection (stalled or held) and forwards new ones normally again. */
  drop(): void {
    for (const p of this.pairs) this.destroy(p);
    this.pairs.clear();
    this.stalled = false;
  }

  async close(): Promise<void> {
    this.drop();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private destroy(p: Pair): void {
    p.client.resetAndDestroy();
    p.upstream?.resetAndDestroy();
  }

  private accept(client: net.Socket): void {
    this.accepted++;
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    if (this.stalled) {
      // A reconnect attempt during the outage: it goes nowhere until the drop.
      client.pause();
      return;
    }
    const upstream = net.connect({ host: this.targetHost, port: this.targetPort });
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    // Forwarding by hand rather than pipe(): pipe() resumes a paused source on 'drain',
    // which would leak bytes through a stall.
    client.on('data', (d: Buffer) => {
      if (this.stalled) return;
      upstream.write(d);
      if (this.stallAfterMarker && d.includes(this.stallAfterMarker.marker)) this.stall();
    });
    upstream.on('data', (d: Buffer) => {
      if (!this.stalled) client.write(d);
    });
    // While stalled, an end closing on one side must not reach the other: the line is cut.
    const close = () => {
      if (this.stalled || !this.pairs.has(pair)) return;
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
  }
}

/**
 * A test load balancer on 127.0.0.1: each new TCP connection goes to the next backend in turn,
 * skipping one that refuses (a killed process), like nginx's round robin with passive health
 * checks. A WebSocket stays on the process it reached; when that process dies, the client's
 * reconnection lands on another one.
 */
export class RoundRobinBalancer {
  private server: net.Server | null = null;
  private turn = 0;
  private readonly open = new Set<net.Socket>();
  private _port = 0;
  /** Connections handed to each backend port. */
  readonly handed = new Map<number, number>();

  private constructor(private readonly backends: () => number[]) {}

  /** `backends` is asked at every connection: a restarted process on a new port is picked up. */
  static async start(backends: () => number[]): Promise<RoundRobinBalancer> {
    const b = new RoundRobinBalancer(backends);
    const server = net.createServer((c) => b.accept(c));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
    });
    b.server = server;
    b._port = (server.address() as net.AddressInfo).port;
    return b;
  }

  get port(): number {
    return this._port;
  }

  get url(): string {
    return `http://127.0.0.1:${this._port}`;
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    // Bytes the client sends before a backend answers wait in the paused socket.
    client.pause();
    client.on('error', () => undefined);
    this.open.add(client);
    client.once('close', () => this.open.delete(client));
    this.tryNext(client, 0);
  }

  private tryNext(client: net.Socket, tried: number): void {
    const list = this.backends();
    if (tried >= list.length || client.destroyed) {
      client.destroy();
      return;
    }
    const port = list[this.turn++ % list.length]!;
    const upstream = net.connect({ host: '127.0.0.1', port });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.open.add(upstream);
      this.handed.set(port, (this.handed.get(port) ?? 0) + 1);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) this.tryNext(client, tried + 1);
    });
    upstream.once('close', () => {
      this.open.delete(upstream);
      if (connected) client.destroy();
    });
    client.once('close', () => upstream.destroy());
  }
}
