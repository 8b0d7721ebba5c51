// The installer's home page (GET /api/setup): what each device opens, and the first-run
// checklist. Public (anyone on the LAN opens `/`), so it carries no secret: no password, key,
// token or hash, only whether each step is done.
import type { DiskStatus, Localized, PrinterStatus } from './types.js';

/** The first-run steps, in the order the page lists them. */
export const SETUP_STEPS = ['adminPassword', 'officeName', 'services', 'counters', 'testPrint', 'displaySound'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export type SetupDevice =
  | { kind: 'kiosk' | 'display' | 'staff' | 'booking'; path: string }
  | { kind: 'counterDisplay'; path: string; counter: number; label: Localized };

export interface SetupState {
  office: { name: Localized };
  /** `http://<address>:<port>` of each IPv4 LAN address of the server (non-internal), first the one to use. */
  origins: string[];
  /** Paths under an origin, the office's prefix (`/o/<slug>`) included. */
  devices: SetupDevice[];
  printer: PrinterStatus;
  disk: Pick<DiskStatus, 'status' | 'since'>;
  checklist: { step: SetupStep; done: boolean }[];
}
