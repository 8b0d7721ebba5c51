// Assembles a running server from options: used by main.ts and by every integration test.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { pino, type Logger } from 'pino';
import { printerAddressProblem } from '../shared/printer-address.js';
import { createApp, type AppHandle } from './http/app.js';
import { seedConfig } from './demo.js';
import { Office } from './office.js';
import { createPrinter } from './print/index.js';
import { SwitchablePrinter } from './print/switchable.js';
import type { PrinterConfig, TicketPrinter } from './print/types.js';
import { postgresLink } from './realtime/cluster.js';
import { Reports } from './reports.js';
import type { FsOps } from './store/fs-ops.js';
import { openFileStore } from './store/store.js';
import { tokenSource } from './tokens.js';

export const VERSION = '0.1.0';

export interface ServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  demo?: boolean;
  adminPassword?: string | undefined;
  /** `LUOT_PRINTER` for a new data folder, or a printer object (tests). */
  printer?: string | TicketPrinter | undefined;
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
   * default LUOT_DATABASE_URL. None: one process, no adapter.
   */
  realtimeDatabaseUrl?: string | undefined;
}

export interface RunningServer {
  url: string;
  port: number;
  office: Office;
  app: AppHandle;
  /** The admin password when it was generated for a new data folder. */
  generatedPassword: string | null;
  close(): Promise<void>;
}

export function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return 'localhost';
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const now = opts.now ?? (() => new Date());
  let generatedPassword: string | null = null;
  // LUOT_PRINTER is the printer setting by another road: the same forms only, refused at start.
  const printerProblem = typeof opts.printer === 'string' ? printerAddressProblem(opts.printer) : null;
  if (printerProblem) throw new Error(`LUOT_PRINTER: ${printerProblem.vi} / ${printerProblem.en}`);
  const { store } = await openFileStore(
    opts.dataDir,
    async () => {
      const seeded = await seedConfig({
        demo: opts.demo ?? false,
        adminPassword: opts.adminPassword,
        printer: typeof opts.printer === 'string' ? opts.printer : undefined,
      });
      generatedPassword = seeded.generatedPassword;
      return seeded.config;
    },
    log,
    { fs: opts.journalFs, syncTimeoutMs: opts.journalSyncTimeoutMs },
  );
  const settings = () => store.config.data.settings;
  const printerConfig = (): PrinterConfig => ({
    target: settings().printer,
    paperWidth: settings().printerPaperWidth,
    textMode: settings().printerTextMode,
    timeZone: settings().timeZone,
    staleAfterMs: 15 * 60_000,
    ackTimeoutMs: 1500,
    probeIntervalMs: opts.printerCheckMs,
  });
  const printer: TicketPrinter & { reconfigure?: (c: PrinterConfig) => Promise<boolean> } =
    typeof opts.printer === 'object' ? opts.printer : new SwitchablePrinter((c) => createPrinter(c, log), printerConfig());

  const httpServer = createServer();
  httpServer.requestTimeout = 30_000;
  const host = opts.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const baseHost = host === '0.0.0.0' ? lanAddress() : host;

  const office = await Office.open({
    store,
    printer,
    now,
    newId: () => randomUUID(),
    newToken: tokenSource(),
    baseUrl: `http://${baseHost}:${port}`,
    log,
    diskRetryMs: opts.diskRetryMs,
  });
  const realtimeUrl = opts.realtimeDatabaseUrl ?? process.env.LUOT_DATABASE_URL;
  const cluster = realtimeUrl ? await postgresLink(realtimeUrl, log) : null;
  const reports = new Reports(office, store);
  // Past days get their report aggregate in the background: at start, and when a day closes.
  const warm = () => void reports.warm().catch((e) => log.warn({ err: e }, 'report cache build failed'));
  office.onCommitted((events) => {
    if (events.some((e) => e.type === 'day:opened')) warm();
  });
  setTimeout(warm, 2_000).unref();
  const app = createApp(httpServer, {
    office,
    reports,
    version: VERSION,
    now: () => now().getTime(),
    log,
    staticDir: opts.staticDir,
    dataDir: opts.dataDir,
    loginLimit: opts.loginLimit,
    kioskRate: opts.kioskRate,
    publicRate: opts.publicRate,
    onSettingsChanged: () => void printer.reconfigure?.(printerConfig()),
    adapter: cluster?.adapter,
  });
  const timer = setInterval(() => void office.tick().catch((e) => log.error({ err: e }, 'tick failed')), opts.tickMs ?? 5_000);
  timer.unref();
  await office.tick();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    office,
    app,
    generatedPassword,
    close: async () => {
      clearInterval(timer);
      await app.close();
      await cluster?.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await reports.close();
      await office.close();
      await office.disk.checkpoint().catch((e: unknown) => log.warn({ err: e }, 'checkpoint not written; the next start replays the whole day'));
      await printer.close();
      await store.close();
    },
  };
}
