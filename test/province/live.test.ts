// The province overview: each office's live summary and alerts, over REST and pushed on
// /province at most once a second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficeSummary } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { createOffice, issue, record, sleep } from './support.js';

let server: TestServer;
let clock = Date.parse('2026-11-30T02:00:00Z'); // a Monday, 09:00 in Hồ Chí Minh City
let admin: string;
const B = 'phuong-sai-gon';

const offices = async (): Promise<OfficeSummary[]> => {
  const r = await server.api<{ offices: OfficeSummary[] }>('GET', '/api/province/offices', undefined, admin);
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.offices;
};

beforeAll(async () => {
  server = await startTestServer({ now: () => new Date(clock), tickMs: 3_600_000 });
  admin = await server.login();
  await createOffice(server, B, 'Trung tâm phường Sài Gòn', server.office.slug);
});
afterAll(async () => {
  await server?.stop();
});

describe('offices overview', () => {
  it('gives waiting, longest wait against target, counters, printer, disk, and the alerts', async () => {
    const k = await server.connect(`/o/${B}/kiosk`);
    await issue(k, 'dat-dai');
    clock += 5 * 60_000;
    await issue(k, 'ho-tich');
    clock += 20 * 60_000;
    const [main, b] = await offices();
    expect(main!.live).toEqual({ waiting: 0, longestWaitMin: 0, targetWaitMin: null, countersOpen: 0, countersTotal: 6, printer: 'ok', disk: 'ok' });
    expect(main!.alerts).toEqual([]);
    // dat-dai's target is 20 minutes; its ticket has waited 25.
    expect(b).toMatchObject({ slug: B, name: { vi: 'Trung tâm phường Sài Gòn' }, timeZone: 'Asia/Ho_Chi_Minh', archived: false });
    expect(b!.live).toEqual({ waiting: 2, longestWaitMin: 25, targetWaitMin: 20, countersOpen: 0, countersTotal: 6, printer: 'none', disk: 'ok' });
    expect(b!.alerts.map((a) => a.kind)).toEqual(['wait_over_target', 'no_counter_open']);
    for (const a of b!.alerts) {
      expect(a.vi).toBe(a.vi.normalize('NFC'));
      expect(a.vi).not.toBe(a.en);
    }
    expect(b!.alerts[0]!.vi).toContain('25 phút');

    // A counter opens and calls the oldest ticket: the alerts clear.
    const c = await server.connect(`/o/${B}/counter`, { token: admin });
    await request(c, 'counter:open', { counterId: 'q1' });
    await request(c, 'ticket:callNext', { counterId: 'q1' });
    const after = (await offices())[1]!;
    expect(after.live).toMatchObject({ waiting: 1, longestWaitMin: 20, targetWaitMin: 15, countersOpen: 1 });
    expect(after.alerts.map((a) => a.kind)).toEqual(['wait_over_target']);
  });

  it('/province pushes offices:update on change, at most once a second', async () => {
    const p = await server.connect('/province', { token: admin });
    const first = await request<{ offices: OfficeSummary[] }>(p, 'snapshot:get');
    if (!first.ok) throw new Error('snapshot');
    expect(first.offices.map((o) => o.slug)).toEqual([server.office.slug, B]);
    const waitingBefore = first.offices[1]!.live.waiting;
    const pushes = record<{ offices: OfficeSummary[] }>(p, 'offices:update');
    const k = await server.connect(`/o/${B}/kiosk`);
    const started = Date.now();
    for (let i = 0; i < 8; i++) {
      await issue(k, 'dkkd');
      await sleep(150);
    }
    const spent = Date.now() - started;
    await sleep(1_200);
    // 8 changes over ~1.2 s+: a push at most once a second, the last one current.
    expect(pushes.length).toBeGreaterThanOrEqual(1);
    expect(pushes.length).toBeLessThanOrEqual(Math.ceil((spent + 1_200) / 1_000) + 1);
    expect(pushes.length).toBeLessThan(8);
    expect(pushes.at(-1)!.offices[1]!.live.waiting).toBe(waitingBefore + 8);
  });
});
