// Configuration (settings, services, counters, users) in lowdb, parsed once with zod at load.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { counterSchema, serviceSchema, settingsSchema } from '../../shared/schemas.js';
import { ROLES, type Counter, type Role, type Service, type Settings } from '../../shared/types.js';
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
}

/** A logged-out session, kept until its token would have expired anyway. */
export interface RevokedSession {
  sid: string;
  exp: number;
}

/** What a new data folder is seeded with. */
export type ConfigSeed = Omit<ConfigData, 'version' | 'secret' | 'revokedSessions'>;

export interface ConfigData {
  version: 1;
  /** Signs staff session tokens; made once per office. */
  secret: string;
  settings: Settings;
  services: Service[];
  counters: Counter[];
  users: UserRecord[];
  revokedSessions: RevokedSession[];
  /** argon2id hash of the kiosk PIN (`settings.kioskPin` only carries a new PIN in). Absent in older files. */
  kioskPinHash?: string | null;
  /** Per counter id, sha256 (hex) of the key its counter display rates with. Absent in older files. */
  displayKeys?: Record<string, string>;
}

const configSchema = z.object({
  version: z.literal(1),
  secret: z.string().min(32),
  // A printer address stored before the address rule still loads (the printer then reports it
  // as invalid and never opens it): refusing it here would stop the office from starting.
  settings: settingsSchema.extend({ printer: z.string().max(200) }),
  services: z.array(serviceSchema),
  counters: z.array(counterSchema),
  users: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      hash: z.string(),
      mustChangePassword: z.boolean(),
      disabled: z.boolean().default(false),
    }),
  ),
  revokedSessions: z.array(z.object({ sid: z.string(), exp: z.number() })).default([]),
  kioskPinHash: z.string().nullable().default(null),
  displayKeys: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).default({}),
});

export function defaultSettings(printer = 'none'): Settings {
  return {
    officeName: { vi: 'Trung tâm Phục vụ hành chính công', en: 'Public Administrative Service Centre' },
    timeZone: 'Asia/Ho_Chi_Minh',
    announcementTemplate: 'Mời công dân có số thứ tự {number} đến quầy số {counter}',
    announcementRepeat: 1,
    ticketFooter: { vi: 'Xin cảm ơn. Vui lòng chờ đến lượt.', en: 'Thank you. Please wait for your turn.' },
    printer,
    printerPaperWidth: 80,
    printerTextMode: null,
    kioskKey: null,
    kioskPin: null,
    publicBaseUrl: null,
    priorityPolicy: { mode: 'strict' },
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

export class ConfigStore {
  private constructor(private readonly db: Low<ConfigData>) {}

  /** Opens `dir/config.json`; `seed` fills an empty data folder. */
  static async open(dir: string, seed: () => Promise<ConfigSeed>): Promise<{ store: ConfigStore; created: boolean }> {
    await mkdir(dir, { recursive: true });
    const db = new Low<ConfigData>(new DurableJSONFile(join(dir, 'config.json')), null as unknown as ConfigData);
    await db.read();
    let created = false;
    if (db.data === null) {
      db.data = { version: 1, secret: randomBytes(32).toString('base64url'), revokedSessions: [], ...(await seed()) };
      created = true;
    }
    const parsed = configSchema.safeParse(db.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`config.json: ${issue.path.join('.')}: ${issue.message}`);
    }
    db.data = parsed.data as ConfigData;
    // A kiosk PIN kept in plain text (files written before it was hashed, or a seed) is hashed
    // once and the plain one dropped, so config.json never holds it again.
    const plainPin = db.data.settings.kioskPin;
    if (plainPin) {
      db.data.kioskPinHash = await hashPassword(plainPin);
      db.data.settings.kioskPin = null;
    }
    if (created || plainPin) await db.write();
    return { store: new ConfigStore(db), created };
  }

  private chain: Promise<void> = Promise.resolve();

  get data(): Readonly<ConfigData> {
    return this.db.data;
  }

  /**
   * Applies `change` to a copy and makes it durable before it becomes the live config,
   * so a failed write leaves nothing half-changed. Updates run one at a time. `changed` is
   * per call (a field shared by all callers would be overwritten by the next update in line).
   */
  update<T>(change: (draft: ConfigData) => T): Promise<{ result: T; changed: boolean }> {
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
