// Issue 15 §1: another system marks files ready with an integration token an office admin made
// (POST /api/integration-tokens): shown once, stored as its SHA-256 only, listed by name and last
// use, refused once revoked, and good for POST /api/results/ready alone.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrationTokenView } from '../../shared/integration-tokens.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login();
});
afterAll(() => server.stop());

describe('integration tokens', () => {
  it('mark files ready, show their last use, and stop working once revoked', async () => {
    const made = await server.api<{ token: IntegrationTokenView; secret: string }>('POST', '/api/integration-tokens', { name: 'Một cửa điện tử', scope: 'results' }, admin);
    expect(made.status).toBe(201);
    if (!made.body.ok) throw new Error('not made');
    const { token, secret } = made.body;
    expect(token).toMatchObject({ name: 'Một cửa điện tử', scope: 'results', lastUsedAt: null });
    expect(token).not.toHaveProperty('hash');
    expect(secret.length).toBeGreaterThanOrEqual(40);

    // Stored hashed: the office's stored config holds the SHA-256 and never the token.
    const hash = createHash('sha256').update(secret).digest('hex');
    const stored = await server.storedConfigText();
    expect(stored).toContain(hash);
    expect(stored).not.toContain(secret);

    // Listed by name, never revealed again.
    const listed = await server.api<{ tokens: IntegrationTokenView[] }>('GET', '/api/integration-tokens', undefined, admin);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain(hash);

    // Refused without a token, or with a made-up one.
    expect((await server.api('POST', '/api/results/ready', { fileCodes: ['H29-261130-0001'] })).status).toBe(401);
    expect((await server.api('POST', '/api/results/ready', { fileCodes: ['H29-261130-0001'] }, `${secret.slice(0, -2)}xx`)).status).toBe(401);

    const ready = await server.api<{ fileCodes: string[] }>('POST', '/api/results/ready', { fileCodes: ['h29-261130-0001'] }, secret);
    expect(ready.status).toBe(200);
    expect(ready.body.ok && ready.body.fileCodes).toEqual(['H29-261130-0001']);
    const check = await server.api<{ result: { status: string } }>('GET', '/api/results/H29-261130-0001');
    expect(check.body.ok && check.body.result.status).toBe('ready');

    await expect.poll(async () => {
      const r = await server.api<{ tokens: IntegrationTokenView[] }>('GET', '/api/integration-tokens', undefined, admin);
      return r.body.ok ? r.body.tokens.find((x) => x.id === token.id)?.lastUsedAt : undefined;
    }).toEqual(expect.any(String));

    expect((await server.api('DELETE', `/api/integration-tokens/${token.id}`, undefined, admin)).status).toBe(200);
    expect((await server.api('POST', '/api/results/ready', { fileCodes: ['H29-261130-0002'] }, secret)).status).toBe(401);
    expect((await server.api('DELETE', `/api/integration-tokens/${token.id}`, undefined, admin)).status).toBe(404);
    const after = await server.api<{ tokens: IntegrationTokenView[] }>('GET', '/api/integration-tokens', undefined, admin);
    expect(after.body.ok && after.body.tokens).toEqual([]);
  });

  it('is good for marking files ready and for no other staff API', async () => {
    const made = await server.api<{ secret: string }>('POST', '/api/integration-tokens', { name: 'Phần mềm một cửa' }, admin);
    if (!made.body.ok) throw new Error('not made');
    const { secret } = made.body;
    for (const [method, path, body] of [
      ['POST', '/api/results/unready', { fileCodes: ['H29-261130-0001'] }],
      ['POST', '/api/results/promise', { fileCode: 'H29-261130-0001', date: '2026-12-01' }],
      ['GET', '/api/no-shows', undefined],
      ['GET', '/api/integration-tokens', undefined],
      ['POST', '/api/integration-tokens', { name: 'x' }],
      ['GET', '/api/auth/me', undefined],
    ] as const) {
      expect((await server.api(method, path, body, secret)).status, `${method} ${path}`).toBe(401);
    }
  });

  it('are made and revoked by office admins only', async () => {
    const supervisor = await server.staff('giamsat', 'supervisor');
    expect((await server.api('GET', '/api/integration-tokens', undefined, supervisor)).status).toBe(403);
    expect((await server.api('POST', '/api/integration-tokens', { name: 'x' }, supervisor)).status).toBe(403);
    expect((await server.api('POST', '/api/integration-tokens', { name: ' ' }, admin)).status).toBe(400);
  });
});
