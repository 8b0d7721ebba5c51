// The PostgreSQL run (`npm run test:pg`, part of `npm run test:long`): existing suites of the
// embedded store run again with every test server's store in a fresh PostgreSQL database
// (LUOT_TEST_STORE=pg, test/support/server.ts). Too slow for the default run (each server
// creates and migrates a database), so it is not in `npm test`. Suites that read the data
// folder's files themselves (journal lines, config.json) are the embedded store's only.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from '../../vite.config.js';

export const PG_SUITES = [
  'test/server/flows.test.ts',
  'test/server/races.test.ts',
  'test/server/kiosk-feed.test.ts',
  'test/province/*.test.ts',
  'test/http/admin.test.ts',
  'test/http/reports.test.ts',
  'test/http/staff-reports.test.ts',
  'test/http/bad-input.test.ts',
  'test/http/setup-checklist.test.ts',
  'test/http/ticket-timeline.test.ts',
  'test/http/bookings.test.ts',
  'test/reliability/security.test.ts',
  // Staff alarms and put-back no-shows (issue 15): journaled like every event.
  'test/server/staff-alarm.test.ts',
  'test/server/put-back.test.ts',
  // Counter commands answered once: a retry's answer under the office's lock (the sequencer).
  'test/server/counter-requests.test.ts',
  'test/server/counter-client-retry.test.ts',
  // Results pickup (issue 15 §1): files kept in the journal, the pickup report read back by day.
  'test/http/results.test.ts',
  'test/http/pickup-report.test.ts',
  'test/http/integration-tokens.test.ts',
  // The walk to the desk (issue 15 §3): past days folded from the database's journal.
  'test/http/reports-walk.test.ts',
  // Webhook cursors in webhook_cursors, the deliverer's lease (issue 14).
  'test/webhooks/delivery.test.ts',
  'test/webhooks/scope.test.ts',
  // PostgreSQL's own slow proofs (SIGKILLed processes on the database).
  'test/store/*.pg.ts',
];

export default defineConfig({
  ...base,
  root: resolve(import.meta.dirname, '../..'),
  test: {
    ...base.test,
    include: PG_SUITES,
    // The upgrade of a one-office data folder is about files.
    exclude: ['**/node_modules/**', 'test/province/upgrade.test.ts'],
    typecheck: { enabled: false },
    // A child server on the database migrates and replays from the table before it listens:
    // on a loaded 2-core machine that took more than the default 20 s once.
    env: { LUOT_TEST_STORE: 'pg', LUOT_CHILD_START_MS: '60000' },
    globalSetup: ['test/store/pg-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
