// A server in its own process, so a test can kill it with SIGKILL like a power cut.
// Prints one JSON line {"port":N} when it is ready.
import { pino } from 'pino';
import { startServer } from '../../server/server.js';

const server = await startServer({
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
