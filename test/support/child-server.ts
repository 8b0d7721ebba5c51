// A server in its own process, so a test can kill it with SIGKILL like a power cut.
// Prints one JSON line {"port":N} when it is ready.
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { startServer } from '../../server/server.js';

// A clock a test moves: LUOT_TEST_CLOCK_FILE holds milliseconds added to the real time, read at
// start and again on SIGUSR2 (so that several processes jump together, e.g. past a booking's
// check-in window, without any request to them).
const clockFile = process.env.LUOT_TEST_CLOCK_FILE;
let clockShift = 0;
const readShift = () => (clockShift = clockFile ? Number(readFileSync(clockFile, 'utf8')) : 0);
readShift();
if (clockFile) process.on('SIGUSR2', readShift);

const server = await startServer({
  ...(clockFile ? { now: () => new Date(Date.now() + clockShift) } : {}),
  ...(process.env.LUOT_TEST_TICK_MS ? { tickMs: Number(process.env.LUOT_TEST_TICK_MS) } : {}),
  dataDir: process.env.LUOT_DATA_DIR!,
  port: Number(process.env.PORT ?? 0),
  host: '127.0.0.1',
  demo: true,
  adminPassword: process.env.LUOT_ADMIN_PASSWORD ?? 'mat-khau-quan-tri',
  printer: 'none',
  log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  loginLimit: 1000,
  kioskRate: { capacity: 100_000, perSec: 100_000 },
  publicRate: { capacity: 100_000, perSec: 100_000 },
  // Webhook timings a test shortens (JSON of webhooks/endpoint-worker.ts WebhookOptions).
  webhooks: process.env.LUOT_TEST_WEBHOOKS ? JSON.parse(process.env.LUOT_TEST_WEBHOOKS) : undefined,
});
process.stdout.write(JSON.stringify({ port: server.port }) + '\n');
