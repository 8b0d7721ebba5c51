// One LISTEN connection per process: `luot_events` (office id and rev of a commit, and its
// events when they fit) brings that office's journal what another process committed;
// `luot_config` makes a repository read its row again. Notifications are lost while the
// connection is down, so every reconnection wakes everyone; the clock tick catches up too, as a
// safety net.
//
// It is also the socket.io adapter's listening connection (realtime/cluster.ts, adapterClient):
// PostgreSQL wakes every session that listens in the database at every NOTIFY, whatever its
// channels, so a second listening session per process was woken at every commit of every
// process for nothing (bench/cluster.ts: as often as this one).
import pg from 'pg';

export type Wake = (payload: string) => void;

/** What the socket.io adapter uses of a pg client it listens on (@socket.io/postgres-adapter 0.5). */
export interface AdapterListenClient {
  on(event: 'notification', fn: (msg: pg.Notification) => void): AdapterListenClient;
  on(event: 'end', fn: () => void): AdapterListenClient;
  query(sql: string): Promise<unknown>;
  removeAllListeners(event: 'end'): void;
  release(err?: Error | boolean): void;
}

export class PgListener {
  private client: pg.Client | null = null;
  /** Every notification of the connection (the adapter's client filters its own channels). */
  private readonly raw = new Set<(msg: pg.Notification) => void>();
  private readonly connectWaiters = new Set<() => void>();
  /** Told when the connection is lost (the adapter's client says 'end', and listens again later). */
  private readonly drops = new Set<() => void>();
  /** The adapter's current client by prefix: the adapter holds one, and asks again only after giving it up or failing with it. */
  private readonly adapterClients = new Map<string, () => void>();
  private readonly handlers = new Map<string, Set<Wake>>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly url: string, private readonly onReconnect: () => void) {}

  on(channel: 'luot_events' | 'luot_config', handler: Wake): () => void {
    let set = this.handlers.get(channel);
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  async start(): Promise<void> {
    await this.connect().catch(() => this.retry());
  }

  private async connect(): Promise<void> {
    const c = new pg.Client({ connectionString: this.url, keepAlive: true, connectionTimeoutMillis: 3_000, application_name: 'luot-listen' });
    c.on('error', () => this.drop(c));
    c.on('end', () => this.drop(c));
    c.on('notification', (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) h(n.payload ?? '');
      for (const r of this.raw) r(n);
    });
    await c.connect();
    await c.query('LISTEN luot_events; LISTEN luot_config');
    if (this.closed) {
      await c.end();
      return;
    }
    this.client = c;
    for (const w of this.connectWaiters) w();
    this.connectWaiters.clear();
    this.onReconnect();
  }

  /**
   * A client for the socket.io adapter on this connection, once it is up (within `timeoutMs`):
   * it hears the notifications of the channels starting with `prefix`, and 'end' when the
   * connection is lost (the adapter then asks for a client again and listens anew).
   */
  async adapterClient(prefix: string, timeoutMs = 5_000): Promise<AdapterListenClient> {
    if (this.closed) throw new Error('database: the listening connection is closed');
    if (!this.client) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.connectWaiters.delete(done);
          reject(new Error('database: the listening connection is down'));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        this.connectWaiters.add(done);
      });
    }
    const c = this.client;
    if (!c) throw new Error('database: the listening connection is down');
    // A client the adapter failed with (a LISTEN refused) is never released by it: dropped here.
    this.adapterClients.get(prefix)?.();
    const notes = new Set<(msg: pg.Notification) => void>();
    const ends = new Set<() => void>();
    const onNote = (msg: pg.Notification) => {
      if (msg.channel.startsWith(prefix)) for (const fn of notes) fn(msg);
    };
    const onDrop = () => {
      detach();
      for (const fn of ends) fn();
    };
    const detach = () => {
      this.raw.delete(onNote);
      this.drops.delete(onDrop);
      if (this.adapterClients.get(prefix) === detach) this.adapterClients.delete(prefix);
    };
    this.adapterClients.set(prefix, detach);
    this.raw.add(onNote);
    this.drops.add(onDrop);
    const client: AdapterListenClient = {
      on(event: 'notification' | 'end', fn: ((msg: pg.Notification) => void) | (() => void)) {
        if (event === 'notification') notes.add(fn as (msg: pg.Notification) => void);
        else ends.add(fn as () => void);
        return client;
      },
      query: (sql) => (this.client === c ? c.query(sql) : Promise.reject(new Error('database: the listening connection was lost'))),
      removeAllListeners: () => ends.clear(),
      release: () => detach(),
    };
    return client;
  }

  private drop(c: pg.Client): void {
    if (this.client !== c) return;
    this.client = null;
    for (const l of [...this.drops]) l();
    void c.end().catch(() => undefined);
    this.retry();
  }

  private retry(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect().catch(() => this.retry());
    }, 1_000);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
