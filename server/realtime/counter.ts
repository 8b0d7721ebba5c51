// /counter: staff actions. The handshake token decides who; the live user record decides the role.
import {
  callSchema, completeSchema, counterCommandSchema, moveSchema, pauseSchema, ticketCommandSchema, transferSchema,
} from '../../shared/schemas.js';
import type { SessionEndReason } from '../../shared/types.js';
import { checkSession, hasRole, inOffice, type SessionCheck } from '../auth.js';
import type { UserRecord } from '../store/config.js';
import { luotError } from '../validate.js';
import { registerAlarm } from './alarm.js';
import { emptySchema } from './display.js';
import { on } from './handle.js';
import type { CounterNamespace, RealtimeDeps } from './types.js';

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sid: string) => `session:${sid}`;
/** Longest a socket goes without its token being checked again: a clock set forward is noticed. */
const RECHECK_MS = 60_000;

/** A token this server cannot read any more (the secret changed with a restore) ends like an expired one. */
const endReason = (r: Extract<SessionCheck, { ok: false }>): SessionEndReason => (r.reason === 'invalid' ? 'expired' : r.reason);

export function registerCounter(nsp: CounterNamespace, deps: RealtimeDeps): void {
  const { office, log, now } = deps;
  const check = (token: unknown) => checkSession(office.accounts, token, now());

  // Rooms per user and per login, not a walk over this process's sockets: through a socket.io
  // adapter (the province edition) the reason and the disconnect reach the sockets that other
  // processes hold too. The reason goes first so that the staff app says why, not reconnects.
  office.onSessionsEnded((target, reason) => {
    const room = 'userId' in target ? userRoom(target.userId) : sessionRoom(target.sid);
    nsp.to(room).emit('session:ended', { reason });
    nsp.in(room).disconnectSockets(true);
  });

  nsp.use((socket, next) => {
    const r = check((socket.handshake.auth as { token?: unknown } | undefined)?.token);
    if (!r.ok) {
      const extra = r.reason === 'invalid' ? {} : { reason: r.reason };
      next(Object.assign(new Error('unauthorized'), { data: luotError('unauthorized', 'unauthorized', extra).toApi() }));
      return;
    }
    // A temporary password is known to someone else (the admin who set it): no staff data until
    // its owner replaces it, as on REST.
    if (r.session.user.mustChangePassword) {
      const e = luotError('forbidden', 'passwordChangeRequired', { reason: 'password_change_required' });
      next(Object.assign(new Error('forbidden'), { data: e.toApi() }));
      return;
    }
    // An account of another office has nothing to do here (a province account works in every office).
    if (!inOffice(r.session.user, office.id)) {
      next(Object.assign(new Error('forbidden'), { data: luotError('forbidden', 'forbidden').toApi() }));
      return;
    }
    socket.data.userId = r.session.user.id;
    socket.data.token = (socket.handshake.auth as { token: string }).token;
    socket.data.sid = r.session.sid;
    next();
  });

  nsp.on('connection', (socket) => {
    const endThis = (reason: SessionEndReason) => {
      socket.emit('session:ended', { reason });
      socket.disconnect(true);
    };
    // The token is checked again on every request and at its expiry: a session that ends while
    // this socket is open ends the socket too, not only new connections.
    const me = (): UserRecord => {
      const r = check(socket.data.token);
      if (!r.ok) {
        // After the refusal's ack has gone out.
        setImmediate(() => endThis(endReason(r)));
        throw luotError('unauthorized', 'unauthorized');
      }
      if (r.session.user.mustChangePassword) throw luotError('forbidden', 'passwordChangeRequired', { reason: 'password_change_required' });
      // Moved to another office since the handshake: nothing more here.
      if (!inOffice(r.session.user, office.id)) throw luotError('forbidden', 'forbidden');
      return r.session.user;
    };
    let timer: NodeJS.Timeout | undefined;
    const watch = () => {
      const r = check(socket.data.token);
      if (!r.ok) return endThis(endReason(r));
      timer = setTimeout(watch, Math.min(Math.max(r.session.exp - now(), 0), RECHECK_MS));
    };
    socket.on('disconnect', () => clearTimeout(timer));
    void socket.join([userRoom(socket.data.userId), sessionRoom(socket.data.sid)]);
    // Checked again once in the rooms: a session ended between the handshake and the join
    // would otherwise have missed the room's disconnect.
    watch();
    if (!socket.connected) return;

    const actor = () => ({ userId: socket.data.userId });
    /** Staff act only at the counter they hold; supervisors anywhere. */
    const atCounter = (counterId: string) => {
      const user = me();
      const holder = office.engine.counterHolder(counterId);
      if (holder !== null && holder !== user.id && !hasRole(user, 'supervisor', office.id)) throw luotError('forbidden', 'counterTaken');
      return counterId;
    };
    const supervisor = () => {
      if (!hasRole(me(), 'supervisor', office.id)) throw luotError('forbidden', 'forbidden');
    };

    socket.emit('snapshot', office.engine.staffSnapshot());
    socket.emit('printer', office.printerStatus());
    socket.emit('disk', office.disk.status);
    on(socket, 'snapshot:get', emptySchema, log, () => (me(), { snapshot: office.engine.staffSnapshot() }));

    // Every command that changes state takes an optional `requestId`: a retry with the same one
    // gets the first try's answer (queue/counter-requests.ts), whichever process it reaches.
    on(socket, 'counter:open', counterCommandSchema, log, async ({ counterId, requestId }) => {
      const user = me();
      await office.openCounter(counterId, { id: user.id, name: user.name }, hasRole(user, 'supervisor', office.id), requestId);
      return {};
    });
    on(socket, 'counter:close', counterCommandSchema, log, async ({ counterId, requestId }) => (await office.closeCounter(atCounter(counterId), requestId), {}));
    on(socket, 'counter:pause', pauseSchema, log, async ({ counterId, reason, requestId }) => (await office.pauseCounter(atCounter(counterId), reason ?? null, requestId), {}));
    on(socket, 'counter:resume', counterCommandSchema, log, async ({ counterId, requestId }) => (await office.resumeCounter(atCounter(counterId), requestId), {}));

    on(socket, 'ticket:callNext', counterCommandSchema, log, async ({ counterId, requestId }) => ({ ticket: await office.callNext(atCounter(counterId), actor(), requestId) }));
    on(socket, 'ticket:call', callSchema, log, async ({ counterId, ticketId, requestId }) => ({ ticket: await office.call(atCounter(counterId), ticketId, actor(), requestId) }));
    on(socket, 'ticket:recall', counterCommandSchema, log, async ({ counterId, requestId }) => ({ ticket: await office.recall(atCounter(counterId), actor(), requestId) }));
    on(socket, 'ticket:start', counterCommandSchema, log, async ({ counterId, requestId }) => ({ ticket: await office.start(atCounter(counterId), requestId) }));
    on(socket, 'ticket:complete', completeSchema, log, async ({ counterId, fileCode, requestId }) => ({ ticket: await office.complete(atCounter(counterId), fileCode ?? null, requestId) }));
    on(socket, 'ticket:noShow', counterCommandSchema, log, async ({ counterId, requestId }) => ({ ticket: await office.noShow(atCounter(counterId), requestId) }));
    on(socket, 'ticket:transfer', transferSchema, log, async ({ counterId, requestId, ...to }) => ({ ticket: await office.transfer(atCounter(counterId), to, requestId) }));
    on(socket, 'ticket:cancel', ticketCommandSchema, log, async ({ ticketId, requestId }) => (supervisor(), { ticket: await office.cancel(ticketId, actor(), requestId) }));
    on(socket, 'ticket:move', moveSchema, log, async ({ ticketId, requestId, ...to }) => (supervisor(), { ticket: await office.transferWaiting(ticketId, to, requestId) }));
    on(socket, 'ticket:putBack', ticketCommandSchema, log, async ({ ticketId, requestId }) => (me(), { ticket: await office.putBack(ticketId, actor(), requestId) }));
    registerAlarm(socket, { office, log, me, atCounter });
  });
}
