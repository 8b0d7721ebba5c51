// Issue 15 §2: the staff alarm's states in the engine: raised, answered, ended; who may end it;
// rebuilt by replay and from a checkpoint; carried over a day rollover, never dropped.
import { describe, expect, it } from 'vitest';
import { QueueEngine } from '../../server/queue/engine.js';
import { Harness, engineState, expectLuotError } from '../support/engine-fixture.js';

const clerk = { userId: 'u-c1', name: 'Nguyễn Thị Lan', supervisor: false };
const colleague = { userId: 'u-c2', name: 'Trần Văn Minh', supervisor: false };
const supervisor = { userId: 'u-sup', name: 'Lê Thu Hà', supervisor: true };

function office(): Harness {
  const h = new Harness();
  h.open('c1');
  h.open('c2');
  return h;
}

describe('staff alarm', () => {
  it('is raised, answered and ended, each a journal event, and seen in the staff snapshot only', () => {
    const h = office();
    const { alarm } = h.record(h.engine.raiseAlarm('c1', clerk));
    expect(h.log.at(-1)).toMatchObject({ type: 'alarm:raised', counterId: 'c1', userId: 'u-c1', staffName: 'Nguyễn Thị Lan', since: null });
    expect(h.engine.staffSnapshot().alarms).toEqual([
      expect.objectContaining({ id: alarm.id, counterId: 'c1', counterNumber: 1, counterLabel: { vi: 'Quầy 1', en: 'Counter 1' }, staffName: 'Nguyễn Thị Lan', answers: [] }),
    ]);
    expect(JSON.stringify(h.engine.snapshot())).not.toContain(alarm.id);

    h.record(h.engine.answerAlarm(alarm.id, colleague));
    expect(h.engine.alarms()[0]!.answers).toEqual([{ userId: 'u-c2', staffName: 'Trần Văn Minh', at: expect.any(String) }]);
    // Answering twice changes nothing.
    expect(h.record(h.engine.answerAlarm(alarm.id, colleague)).events).toEqual([]);

    h.record(h.engine.endAlarm(alarm.id, clerk));
    expect(h.log.at(-1)).toMatchObject({ type: 'alarm:ended', alarmId: alarm.id, userId: 'u-c1' });
    expect(h.engine.alarms()).toEqual([]);
    expectLuotError(h, () => h.engine.answerAlarm(alarm.id, colleague), 'not_found', { reason: 'alarm_not_found' });
  });

  it('works at a paused, a busy and a closed counter, once per counter', () => {
    const h = office();
    h.record({ events: h.engine.pauseCounter('c1', 'Nghỉ trưa') });
    const a = h.record(h.engine.raiseAlarm('c1', clerk)).alarm;
    expect(h.record(h.engine.raiseAlarm('c1', clerk))).toEqual({ events: [], alarm: a });
    h.issue('civil');
    h.callNext('c2');
    expect(h.record(h.engine.raiseAlarm('c2', colleague)).events).toHaveLength(1);
    expect(h.record(h.engine.raiseAlarm('c3', supervisor)).events).toHaveLength(1);
    expect(h.engine.alarms().map((x) => x.counterId)).toEqual(['c1', 'c2', 'c3']);
    expectLuotError(h, () => h.engine.raiseAlarm('nope', clerk), 'not_found');
  });

  it('is ended by the clerk who raised it or a supervisor, not by a colleague; not answered by the clerk', () => {
    const h = office();
    const a = h.record(h.engine.raiseAlarm('c1', clerk)).alarm;
    expectLuotError(h, () => h.engine.endAlarm(a.id, colleague), 'forbidden', { reason: 'alarm_end_forbidden' });
    expectLuotError(h, () => h.engine.answerAlarm(a.id, clerk), 'conflict', { reason: 'alarm_own' });
    h.record(h.engine.endAlarm(a.id, supervisor));
    expect(h.engine.alarms()).toEqual([]);
  });

  it('is rebuilt by replaying the journal and from a checkpoint', () => {
    const h = office();
    const a = h.record(h.engine.raiseAlarm('c1', clerk)).alarm;
    h.record(h.engine.answerAlarm(a.id, colleague));
    const replayed = h.replay();
    expect(replayed.alarms()).toEqual(h.engine.alarms());
    expect(engineState(replayed)).toEqual(engineState(h.engine));
    const restored = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    expect(restored.importState(h.engine.exportState())).toBe(true);
    expect(restored.alarms()).toEqual(h.engine.alarms());
    // And can still be ended there.
    expect(restored.endAlarm(a.id, clerk).events).toHaveLength(1);
  });

  it('survives the day rollover with its answers, journaled into the new day', () => {
    const h = office();
    const a = h.record(h.engine.raiseAlarm('c1', clerk)).alarm;
    const raisedAt = a.raisedAt;
    h.record(h.engine.answerAlarm(a.id, colleague));
    h.goTo('2026-11-27T07:00:00+07:00');
    expect(h.engine.alarms()).toEqual([expect.objectContaining({ id: a.id, raisedAt, answers: [expect.objectContaining({ userId: 'u-c2' })] })]);
    // Replaying the new day alone (from its day:opened) rebuilds it.
    const dayStart = h.log.findIndex((e) => e.type === 'day:opened' && e.serviceDay === '2026-11-27');
    const fresh = new QueueEngine(h.config, { now: () => h.clock.now, newId: () => 'x', newToken: () => 'y' });
    for (const e of h.log.slice(dayStart)) fresh.apply(structuredClone(e));
    expect(fresh.alarms()).toEqual(h.engine.alarms());
    h.record(h.engine.endAlarm(a.id, clerk));
    expect(h.engine.alarms()).toEqual([]);
  });

  it('refuses journal lines that name an unknown alarm', () => {
    const h = office();
    const e = { type: 'alarm:answered', alarmId: 'ghost', userId: 'u', staffName: 'x', rev: h.engine.rev + 1, at: '2026-11-26T08:00:00+07:00' } as const;
    expect(() => h.engine.apply(e)).toThrow(/unknown alarm/);
  });
});
