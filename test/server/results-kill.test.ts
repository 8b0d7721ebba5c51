// Issue 15 §1, durability: files marked ready (and a promised date) are acknowledged only once
// journaled, so a SIGKILL right after the answer loses none of them; after the restart the
// kiosk's check says ready and a pickup ticket is issued.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { ResultCheck } from '../../shared/file-code.js';
import type { IssueResult, LoginResult } from '../../shared/types.js';
import { spawnServer, type Child } from '../support/child.js';
import { PICKUP_SERVICE } from '../support/results.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function api<T>(child: Child, method: string, path: string, body?: unknown, token?: string): Promise<Result<T>> {
  const res = await fetch(`${child.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Result<T>;
}

async function admin(child: Child): Promise<string> {
  const r = await api<LoginResult>(child, 'POST', '/api/auth/login', { username: 'admin', password: 'mat-khau-quan-tri' });
  if (!r.ok) throw new Error(r.error.message);
  return r.token;
}

describe('results pickup across SIGKILL', () => {
  it('every file acknowledged as ready is still ready after a power cut', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'luot-results-kill-'));
    dirs.push(dataDir);
    let child = await spawnServer(dataDir, { LOG_LEVEL: 'fatal' });
    const token = await admin(child);
    expect((await api(child, 'POST', '/api/services', PICKUP_SERVICE, token)).ok).toBe(true);
    const codes = Array.from({ length: 40 }, (_, i) => `000.00.12.H29-251130-${String(i + 1).padStart(4, '0')}`);
    // Acknowledged one request at a time, then the kill lands right after the last answer.
    for (let i = 0; i < codes.length; i += 10) {
      const r = await api<{ fileCodes: string[] }>(child, 'POST', '/api/results/ready', { fileCodes: codes.slice(i, i + 10) }, token);
      expect(r.ok).toBe(true);
    }
    expect((await api(child, 'POST', '/api/results/promise', { fileCode: 'H29-251130-9999', date: '2026-12-10' }, token)).ok).toBe(true);
    await child.kill('SIGKILL');

    child = await spawnServer(dataDir, { LOG_LEVEL: 'fatal' });
    try {
      for (const code of codes) {
        const r = await api<{ result: ResultCheck }>(child, 'GET', `/api/results/${code}`);
        expect(r.ok && r.result.status, code).toBe('ready');
      }
      const promised = await api<{ result: ResultCheck }>(child, 'GET', '/api/results/H29-251130-9999');
      expect(promised.ok && promised.result).toEqual({ fileCode: 'H29-251130-9999', status: 'not_ready', promisedDate: '2026-12-10' });
      const pickup = await api<IssueResult>(child, 'POST', '/api/results/pickup', { fileCode: codes[0] });
      expect(pickup.ok && pickup.pickup).toEqual({ fileCode: codes[0], ready: true });
    } finally {
      await child.kill('SIGKILL');
    }
  });
});
