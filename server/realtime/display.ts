// /display: public and read-only. A snapshot on connect and on request; deltas are pushed.
import { z } from 'zod';
import type { Snapshot } from '../../shared/types.js';
import type { Office } from '../office.js';
import { on } from './handle.js';
import type { DisplayNamespace, RealtimeDeps } from './types.js';

export const emptySchema = z.object({}).optional();

/** The public snapshot plus the settings displays need (ticker, voice, rating scale, time zone). */
export function publicSnapshot(office: Office): Snapshot {
  const s = office.settings;
  return {
    ...office.engine.snapshot(),
    display: {
      ticker: s.displayTicker,
      announcementTemplate: s.announcementTemplate,
      announcementRepeat: s.announcementRepeat,
      announcementVolume: s.announcementVolume,
      voiceMode: s.voiceMode,
      ratingScale: s.ratingScale,
      timeZone: s.timeZone,
    },
  };
}

export function registerDisplay(nsp: DisplayNamespace, { office, log }: RealtimeDeps): void {
  nsp.on('connection', (socket) => {
    socket.emit('snapshot', publicSnapshot(office));
    on(socket, 'snapshot:get', emptySchema, log, () => ({ snapshot: publicSnapshot(office) }));
  });
}
