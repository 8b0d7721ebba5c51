// A queue engine on a hand-driven clock with predictable ids, plus the configuration
// fixtures the engine unit tests share. No server, no I/O.
import { expect } from 'vitest';
import { LuotError, type ErrorCode } from '../../shared/errors.js';
import type { Counter, OpeningHours, Priority, PriorityPolicy, Service } from '../../shared/types.js';
import { QueueEngine, type EngineConfig, type Ticket } from '../../server/queue/engine.js';
import type { JournalEvent } from '../../server/queue/events.js';

export const TZ = 'Asia/Ho_Chi_Minh';
/** A Thursday, 08:00 local: inside the weekday opening hours below. */
export const START = '2026-11-26T08:00:00+07:00';

/** Weekdays 07:30–11:30 and 13:30–17:00, Saturday mornings, Sunday closed, one holiday (a Monday). */
export const OFFICE_HOURS: OpeningHours = {
  weekly: {
    mon: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    tue: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    wed: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    // Given out of order on purpose: the engine must not rely on the ranges being sorted.
    thu: [{ from: '13:30', to: '17:00' }, { from: '07:30', to: '11:30' }],
    fri: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    sat: [{ from: '07:30', to: '11:30' }],
  },
  daysOff: ['2026-11-30', '2027-01-01'],
};

export function service(id: string, over: Partial<Service> = {}): Service {
  return {
    id,
    name: { vi: `Lĩnh vực ${id}`, en: `Service ${id}` },
    prefix: '',
    start: 1,
    digits: 3,
    targetWaitMin: 15,
    dailyLimit: null,
    active: true,
    hours: null,
    order: 1,
    ...over,
  };
}

/** Prefix style: A001, A002, … */
export const LAND = service('land', { name: { vi: 'Đất đai', en: 'Land' }, prefix: 'A', start: 1, digits: 3, order: 1 });
/** Running-number style: 1001, 1002, … */
export const CIVIL = service('civil', { name: { vi: 'Hộ tịch', en: 'Civil status' }, prefix: '', start: 1001, digits: 4, order: 2 });
export const JUSTICE = service('justice', { name: { vi: 'Tư pháp', en: 'Justice' }, prefix: 'C', start: 1, digits: 3, order: 3 });
export const HOURS = service('hours', { prefix: 'H', hours: OFFICE_HOURS, order: 4 });
export const LIMITED = service('limited', { prefix: 'L', dailyLimit: 3, order: 5 });
export const INACTIVE = service('inactive', { prefix: 'X', active: false, order: 6 });

export const COUNTERS: Counter[] = [
  // c1 and c2 serve the same two services in opposite orders; c3 serves only justice.
  { id: 'c1', number: 1, label: { vi: 'Quầy 1', en: 'Counter 1' }, serviceIds: ['land', 'civil'] },
  { id: 'c2', number: 2, label: { vi: 'Quầy 2', en: 'Counter 2' }, serviceIds: ['civil', 'land'] },
  { id: 'c3', number: 3, label: { vi: 'Quầy 3', en: 'Counter 3' }, serviceIds: ['justice'] },
  { id: 'c4', number: 4, label: { vi: 'Quầy 4', en: 'Counter 4' }, serviceIds: ['hours', 'limited', 'inactive', 'land'] },
];

export interface FixtureOptions {
  services?: Service[];
  counters?: Counter[];
  priorityPolicy?: PriorityPolicy;
  defaultServeMin?: number;
  start?: string;
  /** Leave the fresh engine without a service day (default: open it). */
  noRollover?: boolean;
  /** Ticket ids are `<idPrefix><n>` (default `t`): a "restarted" engine must not reuse ids. */
  idPrefix?: string;
}

export function makeConfig(opts: FixtureOptions = {}): EngineConfig {
  return {
    services: opts.services ?? [LAND, CIVIL, JUSTICE, HOURS, LIMITED, INACTIVE],
    counters: opts.counters ?? COUNTERS,
    settings: {
      officeName: { vi: 'UBND phường Bến Nghé', en: 'Ben Nghe Ward' },
      timeZone: TZ,
      priorityPolicy: opts.priorityPolicy ?? { mode: 'strict' },
      defaultServeMin: opts.defaultServeMin ?? 5,
    },
  };
}

export class Clock {
  now: Date;
  constructor(iso: string) {
    this.now = new Date(iso);
  }
  set(iso: string): void {
    this.now = new Date(iso);
  }
  advance(minutes: number, seconds = 0): void {
    this.now = new Date(this.now.getTime() + minutes * 60_000 + seconds * 1000);
  }
}

/** Everything one test needs: the engine, its clock, and every event it committed, in order. */
export class Harness {
  readonly clock: Clock;
  readonly engine: QueueEngine;
  readonly config: EngineConfig;
  readonly log: JournalEvent[] = [];
  private ids = 0;
  private tokens = 0;

  constructor(opts: FixtureOptions = {}) {
    this.clock = new Clock(opts.start ?? START);
    this.config = makeConfig(opts);
    this.engine = new QueueEngine(this.config, {
      now: () => this.clock.now,
      newId: () => `${opts.idPrefix ?? 't'}${++this.ids}`,
      newToken: () => `tok${++this.tokens}`,
    });
    if (!opts.noRollover) this.rollover();
  }

  /** Keeps the events of a command, checking on the way that each one is exactly rev + 1. */
  record<T extends { events: JournalEvent[] }>(result: T): T {
    this.keep(result.events);
    return result;
  }

  keep(events: JournalEvent[]): JournalEvent[] {
    for (const e of events) {
      const prev = this.log.at(-1)?.rev ?? 0;
      // Plain comparison first: property tests record thousands of events.
      if (e.rev !== prev + 1) expect(e.rev, `rev of ${e.type}`).toBe(prev + 1);
      this.log.push(e);
    }
    const last = this.log.at(-1)?.rev ?? 0;
    if (this.engine.rev !== last) expect(this.engine.rev).toBe(last);
    return events;
  }

  rollover(): JournalEvent[] {
    return this.keep(this.engine.rollover());
  }

  /** Moves the clock to `iso` and opens its service day, as the server's tick would. */
  goTo(iso: string): JournalEvent[] {
    this.clock.set(iso);
    return this.rollover();
  }

  issue(serviceId: string, priority: Priority | null = null, requestId?: string): Ticket {
    return this.record(this.engine.issue({ serviceId, priority, ...(requestId ? { requestId } : {}) })).ticket;
  }

  open(counterId: string, userId = `u-${counterId}`, takeOver = false): JournalEvent[] {
    return this.keep(this.engine.openCounter(counterId, { id: userId, name: `Staff ${userId}` }, takeOver));
  }

  callNext(counterId: string, userId: string | null = `u-${counterId}`): Ticket | null {
    return this.record(this.engine.callNext(counterId, { userId })).ticket;
  }

  call(counterId: string, ticketId: string): Ticket {
    return this.record(this.engine.call(counterId, ticketId, { userId: `u-${counterId}` })).ticket;
  }

  complete(counterId: string, fileCode: string | null = null): Ticket {
    return this.record(this.engine.complete(counterId, fileCode)).ticket;
  }

  /** The numbers a counter gets, calling and completing one after another. */
  drain(counterId: string, max = 100): string[] {
    const out: string[] = [];
    for (let i = 0; i < max; i++) {
      const t = this.callNext(counterId);
      if (!t) break;
      out.push(t.number);
      this.complete(counterId);
    }
    return out;
  }

  /** A second engine, same config and clock, rebuilt from this one's events only. */
  replay(): QueueEngine {
    const fresh = new QueueEngine(this.config, {
      now: () => this.clock.now,
      newId: () => {
        throw new Error('replay must not make ids');
      },
      newToken: () => {
        throw new Error('replay must not make tokens');
      },
    });
    for (const e of this.log) fresh.apply(structuredClone(e));
    return fresh;
  }

  counter(counterId: string) {
    const c = this.engine.publicCounter(counterId);
    if (!c) throw new Error(`no counter ${counterId}`);
    return c;
  }

  waitingNumbers(serviceId: string): string[] {
    return this.engine.waitingList(serviceId).map((t) => t.number);
  }
}

/** Runs `fn`, expecting a LuotError with this code (and these extras), and that nothing was committed. */
export function expectLuotError(
  h: Harness | null,
  fn: () => unknown,
  code: ErrorCode,
  extra: { reason?: string; nextOpen?: string | null; field?: string; messageEn?: string } = {},
): LuotError {
  const revBefore = h?.engine.rev;
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a LuotError').toBeInstanceOf(LuotError);
  const e = caught as LuotError;
  expect(e.code).toBe(code);
  const api = e.toApi();
  if ('reason' in extra) expect(api.reason).toBe(extra.reason);
  if ('nextOpen' in extra) expect(api.nextOpen).toBe(extra.nextOpen);
  if ('field' in extra) expect(api.field).toBe(extra.field);
  if ('messageEn' in extra) expect(e.messageEn).toBe(extra.messageEn);
  if (h) expect(h.engine.rev, 'a refused command must not commit events').toBe(revBefore);
  return e;
}

/** Everything an event could change, and so everything replay must rebuild: the staff view,
 * every ticket's inner state, the counter holders. */
export function engineState(engine: QueueEngine) {
  return {
    rev: engine.rev,
    serviceDay: engine.serviceDay,
    snapshot: engine.staffSnapshot(),
    tickets: [...engine.tickets()].map((t) => structuredClone(t)),
    holders: ['c1', 'c2', 'c3', 'c4'].map((c) => engine.counterHolder(c)),
  };
}
