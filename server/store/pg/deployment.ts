// The deployment in PostgreSQL (LUOT_DATABASE_URL): the same DeploymentStore as the embedded
// files (store/deployment.ts), shared by every process that opens the same database.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { hashPassword } from '../../auth.js';
import type { ConfigData, ConfigSeed } from '../config.js';
import { newOfficeRecord, newSecret, type DeploymentData, type DeploymentSeed, type DeploymentStore, type OfficeRecord } from '../deployment.js';
import type { Store } from '../store.js';
import { PgClipStore } from './clips.js';
import { PgJournal } from './journal.js';
import { PgListener } from './listener.js';
import { migrate } from './migrations.js';
import { createPool, transaction, type PoolOptions } from './pool.js';
import { PgJsonRepository } from './repository.js';
import { PgWebhookState } from './webhooks.js';

export interface PgStore extends Store {
  config: PgJsonRepository<ConfigData>;
  journal: PgJournal;
  clips: PgClipStore;
}

export interface PgDeploymentStore extends DeploymentStore {
  readonly deployment: PgJsonRepository<DeploymentData>;
  readonly pool: pg.Pool;
  openOffice(officeId: string): Promise<PgStore>;
}

/** The list of offices, copied into its table in the transaction that changes the document. */
async function copyOffices(c: pg.PoolClient, d: DeploymentData): Promise<void> {
  for (const o of d.offices) {
    await c.query(
      `INSERT INTO offices (id, slug, archived, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET archived = EXCLUDED.archived`,
      [o.id, o.slug, o.archived, o.createdAt],
    );
  }
}

/** A seed's kiosk PIN is kept hashed only, as config.ts does for files. */
async function officeConfig(seed: ConfigSeed): Promise<ConfigData> {
  const data: ConfigData = { version: 1, ...structuredClone(seed) };
  if (data.settings.kioskPin) {
    data.kioskPinHash = await hashPassword(data.settings.kioskPin);
    data.settings.kioskPin = null;
  }
  return data;
}

class PgDeployment implements PgDeploymentStore {
  private readonly open = new Map<string, Promise<PgStore>>();
  private readonly journals = new Map<string, PgJournal>();
  private readonly configs = new Map<string, PgJsonRepository<ConfigData>>();
  private readonly external = new Set<() => void>();

  constructor(
    readonly pool: pg.Pool,
    readonly deployment: PgJsonRepository<DeploymentData>,
    private readonly listener: PgListener,
  ) {
    // Whoever read it (a notification, a login's reread), the deployment hears of it once.
    deployment.onNewerRead(() => {
      for (const l of this.external) l();
    });
    listener.on('luot_events', (payload) => {
      const nl = payload.indexOf('\n');
      const [officeId, rev] = (nl < 0 ? payload : payload.slice(0, nl)).split(' ');
      this.journals.get(officeId ?? '')?.notified(Number(rev), nl < 0 ? undefined : payload.slice(nl + 1));
    });
    listener.on('luot_config', (payload) => {
      const [table, id] = payload.split(' ');
      if (table === 'deployment') this.rereadDeployment();
      else void this.configs.get(id ?? '')?.refresh().catch(() => undefined);
    });
  }

  /** After the listening connection came back: notifications may have been missed. */
  wakeAll(): void {
    this.rereadDeployment();
    for (const c of this.configs.values()) void c.refresh().catch(() => undefined);
    for (const j of this.journals.values()) j.catchUp();
  }

  /**
   * Another process changed the deployment (an office created or archived, an account): read it
   * again; a newer version tells the deployment, which opens the new offices. Our own changes
   * notify us too; their re-read finds nothing newer and tells no one.
   */
  private rereadDeployment(): void {
    void this.deployment.refresh().catch(() => undefined);
  }

  onExternalChange(listener: () => void): () => void {
    this.external.add(listener);
    return () => this.external.delete(listener);
  }

  openOffice(officeId: string): Promise<PgStore> {
    let store = this.open.get(officeId);
    if (!store) {
      if (!this.deployment.data.offices.some((o) => o.id === officeId)) return Promise.reject(new Error(`no office ${officeId}`));
      store = this.officeStore(officeId, () => Promise.reject(new Error(`office ${officeId}: no configuration in the database`)));
      this.open.set(officeId, store);
      store.catch(() => this.open.delete(officeId));
    }
    return store;
  }

  private async officeStore(officeId: string, seed: () => Promise<ConfigData>): Promise<PgStore> {
    const { repo: config } = await PgJsonRepository.open<ConfigData>(this.pool, 'office_config', officeId, seed);
    const journal = new PgJournal(this.pool, officeId, () => config.refresh());
    this.configs.set(officeId, config);
    this.journals.set(officeId, journal);
    return {
      config,
      journal,
      clips: new PgClipStore(this.pool, officeId),
      webhooks: new PgWebhookState(this.pool, officeId),
      // Report aggregates are built on the main thread from the table; nothing is cached on disk.
      cacheDir: join(tmpdir(), 'luot-pg-cache', officeId),
      close: () => journal.close(),
    };
  }

  async createOffice(office: OfficeRecord, seed: ConfigSeed): Promise<Store> {
    if (this.deployment.data.offices.some((o) => o.slug === office.slug || o.id === office.id)) throw new Error(`office ${office.slug} exists`);
    const data = await officeConfig(seed);
    // Its configuration first, then its record in the list (a crash in between lists nothing).
    const store = this.officeStore(office.id, async () => data);
    this.open.set(office.id, store);
    await store;
    await this.deployment.update((d) => {
      if (d.offices.some((o) => o.slug === office.slug)) throw new Error(`office ${office.slug} exists`);
      d.offices.push(office);
    });
    return store;
  }

  private closed: Promise<void> | null = null;

  close(): Promise<void> {
    this.closed ??= this.shut();
    return this.closed;
  }

  private async shut(): Promise<void> {
    const stores = await Promise.allSettled(this.open.values());
    for (const s of stores) if (s.status === 'fulfilled') await s.value.close();
    await this.listener.close();
    await this.pool.end();
  }
}

/**
 * Opens the deployment in the database at `url`: migrates the schema first (once, whichever
 * process comes first), then reads it, or seeds an empty one (the first office and accounts).
 */
export async function openPgDeployment(
  url: string,
  seed: () => Promise<DeploymentSeed>,
  opts: PoolOptions = {},
): Promise<{ store: PgDeploymentStore; created: boolean }> {
  const pool = createPool(url, opts);
  try {
    await migrate(pool);
    let seeded: { office: OfficeRecord; config: ConfigData } | null = null;
    const { repo, created } = await PgJsonRepository.open<DeploymentData>(
      pool,
      'deployment',
      1,
      async () => {
        const s = await seed();
        const office = newOfficeRecord(s.office.slug, new Date());
        seeded = { office, config: await officeConfig(s.office.config) };
        return { version: 1, secret: newSecret(), users: s.users, revokedSessions: [], offices: [office] };
      },
      async (c, d) => {
        await copyOffices(c, d);
        // The first office's configuration in the same transaction as the document naming it.
        const first = seeded as { office: OfficeRecord; config: ConfigData } | null;
        if (first && d.offices[0]?.id === first.office.id) {
          await c.query('INSERT INTO office_config (office_id, data) VALUES ($1, $2) ON CONFLICT DO NOTHING', [first.office.id, JSON.stringify(first.config)]);
        }
      },
    );
    const listener = new PgListener(url, () => deployment.wakeAll());
    const deployment = new PgDeployment(pool, repo, listener);
    await listener.start();
    return { store: deployment, created };
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
}

export { transaction };
