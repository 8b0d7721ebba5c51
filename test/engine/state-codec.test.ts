// The checkpoint's packed form of the day state (server/queue/state-codec.ts): what comes back
// is the very state that went in — every field, the order of every map and key, and the
// tickets shared by the indexes as the reducer shares them — also for values the packed
// columns do not take (kept as they are), and a checkpoint written before the packed form.
import { deserialize, serialize } from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { QueueEngine } from '../../server/queue/engine.js';
import { LazyTicketMap, packState, unpackState, type PlainState } from '../../server/queue/state-codec.js';
import type { Ticket } from '../../server/queue/state.js';
import { engineState, Harness } from '../support/engine-fixture.js';

/** A day with waiting, called, served, priority and transferred tickets and a rating. */
function busyDay(): Harness {
  const h = new Harness();
  h.open('c1');
  h.open('c3');
  for (let i = 0; i < 12; i++) h.issue(['land', 'civil', 'justice'][i % 3]!, i % 5 === 0 ? 'elderly' : null, `req-${i}`);
  h.clock.advance(3);
  h.callNext('c1');
  const served = h.complete('c1', 'HS-001');
  h.callNext('c3');
  h.keep(h.engine.transfer('c3', { toServiceId: 'justice' }).events);
  h.callNext('c1');
  h.clock.advance(1, 20);
  h.keep(h.engine.rate(served.token, 5, 'Cán bộ nhiệt tình, chu đáo', 5).events);
  return h;
}

const plainOf = (e: QueueEngine): PlainState => unpackState(e.exportState());

/** Key order matters too: tickets must be built like the reducer builds them. */
function keysOf(s: PlainState): string[][] {
  return [Object.keys(s.day), ...[...s.day.tickets.values()].map((t) => Object.keys(t)), ...[...s.day.tickets.values()].flatMap((t) => t.timeline.map((e) => Object.keys(e)))];
}

describe('packed day state', () => {
  it('round-trips a busy day exactly, smaller than the plain form, with the indexes sharing the tickets', () => {
    const h = busyDay();
    const plain = { v: 1 as const, shape: 'shape', revision: h.engine.rev, day: (h.engine as unknown as { state: { day: PlainState['day'] } }).state.day };
    const bytes = packState(plain);
    expect(bytes.length).toBeLessThan(serialize(plain).length);
    const back = unpackState(bytes);
    expect(isDeepStrictEqual(back, plain)).toBe(true);
    expect(keysOf(back)).toEqual(keysOf(plain));

    const d = back.day;
    for (const t of d.tickets.values()) {
      expect(d.byToken.get(t.token)).toBe(t);
      if (t.requestId) expect(d.byRequest.get(t.requestId)).toBe(t);
    }
    const queued = [...d.queues.values()].flat();
    expect(queued.length).toBeGreaterThan(3);
    for (const t of queued) expect(d.tickets.get(t.id)).toBe(t);

    // An engine given it goes on exactly as the one that wrote it.
    const fresh = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'n1', newToken: () => 'tokn1' });
    expect(fresh.importState(h.engine.exportState())).toBe(true);
    expect(engineState(fresh)).toEqual(engineState(h.engine));
    const a = h.engine.issue({ serviceId: 'land', requestId: 'req-3' });
    const b = fresh.issue({ serviceId: 'land', requestId: 'req-3' });
    expect(b.ticket.id).toBe(a.ticket.id);
    expect(fresh.callNext('c3', { userId: 'u-c3' }).ticket?.number).toBe(h.engine.callNext('c3', { userId: 'u-c3' }).ticket?.number);
  });

  it('keeps values the columns do not take as they are: mixed types, undefined, a NUL in a string, nested values', () => {
    const h = busyDay();
    const plain = plainOf(h.engine);
    const [t1, t2, t3] = [...plain.day.tickets.values()] as (Ticket & Record<string, unknown>)[];
    t1!.fileCode = 'a\u0000b';
    t2!.rating = '5' as unknown as number;
    t3!.staffUserId = undefined as unknown as null;
    t1!.timeline.push({ type: 'note', at: '2026-11-26T08:09:00+07:00', counterId: undefined });
    t2!.timeline.push({ type: 'odd', at: '2026-11-26T08:09:00+07:00', extra: { nested: [1, 2] } } as unknown as Ticket['timeline'][number]);
    plain.day.seqFloor = 7;
    const back = unpackState(packState(plain));
    expect(isDeepStrictEqual(back, plain)).toBe(true);
    expect(keysOf(back)).toEqual(keysOf(plain));
    expect(back.day.tickets.get(t1!.id)!.fileCode).toBe('a\u0000b');
    expect(Object.hasOwn(back.day.tickets.get(t3!.id)!, 'staffUserId')).toBe(true);
  });

  it('round-trips the lean forms exactly: rare values, whole and fractional numbers, -0, nulls, result files', () => {
    const h = new Harness();
    h.open('c1');
    for (let i = 0; i < 40; i++) h.issue(['land', 'civil', 'justice'][i % 3]!, i % 9 === 0 ? 'elderly' : null, `req-${i}`);
    h.callNext('c1');
    const plain = plainOf(h.engine);
    const tickets = [...plain.day.tickets.values()] as (Ticket & Record<string, unknown>)[];
    // A field most tickets leave null (a few values, one of them undefined), one most leave 0.
    tickets[3]!.fileCode = 'HS-003 à, é';
    tickets[17]!.fileCode = 'HS-017';
    tickets[30]!.fileCode = undefined as unknown as null;
    tickets[5]!.transfers = 2;
    // Numbers that an integer column would change: a fraction, -0, one past 32 bits.
    tickets[7]!.rating = 4.5;
    tickets[8]!.putBacks = -0;
    tickets[9]!.callCount = 2 ** 31;
    tickets[11]!.ratingScale = null as unknown as number;
    plain.day.results = new Map(
      Array.from({ length: 20 }, (_, i) => [
        `F-${i}`,
        { fileCode: `F-${i}`, readyAt: i % 4 ? null : '2026-11-26T09:00:00+07:00', promisedDate: null, ticketToken: tickets[i]!.token, submittedAt: null, ticketNumber: `A${i}`, serviceId: 'land', collectedAt: null },
      ]),
    );
    // Flat records of another key order, or shared by two maps, are kept as they are.
    const odd = { b: 1, a: 'x' };
    (plain.day as unknown as Record<string, unknown>).extraRecords = new Map([['k1', { a: 'y', b: 2 }], ['k2', odd]]);
    (plain.day as unknown as Record<string, unknown>).shared = new Map([['s', plain.day.results.get('F-1')]]);
    const back = unpackState(packState(plain));
    expect(isDeepStrictEqual(back, plain)).toBe(true);
    expect(keysOf(back)).toEqual(keysOf(plain));
    expect(Object.is(back.day.tickets.get(tickets[8]!.id)!.putBacks, -0)).toBe(true);
    expect(Object.hasOwn(back.day.tickets.get(tickets[30]!.id)!, 'fileCode')).toBe(true);
    expect(back.day.tickets.get(tickets[30]!.id)!.fileCode).toBeUndefined();
    const b = back.day as unknown as Record<string, Map<string, unknown>>;
    expect(b.shared!.get('s')).toBe(b.results!.get('F-1'));
    expect(Object.keys(b.extraRecords!.get('k2')!)).toEqual(['b', 'a']);
  });

  it('keeps its string table as latin1 bytes, wider strings apart, and still reads the packed form before (v 2: one string, no ends)', () => {
    const h = busyDay();
    const plain = plainOf(h.engine);
    type V3 = { v: number; strings: string; latin1?: Uint8Array; ends?: Int32Array; wide?: { at: Int32Array; list: string[] } };
    const packed = deserialize(packState(plain)) as V3;
    expect(packed.v).toBe(3);
    expect(packed.strings).toBe('');
    expect(packed.ends).toBeInstanceOf(Int32Array);
    expect(packed.wide!.list).toContain('Cán bộ nhiệt tình, chu đáo');
    const list = Buffer.from(packed.latin1!).toString('latin1').split('\u0000');
    expect(list.length).toBe(packed.ends!.length);
    packed.wide!.at.forEach((c, j) => (list[c] = packed.wide!.list[j]!));
    Object.assign(packed, { v: 2, strings: list.join('\u0000') });
    delete packed.latin1;
    delete packed.ends;
    delete packed.wide;
    expect(isDeepStrictEqual(unpackState(serialize(packed)), plain)).toBe(true);
    const lazy = unpackState(serialize(packed), { lazy: true });
    expect(isDeepStrictEqual([...lazy.day.tickets.entries()], [...plain.day.tickets.entries()])).toBe(true);
  });

  it('round-trips a day without tickets', () => {
    const h = new Harness();
    const plain = plainOf(h.engine);
    expect(plain.day.tickets.size).toBe(0);
    expect(isDeepStrictEqual(unpackState(packState(plain)), plain)).toBe(true);
  });

  it('still reads a checkpoint written in the plain form (V8 serializer) by the version before', () => {
    const h = busyDay();
    const plain = plainOf(h.engine);
    const fresh = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    expect(fresh.importState(serialize(plain))).toBe(true);
    expect(engineState(fresh)).toEqual(engineState(h.engine));
  });

  it('restored lazily: tickets made on first use, shared by the indexes, the same day once walked', () => {
    const h = busyDay();
    const bytes = packState(plainOf(h.engine));
    const lazy = unpackState(bytes, { lazy: true });
    const eager = unpackState(bytes);
    const d = lazy.day;
    expect(d.tickets).toBeInstanceOf(LazyTicketMap);
    // Made on first use, once: a get by token and by id give the same object.
    const some = [...eager.day.tickets.values()][4]!;
    const byToken = d.byToken.get(some.token)!;
    expect(byToken).toStrictEqual(some);
    expect(d.tickets.get(some.id)).toBe(byToken);
    expect(d.byRequest.get(some.requestId!)).toBe(byToken);
    expect(d.tickets.has(some.id)).toBe(true);
    expect(d.tickets.has('no-such-ticket')).toBe(false);
    expect(d.tickets.get('no-such-ticket')).toBeUndefined();
    // Set before the rest is made: a new entry goes after the day's, one set again keeps its place.
    const changed = { ...some, state: 'cancelled' as const };
    const fresh = { ...some, id: 'new-1' };
    d.tickets.set('new-1', fresh);
    d.tickets.set(some.id, changed);
    expect(d.tickets.get(some.id)).toBe(changed);
    const ids = [...eager.day.tickets.keys()];
    expect([...d.tickets.keys()]).toEqual([...ids, 'new-1']);
    expect(d.tickets.size).toBe(ids.length + 1);
    expect(d.tickets.get(some.id)).toBe(changed);
    // Once walked, the same tickets as the eager form, sharing with the indexes.
    const lazy2 = unpackState(bytes, { lazy: true });
    expect(isDeepStrictEqual([...lazy2.day.tickets.entries()], [...eager.day.tickets.entries()])).toBe(true);
    for (const t of lazy2.day.tickets.values()) expect(lazy2.day.byToken.get(t.token)).toBe(t);
    const queued = [...lazy2.day.queues.values()].flat();
    for (const t of queued) expect(lazy2.day.tickets.get(t.id)).toBe(t);
    // A delete makes the rest first, then removes.
    const lazy3 = unpackState(bytes, { lazy: true });
    expect(lazy3.day.tickets.delete(ids[0]!)).toBe(true);
    expect([...lazy3.day.tickets.keys()]).toEqual(ids.slice(1));
  });

  it('an engine restored lazily takes the next events like the one that wrote it, and exports the same state', () => {
    const h = busyDay();
    const twin = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    expect(twin.importState(h.engine.exportState())).toBe(true);
    const issued = h.engine.issue({ serviceId: 'civil', requestId: 'req-x' });
    const done = h.engine.complete('c1', null);
    const events = [
      ...issued.events,
      ...done.events,
      ...h.engine.callNext('c1', { userId: 'u-c1' }).events,
      ...h.engine.rate(done.ticket.token, 4, null, 5).events,
    ];
    for (const e of events) twin.apply(structuredClone(e));
    // The twin's commands read the same state: a repeated request gives the same ticket back.
    expect(twin.issue({ serviceId: 'civil', requestId: 'req-x' }).ticket.id).toBe(h.engine.issue({ serviceId: 'civil', requestId: 'req-x' }).ticket.id);
    expect(isDeepStrictEqual(unpackState(twin.exportState()), unpackState(h.engine.exportState()))).toBe(true);
    expect(engineState(twin)).toEqual(engineState(h.engine));
  });
});

