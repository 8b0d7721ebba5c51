// An office's own voice clips in the database (table office_clips), so every process of a
// deployment serves the same set: a folder per process would hold only what was uploaded to it.
// The set's version is derived from the rows (names, sizes, times of change), as the folder's
// is from its files, so every process computes the same one without shared state.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { zipSync } from 'fflate';
import { BUNDLED_VERSION, type ClipExt, type ClipStorage, type StoredClip } from '../clips.js';
import { transaction } from './pool.js';

export class PgClipStore implements ClipStorage {
  private readonly listeners = new Set<(version: string) => void>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly officeId: string,
  ) {}

  async list(): Promise<StoredClip[]> {
    const r = await this.pool.query<{ name: string; ext: ClipExt; size: number }>(
      'SELECT name, ext, octet_length(bytes) AS size FROM office_clips WHERE office_id = $1 ORDER BY name',
      [this.officeId],
    );
    return r.rows.map((x) => ({ name: x.name, ext: x.ext, bytes: Number(x.size) }));
  }

  async version(): Promise<string> {
    const r = await this.pool.query<{ name: string; ext: string; size: number; at: string }>(
      `SELECT name, ext, octet_length(bytes) AS size, to_char(changed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at
       FROM office_clips WHERE office_id = $1 ORDER BY name`,
      [this.officeId],
    );
    if (r.rows.length === 0) return BUNDLED_VERSION;
    const h = createHash('sha256');
    for (const x of r.rows) h.update(`${x.name}.${x.ext}\0${x.size}\0${x.at}\n`);
    return h.digest('hex').slice(0, 16);
  }

  async read(name: string): Promise<{ ext: ClipExt; body: Buffer } | null> {
    const r = await this.pool.query<{ ext: ClipExt; bytes: Buffer }>('SELECT ext, bytes FROM office_clips WHERE office_id = $1 AND name = $2', [this.officeId, name]);
    const row = r.rows[0];
    return row ? { ext: row.ext, body: row.bytes } : null;
  }

  /** One row per clip name: a clip re-uploaded as OGG replaces its WAV. Committed before it answers. */
  async save(name: string, ext: ClipExt, body: Uint8Array): Promise<void> {
    await this.pool.query(
      `INSERT INTO office_clips (office_id, name, ext, bytes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (office_id, name) DO UPDATE SET ext = EXCLUDED.ext, bytes = EXCLUDED.bytes, changed_at = clock_timestamp()`,
      [this.officeId, name, ext, Buffer.from(body.buffer, body.byteOffset, body.byteLength)],
    );
    await this.told();
  }

  async reset(): Promise<number> {
    const n = await transaction(this.pool, async (c) => (await c.query('DELETE FROM office_clips WHERE office_id = $1', [this.officeId])).rowCount ?? 0);
    await this.told();
    return n;
  }

  async zip(): Promise<Uint8Array> {
    const r = await this.pool.query<{ name: string; ext: string; bytes: Buffer }>('SELECT name, ext, bytes FROM office_clips WHERE office_id = $1 ORDER BY name', [this.officeId]);
    const entries: Record<string, Uint8Array> = {};
    for (const x of r.rows) entries[`${x.name}.${x.ext}`] = new Uint8Array(x.bytes);
    return zipSync(entries, { level: 0 });
  }

  onChange(listener: (version: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async told(): Promise<void> {
    const version = await this.version();
    for (const l of this.listeners) l(version);
  }
}
