// Helpers of the province tests: a server with several offices made through the province REST.
import { expect } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { OfficeSummary } from '../../shared/types.js';
import { request, type TestServer } from '../support/server.js';

/** Makes an office through POST /api/province/offices, its services and counters copied from `from`. */
export async function createOffice(server: TestServer, slug: string, vi: string, from?: string): Promise<OfficeSummary> {
  const admin = await server.login();
  const r = await server.api<{ office: OfficeSummary }>(
    'POST',
    '/api/province/offices',
    { name: { vi, en: slug }, slug, timeZone: 'Asia/Ho_Chi_Minh', ...(from ? { copyServicesFrom: from } : {}) },
    admin,
  );
  if (!r.body.ok) throw new Error(`office ${slug}: ${r.body.error.message}`);
  expect(r.status).toBe(201);
  return r.body.office;
}

export async function issue(kiosk: Socket, serviceId: string): Promise<string> {
  const r = await request<{ ticket: { number: string } }>(kiosk, 'ticket:issue', { serviceId });
  if (!r.ok) throw new Error(`issue: ${r.error.message}`);
  return r.ticket.number;
}

/** Records every `event` a socket receives from now on. */
export function record<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (x: T) => seen.push(x));
  return seen;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
