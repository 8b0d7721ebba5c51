// The messages between a network printer's stand-in on the main thread (tcp-thread.ts) and its
// connections on the renderer thread (tcp-host.ts). Small: a ticket's bytes stay on the thread
// that drew them (`executeKept` names them by `ref`); only the test page's, and tickets drawn
// before the thread was up, cross as `execute`'s bytes.
import type { HardwareStatus, PrinterCondition } from './status.js';
import { PrinterConditionError, TransportError } from './transport.js';

/** `id` names one printer (one TcpTransport on the thread); `host`/`port` let the thread make it on first use. */
interface Printer {
  id: number;
  host: string;
  port: number;
}

export type IoRequest =
  | (Printer & { op: 'execute'; bytes: Uint8Array; timeoutMs: number; statusTimeoutMs: number })
  /** Sends the bytes the thread drew and kept for the drawing numbered `ref` (render-pool.ts hold()). */
  | (Printer & { op: 'executeKept'; ref: number; timeoutMs: number; statusTimeoutMs: number })
  | (Printer & { op: 'readStatus'; answerTimeoutMs: number; connectTimeoutMs: number })
  | (Printer & { op: 'isConnected'; timeoutMs: number })
  | (Printer & { op: 'warm' })
  | (Printer & { op: 'close' })
  /** Aborts the call numbered `call` (an execute whose signal fired). */
  | { op: 'abort'; call: number }
  /** The kept bytes of drawing `ref` are no longer needed (its job was given up). */
  | { op: 'release'; ref: number };

export interface WireError {
  message: string;
  code?: string;
  offline?: boolean;
  condition?: PrinterCondition;
  status?: HardwareStatus;
}

export type IoReply = { seq: number; io: true; ok: true; value: unknown } | { seq: number; io: true; ok: false; error: WireError };

export function toWire(err: unknown): WireError {
  if (err instanceof PrinterConditionError) return { message: err.message, code: err.code, offline: err.offline, condition: err.condition, status: err.status };
  if (err instanceof TransportError) return { message: err.message, code: err.code, offline: err.offline };
  return { message: (err as Error)?.message ?? String(err) };
}

/** The same class as on the thread: the queue tells a printer's condition from a failed attempt by it. */
export function fromWire(e: WireError): Error {
  if (e.condition && e.status) return new PrinterConditionError(e.condition, e.status);
  if (e.code !== undefined) return new TransportError(e.message, e.code, e.offline ?? false);
  return new Error(e.message);
}
