// Spawns test/support/mem-server.ts (with --expose-gc) and asks it for its memory figures.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

export interface MemSample {
  /** After forced full collections (when gc was exposed). */
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  /** VmRSS from /proc/<pid>/status, in bytes (Linux), as the OS sees the process. */
  vmRss: number | null;
  gc: boolean;
}

export interface MemChild {
  proc: ChildProcess;
  url: string;
  port: number;
  stderr: () => string;
  mem(): Promise<MemSample>;
  stop(): Promise<void>;
}

const alive = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of alive) p.kill('SIGKILL');
});

async function vmRss(pid: number): Promise<number | null> {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export async function spawnMemServer(dataDir: string): Promise<MemChild> {
  const proc = fork(join(root, 'test/support/mem-server.ts'), [], {
    cwd: root,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, LUOT_DATA_DIR: dataDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  alive.add(proc);
  proc.once('exit', () => alive.delete(proc));
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`mem server did not start: ${err}`)), 30_000);
    proc.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'ready' && m.port) {
        clearTimeout(timer);
        resolvePort(m.port);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mem server exited with ${code}: ${err}`));
    });
  });
  let seq = 0;
  return {
    proc,
    port,
    url: `http://127.0.0.1:${port}`,
    stderr: () => err,
    async mem() {
      const id = ++seq;
      const answer = new Promise<Omit<MemSample, 'vmRss'>>((resolveMem, reject) => {
        const timer = setTimeout(() => reject(new Error('mem server did not answer')), 30_000);
        const onMessage = (m: { type?: string; id?: number } & Omit<MemSample, 'vmRss'>) => {
          if (m?.type !== 'mem' || m.id !== id) return;
          clearTimeout(timer);
          proc.off('message', onMessage);
          resolveMem(m);
        };
        proc.on('message', onMessage);
      });
      proc.send({ type: 'mem', id });
      const m = await answer;
      return { ...m, vmRss: await vmRss(proc.pid!) };
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill('SIGTERM');
      await exited;
    },
  };
}
