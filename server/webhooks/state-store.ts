// Where each endpoint's delivery cursor lives durably: the journal rev delivered (or skipped)
// up to, the failing head's attempts, and the recent deliveries the settings page shows. The
// events themselves are never copied: they are read again from the journal (already durable).
// Files: one JSON document per office (written whole, flushed, renamed); PostgreSQL: a row per
// endpoint (store/pg/webhooks.ts).
import { join } from 'node:path';
import type { WebhookDelivery } from '../../shared/webhooks.js';
import { DurableJSONFile } from '../store/durable-file.js';

export interface EndpointCursor {
  /** Every event up to this rev was delivered, given up, or not subscribed to. */
  rev: number;
  /** The service day of `rev`'s event: where reading the journal resumes. */
  day: string;
  /** Failed attempts at the event after `rev`, and since when it fails. */
  attempt: number;
  failingSince: string | null;
  givenUp: number;
  recent: WebhookDelivery[];
}

export interface WebhookStateStore {
  load(): Promise<Record<string, EndpointCursor>>;
  save(endpointId: string, cursor: EndpointCursor): Promise<void>;
  remove(endpointId: string): Promise<void>;
  /**
   * Several processes: whether this one delivers the office's webhooks now (held for a while,
   * renewed by calling again). A store of one process always does.
   */
  claim?(holder: string): Promise<boolean>;
  release?(holder: string): Promise<void>;
}

/** `<office folder>/webhooks.json`; writes run one at a time, each durable before the next. */
export class FileWebhookState implements WebhookStateStore {
  private readonly file: DurableJSONFile<Record<string, EndpointCursor>>;
  private data: Record<string, EndpointCursor> | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.file = new DurableJSONFile(join(dir, 'webhooks.json'));
  }

  async load(): Promise<Record<string, EndpointCursor>> {
    this.data ??= (await this.file.read()) ?? {};
    return structuredClone(this.data);
  }

  save(endpointId: string, cursor: EndpointCursor): Promise<void> {
    return this.write((d) => (d[endpointId] = structuredClone(cursor)));
  }

  remove(endpointId: string): Promise<void> {
    return this.write((d) => delete d[endpointId]);
  }

  private write(change: (d: Record<string, EndpointCursor>) => unknown): Promise<void> {
    const run = this.chain.then(async () => {
      const d = (this.data ??= (await this.file.read()) ?? {});
      change(d);
      await this.file.write(d);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
