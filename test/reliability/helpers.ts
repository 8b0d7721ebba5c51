// Small helpers shared by the reliability suites (not a test file itself).
import { io, type Socket } from 'socket.io-client';
import type { Result } from '../../shared/errors.js';
import { STATE_NAMES } from '../../shared/i18n.js';
import type { LoginResult, TicketState } from '../../shared/types.js';
import { DEMO_SERVICES } from '../../server/demo.js';
import { parseCsv } from '../support/csv.js';

export const ADMIN_PASSWORD = 'mat-khau-quan-tri';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `cond` holds; the servers work on their own timers, tests wait for outcomes. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A socket.io client that does not reconnect by itself, connected (or refused) when returned. */
export function connectTo(url: string, nsp: '/display' | '/kiosk' | '/counter', auth: object = {}): Promise<Socket> {
  const s = io(`${url}${nsp}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => {
      s.close();
      reject(e);
    });
  });
}

/** A JSON call to a server that must succeed: throws the server's own message when it answers ok: false. */
export async function apiOk<T>(url: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const out = (await res.json()) as Result<T>;
  if (!out.ok) throw new Error(`${method} ${path}: ${out.error.message}`);
  return out;
}

/**
 * A request whose outcome may be unknown: null when the connection is gone or no ack came in
 * time (the server may or may not have done it), the envelope otherwise.
 */
export async function ask<T = Record<string, unknown>>(s: Socket, event: string, payload: unknown, timeoutMs = 10_000): Promise<Result<T> | null> {
  if (!s.connected) return null;
  try {
    return (await s.timeout(timeoutMs).emitWithAck(event, payload)) as Result<T>;
  } catch {
    return null;
  }
}

/** A request that must succeed. */
export async function must<T = Record<string, unknown>>(s: Socket, event: string, payload: unknown): Promise<T & { ok: true }> {
  const r = await ask<T>(s, event, payload, 15_000);
  if (!r) throw new Error(`${event} ${JSON.stringify(payload)}: no answer`);
  if (!r.ok) throw new Error(`${event} ${JSON.stringify(payload)}: ${r.error.code} ${r.error.messageEn ?? r.error.message}`);
  return r;
}

export async function loginAt(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as Result<LoginResult>;
  if (!body.ok) throw new Error(`login ${username}: ${body.error.message}`);
  return body.token;
}

export async function getJson<T>(url: string, token?: string): Promise<T> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return (await res.json()) as T;
}


export interface CsvTicket {
  id: string;
  number: string;
  serviceId: string;
  state: TicketState;
  callCount: number;
  fileCode: string;
}

const STATE_BY_NAME = new Map(Object.entries(STATE_NAMES).map(([k, v]) => [v.vi, k as TicketState]));
const SERVICE_BY_NAME = new Map(DEMO_SERVICES.map((s) => [s.name.vi, s.id]));

/** Every ticket of `day` as the supervisor's CSV export shows it (the demo office's services). */
export async function ticketsFromCsv(url: string, token: string, day: string): Promise<CsvTicket[]> {
  const res = await fetch(`${url}/api/reports/tickets.csv?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`tickets.csv: ${res.status} ${await res.text()}`);
  const rows = parseCsv(await res.text());
  return rows.slice(1).map((r) => ({
    number: r[1]!,
    serviceId: SERVICE_BY_NAME.get(r[2]!) ?? r[2]!,
    state: STATE_BY_NAME.get(r[4]!) ?? (r[4] as TicketState),
    callCount: Number(r[10]),
    fileCode: r[14]!,
    id: r[17]!,
  }));
}

/** The numeric part of a ticket number ("A015" → 15, "1003" → 1003). */
export function seqOf(number: string): number {
  return Number(number.replace(/^[A-Z]+/, ''));
}
