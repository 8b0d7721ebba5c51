// lowdb's JSONFile renames without fsync and switches to memory under NODE_ENV=test
// (TECH-NOTES): this adapter writes a flushed temp file, renames, then fsyncs the folder.
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function writeFileDurable(path: string, data: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(tmp, data, { flush: true });
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}

export class DurableJSONFile<T> implements Adapter<T> {
  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as T;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async write(data: T): Promise<void> {
    await writeFileDurable(this.path, JSON.stringify(data, null, 2));
  }
}
