import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const api = `http://127.0.0.1:${process.env.LUOT_API_PORT ?? 3001}`;

export default defineConfig({
  root: '.',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        home: resolve(import.meta.dirname, 'index.html'),
        kiosk: resolve(import.meta.dirname, 'kiosk/index.html'),
        display: resolve(import.meta.dirname, 'display/index.html'),
        ticket: resolve(import.meta.dirname, 'display/ticket.html'),
        counter: resolve(import.meta.dirname, 'counter/index.html'),
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
  server: {
    port: Number(process.env.PORT ?? 3000),
    proxy: {
      '/api': api,
      '/socket.io': { target: api, ws: true },
      '/t/': { target: api },
    },
  },
});
