// A server in its own process that reports its memory on request over IPC, for soak tests.
// Run with --expose-gc: a `mem` message forces full collections first, so heapUsed is what is
// really retained, not garbage the collector has not got to yet.
import { pino } from 'pino';
import { startServer } from '../../server/server.js';

const server = await startServer({
  dataDir: process.env.LUOT_DATA_DIR!,
  port: 0,
  host: '127.0.0.1',
  demo: true,
  adminPassword: 'mat-khau-quan-tri',
  printer: 'none',
  log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  loginLimit: 1000,
  kioskRate: { capacity: 1_000_000, perSec: 1_000_000 },
  publicRate: { capacity: 1_000_000, perSec: 1_000_000 },
});

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (msg: { type?: string; id?: number }) => {
  if (msg?.type !== 'mem') return;
  if (gc) for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  process.send?.({ type: 'mem', id: msg.id, gc: Boolean(gc), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers });
});
process.send?.({ type: 'ready', port: server.port });
