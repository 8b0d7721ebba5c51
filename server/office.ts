// The office: binds the pure engine to the journal, the printer and the listeners.
// Every change runs as: rules (engine) → durable append → broadcast → answer.
import type {
  Counter, IssueResult, PrinterStatus, Priority, PublicTicket, Service, SessionEndReason, Settings, StaffAlarm, TicketView,
} from '../shared/types.js';
import type { IssueChannel, JournalEvent } from './queue/events.js';
import { QueueEngine, type Actor, type Alarm, type EngineConfig, type StaffActor, type Ticket } from './queue/engine.js';
import type { JobListener, TicketPrinter, TicketPrintJob } from './print/types.js';
import type { ConfigData } from './store/config.js';
import type { Store } from './store/store.js';
import { isDatabaseError, isSequencer, type Sequencer } from './store/sequencer.js';
import { serviceDayOf } from './queue/time.js';
import type { ResultFile } from './queue/results.js';
import type { DeploymentData, Repository } from './store/deployment.js';
import { JournalGuard } from './journal-guard.js';

export interface OfficeLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OfficeDeps {
  store: Store;
  printer: TicketPrinter;
  now: () => Date;
  newId: () => string;
  newToken: () => string;
  /** Base of the citizen's ticket URL when the settings give none (the server's LAN address). */
  baseUrl: string;
  log: OfficeLog;
  /** Pause between attempts to write again after the disk failed (default 1 s). */
  diskRetryMs?: number | undefined;
  /** Its record in the deployment (issue 11); absent: a lone office (`id` 'default'). */
  id?: string | undefined;
  slug?: string | undefined;
  /** The deployment's accounts and session secret, shared by every office. */
  accounts?: Repository<DeploymentData> | undefined;
}

/** Events made durable by one journal flush (one or more commits), in journal (rev) order. */
export type CommittedListener = (events: JournalEvent[]) => void;

/** Whose staff sessions end: every session of a user, or one login. */
export type SessionTarget = { userId: string } | { sid: string };
export type SessionEndListener = (target: SessionTarget, reason: SessionEndReason) => void;

export function engineConfig(data: Readonly<ConfigData>): EngineConfig {
  return { services: data.services, counters: data.counters, settings: data.settings };
}

export class Office {
  readonly engine: QueueEngine;
  private listeners = new Set<CommittedListener>();
  private refreshListeners = new Set<() => void>();
  private sessionEndListeners = new Set<SessionEndListener>();
  /** The disk's state; while it fails, every change is refused. */
  readonly disk: JournalGuard;

  /** Set when other processes share the journal (PostgreSQL): it orders every change. */
  private readonly sequencer: Sequencer | null;

  private constructor(private readonly deps: OfficeDeps) {
    this.engine = new QueueEngine(engineConfig(deps.store.config.data), deps);
    const journal = deps.store.journal;
    this.sequencer = isSequencer(journal) ? journal : null;
    this.sequencer?.attach({
      apply: (e) => {
        // The configuration row was read again just before (store/pg/journal.ts).
        if (e.type === 'config:changed') this.engine.setConfig(engineConfig(this.config));
        this.engine.apply(e);
      },
      tell: (events) => this.tell(events),
    });
    this.disk = new JournalGuard({
      journal: deps.store.journal, engine: this.engine, log: deps.log, now: deps.now, retryMs: deps.diskRetryMs,
      commit: (events) => this.commit(events),
      blank: () => new QueueEngine(engineConfig(deps.store.config.data), deps),
    });
  }

  /** Replays the newest journal day, then opens today if the clock has moved on. */
  static async open(deps: OfficeDeps): Promise<Office> {
    const office = new Office(deps);
    const restored = await office.disk.open();
    // A disk failing already at start: serve reads, refuse changes, and recover like later on.
    await office.sequenced(() => ({ events: office.engine.rollover() })).catch(() => undefined);
    await office.disk.reserve(restored).catch(() => undefined);
    deps.log.info({ day: office.engine.serviceDay, rev: office.engine.rev, replayed: restored.replayed, fromCheckpoint: restored.fromCheckpoint }, 'journal replayed');
    return office;
  }

  get id(): string {
    return this.deps.id ?? 'default';
  }

  get slug(): string {
    return this.deps.slug ?? 'default';
  }

  /** The deployment's staff accounts, session secret and offices (the same for every office). */
  get accounts(): Readonly<DeploymentData> {
    if (!this.deps.accounts) throw new Error('office opened without the deployment');
    return this.deps.accounts.data;
  }

  /** Changes accounts or logged-out sessions durably (nothing kiosks or displays show). */
  async updateAccounts<T>(change: (draft: DeploymentData) => T): Promise<T> {
    if (!this.deps.accounts) throw new Error('office opened without the deployment');
    return (await this.deps.accounts.update(change)).result;
  }

  /** Archived by the province: its history stays readable, nothing changes any more. */
  get archived(): boolean {
    return this.deps.accounts?.data.offices.find((o) => o.id === this.id)?.archived ?? false;
  }

  get settings(): Readonly<Settings> {
    return this.deps.store.config.data.settings;
  }

  get config(): Readonly<ConfigData> {
    return this.deps.store.config.data;
  }

  get printer(): TicketPrinter {
    return this.deps.printer;
  }

  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Derived state changed without an event (opening hours passed): same rev, fresh values. */
  onRefresh(listener: () => void): () => void {
    this.refreshListeners.add(listener);
    return () => this.refreshListeners.delete(listener);
  }

  /** Staff sessions that must end now, whatever process holds their sockets (realtime/counter.ts). */
  onSessionsEnded(listener: SessionEndListener): () => void {
    this.sessionEndListeners.add(listener);
    return () => this.sessionEndListeners.delete(listener);
  }

  endSessions(target: SessionTarget, reason: SessionEndReason): void {
    for (const l of this.sessionEndListeners) l(target, reason);
  }

  /** Events the engine already made: durable, then told (a shared journal tells them itself, in rev order). */
  private async commit(events: JournalEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.deps.store.journal.append(events);
    } catch (e) {
      throw this.disk.failed(e as Error);
    }
    if (!this.sequencer) await this.tell(events);
  }

  /**
   * Runs `make` on the engine and makes its events durable. With a shared journal it runs only
   * once this process holds the office's lock and has applied every event committed elsewhere,
   * so two processes never give out the same number or call the same ticket.
   */
  private async sequenced<T extends { events: JournalEvent[] }>(make: () => T): Promise<T> {
    if (!this.sequencer) {
      const result = make();
      await this.commit(result.events);
      return result;
    }
    try {
      return await this.sequencer.run(make);
    } catch (e) {
      throw isDatabaseError(e) ? this.disk.failed(e as Error) : e;
    }
  }

  /** Durable events the listeners have not been told of yet, and when they will have been. */
  private untold: { events: JournalEvent[]; told: Promise<void> } | null = null;

  /**
   * The journal makes a whole group commit durable at once, and every commit of it reaches here
   * in the same turn of the event loop, in journal order. The listeners hear them together on
   * the next turn: one push per client per flush instead of one per event (issue 10). Each
   * commit returns only once they have, so a push still leaves before the answer to the
   * command that made it.
   */
  private tell(events: JournalEvent[]): Promise<void> {
    if (!this.untold) {
      const batch: { events: JournalEvent[]; told: Promise<void> } = { events: [], told: Promise.resolve() };
      batch.told = new Promise<void>((resolve) =>
        setImmediate(() => {
          this.untold = null;
          for (const l of this.listeners) {
            // Durable already: a failing listener must neither undo the answer nor starve the others.
            try {
              l(batch.events);
            } catch (e) {
              this.deps.log.error({ err: e }, 'a listener of committed events failed');
            }
          }
          resolve();
        }),
      );
      this.untold = batch;
    }
    this.untold.events.push(...events);
    return this.untold.told;
  }

  /** Rules first, synchronously (so two commands never see the same state), then durability. */
  private async run<T extends { events: JournalEvent[] }>(command: () => T): Promise<T> {
    this.disk.refuse();
    if (this.sequencer) {
      // The day's rollover first, as its own step: a refused command must not drop its events.
      void this.sequenced(() => ({ events: this.engine.rollover() })).catch(() => undefined);
      return this.sequenced(command);
    }
    const rolled = this.engine.rollover();
    if (rolled.length) void this.commit(rolled).catch(() => undefined);
    const result = command();
    // An answer that changed nothing may rest on events still being written: a retried
    // request's first try (counter-requests.ts) is answered only once that is durable.
    if (result.events.length) await this.commit(result.events);
    else await this.deps.store.journal.flushed().catch((e: Error) => Promise.reject(this.disk.failed(e)));
    return result;
  }

  /** Called every few seconds: day rollover, and services opening or closing by the clock. */
  private openState = '';
  async tick(): Promise<void> {
    if (this.sequencer) {
      // Also the safety net for a missed notification of another process's events.
      this.sequencer.catchUp();
      // Bookings' no-shows on time too (issue 13), not at the next command: every process may
      // ask, and under the lock the one that comes second finds them counted already.
      const due = serviceDayOf(this.deps.now(), this.engine.timeZone) > this.engine.serviceDay || this.engine.bookingExpiryDue();
      if (due && !this.disk.failing) await this.sequenced(() => ({ events: this.engine.rollover() }));
    } else if (!this.disk.failing) await this.commit(this.engine.rollover());
    const state = this.engine.snapshot().services.map((s) => `${s.id}:${s.open}`).join();
    if (state !== this.openState) {
      const first = this.openState === '';
      this.openState = state;
      if (!first) for (const l of this.refreshListeners) l();
    }
  }

  // ── kiosk ───────────────────────────────────────────────────────────

  async issue(cmd: { serviceId: string; priority?: Priority | null | undefined; requestId?: string | undefined; channel?: IssueChannel | undefined }): Promise<IssueResult> {
    return this.issueBy(() => this.engine.issue(cmd), cmd.channel);
  }

  /** Issue 13: a booking checked in at a kiosk by its code: its ticket, printed as any other. */
  checkIn(cmd: { code: string; requestId?: string | undefined; channel?: IssueChannel | undefined }): Promise<IssueResult> {
    return this.issueBy(() => this.engine.checkIn(cmd), cmd.channel);
  }

  /** Issue 13: a booking command of the engine (make, cancel), through rules → durable → told. */
  book<T extends { events: JournalEvent[] }>(command: (engine: QueueEngine) => T): Promise<T> {
    return this.run(() => command(this.engine));
  }

  /** Issue 15: a pickup ticket for a file (engine.results.pickup has the rules). */
  issuePickup(cmd: { fileCode: string; requestId?: string; anyway?: boolean; channel?: IssueChannel }): Promise<IssueResult> {
    return this.issueBy(() => this.engine.results.pickup(cmd), cmd.channel);
  }

  /** Issue 15: files marked ready, or the mark taken back (staff, or another system over REST). */
  async markResults(fileCodes: readonly string[], ready: boolean): Promise<string[]> {
    return (await this.run(() => this.engine.results.mark(fileCodes, ready))).fileCodes;
  }

  async promiseResult(fileCode: string, date: string | null): Promise<void> {
    await this.run(() => ({ events: this.engine.results.promise(fileCode, date) }));
  }

  private async issueBy(make: () => { events: JournalEvent[]; ticket: Ticket; duplicate: boolean }, channel: IssueChannel | undefined): Promise<IssueResult> {
    // Real time, not the office clock: the printer's ack deadline counts from here.
    const receivedAt = Date.now();
    const { ticket, duplicate } = await this.run(make);
    // A retried request must not be answered before the original is durable.
    if (duplicate) await this.deps.store.journal.flushed();
    const job = this.printJob(ticket, receivedAt);
    const { ahead, estimatedWaitMin, trackUrl } = job;
    // Issue 10: the kiosk is answered once the job is in the print queue, not once the printer
    // has taken it (up to the ack time), and hears the outcome as `ticket:print` (followPrint).
    // An integration over REST has no socket to hear it later: its answer still waits, as before.
    const printer = this.deps.printer;
    const sent = channel !== 'rest' && printer.submit ? printer.submit(job) : printer.print(job);
    const print = await sent.catch((e: Error) => ({ status: 'failed' as const, message: e.message }));
    return {
      ticket: { ...this.engine.publicTicket(ticket), token: ticket.token },
      ...(ticket.pickup ? { pickup: { ...ticket.pickup } } : {}),
      ahead,
      estimatedWaitMin,
      trackUrl,
      print,
    };
  }

  private printJob(ticket: Ticket, receivedAt: number): TicketPrintJob {
    const ahead = this.engine.ahead(ticket);
    const service = this.service(ticket.serviceId);
    return {
      id: ticket.id,
      officeName: this.settings.officeName,
      serviceName: service?.name ?? { vi: ticket.serviceId, en: ticket.serviceId },
      number: ticket.number,
      priority: ticket.priority,
      issuedAt: ticket.issuedAt,
      timeZone: this.settings.timeZone,
      ahead,
      estimatedWaitMin: this.engine.estimatedWaitMin(ticket.serviceId, ahead),
      trackUrl: this.trackUrl(ticket.token),
      footer: this.settings.ticketFooter,
      ...(ticket.pickup ? { fileCode: ticket.pickup.fileCode } : {}),
      receivedAt,
    };
  }

  /** The base URL as last set and without its trailing slashes: trimmed once, not on every tap. */
  private trackBase = { raw: '', trimmed: '' };
  trackUrl(token: string): string {
    const raw = this.settings.publicBaseUrl ?? this.deps.baseUrl;
    if (raw !== this.trackBase.raw) this.trackBase = { raw, trimmed: raw.replace(/\/+$/, '') };
    return `${this.trackBase.trimmed}${this.pathPrefix}/t/${token}`;
  }

  /** Where this office's pages live: '' for the default office (today's URLs), else '/o/<slug>'. */
  get pathPrefix(): string {
    const first = this.deps.accounts?.data.offices[0];
    return !first || first.id === this.id ? '' : `/o/${this.slug}`;
  }

  /**
   * How a ticket whose answer said `queued` goes on printing (print/types.ts `watch`): `queued`
   * again with each new reason it waits, then `printed` or `failed`. Returns the unsubscribe.
   */
  followPrint(ticketId: string, listener: JobListener): () => void {
    return this.deps.printer.watch?.(ticketId, listener) ?? (() => undefined);
  }

  printerStatus(): PrinterStatus {
    return this.deps.printer.status();
  }

  // ── counters ────────────────────────────────────────────────────────

  // `requestId` (optional): a retry gets the first try's answer (queue/counter-requests.ts).
  openCounter(counterId: string, user: { id: string; name: string }, takeOver: boolean, requestId?: string) {
    return this.run(() => ({ events: this.engine.openCounter(counterId, user, takeOver, requestId) }));
  }
  closeCounter(counterId: string, requestId?: string) {
    return this.run(() => ({ events: this.engine.closeCounter(counterId, requestId) }));
  }
  pauseCounter(counterId: string, reason: string | null, requestId?: string) {
    return this.run(() => ({ events: this.engine.pauseCounter(counterId, reason, requestId) }));
  }
  resumeCounter(counterId: string, requestId?: string) {
    return this.run(() => ({ events: this.engine.resumeCounter(counterId, requestId) }));
  }
  async callNext(counterId: string, actor: Actor, requestId?: string): Promise<PublicTicket | null> {
    const { ticket } = await this.run(() => this.engine.callNext(counterId, actor, requestId));
    return ticket && this.engine.publicTicket(ticket);
  }
  call(counterId: string, ticketId: string, actor: Actor, requestId?: string) {
    return this.ticketResult(() => this.engine.call(counterId, ticketId, actor, requestId));
  }
  recall(counterId: string, actor: Actor, requestId?: string) {
    return this.ticketResult(() => this.engine.recall(counterId, actor, requestId));
  }
  start(counterId: string, requestId?: string) {
    return this.ticketResult(() => this.engine.start(counterId, requestId));
  }
  complete(counterId: string, fileCode: string | null, requestId?: string) {
    return this.ticketResult(() => this.engine.complete(counterId, fileCode, requestId));
  }
  noShow(counterId: string, requestId?: string) {
    return this.ticketResult(() => this.engine.noShow(counterId, requestId));
  }
  transfer(counterId: string, to: { toServiceId?: string | undefined; toCounterId?: string | undefined }, requestId?: string) {
    return this.ticketResult(() => this.engine.transfer(counterId, to, requestId));
  }
  transferWaiting(ticketId: string, to: { toServiceId?: string | undefined; toCounterId?: string | undefined }, requestId?: string) {
    return this.ticketResult(() => this.engine.transferWaiting(ticketId, to, requestId));
  }
  cancel(ticketId: string, actor: Actor, requestId?: string) {
    return this.ticketResult(() => this.engine.cancel(ticketId, actor, requestId));
  }

  putBack(ticketId: string, actor: Actor, requestId?: string) {
    return this.ticketResult(() => this.engine.putBack(ticketId, actor, requestId));
  }

  // ── staff alarms (issue 15): staff sockets only, never a public view ──

  raiseAlarm(counterId: string, actor: StaffActor) {
    return this.alarmResult(() => this.engine.raiseAlarm(counterId, actor));
  }
  answerAlarm(alarmId: string, actor: StaffActor) {
    return this.alarmResult(() => this.engine.answerAlarm(alarmId, actor));
  }
  async endAlarm(alarmId: string, actor: StaffActor): Promise<void> {
    await this.run(() => this.engine.endAlarm(alarmId, actor));
  }

  private async alarmResult(command: () => { events: JournalEvent[]; alarm: Alarm }): Promise<StaffAlarm> {
    const { alarm } = await this.run(command);
    return this.engine.alarms().find((a) => a.id === alarm.id)!;
  }

  private async ticketResult(command: () => { events: JournalEvent[]; ticket: Ticket }): Promise<PublicTicket> {
    const { ticket } = await this.run(command);
    return this.engine.publicTicket(ticket);
  }

  // ── citizens ────────────────────────────────────────────────────────

  ticketView(token: string): TicketView | null {
    const t = this.engine.ticketByToken(token);
    if (!t) return this.pastVisitView(token);
    const service = this.service(t.serviceId);
    const counter = this.engine.counterOfTicket(t);
    const ahead = this.engine.ahead(t);
    return {
      ticket: this.engine.publicTicket(t),
      service: service ? { id: service.id, name: service.name } : null,
      ahead,
      estimatedWaitMin: this.engine.estimatedWaitMin(t.serviceId, ahead),
      counter: counter ? { id: counter.id, number: counter.number, label: counter.label } : null,
      rated: t.rating !== null,
      ...resultOf(this.engine.results.fileOfTicket(t)),
    };
  }

  /**
   * Issue 15: the page of a first visit on an earlier day, kept while its file is known (not yet
   * collected): the ticket as it ended, and its file's result.
   */
  private pastVisitView(token: string): TicketView | null {
    const f = this.engine.results.fileOfToken(token);
    if (!f || !f.submittedAt) return null;
    const service = f.serviceId ? this.service(f.serviceId) : undefined;
    return {
      ticket: {
        id: `file:${f.fileCode}`, number: f.ticketNumber ?? '', serviceId: f.serviceId ?? '', priority: null, state: 'done',
        issuedAt: f.submittedAt, calledAt: null, counterId: null, callCount: 0, queuedAt: f.submittedAt, seq: 0,
      },
      service: service ? { id: service.id, name: service.name } : null,
      ahead: 0,
      estimatedWaitMin: 0,
      counter: null,
      // A past day's rating is closed.
      rated: true,
      ...resultOf(f),
    };
  }

  async rate(token: string, score: number, comment: string | null): Promise<void> {
    await this.run(() => this.engine.rate(token, score, comment, this.settings.ratingScale));
  }

  async rateAtCounter(counterId: string, score: number): Promise<PublicTicket> {
    return this.ticketResult(() => this.engine.rateAtCounter(counterId, score, this.settings.ratingScale));
  }

  // ── configuration ───────────────────────────────────────────────────

  service(id: string): Service | undefined {
    return this.config.services.find((s) => s.id === id);
  }

  counter(id: string): Counter | undefined {
    return this.config.counters.find((c) => c.id === id);
  }

  /**
   * Changes configuration durably; when what kiosks and displays show is touched, the
   * engine takes the new config and a `config:changed` event tells every client.
   */
  async updateConfig<T>(change: (draft: ConfigData) => T, opts: { public: boolean } = { public: true }): Promise<T> {
    const { result, changed } = await this.deps.store.config.update(change);
    if (opts.public && changed) {
      await this.sequenced(() => {
        this.engine.setConfig(engineConfig(this.config));
        return { events: this.engine.configChanged() };
      });
    }
    return result;
  }

  /** Waits for the journal's last writes; a failure is logged (those events may be lost), not thrown. */
  async close(): Promise<void> {
    this.disk.close();
    await this.deps.store.journal.flushed().catch((e: unknown) => {
      this.deps.log.error({ err: e }, 'journal flush failed at shutdown: the last events may not be on disk');
    });
  }
}

/** Issue 15: a citizen page's result line from its file. */
function resultOf(f: ResultFile | null): Pick<TicketView, 'result'> {
  if (!f) return {};
  // Only the code's last characters: the page opens from the QR of a paper ticket, which may be
  // thrown away, and the full code is what the kiosk's pickup asks for.
  return { result: { fileTail: f.fileCode.slice(-4), status: f.collectedAt ? 'collected' : f.readyAt ? 'ready' : 'not_ready', promisedDate: f.promisedDate } };
}
