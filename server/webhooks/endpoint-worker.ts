// One endpoint's delivery: strictly in journal (rev) order, one request in flight, so every
// ticket's events arrive in order. The cursor (the rev delivered up to) is saved only after the
// receiver answered 2xx: a crash in between sends that event again (at least once), never skips
// it. Memory is bounded by design: at most `bufferMax` events wait here; past that the worker
// drops them and reads them back from the journal, a page at a time, when it gets there.
import type { WebhookDelivery, WebhookEndpoint } from '../../shared/webhooks.js';
import type { JournalEvent } from '../queue/events.js';
import type { WebhookPayload } from './deliver.js';
import { webhookTypeOf, type TicketFacts } from './event-map.js';
import type { EndpointCursor } from './state-store.js';

export interface WebhookOptions {
  /** Longest a receiver may take to answer (default 10 s). */
  timeoutMs: number;
  /** First pause after a failure; doubles at each failure (default 10 s)… */
  baseDelayMs: number;
  /** …up to this (default 1 h). */
  maxDelayMs: number;
  /** A failing event is given up (and recorded) this long after its first failure (default 24 h). */
  giveUpAfterMs: number;
  /** Events held in memory per endpoint, and read from the journal at once (default 200). */
  bufferMax: number;
  /** Recent deliveries kept per endpoint for the settings page (default 20). */
  recentMax: number;
  /** How often the lease is renewed and the endpoints compared with the configuration (default 10 s). */
  syncMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  timeoutMs: 10_000,
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  giveUpAfterMs: 24 * 3_600_000,
  bufferMax: 200,
  recentMax: 20,
  syncMs: 10_000,
};

/** An event waiting for delivery, with the day it is in (where reading resumes) and its ticket. */
export interface Pending {
  event: JournalEvent;
  day: string;
  ticket: TicketFacts | null;
}

export interface WorkerDeps {
  opts: WebhookOptions;
  now: () => Date;
  /** Events after `rev` from `day` on, at most `limit`, in rev order. */
  read(afterRev: number, day: string, limit: number): Promise<Pending[]>;
  payload(p: Pending, endpointId: string): WebhookPayload | null;
  post(endpoint: WebhookEndpoint, payload: WebhookPayload, attempt: number): Promise<WebhookDelivery>;
  save(cursor: EndpointCursor): Promise<void>;
  log: { warn(obj: object, msg: string): void };
}

export class EndpointWorker {
  private buffer: Pending[] = [];
  /** The newest rev in the buffer, or the cursor's when it is empty. */
  private queuedRev: number;
  private queuedDay: string;
  /** The journal holds events after `queuedRev` that the buffer does not. */
  private behind: boolean;
  private offered = 0;
  private running = false;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    public endpoint: WebhookEndpoint,
    readonly cursor: EndpointCursor,
    private readonly deps: WorkerDeps,
    headRev: number,
  ) {
    this.queuedRev = cursor.rev;
    this.queuedDay = cursor.day;
    this.behind = headRev > cursor.rev;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  get nextAttemptAt(): Date | null {
    return this.retryAt;
  }
  private retryAt: Date | null = null;

  /** Committed events, in rev order, with the day each is in. */
  offer(items: Pending[]): void {
    for (const p of items) {
      if (p.event.rev <= this.queuedRev) continue;
      this.offered++;
      if (this.behind || this.buffer.length >= this.deps.opts.bufferMax) {
        this.behind = true;
        continue;
      }
      this.buffer.push(p);
      this.queuedRev = p.event.rev;
      this.queuedDay = p.day;
    }
    // Offered while the commands' answers wait (office.ts tell): the POST starts after they left.
    if (!this.kicked) {
      this.kicked = true;
      setImmediate(() => {
        this.kicked = false;
        this.pump();
      });
    }
  }
  private kicked = false;

  /**
   * The endpoint as configured now. A changed address or secret (the admin fixed it) or a test
   * that got through ends the wait of a failing event: it is tried again at once.
   */
  update(ep: WebhookEndpoint): void {
    const fixed = ep.url !== this.endpoint.url || ep.secret !== this.endpoint.secret;
    this.endpoint = ep;
    if (fixed) this.retryNow();
    else this.pump();
  }

  retryNow(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.retryAt = null;
    this.pump();
  }

  /** Nothing more is sent (the endpoint was removed or disabled, or the server stops). */
  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
  }

  pump(): void {
    if (this.running || this.retry || this.closed || !this.endpoint.enabled) return;
    this.running = true;
    void this.loop()
      .catch((e: unknown) => {
        // The journal or the cursor store failed: try again later, from the saved cursor's view.
        this.deps.log.warn({ err: e, endpoint: this.endpoint.id }, 'webhook delivery stopped; retrying');
        this.schedule(this.deps.opts.baseDelayMs);
      })
      .finally(() => {
        this.running = false;
      });
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.retryAt = new Date(this.deps.now().getTime() + ms);
    this.retry = setTimeout(() => {
      this.retry = null;
      this.retryAt = null;
      this.pump();
    }, ms);
    this.retry.unref();
  }

  private async loop(): Promise<void> {
    let skipped = false;
    while (!this.closed && this.endpoint.enabled) {
      if (this.buffer.length === 0) {
        if (!this.behind || !(await this.readPage())) break;
        continue;
      }
      const head = this.buffer[0]!;
      const type = webhookTypeOf(head.event);
      if (!type || !this.endpoint.events.includes(type)) {
        this.advance(head);
        skipped = true;
        continue;
      }
      const payload = this.deps.payload(head, this.endpoint.id);
      if (!payload) {
        this.advance(head);
        continue;
      }
      const attempt = this.cursor.attempt + 1;
      const d = await this.deps.post(this.endpoint, payload, attempt);
      if (this.closed) return;
      this.record(d);
      if (d.ok) {
        this.advance(head);
        await this.deps.save(this.cursor);
        skipped = false;
        continue;
      }
      const now = this.deps.now();
      this.cursor.attempt = attempt;
      this.cursor.failingSince ??= now.toISOString();
      if (now.getTime() - Date.parse(this.cursor.failingSince) >= this.deps.opts.giveUpAfterMs) {
        this.record({ ...d, givenUp: true, at: now.toISOString() });
        this.cursor.givenUp++;
        this.deps.log.warn({ endpoint: this.endpoint.id, delivery: d.id, attempts: attempt }, 'webhook event given up after a day of failures');
        this.advance(head);
        await this.deps.save(this.cursor);
        continue;
      }
      await this.deps.save(this.cursor);
      const { baseDelayMs, maxDelayMs } = this.deps.opts;
      this.schedule(Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt - 1, 30)));
      return;
    }
    // Skipped events are saved too (once the buffer is done), so a restart does not read them again.
    if (skipped && !this.closed) await this.deps.save(this.cursor);
  }

  private advance(head: Pending): void {
    this.buffer.shift();
    this.cursor.rev = head.event.rev;
    this.cursor.day = head.day;
    this.cursor.attempt = 0;
    this.cursor.failingSince = null;
  }

  private record(d: WebhookDelivery): void {
    this.cursor.recent.unshift(d);
    this.cursor.recent.length = Math.min(this.cursor.recent.length, this.deps.opts.recentMax);
  }

  /** The next page from the journal; false when it held nothing new. */
  private async readPage(): Promise<boolean> {
    const offered = this.offered;
    const page = await this.deps.read(this.queuedRev, this.queuedDay, this.deps.opts.bufferMax);
    const fresh = page.filter((p) => p.event.rev > this.queuedRev);
    this.buffer.push(...fresh);
    const last = fresh[fresh.length - 1];
    if (last) {
      this.queuedRev = last.event.rev;
      this.queuedDay = last.day;
    }
    // Caught up: the page came short and nothing was committed meanwhile (else read once more).
    if (page.length < this.deps.opts.bufferMax && offered === this.offered) this.behind = false;
    return fresh.length > 0 || this.behind;
  }
}
