// The public LAN cannot flood, spoof or scrape (issue 9, item 4). Real servers on 127.0.0.1 with
// the production limits (no test override), real socket.io clients, real HTTP. Clients on other
// addresses connect from 127.0.0.2 / 127.0.0.3: Linux routes all of 127/8 to loopback.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Result } from '../../shared/errors.js';
import type { IssueResult, PublicTicket, Snapshot } from '../../shared/types.js';
import { PUBLIC_READ_RATE } from '../../server/http/app.js';
import { KeyedLimiter, addressKey, socketAddress } from '../../server/realtime/handle.js';
import { KioskClient, kioskDeviceId, type KioskTransport } from '../../kiosk/kiosk-client.js';
import { act, expectError, pairDisplay, rateAtCounterDisplay, snapshotOf } from '../http/helpers.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

// No overrides: the limits under test are the ones an office gets.
const PRODUCTION = { kioskRate: undefined, publicRate: undefined };

const CAPPED = {
  id: 'chung-thuc',
  name: { vi: 'Chứng thực', en: 'Certification' },
  prefix: 'C',
  start: 1,
  digits: 3,
  targetWaitMin: 15,
  dailyLimit: 50,
  active: true,
  hours: null,
};

let server: TestServer;
let admin: string;
const sockets: Socket[] = [];

/** A /kiosk (or /display) client from `from`, connected before it is returned. */
function client(ns: '/kiosk' | '/display', opts: { from?: string; auth?: Record<string, unknown> } = {}): Promise<Socket> {
  const s = io(`${server.url}${ns}`, {
    auth: opts.auth ?? {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.from ? { localAddress: opts.from } : {}),
  } as Parameters<typeof io>[1]);
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function restIssue(serviceId: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Result<IssueResult> }> {
  const res = await fetch(`${server.url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ serviceId }),
  });
  return { status: res.status, body: (await res.json()) as Result<IssueResult> };
}

/** A GET from another loopback address (fetch cannot choose its source address). */
function getFrom(from: string, path: string): Promise<{ status: number; body: Result<unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { localAddress: from }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Result<unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

const waiting = async (serviceId: string) => (await snapshotOf(server)).services.find((s) => s.id === serviceId)!.waiting;
const setSettings = async (patch: Record<string, unknown>) =>
  expect((await server.api('PUT', '/api/settings', patch, admin)).status).toBe(200);

beforeAll(async () => {
  server = await startTestServer(PRODUCTION);
  admin = await server.login();
  expect((await server.api('POST', '/api/services', CAPPED, admin)).status).toBe(201);
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

afterAll(async () => {
  await server?.stop();
});

describe('issuing is limited per client, across reconnects and transports', () => {
  it('defaults suit one real kiosk: a burst of 6, then 20 a minute', async () => {
    const r = await server.api<{ settings: { kioskIssueBurst: number; kioskIssuePerMin: number } }>('GET', '/api/settings', undefined, admin);
    expect(r.body.ok && r.body.settings).toMatchObject({ kioskIssueBurst: 6, kioskIssuePerMin: 20 });
  });

  it('a client reconnecting every 10 taps gets rate_limited after its budget; the daily cap is not used up', async () => {
    // 1 a minute: over this test's few seconds the refill adds less than one ticket.
    await setSettings({ kioskIssueBurst: 5, kioskIssuePerMin: 1 });
    const before = await snapshotOf(server);
    const results: Result<IssueResult>[] = [];
    for (let round = 0; round < 10; round++) {
      const kiosk = await client('/kiosk');
      for (let i = 0; i < 10; i++) results.push(await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: CAPPED.id }));
      kiosk.close();
    }
    const issued = results.filter((r) => r.ok);
    expect(issued).toHaveLength(5);
    for (const r of results.filter((x) => !x.ok)) expectError(r, 'rate_limited');
    const after = await snapshotOf(server);
    // Five tickets, five events: the 95 refusals changed nothing, numbers included.
    expect(after.rev).toBe(before.rev + 5);
    expect(after.services.find((s) => s.id === CAPPED.id)!.waiting).toBe(5);
    expect(issued.map((r) => (r.ok ? r.ticket.number : ''))).toEqual(['C001', 'C002', 'C003', 'C004', 'C005']);

    // The daily cap of 50 has 45 left: lift the limit and take them all, then it is closed.
    await setSettings({ kioskIssueBurst: 10_000, kioskIssuePerMin: 60_000 });
    const kiosk = await client('/kiosk');
    let more = 0;
    for (;;) {
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: CAPPED.id });
      if (!r.ok) {
        expectError(r, 'closed');
        break;
      }
      more++;
      if (more > 60) throw new Error('the daily cap did not close the service');
    }
    expect(more).toBe(45);
    console.log(`[abuse] reconnect flood: ${results.length} taps over 10 connections → ${issued.length} issued, ${results.length - issued.length} rate_limited; daily cap 50 → ${more} more issued after the flood`);
  });

  it('switching between REST and the socket, reconnecting, shares one budget', async () => {
    await setSettings({ kioskIssueBurst: 6, kioskIssuePerMin: 1 });
    const before = await waiting('tu-phap');
    const outcomes: { ok: boolean; code?: string; status?: number }[] = [];
    for (let i = 0; i < 30; i++) {
      if (i % 2 === 0) {
        const r = await restIssue('tu-phap');
        outcomes.push({ ok: r.body.ok, status: r.status, ...(r.body.ok ? {} : { code: r.body.error.code }) });
      } else {
        const kiosk = await client('/kiosk');
        const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap' });
        kiosk.close();
        outcomes.push({ ok: r.ok, ...(r.ok ? {} : { code: r.error.code }) });
      }
    }
    expect(outcomes.filter((o) => o.ok)).toHaveLength(6);
    for (const o of outcomes.filter((x) => !x.ok)) expect(o.code).toBe('rate_limited');
    // REST refusals are HTTP 429.
    expect(outcomes.filter((o) => !o.ok && o.status !== undefined).every((o) => o.status === 429)).toBe(true);
    expect(await waiting('tu-phap')).toBe(before + 6);

    // Another machine has its own budget, and the exhausted one stays refused.
    const other = await client('/kiosk', { from: '127.0.0.2' });
    expect((await request<IssueResult>(other, 'ticket:issue', { serviceId: 'tu-phap' })).ok).toBe(true);
    expectError(await request((await client('/kiosk')), 'ticket:issue', { serviceId: 'tu-phap' }), 'rate_limited');
  });

  it('with a kiosk key: keyless and wrong-key clients cannot issue; each keyed kiosk has its own budget behind one address', async () => {
    await setSettings({ kioskIssueBurst: 3, kioskIssuePerMin: 1, kioskKey: 'khoa-ki-ot-tang-1' });
    try {
      const before = (await snapshotOf(server)).rev;
      for (const auth of [{}, { kioskKey: 'sai' }, { kioskKey: 'khoa-ki-ot-tang-' }, { kioskKey: 'khoa-ki-ot-tang-1x' }]) {
        await expect(client('/kiosk', { from: '127.0.0.3', auth })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
      }
      for (const headers of [{}, { 'x-kiosk-key': 'sai' }, { 'x-kiosk-key': 'khoa-ki-ot-tang-' }] as Record<string, string>[]) {
        const r = await restIssue('tu-phap', headers);
        expect(r.status).toBe(401);
        expectError(r.body, 'unauthorized');
      }
      expect((await snapshotOf(server)).rev).toBe(before);

      // Two kiosks behind one NAT address (127.0.0.3), each with its own device id.
      const key = 'khoa-ki-ot-tang-1';
      const take = async (kioskId: string, n: number) => {
        const out: boolean[] = [];
        for (let i = 0; i < n; i++) {
          const k = await client('/kiosk', { from: '127.0.0.3', auth: { kioskKey: key, kioskId } });
          out.push((await request<IssueResult>(k, 'ticket:issue', { serviceId: 'tu-phap' })).ok);
          k.close();
        }
        return out;
      };
      expect(await take('kiosk-a-0000001', 5)).toEqual([true, true, true, false, false]);
      expect(await take('kiosk-b-0000002', 4)).toEqual([true, true, true, false]);
      // The same kiosk over REST draws from the same bucket.
      const rest = await restIssue('tu-phap', { 'x-kiosk-key': key, 'x-kiosk-id': 'kiosk-a-0000001' });
      expect(rest.status).toBe(429);
      expect((await snapshotOf(server)).rev).toBe(before + 6);
    } finally {
      await setSettings({ kioskKey: null });
    }
  });
});

describe('the kiosk app presents a stable device id with its key', () => {
  it('one id per kiosk, kept in its storage, sent only with a kiosk key', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as Storage;
    const id = kioskDeviceId(storage);
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(kioskDeviceId(storage)).toBe(id);
    data.set('luot.kiosk.id', '../khong hop le');
    expect(kioskDeviceId(storage)).not.toBe('../khong hop le');

    const auths: Record<string, unknown>[] = [];
    const fake = (auth: Record<string, unknown>): KioskTransport => {
      auths.push(auth);
      return { connected: false, state: null, printer: null, refused: null, subscribe: () => () => undefined, request: async () => ({}) as never, retry: () => undefined, close: () => undefined };
    };
    const c = new KioskClient({ kioskKey: null, makeTransport: fake });
    c.setKioskKey('khoa-ki-ot-tang-1');
    c.close();
    expect(auths[0]).toEqual({});
    expect(auths[1]).toMatchObject({ kioskKey: 'khoa-ki-ot-tang-1', kioskId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) });
  });
});

describe('public reads are limited per address', () => {
  it('a snapshot:get flood gets rate_limited at the production rate; GET /api/state shares the budget', async () => {
    const display = await client('/display', { from: '127.0.0.4' });
    const t0 = Date.now();
    const answers = await Promise.all(Array.from({ length: 600 }, () => request<{ snapshot: Snapshot }>(display, 'snapshot:get', {})));
    const seconds = (Date.now() - t0) / 1000;
    const served = answers.filter((a) => a.ok).length;
    // A burst of 300, then 10 a second.
    expect(PUBLIC_READ_RATE).toEqual({ capacity: 300, perSec: 10 });
    expect(served).toBeGreaterThanOrEqual(300);
    expect(served).toBeLessThanOrEqual(300 + Math.ceil(seconds * 10) + 1);
    for (const a of answers.filter((x) => !x.ok)) expectError(a, 'rate_limited');
    console.log(`[abuse] snapshot:get flood: ${answers.length} in ${seconds.toFixed(2)} s → ${served} served, ${answers.length - served} rate_limited`);
    // The /kiosk namespace and REST draw from the same address bucket.
    const kiosk = await client('/kiosk', { from: '127.0.0.4' });
    const more = await Promise.all(Array.from({ length: 20 }, () => request(kiosk, 'snapshot:get', {})));
    expect(more.some((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
    // Reconnecting gives nothing back either.
    display.close();
    const again = await client('/display', { from: '127.0.0.4' });
    const replies = await Promise.all(Array.from({ length: 20 }, () => request(again, 'snapshot:get', {})));
    expect(replies.some((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
  });

  it('GET /api/state, /api/tickets/:token and /api/health answer 429 to a flood; other addresses are served', async () => {
    let limited = 0;
    let served = 0;
    const paths = ['/api/state', '/api/tickets/khong-co-ve-nay', '/api/health'];
    for (let i = 0; i < 1000 && limited < 10; i++) {
      const r = await getFrom('127.0.0.6', paths[i % 3]!);
      if (r.status === 429) {
        limited++;
        expectError(r.body, 'rate_limited');
      } else served++;
    }
    expect(limited).toBe(10);
    expect(served).toBeGreaterThanOrEqual(300);
    console.log(`[abuse] REST read flood from one address: ${served} served before 10 × 429`);
    const display = await client('/display', { from: '127.0.0.5' });
    expect((await request(display, 'snapshot:get', {})).ok).toBe(true);
  });
});

describe('counter-display ratings need the paired display key', () => {
  it('a phone opening /display/?counter=N cannot rate; the paired display can, once; a new key retires the old', async () => {
    const staffToken = await server.staff('canbo-danh-gia', 'staff');
    const staff = await server.connect('/counter', { token: staffToken });
    await setSettings({ kioskIssueBurst: 10_000, kioskIssuePerMin: 60_000 });
    const kiosk = await client('/kiosk');
    await act(kiosk, 'ticket:issue', { serviceId: 'dat-dai' });
    await act(staff, 'counter:open', { counterId: 'q1' });
    await act<{ ticket: PublicTicket }>(staff, 'ticket:callNext', { counterId: 'q1' });
    await act(staff, 'ticket:complete', { counterId: 'q1' });

    const keyQ1 = await pairDisplay(server, 'q1', admin);
    const keyQ2 = await pairDisplay(server, 'q2', admin);
    const rev = (await snapshotOf(server)).rev;
    for (const [key, what] of [[null, 'no key'], ['', 'empty'], ['x'.repeat(24), 'forged'], [keyQ2, "counter 2's key"], [keyQ1.slice(1), 'truncated']] as const) {
      const r = await rateAtCounterDisplay(server, 'q1', key, 1);
      expect(r.status, what).toBe(403);
      expectError(r.body, 'forbidden');
    }
    expect((await snapshotOf(server)).rev).toBe(rev);

    // Re-pairing (a leaked key) retires the old key before any rating is taken.
    const newKey = await pairDisplay(server, 'q1', admin);
    expect((await rateAtCounterDisplay(server, 'q1', keyQ1, 3)).status).toBe(403);
    const ok = await rateAtCounterDisplay(server, 'q1', newKey, 3);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await rateAtCounterDisplay(server, 'q1', newKey, 3)).status).toBe(409);
    // Only staff with admin rights make keys; the key is never in a public payload.
    expect((await server.api('POST', '/api/counters/q1/display-key', undefined, staffToken)).status).toBe(403);
    expect(JSON.stringify(await snapshotOf(server))).not.toContain(newKey);
    expect(readFileSync(join(server.dataDir, 'config.json'), 'utf8')).not.toContain(newKey);

    // A counter deleted and made again under the same id does not inherit the old screen's key.
    const q9 = { id: 'q9', number: 9, label: { vi: 'Quầy 9', en: 'Counter 9' }, serviceIds: ['dat-dai'] };
    expect((await server.api('POST', '/api/counters', q9, admin)).status).toBe(201);
    const oldQ9 = await pairDisplay(server, 'q9', admin);
    expect((await server.api('DELETE', '/api/counters/q9', undefined, admin)).status).toBe(200);
    expect((await server.api('POST', '/api/counters', q9, admin)).status).toBe(201);
    expect((await rateAtCounterDisplay(server, 'q9', oldQ9, 3)).status).toBe(403);
  });
});

describe('the kiosk PIN is stored as an argon2id hash', () => {
  it('PUT hashes it, GET never returns it, unlock verifies it', async () => {
    await setSettings({ kioskPin: '246813' });
    const file = readFileSync(join(server.dataDir, 'config.json'), 'utf8');
    expect(file).not.toContain('246813');
    expect(file).toMatch(/"kioskPinHash":\s*"\$argon2id\$/);
    const got = await server.api<{ settings: Record<string, unknown> }>('GET', '/api/settings', undefined, admin);
    expect(got.body.ok && got.body.settings).toMatchObject({ kioskPin: null, kioskPinSet: true });
    expect(JSON.stringify(got.body)).not.toContain('246813');
    expect((await server.api('POST', '/api/kiosk/unlock', { pin: '246813' })).status).toBe(200);
    const wrong = await server.api('POST', '/api/kiosk/unlock', { pin: '246814' });
    expect(wrong.status).toBe(401);
    // A save that does not mention the PIN keeps it.
    await setSettings({ announcementRepeat: 2 });
    expect((await server.api('POST', '/api/kiosk/unlock', { pin: '246813' })).status).toBe(200);
  });

  it('a config.json with a plain PIN (older versions) is migrated once at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'luot-pin-'));
    const path = join(dataDir, 'config.json');
    await (await startTestServer({ dataDir })).stop();
    const cfg = JSON.parse(readFileSync(path, 'utf8')) as { settings: Record<string, unknown>; kioskPinHash?: unknown };
    cfg.settings.kioskPin = '97531';
    delete cfg.kioskPinHash;
    writeFileSync(path, JSON.stringify(cfg));
    const reopened = await startTestServer({ dataDir });
    try {
      const migrated = readFileSync(path, 'utf8');
      expect(migrated).not.toContain('97531');
      expect(migrated).toMatch(/"kioskPin":\s*null/);
      expect((await reopened.api('POST', '/api/kiosk/unlock', { pin: '97531' })).status).toBe(200);
      expect((await reopened.api('POST', '/api/kiosk/unlock', { pin: '97530' })).status).toBe(401);
    } finally {
      await reopened.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('report ranges are limited on the server', () => {
  it('367 days is invalid naming `to`; 366 days is served', async () => {
    const sup = await server.staff('giam-sat-bao-cao', 'supervisor');
    for (const path of ['/api/reports/summary', '/api/reports/tickets.csv']) {
      const long = await server.api(`GET`, `${path}?from=2025-01-01&to=2026-01-02`, undefined, sup);
      expect(long.status).toBe(400);
      expectError(long.body, 'invalid', 'to');
      expect((long.body as { error: ApiError }).error.message).toMatch(/366 ngày/);
      const far = await server.api(`GET`, `${path}?from=1900-01-01&to=2026-01-01`, undefined, sup);
      expect(far.status).toBe(400);
    }
    const year = await fetch(`${server.url}/api/reports/summary?from=2024-01-01&to=2024-12-31`, { headers: { authorization: `Bearer ${sup}` } });
    expect(year.status).toBe(200);
  });
});

describe('the limiter keeps bounded memory', () => {
  it('idle buckets are dropped and at most maxKeys are kept; a busy key keeps its state', () => {
    let now = 0;
    const l = new KeyedLimiter(() => ({ capacity: 2, perSec: 1 }), () => now, 100);
    expect([l.take('busy'), l.take('busy'), l.take('busy')]).toEqual([true, true, false]);
    // 10,000 one-off clients (a scan of made-up addresses) while the busy one keeps asking.
    for (let i = 0; i < 10_000; i++) {
      l.take(`scanner-${i}`);
      if (i % 50 === 0) expect(l.take('busy')).toBe(false);
      expect(l.size).toBeLessThanOrEqual(100);
    }
    // Once everyone has been idle long enough to refill, a sweep drops them all.
    now += 10_000;
    for (let i = 0; i < 100; i++) l.take(`later-${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
    expect([l.take('busy'), l.take('busy')]).toEqual([true, true]);
  });

  it('X-Forwarded-For names the client only when a proxy on this machine sent it', () => {
    const hs = (address: string, xff?: string) => ({ handshake: { address, headers: xff ? { 'x-forwarded-for': xff } : {} } }) as unknown as Parameters<typeof socketAddress>[0];
    expect(socketAddress(hs('192.168.1.20', '10.9.9.9'))).toBe('192.168.1.20');
    expect(socketAddress(hs('127.0.0.1', '10.9.9.9, 192.168.1.30'))).toBe('192.168.1.30');
    expect(socketAddress(hs('::ffff:127.0.0.1', '192.168.1.31'))).toBe('192.168.1.31');
    expect(socketAddress(hs('127.0.0.1'))).toBe('127.0.0.1');
  });

  it('IPv4-mapped and plain IPv4 are one client; an IPv6 client counts by its /64', () => {
    expect(addressKey('::ffff:192.168.1.20')).toBe(addressKey('192.168.1.20'));
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });
});
