// Issue 15 §1, results pickup in the engine: files marked ready or not (normalised codes), the
// pickup ticket only for a ready file unless the citizen asks anyway, the first visit linked by
// its completion's file code, collection, and the state kept across days, replay and checkpoint.
import { describe, expect, it } from 'vitest';
import { QueueEngine } from '../../server/queue/engine.js';
import { COUNTERS, CIVIL, LAND, Harness, expectLuotError, service } from '../support/engine-fixture.js';

const PICKUP = service('pickup', { name: { vi: 'Trả kết quả', en: 'Results pickup' }, prefix: 'K', order: 9, pickup: true });
const CODE = '000.00.12.H29-250714-0001';

function office(): Harness {
  const h = new Harness({
    services: [LAND, CIVIL, PICKUP],
    counters: [...COUNTERS.slice(0, 2), { id: 'c9', number: 9, label: { vi: 'Quầy 9', en: 'Counter 9' }, serviceIds: ['pickup'] }],
  });
  h.open('c1');
  h.open('c9');
  return h;
}

describe('results pickup: marking files', () => {
  it('normalises codes in one way, and journals only what changes', () => {
    const h = office();
    const r = h.record(h.engine.results.mark([' 000.00.12.h29-250714-0001 ', 'H29.22\u2013240101\u20130001', CODE], true));
    expect(r.fileCodes).toEqual([CODE, 'H29.22-240101-0001']);
    expect(h.log.at(-1)).toMatchObject({ type: 'results:ready', fileCodes: [CODE, 'H29.22-240101-0001'] });
    expect(h.record(h.engine.results.mark([CODE.toLowerCase()], true)).events).toEqual([]);
    expect(h.engine.results.check(`  ${CODE.toLowerCase()}`)).toEqual({ fileCode: CODE, status: 'ready', promisedDate: null });
    h.record(h.engine.results.mark([CODE], false));
    expect(h.engine.results.check(CODE).status).toBe('not_ready');
    expect(h.engine.results.check('H99-000001').status).toBe('unknown');
  });

  it('refuses a bad code, naming it, and changes nothing', () => {
    const h = office();
    expectLuotError(h, () => h.engine.results.mark([CODE, 'hồ sơ/1'], true), 'invalid', { field: 'fileCodes.1' });
    expect(h.engine.results.check(CODE).status).toBe('unknown');
    expectLuotError(h, () => h.engine.results.check('ab'), 'invalid', { field: 'fileCode' });
  });

  it('keeps a promised date', () => {
    const h = office();
    h.keep(h.engine.results.promise(CODE, '2026-12-03'));
    expect(h.engine.results.check(CODE)).toEqual({ fileCode: CODE, status: 'not_ready', promisedDate: '2026-12-03' });
    expect(h.engine.results.promise(CODE, '2026-12-03')).toEqual([]);
  });
});

describe('results pickup: the pickup ticket', () => {
  it('a ready file gets a ticket of the pickup service with its file code, and is collected at completion', () => {
    const h = office();
    h.record(h.engine.results.mark([CODE], true));
    const r = h.record(h.engine.results.pickup({ fileCode: CODE.toLowerCase(), requestId: 'r1' }));
    expect(r.ticket).toMatchObject({ serviceId: 'pickup', number: 'K001', pickup: { fileCode: CODE, ready: true } });
    expect(h.log.at(-1)).toMatchObject({ type: 'ticket:issued', pickup: { fileCode: CODE, ready: true } });
    // The same request again is the same ticket.
    expect(h.record(h.engine.results.pickup({ fileCode: CODE, requestId: 'r1' }))).toMatchObject({ duplicate: true, events: [] });
    // It queues as any ticket of its service.
    expect(h.callNext('c9')!.number).toBe('K001');
    const done = h.complete('c9');
    expect(done.fileCode).toBe(CODE);
    expect(h.engine.results.check(CODE).status).toBe('collected');
  });

  it('a file not ready or unknown gets no ticket, unless the citizen asks anyway', () => {
    const h = office();
    h.keep(h.engine.results.promise(CODE, '2026-12-03'));
    expectLuotError(h, () => h.engine.results.pickup({ fileCode: CODE }), 'conflict', { reason: 'result_not_ready' });
    expectLuotError(h, () => h.engine.results.pickup({ fileCode: 'H99-000001' }), 'conflict', { reason: 'result_unknown' });
    expect([...h.engine.tickets()]).toEqual([]);
    const r = h.record(h.engine.results.pickup({ fileCode: CODE, anyway: true }));
    expect(r.ticket.pickup).toEqual({ fileCode: CODE, ready: false });
    h.callNext('c9');
    h.complete('c9');
    // Seeing a clerk about a file not ready collects nothing.
    expect(h.engine.results.check(CODE).status).toBe('not_ready');
  });

  it('is refused plainly when the office has no pickup service', () => {
    const h = new Harness({ services: [LAND] });
    h.record(h.engine.results.mark([CODE], true));
    expectLuotError(h, () => h.engine.results.pickup({ fileCode: CODE }), 'not_found');
  });
});

describe('results pickup: the first visit and the days after', () => {
  it('links the first visit by its completion file code, and keeps files across days, replay and checkpoint', () => {
    const h = office();
    const first = h.issue('land');
    h.callNext('c1');
    h.complete('c1', ' 000.00.12.h29-250714-0001');
    expect(h.engine.ticketById(first.id)!.fileCode).toBe(CODE);
    expect(h.engine.results.fileOfTicket(h.engine.ticketById(first.id)!)).toMatchObject({ ticketToken: first.token, submittedAt: first.issuedAt, readyAt: null });

    // Friday: marked ready. Next Thursday: still ready, though nothing happened in between.
    h.goTo('2026-11-27T09:00:00+07:00');
    h.record(h.engine.results.mark([CODE], true));
    h.goTo('2026-12-03T08:00:00+07:00');
    expect(h.log.at(-1)).toMatchObject({ type: 'results:carried' });
    expect(h.engine.results.check(CODE).status).toBe('ready');

    // Replaying the last day alone rebuilds it (the journal of one day is what a restart reads).
    const today = h.log.slice(h.log.findIndex((e) => e.type === 'day:opened' && e.serviceDay === '2026-12-03'));
    const fresh = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    for (const e of today) fresh.apply(structuredClone(e));
    expect(fresh.results.check(CODE)).toEqual(h.engine.results.check(CODE));

    // And so does a checkpoint.
    const restored = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    expect(restored.importState(h.engine.exportState())).toBe(true);
    expect(restored.results.check(CODE).status).toBe('ready');

    // Collected today: tomorrow it is no longer carried.
    h.record(h.engine.results.pickup({ fileCode: CODE }));
    // Counters are as the new day left them: open c9 again.
    h.open('c9');
    expect(h.callNext('c9')!.pickup).toEqual({ fileCode: CODE, ready: true });
    h.complete('c9');
    h.goTo('2026-12-04T08:00:00+07:00');
    expect(h.engine.results.check(CODE).status).toBe('unknown');
  });
});
