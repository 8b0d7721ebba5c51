// An office's webhooks: one worker per endpoint of its configuration, fed by the office's
// committed events (after they are durable: nothing here is on the issuing or calling path)
// and, when a worker is behind, by the journal itself. On PostgreSQL with several processes
// only the process holding the office's webhook lease delivers (store/pg/webhooks.ts).
import { randomUUID } from 'node:crypto';
import { WEBHOOK_TEST_EVENT, type WebhookDelivery, type WebhookEndpoint, type WebhookEndpointView } from '../../shared/webhooks.js';
import type { Office } from '../office.js';
import type { JournalEvent } from '../queue/events.js';
import type { TicketJournal } from '../store/store.js';
import { postWebhook, type WebhookPayload } from './deliver.js';
import { toWebhookEvent, type CounterFacts, type TicketFacts } from './event-map.js';
import { DEFAULT_WEBHOOK_OPTIONS, EndpointWorker, type Pending, type WebhookOptions } from './endpoint-worker.js';
import type { EndpointCursor, WebhookStateStore } from './state-store.js';

export interface DispatcherDeps {
  office: Office;
  journal: TicketJournal;
  state: WebhookStateStore;
  now: () => Date;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  opts?: Partial<WebhookOptions> | undefined;
}

const facts = (t: { id: string; number: string; serviceId: string; priority: string | null }): TicketFacts => ({
  id: t.id, number: t.number, serviceId: t.serviceId, priority: t.priority,
});

export class WebhookDispatcher {
  private readonly workers = new Map<string, EndpointWorker>();
  private readonly opts: WebhookOptions;
  private readonly holder = randomUUID();
  private active = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The day live events are in: moves at each `day:opened` told. */
  private liveDay: string;
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;
  private testSeq = 0;

  constructor(private readonly deps: DispatcherDeps) {
    this.opts = { ...DEFAULT_WEBHOOK_OPTIONS, ...deps.opts };
    this.liveDay = deps.office.engine.serviceDay;
  }

  private get endpoints(): readonly WebhookEndpoint[] {
    return this.deps.office.config.webhooks ?? [];
  }

  async start(): Promise<void> {
    this.unsubscribe = this.deps.office.onCommitted((events) => this.committed(events));
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.opts.syncMs);
    this.timer.unref();
  }

  /** Events held in memory for delivery, over all endpoints (bounded by `bufferMax` each). */
  get buffered(): number {
    let n = 0;
    for (const w of this.workers.values()) n += w.buffered;
    return n;
  }

  private committed(events: JournalEvent[]): void {
    // Runs before the commands' answers leave (office.ts tell): nothing but bookkeeping here.
    if (!this.active || this.workers.size === 0) {
      for (const e of events) if (e.type === 'day:opened') this.liveDay = e.serviceDay;
      return;
    }
    const items: Pending[] = [];
    for (const event of events) {
      if (event.type === 'day:opened') this.liveDay = event.serviceDay;
      const t = 'ticketId' in event ? this.deps.office.engine.ticketById(event.ticketId) : null;
      items.push({ event, day: this.liveDay, ticket: t ? facts(t) : null });
    }
    for (const w of this.workers.values()) w.offer(items);
  }

  /** After the endpoints changed (REST): workers follow the configuration now, not at the next sync. */
  changed(): Promise<void> {
    return this.sync();
  }

  private sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow()).catch((e: unknown) => this.deps.log.warn({ err: e }, 'webhooks: sync failed'));
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.closed) return;
    const holds = this.deps.state.claim ? await this.deps.state.claim(this.holder) : true;
    if (holds !== this.active) {
      // Taking over (or first start): the cursors as saved, possibly by another process.
      for (const w of this.workers.values()) w.close();
      this.workers.clear();
      this.active = holds;
      if (holds) this.deps.log.info({}, 'webhooks: delivering for this office');
    }
    if (!this.active) return;
    const saved = this.workers.size === 0 && this.endpoints.length > 0 ? await this.deps.state.load() : {};
    const ids = new Set(this.endpoints.map((e) => e.id));
    for (const [id, w] of this.workers) {
      if (ids.has(id)) continue;
      w.close();
      this.workers.delete(id);
      await this.deps.state.remove(id);
    }
    for (const ep of this.endpoints) {
      const w = this.workers.get(ep.id);
      if (w && ep.startRev <= w.cursor.rev) {
        w.update(ep);
        continue;
      }
      // New here, or switched on again since (its start moved past the cursor): from its start.
      w?.close();
      const known = w?.cursor ?? saved[ep.id] ?? (await this.deps.state.load())[ep.id];
      const start = { rev: ep.startRev, day: ep.startDay, attempt: 0, failingSince: null };
      const cursor: EndpointCursor = known
        ? known.rev >= ep.startRev ? known : { ...known, ...start }
        : { ...start, givenUp: 0, recent: [] };
      await this.open(ep, cursor, cursor !== known);
    }
  }

  private async open(ep: WebhookEndpoint, cursor: EndpointCursor, fresh: boolean): Promise<void> {
    if (fresh) await this.deps.state.save(ep.id, cursor);
    const w = new EndpointWorker(ep, cursor, {
      opts: this.opts,
      now: this.deps.now,
      read: (after, day, limit) => this.read(after, day, limit),
      payload: (p, endpointId) => this.payload(p, endpointId),
      post: (endpoint, payload, attempt) => postWebhook(endpoint, payload, { timeoutMs: this.opts.timeoutMs, attempt, now: this.deps.now }),
      save: (c) => this.deps.state.save(ep.id, c),
      log: this.deps.log,
    }, this.deps.office.engine.rev);
    this.workers.set(ep.id, w);
    w.pump();
  }

  /** A page of the journal after `afterRev`, from `fromDay` on; tickets of a past day from that day's lines. */
  private async read(afterRev: number, fromDay: string, limit: number): Promise<Pending[]> {
    const out: Pending[] = [];
    const days = (await this.deps.journal.days()).filter((d) => d >= fromDay);
    for (const day of days) {
      const { lines } = await this.deps.journal.readDay(day);
      const issued = new Map<string, TicketFacts>();
      for (const { event } of lines) {
        if (event.type === 'ticket:issued') issued.set(event.ticket.id, facts(event.ticket));
        if (event.rev <= afterRev) continue;
        const id = 'ticketId' in event ? event.ticketId : null;
        const t = id ? (issued.get(id) ?? this.ticketNow(id)) : null;
        out.push({ event, day, ticket: t });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  private ticketNow(id: string): TicketFacts | null {
    const t = this.deps.office.engine.ticketById(id);
    return t ? facts(t) : null;
  }

  private counter(id: string | null): CounterFacts | null {
    const c = id ? this.deps.office.counter(id) : undefined;
    return c ? { id: c.id, number: c.number, label: c.label } : id ? { id, number: 0, label: { vi: id, en: id } } : null;
  }

  private officeFacts(): WebhookPayload['office'] {
    const o = this.deps.office;
    return { id: o.id, slug: o.slug, name: o.settings.officeName };
  }

  private payload(p: Pending, endpointId: string): WebhookPayload | null {
    const made = toWebhookEvent(p.event, { ticket: (id) => (p.ticket?.id === id ? p.ticket : this.ticketNow(id)), counter: (id) => this.counter(id) });
    if (!made) return null;
    return { id: `${this.deps.office.id}:${p.event.rev}:${endpointId}`, type: made.type, at: p.event.at, rev: p.event.rev, office: this.officeFacts(), data: made.data };
  }

  /** "Gửi thử": one `webhook.test` event now, outside the cursor; recorded with the others. */
  async sendTest(endpointId: string): Promise<WebhookDelivery | null> {
    const ep = this.endpoints.find((e) => e.id === endpointId);
    if (!ep) return null;
    const payload: WebhookPayload = {
      id: `${this.deps.office.id}:test:${Date.now()}-${++this.testSeq}`,
      type: WEBHOOK_TEST_EVENT,
      at: this.deps.now().toISOString(),
      rev: null,
      office: this.officeFacts(),
      data: { message: { vi: 'Thử kết nối webhook từ Lượt', en: 'Webhook test from Lượt' } },
    };
    const d = await postWebhook(ep, payload, { timeoutMs: this.opts.timeoutMs, attempt: 1, now: this.deps.now });
    const w = this.workers.get(endpointId);
    if (w) {
      if (d.ok) w.retryNow();
      w.cursor.recent.unshift(d);
      w.cursor.recent.length = Math.min(w.cursor.recent.length, this.opts.recentMax);
      await this.deps.state.save(endpointId, w.cursor).catch(() => undefined);
    }
    return d;
  }

  /** What the settings page shows of each endpoint (never its secret). */
  async views(): Promise<WebhookEndpointView[]> {
    const saved = this.active ? null : await this.deps.state.load();
    const head = this.deps.office.engine.rev;
    return this.endpoints.map((ep) => {
      const w = this.workers.get(ep.id);
      const c = w?.cursor ?? saved?.[ep.id];
      const { secret, ...rest } = ep;
      return {
        ...rest,
        secretHint: `…${secret.slice(-4)}`,
        deliveredRev: c?.rev ?? head,
        behind: Math.max(0, head - (c?.rev ?? head)),
        failing: c?.attempt ?? 0,
        nextAttemptAt: w?.nextAttemptAt?.toISOString() ?? null,
        givenUp: c?.givenUp ?? 0,
        recent: c?.recent ?? [],
      };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    for (const w of this.workers.values()) w.close();
    await this.syncing;
    if (this.active) await this.deps.state.release?.(this.holder).catch(() => undefined);
  }
}
