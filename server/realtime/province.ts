// /province: the province overview, live. A staff token at the handshake (supervisor or more;
// a province admin sees every office, others their own); `offices:update` pushed on change, at
// most once a second; `snapshot:get` answers with the same list.
import type { Namespace } from 'socket.io';
import { checkSession, hasRole } from '../auth.js';
import type { CommonDeps } from '../http/app.js';
import { visibleOffices } from '../http/routes/province.js';
import type { OfficeHost } from '../offices.js';
import { officeSummaries } from '../province.js';
import { luotError } from '../validate.js';
import { emptySchema } from './display.js';
import { on } from './handle.js';

export const PROVINCE_PUSH_MS = 1_000;

export function registerProvince(nsp: Namespace, { deployment, now, log }: CommonDeps): () => void {
  const userOf = (token: unknown) => {
    const r = checkSession(deployment.accounts.data, token, now());
    return r.ok ? r.session.user : null;
  };
  nsp.use((socket, next) => {
    const user = userOf((socket.handshake.auth as { token?: unknown } | undefined)?.token);
    if (!user) return next(Object.assign(new Error('unauthorized'), { data: luotError('unauthorized', 'unauthorized').toApi() }));
    if (user.mustChangePassword || !hasRole(user, 'supervisor')) {
      return next(Object.assign(new Error('forbidden'), { data: luotError('forbidden', 'forbidden').toApi() }));
    }
    socket.data.token = (socket.handshake.auth as { token: string }).token;
    next();
  });
  const listFor = (token: unknown) => {
    const user = userOf(token);
    if (!user) throw luotError('unauthorized', 'unauthorized');
    return officeSummaries(visibleOffices(deployment.all(), user), now());
  };
  nsp.on('connection', (socket) => {
    socket.emit('offices:update', { offices: listFor(socket.data.token) });
    on(socket, 'snapshot:get', emptySchema, log, () => ({ offices: listFor(socket.data.token) }));
  });

  // Changes of any office mark the list dirty; it goes out at most once a second, to each
  // socket its own offices (a province admin's list differs from an office admin's).
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const push = () => {
    timer = undefined;
    last = Date.now();
    for (const socket of nsp.sockets.values()) {
      try {
        socket.emit('offices:update', { offices: listFor(socket.data.token) });
      } catch {
        socket.disconnect(true);
      }
    }
  };
  const dirty = () => {
    if (timer || nsp.sockets.size === 0) return;
    timer = setTimeout(push, Math.max(0, last + PROVINCE_PUSH_MS - Date.now()));
    timer.unref();
  };
  const offs: (() => void)[] = [];
  const watch = (h: OfficeHost) => {
    offs.push(h.office.onCommitted(dirty), h.office.onRefresh(dirty), h.office.printer.onStatus(dirty), h.office.disk.onChange(dirty));
  };
  for (const h of deployment.all()) watch(h);
  offs.push(
    deployment.onChange(({ kind, host }) => {
      if (kind === 'added') watch(host);
      dirty();
    }),
  );
  // Waits grow with the clock alone: the longest wait is told again at least once a minute.
  const minute = setInterval(dirty, 60_000);
  minute.unref();
  return () => {
    clearTimeout(timer);
    clearInterval(minute);
    for (const off of offs) off();
  };
}
