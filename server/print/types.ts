// The seam between issuing and printing: the office hands over a job and never waits long.
import type { Localized, PrinterStatus, PrintStatus, Priority, TicketPrintEvent } from '../../shared/types.js';

/** How a queued job stands later: still `queued` (with why), or its end, `printed` or `failed`. */
export type JobOutcome = Omit<TicketPrintEvent, 'ticketId'>;
export type JobListener = (outcome: JobOutcome) => void;

export interface TicketPrintJob {
  /** The ticket id: one job per ticket, so a retried issue never prints twice. */
  id: string;
  officeName: Localized;
  serviceName: Localized;
  number: string;
  priority: Priority | null;
  /** When the ticket was issued (ISO with offset), printed as local time, not print time. */
  issuedAt: string;
  timeZone: string;
  ahead: number;
  estimatedWaitMin: number;
  /** The citizen's ticket page; ASCII only (printed as a QR code). */
  trackUrl: string;
  footer: Localized;
  /** Issue 15: a pickup ticket's file code, printed under the number (the clerk fetches that folder). */
  fileCode?: string;
  /**
   * Print again even though this id was already printed or given up (a staff "reprint").
   * Without it a repeated id is never printed twice.
   */
  reprint?: boolean;
  /**
   * When the request for this ticket reached the office (ms since the epoch, real clock): the
   * ack time counts from here, so the journal write and the renders of other kiosks' tickets
   * queued before this one are inside it. Absent: from the call to print().
   */
  receivedAt?: number;
}

export interface TicketPrinter {
  /**
   * Queues the job and resolves within `ackTimeoutMs` (≤ 2 s): `printed` when the printer
   * took it in time, `queued` when it will be retried, `failed` when it was given up,
   * `disabled` when printing is off.
   */
  print(job: TicketPrintJob): Promise<{ status: PrintStatus; message?: string }>;
  /**
   * Queues the job and answers as soon as it is in the queue, never waiting for the printer
   * (the kiosk's ack, issue 10): `queued` without a message when nothing is known to be wrong,
   * `queued` with the reason when the printer is known to be down, `failed` when that is
   * already known (not renderable, closed), `disabled` when printing is off; `printed` only
   * for a repeated id already printed. Absent: the office uses print().
   */
  submit?(job: TicketPrintJob): Promise<{ status: PrintStatus; message?: string }>;
  /**
   * Follows a job already queued (by its id): `listener` hears `queued` with a reason each
   * time the reason changes (an attempt failed, no paper), then once `printed` or `failed`,
   * after which it is dropped. A job that has already ended is told on the next turn of the
   * event loop; an unknown id, never. Returns a function that stops listening.
   */
  watch?(jobId: string, listener: JobListener): () => void;
  /** A short test page. */
  test(): Promise<{ status: PrintStatus; message?: string }>;
  status(): PrinterStatus;
  /** Called on every change of state. */
  onStatus(listener: (status: PrinterStatus) => void): () => void;
  close(): Promise<void>;
}

export interface PrinterConfig {
  /** `none`, `tcp://host:port`, a device path, or `printer:NAME`. */
  target: string;
  paperWidth: 58 | 80;
  /** Jobs older than this are dropped instead of printed late (the citizen has gone). */
  staleAfterMs: number;
  ackTimeoutMs: number;
  /** Optional text mode for printers set up with a Vietnamese code page. */
  textMode?: { codePage: number; encoding: string } | null;
  /** Time zone of the test page's clock (tickets carry their own). Default Asia/Ho_Chi_Minh. */
  timeZone?: string;
  /** Longest one attempt may take before the printer counts as not taking the job. Default 4000. */
  attemptTimeoutMs?: number;
  /** First retry delay after a failure; doubles per consecutive failure. Default 1000. */
  retryBaseMs?: number;
  /** Cap on the retry delay. Default 30000. */
  retryMaxMs?: number;
  /**
   * How often an idle printer is checked (0 = never, no check at start). Default 15000. Over
   * TCP the check reads the printer's status (paper out, cover open, offline); elsewhere it
   * checks that the printer is reachable.
   */
  probeIntervalMs?: number;
  /** How long to wait for a status answer before treating the printer as one without status commands. Default 800. */
  statusTimeoutMs?: number;
}
