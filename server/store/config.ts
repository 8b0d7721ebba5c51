// One office's configuration (settings, services, counters, kiosk PIN, display keys) in lowdb, parsed once with zod at load.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { DEFAULT_PUT_BACK } from '../../shared/queue-order.js';
import { counterSchema, serviceSchema, settingsSchema } from '../../shared/schemas.js';
import { ROLES, type Counter, type Role, type Service, type Settings } from '../../shared/types.js';
import { DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE } from '../../shared/voice.js';
import { webhookEndpointSchema, type WebhookEndpoint } from '../../shared/webhooks.js';
import { integrationTokenSchema, type IntegrationToken } from '../../shared/integration-tokens.js';
import { hashPassword } from '../auth.js';
import { DurableJSONFile } from './durable-file.js';

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  role: Role;
  hash: string;
  mustChangePassword: boolean;
  /** Cannot log in; every token of the account stops working. Absent in older files: enabled. */
  disabled?: boolean;
  /** The office the account works in; null (or absent, in files of one office) = the whole province. */
  officeId?: string | null;
}

/** A logged-out session, kept until its token would have expired anyway. */
export interface RevokedSession {
  sid: string;
  exp: number;
}

/** What a new office is seeded with. */
export type ConfigSeed = Omit<ConfigData, 'version'>;

/** One office's configuration. Accounts and the session secret belong to the deployment (deployment.ts). */
export interface ConfigData {
  version: 1;
  settings: Settings;
  services: Service[];
  counters: Counter[];
  /** argon2id hash of the kiosk PIN (`settings.kioskPin` only carries a new PIN in). Absent in older files. */
  kioskPinHash?: string | null;
  /** Per counter id, sha256 (hex) of the key its counter display rates with. Absent in older files. */
  displayKeys?: Record<string, string>;
  /** First-run steps only a device can show (setup-checklist.ts): when each was first done (ISO). Absent in older files. */
  setup?: { testPrintAt?: string; displaySoundAt?: string };
  /** Webhook endpoints (issue 14, server/webhooks/), with their secrets: never sent to kiosks or displays. Absent in older files. */
  webhooks?: WebhookEndpoint[];
  /** Integration tokens (issue 15 §1, server/integration-tokens.ts), hashed. Absent in older files. */
  integrationTokens?: IntegrationToken[];
}

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  hash: z.string(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean().default(false),
  officeId: z.string().nullable().default(null),
});
export const revokedSchema = z.array(z.object({ sid: z.string(), exp: z.number() })).default([]);

const configSchema = z.object({
  version: z.literal(1),
  // A printer address stored before the address rule still loads (the printer then reports it
  // as invalid and never opens it): refusing it here would stop the office from starting.
  settings: settingsSchema.extend({ printer: z.string().max(200) }),
  services: z.array(serviceSchema),
  counters: z.array(counterSchema),
  kioskPinHash: z.string().nullable().default(null),
  displayKeys: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).default({}),
  setup: z.object({ testPrintAt: z.string().optional(), displaySoundAt: z.string().optional() }).optional(),
  webhooks: z.array(webhookEndpointSchema).optional(),
  integrationTokens: z.array(integrationTokenSchema).optional(),
});

/** What a config.json of one office (before issue 11) also held: it moves to the deployment. */
const legacySchema = z.object({
  secret: z.string().min(32),
  users: z.array(userSchema),
  revokedSessions: revokedSchema,
});
export type LegacyAccounts = z.output<typeof legacySchema>;

export function defaultSettings(printer = 'none'): Settings {
  return {
    officeName: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Public Administrative Service Centre' },
    timeZone: 'Asia/Ho_Chi_Minh',
    announcementTemplate: DEFAULT_ANNOUNCEMENT_TEMPLATE,
    recallTemplate: DEFAULT_RECALL_TEMPLATE,
    numberReading: 'auto',
    province: null,
    announcementRepeat: 1,
    ticketFooter: { vi: 'Xin cảm ơn. Vui lòng chờ đến lượt.', en: 'Thank you. Please wait for your turn.' },
    printer,
    printerPaperWidth: 80,
    printerTextMode: null,
    kioskKey: null,
    kioskPin: null,
    publicBaseUrl: null,
    priorityPolicy: { mode: 'strict' },
    putBack: DEFAULT_PUT_BACK,
    ratingScale: 3,
    displayTicker: {
      vi: 'Vui lòng giữ phiếu số thứ tự và theo dõi màn hình, loa gọi số. Xin cảm ơn!',
      en: 'Please keep your ticket and watch the screen for your number. Thank you!',
    },
    announcementVolume: 1,
    voiceMode: 'clips',
    defaultServeMin: 5,
    kioskIssueBurst: 6,
    kioskIssuePerMin: 20,
  };
}

/**
 * Parses with zod once at load; the message names the file and the field. Without zod's JIT: for
 * a parse made once per process, compiling a fast path for each of the file's object schemas
 * costs more than the plain walk it replaces, and it runs before the server is serving.
 */
export function parseFile<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const parsed = schema.safeParse(data, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * A JSON document kept by lowdb, changed only through `update`: the change is applied to a copy
 * and made durable before it becomes the live data, so a failed write leaves nothing half-changed.
 * Updates run one at a time. `changed` is per call (a field shared by all callers would be
 * overwritten by the next update in line).
 */
export class JsonRepository<T> {
  protected chain: Promise<void> = Promise.resolve();

  constructor(protected readonly db: Low<T>) {}

  get data(): Readonly<T> {
    return this.db.data;
  }

  update<R>(change: (draft: T) => R): Promise<{ result: R; changed: boolean }> {
    const run = this.chain.then(async () => {
      const draft = structuredClone(this.db.data);
      const result = change(draft);
      const previous = this.db.data;
      // A save that changes nothing writes nothing (and so tells no display).
      if (JSON.stringify(draft) === JSON.stringify(previous)) return { result, changed: false };
      this.db.data = draft;
      try {
        await this.db.write();
      } catch (e) {
        this.db.data = previous;
        throw e;
      }
      return { result, changed: true };
    });
    this.chain = run.then(() => undefined, () => undefined);
    return run;
  }
}

export class ConfigStore extends JsonRepository<ConfigData> {
  /**
   * Opens `dir/config.json`; `seed` fills an empty folder. A file written before issue 11 also
   * holds the accounts and the secret: they are handed back as `legacy`, for the deployment to
   * take, and stay in the file until `dropLegacy()` (called once the deployment holds them).
   */
  static async open(
    dir: string,
    seed: () => Promise<ConfigSeed>,
  ): Promise<{ store: ConfigStore; created: boolean; legacy: LegacyAccounts | null }> {
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'config.json');
    const db = new Low<ConfigData>(new DurableJSONFile(file), null as unknown as ConfigData);
    await db.read();
    let created = false;
    if (db.data === null) {
      db.data = { version: 1, ...(await seed()) };
      created = true;
    }
    const raw = db.data as unknown as Record<string, unknown>;
    const legacy = 'users' in raw ? parseFile(legacySchema, raw, 'config.json') : null;
    db.data = parseFile(configSchema, raw, 'config.json') as ConfigData;
    // A kiosk PIN kept in plain text (files written before it was hashed, or a seed) is hashed
    // once and the plain one dropped, so config.json never holds it again.
    const plainPin = db.data.settings.kioskPin;
    if (plainPin) {
      db.data.kioskPinHash = await hashPassword(plainPin);
      db.data.settings.kioskPin = null;
    }
    // The legacy fields are kept (zod dropped them from the live data) until dropLegacy().
    if (created || (plainPin && !legacy)) await db.write();
    return { store: new ConfigStore(db), created, legacy };
  }

  /** Writes the file without the accounts and secret a file of one office carried. */
  dropLegacy(): Promise<void> {
    const run = this.chain.then(() => this.db.write());
    this.chain = run.then(() => undefined, () => undefined);
    return run;
  }
}
