// Two real servers (two processes' worth of store, pool and LISTEN connection) over one fresh
// PostgreSQL database: what the province or an office admin changes on one is in force on the
// other at once, without a restart — a new office's kiosk, an archived office's closed
// sockets, a new account's login, a changed printer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResult } from '../../shared/types.js';
import { createOffice, issue } from '../province/support.js';
import type { PgListener } from '../../server/store/pg/listener.js';
import { FakePrinter } from '../support/fake-printer.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';
import { startTestServer, type TestServer } from '../support/server.js';

let db: TestDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await startTestServer({ databaseUrl: db.url, tickMs: 3_600_000 });
  b = await startTestServer({ databaseUrl: db.url, tickMs: 3_600_000 });
}, 60_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await db?.drop();
});

/** Polls `check` every 20 ms until it passes; fails after `ms`. Returns how long it took. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('offices made or archived on one process', () => {
  it('a new office works on the other process within a second: its kiosk issues, its numbering is shared', async () => {
    const main = a.office.slug;
    // Each process opens (and mounts the sockets of) the new office once: A's own re-read on its
    // notification must not open it a second time.
    const added = { a: 0, b: 0 };
    const offA = a.deployment.onChange((c) => void (c.kind === 'added' && c.host.office.slug === 'phuong-moi' && added.a++));
    const offB = b.deployment.onChange((c) => void (c.kind === 'added' && c.host.office.slug === 'phuong-moi' && added.b++));
    await createOffice(a, 'phuong-moi', 'Phường Mới', main);
    // A login on B right away reads the deployment before the notification does: the new
    // office must still be opened there.
    await b.login();
    const took = await within(1_000, 'office on B', async () => (await b.api('GET', '/api/o/phuong-moi/state')).status === 200);
    expect(took).toBeLessThan(1_000);
    const kb = await b.connect('/o/phuong-moi/kiosk');
    const ka = await a.connect('/o/phuong-moi/kiosk');
    expect(await issue(kb, 'dkkd')).toBe('C001');
    expect(await issue(ka, 'dkkd')).toBe('C002');
    expect(await issue(kb, 'dkkd')).toBe('C003');
    // The other process holds one engine for it, not one per notification.
    expect(b.deployment.all().filter((h) => h.office.slug === 'phuong-moi')).toHaveLength(1);
    expect(a.deployment.all().filter((h) => h.office.slug === 'phuong-moi')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(added).toEqual({ a: 1, b: 1 });
    offA();
    offB();
    ka.close();
    kb.close();
  });

  it('an office archived on one process closes its kiosk on the other and refuses it there', async () => {
    await createOffice(a, 'xa-dong', 'Xã Đóng', a.office.slug);
    await within(1_000, 'office on B', async () => (await b.api('GET', '/api/o/xa-dong/state')).status === 200);
    const kb = await b.connect('/o/xa-dong/kiosk');
    expect(await issue(kb, 'dkkd')).toBe('C001');
    const closed = new Promise<string>((resolve) => kb.once('disconnect', resolve));
    const r = await a.api('DELETE', '/api/province/offices/xa-dong', undefined, await a.login());
    expect(r.status).toBe(200);
    // The socket may be closed by A through the adapter before B has read the change: what B
    // itself refuses is what shows that B knows.
    expect(await closed).toBe('io server disconnect');
    await within(1_000, 'archive on B', async () => (await b.api('POST', '/api/o/xa-dong/tickets', { serviceId: 'dkkd' })).status === 410);
    expect(b.deployment.record(b.deployment.bySlug('xa-dong')!.office.id)!.archived).toBe(true);
    await expect(b.connect('/o/xa-dong/kiosk')).rejects.toMatchObject({ data: { code: 'office_archived' } });
  });
});

describe('settings changed on one process', () => {
  it('the printer of the other process follows: its tickets print on the newly set printer', async () => {
    const printer = await FakePrinter.start();
    try {
      await createOffice(a, 'phuong-may-in', 'Phường Máy In', a.office.slug);
      await within(1_000, 'office on B', async () => (await b.api('GET', '/api/o/phuong-may-in/state')).status === 200);
      const r = await a.api('PUT', '/api/o/phuong-may-in/settings', { printer: printer.target }, await a.login());
      expect(r.status).toBe(200);
      // B's engine has the change (config:changed applied) before its kiosk issues.
      await within(1_000, 'settings on B', async () => b.deployment.bySlug('phuong-may-in')!.office.settings.printer === printer.target);
      const kb = await b.connect('/o/phuong-may-in/kiosk');
      expect(await issue(kb, 'dkkd')).toBe('C001');
      await printer.waitForJobs(1, 5_000);
      expect(printer.jobs.length).toBeGreaterThanOrEqual(1);
      kb.close();
    } finally {
      await printer.stop();
    }
  });
});

/** A real (tiny) WAV: 16-bit mono, `n` samples of a ramp seeded by `seed`. */
function wav(n: number, seed: number): Buffer {
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16000, 24);
  b.writeUInt32LE(32000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(((i * seed * 37) % 2000) - 1000, 44 + i * 2);
  return b;
}

describe('voice clips on PostgreSQL', () => {
  it('a clip uploaded on one process is served by the other, its displays are told the same version, and a reset there is seen here', async () => {
    const admin = await a.login();
    const versions: string[] = [];
    const display = await b.connect('/display');
    display.on('voice:changed', (v: { version: string }) => versions.push(v.version));
    const own = wav(700, 7);
    const up = await fetch(`${a.url}/api/settings/clips?name=num-4`, {
      method: 'POST',
      headers: { 'content-type': 'audio/wav', authorization: `Bearer ${admin}` },
      body: new Uint8Array(own),
    });
    expect(up.status).toBe(201);
    const version = ((await up.json()) as { version: string }).version;
    expect(version).not.toBe('bundled');
    // No folder in between: B reads the row at once.
    const served = await fetch(`${b.url}/clips/num-4`);
    expect(served.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(own);
    const list = await b.api<{ clips: { name: string }[]; version: string }>('GET', '/api/settings/clips', undefined, await b.login());
    expect(list.body).toMatchObject({ ok: true, clips: [{ name: 'num-4', ext: 'wav' }], version });
    await within(5_000, "B's display told", async () => versions.includes(version));
    expect(versions.filter((v) => v === version)).toHaveLength(1);

    // Reset on B: A serves the bundled pack's clip again.
    const reset = await b.api<{ removed: number }>('DELETE', '/api/settings/clips', undefined, await b.login());
    expect(reset.body).toMatchObject({ ok: true, removed: 1, version: 'bundled' });
    const back = await fetch(`${a.url}/clips/num-4`);
    expect(Buffer.from(await back.arrayBuffer())).toEqual(readFileSync(join(import.meta.dirname, '../../display/clips/vi/num-4.mp3')));
    display.close();
  });
});

describe('accounts changed on one process', () => {
  const login = (s: TestServer, username: string, password: string) =>
    s.api<LoginResult>('POST', '/api/auth/login', { username, password });

  it('a new account logs in on the other process at once, and a changed password at once too', async () => {
    const admin = await a.login();
    // B hears no notification from here on (its LISTEN connection closed; so this test comes
    // last): a login must not depend on the notification having come first, whatever its delay.
    await (b.deployment.store as unknown as { listener: PgListener }).listener.close();
    for (let i = 0; i < 2; i++) {
      const username = `can-bo-${i}`;
      const made = await a.api<{ user: { id: string } }>('POST', '/api/users', { username, name: `Cán bộ số ${i}`, role: 'staff', password: 'mat-khau-dau' }, admin);
      expect(made.status).toBe(201);
      if (!made.body.ok) throw new Error('user');
      // No wait at all: the very next request, to the other process.
      const first = await login(b, username, 'mat-khau-dau');
      expect(first.status, `login ${i} on B`).toBe(200);
      const changed = await a.api('PUT', `/api/users/${made.body.user.id}`, { password: 'mat-khau-moi' }, admin);
      expect(changed.status).toBe(200);
      expect((await login(b, username, 'mat-khau-moi')).status, `new password ${i} on B`).toBe(200);
      expect((await login(b, username, 'mat-khau-dau')).status, `old password ${i} on B`).toBe(401);
    }
  });
});
