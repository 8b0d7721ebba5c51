// One contract, two stores: the embedded files and PostgreSQL give the deployment and each
// office's configuration and journal the same behaviour.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { seedConfig } from '../../server/demo.js';
import type { JournalEvent } from '../../server/queue/events.js';
import { newOfficeRecord, openFileDeployment, type DeploymentStore } from '../../server/store/deployment.js';
import { openPgDeployment } from '../../server/store/pg/deployment.js';
import { createTestDatabase } from '../support/pg.js';

interface Kind {
  name: string;
  /** A fresh place; `open` opens (or reopens) the deployment in it. */
  make(): Promise<{ open(): Promise<{ store: DeploymentStore; created: boolean }>; cleanup(): Promise<void> }>;
}

const seed = async () => (await seedConfig({ demo: true, adminPassword: 'mat-khau-quan-tri' })).config;
const log = pino({ level: 'silent' });

const kinds: Kind[] = [
  {
    name: 'embedded files',
    async make() {
      const dir = await mkdtemp(join(tmpdir(), 'luot-contract-'));
      return { open: () => openFileDeployment(dir, seed, log), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async make() {
      const db = await createTestDatabase();
      return { open: () => openPgDeployment(db.url, seed), cleanup: () => db.drop() };
    },
  },
];

const ev = (rev: number, body: Record<string, unknown>, day = '2026-11-27'): JournalEvent =>
  ({ ...body, rev, at: `${day}T08:00:${String(rev % 60).padStart(2, '0')}+07:00` }) as JournalEvent;
const issued = (rev: number, seq: number, day?: string) =>
  ev(rev, { type: 'ticket:issued', ticket: { id: `t${rev}`, token: `k${rev}`, serviceId: 'ho-tich', seq, number: `A${String(seq).padStart(3, '0')}`, priority: null, requestId: null } }, day);

describe.each(kinds)('store contract: $name', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function fresh() {
    const place = await kind.make();
    cleanups.push(place.cleanup);
    const open = async () => {
      const r = await place.open();
      cleanups.push(() => r.store.close());
      return r;
    };
    return { open };
  }

  it('seeds an empty deployment once: one office with its configuration, the accounts and a secret', async () => {
    const place = await fresh();
    const first = await place.open();
    expect(first.created).toBe(true);
    const d = first.store.deployment.data;
    expect(d.offices).toHaveLength(1);
    expect(d.secret.length).toBeGreaterThanOrEqual(32);
    expect(d.users.map((u) => u.username)).toContain('admin');
    const office = await first.store.openOffice(d.offices[0]!.id);
    expect(office.config.data.services.length).toBeGreaterThan(0);
    // The demo's kiosk PIN is kept hashed only.
    expect(office.config.data.settings.kioskPin).toBeNull();
    expect(office.config.data.kioskPinHash).toMatch(/^\$argon2id\$/);
    await first.store.close();
    cleanups.pop();
    const again = await place.open();
    expect(again.created).toBe(false);
    const same = (x: typeof d) => ({ secret: x.secret, offices: x.offices, users: x.users.map((u) => [u.id, u.username, u.hash, u.role]) });
    expect(same(again.store.deployment.data)).toEqual(same(d));
  });

  it('updates say per call whether they changed anything, and changes outlive a reopen', async () => {
    const place = await fresh();
    const { store } = await place.open();
    const office = await store.openOffice(store.deployment.data.offices[0]!.id);
    const [a, b, c] = await Promise.all([
      office.config.update((draft) => {
        draft.settings.announcementRepeat = 2;
        return 'a';
      }),
      office.config.update(() => 'b'),
      office.config.update((draft) => {
        draft.settings.announcementRepeat = 2;
        return 'c';
      }),
    ]);
    expect([a, b, c]).toEqual([
      { result: 'a', changed: true },
      { result: 'b', changed: false },
      { result: 'c', changed: false },
    ]);
    expect(office.config.data.settings.announcementRepeat).toBe(2);
    const revoked = await store.deployment.update((d) => d.revokedSessions.push({ sid: 's1', exp: 4_000_000_000 }));
    expect(revoked.changed).toBe(true);
    await expect(office.config.update(() => {
      throw new Error('refused');
    })).rejects.toThrow('refused');
    await store.close();
    cleanups.pop();
    const reopened = await place.open();
    const o2 = await reopened.store.openOffice(reopened.store.deployment.data.offices[0]!.id);
    expect(o2.config.data.settings.announcementRepeat).toBe(2);
    expect(reopened.store.deployment.data.revokedSessions).toEqual([{ sid: 's1', exp: 4_000_000_000 }]);
  });

  it('a new office has its own configuration and journal, listed after the first', async () => {
    const place = await fresh();
    const { store } = await place.open();
    const first = await store.openOffice(store.deployment.data.offices[0]!.id);
    const record = newOfficeRecord('xa-tan-hiep', new Date());
    const config = structuredClone({ settings: first.config.data.settings, services: first.config.data.services.slice(0, 1), counters: [] });
    config.settings.officeName = { vi: 'Trung tâm Phục vụ hành chính công xã Tân Hiệp', en: 'Tan Hiep Commune Public Service Centre' };
    const created = await store.createOffice(record, config);
    expect(store.deployment.data.offices.map((o) => o.slug).at(-1)).toBe('xa-tan-hiep');
    await created.journal.append([ev(1, { type: 'day:opened', serviceDay: '2026-11-27' }), issued(2, 1)]);
    expect(await first.journal.days()).toEqual([]);
    await expect(store.createOffice(newOfficeRecord('xa-tan-hiep', new Date()), config)).rejects.toThrow();
    await store.close();
    cleanups.pop();
    const again = await place.open();
    const o = await again.store.openOffice(record.id);
    expect(o.config.data.settings.officeName.vi).toBe('Trung tâm Phục vụ hành chính công xã Tân Hiệp');
    expect((await o.journal.loadLatest())?.lines.map((l) => l.event.rev)).toEqual([1, 2]);
  });

  it('the journal keeps events in order by day: the newest day loads, past days read whole, stamps move with appends', async () => {
    const place = await fresh();
    const { store } = await place.open();
    const id = store.deployment.data.offices[0]!.id;
    const office = await store.openOffice(id);
    expect(await office.journal.loadLatest()).toBeNull();
    expect(await office.journal.days()).toEqual([]);
    await office.journal.append([ev(1, { type: 'day:opened', serviceDay: '2026-11-26' }, '2026-11-26'), issued(2, 1, '2026-11-26')]);
    await office.journal.append([issued(3, 2, '2026-11-26')]);
    const stamp = await office.journal.dayStamp('2026-11-26');
    expect(stamp).not.toBeNull();
    await office.journal.append([ev(4, { type: 'day:opened', serviceDay: '2026-11-27' }), issued(5, 1)]);
    await office.journal.flushed();
    expect(await office.journal.days()).toEqual(['2026-11-26', '2026-11-27']);
    expect(await office.journal.dayStamp('2026-11-26')).toBe(stamp);
    const before = await office.journal.dayStamp('2026-11-27');
    await office.journal.append([issued(6, 2)]);
    expect(await office.journal.dayStamp('2026-11-27')).not.toBe(before);
    expect(await office.journal.dayStamp('2026-11-25')).toBeNull();
    // Many days in one go (the database's report path): the same stamps, in the order asked.
    if (office.journal.dayStamps) {
      expect(await office.journal.dayStamps(['2026-11-27', '2026-11-25', '2026-11-26'])).toEqual([await office.journal.dayStamp('2026-11-27'), null, stamp]);
    }

    const past = await office.journal.readDay('2026-11-26');
    expect(past.lines.map((l) => l.event.rev)).toEqual([1, 2, 3]);
    expect(past.skipped).toBe(0);
    // Each line's offsets name its own bytes.
    for (const l of past.lines) expect(JSON.parse(past.buf.subarray(l.start, l.end).toString())).toEqual(l.event);
    expect((await office.journal.readDay('2026-11-20')).lines).toEqual([]);

    await store.close();
    cleanups.pop();
    const again = await place.open();
    const o = await again.store.openOffice(id);
    const latest = await o.journal.loadLatest();
    expect(latest?.day).toBe('2026-11-27');
    expect(latest?.lines.map((l) => l.event)).toEqual([ev(4, { type: 'day:opened', serviceDay: '2026-11-27' }), issued(5, 1), issued(6, 2)]);
    expect(latest?.damaged).toEqual([]);
  });

  it('a closed journal has flushed everything appended before', async () => {
    const place = await fresh();
    const { store } = await place.open();
    const id = store.deployment.data.offices[0]!.id;
    const office = await store.openOffice(id);
    const appended = office.journal.append([ev(1, { type: 'day:opened', serviceDay: '2026-11-27' }), ...Array.from({ length: 50 }, (_, i) => issued(i + 2, i + 1))]);
    await store.close();
    cleanups.pop();
    await appended;
    const again = await place.open();
    expect((await (await again.store.openOffice(id)).journal.loadLatest())?.lines).toHaveLength(51);
  });
});
