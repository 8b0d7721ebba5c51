// Debian's Chromium driven by playwright-core; nothing is downloaded.
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const root = resolve(fileURLToPath(import.meta.url), '../../..');
// LUOT_TEST_DIST: a build elsewhere (`vite build --outDir …`), so parallel work does not share one dist/.
export const distDir = process.env.LUOT_TEST_DIST ?? join(root, 'dist');

/** True when browser tests cannot run here; outside CI that is allowed, and said loudly. */
export const noBrowser = !existsSync(CHROMIUM);
if (noBrowser) {
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM}: CI must install it (apt-get install chromium)`);
  console.warn(`\n!!! SKIPPING BROWSER TESTS: no Chromium at ${CHROMIUM} (apt-get install -y chromium) !!!\n`);
}

export function ensureBuilt(): void {
  if (existsSync(join(distDir, 'index.html'))) return;
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Collects page errors and console errors; a test asserts the list is empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * Chromium with a DevTools port on 127.0.0.1, for tools that drive it themselves (Lighthouse):
 * the flags Lighthouse's own launcher would add, and a profile folder of the caller's.
 */
export async function devtoolsChromium(profileDir: string): Promise<{ port: number; close(): Promise<void> }> {
  const proc = spawn(
    CHROMIUM,
    [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--disable-default-apps',
      '--disable-quic', '--mute-audio', '--disable-renderer-backgrounding', '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows', '--password-store=basic', '--use-mock-keychain',
      '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const close = (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    return exited;
  };
  // Never outlive the process that started it, whatever ends that.
  process.once('exit', () => void close());
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('Chromium: no DevTools port within 30 s')), 30_000);
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => {
      buf += chunk;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${code} before its DevTools port: ${buf.slice(-500)}`));
    });
  }).catch((e: unknown) => {
    close();
    throw e;
  });
  return { port, close };
}

/** Opens the staff app at `url` (e.g. `${server.url}/counter/#supervisor`) and signs in through its form. */
export async function staffLogin(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
