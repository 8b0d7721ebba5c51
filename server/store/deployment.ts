// The storage seam of a deployment (issue 11): what the whole deployment holds (the session
// secret, staff accounts, logged-out sessions, the list of offices) and, per office, a Store
// (its configuration and its ticket journal). The embedded default is files; PostgreSQL
// (LUOT_DATABASE_URL) implements the same interfaces.
//
// File layout of the embedded store: the first office lives where a data folder of one office
// always kept it (config.json, journal/, cache/, clips/ at the top), so a folder written before
// issue 11 opens unchanged as the default office; later offices get offices/<slug>/ with the same
// files; deployment.json holds the rest.
import { randomBytes, randomUUID } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { ConfigStore, JsonRepository, parseFile, revokedSchema, userSchema, type ConfigSeed, type RevokedSession, type UserRecord } from './config.js';
import { DurableJSONFile } from './durable-file.js';
import { Journal, type JournalLog, type JournalOptions } from './journal.js';
import type { Store } from './store.js';

/** A JSON-like document changed only whole, durably, one change at a time. */
export interface Repository<T> {
  readonly data: Readonly<T>;
  /** `changed`: false when the change left the data as it was (nothing written). */
  update<R>(change: (draft: T) => R): Promise<{ result: R; changed: boolean }>;
  /**
   * Several processes: reads the newest committed version now, not when another process's
   * notification arrives (a login on this process right after an account change on another).
   * True when it was newer. A store of one process has nothing to read and needs none.
   */
  reread?(): Promise<boolean>;
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 60;

/**
 * An office as the deployment lists it. Its name and time zone are its settings'
 * (`settings.officeName`, `settings.timeZone` in its own config): kept in one place.
 */
export interface OfficeRecord {
  id: string;
  /** In its URLs (`/o/<slug>/…`); never changes, and is not reused after the office is archived. */
  slug: string;
  /** Archived: its apps show a closed notice, changes are refused, its history stays readable. */
  archived: boolean;
  createdAt: string;
}

export interface DeploymentData {
  version: 1;
  /** Signs staff session tokens, for every office. */
  secret: string;
  users: UserRecord[];
  revokedSessions: RevokedSession[];
  /** The first is the default office: the one today's unprefixed URLs address. */
  offices: OfficeRecord[];
}

export const officeRecordSchema = z.object({
  id: z.string().min(1),
  slug: z.string().max(SLUG_MAX).regex(SLUG),
  archived: z.boolean().default(false),
  createdAt: z.string(),
});

export const deploymentSchema = z.object({
  version: z.literal(1),
  secret: z.string().min(32),
  users: z.array(userSchema),
  revokedSessions: revokedSchema,
  offices: z.array(officeRecordSchema).min(1),
});

/** What an empty deployment starts with: the first accounts and the first office. */
export interface DeploymentSeed {
  users: UserRecord[];
  office: { slug: string; config: ConfigSeed };
}

/** The default office's slug when a data folder of one office (before issue 11) is upgraded. */
export const UPGRADED_SLUG = 'trung-tam';

export interface DeploymentStore {
  readonly deployment: Repository<DeploymentData>;
  /** An office of `deployment.data.offices`: its configuration and journal, opened once. */
  openOffice(officeId: string): Promise<Store>;
  /**
   * Makes a new office: its configuration first, then its record at the end of the list, so a
   * crash in between leaves no listed office without a configuration. The slug must be unused
   * (the caller checks; a store may also refuse).
   */
  createOffice(office: OfficeRecord, config: ConfigSeed): Promise<Store>;
  /**
   * Several processes: `deployment.data` was changed by another process (an office created or
   * archived, an account changed) and has been reloaded. The deployment then opens the new
   * offices and closes the archived ones' apps. A store of one process needs none.
   */
  onExternalChange?(listener: () => void): () => void;
  close(): Promise<void>;
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newOfficeRecord(slug: string, now: Date): OfficeRecord {
  return { id: randomUUID(), slug, archived: false, createdAt: now.toISOString() };
}

const exists = (path: string) => access(path).then(() => true, () => false);

class FileDeployment implements DeploymentStore {
  private readonly open = new Map<string, Promise<Store>>();

  constructor(
    readonly deployment: JsonRepository<DeploymentData>,
    private readonly dir: string,
    private readonly log: JournalLog,
    private readonly journalOpts: JournalOptions,
    /** The default office's store, opened while upgrading or seeding. */
    first: { id: string; store: Store },
  ) {
    this.open.set(first.id, Promise.resolve(first.store));
  }

  private officeDir(office: OfficeRecord): string {
    return office.id === this.deployment.data.offices[0]!.id ? this.dir : join(this.dir, 'offices', office.slug);
  }

  openOffice(officeId: string): Promise<Store> {
    let store = this.open.get(officeId);
    if (!store) {
      const office = this.deployment.data.offices.find((o) => o.id === officeId);
      if (!office) return Promise.reject(new Error(`no office ${officeId}`));
      store = openOfficeFiles(this.officeDir(office), () => Promise.reject(new Error(`office ${office.slug}: config.json missing`)), this.log, this.journalOpts).then((r) => r.store);
      this.open.set(officeId, store);
    }
    return store;
  }

  async createOffice(office: OfficeRecord, config: ConfigSeed): Promise<Store> {
    if (this.deployment.data.offices.some((o) => o.slug === office.slug || o.id === office.id)) throw new Error(`office ${office.slug} exists`);
    const dir = join(this.dir, 'offices', office.slug);
    // A folder left by a crash between the two writes below is taken over, not mixed with.
    if (await exists(join(dir, 'config.json'))) throw new Error(`${dir} already holds an office`);
    const store = openOfficeFiles(dir, async () => config, this.log, this.journalOpts).then((r) => r.store);
    this.open.set(office.id, store);
    await store;
    await this.deployment.update((d) => {
      d.offices.push(office);
    });
    return store;
  }

  async close(): Promise<void> {
    const stores = await Promise.allSettled(this.open.values());
    for (const s of stores) if (s.status === 'fulfilled') await s.value.close();
  }
}

/** One office's files in `dir`: config.json, journal/, cache/ (checkpoint and report caches), clips/. */
export async function openOfficeFiles(
  dir: string,
  seed: () => Promise<ConfigSeed>,
  log: JournalLog,
  journalOpts: JournalOptions,
): Promise<{ store: Store & { config: ConfigStore }; created: boolean; legacy: Awaited<ReturnType<typeof ConfigStore.open>>['legacy'] }> {
  const { store: config, created, legacy } = await ConfigStore.open(dir, seed);
  const journal = new Journal(join(dir, 'journal'), log, { checkpointPath: join(dir, 'cache', 'checkpoint.bin'), ...journalOpts });
  return {
    created,
    legacy,
    store: {
      config,
      journal,
      cacheDir: join(dir, 'cache'),
      journalDir: join(dir, 'journal'),
      filesDir: dir,
      close: () => journal.close(),
    },
  };
}

/**
 * Opens (or makes) the embedded deployment in `dir`. Three cases: deployment.json exists (a
 * deployment); only config.json (a data folder of one office written before issue 11: its
 * accounts and secret move to deployment.json, its office stays where it is as the default
 * office); nothing (a new folder, from `seed`).
 */
export async function openFileDeployment(
  dir: string,
  seed: () => Promise<DeploymentSeed>,
  log: JournalLog,
  journalOpts: JournalOptions = {},
): Promise<{ store: DeploymentStore; created: boolean; upgraded: boolean }> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'deployment.json');
  const db = new Low<DeploymentData>(new DurableJSONFile(file), null as unknown as DeploymentData);
  await db.read();
  let created = false;
  let upgraded = false;
  let first: { id: string; store: Store };
  if (db.data !== null) {
    db.data = parseFile(deploymentSchema, db.data, 'deployment.json') as DeploymentData;
    const office = db.data.offices[0]!;
    const opened = await openOfficeFiles(dir, () => Promise.reject(new Error('config.json missing')), log, journalOpts);
    // Moved already (a crash came before the rewrite of config.json): the copy in the deployment wins.
    if (opened.legacy) await opened.store.config.dropLegacy();
    first = { id: office.id, store: opened.store };
  } else {
    let seeded: DeploymentSeed | null = null;
    const opened = await openOfficeFiles(dir, async () => (seeded = await seed()).office.config, log, journalOpts);
    const now = new Date();
    const office = newOfficeRecord(seeded ? (seeded as DeploymentSeed).office.slug : UPGRADED_SLUG, now);
    if (opened.legacy) {
      // The accounts keep their ids and the secret stays: tokens issued before the upgrade still open their sessions.
      const { secret, users, revokedSessions } = opened.legacy;
      db.data = { version: 1, secret, users: users.map((u) => ({ ...u, officeId: null })), revokedSessions, offices: [office] };
      upgraded = true;
    } else {
      if (!seeded) throw new Error('config.json without accounts and no deployment.json');
      db.data = { version: 1, secret: newSecret(), users: (seeded as DeploymentSeed).users, revokedSessions: [], offices: [office] };
      created = opened.created;
    }
    // Durable before the accounts leave config.json: a crash in between finds both copies.
    await db.write();
    if (opened.legacy) await opened.store.config.dropLegacy();
    first = { id: office.id, store: opened.store };
  }
  const deployment = new JsonRepository(db);
  return { store: new FileDeployment(deployment, dir, log, journalOpts, first), created, upgraded };
}
