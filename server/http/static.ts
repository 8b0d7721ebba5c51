// The built apps (dist/): the build's brotli or gzip copy when the browser accepts it, content-
// hashed assets cached for a year, pages revalidated on every load so a new release shows at once.
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import express from 'express';
import { COMPRESSIBLE, ENCODINGS, type Encoding } from './precompress.js';

/** Vite names everything under /assets/ by its content hash: a changed file is a new URL. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export function cacheControlFor(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
}

/**
 * The encodings of `header` this server makes, best first: by q-value, then br before gzip.
 * `identity` needs no entry: it is what is sent when nothing here fits.
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(token, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  return ENCODINGS.map((e) => e.name)
    .filter((n) => of(n) > 0)
    .sort((a, b) => of(b) - of(a));
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

export function staticApps(dir: string): express.RequestHandler[] {
  const root = resolve(dir);
  const plain = express.static(root, {
    index: 'index.html',
    dotfiles: 'deny',
    cacheControl: false,
    setHeaders: (res) => res.setHeader('Cache-Control', cacheControlFor((res.req as express.Request).path)),
  });

  const encoded: express.RequestHandler = async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (path.endsWith('/')) path += 'index.html';
    if (!COMPRESSIBLE.test(path)) return next();
    // Caches must keep the encodings apart, whichever one this response is.
    res.vary('Accept-Encoding');
    const file = resolve(root, '.' + path);
    if (path.includes('\0') || !file.startsWith(root + sep)) return next();
    for (const name of acceptedEncodings(req.headers['accept-encoding'])) {
      const suffix = ENCODINGS.find((e) => e.name === name)!.suffix;
      if (!(await isFile(file + suffix))) continue;
      res.setHeader('Content-Encoding', name);
      res.setHeader('Cache-Control', cacheControlFor(req.path));
      res.type(extname(path));
      // Ranges of an encoded body are rarely what a client means: it gets the whole of it.
      res.sendFile(file.slice(root.length + 1) + suffix, { root, dotfiles: 'deny', acceptRanges: false, cacheControl: false }, (err) => {
        if (!err || res.headersSent) return;
        for (const h of ['Content-Encoding', 'Cache-Control', 'Content-Type']) res.removeHeader(h);
        next();
      });
      return;
    }
    next();
  };
  return [encoded, plain];
}
