// Spawns test/support/child-server.ts and waits for its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

export interface Child {
  proc: ChildProcess;
  port: number;
  url: string;
  stderr: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

// A test that fails mid-round must not leave servers running behind it.
const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of alive) p.kill('SIGKILL');
});

export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/child-server.ts')], {
    cwd: root,
    env: { ...process.env, LUOT_DATA_DIR: dataDir, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.add(proc);
  proc.once('exit', () => alive.delete(proc));
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: proc.stdout! });
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      // A start given up on must not keep running (and holding a database) behind the test.
      proc.kill('SIGKILL');
      reject(new Error(`child server did not start: ${err}`));
    }, Number(process.env.LUOT_CHILD_START_MS ?? 20_000));
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { port?: number };
        if (msg.port) {
          clearTimeout(timer);
          resolvePort(msg.port);
        }
      } catch {
        // not ours
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child server exited with ${code}: ${err}`));
    });
  });
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    stderr: () => err,
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill(signal);
      await exited;
    },
  };
}
