// Webhooks (issue 14): the event names an endpoint may subscribe to, and what admins send and
// read about an endpoint. Shared by the server (routes, dispatcher) and the staff app (Cài đặt).
import { z } from 'zod';
import type { Localized } from './types.js';

/**
 * Every webhook event type, in the order the settings page lists them. The journal events each
 * one comes from are mapped in server/webhooks/event-map.ts.
 */
export const WEBHOOK_EVENTS = [
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.completed',
  'ticket.no_show',
  'ticket.transferred',
  'ticket.cancelled',
  'ticket.rated',
  'counter.opened',
  'counter.closed',
  'counter.paused',
  'counter.resumed',
  'ticket.put_back',
  // Staff alarms leave the office only when an admin ticks them (they name staff and counters).
  'staff.alarm_raised',
  'staff.alarm_answered',
  'staff.alarm_ended',
  // Bookings (issue 13; a check-in is ticket.issued with its booking) and files ready (issue 15).
  'booking.made',
  'booking.cancelled',
  'booking.no_show',
  'results.ready',
  'results.unready',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** What the settings page shows next to each event's check box. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, Localized> = {
  'ticket.issued': { vi: 'Cấp số', en: 'Ticket issued' },
  'ticket.called': { vi: 'Gọi số', en: 'Ticket called' },
  'ticket.recalled': { vi: 'Gọi lại', en: 'Ticket recalled' },
  'ticket.started': { vi: 'Bắt đầu phục vụ', en: 'Service started' },
  'ticket.completed': { vi: 'Hoàn thành (có mã hồ sơ)', en: 'Completed (with file code)' },
  'ticket.no_show': { vi: 'Vắng mặt', en: 'No-show' },
  'ticket.transferred': { vi: 'Chuyển quầy / dịch vụ', en: 'Transferred' },
  'ticket.cancelled': { vi: 'Hủy số', en: 'Ticket cancelled' },
  'ticket.rated': { vi: 'Đánh giá', en: 'Rated' },
  'counter.opened': { vi: 'Mở quầy', en: 'Counter opened' },
  'counter.closed': { vi: 'Đóng quầy', en: 'Counter closed' },
  'counter.paused': { vi: 'Tạm dừng quầy', en: 'Counter paused' },
  'counter.resumed': { vi: 'Quầy tiếp tục', en: 'Counter resumed' },
  'ticket.put_back': { vi: 'Đưa số vắng mặt vào lại hàng chờ', en: 'No-show put back in the queue' },
  'staff.alarm_raised': { vi: 'Cán bộ báo động', en: 'Staff alarm raised' },
  'staff.alarm_answered': { vi: 'Báo động được trả lời', en: 'Staff alarm answered' },
  'staff.alarm_ended': { vi: 'Báo động kết thúc', en: 'Staff alarm ended' },
  'booking.made': { vi: 'Đặt lịch / lấy số từ xa', en: 'Booking made' },
  'booking.cancelled': { vi: 'Hủy đặt lịch', en: 'Booking cancelled' },
  'booking.no_show': { vi: 'Đặt lịch nhưng không đến', en: 'Booking not kept' },
  'results.ready': { vi: 'Hồ sơ đã có kết quả', en: 'Files ready for pickup' },
  'results.unready': { vi: 'Bỏ đánh dấu có kết quả', en: 'Files marked not ready' },
};

/** The event "Gửi thử" sends; never derived from the journal, never subscribed to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** Receivers are on the office's network or the province's: plain http is allowed. */
const urlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((u) => {
    try {
      const p = new URL(u);
      return (p.protocol === 'http:' || p.protocol === 'https:') && !p.username && !p.password;
    } catch {
      return false;
    }
  }, 'http(s) URL');

export const webhookCreateSchema = z.object({
  url: urlSchema,
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  /** Absent: the server generates one (returned once in the answer). */
  secret: z.string().min(16).max(200).optional(),
  enabled: z.boolean().default(true),
  description: z.string().trim().max(200).default(''),
});
export const webhookUpdateSchema = webhookCreateSchema.partial();

/** An endpoint as kept in the office's configuration (server side: with its secret). */
export const webhookEndpointSchema = z.object({
  id: z.string().min(1),
  url: z.string(),
  events: z.array(z.string()),
  secret: z.string(),
  enabled: z.boolean(),
  description: z.string().default(''),
  createdAt: z.string(),
  /**
   * Deliveries start after this journal rev (in the service day `startDay`): set when the
   * endpoint is made or switched on again, so events from before (or while it was off) are
   * not sent, whichever process delivers.
   */
  startRev: z.number().int().nonnegative().default(0),
  startDay: z.string().default(''),
});
export type WebhookEndpoint = z.output<typeof webhookEndpointSchema>;

/** One attempt to deliver one event (the settings page's "recent deliveries"). */
export interface WebhookDelivery {
  /** The delivery id (`<officeId>:<rev>:<endpointId>`, or `…:test:<n>` for "Gửi thử"). */
  id: string;
  type: string;
  rev: number | null;
  at: string;
  attempt: number;
  /** HTTP status, or null when no answer came (refused, timed out). */
  status: number | null;
  ok: boolean;
  error: string | null;
  /** True when the event was given up after a day of failures. */
  givenUp: boolean;
}

/** An endpoint as admins read it: the secret only as its last characters. */
export interface WebhookEndpointView extends Omit<WebhookEndpoint, 'secret'> {
  secretHint: string;
  /** The journal rev delivered (or skipped) up to. */
  deliveredRev: number;
  /** Events of the journal not yet delivered (or skipped) to this endpoint. */
  behind: number;
  /** Failed attempts of the event at the head, 0 when it is not failing. */
  failing: number;
  nextAttemptAt: string | null;
  givenUp: number;
  recent: WebhookDelivery[];
}
