// The installer's home page data: public like /health (the page is `/`, opened before anyone
// has logged in), and so nothing in it is a secret (setup-checklist.ts).
import { Router, type Request } from 'express';
import type { KeyedLimiter } from '../../realtime/handle.js';
import { setupState } from '../../setup-checklist.js';
import type { HttpDeps } from '../app.js';
import { ok } from '../respond.js';
import { perAddress } from './public.js';

/** The port the page was reached on (the Host header's, through a proxy too): each device needs the same. */
function portOf(req: Request): number {
  const host = req.get('host');
  const port = host ? /:(\d+)$/.exec(host)?.[1] : undefined;
  return port ? Number(port) : host ? 80 : (req.socket.localPort ?? 80);
}

export function setupRoutes({ office, publicLimiter }: HttpDeps & { publicLimiter: KeyedLimiter }): Router {
  const r = Router();
  r.get('/setup', perAddress(publicLimiter), (req, res) => ok(res, setupState(office, portOf(req))));
  return r;
}
