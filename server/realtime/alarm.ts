// Staff alarms (issue 15) on /counter: raise, answer, end, and the push of the open alarms to
// every staff socket. Never to /display or /kiosk: an alarm is about a clerk, not for the hall.
import type { Socket } from 'socket.io';
import { alarmIdSchema, counterIdSchema } from '../../shared/schemas.js';
import { hasRole } from '../auth.js';
import type { Office } from '../office.js';
import type { UserRecord } from '../store/config.js';
import { on, type HandlerLog } from './handle.js';
import type { Namespaces } from './types.js';

const ALARM_EVENTS: ReadonlySet<string> = new Set(['alarm:raised', 'alarm:answered', 'alarm:ended']);

export interface AlarmContext {
  office: Office;
  log: HandlerLog;
  /** The socket's user, checked again now. */
  me: () => UserRecord;
  /** The counter if this user may act there (holds it, or supervises). */
  atCounter: (counterId: string) => string;
}

export function registerAlarm(socket: Socket, { office, log, me, atCounter }: AlarmContext): void {
  const actor = () => {
    const user = me();
    return { userId: user.id, name: user.name, supervisor: hasRole(user, 'supervisor', office.id) };
  };
  socket.emit('alarm:changed', { alarms: office.engine.alarms() });
  on(socket, 'alarm:raise', counterIdSchema, log, async ({ counterId }) => ({ alarm: await office.raiseAlarm(atCounter(counterId), actor()) }));
  on(socket, 'alarm:answer', alarmIdSchema, log, async ({ alarmId }) => ({ alarm: await office.answerAlarm(alarmId, actor()) }));
  on(socket, 'alarm:end', alarmIdSchema, log, async ({ alarmId }) => (await office.endAlarm(alarmId, actor()), {}));
}

/**
 * Every staff socket of this process learns the open alarms at each change. Local, as every push
 * (realtime/broadcast.ts): each process learns every committed event, so in the province edition
 * the staff on every process are told, once. A new day's snapshot carries them too.
 */
export function attachAlarmPushes(office: Office, spaces: Pick<Namespaces, 'counter'>): () => void {
  const counter = spaces.counter.local;
  return office.onCommitted((events) => {
    if (events.some((e) => ALARM_EVENTS.has(e.type))) counter.emit('alarm:changed', { alarms: office.engine.alarms() });
  });
}
