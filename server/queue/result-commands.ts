// Issue 15 §1, results pickup: the rules. Staff or another system mark files ready (or not);
// the kiosk asks whether a file is ready, and a pickup ticket is issued for the office's pickup
// service only when it is, or when the citizen asks to see a clerk anyway. Pure, like the rest
// of the engine; the state and its events are in results.ts.
import { normalizeFileCode, type ResultCheck, type ResultStatus } from '../../shared/file-code.js';
import type { Priority, Service } from '../../shared/types.js';
import type { EventBody, IssueChannel, JournalEvent } from './events.js';
import { fileOfToken, type PickupIssue, type ResultFile } from './results.js';
import { err, type EngineState, type Ticket } from './state.js';

export type { ResultCheck, ResultStatus };

type Issue = (cmd: { serviceId: string; priority?: Priority | null; requestId?: string; channel?: IssueChannel; pickup?: PickupIssue }) => {
  events: JournalEvent[];
  ticket: Ticket;
  duplicate: boolean;
};

/** The office's pickup service: the first active service flagged `pickup`, in kiosk order. */
export function pickupService(services: Iterable<Service>): Service | null {
  let best: Service | null = null;
  for (const s of services) if (s.pickup && s.active && (!best || s.order < best.order)) best = s;
  return best;
}

export function fileCodeOf(raw: string, field = 'fileCode'): string {
  const code = normalizeFileCode(raw);
  if (!code) throw err('invalid', 'fileCodeInvalid', { field });
  return code;
}

export class ResultCommands {
  constructor(
    private readonly s: EngineState,
    private readonly commit: (body: EventBody) => JournalEvent,
    private readonly issue: Issue,
  ) {}

  /**
   * Marks files ready (or takes the mark back). Codes are normalised; a code already in the
   * asked state makes no event, so a system that sends its whole list every hour journals only
   * what changed. Throws `invalid` naming the first bad code, changing nothing.
   */
  mark(rawCodes: readonly string[], ready: boolean): { events: JournalEvent[]; fileCodes: string[] } {
    const codes = [...new Set(rawCodes.map((c, i) => fileCodeOf(c, `fileCodes.${i}`)))];
    const changed = codes.filter((c) => {
      const f = this.s.day.results.get(c);
      return ready ? !f || f.readyAt === null || f.collectedAt !== null : !!f && f.readyAt !== null;
    });
    if (!changed.length) return { events: [], fileCodes: codes };
    return { events: [this.commit({ type: ready ? 'results:ready' : 'results:unready', fileCodes: changed })], fileCodes: codes };
  }

  /** The day the office promises a file's result for (null takes the promise back). */
  promise(rawCode: string, date: string | null): JournalEvent[] {
    const fileCode = fileCodeOf(rawCode);
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw err('invalid', 'fileCodeInvalid', { field: 'date' });
    if ((this.s.day.results.get(fileCode)?.promisedDate ?? null) === date) return [];
    return [this.commit({ type: 'results:promised', fileCode, date })];
  }

  check(rawCode: string): ResultCheck {
    const fileCode = fileCodeOf(rawCode);
    const f = this.s.day.results.get(fileCode);
    return { fileCode, status: statusOf(f), promisedDate: f?.promisedDate ?? null };
  }

  /**
   * A pickup ticket for a ready file, or for any file when the citizen asks to see a clerk
   * anyway (the ticket says it was not ready). Otherwise refused: nobody queues for nothing.
   */
  pickup(cmd: { fileCode: string; requestId?: string; anyway?: boolean; channel?: IssueChannel }): {
    events: JournalEvent[];
    ticket: Ticket;
    duplicate: boolean;
    check: ResultCheck;
  } {
    const check = this.check(cmd.fileCode);
    if (cmd.requestId) {
      const seen = this.s.day.byRequest.get(cmd.requestId);
      if (seen) return { events: [], ticket: seen, duplicate: true, check };
    }
    const service = pickupService(this.s.services.values());
    if (!service) throw err('not_found', 'noPickupService');
    const ready = check.status === 'ready';
    if (!ready && !cmd.anyway) throw err('conflict', 'resultNotReady', { reason: `result_${check.status}`, field: 'fileCode' });
    const r = this.issue({
      serviceId: service.id,
      ...(cmd.requestId ? { requestId: cmd.requestId } : {}),
      ...(cmd.channel ? { channel: cmd.channel } : {}),
      pickup: { fileCode: check.fileCode, ready },
    });
    return { ...r, check };
  }

  /** The file whose first visit was this ticket (the citizen page's "ready" line). */
  fileOfTicket(t: Ticket): ResultFile | null {
    if (!t.fileCode || t.pickup) return null;
    const f = this.s.day.results.get(t.fileCode);
    return f && f.ticketToken === t.token ? f : null;
  }

  /** The file of a first visit on an earlier day, by that ticket's token (its citizen page). */
  fileOfToken(token: string): ResultFile | null {
    return fileOfToken(this.s.day, token) ?? null;
  }
}

export function statusOf(f: ResultFile | undefined): ResultStatus {
  if (!f) return 'unknown';
  if (f.collectedAt !== null) return 'collected';
  return f.readyAt !== null ? 'ready' : 'not_ready';
}
