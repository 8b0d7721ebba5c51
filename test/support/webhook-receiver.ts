// A webhook receiver on loopback (node:http): records every request as it arrived, answers as
// the test says (2xx, 500, or never), and checks signatures by the documented scheme with its
// own code (not the server's), so a wrong scheme on the server fails the test.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = 'ok' | 'fail' | 'hang';

export interface Received {
  headers: IncomingMessage['headers'];
  raw: string;
  body: { id: string; type: string; at: string; rev: number | null; office: { id: string; slug: string }; data: Record<string, any> };
  answered: Answer;
}

/** Receiver side of README "Webhooks": `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function verify(secret: string, header: string | undefined, raw: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  if (Math.abs(Date.now() / 1000 - Number(m[1])) > 300) return false;
  const want = createHmac('sha256', secret).update(`${m[1]}.${raw}`).digest();
  return timingSafeEqual(want, Buffer.from(m[2]!, 'hex'));
}

export interface Receiver {
  url: string;
  received: Received[];
  /** How the next requests are answered: a fixed answer, or per request. */
  answer: Answer | ((n: number) => Answer);
  /** Requests held open right now ('hang'). */
  readonly open: number;
  /** Received and answered 2xx, first of each delivery id, in order of arrival. */
  delivered(): Received[];
  waitFor(pred: (r: Receiver) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(answer: Receiver['answer'] = 'ok'): Promise<Receiver> {
  const held = new Set<ServerResponse>();
  const r: Receiver = {
    url: '',
    received: [],
    answer,
    get open() {
      return held.size;
    },
    delivered() {
      const seen = new Set<string>();
      return r.received.filter((x) => x.answered === 'ok' && !seen.has(x.body.id) && seen.add(x.body.id));
    },
    async waitFor(pred, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!pred(r)) {
        if (Date.now() > until) throw new Error(`webhook receiver: condition not met in ${timeoutMs} ms (${r.received.length} received)`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const a = typeof r.answer === 'function' ? r.answer(r.received.length) : r.answer;
      r.received.push({ headers: req.headers, raw, body: JSON.parse(raw), answered: a });
      if (a === 'hang') {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      res.statusCode = a === 'ok' ? 204 : 500;
      res.end();
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}
