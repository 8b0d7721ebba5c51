// One office running inside a deployment: today's whole "office" (engine + journal, printer,
// reports, clock tick), once per office. The deployment (deployment.ts) holds them.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Office } from './office.js';
import { createPrinter } from './print/index.js';
import { SwitchablePrinter } from './print/switchable.js';
import type { PrinterConfig, TicketPrinter } from './print/types.js';
import { Reports } from './reports.js';
import type { DeploymentData, Repository } from './store/deployment.js';
import type { Store } from './store/store.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import type { WebhookOptions } from './webhooks/endpoint-worker.js';
import { FileWebhookState } from './webhooks/state-store.js';

export interface HostDeps {
  now: () => Date;
  log: Logger;
  newToken: () => string;
  /** The server's own address, for ticket URLs when the settings give none. */
  baseUrl: string;
  accounts: Repository<DeploymentData>;
  diskRetryMs?: number | undefined;
  printerCheckMs?: number | undefined;
  tickMs?: number | undefined;
  /**
   * Runs a report cache build when the previous office's is done: a deployment of many offices
   * must not start one report worker per office at once (each a heap of its own).
   */
  inTurn?: (<T>(job: () => Promise<T>) => Promise<T>) | undefined;
  /** Webhook delivery timings (tests shorten them); defaults in webhooks/endpoint-worker.ts. */
  webhooks?: Partial<WebhookOptions> | undefined;
}

type Printer = TicketPrinter & { reconfigure?: (c: PrinterConfig) => Promise<boolean> };

export interface OfficeHost {
  office: Office;
  reports: Reports;
  store: Store;
  /** Its webhook endpoints' deliveries (issue 14). */
  webhooks: WebhookDispatcher;
  /** The office's printer follows its settings: called after a settings change. */
  reconfigurePrinter(): void;
  close(): Promise<void>;
}

export async function openOfficeHost(
  record: { id: string; slug: string },
  store: Store,
  deps: HostDeps,
  /** A printer object given by a test for this office; otherwise its settings' printer. */
  given?: TicketPrinter,
): Promise<OfficeHost> {
  const log = deps.log.child({ office: record.slug });
  const settings = () => store.config.data.settings;
  const printerConfig = (): PrinterConfig => ({
    target: settings().printer,
    paperWidth: settings().printerPaperWidth,
    textMode: settings().printerTextMode,
    timeZone: settings().timeZone,
    staleAfterMs: 15 * 60_000,
    ackTimeoutMs: 1500,
    probeIntervalMs: deps.printerCheckMs,
  });
  const printer: Printer = given ?? new SwitchablePrinter((c) => createPrinter(c, log), printerConfig());
  const office = await Office.open({
    store,
    printer,
    now: deps.now,
    newId: () => randomUUID(),
    newToken: deps.newToken,
    baseUrl: deps.baseUrl,
    log,
    diskRetryMs: deps.diskRetryMs,
    id: record.id,
    slug: record.slug,
    accounts: deps.accounts,
  });
  const reports = new Reports(office, store);
  // Past days get their report aggregate in the background: at start, and when a day closes.
  let closed = false;
  // A build queued behind other offices' must not start once this office has closed.
  const warm = () => void (deps.inTurn ?? ((job) => job()))(async () => (closed ? 0 : reports.warm())).catch((e) => log.warn({ err: e }, 'report cache build failed'));
  const reconfigurePrinter = () => void printer.reconfigure?.(printerConfig());
  office.onCommitted((events) => {
    if (events.some((e) => e.type === 'day:opened')) warm();
    // Settings changed on another process of the deployment reach this one as its config:changed
    // (the configuration re-read before it): the printer follows here too. For a change made on
    // this process it is the second call, which finds the same target and does nothing.
    if (events.some((e) => e.type === 'config:changed')) reconfigurePrinter();
  });
  // Deliveries follow committed events only: nothing of theirs runs on the issuing path.
  const webhooks = new WebhookDispatcher({
    office, journal: store.journal, now: deps.now, log, opts: deps.webhooks,
    state: store.webhooks ?? new FileWebhookState(store.filesDir ?? store.cacheDir),
  });
  await webhooks.start();
  const warmTimer = setTimeout(warm, 2_000);
  warmTimer.unref();
  const timer = setInterval(() => void office.tick().catch((e) => log.error({ err: e }, 'tick failed')), deps.tickMs ?? 5_000);
  timer.unref();
  await office.tick();
  return {
    office,
    reports,
    store,
    webhooks,
    reconfigurePrinter,
    close: async () => {
      closed = true;
      await webhooks.close();
      clearInterval(timer);
      clearTimeout(warmTimer);
      await reports.close();
      await office.close();
      await office.disk.checkpoint().catch((e: unknown) => log.warn({ err: e }, 'checkpoint not written; the next start replays the whole day'));
      await printer.close();
    },
  };
}
