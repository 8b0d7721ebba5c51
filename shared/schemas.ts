// zod schemas for every inbound payload; the server parses with these, forms reuse them.
import { z } from 'zod';
import { printerAddressProblem } from './printer-address.js';
import { NUMBER_READING_SETTINGS, PROVINCE_IDS } from './provinces.js';
import { DEFAULT_PUT_BACK } from './queue-order.js';
import { isTimeZone } from './time-zones.js';
import { PRINTER_TEXT_ENCODINGS, PRIORITIES, ROLES, WEEKDAYS } from './types.js';
import { DEFAULT_RECALL_TEMPLATE } from './voice.js';

const id = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'chỉ chữ, số, _ . -');
const text = (max: number) => z.string().trim().min(1).max(max);
const localized = z.object({ vi: text(120), en: text(120) });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/**
 * A client's id for one action (a kiosk's tap, a clerk's press): sent again with a retry, it gets
 * the first try's answer instead of a second ticket or a second call.
 */
const requestId = z.string().min(8).max(64).optional();

export const issueSchema = z.object({
  serviceId: id,
  priority: z.enum(PRIORITIES).nullable().optional(),
  requestId,
});
export type IssuePayload = z.input<typeof issueSchema>;

export const counterIdSchema = z.object({ counterId: id });
export type CounterIdPayload = z.input<typeof counterIdSchema>;

/** A counter command that changes state (server/queue/counter-requests.ts answers its retries once). */
export const counterCommandSchema = counterIdSchema.extend({ requestId });
export type CounterCommandPayload = z.input<typeof counterCommandSchema>;

export const pauseSchema = counterCommandSchema.extend({ reason: z.string().trim().max(200).optional() });
export type PausePayload = z.input<typeof pauseSchema>;

export const callSchema = counterCommandSchema.extend({ ticketId: id });
export type CallPayload = z.input<typeof callSchema>;

export const completeSchema = counterCommandSchema.extend({ fileCode: z.string().trim().max(64).optional() });
export type CompletePayload = z.input<typeof completeSchema>;

export const transferSchema = counterCommandSchema
  .extend({ toServiceId: id.optional(), toCounterId: id.optional() })
  .refine((p) => p.toServiceId !== undefined || p.toCounterId !== undefined, {
    message: 'toServiceId hoặc toCounterId',
    path: ['toServiceId'],
  });
export type TransferPayload = z.input<typeof transferSchema>;

export const ticketIdSchema = z.object({ ticketId: id });
export type TicketIdPayload = z.input<typeof ticketIdSchema>;

/** A command on a ticket named by its id (cancel, move, put back); `requestId` as above. */
export const ticketCommandSchema = ticketIdSchema.extend({ requestId });
export type TicketCommandPayload = z.input<typeof ticketCommandSchema>;

/** A staff alarm named by its id (issue 15). */
export const alarmIdSchema = z.object({ alarmId: id });
export type AlarmIdPayload = z.input<typeof alarmIdSchema>;

export const moveSchema = ticketCommandSchema
  .extend({ toServiceId: id.optional(), toCounterId: id.optional() })
  .refine((p) => p.toServiceId !== undefined || p.toCounterId !== undefined, {
    message: 'toServiceId hoặc toCounterId',
    path: ['toServiceId'],
  });
export type MovePayload = z.input<typeof moveSchema>;

export const ratingSchema = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).optional(),
});

export const counterRatingSchema = z.object({ score: z.number().int().min(1).max(5) });

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(8).max(200),
});

const timeRange = z
  .object({ from: hhmm, to: hhmm })
  .refine((r) => r.from < r.to, { message: 'from < to', path: ['to'] });

export const hoursSchema = z.object({
  weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(timeRange).max(6)),
  daysOff: z.array(day).max(400).default([]),
});

// Issue 13: numbers from home. Defaults so that config.json files written before it still load (all off).
export const serviceBookingSchema = z.object({
  remote: z.boolean().default(false),
  slots: z.boolean().default(false),
  slotMinutes: z.number().int().min(5).max(240).default(15),
  capacity: z.number().int().min(1).max(100).default(2),
  daysAhead: z.number().int().min(0).max(60).default(7),
  perPhonePerDay: z.number().int().min(1).max(20).default(1),
  checkInBeforeMin: z.number().int().min(0).max(240).default(15),
  checkInAfterMin: z.number().int().min(0).max(240).default(15),
});

export const officeBookingSchema = z.object({
  enabled: z.boolean().default(false),
  proof: z.enum(['pow', 'pin']).default('pow'),
  pin: z.string().regex(/^\d{4,8}$/, '4–8 chữ số').nullable().default(null),
  powBits: z.number().int().min(8).max(26).default(18),
  policy: z.enum(['strict', 'interleave']).default('strict'),
  interleaveEvery: z.number().int().min(1).max(20).default(2),
});

/** A Vietnamese phone number as citizens type it: 0 + 9–10 digits, or +84 …; spaces and dots ignored. */
const phone = z
  .string()
  .max(20)
  .transform((p) => p.replace(/[\s.-]/g, '').replace(/^\+84/, '0'))
  .pipe(z.string().regex(/^0\d{9,10}$/, 'số điện thoại'));

export const bookingCreateSchema = z.object({
  serviceId: id,
  kind: z.enum(['remote', 'slot']),
  at: z.string().max(40).optional(),
  phone,
  name: text(80),
  proof: z.union([
    z.object({ nonce: z.string().min(1).max(64), challenge: z.string().min(1).max(200) }),
    z.object({ pin: z.string().max(16) }),
  ]),
});
export type BookingCreatePayload = z.input<typeof bookingCreateSchema>;

export const bookingCheckInSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, '6 chữ số'),
  requestId,
});
export type BookingCheckInPayload = z.input<typeof bookingCheckInSchema>;

export const bookingListQuerySchema = z.object({ date: day });

export const serviceSchema = z.object({
  id,
  name: localized,
  prefix: z.string().trim().max(3).regex(/^[A-Z]*$/, 'A–Z'),
  start: z.number().int().min(0).max(99999),
  digits: z.number().int().min(1).max(6),
  targetWaitMin: z.number().int().min(1).max(600),
  dailyLimit: z.number().int().min(1).max(100000).nullable(),
  active: z.boolean(),
  hours: hoursSchema.nullable(),
  order: z.number().int().min(0).max(10000).default(0),
  // Optional, not defaulted: a service saved before issues 13/15 keeps its keys in config.json
  // and its REST shape (readers take serviceBooking()'s defaults, and absent pickup is false).
  booking: serviceBookingSchema.optional(),
  pickup: z.boolean().optional(),
});
export const serviceUpdateSchema = serviceSchema.omit({ id: true }).partial();

export const counterSchema = z.object({
  id,
  number: z.number().int().min(1).max(999),
  label: localized,
  serviceIds: z.array(id).max(50),
});
export const counterUpdateSchema = counterSchema.omit({ id: true }).partial();

export const userCreateSchema = z.object({
  username: z.string().trim().min(2).max(64).regex(/^[a-z0-9_.-]+$/, 'a-z 0-9 _ . -'),
  name: text(120),
  role: z.enum(ROLES),
  password: z.string().min(8).max(200),
});
export const userUpdateSchema = z.object({
  name: text(120).optional(),
  role: z.enum(ROLES).optional(),
  password: z.string().min(8).max(200).optional(),
  disabled: z.boolean().optional(),
});

export const settingsSchema = z.object({
    officeName: localized,
    timeZone: z.string().refine(isTimeZone, 'IANA time zone'),
    announcementTemplate: text(300),
    // Defaults so that config.json files written before issue 12 still load.
    recallTemplate: text(300).default(DEFAULT_RECALL_TEMPLATE),
    numberReading: z.enum(NUMBER_READING_SETTINGS).default('auto'),
    province: z.enum(PROVINCE_IDS).nullable().default(null),
    announcementRepeat: z.number().int().min(1).max(3),
    ticketFooter: z.object({ vi: z.string().max(200), en: z.string().max(200) }),
    printer: z.string().trim().max(200).superRefine((t, ctx) => {
      const problem = printerAddressProblem(t);
      if (problem) ctx.addIssue({ code: 'custom', message: problem.vi, params: { en: problem.en } });
    }),
    printerPaperWidth: z.union([z.literal(58), z.literal(80)]),
    // Opt-in per printer, never the default (TECH-NOTES); null in files written before it.
    printerTextMode: z
      .object({ codePage: z.number().int().min(0).max(255), encoding: z.enum(PRINTER_TEXT_ENCODINGS) })
      .nullable()
      .default(null),
    kioskKey: z.string().min(4).max(128).nullable(),
    // Defaults to null so that config.json files written before this setting still load.
    kioskPin: z.string().regex(/^\d{4,8}$/, '4–8 chữ số').nullable().default(null),
    publicBaseUrl: z.url({ protocol: /^https?$/ }).nullable(),
    priorityPolicy: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('strict') }),
      z.object({ mode: z.literal('interleave'), every: z.number().int().min(1).max(20) }),
    ]),
    ratingScale: z.union([z.literal(3), z.literal(5)]),
    // Defaults so that config.json files written before these settings still load.
    displayTicker: z.object({ vi: z.string().trim().max(500), en: z.string().trim().max(500) }).default({ vi: '', en: '' }),
    announcementVolume: z.number().min(0).max(1).default(1),
    voiceMode: z.enum(['clips', 'browser']).default('clips'),
    defaultServeMin: z.number().min(0.5).max(120),
    // Tickets one kiosk (one address, or one keyed kiosk) may take: a burst, then a steady rate.
    // A citizen needs several seconds at a kiosk (read, tap, take the paper), so 6 at once (a
    // family, or a queue at opening time) then one every 3 s never holds back a real kiosk, while
    // a script is cut from hundreds a second to 20 a minute. An office whose keyless kiosks
    // share one address behind a NAT multiplies both by the number of kiosks, or sets a kiosk key.
    kioskIssueBurst: z.number().int().min(1).max(10_000).default(6),
    kioskIssuePerMin: z.number().min(1).max(60_000).default(20),
    // jitless: a parse at module load, once; zod would compile a fast path for it.
    booking: officeBookingSchema.default(officeBookingSchema.parse({}, { jitless: true })),
    // A no-show put back when the citizen turns up later (issue 15): where in the queue, and how
    // often per ticket. Defaults so that config.json files written before it still load.
    putBack: z
      .object({ place: z.discriminatedUnion('mode', [
        z.object({ mode: z.literal('end') }),
        z.object({ mode: z.literal('after'), count: z.number().int().min(0).max(50) }),
      ]), maxTimes: z.number().int().min(0).max(10) })
      .default(DEFAULT_PUT_BACK),
});
export const settingsUpdateSchema = settingsSchema.partial();

export const reportQuerySchema = z.object({
  from: day,
  to: day,
  serviceId: id.optional(),
  counterId: id.optional(),
  userId: id.optional(),
});
