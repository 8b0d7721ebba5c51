// A JSON document in one row (the deployment's accounts, an office's configuration), shared by
// every process. JSONB, not columns: the shape is the domain layer's (zod schemas in config.ts),
// read whole at start and written whole by rare admin changes; columns would repeat that schema
// in SQL and need a migration for every new setting. The row's version orders the writers.
import type pg from 'pg';
import { transaction } from './pool.js';

export interface Repository<T> {
  readonly data: Readonly<T>;
  update<R>(change: (draft: T) => R): Promise<{ result: R; changed: boolean }>;
  reread?(): Promise<boolean>;
}

export type JsonTable = 'deployment' | 'office_config';

const KEY: Record<JsonTable, string> = { deployment: 'id', office_config: 'office_id' };

export class PgJsonRepository<T> implements Repository<T> {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly table: JsonTable,
    private readonly id: string | number,
    private current: T,
    private version: number,
    /** More to write in the same transaction as a change (copies of the document's parts). */
    private readonly alongside?: (c: pg.PoolClient, data: T) => Promise<void>,
  ) {}

  /** Reads the row, or inserts `seed()` when there is none (a new deployment or office). */
  static async open<T>(
    pool: pg.Pool,
    table: JsonTable,
    id: string | number,
    seed: () => Promise<T>,
    alongside?: (c: pg.PoolClient, data: T) => Promise<void>,
  ): Promise<{ repo: PgJsonRepository<T>; created: boolean }> {
    const read = () => pool.query<{ data: T; version: string }>(`SELECT data, version::text AS version FROM ${table} WHERE ${KEY[table]} = $1`, [id]);
    let row = (await read()).rows[0];
    let created = false;
    if (!row) {
      const data = await seed();
      // Two processes starting on an empty database: one insert wins, both read it.
      created = await transaction(pool, async (c) => {
        const ins = await c.query(`INSERT INTO ${table} (${KEY[table]}, data) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, JSON.stringify(data)]);
        if (ins.rowCount === 1) await alongside?.(c, data);
        return ins.rowCount === 1;
      });
      row = (await read()).rows[0]!;
    }
    return { repo: new PgJsonRepository(pool, table, id, row.data, Number(row.version), alongside), created };
  }

  get data(): Readonly<T> {
    return this.current;
  }

  reread(): Promise<boolean> {
    return this.refresh();
  }

  /** Reads the row again if another process changed it. */
  async refresh(): Promise<boolean> {
    const r = await this.pool.query<{ data: T; version: string }>(
      `SELECT data, version::text AS version FROM ${this.table} WHERE ${KEY[this.table]} = $1 AND version > $2`,
      [this.id, this.version],
    );
    const row = r.rows[0];
    // A change of our own committed while this read was on its way may be newer still.
    if (!row || Number(row.version) <= this.version) return false;
    this.current = row.data;
    this.version = Number(row.version);
    for (const l of this.readListeners) l();
    return true;
  }

  private readonly readListeners = new Set<() => void>();

  /** Called after a read brought another process's newer version (on a notification or a `reread`). */
  onNewerRead(listener: () => void): () => void {
    this.readListeners.add(listener);
    return () => this.readListeners.delete(listener);
  }

  /**
   * `change` runs on the row as it is in the database, locked (SELECT … FOR UPDATE), so two
   * processes' changes never overwrite each other; the live data changes only after COMMIT.
   */
  update<R>(change: (draft: T) => R): Promise<{ result: R; changed: boolean }> {
    const run = this.chain.then(() =>
      transaction(this.pool, async (c) => {
        const r = await c.query<{ data: T; version: string }>(
          `SELECT data, version::text AS version FROM ${this.table} WHERE ${KEY[this.table]} = $1 FOR UPDATE`,
          [this.id],
        );
        const row = r.rows[0];
        if (!row) throw new Error(`${this.table} ${this.id}: no such row`);
        const before = JSON.stringify(row.data);
        const draft = JSON.parse(before) as T;
        const result = change(draft);
        const after = JSON.stringify(draft);
        if (after === before) return { result, changed: false, draft: row.data, version: Number(row.version) };
        const u = await c.query<{ version: string }>(
          `UPDATE ${this.table} SET data = $2, version = version + 1 WHERE ${KEY[this.table]} = $1 RETURNING version::text AS version`,
          [this.id, after],
        );
        await this.alongside?.(c, draft);
        await c.query(`SELECT pg_notify('luot_config', $1)`, [`${this.table} ${this.id}`]);
        const version = Number(u.rows[0]!.version);
        return { result, changed: true, draft: JSON.parse(after) as T, version };
      }).then((out) => {
        // A notification's re-read may already hold a newer version than this change.
        if (out.version >= this.version) {
          this.current = out.draft;
          this.version = out.version;
        }
        return { result: out.result, changed: out.changed };
      }),
    );
    this.chain = run.then(() => undefined, () => undefined);
    return run;
  }
}
