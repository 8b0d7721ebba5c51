// Issue 15 §1, the pickup figures of a day, folded from that day's journal alone (its
// `results:carried` line brings the files of earlier days): pickup tickets issued and
// completed, the share of pickups whose file was ready by its promised date (among those with
// one), and the waits (issue → first call) of pickup tickets against those of submissions
// (visits completed with a file code).
import type { PickupDay } from '../shared/types.js';
import type { JournalEvent } from './queue/events.js';

export type { PickupDay };

const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null);

export function foldPickupDay(day: string, events: readonly JournalEvent[]): PickupDay {
  const files = new Map<string, { readyAt: string | null; promisedDate: string | null }>();
  const file = (code: string) => {
    let f = files.get(code);
    if (!f) files.set(code, (f = { readyAt: null, promisedDate: null }));
    return f;
  };
  const issued = new Map<string, { ms: number; pickup: boolean }>();
  const called = new Set<string>();
  const submitted = new Set<string>();
  const waits = { pickup: [] as number[], submission: new Map<string, number>() };
  const out: PickupDay = { day, pickups: 0, notReady: 0, promised: 0, readyByPromise: 0, avgWaitPickupMin: null, avgWaitSubmissionMin: null };
  for (const e of events) {
    switch (e.type) {
      case 'results:carried':
        for (const f of e.files) files.set(f.fileCode, { readyAt: f.readyAt, promisedDate: f.promisedDate });
        break;
      case 'results:ready':
        for (const c of e.fileCodes) file(c).readyAt ??= e.at;
        break;
      case 'results:unready':
        for (const c of e.fileCodes) file(c).readyAt = null;
        break;
      case 'results:promised':
        file(e.fileCode).promisedDate = e.date;
        break;
      case 'ticket:issued': {
        issued.set(e.ticket.id, { ms: Date.parse(e.at), pickup: !!e.pickup });
        if (!e.pickup) break;
        out.pickups++;
        if (!e.pickup.ready) out.notReady++;
        const f = files.get(e.pickup.fileCode);
        if (f?.promisedDate) {
          out.promised++;
          // Local dates compare as text: `readyAt` is ISO with the office's offset.
          if (f.readyAt && f.readyAt.slice(0, 10) <= f.promisedDate) out.readyByPromise++;
        }
        break;
      }
      case 'ticket:called': {
        const t = issued.get(e.ticketId);
        if (!t || called.has(e.ticketId)) break;
        called.add(e.ticketId);
        const min = (Date.parse(e.at) - t.ms) / 60_000;
        if (t.pickup) waits.pickup.push(min);
        else waits.submission.set(e.ticketId, min);
        break;
      }
      case 'ticket:completed':
        // A submission is a visit completed with a file code (not a pickup ticket's completion).
        if (e.fileCode && !issued.get(e.ticketId)?.pickup) submitted.add(e.ticketId);
        break;
    }
  }
  const submissions = [...waits.submission.entries()].filter(([id]) => submitted.has(id)).map(([, m]) => m);
  out.avgWaitPickupMin = mean(waits.pickup);
  out.avgWaitSubmissionMin = mean(submissions);
  return out;
}
