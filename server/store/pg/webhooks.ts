// An office's webhook cursors in the database (webhook_cursors), and the lease that lets exactly
// one process of the deployment deliver them (webhook_leases): a row with a holder and an
// expiry, taken when free or expired and renewed by its holder. A process that dies stops
// renewing; another takes over within LEASE_S and resumes from the saved cursors (at least once).
import type pg from 'pg';
import type { EndpointCursor, WebhookStateStore } from '../../webhooks/state-store.js';

/** How long a claim holds; the dispatcher renews it every 10 s. */
const LEASE_S = 30;

export class PgWebhookState implements WebhookStateStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly officeId: string,
  ) {}

  async load(): Promise<Record<string, EndpointCursor>> {
    const r = await this.pool.query<{ endpoint_id: string; data: EndpointCursor }>(
      'SELECT endpoint_id, data FROM webhook_cursors WHERE office_id = $1',
      [this.officeId],
    );
    return Object.fromEntries(r.rows.map((x) => [x.endpoint_id, x.data]));
  }

  async save(endpointId: string, cursor: EndpointCursor): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhook_cursors (office_id, endpoint_id, data) VALUES ($1, $2, $3)
       ON CONFLICT (office_id, endpoint_id) DO UPDATE SET data = EXCLUDED.data`,
      [this.officeId, endpointId, JSON.stringify(cursor)],
    );
  }

  async remove(endpointId: string): Promise<void> {
    await this.pool.query('DELETE FROM webhook_cursors WHERE office_id = $1 AND endpoint_id = $2', [this.officeId, endpointId]);
  }

  async claim(holder: string): Promise<boolean> {
    const r = await this.pool.query<{ holder: string }>(
      `INSERT INTO webhook_leases (office_id, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (office_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE webhook_leases.holder = EXCLUDED.holder OR webhook_leases.expires_at < now()
       RETURNING holder`,
      [this.officeId, holder, LEASE_S],
    );
    return r.rows.length === 1;
  }

  async release(holder: string): Promise<void> {
    await this.pool.query('DELETE FROM webhook_leases WHERE office_id = $1 AND holder = $2', [this.officeId, holder]);
  }
}
