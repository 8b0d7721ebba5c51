// createApp(httpServer, deps): express + socket.io on one HTTP server, nothing listening yet.
import type { Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import type { Office } from '../office.js';
import type { Reports } from '../reports.js';
import { ROOT } from '../root.js';
import { ClipStore } from '../store/clips.js';
import { attachBroadcasts } from '../realtime/broadcast.js';
import type { AdapterFactory } from '../realtime/cluster.js';
import { registerCounter } from '../realtime/counter.js';
import { registerDisplay } from '../realtime/display.js';
import { KeyedLimiter, type Rate } from '../realtime/handle.js';
import { KioskGate, registerKiosk } from '../realtime/kiosk.js';
import type { Namespaces, RealtimeDeps } from '../realtime/types.js';
import { errorHandler, notFound } from './respond.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { clipRoutes } from './routes/clips.js';
import { kioskRoutes } from './routes/kiosk.js';
import { printerRoutes } from './routes/printer.js';
import { publicRoutes } from './routes/public.js';
import { reportRoutes } from './routes/reports.js';
import { staffRoutes } from './routes/staff.js';
import { staticApps } from './static.js';

export interface HttpDeps {
  office: Office;
  reports: Reports;
  version: string;
  now: () => number;
  log: RealtimeDeps['log'];
  /** The built apps (vite build output); absent in API-only tests. */
  staticDir?: string | undefined;
  loginLimit?: number;
  /** Overrides the settings' kiosk issue rate (tests and benches that issue in bulk). */
  kioskRate?: Rate;
  /** Overrides the public read rate per address (tests that read in bulk). */
  publicRate?: Rate;
  /** Made by createApp; routes and sockets share them. */
  kioskGate?: KioskGate;
  publicLimiter?: KeyedLimiter;
  onSettingsChanged?: () => void;
  /** The data folder: uploaded voice clips live in `<dataDir>/clips`. */
  dataDir?: string | undefined;
  /** Several processes (realtime/cluster.ts): room-addressed emits reach the others' sockets. */
  adapter?: AdapterFactory | undefined;
}

export interface AppHandle {
  app: express.Express;
  io: Server;
  namespaces: Namespaces;
  close(): Promise<void>;
}

/**
 * Public reads per address: a display or a citizen's page reads a few times a minute, but a
 * consumer Wi-Fi router often puts a whole hall of phones behind one address, and each call
 * makes every phone waiting for that service refetch its ticket at once. So the bucket is wide
 * (a burst of 300, then 10 a second, ~1 ms of work each); what it stops is a loop hammering the
 * server with thousands a second.
 */
export const PUBLIC_READ_RATE: Rate = { capacity: 300, perSec: 10 };

export function createApp(httpServer: HttpServer, given: HttpDeps): AppHandle {
  const settings = () => given.office.settings;
  const deps: HttpDeps & Pick<RealtimeDeps, 'kioskGate' | 'publicLimiter'> = {
    ...given,
    // Real time, not the office clock: a limit is about how fast requests really come.
    kioskGate: new KioskGate(given.office, () => given.kioskRate ?? { capacity: settings().kioskIssueBurst, perSec: settings().kioskIssuePerMin / 60 }),
    publicLimiter: new KeyedLimiter(() => given.publicRate ?? PUBLIC_READ_RATE),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      // The office LAN is plain HTTP on an IP address: never upgrade or pin HTTPS.
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        directives: {
          'upgrade-insecure-requests': null,
          'img-src': ["'self'", 'data:', 'blob:'],
          'media-src': ["'self'", 'blob:', 'data:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
        },
      },
    }),
  );
  app.use('/api', express.json({ limit: '16kb' }));
  app.use('/api', publicRoutes(deps));
  app.use('/api/kiosk', kioskRoutes(deps));
  app.use('/api/auth', authRoutes(deps));
  app.use('/api', adminRoutes(deps));
  app.use('/api/reports', reportRoutes(deps));
  app.use('/api/printer', printerRoutes(deps));
  app.use('/api', staffRoutes(deps));
  const clips = deps.dataDir ? new ClipStore(join(deps.dataDir, 'clips')) : null;
  app.use('/api', clipRoutes(deps, clips));
  app.use('/api', notFound());

  // Voice clips by name (GET /clips/num-3): the office's own recordings in <dataDir>/clips
  // (.wav, .ogg or .mp3) first, then the bundled espeak-ng pack.
  const bundledClips = join(ROOT, 'display/clips/vi');
  for (const clips of [deps.dataDir && join(deps.dataDir, 'clips'), bundledClips]) {
    if (clips) app.use('/clips', express.static(clips, { extensions: ['wav', 'ogg', 'mp3'], dotfiles: 'deny', index: false }));
  }

  const dir = deps.staticDir;
  if (dir && existsSync(dir)) {
    // The citizen's page is the display app's ticket entry, whatever the token.
    app.get('/t/:token', (req, _res, next) => {
      req.url = '/display/ticket.html';
      next();
    });
    app.use(staticApps(dir));
  }
  app.use(notFound());
  app.use(errorHandler(deps.log));

  httpServer.on('request', app);

  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    ...(given.adapter ? { adapter: given.adapter } : {}),
  });
  const rt: RealtimeDeps = { office: deps.office, log: deps.log, now: deps.now, kioskGate: deps.kioskGate, publicLimiter: deps.publicLimiter };
  const namespaces: Namespaces = {
    io,
    display: io.of('/display') as unknown as Namespaces['display'],
    kiosk: io.of('/kiosk') as unknown as Namespaces['kiosk'],
    counter: io.of('/counter') as unknown as Namespaces['counter'],
  };
  registerDisplay(namespaces.display, rt);
  registerKiosk(namespaces.kiosk, rt);
  registerCounter(namespaces.counter, rt);
  const detach = attachBroadcasts(deps.office, namespaces);
  const detachVoice = clips ? announceVoice(clips, namespaces.display) : () => undefined;

  return {
    app,
    io,
    namespaces,
    close: async () => {
      detach();
      detachVoice();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/**
 * Every display learns the clip set's version on connect and at each change (`voice:changed`),
 * and fetches clips under it: a saved recording is heard at the next call, without a reload.
 * A Save uploads a clip per request, so changes are told once they pause for VOICE_SETTLE_MS.
 */
export const VOICE_SETTLE_MS = 250;

function announceVoice(clips: ClipStore, display: Namespaces['display']): () => void {
  let timer: NodeJS.Timeout | undefined;
  const tell = (version: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => display.emit('voice:changed', { version }), VOICE_SETTLE_MS);
  };
  const onConnect = (socket: Parameters<Parameters<Namespaces['display']['on']>[1]>[0]) => {
    void clips.version().then((version) => socket.connected && socket.emit('voice:changed', { version }));
  };
  display.on('connection', onConnect);
  const off = clips.onChange(tell);
  return () => {
    clearTimeout(timer);
    off();
    display.off('connection', onConnect);
  };
}
