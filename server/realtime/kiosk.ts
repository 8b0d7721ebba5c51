// /kiosk: issues tickets. Optional kiosk key at the handshake; a rate limit per connection.
import { issueSchema } from '../../shared/schemas.js';
import { luotError } from '../validate.js';
import { emptySchema } from './display.js';
import { on, rateLimiter } from './handle.js';
import type { KioskNamespace, RealtimeDeps } from './types.js';

export function registerKiosk(nsp: KioskNamespace, deps: RealtimeDeps): void {
  const { office, log } = deps;
  const keyOk = (auth: unknown) => {
    const key = office.settings.kioskKey;
    return !key || (auth as { kioskKey?: unknown } | undefined)?.kioskKey === key;
  };
  // A key set (or changed) later also ends the sessions of kiosks that do not have it.
  office.onCommitted((events) => {
    if (!events.some((e) => e.type === 'config:changed')) return;
    for (const socket of nsp.sockets.values()) if (!keyOk(socket.handshake.auth)) socket.disconnect(true);
  });
  nsp.use((socket, next) => {
    if (!keyOk(socket.handshake.auth)) {
      const e = luotError('unauthorized', 'badKioskKey');
      next(Object.assign(new Error('unauthorized'), { data: e.toApi() }));
    } else next();
  });
  nsp.on('connection', (socket) => {
    const allow = rateLimiter(deps.kioskRate?.capacity ?? 10, deps.kioskRate?.perSec ?? 1, deps.now);
    socket.emit('snapshot', office.engine.snapshot());
    socket.emit('printer', office.printerStatus());
    on(socket, 'snapshot:get', emptySchema, log, () => ({ snapshot: office.engine.snapshot() }));
    on(socket, 'ticket:issue', issueSchema, log, (p) => {
      if (!allow()) throw luotError('rate_limited', 'rateLimited');
      return office.issue(p);
    });
  });
}
