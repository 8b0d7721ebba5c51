// /counter: staff actions. The handshake token decides who; the live user record decides the role.
import {
  callSchema, completeSchema, counterIdSchema, moveSchema, pauseSchema, ticketIdSchema, transferSchema,
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

    on(socket, 'counter:open', counterIdSchema, log, async ({ counterId }) => {
      const user = me();
      await office.openCounter(counterId, { id: user.id, name: user.name }, hasRole(user, 'supervisor', office.id));
      return {};
    });
    on(socket, 'counter:close', counterIdSchema, log, async ({ counterId }) => (await office.closeCounter(atCounter(counterId)), {}));
    on(socket, 'counter:pause', pauseSchema, log, async ({ counterId, reason }) => (await office.pauseCounter(atCounter(counterId), reason ?? null), {}));
    on(socket, 'counter:resume', counterIdSchema, log, async ({ counterId }) => (await office.resumeCounter(atCounter(counterId)), {}));

    on(socket, 'ticket:callNext', counterIdSchema, log, async ({ counterId }) => ({ ticket: await office.callNext(atCounter(counterId), actor()) }));
    on(socket, 'ticket:call', callSchema, log, async ({ counterId, ticketId }) => ({ ticket: await office.call(atCounter(counterId), ticketId, actor()) }));
    on(socket, 'ticket:recall', counterIdSchema, log, async ({ counterId }) => ({ ticket: await office.recall(atCounter(counterId), actor()) }));
    on(socket, 'ticket:start', counterIdSchema, log, async ({ counterId }) => ({ ticket: await office.start(atCounter(counterId)) }));
    on(socket, 'ticket:complete', completeSchema, log, async ({ counterId, fileCode }) => ({ ticket: await office.complete(atCounter(counterId), fileCode ?? null) }));
    on(socket, 'ticket:noShow', counterIdSchema, log, async ({ counterId }) => ({ ticket: await office.noShow(atCounter(counterId)) }));
    on(socket, 'ticket:transfer', transferSchema, log, async ({ counterId, ...to }) => ({ ticket: await office.transfer(atCounter(counterId), to) }));
    on(socket, 'ticket:cancel', ticketIdSchema, log, async ({ ticketId }) => (supervisor(), { ticket: await office.cancel(ticketId, actor()) }));
    on(socket, 'ticket:move', moveSchema, log, async ({ ticketId, ...to }) => (supervisor(), { ticket: await office.transferWaiting(ticketId, to) }));
    on(socket, 'ticket:putBack', ticketIdSchema, log, async ({ ticketId }) => (me(), { ticket: await office.putBack(ticketId, actor()) }));
    registerAlarm(socket, { office, log, me, atCounter });
  });
}
