// The office's own voice clips: `<dataDir>/clips/<name>.<wav|ogg|mp3>`, served at /clips/<name>
// ahead of the bundled pack. One file per clip name; every change gives the set a new version,
// which displays use to drop the clips they hold and fetch the new ones.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from './durable-file.js';

export type ClipExt = 'wav' | 'ogg' | 'mp3';
export const CLIP_TYPES: Readonly<Record<string, ClipExt>> = {
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
};
/** A clip is one word or phrase: a few seconds of audio, far below this. */
export const CLIP_MAX_BYTES = 2 * 1024 * 1024;
const FILE = /^([a-z0-9-]{1,40})\.(wav|ogg|mp3)$/;
/** The version of a folder with no recording of the office's: the bundled pack alone. */
export const BUNDLED_VERSION = 'bundled';

export interface StoredClip {
  name: string;
  ext: ClipExt;
  bytes: number;
}

/** The first bytes of each accepted format: a renamed text or image file is refused. */
export function looksLike(ext: ClipExt, b: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (ext === 'wav') return b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE';
  if (ext === 'ogg') return b.length >= 4 && ascii(0, 4) === 'OggS';
  // MP3: an ID3 tag, or straight into an MPEG audio frame (11 sync bits).
  return b.length >= 3 && (ascii(0, 3) === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0));
}

/**
 * An office's own clips, wherever they are kept: a folder beside its journal (ClipStore), or the
 * database every process of a deployment shares (store/pg/clips.ts).
 */
export interface ClipStorage {
  list(): Promise<StoredClip[]>;
  /** Changes whenever the set does; `BUNDLED_VERSION` when the office has no clip of its own. */
  version(): Promise<string>;
  /** The clip `name` (without extension) as uploaded, or null: the bundled pack's is played. */
  read(name: string): Promise<{ ext: ClipExt; body: Buffer } | null>;
  save(name: string, ext: ClipExt, body: Uint8Array): Promise<void>;
  reset(): Promise<number>;
  zip(): Promise<Uint8Array>;
  /** After each change made through this object (displays are told through the adapter). */
  onChange(listener: (version: string) => void): () => void;
}

export class ClipStore implements ClipStorage {
  private listeners = new Set<(version: string) => void>();
  /** Writes one at a time: a reset racing an upload must not leave half of each. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  async list(): Promise<StoredClip[]> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const clips: StoredClip[] = [];
    for (const f of files.sort()) {
      const m = FILE.exec(f);
      if (!m) continue;
      const s = await stat(join(this.dir, f)).catch(() => null);
      if (s?.isFile()) clips.push({ name: m[1]!, ext: m[2] as ClipExt, bytes: s.size });
    }
    return clips;
  }

  /**
   * The set's version: a hash of names, sizes and modification times. Derived from the folder,
   * not counted or cached, so a restart, a hand copy of files or another process of the same
   * office (realtime/cluster.ts) gives the right one without any shared state. A display asks
   * it once per connection: ~50 stats.
   */
  async version(): Promise<string> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const h = createHash('sha256');
    let any = false;
    for (const f of files.filter((x) => FILE.test(x)).sort()) {
      const s = await stat(join(this.dir, f)).catch(() => null);
      if (!s) continue;
      any = true;
      h.update(`${f}\0${s.size}\0${s.mtimeMs}\0${s.ino}\n`);
    }
    return any ? h.digest('hex').slice(0, 16) : BUNDLED_VERSION;
  }

  async read(name: string): Promise<{ ext: ClipExt; body: Buffer } | null> {
    for (const ext of Object.values(CLIP_TYPES)) {
      const body = await readFile(join(this.dir, `${name}.${ext}`)).catch(() => null);
      if (body) return { ext, body };
    }
    return null;
  }

  /** Replaces the clip `name` (in whatever format it had) with `body`. */
  save(name: string, ext: ClipExt, body: Uint8Array): Promise<void> {
    return this.serial(async () => {
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `.${name}.${process.pid}.tmp`);
      await writeFile(tmp, body, { flush: true });
      await rename(tmp, join(this.dir, `${name}.${ext}`));
      // One file per clip name: a clip re-uploaded as OGG must not leave the old WAV to be played.
      for (const other of Object.values(CLIP_TYPES)) {
        if (other !== ext) await rm(join(this.dir, `${name}.${other}`), { force: true });
      }
      await fsyncDir(this.dir);
    });
  }

  /** Back to the bundled pack: every recording of the office's is removed. */
  reset(): Promise<number> {
    return this.serial(async () => {
      const files = (await readdir(this.dir).catch(() => [] as string[])).filter((f) => FILE.test(f));
      for (const f of files) await rm(join(this.dir, f), { force: true });
      if (files.length) await fsyncDir(this.dir);
      return files.length;
    });
  }

  /** The office's recordings as one zip (stored, not deflated: audio does not shrink). */
  async zip(): Promise<Uint8Array> {
    const entries: Record<string, Uint8Array> = {};
    for (const c of await this.list()) entries[`${c.name}.${c.ext}`] = await readFile(join(this.dir, `${c.name}.${c.ext}`));
    // Loaded here, for the rare download: its tables were ~4 % of a server's start (issue 10).
    const { zipSync } = await import('fflate');
    return zipSync(entries, { level: 0 });
  }

  onChange(listener: (version: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      const version = await this.version();
      for (const l of this.listeners) l(version);
    }
  }
}
