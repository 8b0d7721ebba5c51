// Issue 15: the walk to the desk, from the call to the start of service. Long walks mean a
// display or an announcement people cannot follow. The fold (report-fold.ts) measures it as it
// reads the journal; the engine's tickets carry it in their timeline, read here the same way.
import type { WalkFigures, WalkReport, WalkSplit } from '../shared/types.js';
import type { Ticket } from './queue/engine.js';
import { WALK_BOOKED, WALK_IN, WALK_PRIORITY, type GroupedTicket } from './report-fold.js';
import type { DayGroups } from './report-builder.js';
import { Samples } from './reports.js';

/**
 * Seconds from the first call of the ticket's last turn at a desk to its start, as the fold
 * counts them: a turn begins at the first call after the ticket joined a queue (issue, transfer,
 * put-back); recalls keep it; a transfer or put-back after a start drops that start's walk.
 */
export function walkSecOf(t: Pick<Ticket, 'timeline'>): number | null {
  let from: number | null = null;
  let walk: number | null = null;
  for (const e of t.timeline) {
    if (e.type === 'called' || e.type === 'recalled') from ??= Date.parse(e.at);
    else if (e.type === 'started') walk = from === null ? null : Math.round((Date.parse(e.at) - from) / 1000);
    else if (e.type === 'transferred' || e.type === 'put_back') from = walk = null;
  }
  return walk;
}

export function walkKindOf(t: Pick<Ticket, 'booked' | 'priority'>): number {
  return t.booked !== null ? WALK_BOOKED : t.priority !== null ? WALK_PRIORITY : WALK_IN;
}

/** The engine's tickets as the report groups read them. */
export function* groupedTickets(tickets: Iterable<Ticket>): Iterable<GroupedTicket> {
  for (const t of tickets) yield { ...t, kind: walkKindOf(t), walkSec: walkSecOf(t) };
}

const KEYS = ['walkIn', 'priority', 'booked'] as const;

class Split {
  readonly all = new Samples();
  readonly kinds = [new Samples(), new Samples(), new Samples()];

  push(kind: number, v: number): void {
    this.all.push(v);
    this.kinds[kind]!.push(v);
  }

  result(): WalkSplit {
    const out = { all: figures(this.all) } as WalkSplit;
    KEYS.forEach((k, i) => (out[k] = figures(this.kinds[i]!)));
    return out;
  }
}

function figures(s: Samples): WalkFigures {
  const mean = s.mean();
  return { count: s.length, avgSec: mean === null ? null : Math.round(mean), medianSec: s.percentile(50), p90Sec: s.percentile(90) };
}

/** The walk figures of the groups a summary keeps, by service and by counter. */
export class WalkAccumulator {
  private readonly total = new Split();
  private readonly services = new Map<string, Split>();
  private readonly counters = new Map<string, Split>();

  /** Group `g` of a day, whose walks start at `from` in the day's seconds, `n` of each kind. */
  add(d: DayGroups, g: number, from: number, n: readonly number[]): void {
    const s = d.ids[3 * g]!;
    const c = d.ids[3 * g + 1];
    let service = this.services.get(s);
    if (!service) this.services.set(s, (service = new Split()));
    let counter = c ? this.counters.get(c) : undefined;
    if (c && !counter) this.counters.set(c, (counter = new Split()));
    let p = from;
    for (let kind = 0; kind < n.length; kind++) {
      for (const end = p + n[kind]!; p < end; p++) {
        const v = d.seconds[p]!;
        this.total.push(kind, v);
        service.push(kind, v);
        counter?.push(kind, v);
      }
    }
  }

  result(): WalkReport {
    const sorted = (m: Map<string, Split>) => [...m.keys()].sort().map((id) => [id, m.get(id)!.result()] as const);
    return {
      total: this.total.result(),
      services: sorted(this.services).map(([serviceId, r]) => ({ serviceId, ...r })),
      counters: sorted(this.counters).map(([counterId, r]) => ({ counterId, ...r })),
    };
  }
}
