// Counter commands answered once. A counter may send a `requestId` with a command that changes
// state; the command's event carries it, and the reducer keeps what it did for the service day.
// The same requestId again (a retry after a lost answer: a connection cut after COMMIT, a
// timeout) gets the original answer and changes nothing, on any process, since every process
// applies every event, and after a restart, a replay or a checkpoint. Without this, a retried
// "call next" whose first try did land would call a second ticket, and a retried "complete"
// would be refused although the ticket was completed.
import type { EventBody } from './events.js';
import { err, type DayState } from './state.js';

/** The counter commands that take a `requestId` (the /counter socket events of the same names). */
export type CounterCommand =
  | 'counter:open' | 'counter:close' | 'counter:pause' | 'counter:resume'
  | 'ticket:callNext' | 'ticket:call' | 'ticket:recall' | 'ticket:start' | 'ticket:complete' | 'ticket:noShow'
  | 'ticket:transfer' | 'ticket:move' | 'ticket:cancel' | 'ticket:putBack';

/**
 * What a command leaves in its event, as the reducer tells it apart: the event's type, except a
 * recall and a move, which share another command's event. "Call next" and "call this ticket" make
 * the same event: a retry of either names the ticket called (a `ticket:call` retry must name it).
 */
const MADE: Record<CounterCommand, string> = {
  'counter:open': 'counter:opened',
  'counter:close': 'counter:closed',
  'counter:pause': 'counter:paused',
  'counter:resume': 'counter:resumed',
  'ticket:callNext': 'ticket:called',
  'ticket:call': 'ticket:called',
  'ticket:recall': 'ticket:recalled',
  'ticket:start': 'ticket:started',
  'ticket:complete': 'ticket:completed',
  'ticket:noShow': 'ticket:noShow',
  'ticket:transfer': 'ticket:transferred',
  'ticket:move': 'ticket:moved',
  'ticket:cancel': 'ticket:cancelled',
  'ticket:putBack': 'ticket:putBack',
};

/** An event of a counter command sent with a requestId. */
type Carrying = EventBody & { requestId: string };

export function carriesRequest(event: EventBody): event is Carrying {
  return typeof (event as { requestId?: unknown }).requestId === 'string';
}

/** The `requestId` field of a command's event: absent when the command came without one. */
export const requestField = (requestId: string | undefined): { requestId?: string } => (requestId ? { requestId } : {});

/** What a request did, `made counter ticket` (ids cannot hold a space: shared/schemas.ts). */
function recordOf(event: Carrying): string {
  const e = event as { ticketId?: string; counterId?: string | null; fromCounterId?: string | null; recall?: boolean };
  const made = e.recall ? 'ticket:recalled' : event.type === 'ticket:transferred' && e.fromCounterId === null ? 'ticket:moved' : event.type;
  return `${made} ${e.counterId ?? e.fromCounterId ?? ''} ${e.ticketId ?? ''}`;
}

/**
 * The day's requests (DayState.requestLog) as text, one line each: `<length>:<requestId><record>`
 * (a requestId may hold any character, so it is counted, not delimited). A busy day has tens of
 * thousands: as one string, a checkpoint copies them instead of rebuilding a Map entry by entry
 * (20,000 took 7–20 ms of every restart), and the index is made at the first look-up.
 */
export interface RequestLog {
  text: string;
}

const indexes = new WeakMap<RequestLog, Map<string, string>>();

function indexOf(log: RequestLog): Map<string, string> {
  let index = indexes.get(log);
  if (!index) {
    index = new Map();
    const t = log.text;
    for (let i = 0; i < t.length; ) {
      const colon = t.indexOf(':', i);
      const idEnd = colon + 1 + Number(t.slice(i, colon));
      const end = t.indexOf('\n', idEnd);
      index.set(t.slice(colon + 1, idEnd), t.slice(idEnd, end));
      i = end + 1;
    }
    indexes.set(log, index);
  }
  return index;
}

/** The reducer's part: remembers what the request did, for the rest of the service day. */
export function remember(log: RequestLog, event: Carrying): void {
  const record = recordOf(event);
  log.text += `${event.requestId.length}:${event.requestId}${record}\n`;
  indexes.get(log)?.set(event.requestId, record);
}

/**
 * What the command with this requestId already did today: null when nothing (a first try, or one
 * that changed nothing), else the ticket its answer named (null for the counter's own commands).
 * A requestId of another command, counter or ticket is refused: answering it would be wrong.
 */
export function repeated(
  day: DayState,
  requestId: string | undefined,
  command: CounterCommand,
  target: { counterId?: string; ticketId?: string },
): { ticketId: string | null } | null {
  if (!requestId) return null;
  const record = indexOf(day.requestLog).get(requestId);
  if (record === undefined) return null;
  const [made, counterId, ticketId] = record.split(' ') as [string, string, string];
  const same = made === MADE[command]
    && (target.counterId === undefined || target.counterId === counterId)
    && (target.ticketId === undefined || target.ticketId === ticketId);
  if (!same) throw err('conflict', 'requestReused', { reason: 'request_reused' });
  return { ticketId: ticketId || null };
}
