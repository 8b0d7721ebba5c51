// The long reliability suite (`npm run test:long`): files under test/reliability/long/ named
// *.long.ts, which the default include (test/**/*.test.ts) leaves out. Same settings otherwise,
// but one file at a time: each of them loads the machine on its own.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from '../../vite.config.js';

export default defineConfig({
  ...base,
  root: resolve(import.meta.dirname, '../..'),
  test: {
    ...base.test,
    include: ['test/reliability/long/**/*.long.ts'],
    typecheck: { enabled: false },
    testTimeout: 900_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
