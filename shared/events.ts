// The socket.io contract of PROTOCOL.md: one map per direction per namespace.
import type { Ack } from './errors.js';
import type {
  CalledEvent, DiskStatus, IssueResult, PrinterStatus, PublicTicket, SessionEnded, Snapshot, StaffAlarm, StaffSnapshot, StaffUpdate, TicketPrintEvent, Update,
} from './types.js';
import type {
  AlarmIdPayload, BookingCheckInPayload, CallPayload, CounterCommandPayload, CounterIdPayload, MovePayload, IssuePayload, TicketCommandPayload, TransferPayload, CompletePayload, PausePayload,
} from './schemas.js';
import type { ResultCheck } from './file-code.js';
import type { PickupPayload, ResultCheckPayload } from './result-schemas.js';

type Empty = Record<string, never>;

/**
 * Handshake query `feed=2` on any namespace asks for the batched feed: pushes come one frame per
 * client per journal flush. An `update` may then cover several revisions (`fromRev..rev`), and
 * a call's `called` carries its flush's update (`called.update`) instead of an `update` frame.
 * A kiosk is sent its changes right before each of its acks (in the same write), and otherwise
 * at most every 200 ms (server/realtime/kiosk-feed.ts); still every revision once, in order.
 * Without it a client gets, as PROTOCOL.md says, one `update` per revision and `called` after it.
 */
export const FEED_QUERY = 'feed';
export const BATCHED_FEED = '2';

export interface DisplayServerToClient {
  snapshot: (snapshot: Snapshot) => void;
  update: (update: Update) => void;
  called: (call: CalledEvent) => void;
  /** The voice clip set changed (an office's recording saved or reset): fetch clips under `version`. On connect too. */
  'voice:changed': (voice: { version: string }) => void;
  /**
   * Whether the server's data is current. `live: false` while its database is out of reach
   * (several processes over PostgreSQL: other processes' calls cannot reach it), sent before the
   * snapshot on connect and at each change; displays show their stale banner as when offline.
   */
  'feed:state': (state: FeedState) => void;
}
export interface FeedState {
  live: boolean;
}
export interface DisplayAudio {
  ok: boolean;
}
export interface DisplayClientToServer {
  'snapshot:get': (payload: Empty | undefined, ack: Ack<{ snapshot: Snapshot }>) => void;
  /** The display's sound plays (the browser allowed audio): ticks the home page's first-run checklist. */
  'display:audio': (payload: DisplayAudio, ack?: Ack<Empty>) => void;
}

export interface KioskServerToClient extends DisplayServerToClient {
  printer: (status: PrinterStatus) => void;
  /** Issue 10: how the printing of a ticket this kiosk was answered `queued` for goes on (see TicketPrintEvent). */
  'ticket:print': (print: TicketPrintEvent) => void;
}
// A kiosk plays no calls: the display's sound report is not for it.
export interface KioskClientToServer extends Omit<DisplayClientToServer, 'display:audio'> {
  'ticket:issue': (payload: IssuePayload, ack: Ack<IssueResult>) => void;
  /** Issue 13: a booking's 6-digit code checked in; the ticket as `ticket:issue` gives it. */
  'booking:checkIn': (payload: BookingCheckInPayload, ack: Ack<IssueResult>) => void;
  /** Issue 15: is this file ready for pickup? Issues nothing. */
  'result:check': (payload: ResultCheckPayload, ack: Ack<{ result: ResultCheck }>) => void;
  /** Issue 15: a pickup ticket (refused with `conflict` when not ready, unless `anyway`). */
  'result:pickup': (payload: PickupPayload, ack: Ack<IssueResult>) => void;
}

export interface CounterServerToClient {
  snapshot: (snapshot: StaffSnapshot) => void;
  update: (update: StaffUpdate) => void;
  called: (call: CalledEvent<StaffUpdate>) => void;
  printer: (status: PrinterStatus) => void;
  /** The session is over (user removed, password changed, logged out…): a disconnect follows. */
  'session:ended': (ended: SessionEnded) => void;
  /** The journal's state: on connect and whenever it changes (a failing disk, damage found). */
  disk: (status: DiskStatus) => void;
  /** Issue 15: the office's open staff alarms, whole, at each raise, answer and end (staff only). */
  'alarm:changed': (state: { alarms: StaffAlarm[] }) => void;
}

type TicketAck = Ack<{ ticket: PublicTicket }>;
type NullableTicketAck = Ack<{ ticket: PublicTicket | null }>;
type CounterAck = Ack<Empty>;

export interface CounterClientToServer {
  'snapshot:get': (payload: Empty | undefined, ack: Ack<{ snapshot: StaffSnapshot }>) => void;
  'counter:open': (payload: CounterCommandPayload, ack: CounterAck) => void;
  'counter:close': (payload: CounterCommandPayload, ack: CounterAck) => void;
  'counter:pause': (payload: PausePayload, ack: CounterAck) => void;
  'counter:resume': (payload: CounterCommandPayload, ack: CounterAck) => void;
  'ticket:callNext': (payload: CounterCommandPayload, ack: NullableTicketAck) => void;
  'ticket:call': (payload: CallPayload, ack: TicketAck) => void;
  'ticket:recall': (payload: CounterCommandPayload, ack: TicketAck) => void;
  'ticket:start': (payload: CounterCommandPayload, ack: TicketAck) => void;
  'ticket:complete': (payload: CompletePayload, ack: TicketAck) => void;
  'ticket:noShow': (payload: CounterCommandPayload, ack: TicketAck) => void;
  'ticket:transfer': (payload: TransferPayload, ack: TicketAck) => void;
  'ticket:cancel': (payload: TicketCommandPayload, ack: TicketAck) => void;
  /** Supervisor: move a waiting ticket to another service or counter. */
  'ticket:move': (payload: MovePayload, ack: TicketAck) => void;
  /** Issue 15: a no-show back in its queue (settings.putBack says where and how often). */
  'ticket:putBack': (payload: TicketCommandPayload, ack: TicketAck) => void;
  /** Issue 15: the clerk at this counter needs help; works whatever the counter's state. */
  'alarm:raise': (payload: CounterIdPayload, ack: Ack<{ alarm: StaffAlarm }>) => void;
  /** "Tôi đến hỗ trợ": a colleague is coming. */
  'alarm:answer': (payload: AlarmIdPayload, ack: Ack<{ alarm: StaffAlarm }>) => void;
  /** By the clerk who raised it or a supervisor. */
  'alarm:end': (payload: AlarmIdPayload, ack: CounterAck) => void;
}

export interface KioskAuth {
  kioskKey?: string;
}
export interface CounterAuth {
  token: string;
}
