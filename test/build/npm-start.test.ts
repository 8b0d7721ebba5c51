// `npm start` runs the compiled server: scripts/start.js builds dist-server/ when it is older than
// its sources, then runs the bundle with plain node (no tsx) through V8's code cache. These tests
// take that path as an office PC does — a stale build, a first start, a restart — and check what a
// bundle can get wrong while the sources under tsx are right: files found beside the code (the
// voice clips, the built apps), packages' JSON files left outside the bundle, the printing worker
// thread (its own file in dist-server/), and the journal written before the ack.
import { isAscii } from 'node:buffer';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult } from '../../shared/types.js';
import { serviceDayOf } from '../../server/queue/time.js';
import { FakePrinter } from '../support/fake-printer.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const stamp = join(root, 'dist-server', 'built');

interface Started {
  proc: ChildProcess;
  port: number;
  stdout: () => string;
}

const alive = new Set<ChildProcess>();

/** `node scripts/start.js` — what `npm start` runs (checked below) — until its `serving` log line. */
async function start(dataDir: string, env: Record<string, string> = {}): Promise<Started> {
  const proc = spawn(process.execPath, [join(root, 'scripts', 'start.js')], {
    cwd: root,
    env: { ...process.env, LUOT_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(proc);
  proc.once('exit', () => alive.delete(proc));
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 'serving' line within 90 s: ${out}\n${err}`)), 90_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+),"startServerMs":\d+,"sinceProcessStartMs":\d+,"msg":"serving"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}: ${out}\n${err}`));
    });
  });
  return { proc, port, stdout: () => out };
}

async function stop(s: Started, signal: NodeJS.Signals): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = once(s.proc, 'exit');
  s.proc.kill(signal);
  await exited;
}

async function emit(port: number, event: string, payload: unknown): Promise<Result<unknown>> {
  const kiosk = io(`http://127.0.0.1:${port}/kiosk`, { transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return (await kiosk.timeout(20_000).emitWithAck(event, payload)) as Result<unknown>;
  } finally {
    kiosk.close();
  }
}

async function issue(port: number): Promise<IssueResult> {
  const r = (await emit(port, 'ticket:issue', { serviceId: 'tu-phap' })) as Result<IssueResult>;
  if (!r.ok) throw new Error(`ticket:issue: ${r.error.code} ${r.error.messageEn}`);
  return r;
}

describe('npm start: the compiled server', () => {
  let dataDir: string;
  let printer: FakePrinter;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'luot-npm-start-'));
    printer = await FakePrinter.start();
  });

  afterAll(async () => {
    for (const p of alive) p.kill('SIGKILL');
    await printer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is what package.json runs: plain node on scripts/start.js, no TypeScript loader', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node scripts/start.js');
  });

  it('rebuilds a stale bundle, then issues, journals and prints a ticket through it; a restart reuses both', { timeout: 240_000 }, async () => {
    // Older than every source: the launcher must build before it serves.
    if (existsSync(stamp)) utimesSync(stamp, new Date(0), new Date(0));
    const first = await start(dataDir, { LUOT_PRINTER: printer.target, LUOT_ADMIN_PASSWORD: 'mat-khau-quan-tri' });
    expect(first.stdout()).toContain('Building the server');
    expect(existsSync(join(root, 'dist-server', 'main.js'))).toBe(true);
    // All ASCII (esbuild leaves non-ASCII in comments and regular expressions; the build escapes
    // them): start.js then reads the 3 MB as latin1, one byte a character, not as a UTF-8 string
    // V8 would hold at two bytes a character.
    for (const f of ['main.js', 'reports-worker.js', 'render-worker.js']) {
      expect(isAscii(readFileSync(join(root, 'dist-server', f))), f).toBe(true);
    }

    const { ticket } = await issue(first.port);
    expect(ticket.number).toMatch(/^\d+$/);
    // zod's English messages are in the bundle (its other locales are left out of it).
    const refused = await emit(first.port, 'ticket:issue', { serviceId: 5 });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error.messageEn).toContain('serviceId — Invalid input: expected string, received number');
    // The printing worker thread is dist-server/render-worker.js: the ticket reaches the printer.
    await printer.waitForJobs(1, 30_000);
    expect(printer.completeJobs.length).toBeGreaterThanOrEqual(1);

    // Files the bundle finds beside the project, not beside itself: the voice clips and the apps.
    const clip = await fetch(`http://127.0.0.1:${first.port}/clips/num-1`);
    expect(clip.status).toBe(200);
    expect((await clip.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const kioskPage = await fetch(`http://127.0.0.1:${first.port}/kiosk/`);
    expect(kioskPage.status).toBe(200);
    expect(await kioskPage.text()).toContain('<html');
    // argon2 (a native package, left outside the bundle) checks the admin's password.
    const login = await fetch(`http://127.0.0.1:${first.port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'mat-khau-quan-tri' }),
    });
    expect(((await login.json()) as { ok: boolean }).ok).toBe(true);

    // Acknowledged means on disk: a power cut right after the ack keeps the ticket.
    await stop(first, 'SIGKILL');
    const day = serviceDayOf(new Date(), 'Asia/Ho_Chi_Minh');
    const journal = readFileSync(join(dataDir, 'journal', `${day}.jsonl`), 'utf8');
    expect(journal).toContain(`"type":"ticket:issued"`);
    expect(journal).toContain(ticket.id);

    // A clean stop leaves the code cache; the next start builds nothing and numbers on.
    const second = await start(dataDir);
    await stop(second, 'SIGTERM');
    expect(existsSync(join(root, 'dist-server', 'main.js.cache'))).toBe(true);
    const third = await start(dataDir);
    expect(third.stdout()).not.toContain('Building');
    const next = await issue(third.port);
    expect(Number(next.ticket.number)).toBe(Number(ticket.number) + 1);
    await stop(third, 'SIGTERM');
  });
});
