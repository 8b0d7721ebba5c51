// createApp(httpServer, deps): express + socket.io on one HTTP server, nothing listening yet.
// Every office of the deployment gets the same routes and namespaces (office-api.ts,
// realtime/offices.ts): under /api/o/<slug>/… and /o/<slug>/…, and the default office also
// under today's unprefixed URLs.
import type { Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import express from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import type { Deployment } from '../deployment.js';
import type { Office } from '../office.js';
import type { Reports } from '../reports.js';
import type { AdapterFactory } from '../realtime/cluster.js';
import { KeyedLimiter, type Rate } from '../realtime/handle.js';
import type { KioskGate } from '../realtime/kiosk.js';
import { mountOfficeSockets } from '../realtime/offices.js';
import { registerProvince } from '../realtime/province.js';
import type { Namespaces, RealtimeDeps } from '../realtime/types.js';
import { officeApps, officeClips, officeRouters, selectOffice } from './office-api.js';
import { bookingOfficeRoutes } from './routes/booking-offices.js';
import { errorHandler, notFound } from './respond.js';
import { authRoutes } from './routes/auth.js';
import { provinceRoutes } from './routes/province.js';
import { staticApps } from './static.js';

/** What every office's routes and handlers share. */
export interface CommonDeps {
  deployment: Deployment;
  version: string;
  now: () => number;
  log: RealtimeDeps['log'];
  /** The built apps (vite build output); absent in API-only tests. */
  staticDir?: string | undefined;
  loginLimit?: number | undefined;
  /** Overrides the settings' kiosk issue rate (tests and benches that issue in bulk). */
  kioskRate?: Rate | undefined;
  /** Overrides the public read rate per address (tests that read in bulk). */
  publicRate?: Rate | undefined;
  /** Several processes (realtime/cluster.ts): room-addressed emits reach the others' sockets. */
  adapter?: AdapterFactory | undefined;
}

/** One office's routes: the common deps, and that office. */
export interface HttpDeps extends CommonDeps {
  office: Office;
  reports: Reports;
  /** Made per office; routes and sockets share them. */
  kioskGate?: KioskGate;
  publicLimiter?: KeyedLimiter;
  onSettingsChanged?: () => void;
  /** The office's folder: uploaded voice clips live in `<dataDir>/clips`. */
  dataDir?: string | undefined;
}

export interface AppHandle {
  app: express.Express;
  io: Server;
  /** The default office's unprefixed namespaces (/display, /kiosk, /counter). */
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

export function createApp(httpServer: HttpServer, common: CommonDeps): AppHandle {
  const { deployment } = common;
  // One bucket per address for the whole server: a scraper gains nothing by walking the offices.
  const publicLimiter = new KeyedLimiter(() => common.publicRate ?? PUBLIC_READ_RATE);
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
  const auth = authRoutes(common);
  app.use('/api/auth', auth);
  app.use('/api/province', provinceRoutes(common));
  const offices = officeRouters(common, publicLimiter);
  // Issue 13: the offices taking bookings, for the province's /dat-lich/ (before the office routers' /api).
  app.use('/api', bookingOfficeRoutes(deployment, publicLimiter));
  app.use('/api/o/:slug/auth', selectOffice(deployment, false), auth);
  app.use('/api/o/:slug', selectOffice(deployment, false), offices.api);
  app.use('/api', selectOffice(deployment, true), offices.api);
  app.use('/api', notFound());

  app.use('/o/:slug', selectOffice(deployment, false), officeClips());
  app.use('/', selectOffice(deployment, true), officeClips());
  const dir = common.staticDir;
  if (dir && existsSync(dir)) app.use(officeApps(deployment), staticApps(dir));
  app.use(notFound());
  app.use(errorHandler(common.log));

  httpServer.on('request', app);

  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    ...(common.adapter ? { adapter: common.adapter } : {}),
  });
  const sockets = mountOfficeSockets(io, common, offices);
  const detachProvince = registerProvince(io.of('/province'), common);

  return {
    app,
    io,
    namespaces: sockets.defaultNamespaces(),
    close: async () => {
      sockets.detach();
      detachProvince();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
