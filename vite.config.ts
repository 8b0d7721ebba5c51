import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { precompress } from './server/http/precompress.js';

const api = `http://127.0.0.1:${process.env.LUOT_API_PORT ?? 3001}`;

/**
 * The apps connect by WebSocket only (shared/client/live.ts), but engine.io-client's list of
 * transports imports long-polling and WebTransport too, ~2 KB gzip in every app's start-up
 * script: the build gives it a list of the one transport used, and lets the polling module
 * (whose only top-level work is for polling requests: an unload hook, an XHR probe) be dropped.
 */
const eio = /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]/;
const websocketOnly = {
  name: 'luot-websocket-only',
  load(id: string) {
    if (!eio.test(id) || !id.endsWith('transports/index.js')) return null;
    return 'import { WS } from "./websocket.js";\nexport const transports = { websocket: WS };\n';
  },
  transform(code: string, id: string) {
    if (!eio.test(id) || !/(transports[\\/]polling-xhr|contrib[\\/]has-cors)\.js$/.test(id)) return null;
    return { code, moduleSideEffects: false };
  },
};

/**
 * The kiosk's Lit styles without comments and indentation, ~0.4 kB of its start-up script, which
 * has a budget (test/build/size-budget.test.ts): css`` templates of kiosk/*.ts with no `${}` in them.
 * Quoted text in them (grid areas, attribute selectors, font names) has no runs of spaces to lose.
 */
const kioskCss = {
  name: 'luot-kiosk-css',
  transform(code: string, id: string) {
    if (!/[\\/]kiosk[\\/][\w-]+\.ts$/.test(id)) return null;
    const min = (body: string) =>
      body
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/ ?([{};,]) ?/g, '$1')
        .replace(/: /g, ':')
        .trim();
    return { code: code.replace(/\bcss`([^`$]*)`/g, (_, body: string) => `css\`${min(body)}\``), map: null };
  },
};

/**
 * The indentation of the kiosk's Lit html`` and svg`` templates, ~0.15 kB gzip of its start-up
 * script: in a chunk made only of kiosk/*.ts, whitespace after a newline is either code's or
 * inside a template literal, and the kiosk's multi-line ones are html``, svg`` and css``, whose
 * whitespace the browser collapses anyway (no kiosk text is pre-formatted: no <pre>, no
 * white-space: pre). Lines stay lines, so only columns move.
 */
const kioskTemplates = {
  name: 'luot-kiosk-templates',
  renderChunk(code: string, chunk: { moduleIds: readonly string[] }) {
    // Vite's own helpers (the preload helper) have no template literals.
    if (!chunk.moduleIds.every((id) => /[\\/]kiosk[\\/][\w-]+\.(ts|html)$/.test(id) || id.startsWith('\0vite/'))) return null;
    return { code: code.replace(/\n[ \t]+/g, '\n'), map: null };
  },
};

/**
 * socket.io-client's manager imports socket.io-parser as a namespace (`import * as parser`) and
 * keeps it as a value, which makes the bundler build a namespace object with its runtime helper:
 * a chunk of its own in every app's start-up script (~0.4 kB gzip in the kiosk's budget). The
 * manager only ever reads the two classes from it (opts.parser is never given here).
 */
const sioParserNamed = {
  name: 'luot-sio-parser-named',
  transform(code: string, id: string) {
    if (!/[\\/]socket\.io-client[\\/]build[\\/]esm[\\/]manager\.js$/.test(id)) return null;
    const star = 'import * as parser from "socket.io-parser";';
    if (!code.includes(star)) throw new Error('socket.io-client manager.js changed: revisit luot-sio-parser-named');
    return code.replace(star, 'import { Encoder, Decoder } from "socket.io-parser";\nconst parser = { Encoder, Decoder };');
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
    // Every app runs in an evergreen browser, which preloads modules itself.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      plugins: [websocketOnly, sioParserNamed, kioskCss, kioskTemplates],
      input: {
        home: resolve(import.meta.dirname, 'index.html'),
        kiosk: resolve(import.meta.dirname, 'kiosk/index.html'),
        display: resolve(import.meta.dirname, 'display/index.html'),
        ticket: resolve(import.meta.dirname, 'display/ticket.html'),
        booking: resolve(import.meta.dirname, 'display/booking.html'),
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
