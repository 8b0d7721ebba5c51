// The journal's file operations behind one seam. Durability is a property of the order of
// these calls (append, then datasync, then answer), which no test can see through `fs`
// itself: tests wrap `nodeFsOps` to record that order or to make the disk fail or hang.
import { writeSync } from 'node:fs';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { fsyncDir } from './durable-file.js';

export interface AppendHandle {
  append(text: string): Promise<void>;
  /** Resolves once everything appended through any handle of the file is on the disk. */
  datasync(): Promise<void>;
  close(): Promise<void>;
}

export interface FsOps {
  openAppend(path: string): Promise<AppendHandle>;
  syncDir(dir: string): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  /** Writes a whole new file and flushes it (the first step of replacing one durably). */
  writeFlushed(path: string, data: Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeFsOps: FsOps = {
  async openAppend(path) {
    const fh = await open(path, 'a');
    return {
      // One write of the whole text (more only after a short write), without appendFile's
      // general machinery (options, abort signal, chunking): it runs once per journal flush.
      // Written on this thread: a write lands in the page cache in tens of microseconds, while a
      // trip through libuv's pool came back only when a busy event loop next polled (1.6 ms per
      // flush at 20 kiosks, beside 2.7 ms for its datasync). The datasync, which is what waits on
      // the disk and may hang, stays in the pool under the journal's time limit; after a hung one
      // the journal refuses appends, so no write follows it onto a disk that stopped answering.
      append: async (text) => {
        const buf = Buffer.from(text, 'utf8');
        for (let off = 0; off < buf.length; ) {
          const bytesWritten = writeSync(fh.fd, buf, off, buf.length - off);
          if (bytesWritten === 0) throw new Error('journal: the disk took none of the bytes written');
          off += bytesWritten;
        }
      },
      datasync: () => fh.datasync(),
      close: () => fh.close(),
    };
  },
  syncDir: fsyncDir,
  readFile: (path) => readFile(path),
  writeFlushed: (path, data) => writeFile(path, data, { flush: true }),
  rename: (from, to) => rename(from, to),
  unlink: (path) => unlink(path),
};
