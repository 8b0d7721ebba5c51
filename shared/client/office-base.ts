// Which office a page belongs to, read once from its address: `/o/<slug>/kiosk/` is office
// <slug>'s kiosk, `/kiosk/` the default office's (a one-office install keeps today's URLs).
// Every app's data wrapper builds its REST paths and socket namespaces from this, so the same
// built HTML serves every office and no component builds an office URL.

import { isOfficeSlug } from '../office-slug.js';

const OFFICE_PATH = /^\/o\/([^/]+)(?=\/|$)/;

/** `'/o/<slug>'` for a page under an office, `''` for the unprefixed (default office) pages. */
export function officePrefix(pathname: string = globalThis.location?.pathname ?? ''): string {
  const m = OFFICE_PATH.exec(pathname);
  return m && isOfficeSlug(m[1]!) ? `/o/${m[1]}` : '';
}

/**
 * An office-scoped REST path (`/api/…`): `/api/services` → `/api/o/<slug>/services` under an office page,
 * unchanged otherwise. Deployment-wide routes (`/api/auth/…`, `/api/province/…`) are not passed here.
 */
export function officeApi(path: string, pathname?: string): string {
  const p = officePrefix(pathname);
  return p ? `/api${p}${path.slice(4)}` : path;
}

/** An office-scoped socket.io namespace (or app link): `/kiosk` → `/o/<slug>/kiosk`. */
export function officePath(path: string, pathname?: string): string {
  return `${officePrefix(pathname)}${path}`;
}
