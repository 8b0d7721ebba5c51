// /display: public and read-only. A snapshot on connect and on request; deltas are pushed.
import { z } from 'zod';
import { on } from './handle.js';
import type { DisplayNamespace, RealtimeDeps } from './types.js';

export const emptySchema = z.object({}).optional();

export function registerDisplay(nsp: DisplayNamespace, { office, log }: RealtimeDeps): void {
  nsp.on('connection', (socket) => {
    socket.emit('snapshot', office.engine.snapshot());
    on(socket, 'snapshot:get', emptySchema, log, () => ({ snapshot: office.engine.snapshot() }));
  });
}
