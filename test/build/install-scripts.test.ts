// npm 11 lists, after every install, the dependencies whose install scripts package.json's
// `allowScripts` has not reviewed (and npm 12 will skip those scripts). The review, written down:
// - argon2: `node-gyp-build` keeps the prebuilt binary if it loads, else compiles from source.
//   It is needed: on Debian 12 with Node 20.20 the shipped linux-x64 glibc prebuild crashed on
//   load (SIGSEGV), and the script's check is what noticed and built a working one.
// - esbuild: `node install.js` checks that the platform binary (@esbuild/<platform>) runs and
//   puts it in place of the JS launcher; without it esbuild still works, only slower to start,
//   but it is also what fetches the binary when optional dependencies were left out.
// Both approved (by name: the lockfile carries no `resolved` URLs, so npm cannot pin a version;
// the versions are pinned by package.json and the lockfile's integrity instead).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/browser.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean; dev?: boolean }>;
};

describe('install scripts', () => {
  it('allowScripts reviews exactly the packages of the lockfile that have install scripts', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(Object.keys(pkg.allowScripts ?? {}).sort()).toEqual([...new Set(withScripts)].sort());
  });

  it('argon2 and esbuild work as installed', async () => {
    const argon2 = (await import('argon2')).default;
    const hash = await argon2.hash('mật khẩu thử', { timeCost: 2, memoryCost: 4096 });
    expect(await argon2.verify(hash, 'mật khẩu thử')).toBe(true);
    expect(await argon2.verify(hash, 'sai')).toBe(false);
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = await esbuild.transform('export function twice(x: number): number { return x * 2; }', { loader: 'ts', minify: true });
    expect(out.code).not.toContain('number');
    expect(out.code).toMatch(/return \w\*2/);
  });
});
