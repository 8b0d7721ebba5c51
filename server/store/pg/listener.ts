// One LISTEN connection per process: `luot_events` (office id and rev of a commit, and its
// events when they fit) brings that office's journal what another process committed;
// `luot_config` makes a repository read its row again. Notifications are lost while the
// connection is down, so every reconnection wakes everyone; the clock tick catches up too, as a
// safety net.
import pg from 'pg';

export type Wake = (payload: string) => void;

export class PgListener {
  private client: pg.Client | null = null;
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
    });
    await c.connect();
    await c.query('LISTEN luot_events; LISTEN luot_config');
    if (this.closed) {
      await c.end();
      return;
    }
    this.client = c;
    this.onReconnect();
  }

  private drop(c: pg.Client): void {
    if (this.client !== c) return;
    this.client = null;
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
