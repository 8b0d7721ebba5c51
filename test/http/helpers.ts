// Small helpers shared by the HTTP/socket contract tests (not a test file itself).
import { expect } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ApiError, Result } from '../../shared/errors.js';
import type { IssueResult, PublicTicket, Snapshot } from '../../shared/types.js';
import { request, type TestServer } from '../support/server.js';

/** An error envelope: `{ ok: false, error: { code, field? } }`, with a non-empty Vietnamese message. */
export function expectError(r: Result<unknown> | { ok: boolean; error?: ApiError }, code: ApiError['code'], field?: string): void {
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (r.ok) return;
  const error = (r as { error: ApiError }).error;
  expect(error.code, JSON.stringify(error)).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(error.field, JSON.stringify(error)).toBe(field);
}

/** GET with a bearer token and an arbitrary query string; the raw Response. */
export function get(server: TestServer, path: string, token?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export async function snapshotOf(server: TestServer): Promise<Snapshot> {
  const r = await server.api<{ snapshot: Snapshot }>('GET', '/api/state');
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.snapshot;
}

export async function issueOn(kiosk: Socket, serviceId: string, extra: Record<string, unknown> = {}): Promise<IssueResult> {
  const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId, ...extra });
  if (!r.ok) throw new Error(`ticket:issue ${serviceId}: ${r.error.code} ${r.error.message}`);
  return r;
}

export async function act<T = { ticket: PublicTicket }>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const r = await request<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${event} ${JSON.stringify(payload)}: ${r.error.code} ${r.error.message}`);
  return r;
}

/** Emits with a short timeout: resolves with the ack, or with 'no-ack' when none came. */
export async function emitNoAckExpected(socket: Socket, event: string, payload: unknown, ms = 300): Promise<unknown> {
  try {
    return await socket.timeout(ms).emitWithAck(event, payload);
  } catch {
    return 'no-ack';
  }
}

/** Resolves with the socket.io connect_error of a refused connection, or throws if it connected. */
export async function refusal(server: TestServer, namespace: '/display' | '/kiosk' | '/counter', auth?: Record<string, unknown>) {
  try {
    await server.connect(namespace, auth);
  } catch (e) {
    return e as Error & { data?: ApiError };
  }
  throw new Error(`${namespace} accepted a connection it should refuse (${JSON.stringify(auth)})`);
}

/** Pairs a counter's display as an admin would: returns the display key its screen keeps. */
export async function pairDisplay(server: TestServer, counterId: string, adminToken?: string): Promise<string> {
  const r = await server.api<{ displayKey: string }>('POST', `/api/counters/${counterId}/display-key`, undefined, adminToken ?? (await server.login()));
  if (!r.body.ok) throw new Error(`display-key ${counterId}: ${r.body.error.message}`);
  return r.body.displayKey;
}

/** POST /api/counters/:id/rating as the paired counter display does (with its X-Display-Key). */
export async function rateAtCounterDisplay(server: TestServer, counterId: string, displayKey: string | null, score: unknown) {
  const res = await fetch(`${server.url}/api/counters/${counterId}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(displayKey === null ? {} : { 'x-display-key': displayKey }) },
    body: JSON.stringify({ score }),
  });
  return { status: res.status, body: (await res.json()) as Result<{ ticketId: string }> };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A local wall-clock instant in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function vnTime(day: string, hhmm: string, ss = '00'): Date {
  return new Date(`${day}T${hhmm}:${ss}+07:00`);
}
