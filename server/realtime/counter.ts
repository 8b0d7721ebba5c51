// /counter: staff actions. The handshake token decides who; the live user record decides the role.
import {
  callSchema, completeSchema, counterIdSchema, moveSchema, pauseSchema, ticketIdSchema, transferSchema,
} from '../../shared/schemas.js';
import { hasRole, verifyToken } from '../auth.js';
import type { UserRecord } from '../store/config.js';
import { luotError } from '../validate.js';
import { emptySchema } from './display.js';
import { on } from './handle.js';
import type { CounterNamespace, RealtimeDeps } from './types.js';

export function registerCounter(nsp: CounterNamespace, deps: RealtimeDeps): void {
  const { office, log, now } = deps;
  // The token is checked again on every request: a session that expires, a changed password
  // or a removed user ends an open socket's rights too, not only new connections.
  const userOf = (token: string): UserRecord => {
    const user = verifyToken(office.config.secret, token, office.config.users, now());
    if (!user) throw luotError('unauthorized', 'unauthorized');
    // As on REST: a temporary password is known to someone else until its owner replaces it.
    if (user.mustChangePassword) throw luotError('forbidden', 'passwordChangeRequired', { reason: 'password_change_required' });
    return user;
  };

  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const user = verifyToken(office.config.secret, token, office.config.users, now());
    if (!user) {
      next(Object.assign(new Error('unauthorized'), { data: luotError('unauthorized', 'unauthorized').toApi() }));
      return;
    }
    socket.data.userId = user.id;
    socket.data.token = token as string;
    next();
  });

  nsp.on('connection', (socket) => {
    const me = () => userOf(socket.data.token);
    const actor = () => ({ userId: socket.data.userId });
    /** Staff act only at the counter they hold; supervisors anywhere. */
    const atCounter = (counterId: string) => {
      const user = me();
      const holder = office.engine.counterHolder(counterId);
      if (holder !== null && holder !== user.id && !hasRole(user, 'supervisor')) throw luotError('forbidden', 'counterTaken');
      return counterId;
    };
    const supervisor = () => {
      if (!hasRole(me(), 'supervisor')) throw luotError('forbidden', 'forbidden');
    };

    socket.emit('snapshot', office.engine.staffSnapshot());
    socket.emit('printer', office.printerStatus());
    on(socket, 'snapshot:get', emptySchema, log, () => (me(), { snapshot: office.engine.staffSnapshot() }));

    on(socket, 'counter:open', counterIdSchema, log, async ({ counterId }) => {
      const user = me();
      await office.openCounter(counterId, { id: user.id, name: user.name }, hasRole(user, 'supervisor'));
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
  });
}
