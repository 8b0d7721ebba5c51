// A server in its own process, so that client-side decoding never shares an event loop with it.
//   --mode luot   the real Lượt server (startServer) on --data-dir
//   --mode bare   a bare socket.io 4 server: new http server + new Server, nothing else
//   --static-dir  (luot) serves the built front-ends from this folder (kiosk bench)
//   --printer     (luot) a printer target (tcp://127.0.0.1:PORT) for a new data folder: the real
//                 print queue and renderer instead of the printer that prints nothing
// Prints `READY {"port":…}` on stdout; takes commands and sends figures over the IPC channel.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { Server } from 'socket.io';
import type { PrinterStatus, PrintStatus } from '../shared/types.js';
import type { TicketPrinter } from '../server/print/types.js';

const startedAt = performance.now();
const hr = () => Number(process.hrtime.bigint()) / 1e6;
const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'luot' },
    'data-dir': { type: 'string' },
    stamp: { type: 'boolean', default: false },
    'count-syncs': { type: 'boolean', default: false },
    'kiosk-per-sec': { type: 'string' },
    'static-dir': { type: 'string' },
    printer: { type: 'string' },
  },
});
const send = (m: unknown) => process.send?.(m);

// The parent went away (crash, Ctrl-C): never linger as an orphan holding a port.
process.on('disconnect', () => process.exit(0));

/** Prints nothing: most benches measure issuing, not the printing pipeline (--printer does). */
class NullPrinter implements TicketPrinter {
  async print(): Promise<{ status: PrintStatus }> {
    return { status: 'printed' };
  }
  async test(): Promise<{ status: PrintStatus }> {
    return { status: 'printed' };
  }
  status(): PrinterStatus {
    return { status: 'ok' };
  }
  onStatus(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
}

let syncs = 0;
if (values['count-syncs']) {
  // FileHandle is not exported as a value: reach its prototype through an open handle.
  const fh = await open(process.execPath, 'r');
  const proto = Object.getPrototypeOf(fh) as { datasync: () => Promise<void>; sync: () => Promise<void> };
  await fh.close();
  for (const name of ['datasync', 'sync'] as const) {
    const original = proto[name];
    proto[name] = function (this: unknown) {
      syncs++;
      return original.call(this);
    };
  }
}

type Command = { cmd: 'stop' } | { cmd: 'emit'; rev: number; payload: Record<string, unknown> } | { cmd: 'stats' };

/** CPU time is the figure that survives a busy machine: wall time there is mostly waiting. */
const stats = () => {
  const cpu = process.cpuUsage();
  return { syncs, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 };
};

if (values.mode === 'bare') {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  const display = io.of('/display');
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  process.on('message', (m: Command) => {
    if (m.cmd === 'emit') {
      const payload = { ...m.payload, rev: m.rev };
      const t = hr();
      display.emit('called', payload);
      const emitMs = hr() - t;
      send({ type: 'stamp', event: 'called', rev: m.rev, t, emitMs });
    } else if (m.cmd === 'stats') {
      send({ type: 'stats', ...stats(), rev: 0 });
    } else if (m.cmd === 'stop') {
      io.close(() => process.exit(0));
    }
  });
  const port = (http.address() as AddressInfo).port;
  console.log(`READY ${JSON.stringify({ port, readyMs: performance.now() - startedAt, startServerMs: null })}`);
} else {
  const { startServer } = await import('../server/server.js');
  if (!values['data-dir']) throw new Error('--data-dir is required for --mode luot');
  const perSec = Number(values['kiosk-per-sec'] ?? 0);
  const t0 = performance.now();
  const server = await startServer({
    dataDir: values['data-dir'],
    host: '127.0.0.1',
    port: 0,
    demo: true,
    // ADMIN_PASSWORD of support.ts, not imported: that would load socket.io-client into every start-up timed here.
    adminPassword: 'mat-khau-do-hieu-nang',
    // A string goes through the server's own SwitchablePrinter → createPrinter, as in production.
    printer: values.printer ?? new NullPrinter(),
    log: pino({ level: 'silent' }),
    loginLimit: 1000,
    staticDir: values['static-dir'],
    // The default (settings: a burst of 6, then 20 a minute per client address) would measure the limiter.
    ...(perSec > 0 ? { kioskRate: { capacity: perSec, perSec } } : {}),
  });
  const startServerMs = performance.now() - t0;
  if (values.stamp) {
    // At the adapter, where every broadcast of /display passes (to the namespace or to a room).
    type Broadcast = (packet: { data?: unknown[] }, opts: unknown) => void;
    const adapter = server.app.namespaces.display.adapter as unknown as { broadcast: Broadcast };
    const broadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = (packet, opts) => {
      const [event, payload] = packet.data ?? [];
      if (event !== 'called' && event !== 'update') return broadcast(packet, opts);
      const t = hr();
      broadcast(packet, opts);
      const emitMs = hr() - t;
      send({ type: 'stamp', event, rev: (payload as { rev: number }).rev, t, emitMs });
    };
  }
  process.on('message', (m: Command) => {
    if (m.cmd === 'stats') send({ type: 'stats', ...stats(), rev: server.office.engine.rev });
    else if (m.cmd === 'stop') void server.close().finally(() => process.exit(0));
  });
  console.log(`READY ${JSON.stringify({ port: server.port, readyMs: performance.now() - startedAt, startServerMs })}`);
}
