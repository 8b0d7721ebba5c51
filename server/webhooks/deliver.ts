// One HTTP POST of one webhook event: signed, under a time limit, never following redirects
// (a receiver moved elsewhere is a failure the admin sees, not a silent hop to another host).
import type { WebhookDelivery } from '../../shared/webhooks.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeader } from './sign.js';

export interface WebhookPayload {
  id: string;
  type: string;
  /** When the event happened (the journal's time), ISO 8601. */
  at: string;
  /** The office's journal revision of the event: increasing, so receivers can also order by it. */
  rev: number | null;
  office: { id: string; slug: string; name: { vi: string; en: string } };
  data: Record<string, unknown>;
}

export async function postWebhook(
  target: { url: string; secret: string },
  payload: WebhookPayload,
  opts: { timeoutMs: number; attempt: number; now: () => Date },
): Promise<WebhookDelivery> {
  const body = JSON.stringify(payload);
  // Real time, not the office clock: receivers compare it with their own.
  const t = Math.floor(Date.now() / 1000);
  const base = { id: payload.id, type: payload.type, rev: payload.rev, at: opts.now().toISOString(), attempt: opts.attempt, givenUp: false };
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Luot-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(target.secret, t, body),
        [TIMESTAMP_HEADER]: String(t),
        [DELIVERY_HEADER]: payload.id,
        [EVENT_HEADER]: payload.type,
      },
      body,
    });
    // The answer's body is not read: a receiver streaming a large one must not hold us.
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ...base, status: res.status, ok, error: ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const error = err.name === 'TimeoutError' ? `timeout after ${opts.timeoutMs} ms` : (err.cause?.code ?? err.message);
    return { ...base, status: null, ok: false, error: String(error).slice(0, 200) };
  }
}
