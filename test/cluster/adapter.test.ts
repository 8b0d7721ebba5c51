// The socket.io PostgreSQL adapter (server/realtime/cluster.ts) between two real servers over a
// fresh database: what is addressed to a room reaches the sockets of the other process, and
// ticket pushes do not (each process pushes only what its own store tells it, so a display gets
// each call once whatever the number of processes). The two servers here keep their own file
// stores on purpose: B's office never hears of A's tickets, so anything A's display pushes that
// reaches B's display could only have come through the adapter.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResult } from '../../shared/types.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';
import { firstSnapshot, request, startTestServer, type TestServer } from '../support/server.js';

const PASSWORD = 'mat-khau-can-bo';

async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('two processes joined by @socket.io/postgres-adapter', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let dirB = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestServer({ tickMs: 3_600_000, realtimeDatabaseUrl: db.url });
    const admin = await a.login();
    const r = await a.api('POST', '/api/users', { username: 'o-noi-khac', name: 'Cán bộ ở nơi khác', role: 'staff', password: PASSWORD }, admin);
    expect(r.status).toBe(201);
    // The same secret and users seen by a second process.
    dirB = await mkdtemp(join(tmpdir(), 'luot-adapter-b-'));
    for (const f of ['config.json', 'deployment.json']) await copyFile(join(a.dataDir, f), join(dirB, f));
    b = await startTestServer({ dataDir: dirB, tickMs: 3_600_000, realtimeDatabaseUrl: db.url });
  }, 60_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    if (dirB) await rm(dirB, { recursive: true, force: true });
    await db?.drop();
  });

  it('removing a user on one process ends its staff socket held by the other, within a second', async () => {
    const login = await b.api<LoginResult>('POST', '/api/auth/login', { username: 'o-noi-khac', password: PASSWORD });
    if (!login.body.ok) throw new Error(login.body.error.message);
    const socket = await b.connect('/counter', { token: login.body.token });
    await firstSnapshot(socket);
    const seen: string[] = [];
    socket.on('session:ended', (x: { reason: string }) => seen.push(`ended:${x.reason}`));
    socket.on('disconnect', (why) => seen.push(`disconnect:${why}`));
    // A's adapter knows B's socket (the room is B's alone).
    const id = login.body.user.id;
    expect(await a.app.namespaces.counter.in(`user:${id}`).fetchSockets()).toHaveLength(1);
    expect(a.app.namespaces.counter.sockets.size).toBe(0);

    const removed = await a.api('DELETE', `/api/users/${id}`, undefined, await a.login());
    const answeredAt = Date.now();
    expect(removed.status).toBe(200);
    await until(() => seen.some((s) => s.startsWith('disconnect')), 3_000, 'the socket on B to end');
    expect(Date.now() - answeredAt).toBeLessThan(1_000);
    expect(seen).toEqual(['ended:user_removed', 'disconnect:io server disconnect']);
  });

  it("a ticket pushed by one process does not reach the other's displays through the adapter", async () => {
    const displays: [Socket, Socket] = [await a.connect('/display'), await b.connect('/display')];
    const got = [[], []] as string[][];
    displays.forEach((s, i) => {
      s.on('update', () => got[i]!.push('update'));
      s.on('called', () => got[i]!.push('called'));
    });
    const kiosk = await a.connect('/kiosk');
    const staff = await a.connect('/counter', { token: await a.staff('quay-3', 'staff') });
    expect((await request(staff, 'counter:open', { counterId: 'q3' })).ok).toBe(true);
    const issued = await request(kiosk, 'ticket:issue', { serviceId: 'tu-phap' });
    expect(issued.ok).toBe(true);
    expect((await request(staff, 'ticket:callNext', { counterId: 'q3' })).ok).toBe(true);
    await until(() => got[0]!.includes('called'), 3_000, "A's display to hear the call");
    // Long enough for a NOTIFY round trip (a few ms on loopback) to have brought anything.
    await new Promise((r) => setTimeout(r, 500));
    expect(got[0]!.filter((e) => e === 'called')).toHaveLength(1);
    expect(got[1]).toEqual([]);
  });
});

describe('the adapter at shutdown', () => {
  it('a server stopped right after it started closes at once (the LISTEN client the adapter got late is ended too)', async () => {
    const db = await createTestDatabase();
    try {
      for (let i = 0; i < 3; i++) {
        const s = await startTestServer({ tickMs: 3_600_000, realtimeDatabaseUrl: db.url });
        const t0 = Date.now();
        await Promise.race([
          s.stop(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('stop() did not finish within 5 s')), 5_000)),
        ]);
        expect(Date.now() - t0).toBeLessThan(5_000);
      }
    } finally {
      await db.drop();
    }
  }, 30_000);
});
