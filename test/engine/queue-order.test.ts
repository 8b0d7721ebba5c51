// The shared queue order (shared/queue-order.ts) on its own: the cases the old client copy got
// wrong, the interleave rhythm, and in-place insertion.
import { describe, expect, it } from 'vitest';
import {
  callOrder, compareQueue, counterCallOrder, insertInQueue, placeOf, type QueuePlace,
} from '../../shared/queue-order.js';

const AT = '2026-11-26T08:00:00+07:00';
const LATER = '2026-11-26T08:00:01+07:00';

interface T {
  id: string;
  number: string;
  priority: 'elderly' | null;
  queuedAt: string;
  seq: number;
  serviceId: string;
  targetCounterId: string | null;
}

function tk(number: string, seq: number, over: Partial<T> = {}): T {
  return { id: `id-${number}`, number, priority: null, queuedAt: AT, seq, serviceId: 'land', targetCounterId: null, ...over };
}

const sorted = (list: T[]) => [...list].sort((a, b) => compareQueue(placeOf(a), placeOf(b))).map((t) => t.number);

describe('compareQueue', () => {
  it('puts A999 before A1000 and 9999 before 10000 in the same second (numbers, not text)', () => {
    expect(sorted([tk('A1000', 1000), tk('A999', 999)])).toEqual(['A999', 'A1000']);
    expect(sorted([tk('10000', 9000), tk('9999', 8999)])).toEqual(['9999', '10000']);
  });

  it('orders priority first, then the earlier instant, then the running number', () => {
    const list = [tk('A003', 3), tk('A002', 2, { queuedAt: LATER }), tk('A004', 4, { priority: 'elderly', queuedAt: LATER }), tk('A001', 1)];
    expect(sorted(list)).toEqual(['A004', 'A001', 'A003', 'A002']);
  });

  it('compares instants, not strings: the same instant written with another offset ties', () => {
    const utc = tk('A002', 2, { queuedAt: '2026-11-26T01:00:00Z' });
    expect(sorted([utc, tk('A001', 1)])).toEqual(['A001', 'A002']);
  });

  // Two services each issued their first ticket in the same second; both were transferred to land.
  it('settles an equal instant and running number by id, the same way whatever the input order', () => {
    const a = tk('A001', 1, { id: 'x-1' });
    const b = tk('B001', 1, { id: 'x-0' });
    expect(sorted([a, b])).toEqual(['B001', 'A001']);
    expect(sorted([b, a])).toEqual(['B001', 'A001']);
  });
});

describe('callOrder', () => {
  const queue = [tk('P1', 10, { priority: 'elderly' }), tk('P2', 11, { priority: 'elderly' }), tk('N1', 1), tk('N2', 2), tk('N3', 3)];

  it('is the queue order under the strict policy', () => {
    expect(callOrder(queue, { mode: 'strict' }, 7).map((t) => t.number)).toEqual(['P1', 'P2', 'N1', 'N2', 'N3']);
  });

  it('puts one priority ticket after every N normal ones, from the counter\'s count', () => {
    const every2 = { mode: 'interleave', every: 2 } as const;
    expect(callOrder(queue, every2, 0).map((t) => t.number)).toEqual(['N1', 'N2', 'P1', 'N3', 'P2']);
    expect(callOrder(queue, every2, 1).map((t) => t.number)).toEqual(['N1', 'P1', 'N2', 'N3', 'P2']);
    expect(callOrder(queue, every2, 5).map((t) => t.number)).toEqual(['P1', 'N1', 'N2', 'P2', 'N3']);
  });
});

describe('counterCallOrder', () => {
  it('follows the counter\'s service order at equal instants, skips tickets meant for other counters, takes those sent here', () => {
    const list = [
      tk('A001', 1),
      tk('1001', 1, { serviceId: 'civil' }),
      tk('C001', 1, { serviceId: 'justice', targetCounterId: 'c1' }),
      tk('A002', 2, { targetCounterId: 'c2' }),
      tk('C002', 2, { serviceId: 'justice' }),
    ];
    const place = (t: T): QueuePlace => placeOf(t);
    const numbers = (c: { id: string; serviceIds: string[] }) =>
      counterCallOrder(list, c, place, { mode: 'strict' }, 0).map((t) => t.number);
    expect(numbers({ id: 'c1', serviceIds: ['land', 'civil'] })).toEqual(['A001', '1001', 'C001']);
    expect(numbers({ id: 'c2', serviceIds: ['civil', 'land'] })).toEqual(['1001', 'A001', 'A002']);
  });
});

describe('insertInQueue', () => {
  it('keeps a list in queue order one ticket at a time, whatever the arrival order', () => {
    const tickets = [tk('A1000', 1000), tk('A998', 998), tk('A999', 999, { priority: 'elderly' }), tk('A997', 997, { queuedAt: LATER })];
    const list: T[] = [];
    for (const t of tickets) insertInQueue(list, t, placeOf);
    expect(list.map((t) => t.number)).toEqual(['A999', 'A998', 'A1000', 'A997']);
  });
});
