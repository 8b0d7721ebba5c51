import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { precompress } from './server/http/precompress.js';

const api = `http://127.0.0.1:${process.env.LUOT_API_PORT ?? 3001}`;

/**
 * The apps connect by WebSocket only (shared/client/live.ts), but engine.io-client's list of
 * transports imports long-polling and WebTransport too, ~2 KB gzip in every app's start-up
 * script: the build gives it a list of the one transport used.
 */
const websocketOnly = {
  name: 'luot-websocket-only',
  load(id: string) {
    if (!/[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/.test(id)) return null;
    return 'import { WS } from "./websocket.js";\nexport const transports = { websocket: WS };\n';
  },
};

export default defineConfig({
  root: '.',
  publicDir: false,
  // .br and .gz beside each built text file, which the server sends by Accept-Encoding.
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      plugins: [websocketOnly],
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
