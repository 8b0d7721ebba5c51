// /display: public and read-only. A snapshot on connect and on request; deltas are pushed.
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { officeReading } from '../../shared/provinces.js';
import type { Snapshot } from '../../shared/types.js';
import type { Office } from '../office.js';
import { recordSetupStep } from '../setup-checklist.js';
import { luotError } from '../validate.js';
import { addressKey, on, socketAddress } from './handle.js';
import type { DisplayNamespace, RealtimeDeps } from './types.js';

export const emptySchema = z.object({}).optional();
const audioSchema = z.object({ ok: z.boolean() });

/**
 * Counter-display ratings. `/display/?counter=3` is a public page: any phone on the Wi-Fi can
 * open it, so the rating buttons alone cannot tell the screen at counter 3 from a phone rating
 * other citizens' service. Each counter has a display key (made by an admin, opened once as
 * `?counter=3&key=…`; the screen keeps it), and only a request carrying it may rate. A key
 * rather than a PIN pairing: it is long and random (not guessable in the rating limit's budget),
 * needs no code typed on a screen without a keyboard, and a new one retires a leaked one.
 * Only its sha256 is stored (it has 144 random bits, so a fast hash suffices).
 */
export const displayKeyHash = (key: string) => createHash('sha256').update(key).digest('hex');

export function displayKeyOk(office: Office, counterId: string, given: unknown): boolean {
  const stored = office.config.displayKeys?.[counterId];
  if (!stored || typeof given !== 'string' || given.length > 200) return false;
  return timingSafeEqual(Buffer.from(displayKeyHash(given), 'hex'), Buffer.from(stored, 'hex'));
}

/** The public snapshot plus the settings displays need (ticker, voice, rating scale, time zone). */
export function publicSnapshot(office: Office): Snapshot {
  const s = office.settings;
  return {
    ...office.engine.snapshot(),
    display: {
      ticker: s.displayTicker,
      announcementTemplate: s.announcementTemplate,
      recallTemplate: s.recallTemplate,
      numberReading: officeReading(s.numberReading, s.province),
      announcementRepeat: s.announcementRepeat,
      announcementVolume: s.announcementVolume,
      voiceMode: s.voiceMode,
      ratingScale: s.ratingScale,
      timeZone: s.timeZone,
    },
  };
}

export function registerDisplay(nsp: DisplayNamespace, { office, log, now, publicLimiter }: RealtimeDeps): void {
  nsp.on('connection', (socket) => {
    // Per address, and the same buckets as the public REST reads: a scraper gains nothing by
    // reconnecting or by switching between the socket and GET /api/state.
    const address = addressKey(socketAddress(socket));
    // Before the snapshot: a display reaching a process cut off from the database shows it stale at once.
    if (office.disk.failing) socket.emit('feed:state', { live: false });
    socket.emit('snapshot', publicSnapshot(office));
    on(socket, 'snapshot:get', emptySchema, log, () => {
      if (!publicLimiter.take(address)) throw luotError('rate_limited', 'rateLimited');
      return { snapshot: publicSnapshot(office) };
    });
    // Anyone on the LAN could send it: it only ticks a checklist step, written once.
    on(socket, 'display:audio', audioSchema, log, async ({ ok }) => {
      if (ok) await recordSetupStep(office, 'displaySound', new Date(now()));
      return {};
    });
  });
}
