// One "server process" of a PostgreSQL deployment inside a test: its own deployment store (pool,
// LISTEN connection) and the first office opened on it, recording every event it hears. Tests
// start two to stand for two processes over one fresh database.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { seedConfig } from '../../server/demo.js';
import { Office } from '../../server/office.js';
import type { JournalEvent } from '../../server/queue/events.js';
import { openPgDeployment, type PgDeploymentStore, type PgStore } from '../../server/store/pg/deployment.js';
import { tokenSource } from '../../server/tokens.js';
import { createTestDatabase, type TestDatabase } from './pg.js';
import { RecordingPrinter } from './server.js';

export interface PgProcess {
  store: PgDeploymentStore;
  officeStore: PgStore;
  office: Office;
  heard: JournalEvent[];
}

export interface PgProcessOptions {
  url?: string;
  queryTimeoutMs?: number;
  /** Called with the deployment store before its office opens (to watch its pool, say). */
  beforeOffice?: (store: PgDeploymentStore) => void;
}

/** A fresh database per test, and every process started in it closed after the test. */
export function pgProcesses(): { db: () => TestDatabase; start: (options?: PgProcessOptions) => Promise<PgProcess> } {
  let db: TestDatabase;
  const open: PgProcess[] = [];
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const p of open.splice(0)) {
      await p.office.close();
      await p.store.close();
    }
    await db.drop();
  });
  const start = async (options: PgProcessOptions = {}): Promise<PgProcess> => {
    const seed = async () => (await seedConfig({ demo: true, adminPassword: 'mat-khau-quan-tri' })).config;
    const { store } = await openPgDeployment(options.url ?? db.url, seed, { queryTimeoutMs: options.queryTimeoutMs });
    options.beforeOffice?.(store);
    const officeStore = await store.openOffice(store.deployment.data.offices[0]!.id);
    const office = await Office.open({
      store: officeStore,
      printer: new RecordingPrinter(),
      now: () => new Date(),
      newId: () => randomUUID(),
      newToken: tokenSource(),
      baseUrl: 'http://127.0.0.1',
      log: pino({ level: process.env.PGT_LOG ?? 'silent' }),
    });
    const heard: JournalEvent[] = [];
    office.onCommitted((events) => heard.push(...events));
    const p = { store, officeStore, office, heard };
    open.push(p);
    return p;
  };
  return { db: () => db, start };
}
