// Clients for a server in another process (test/support/child.ts): a socket that resolves once
// connected, and a JSON call that throws the server's own message when it answers ok: false.
import { io, type Socket } from 'socket.io-client';
import type { Result } from '../../shared/errors.js';

export function connectSocket(url: string, nsp: string, auth: object = {}): Promise<Socket> {
  const s = io(`${url}${nsp}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => {
      s.close();
      reject(e);
    });
  });
}

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
