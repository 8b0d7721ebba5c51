// Every office's socket namespaces: /o/<slug>/kiosk, /o/<slug>/display, /o/<slug>/counter, and
// for the default office also today's /kiosk, /display, /counter. The same handler families
// (kiosk.ts, display.ts, counter.ts, broadcast.ts) run for each, given that office. Namespaces
// are made when an office opens or is created; a slug nobody created is socket.io's
// "Invalid namespace".
import type { Server } from 'socket.io';
import type { CommonDeps } from '../http/app.js';
import { archivedError, type OfficeRouters } from '../http/office-api.js';
import type { OfficeHost } from '../offices.js';
import type { ClipStorage } from '../store/clips.js';
import { attachAlarmPushes } from './alarm.js';
import { attachBroadcasts } from './broadcast.js';
import { registerCounter } from './counter.js';
import { registerDisplay } from './display.js';
import { registerKiosk } from './kiosk.js';
import type { Namespaces, RealtimeDeps } from './types.js';

export const officeNamespacePrefix = (slug: string) => `/o/${slug}`;

export function mountOfficeSockets(io: Server, common: CommonDeps, offices: OfficeRouters) {
  const { deployment } = common;
  const mounted = new Map<string, { spaces: Namespaces[]; detach: (() => void)[] }>();

  const mount = (host: OfficeHost, prefix: string): Namespaces => {
    const parts = offices.of(host);
    const office = host.office;
    const rt: RealtimeDeps = { office, log: common.log, now: common.now, kioskGate: parts.deps.kioskGate, publicLimiter: parts.deps.publicLimiter };
    const spaces: Namespaces = {
      io,
      display: io.of(`${prefix}/display`) as unknown as Namespaces['display'],
      kiosk: io.of(`${prefix}/kiosk`) as unknown as Namespaces['kiosk'],
      counter: io.of(`${prefix}/counter`) as unknown as Namespaces['counter'],
    };
    // First of each namespace's middlewares: an archived office's apps show their closed notice.
    for (const nsp of [spaces.display, spaces.kiosk, spaces.counter]) {
      nsp.use((_socket, next) => {
        if (office.archived) next(Object.assign(new Error('office_archived'), { data: archivedError().toApi() }));
        else next();
      });
    }
    registerDisplay(spaces.display, rt);
    registerKiosk(spaces.kiosk, rt);
    registerCounter(spaces.counter, rt);
    const m = mounted.get(office.id) ?? { spaces: [], detach: [] };
    m.spaces.push(spaces);
    m.detach.push(attachBroadcasts(office, spaces));
    m.detach.push(attachAlarmPushes(office, spaces));
    if (parts.clips) m.detach.push(announceVoice(parts.clips, spaces.display));
    mounted.set(office.id, m);
    return spaces;
  };

  const defaultSpaces = mount(deployment.defaultHost, '');
  for (const host of deployment.all()) mount(host, officeNamespacePrefix(host.office.slug));
  const off = deployment.onChange(({ kind, host }) => {
    if (kind === 'added') mount(host, officeNamespacePrefix(host.office.slug));
    if (kind === 'archived') {
      for (const s of mounted.get(host.office.id)?.spaces ?? []) {
        for (const nsp of [s.display, s.kiosk, s.counter]) nsp.disconnectSockets(true);
      }
    }
  });

  return {
    defaultNamespaces: () => defaultSpaces,
    detach: () => {
      off();
      for (const m of mounted.values()) for (const d of m.detach) d();
    },
  };
}

/**
 * Every display learns the clip set's version on connect and at each change (`voice:changed`),
 * and fetches clips under it: a saved recording is heard at the next call, without a reload.
 * A Save uploads a clip per request, so changes are told once they pause for VOICE_SETTLE_MS:
 * a clip's durable write on a busy office PC takes a few hundred ms, and a display told at each
 * one would fetch its phrases again each time.
 */
export const VOICE_SETTLE_MS = 1000;

function announceVoice(clips: ClipStorage, display: Namespaces['display']): () => void {
  let timer: NodeJS.Timeout | undefined;
  const tell = (version: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => display.emit('voice:changed', { version }), VOICE_SETTLE_MS);
  };
  const onConnect = (socket: Parameters<Parameters<Namespaces['display']['on']>[1]>[0]) => {
    void clips.version().then((version) => socket.connected && socket.emit('voice:changed', { version }));
  };
  display.on('connection', onConnect);
  const off = clips.onChange(tell);
  return () => {
    clearTimeout(timer);
    off();
    display.off('connection', onConnect);
  };
}
