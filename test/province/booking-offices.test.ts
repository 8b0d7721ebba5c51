// The province's booking page lists the offices that take bookings (issue 13): GET
// /api/booking/offices is public, gives slugs and names only, and leaves out offices with booking
// off and archived ones; a one-office server says it is single (its page goes straight on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { createOffice } from './support.js';

type Listing = { offices: { slug: string; name: { vi: string; en: string } }[]; single: boolean };

describe('GET /api/booking/offices', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login();
  });
  afterAll(async () => server?.stop());

  it('one office: single, and listed once it takes bookings', async () => {
    const before = await server.api<Listing>('GET', '/api/booking/offices');
    expect(before.body).toEqual({ ok: true, offices: [], single: true });
    const on = await server.api('PUT', '/api/settings', { booking: { enabled: true } }, admin);
    expect(on.body.ok, JSON.stringify(on.body)).toBe(true);
    const after = await server.api<Listing>('GET', '/api/booking/offices');
    expect(after.body.ok && after.body.single).toBe(true);
    expect(after.body.ok && after.body.offices.map((o) => o.slug)).toHaveLength(1);
  });

  it('a province: only offices with booking on and not archived, names and slugs only', async () => {
    await createOffice(server, 'xa-an-binh', 'Trung tâm xã An Bình');
    await createOffice(server, 'xa-dong-hoa', 'Trung tâm xã Đông Hòa');
    await createOffice(server, 'xa-cu', 'Trung tâm xã Cũ');
    for (const slug of ['xa-dong-hoa', 'xa-cu']) {
      const r = await server.api('PUT', `/api/o/${slug}/settings`, { booking: { enabled: true } }, admin);
      expect(r.body.ok, JSON.stringify(r.body)).toBe(true);
    }
    const archived = await server.api('DELETE', '/api/province/offices/xa-cu', undefined, admin);
    expect(archived.body.ok, JSON.stringify(archived.body)).toBe(true);

    const r = await server.api<Listing>('GET', '/api/booking/offices');
    if (!r.body.ok) throw new Error(r.body.error.message);
    expect(r.body.single).toBe(false);
    const slugs = r.body.offices.map((o) => o.slug);
    expect(slugs).toContain('xa-dong-hoa');
    expect(slugs).not.toContain('xa-an-binh');
    expect(slugs).not.toContain('xa-cu');
    expect(r.body.offices.find((o) => o.slug === 'xa-dong-hoa')).toEqual({ slug: 'xa-dong-hoa', name: { vi: 'Trung tâm xã Đông Hòa', en: 'xa-dong-hoa' } });
    for (const o of r.body.offices) expect(Object.keys(o).sort()).toEqual(['name', 'slug']);
    // The same list whatever office's prefix it is asked under is not offered: it is deployment-wide.
    const scoped = await server.api('GET', '/api/o/xa-dong-hoa/booking/offices');
    expect(scoped.status).toBe(404);
  });
});
