// Journal events: the engine's only way to change state, replayed as-is on restart.
import type { Priority } from '../../shared/types.js';
import type { BookingCheckIn, BookingEvent } from './booking-state.js';
import type { PickupIssue, ResultsEvent } from './results.js';

/** How a ticket was issued: the /kiosk socket (the kiosk app) or REST `POST /api/tickets`. */
export type IssueChannel = 'kiosk' | 'rest';

export type EventBody =
  | { type: 'day:opened'; serviceDay: string }
  /** Issue 13: bookings made from home (booking-state.ts). */
  | BookingEvent
  /** Issue 15: files ready for pickup (results.ts). */
  | ResultsEvent
  | {
      type: 'ticket:issued';
      ticket: {
        id: string;
        token: string;
        serviceId: string;
        seq: number;
        number: string;
        priority: Priority | null;
        requestId: string | null;
      };
      /** Where the ticket was asked for (the ticket's timeline shows it); absent in older journals. */
      channel?: IssueChannel;
      /** Issue 13: the booking this ticket checks in (booking-state.ts); absent for walk-ins. */
      booking?: BookingCheckIn;
      /** Issue 15: a pickup ticket's file, and whether it was ready when issued; absent otherwise. */
      pickup?: PickupIssue;
    }
  /**
   * `requestId` on the events of counter commands: the one the command was sent with, if any, so
   * that a retry of it is answered as the first try was (counter-requests.ts).
   */
  | { type: 'ticket:called'; ticketId: string; counterId: string; recall: boolean; userId: string | null; requestId?: string }
  | { type: 'ticket:started'; ticketId: string; counterId: string; requestId?: string }
  | { type: 'ticket:completed'; ticketId: string; counterId: string; fileCode: string | null; requestId?: string }
  | { type: 'ticket:noShow'; ticketId: string; counterId: string; requestId?: string }
  | {
      type: 'ticket:transferred';
      ticketId: string;
      fromCounterId: string | null;
      fromServiceId: string;
      toServiceId: string;
      toCounterId: string | null;
      requestId?: string;
    }
  | { type: 'ticket:cancelled'; ticketId: string; counterId: string | null; userId: string | null; requestId?: string }
  | { type: 'ticket:expired'; ticketId: string; counterId: string | null }
  | { type: 'ticket:rated'; ticketId: string; score: number; scale: number; comment: string | null }
  | { type: 'counter:opened'; counterId: string; userId: string; staffName: string; requestId?: string }
  | { type: 'counter:closed'; counterId: string; requestId?: string }
  | { type: 'counter:paused'; counterId: string; reason: string | null; requestId?: string }
  | { type: 'counter:resumed'; counterId: string; requestId?: string }
  | { type: 'config:changed' }
  /**
   * Numbers up to `upTo` of one service (all services when null) count as given out today:
   * after a damaged journal, numbers that may have been printed are never handed out again.
   */
  | { type: 'numbers:reserved'; serviceId: string | null; upTo: number }
  /**
   * A clerk's staff alarm. `since` is null when raised now; a raise carried into a new service day
   * (an alarm is never dropped by the rollover) repeats the alarm's id and gives its first instant.
   */
  | { type: 'alarm:raised'; alarmId: string; counterId: string; userId: string | null; staffName: string; since: string | null }
  | { type: 'alarm:answered'; alarmId: string; userId: string; staffName: string }
  | { type: 'alarm:ended'; alarmId: string; userId: string | null }
  /** A no-show ticket back in its service's queue (same number), ordered as if it joined at `queuedAt`. */
  | { type: 'ticket:putBack'; ticketId: string; queuedAt: string; userId: string | null; requestId?: string };

export type EventType = EventBody['type'];

/** One line of the journal: the event, its office-wide revision and the instant it happened. */
export type JournalEvent = EventBody & { rev: number; at: string };
