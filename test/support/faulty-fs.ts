// The journal's real file operations, wrapped: every call is recorded in one global order
// (append, datasync started, datasync resolved), and the disk can be made to fail (EIO,
// ENOSPC after half a write) or to hang until the test releases it.
import { nodeFsOps, type AppendHandle, type FsOps } from '../../server/store/fs-ops.js';

export type DiskMode = 'ok' | 'eio' | 'enospc' | 'hang';

export type FsRecord =
  | { k: 'append'; at: number; handle: number; text: string }
  /** `covers`: how many appends of the handle had completed when the sync was called. */
  | { k: 'synced'; at: number; handle: number; covers: number }
  | { k: 'fault'; at: number; op: string; mode: DiskMode };

function fault(mode: 'eio' | 'enospc', op: string): Error {
  const code = mode === 'eio' ? 'EIO' : 'ENOSPC';
  return Object.assign(new Error(`${code}: ${mode === 'eio' ? 'i/o error' : 'no space left on device'}, ${op}`), { code });
}

export class FaultyFs {
  readonly log: FsRecord[] = [];
  mode: DiskMode = 'ok';
  /** The next call of this operation hangs (until `release()`), whatever the mode. */
  hangOnce: string | null = null;
  /** Extra time each datasync takes, so an answer sent before its sync would show in the order. */
  syncDelayMs = 0;
  private order = 0;
  private handles = 0;
  private hung: (() => void)[] = [];
  /** Calls still hanging (released by `release()`). */
  get hanging(): number {
    return this.hung.length;
  }

  /** A global, monotonically increasing stamp shared with the test's own records. */
  tick(): number {
    return ++this.order;
  }

  /** Lets every hung call go on to the real disk (as a hung fsync that finally returns). */
  release(): void {
    const h = this.hung;
    this.hung = [];
    for (const r of h) r();
  }

  private async gate(op: string): Promise<void> {
    if (this.hangOnce === op) {
      this.hangOnce = null;
      this.log.push({ k: 'fault', at: this.tick(), op, mode: 'hang' });
      return new Promise((resolve) => this.hung.push(resolve));
    }
    const mode = this.mode;
    if (mode === 'ok') return;
    // A hung disk: writes still land in the page cache; what waits for the disk never returns.
    if (mode === 'hang' && (op === 'append' || op === 'open')) return;
    this.log.push({ k: 'fault', at: this.tick(), op, mode });
    if (mode === 'hang') return new Promise((resolve) => this.hung.push(resolve));
    if (mode === 'eio' || op !== 'append') throw fault(mode === 'enospc' ? 'enospc' : 'eio', op);
  }

  readonly ops: FsOps = {
    openAppend: async (path) => {
      await this.gate('open');
      const real = await nodeFsOps.openAppend(path);
      const handle = ++this.handles;
      let appended = 0;
      const h: AppendHandle = {
        append: async (text) => {
          if (this.mode === 'enospc') {
            // A full disk: part of the text may be written before the error.
            await real.append(text.slice(0, Math.floor(text.length / 2)));
            await this.gate('append');
            throw fault('enospc', 'write');
          }
          await this.gate('append');
          await real.append(text);
          appended++;
          this.log.push({ k: 'append', at: this.tick(), handle, text });
        },
        datasync: async () => {
          const covers = appended;
          await this.gate('datasync');
          if (this.syncDelayMs) await new Promise((r) => setTimeout(r, this.syncDelayMs));
          await real.datasync();
          this.log.push({ k: 'synced', at: this.tick(), handle, covers });
        },
        close: () => real.close(),
      };
      return h;
    },
    syncDir: async (dir) => {
      await this.gate('syncDir');
      await nodeFsOps.syncDir(dir);
    },
    readFile: (path) => nodeFsOps.readFile(path),
    writeFlushed: async (path, data) => {
      await this.gate('writeFlushed');
      await nodeFsOps.writeFlushed(path, data);
    },
    // Renames and unlinks touch only a directory entry: the data path is what fails here.
    rename: (from, to) => nodeFsOps.rename(from, to),
    unlink: (path) => nodeFsOps.unlink(path),
  };
}
