// Assembles a running server from options: used by main.ts and by every integration test.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { printerAddressProblem } from '../shared/printer-address.js';
import { createApp, type AppHandle } from './http/app.js';
import { lanAddress } from './lan.js';
import { DEMO_OFFICES, seedConfig } from './demo.js';
import { Deployment } from './deployment.js';
import type { Office } from './office.js';
import type { TicketPrinter } from './print/types.js';
import type { FsOps } from './store/fs-ops.js';
import { openFileDeployment } from './store/deployment.js';
import { tokenSource } from './tokens.js';
import type { WebhookOptions } from './webhooks/endpoint-worker.js';

export const VERSION = '0.1.0';

export interface ServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  demo?: boolean;
  /** With `demo`, a new data folder gets this many offices (default 1; `LUOT_DEMO_OFFICES`). */
  demoOffices?: number | undefined;
  adminPassword?: string | undefined;
  /** `LUOT_PRINTER` for a new data folder, or a printer object (tests: the default office's). */
  printer?: string | TicketPrinter | undefined;
  /** Printer objects for the other offices (tests); absent: each office's printer setting. */
  officePrinter?: ((slug: string) => TicketPrinter | undefined) | undefined;
  /** How often an idle printer is asked for its status, ms (default 15 s; tests use less). */
  printerCheckMs?: number;
  now?: () => Date;
  staticDir?: string | undefined;
  log?: Logger;
  loginLimit?: number;
  /** Overrides the settings' kiosk issue rate, and the public read rate (bulk tests, benches). */
  kioskRate?: { capacity: number; perSec: number };
  publicRate?: { capacity: number; perSec: number };
  /** Seconds between clock ticks (day rollover, opening hours). */
  tickMs?: number;
  /** The journal's file operations (tests record or fault them); the real ones by default. */
  journalFs?: FsOps;
  /** Longest a journal write or sync may take before the disk counts as failing (default 2 s). */
  journalSyncTimeoutMs?: number;
  /** Pause between attempts to write again while the disk fails (default 1 s). */
  diskRetryMs?: number;
  /**
   * PostgreSQL of the socket.io adapter that joins several processes (realtime/cluster.ts);
   * default the store's database (databaseUrl). None: one process, no adapter.
   */
  realtimeDatabaseUrl?: string | undefined;
  /**
   * PostgreSQL holding the whole store (store/pg/: accounts, offices, configuration, ticket
   * events), shared by every process started on it; default LUOT_DATABASE_URL. None: the files
   * of `dataDir`.
   */
  databaseUrl?: string | undefined;
  /** Webhook delivery timings (tests shorten them; defaults in webhooks/endpoint-worker.ts). */
  webhooks?: Partial<WebhookOptions> | undefined;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The default office (the first): the one today's unprefixed URLs address. */
  office: Office;
  deployment: Deployment;
  app: AppHandle;
  /** The admin password when it was generated for a new data folder. */
  generatedPassword: string | null;
  close(): Promise<void>;
}

export { lanAddress } from './lan.js';

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const now = opts.now ?? (() => new Date());
  let generatedPassword: string | null = null;
  // LUOT_PRINTER is the printer setting by another road: the same forms only, refused at start.
  const printerProblem = typeof opts.printer === 'string' ? printerAddressProblem(opts.printer) : null;
  if (printerProblem) throw new Error(`LUOT_PRINTER: ${printerProblem.vi} / ${printerProblem.en}`);
  const seed = async () => {
    const seeded = await seedConfig({
      demo: opts.demo ?? false,
      adminPassword: opts.adminPassword,
      printer: typeof opts.printer === 'string' ? opts.printer : undefined,
    });
    generatedPassword = seeded.generatedPassword;
    return seeded.config;
  };
  const databaseUrl = opts.databaseUrl ?? process.env.LUOT_DATABASE_URL;
  // PostgreSQL's modules load only when asked for: pg's load (and the fetch implementation its
  // load-time check pulls in) was part of every start, also of a file-store office's.
  const { store, created } = databaseUrl
    ? await (await import('./store/pg/deployment.js')).openPgDeployment(databaseUrl, seed)
    : await openFileDeployment(opts.dataDir, seed, log, { fs: opts.journalFs, syncTimeoutMs: opts.journalSyncTimeoutMs });

  const httpServer = createServer();
  httpServer.requestTimeout = 30_000;
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const baseHost = host === '0.0.0.0' ? lanAddress() : host;

  const deployment = await Deployment.open(
    store,
    {
      now,
      log,
      newToken: tokenSource(),
      baseUrl: `http://${baseHost}:${port}`,
      diskRetryMs: opts.diskRetryMs,
      printerCheckMs: opts.printerCheckMs,
      tickMs: opts.tickMs,
      webhooks: opts.webhooks,
    },
    (slug, index) => (index === 0 && typeof opts.printer === 'object' ? opts.printer : opts.officePrinter?.(slug)),
  );
  if (created && opts.demo) {
    for (const o of DEMO_OFFICES.slice(0, Math.max(0, (opts.demoOffices ?? 1) - 1))) {
      await deployment.createOffice({ ...o, timeZone: 'Asia/Ho_Chi_Minh', copyServicesFrom: deployment.defaultHost.office.slug }, now());
    }
  }
  const realtimeUrl = opts.realtimeDatabaseUrl ?? databaseUrl;
  const cluster = realtimeUrl ? await (await import('./realtime/cluster.js')).postgresLink(realtimeUrl, log) : null;
  const app = createApp(httpServer, {
    deployment,
    version: VERSION,
    now: () => now().getTime(),
    log,
    staticDir: opts.staticDir,
    loginLimit: opts.loginLimit,
    kioskRate: opts.kioskRate,
    publicRate: opts.publicRate,
    adapter: cluster?.adapter,
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    office: deployment.defaultHost.office,
    deployment,
    app,
    generatedPassword,
    close: async () => {
      await app.close();
      await cluster?.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await deployment.close();
    },
  };
}
