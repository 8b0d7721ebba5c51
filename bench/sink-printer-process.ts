// The sink printer (sink-printer.ts) in a process of its own, as a network printer is a device
// of its own: in the bench's process its reads of every job (~50 kB a ticket) and its accepts
// and closes would share the event loop that times the kiosks' acks, and count against
// printing only. Run as a script it is the printer; imported, startSinkProcess() starts one
// and asks it for its counts over IPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SinkPrinter } from './sink-printer.js';

export interface SinkCounts {
  jobs: number;
  bytes: number;
  connections: number;
  statusRequests: number;
}

type Ask = { id: number; op: 'counts' | 'wait' | 'stop'; n?: number; timeoutMs?: number };
type Answer = { id: number; ok: boolean; counts?: SinkCounts; error?: string };

const countsOf = (p: SinkPrinter): SinkCounts => ({ jobs: p.jobs, bytes: p.bytes, connections: p.connections, statusRequests: p.statusRequests });

export class SinkProcess {
  private seq = 0;
  private readonly waiting = new Map<number, (a: Answer) => void>();

  private constructor(private readonly child: ChildProcess, readonly target: string) {
    child.on('message', (a: Answer) => {
      this.waiting.get(a.id)?.(a);
      this.waiting.delete(a.id);
    });
  }

  static async start(): Promise<SinkProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    // A real printer brings its own processor. This stand-in spends ~0.8-1 ms of CPU per job
    // (accept, read ~50 kB, answer the status, close) on the cores the server and the kiosks
    // share, on the printing side only: at the lowest priority it takes what they leave, as a
    // device would take none of it.
    try {
      if (child.pid) setPriority(child.pid, 19);
    } catch {
      // Not allowed here: it runs at the bench's priority, and the printing side pays for it.
    }
    const target = await new Promise<string>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error('sink printer: no READY line within 30 s')), 30_000);
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        buf += chunk;
        const m = /^READY (\S+)$/m.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sink printer exited with ${code}`));
      });
    });
    return new SinkProcess(child, target);
  }

  private ask(op: Ask['op'], extra: Partial<Ask> = {}): Promise<Answer> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (a) => (a.ok ? resolve(a) : reject(new Error(a.error))));
      this.child.send({ id, op, ...extra } satisfies Ask);
    });
  }

  /** The printer's process: its CPU is a device's, not the server's. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  async counts(): Promise<SinkCounts> {
    return (await this.ask('counts')).counts!;
  }

  /** Resolves once `n` jobs have arrived in all; rejects after `timeoutMs`. */
  async waitForJobs(n: number, timeoutMs: number): Promise<SinkCounts> {
    return (await this.ask('wait', { n, timeoutMs })).counts!;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.ask('stop').catch(() => undefined);
    await exited;
  }
}

if (process.argv.includes('--serve')) {
  const printer = await SinkPrinter.start();
  const reply = (a: Answer): void => void process.send?.(a);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: Ask) => {
    if (m.op === 'counts') reply({ id: m.id, ok: true, counts: countsOf(printer) });
    else if (m.op === 'wait') {
      printer.waitForJobs(m.n ?? 0, m.timeoutMs ?? 60_000).then(
        () => reply({ id: m.id, ok: true, counts: countsOf(printer) }),
        (err: Error) => reply({ id: m.id, ok: false, error: err.message }),
      );
    } else if (m.op === 'stop') {
      void printer.stop().then(() => {
        reply({ id: m.id, ok: true });
        process.disconnect();
      });
    }
  });
  console.log(`READY ${printer.target}`);
}
