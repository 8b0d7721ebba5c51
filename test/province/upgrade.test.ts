// A data folder written by the one-office code (test/province/fixtures/today-data: config.json
// with the accounts and secret, journal/, cache/) opens unchanged as the default office of a
// deployment: same accounts and passwords, tokens signed before still valid, logged-out sessions
// still refused, history and reports as they were, today's URLs working; the accounts move to
// deployment.json and config.json keeps the office alone.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSummary } from '../../shared/types.js';
import { issueToken } from '../../server/auth.js';
import type { UserRecord } from '../../server/store/config.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'today-data');

let dir: string;
let before: { secret: string; users: UserRecord[]; revokedSessions: { sid: string }[]; services: unknown[]; counters: unknown[]; kioskPinHash: string };
let server: TestServer;
let oldToken: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'luot-upgrade-'));
  await cp(FIXTURE, dir, { recursive: true });
  before = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as typeof before;
  // A token the old server could have handed out: signed with the folder's secret.
  oldToken = issueToken(before.secret, before.users.find((u) => u.username === 'lan')!, Date.now()).token;
  // demo: false and no admin password: the seed must not be used for a folder that has data.
  server = await startTestServer({ dataDir: dir, demo: false, adminPassword: undefined, tickMs: 3_600_000 });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('upgrade of a one-office data folder', () => {
  it('moves accounts and secret to deployment.json, keeps the office in config.json', async () => {
    const deployment = JSON.parse(await readFile(join(dir, 'deployment.json'), 'utf8')) as {
      secret: string; users: UserRecord[]; revokedSessions: unknown[]; offices: { id: string; slug: string; archived: boolean }[];
    };
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(deployment.secret).toBe(before.secret);
    expect(deployment.users.map((u) => ({ ...u, officeId: undefined }))).toEqual(before.users.map((u) => ({ ...u, disabled: u.disabled ?? false, officeId: undefined })));
    expect(deployment.users.every((u) => u.officeId === null)).toBe(true);
    expect(deployment.revokedSessions).toEqual(before.revokedSessions);
    expect(deployment.offices).toHaveLength(1);
    expect(deployment.offices[0]).toMatchObject({ slug: 'trung-tam', archived: false });
    expect(Object.keys(config).sort()).toEqual(['counters', 'displayKeys', 'kioskPinHash', 'services', 'settings', 'version']);
    expect(config.services).toEqual(before.services);
    expect(config.counters).toEqual(before.counters);
    expect(config.kioskPinHash).toBe(before.kioskPinHash);
  });

  it('the same passwords log in, and a token of the old server still opens its session', async () => {
    expect(await server.login('admin', ADMIN_PASSWORD)).toBeTruthy();
    expect(await server.login('lan', 'mat-khau-can-bo')).toBeTruthy();
    const me = await server.api<{ user: { username: string } }>('GET', '/api/auth/me', undefined, oldToken);
    expect(me.body).toMatchObject({ ok: true, user: { username: 'lan' } });
    const counter = await server.connect('/counter', { token: oldToken });
    expect(await request(counter, 'snapshot:get')).toMatchObject({ ok: true });
    expect(server.office.accounts.revokedSessions.map((r) => r.sid)).toEqual(before.revokedSessions.map((r) => r.sid));
  });

  it("keeps the history: the old day's report is what the journal holds", async () => {
    const admin = await server.login();
    const r = await server.api<{ summary: ReportSummary }>('GET', '/api/reports/summary?from=2026-11-27&to=2026-11-27', undefined, admin);
    if (!r.body.ok) throw new Error(r.body.error.message);
    expect(r.body.summary.total).toMatchObject({ issued: 4, served: 1 });
    const prefixed = await server.api<{ summary: ReportSummary }>('GET', '/api/o/trung-tam/reports/summary?from=2026-11-27&to=2026-11-27', undefined, admin);
    expect(prefixed.body).toEqual(r.body);
  });

  it("today's URLs keep working, and a second start opens the upgraded folder as it is", async () => {
    const kiosk = await server.connect('/kiosk');
    const t = await request<{ ticket: { number: string } }>(kiosk, 'ticket:issue', { serviceId: 'dat-dai' });
    expect(t).toMatchObject({ ok: true });
    const state = await server.api('GET', '/api/state');
    expect(state.status).toBe(200);
    const written = await readFile(join(dir, 'deployment.json'), 'utf8');
    await server.stop();
    server = await startTestServer({ dataDir: dir, demo: false, adminPassword: undefined, tickMs: 3_600_000 });
    expect(await readFile(join(dir, 'deployment.json'), 'utf8')).toBe(written);
    expect(await server.login('lan', 'mat-khau-can-bo')).toBeTruthy();
  });
});
