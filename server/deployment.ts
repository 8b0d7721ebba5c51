// A deployment: the offices it runs (one OfficeHost each), the accounts and session secret they
// share, and the province's changes to its offices (create, archive). A data folder of one
// office is a deployment of one: its office is the default one, addressed by today's URLs.
import { z } from 'zod';
import { isTimeZone } from '../shared/time-zones.js';
import type { Localized, NewOffice } from '../shared/types.js';
import type { SessionTarget } from './office.js';
import { openOfficeHost, type HostDeps, type OfficeHost } from './offices.js';
import type { TicketPrinter } from './print/types.js';
import type { SessionEndReason } from '../shared/types.js';
import { defaultSettings, type ConfigSeed } from './store/config.js';
import { newOfficeRecord, SLUG, SLUG_MAX, type DeploymentData, type DeploymentStore, type OfficeRecord, type Repository } from './store/deployment.js';
import { luotError, parse } from './validate.js';
import { LuotError } from '../shared/errors.js';

const name = z.string().trim().min(1).max(120).transform((x) => x.normalize('NFC'));

export const newOfficeSchema = z.object({
  name: z.object({ vi: name, en: name }),
  slug: z.string().trim().min(1).max(SLUG_MAX).regex(SLUG, 'a-z 0-9 -'),
  timeZone: z.string().refine(isTimeZone, 'IANA time zone'),
  copyServicesFrom: z.string().optional(),
});

export type DeploymentListener = (change: { kind: 'added' | 'archived'; host: OfficeHost }) => void;

export class Deployment {
  private readonly hosts = new Map<string, OfficeHost>();
  private readonly listeners = new Set<DeploymentListener>();

  private constructor(
    readonly store: DeploymentStore,
    private readonly deps: Omit<HostDeps, 'accounts'>,
    private readonly printerFor: (slug: string, index: number) => TicketPrinter | undefined,
  ) {}

  /** Opens every office of the store, the default one first. */
  static async open(
    store: DeploymentStore,
    deps: Omit<HostDeps, 'accounts'>,
    printerFor: (slug: string, index: number) => TicketPrinter | undefined = () => undefined,
  ): Promise<Deployment> {
    const d = new Deployment(store, deps, printerFor);
    for (const [i, rec] of store.deployment.data.offices.entries()) {
      d.hosts.set(rec.id, await openOfficeHost(rec, await store.openOffice(rec.id), d.hostDeps(), printerFor(rec.slug, i)));
      if (rec.archived) d.told.add(rec.id);
    }
    d.offExternal = store.onExternalChange?.(() => void d.sync().catch((e: unknown) => deps.log.error({ err: e }, 'offices of another process not opened')));
    return d;
  }

  private offExternal: (() => void) | undefined;
  /** Archived offices whose archiving has been told. */
  private readonly told = new Set<string>();
  private syncing: Promise<void> = Promise.resolve();

  /**
   * Runs `job` after every earlier catch-up or change of the list: an office this process is
   * creating is in the list (re-read on the database's notification) before it has a host, and
   * must not be opened twice.
   */
  private inOrder<T>(job: () => Promise<T>): Promise<T> {
    const run = this.syncing.then(job);
    this.syncing = run.then(() => undefined, () => undefined);
    return run;
  }

  /** Catches up with offices another process created or archived (one catch-up at a time). */
  sync(): Promise<void> {
    return this.inOrder(async () => {
      for (const [i, rec] of this.records.entries()) {
        if (!this.hosts.has(rec.id)) {
          const host = await openOfficeHost(rec, await this.store.openOffice(rec.id), this.hostDeps(), this.printerFor(rec.slug, i));
          this.hosts.set(rec.id, host);
          this.tell('added', host);
        }
        if (rec.archived && !this.told.has(rec.id)) {
          this.told.add(rec.id);
          this.tell('archived', this.hosts.get(rec.id)!);
        }
      }
    });
  }

  private hostDeps(): HostDeps {
    return { ...this.deps, accounts: this.store.deployment, inTurn: (job) => this.inTurn(job) };
  }

  private turn: Promise<unknown> = Promise.resolve();
  /** One office's background report build at a time. */
  private inTurn<T>(job: () => Promise<T>): Promise<T> {
    const run = this.turn.then(job);
    this.turn = run.catch(() => undefined);
    return run;
  }

  get accounts(): Repository<DeploymentData> {
    return this.store.deployment;
  }

  get records(): readonly OfficeRecord[] {
    return this.store.deployment.data.offices;
  }

  /** The first office: today's unprefixed URLs address it. */
  get defaultHost(): OfficeHost {
    return this.hosts.get(this.records[0]!.id)!;
  }

  record(officeId: string): OfficeRecord | undefined {
    return this.records.find((o) => o.id === officeId);
  }

  bySlug(slug: string): OfficeHost | undefined {
    const rec = this.records.find((o) => o.slug === slug);
    return rec ? this.hosts.get(rec.id) : undefined;
  }

  byId(id: string): OfficeHost | undefined {
    return this.hosts.get(id);
  }

  /** Every office, in the deployment's order (archived ones too: their history is readable). */
  all(): OfficeHost[] {
    return this.records.map((r) => this.hosts.get(r.id)).filter((h): h is OfficeHost => h !== undefined);
  }

  onChange(listener: DeploymentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(kind: 'added' | 'archived', host: OfficeHost): void {
    for (const l of this.listeners) l({ kind, host });
  }

  /** A session ends on every office's staff sockets: an account works across offices. */
  endSessions(target: SessionTarget, reason: SessionEndReason): void {
    for (const h of this.hosts.values()) h.office.endSessions(target, reason);
  }

  /**
   * A new office from the province's form: default settings under its name and time zone, and
   * optionally the services and counters' layout of another office (not its kiosk PIN, display
   * keys or printer: those belong to the other office's devices).
   */
  createOffice(body: unknown, now: Date): Promise<OfficeHost> {
    return this.inOrder(() => this.addOffice(body, now));
  }

  private async addOffice(body: unknown, now: Date): Promise<OfficeHost> {
    const input: NewOffice = parse(newOfficeSchema, body);
    if (this.records.some((o) => o.slug === input.slug)) throw luotError('conflict', 'idTaken', { field: 'slug' });
    let copyFrom: OfficeHost | undefined;
    if (input.copyServicesFrom !== undefined) {
      copyFrom = this.bySlug(input.copyServicesFrom);
      if (!copyFrom) throw luotError('invalid', 'invalid', { field: 'copyServicesFrom' });
    }
    const settings = defaultSettings('none');
    settings.officeName = input.name as Localized;
    settings.timeZone = input.timeZone;
    const config: ConfigSeed = {
      settings,
      services: structuredClone(copyFrom?.office.config.services ?? []),
      counters: structuredClone(copyFrom?.office.config.counters ?? []),
      kioskPinHash: null,
      displayKeys: {},
    };
    const rec = newOfficeRecord(input.slug, now);
    const store = await this.store.createOffice(rec, config);
    const host = await openOfficeHost(rec, store, this.hostDeps(), this.printerFor(rec.slug, this.records.length - 1));
    this.hosts.set(rec.id, host);
    this.tell('added', host);
    return host;
  }

  /** Archives an office: its apps are closed, its history and reports stay; the slug is never reused. */
  archiveOffice(slug: string): Promise<OfficeHost> {
    return this.inOrder(() => this.archive(slug));
  }

  private async archive(slug: string): Promise<OfficeHost> {
    const host = this.bySlug(slug);
    if (!host) throw luotError('not_found', 'notFound');
    if (host.office.id === this.records[0]!.id) {
      throw new LuotError('conflict', 'Không thể đóng trung tâm mặc định', 'The default office cannot be archived', { field: 'slug' });
    }
    await this.accounts.update((d) => {
      d.offices.find((o) => o.id === host.office.id)!.archived = true;
    });
    if (!this.told.has(host.office.id)) {
      this.told.add(host.office.id);
      this.tell('archived', host);
    }
    return host;
  }

  async close(): Promise<void> {
    this.offExternal?.();
    await this.syncing;
    for (const h of this.hosts.values()) await h.close();
    await this.store.close();
  }
}
