// What JavaScript the built kiosk page loads: the entry script of dist/kiosk/index.html, its
// modulepreloads and everything they import statically (followed through the built files, so a
// chunk imported but not preloaded still counts), each gzip -9; and apart from it the chunks only
// imported dynamically (the QR encoder after the number is painted, the staff screens).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface JsFile {
  name: string;
  raw: number;
  gz: number;
}

export interface KioskJs {
  start: JsFile[];
  lazy: JsFile[];
  startRaw: number;
  startGz: number;
  lazyGz: number;
}

// The minifier quotes with ", ' or `.
const STATIC = /\b(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
const DYNAMIC = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g;

export function kioskJs(distDir: string): KioskJs {
  const html = readFileSync(join(distDir, 'kiosk', 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g)].map((m) => m[1]!);
  const preload = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => m[1]!);
  if (entry.length === 0) throw new Error('dist/kiosk/index.html: no module script');
  if (/<script(?![^>]*\bsrc=)[^>]*>\s*\S/.test(html)) throw new Error('dist/kiosk/index.html has an inline script: count it too');

  const start = new Set<string>();
  const dynamic = new Set<string>();
  const visit = (file: string, into: Set<string>, seen: Set<string>) => {
    if (seen.has(file)) return;
    seen.add(file);
    into.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    for (const m of code.matchAll(STATIC)) visit(join(dir, m[1]!), into, seen);
    for (const m of code.matchAll(DYNAMIC)) dynamic.add(join(dir, m[1]!));
  };
  const startSeen = new Set<string>();
  for (const f of [...entry, ...preload]) visit(f, start, startSeen);
  const lazy = new Set<string>();
  const lazySeen = new Set(startSeen);
  for (const f of dynamic) visit(f, lazy, lazySeen);

  const measure = (files: Set<string>) =>
    [...files].sort().map((name) => {
      const bytes = readFileSync(join(distDir, name));
      return { name, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
    });
  const s = measure(start);
  const l = measure(lazy);
  const sum = (xs: JsFile[], k: 'raw' | 'gz') => xs.reduce((a, f) => a + f[k], 0);
  return { start: s, lazy: l, startRaw: sum(s, 'raw'), startGz: sum(s, 'gz'), lazyGz: sum(l, 'gz') };
}
