// The province comparison report equals each office's own report, office by office, and its
// CSV carries the same figures under Vietnamese headers (UTF-8 with a BOM).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvinceReport, ReportSummary } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';
import { createOffice } from './support.js';

let server: TestServer;
let main: string;
let admin: string;
const B = 'phuong-sai-gon';
const C = 'xa-binh-chanh';

/** Issues `n` tickets of `serviceId`, serves `served` of them at q1 and marks `noShow` absent; rates the served ones. */
async function day(slug: string, n: number, served: number, noShow: number, scores: number[]): Promise<void> {
  const kiosk = await server.connect(`/o/${slug}/kiosk`);
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await request<{ ticket: { token: string } }>(kiosk, 'ticket:issue', { serviceId: 'dat-dai' });
    if (!r.ok) throw new Error(r.error.message);
    tokens.push(r.ticket.token);
  }
  const counter = await server.connect(`/o/${slug}/counter`, { token: admin });
  await request(counter, 'counter:open', { counterId: 'q1' });
  for (let i = 0; i < served + noShow; i++) {
    expect(await request(counter, 'ticket:callNext', { counterId: 'q1' })).toMatchObject({ ok: true });
    if (i < served) expect(await request(counter, 'ticket:complete', { counterId: 'q1' })).toMatchObject({ ok: true });
    else expect(await request(counter, 'ticket:noShow', { counterId: 'q1' })).toMatchObject({ ok: true });
  }
  for (const [i, score] of scores.entries()) {
    const r = await server.api('POST', `/api/o/${slug}/tickets/${tokens[i]}/rating`, { score });
    expect(r.status).toBe(200);
  }
}

beforeAll(async () => {
  server = await startTestServer({ tickMs: 3_600_000 });
  main = server.office.slug;
  admin = await server.login();
  await createOffice(server, B, 'Trung tâm phường Sài Gòn', main);
  await createOffice(server, C, 'Trung tâm xã Bình Chánh', main);
  await day(main, 5, 2, 1, [3, 1]);
  await day(B, 3, 3, 0, [3, 3, 2]);
  // C issues nothing: a row of zeros, not a missing row.
});
afterAll(async () => {
  await server?.stop();
});

describe('province report', () => {
  it("equals each office's own report", async () => {
    const today = server.office.engine.serviceDay;
    const q = `from=${today}&to=${today}`;
    const r = await server.api<ProvinceReport>('GET', `/api/province/report?${q}`, undefined, admin);
    if (!r.body.ok) throw new Error(r.body.error.message);
    expect(r.body.offices.map((o) => o.slug)).toEqual([main, B, C]);
    for (const row of r.body.offices) {
      const own = await server.api<{ summary: ReportSummary }>('GET', `/api/o/${row.slug}/reports/summary?${q}`, undefined, admin);
      if (!own.body.ok) throw new Error('summary');
      const t = own.body.summary.total;
      expect(row).toEqual({
        slug: row.slug,
        name: server.deployment.bySlug(row.slug)!.office.settings.officeName,
        issued: t.issued,
        served: t.served,
        noShow: t.noShows,
        avgWaitMin: t.avgWaitMin,
        withinTargetShare: t.withinTarget,
        satisfaction: t.satisfied,
        ratings: t.ratings,
      });
    }
    // And the figures are the ones made above, not zeros everywhere.
    expect(r.body.offices.map((o) => [o.issued, o.served, o.noShow, o.ratings])).toEqual([[5, 2, 1, 2], [3, 3, 0, 3], [0, 0, 0, 0]]);
    expect(r.body.offices[2]!.satisfaction).toBeNull();
  });

  it('as CSV: BOM, Vietnamese headers, one row per office', async () => {
    const today = server.office.engine.serviceDay;
    const res = await fetch(`${server.url}/api/province/report?from=${today}&to=${today}&format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Mã trung tâm,Tên trung tâm,Số phiếu đã cấp,Đã phục vụ,Vắng mặt,Chờ trung bình (phút),Tỷ lệ đúng mục tiêu,Tỷ lệ hài lòng,Số đánh giá');
    expect(lines[0]).toBe(lines[0]!.normalize('NFC'));
    expect(lines).toHaveLength(4);
    expect(lines[2]!.split(',').slice(0, 5)).toEqual([B, 'Trung tâm phường Sài Gòn', '3', '3', '0']);
  });

  it('checks its dates and who asks', async () => {
    expect((await server.api('GET', '/api/province/report?from=2026-02-30&to=2026-03-01', undefined, admin)).status).toBe(400);
    expect((await server.api('GET', '/api/province/report?from=2026-03-02&to=2026-03-01', undefined, admin)).status).toBe(400);
    expect((await server.api('GET', '/api/province/report?from=2026-03-01&to=2026-03-02')).status).toBe(401);
    const staff = await server.staff('nhan-vien', 'staff', B);
    expect((await server.api('GET', '/api/province/report?from=2026-03-01&to=2026-03-02', undefined, staff)).status).toBe(403);
  });
});
