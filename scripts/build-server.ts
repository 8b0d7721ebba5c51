// Compiles the server (server/ + shared/, with the JavaScript packages it uses) into plain
// JavaScript in dist-server/, so that `npm start` runs node on one prepared file instead of
// transpiling TypeScript at every start and resolving hundreds of package files: under tsx,
// loading alone took longer than a whole bare express start. `npm run dev` and the tests keep
// running the sources through tsx.
//
//   node --import tsx scripts/build-server.ts     (npm start runs it itself when dist-server/ is stale)
//
// CommonJS, not ESM: Node 20 keeps no compiled code between starts, but a CommonJS file can be
// run through vm.Script with V8's code cache, which scripts/start.js does (dist-server/main.js.cache,
// written once after a start). It makes compiling the bundle at start almost free.
// Layout the sources rely on: every output file sits directly in dist-server/, one folder below
// the project root like server/*.ts — `import.meta.url` becomes the output file's URL, so
// server/root.ts finds the root as `..`, and the worker threads are started from
// './reports-worker.js' and './render-worker.js' beside their caller. The sources' import()s of
// their own modules stay lazy (esbuild runs such a module's body only when it is imported), and
// so do the packages those modules require.
import { build, type Plugin } from 'esbuild';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const OUT_DIR = join(ROOT, 'dist-server');
/** Written after a whole build: its presence and time are what scripts/start.js calls built and fresh. */
export const STAMP = 'built';

/**
 * Loaded from node_modules at run time, not bundled: native addons (argon2, the canvas that
 * draws tickets) and the font files found by path; the printing library loads only when a
 * ticket is printed. `bufferutil` and `utf-8-validate` are optional speed-ups of ws, tried and
 * absent. pino is bundled: only its transports (never used here) look for files beside it.
 */
const EXTERNAL = ['argon2', '@napi-rs/canvas', '@fontsource/*', 'node-thermal-printer', 'bufferutil', 'utf-8-validate'];

/**
 * A package's JSON files (mime-db's 200 kB tables, iconv-lite's code pages…) stay files that
 * `require` reads when asked: as JavaScript inside the bundle V8 would have to parse them at
 * every start, most of them for nothing. The path is relative to dist-server/, so the folder
 * can be copied elsewhere whole.
 */
const packageJsonFiles: Plugin = {
  name: 'package-json-files',
  setup(b) {
    b.onResolve({ filter: /\.json$/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
      if (r.errors.length || !r.path.split(sep).includes('node_modules')) return undefined;
      return { path: './' + relative(OUT_DIR, r.path).split(sep).join('/'), external: true };
    });
  },
};

/**
 * Modules that packages load at every start for features never used here, each replaced by a stub:
 * - pino's transports (log shipping through a worker thread): never configured, yet pino requires
 *   their module, and with it thread-stream and worker_threads. The stub throws if one is asked for;
 * - zod's translated error messages (~50 locales, each built when zod loads: ~5 ms of a start;
 *   z.locales is then empty): the server never calls z.locales, and zod's default English
 *   messages, the ones validate.ts passes on, come from its own import of locales/en.js.
 */
const unusedModules: Plugin = {
  name: 'unused-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\/(lib\/)?transport$/ }, (args) =>
      /[\\/]node_modules[\\/]pino[\\/]/.test(args.importer) ? { path: 'pino-transport', namespace: 'luot-stub' } : undefined,
    );
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'luot-stub' } : undefined,
    );
    b.onLoad({ filter: /^pino-transport$/, namespace: 'luot-stub' }, () => ({
      contents: "module.exports = function transport() { throw new Error('pino transports are not built into dist-server/'); };",
      loader: 'js',
    }));
    b.onLoad({ filter: /^zod-locales$/, namespace: 'luot-stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * Packages that build large tables when they load yet are used only inside request handlers,
 * each replaced by an object of the same exports whose getters load the package on first use:
 * mime-types fills its extension and type maps from mime-db's 200 kB JSON (~6–9 ms of CPU, plus
 * reading that file), for express's body parsers, res.type() and static files, none of which the
 * first kiosk ack needs. Only packages whose importers read the exports inside functions, never
 * at load (checked for mime-types: type-is, accepts, send, express's utils and response), fit.
 */
const LAZY_PACKAGES = ['mime-types'];

const lazyPackages: Plugin = {
  name: 'lazy-packages',
  setup(b) {
    const filter = new RegExp(`^(${LAZY_PACKAGES.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === 'lazy-inner') return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'lazy-inner' });
      if (r.errors.length) return undefined;
      return { path: r.path, namespace: 'luot-lazy' };
    });
    b.onLoad({ filter: /.*/, namespace: 'luot-lazy' }, (args) => {
      // The export names, read at build time from the package itself: a name added by an
      // upgrade is lazy too, and the bundle is rebuilt when node_modules changes.
      const names = Object.keys(createRequire(args.path)(args.path) as object);
      const getters = names.map((n) => `${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] }`);
      return {
        contents:
          `let real;\nconst load = () => (real ??= require(${JSON.stringify(args.path)}));\n` +
          `module.exports = Object.defineProperties({}, {\n  ${getters.join(',\n  ')}\n});\n`,
        loader: 'js',
        resolveDir: dirname(args.path),
        pluginData: 'lazy-inner',
      };
    });
    // The stub's own require of the real file: resolved as usual, not stubbed again.
    b.onResolve({ filter: /.*/, namespace: 'luot-lazy' }, () => undefined);
  },
};

/**
 * Non-ASCII characters written as \u escapes. esbuild escapes them in strings but leaves them in
 * comments and regular expressions, and one such character makes V8 hold the whole 3 MB source
 * as two bytes a character: a 6 MB string, twice at start (the file read, then the module
 * wrapper scripts/start.js puts around it), old-space garbage that brings a full collection into
 * every start. All-ASCII, start.js can also read the file as latin1, with no UTF-8 decoding. An
 * escape means the same in a string, a regular expression or a comment (no tagged template in
 * the bundle reads its raw text); the source map's columns after one on the same line shift.
 */
function asciiOnly(file: string): void {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (escaped !== text) writeFileSync(file, escaped);
}

/**
 * The CommonJS wrapper scripts/start.js compiles the bundle in, written into main.js itself:
 * wrapped at run time, the 2.6 MB source became a second copy, flattened into V8's old space
 * at every start (the file read as latin1 stays outside the heap), which with the rest of a
 * busy start's heap brought a full collection (6–13 ms) before the first ack. Prepended on
 * the first line: the source map's lines stay as they are. main.js is then a function
 * expression that only start.js calls; the workers' files stay as they are.
 */
export const MAIN_WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'] as const;

function wrapMain(file: string): void {
  writeFileSync(file, MAIN_WRAPPER[0] + readFileSync(file, 'latin1') + MAIN_WRAPPER[1], 'latin1');
}

export async function buildServer(): Promise<void> {
  // Built beside, then swapped in: a build that fails or is cut short leaves the last good one.
  const tmp = `${OUT_DIR}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await buildInto(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  for (const f of readdirSync(tmp)) if (f.endsWith('.js')) asciiOnly(join(tmp, f));
  wrapMain(join(tmp, 'main.js'));
  // The project's package.json says "type": "module"; these files are CommonJS.
  writeFileSync(join(tmp, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(join(tmp, STAMP), new Date().toISOString() + '\n');
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(tmp, OUT_DIR);
}

async function buildInto(outdir: string): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: {
      main: 'server/main.ts',
      'reports-worker': 'server/reports-worker.ts',
      'render-worker': 'server/print/render-worker.ts',
    },
    outdir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // socket.io and engine.io each carry their own accepts 1.3 (with mime-types 2 and mime-db
    // 1.52, built into maps at every start: ~3 % of a start) and use it only for encodings();
    // express's accepts 2 has the same encodings().
    alias: { accepts: './node_modules/accepts' },
    plugins: [packageJsonFiles, unusedModules, lazyPackages],
    define: { 'import.meta.url': '__luotFileUrl', 'import.meta.resolve': '__luotResolve' },
    banner: {
      // "use strict" first: the banner would otherwise take esbuild's place and leave the file sloppy.
      js:
        '"use strict";\n' +
        "const __luotFileUrl = require('node:url').pathToFileURL(__filename).href;\n" +
        "const __luotResolve = (s) => require('node:url').pathToFileURL(require.resolve(s)).href;",
    },
    tsconfig: join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  await buildServer();
  process.stdout.write(`dist-server/ built in ${Math.round(performance.now() - t0)} ms\n`);
}
