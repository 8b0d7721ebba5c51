// Issue 15 §2: the staff alarm over real sockets. Raised at a paused counter, it reaches every
// staff socket within a second and no public one (wall display on either feed, kiosk: they record
// every event they get); answered, the answer reaches everyone including the clerk; ended by the
// clerk or a supervisor only. And it survives a kill -9 of the server while raised.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { LoginResult, StaffAlarm, StaffSnapshot } from '../../shared/types.js';
import { spawnServer, type Child } from '../support/child.js';
import { createTestDatabase, type TestDatabase } from '../support/pg.js';
import { firstSnapshot, nextEvent, request, startTestServer, type TestServer } from '../support/server.js';

type Alarms = { alarms: StaffAlarm[] };

/** Every event a socket receives, with its payload as text. */
function recordAll(socket: Socket): { name: string; text: string }[] {
  const seen: { name: string; text: string }[] = [];
  socket.onAny((name: string, ...args: unknown[]) => seen.push({ name, text: JSON.stringify(args) }));
  return seen;
}

describe('staff alarm over sockets', () => {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('reaches every staff socket and no public one; answered, then ended by the clerk', async () => {
    server = await startTestServer();
    const [clerkToken, colleagueToken, supToken] = await Promise.all([
      server.staff('lan', 'staff'), server.staff('minh', 'staff'), server.staff('ha', 'supervisor'),
    ]);
    const clerk = await server.connect('/counter', { token: clerkToken });
    const colleague = await server.connect('/counter', { token: colleagueToken });
    const sup = await server.connect('/counter', { token: supToken });
    const staff = [clerk, colleague, sup];
    // Public screens: the classic and the batched display feed (the citizen's page is a display
    // client too), and a kiosk. Each records whatever arrives.
    const display = await server.connect('/display');
    const batched = io(`${server.url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true, query: { feed: '2' } });
    server.clients.push(batched);
    await new Promise<void>((r) => batched.once('connect', () => r()));
    const kiosk = await server.connect('/kiosk');
    const publicSeen = [display, batched, kiosk].map(recordAll);

    expect(await request(clerk, 'counter:open', { counterId: 'q1' })).toEqual({ ok: true });
    expect(await request(clerk, 'counter:pause', { counterId: 'q1', reason: 'Nghỉ giải lao' })).toEqual({ ok: true });

    const raisedEverywhere = staff.map((s) => nextEvent<Alarms>(s, 'alarm:changed', (x) => x.alarms.length === 1, 1000));
    const raised = await request<{ alarm: StaffAlarm }>(clerk, 'alarm:raise', { counterId: 'q1' });
    if (!raised.ok) throw new Error(raised.error.message);
    const alarm = raised.alarm;
    expect(alarm).toMatchObject({ counterId: 'q1', counterNumber: 1, counterLabel: { vi: 'Quầy 1', en: 'Counter 1' }, staffName: 'Cán bộ lan', answers: [] });
    for (const got of await Promise.all(raisedEverywhere)) expect(got.alarms).toEqual([alarm]);

    // A colleague may not end it; the clerk may not answer it.
    const refused = await request(colleague, 'alarm:end', { alarmId: alarm.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'alarm_end_forbidden' } });
    expect(await request(clerk, 'alarm:answer', { alarmId: alarm.id })).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'alarm_own' } });

    const answeredEverywhere = staff.map((s) => nextEvent<Alarms>(s, 'alarm:changed', (x) => x.alarms[0]?.answers.length === 1, 1000));
    expect(await request(colleague, 'alarm:answer', { alarmId: alarm.id })).toMatchObject({ ok: true, alarm: { id: alarm.id } });
    for (const got of await Promise.all(answeredEverywhere)) {
      expect(got.alarms[0]!.answers).toEqual([expect.objectContaining({ staffName: 'Cán bộ minh' })]);
    }
    // A panel that connects now sees it in its snapshot.
    const late = await server.connect('/counter', { token: supToken });
    expect((await firstSnapshot<StaffSnapshot>(late)).alarms).toEqual([expect.objectContaining({ id: alarm.id, answers: [expect.objectContaining({ staffName: 'Cán bộ minh' })] })]);

    const endedEverywhere = [...staff, late].map((s) => nextEvent<Alarms>(s, 'alarm:changed', (x) => x.alarms.length === 0, 1000));
    expect(await request(clerk, 'alarm:end', { alarmId: alarm.id })).toEqual({ ok: true });
    await Promise.all(endedEverywhere);

    // The public screens kept receiving the queue's pushes (the alarm's revisions too), and
    // nothing that names or carries an alarm.
    const state = await server.api('GET', '/api/state');
    expect(JSON.stringify(state.body)).not.toMatch(/alarm/i);
    await new Promise((r) => setTimeout(r, 200));
    for (const seen of publicSeen) {
      expect(seen.length).toBeGreaterThan(0);
      for (const e of seen) {
        expect(e.name).not.toMatch(/alarm/i);
        // (A counter's staff name is public as before: displays show who serves at a counter.)
        expect(e.text).not.toMatch(/alarm|Cán bộ minh/i);
        expect(e.text).not.toContain(alarm.id);
      }
    }
  });

  it('is raised at a closed counter, once per counter, and a supervisor ends it', async () => {
    server = await startTestServer();
    const clerkToken = await server.staff('lan', 'staff');
    const supToken = await server.staff('ha', 'supervisor');
    const clerk = await server.connect('/counter', { token: clerkToken });
    const sup = await server.connect('/counter', { token: supToken });
    // Raised at a counter that is not open at all: help never waits on the queue.
    const raised = await request<{ alarm: StaffAlarm }>(clerk, 'alarm:raise', { counterId: 'q3' });
    if (!raised.ok) throw new Error(raised.error.message);
    const again = await request<{ alarm: StaffAlarm }>(clerk, 'alarm:raise', { counterId: 'q3' });
    expect(again).toMatchObject({ ok: true, alarm: { id: raised.alarm.id } });
    const ended = nextEvent<Alarms>(clerk, 'alarm:changed', (x) => x.alarms.length === 0, 1000);
    expect(await request(sup, 'alarm:end', { alarmId: raised.alarm.id })).toEqual({ ok: true });
    await ended;
    expect(await request(sup, 'alarm:end', { alarmId: raised.alarm.id })).toMatchObject({ ok: false, error: { code: 'not_found', reason: 'alarm_not_found' } });
  });
});

describe('staff alarm across a restart', () => {
  const dirs: string[] = [];
  let child: Child | null = null;
  let db: TestDatabase | null = null;
  afterAll(async () => {
    await child?.kill();
    await db?.drop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function login(url: string, username: string, password: string): Promise<string> {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = (await res.json()) as Result<LoginResult>;
    if (!body.ok) throw new Error(body.error.message);
    return body.token;
  }
  function counter(url: string, token: string): Promise<Socket> {
    const s = io(`${url}/counter`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const snap = new Promise<StaffSnapshot>((r) => s.once('snapshot', r));
    return new Promise((resolve, reject) => {
      s.once('connect', () => resolve(Object.assign(s, { snap })));
      s.once('connect_error', reject);
    });
  }

  it('is still raised, with its answer, after kill -9 and a restart; ended, it stays ended', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'luot-alarm-'));
    dirs.push(dir);
    // On the PostgreSQL run, the restarted processes share a fresh database instead of the files.
    if (process.env.LUOT_TEST_STORE === 'pg') db = await createTestDatabase();
    const env: Record<string, string> = db ? { LUOT_DATABASE_URL: db.url } : {};
    child = await spawnServer(dir, env);
    const admin = await login(child.url, 'admin', 'mat-khau-quan-tri');
    const made = await fetch(`${child.url}/api/users`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ username: 'minh', name: 'Trần Văn Minh', role: 'staff', password: 'mat-khau-can-bo' }),
    });
    expect(made.status).toBeLessThan(300);
    const minh = await login(child.url, 'minh', 'mat-khau-can-bo');
    const a = await counter(child.url, admin);
    const b = await counter(child.url, minh);
    const raised = (await a.timeout(5000).emitWithAck('alarm:raise', { counterId: 'q2' })) as Result<{ alarm: StaffAlarm }>;
    if (!raised.ok) throw new Error(raised.error.message);
    const answered = (await b.timeout(5000).emitWithAck('alarm:answer', { alarmId: raised.alarm.id })) as Result<{ alarm: StaffAlarm }>;
    expect(answered.ok).toBe(true);
    a.close();
    b.close();
    await child.kill('SIGKILL');

    child = await spawnServer(dir, env);
    const admin2 = await login(child.url, 'admin', 'mat-khau-quan-tri');
    const c = (await counter(child.url, admin2)) as Socket & { snap: Promise<StaffSnapshot> };
    const snap = await c.snap;
    expect(snap.alarms).toEqual([
      expect.objectContaining({ id: raised.alarm.id, counterId: 'q2', raisedAt: raised.alarm.raisedAt, answers: [expect.objectContaining({ staffName: 'Trần Văn Minh' })] }),
    ]);
    expect(((await c.timeout(5000).emitWithAck('alarm:end', { alarmId: raised.alarm.id })) as Result<object>).ok).toBe(true);
    c.close();
    // A clean stop this time (a checkpoint is written), then a third start.
    await child.kill('SIGTERM');
    child = await spawnServer(dir, env);
    const d = (await counter(child.url, await login(child.url, 'admin', 'mat-khau-quan-tri'))) as Socket & { snap: Promise<StaffSnapshot> };
    expect((await d.snap).alarms).toEqual([]);
    d.close();
  }, 60_000);
});
