// `npm start`: build what is missing or older than its sources — the apps (vite → dist/) and the
// server (esbuild → dist-server/) — then run the compiled server in this process. Plain
// JavaScript on purpose: a start that finds both built loads no TypeScript tooling at all.
import { isAscii } from 'node:buffer';
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));
/** How dist-server/main.js begins: scripts/build-server.ts's MAIN_WRAPPER. */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';

/**
 * Modification time of `path`, or of the newest file under it; 0 when it is not there. Every
 * start walks the sources (~270 files), so each entry costs one system call: a folder's entries
 * come with their kind, a file is stat'ed once (it was existsSync + statSync per entry).
 */
function newest(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  return st.isDirectory() ? newestIn(path) : st.mtimeMs;
}

function newestIn(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    // A symbolic link or anything unusual: stat'ed as before (it may lead to a folder).
    t = Math.max(t, e.isDirectory() ? newestIn(p) : e.isFile() ? statSync(p).mtimeMs : newest(p));
  }
  return t;
}

/** `newest` of a source folder, walked once per start: shared/ is a source of both builds. */
const walked = new Map();
function newestSource(s) {
  if (!walked.has(s)) walked.set(s, newest(join(root, s)));
  return walked.get(s);
}

/**
 * Builds with `args` when `output` is missing or older than any of `sources`. node:child_process
 * is loaded only then: a start that finds both built does not need it.
 */
async function buildIfStale(output, sources, message, args) {
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  if (built > 0 && sources.every((s) => newestSource(s) <= built)) return;
  process.stdout.write(message + '\n');
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

await buildIfStale(
  join(root, 'dist', 'index.html'),
  ['kiosk', 'display', 'counter', 'shared', 'index.html', 'vite.config.ts'],
  'Đang dựng giao diện (vite build)… / Building the apps…',
  [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
);
// An npm install or upgrade rewrites node_modules/.package-lock.json: the bundle holds packages.
await buildIfStale(
  join(root, 'dist-server', 'built'),
  ['server', 'shared', 'scripts/build-server.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'node_modules/.package-lock.json'],
  'Đang dựng máy chủ (esbuild)… / Building the server…',
  ['--import', 'tsx', join(root, 'scripts', 'build-server.ts')],
);
runWithCodeCache(join(root, 'dist-server', 'main.js'));

/**
 * Runs a CommonJS file as require() would, but with V8's code cache: compiling the 2 MB bundle
 * and the functions a start runs costs a large share of a start, and Node 20 keeps none of it
 * between runs. The cache is written once, 5 s after the start or at exit if that comes first,
 * beside the bundle (a rebuild replaces the folder, so a cache never outlives its code); V8 refuses a cache
 * made by another node version or other V8 flags, and the file is then compiled as usual and the
 * cache written again. A folder that cannot be written only costs the speed-up.
 */
function runWithCodeCache(file) {
  const cacheFile = file + '.cache';
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // scripts/build-server.ts writes it in ASCII: read as latin1, the same text without UTF-8
  // decoding, held one byte a character. A bundle with other bytes is read as UTF-8.
  const bytes = readFileSync(file);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  // scripts/build-server.ts writes the wrapper into the file (MAIN_WRAPPER): compiled as read, the
  // text stays one copy outside V8's heap. A bundle without it is wrapped here.
  const wrapped = source.startsWith(WRAPPER_START) ? source : `${WRAPPER_START}${source}\n})`;
  const script = new vm.Script(wrapped, {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {}, filename: file, id: file };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData && !script.cachedDataRejected) return;
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    try {
      writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
      renameSync(`${cacheFile}.${process.pid}`, cacheFile);
    } catch {
      // read-only install: no cache
    }
  };
  setTimeout(write, 5_000).unref();
  process.once('exit', write);
}
