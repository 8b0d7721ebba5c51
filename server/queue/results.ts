// Issue 15 §1, results pickup (Nhận kết quả): the files the office knows of, held in the day
// state, and the reducer's part for the `results:*` events. A file marked ready stays ready
// until it is collected, whatever the days in between: the files not yet collected are repeated
// into each new day's journal at rollover (`results:carried`), so replaying one day alone
// rebuilds them, as bookings and alarms are. File codes arrive here normalised
// (shared/file-code.ts); the commands do that.
import { normalizeFileCode } from '../../shared/file-code.js';
import type { DayState, Ticket } from './state.js';

/** What the office knows of one file (hồ sơ). */
export interface ResultFile {
  fileCode: string;
  /** When staff or another system marked it ready; null while it is not. */
  readyAt: string | null;
  /** The day the office promised the result for (YYYY-MM-DD), when it gave one. */
  promisedDate: string | null;
  /** The first visit's ticket (its citizen page shows the file ready) and when it was issued. */
  ticketToken: string | null;
  submittedAt: string | null;
  /** That ticket's number and service, for its citizen page on a later day. */
  ticketNumber: string | null;
  serviceId: string | null;
  /** The ticket that collected it (a pickup ticket completed); the file is then not carried. */
  collectedAt: string | null;
}

export type ResultsEvent =
  | { type: 'results:ready'; fileCodes: string[] }
  | { type: 'results:unready'; fileCodes: string[] }
  | { type: 'results:promised'; fileCode: string; date: string | null }
  /** The files not collected by the end of the old day, as they were, at rollover. */
  | { type: 'results:carried'; files: ResultFile[] };

/** The ticket:issued part of a pickup ticket (events.ts): the file and whether it was ready. */
export interface PickupIssue {
  fileCode: string;
  ready: boolean;
}

const emptyFile = (fileCode: string): ResultFile => ({
  fileCode, readyAt: null, promisedDate: null, ticketToken: null, submittedAt: null, ticketNumber: null, serviceId: null, collectedAt: null,
});

function fileOf(d: DayState, fileCode: string): ResultFile {
  let f = d.results.get(fileCode);
  if (!f) d.results.set(fileCode, (f = emptyFile(fileCode)));
  return f;
}

const isCodeList = (v: unknown): v is string[] => Array.isArray(v) && v.every((c) => typeof c === 'string');

/** Throws, changing nothing, when a results event cannot belong to this state. */
export function checkResultsEvent(e: ResultsEvent): void {
  switch (e.type) {
    case 'results:ready':
    case 'results:unready':
      if (!isCodeList(e.fileCodes)) throw new Error(`journal ${e.type} is malformed`);
      return;
    case 'results:promised':
      if (typeof e.fileCode !== 'string' || (e.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(e.date)))) {
        throw new Error('journal results:promised is malformed');
      }
      return;
    case 'results:carried':
      if (!Array.isArray(e.files) || !e.files.every((f) => typeof f?.fileCode === 'string')) throw new Error('journal results:carried is malformed');
  }
}

export function applyResultsEvent(d: DayState, e: ResultsEvent, at: string): void {
  switch (e.type) {
    case 'results:ready':
      for (const code of e.fileCodes) {
        const f = fileOf(d, code);
        f.readyAt ??= at;
        f.collectedAt = null;
      }
      return;
    case 'results:unready':
      for (const code of e.fileCodes) {
        const f = d.results.get(code);
        if (f) f.readyAt = null;
      }
      return;
    case 'results:promised':
      fileOf(d, e.fileCode).promisedDate = e.date;
      return;
    case 'results:carried':
      for (const f of e.files) d.results.set(f.fileCode, { ...emptyFile(f.fileCode), ...f });
  }
}

/** A first visit completed with a file code: the file now knows its ticket (and its citizen page). */
export function linkFirstVisit(d: DayState, t: Ticket, raw: string): void {
  // A clerk's note that is no file code (older journals took any text) links nothing.
  const fileCode = normalizeFileCode(raw);
  if (!fileCode) return;
  const f = fileOf(d, fileCode);
  f.ticketToken = t.token;
  f.submittedAt = t.issuedAt;
  f.ticketNumber = t.number;
  f.serviceId = t.serviceId;
}

/**
 * A pickup ticket completed: its file, if it was ready, is collected and not carried into the
 * next day. A citizen who saw a clerk about a file not ready collected nothing.
 */
export function collect(d: DayState, fileCode: string, at: string): void {
  const f = d.results.get(fileCode);
  if (f && f.readyAt !== null) f.collectedAt = at;
}

/** The files the next day must still know: not collected, and ready, promised or linked. */
export function filesToCarry(d: DayState): ResultFile[] {
  return [...d.results.values()].filter((f) => f.collectedAt === null).map((f) => ({ ...f }));
}

/** The file a token's ticket was the first visit of, if any (the citizen page's "ready" line). */
export function fileOfToken(d: DayState, token: string): ResultFile | undefined {
  for (const f of d.results.values()) if (f.ticketToken === token) return f;
  return undefined;
}
