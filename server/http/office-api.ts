// One set of routes for every office: the office is picked once per request (from /o/<slug>/…
// or, unprefixed, the default office), then the office's own router runs — the same route
// files for all, each built once per office around its Office (its kiosk gate, its clips).
import { join } from 'node:path';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { LuotError } from '../../shared/errors.js';
import type { Deployment } from '../deployment.js';
import type { OfficeHost } from '../offices.js';
import { KioskGate } from '../realtime/kiosk.js';
import type { KeyedLimiter } from '../realtime/handle.js';
import { ROOT } from '../root.js';
import { CLIP_TYPES, ClipStore, type ClipStorage } from '../store/clips.js';
import type { CommonDeps, HttpDeps } from './app.js';
import { notFound } from './respond.js';
import { adminRoutes } from './routes/admin.js';
import { bookingRoutes } from './routes/bookings.js';
import { clipRoutes } from './routes/clips.js';
import { kioskRoutes } from './routes/kiosk.js';
import { printerRoutes } from './routes/printer.js';
import { publicRoutes } from './routes/public.js';
import { reportRoutes } from './routes/reports.js';
import { resultRoutes } from './routes/results.js';
import { setupRoutes } from './routes/setup.js';
import { staffRoutes } from './routes/staff.js';
import { timelineRoutes } from './routes/timeline.js';
import { webhookRoutes } from './routes/webhooks.js';
import { integrationTokenRoutes } from './routes/integration-tokens.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The office this request addresses (selectOffice). */
    officeHost?: OfficeHost;
  }
}

export const archivedError = () =>
  new LuotError('office_archived', 'Trung tâm này đã ngừng hoạt động', 'This office has been closed');

/** Whether the office refuses changes: archived by the province. */
const readOnly = (req: Request) => req.method === 'GET' || req.method === 'HEAD';

/**
 * Picks the office: `/…/o/<slug>/…` by its slug (unknown: 404 `not_found`), unprefixed the
 * default office. An archived office answers reads (its history, reports) and refuses changes
 * with 410 `office_archived`.
 */
export function selectOffice(deployment: Deployment, isDefault: boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const slug = isDefault ? null : String(req.params.slug ?? '');
    const host = slug === null ? deployment.defaultHost : deployment.bySlug(slug);
    if (!host) return notFound()(req, res, next);
    if (host.office.archived && !readOnly(req) && !req.originalUrl.includes('/auth/')) return next(archivedError());
    req.officeHost = host;
    next();
  };
}

/** Per office, made once: its route deps (kiosk gate, clips) and its router. */
export interface OfficeParts {
  deps: HttpDeps & { kioskGate: KioskGate; publicLimiter: KeyedLimiter };
  clips: ClipStorage | null;
  router: Router;
}

export function officeRouters(common: CommonDeps, publicLimiter: KeyedLimiter) {
  const parts = new Map<string, OfficeParts>();
  const of = (host: OfficeHost): OfficeParts => {
    let p = parts.get(host.office.id);
    if (!p) {
      const office = host.office;
      const settings = () => office.settings;
      const deps = {
        ...common,
        office,
        reports: host.reports,
        dataDir: host.store.filesDir,
        onSettingsChanged: host.reconfigurePrinter,
        publicLimiter,
        // Real time, not the office clock: a limit is about how fast requests really come.
        kioskGate: new KioskGate(office, () => common.kioskRate ?? { capacity: settings().kioskIssueBurst, perSec: settings().kioskIssuePerMin / 60 }),
      };
      const clips = host.store.clips ?? (deps.dataDir ? new ClipStore(join(deps.dataDir, 'clips')) : null);
      const r = Router();
      r.use(publicRoutes(deps));
      r.use(bookingRoutes(deps));
      r.use(resultRoutes({ ...deps, journal: host.store.journal }));
      r.use(setupRoutes(deps));
      r.use('/kiosk', kioskRoutes(deps));
      r.use(adminRoutes(deps));
      r.use('/reports', reportRoutes(deps));
      r.use('/printer', printerRoutes(deps));
      r.use(staffRoutes(deps));
      r.use(timelineRoutes({ ...deps, journal: host.store.journal }));
      r.use(clipRoutes(deps, clips));
      r.use('/webhooks', webhookRoutes(deps, host.webhooks));
      r.use('/integration-tokens', integrationTokenRoutes(deps));
      p = { deps, clips, router: r };
      parts.set(office.id, p);
    }
    return p;
  };
  const api: RequestHandler = (req, res, next) => of(req.officeHost!).router(req, res, next);
  return { api, of };
}

export type OfficeRouters = ReturnType<typeof officeRouters>;

/**
 * Voice clips by name (GET /clips/num-3, /o/<slug>/clips/num-3): the office's own recordings
 * in <office folder>/clips (.wav, .ogg or .mp3) first, then the bundled espeak-ng pack.
 */
export function officeClips(): RequestHandler {
  const opts = { extensions: ['wav', 'ogg', 'mp3'], dotfiles: 'deny' as const, index: false as const };
  const bundled = express.static(join(ROOT, 'display/clips/vi'), opts);
  const own = new Map<string, RequestHandler>();
  const r = Router();
  r.use('/clips', (req, res, next) => {
    const stored = req.officeHost?.store.clips;
    if (stored) {
      // Clips in the database (several processes): the row, else the bundled pack's file.
      const name = /^\/([a-z0-9-]{1,40})(?:\.(?:wav|ogg|mp3))?$/.exec(req.path)?.[1];
      if (!name) return bundled(req, res, next);
      void stored.read(name).then((clip) => {
        if (!clip) return bundled(req, res, next);
        const type = Object.keys(CLIP_TYPES).find((t) => CLIP_TYPES[t] === clip.ext)!;
        res.set({ 'content-type': type, 'cache-control': 'no-cache' }).send(clip.body);
      }, next);
      return;
    }
    const dir = req.officeHost?.store.filesDir;
    if (!dir) return bundled(req, res, next);
    let serve = own.get(dir);
    if (!serve) own.set(dir, (serve = express.static(join(dir, 'clips'), opts)));
    serve(req, res, () => bundled(req, res, next));
  });
  return r;
}

const APP_PATH = /^\/o\/([^/]+)(\/(?:kiosk|display|counter)(?:\/.*)?|\/t\/[^/]+|\/dat-lich(?:\/[^/]*)?|\/)$/;

/**
 * The built pages serve every office: `/o/<slug>/kiosk/…` is `/kiosk/…` (the assets are
 * absolute, `/assets/…`), and a citizen's ticket page `/t/<token>` or `/o/<slug>/t/<token>` is
 * the display app's ticket entry, whatever the token. The app finds its office in its own URL.
 */
export function officeApps(deployment: Deployment): RequestHandler {
  return (req, res, next) => {
    const m = APP_PATH.exec(req.path);
    let path = req.path;
    if (m) {
      if (!deployment.bySlug(m[1]!)) return notFound()(req, res, next);
      path = m[2]!;
    }
    if (path.startsWith('/t/') && path.indexOf('/', 3) === -1) path = '/display/ticket.html';
    // The citizen's booking page and a booking's confirmation (`/dat-lich/<token>`): one entry (issue 13).
    if (/^\/dat-lich(?:\/[^/]*)?$/.test(path)) path = '/display/booking.html';
    if (path !== req.path) req.url = path + req.url.slice(req.path.length);
    next();
  };
}
