// One id per user action (a kiosk's tap, a clerk's press), sent again with each retry of that
// action: the server answers a repeated one as it answered the first (issue 10 for tickets,
// server/queue/counter-requests.ts for counter commands).

/**
 * The kiosk keeps a copy of its own (kiosk/kiosk-client.ts): importing this one costs its
 * start-up script ~40 bytes gzip, over its budget (test/build/size-budget.test.ts).
 *
 * A v4 UUID. crypto.randomUUID exists only in secure contexts, and a kiosk or a counter usually
 * opens the server as plain http://<LAN address>, which is not one; getRandomValues works everywhere.
 */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
