// ConfigStore.update says per call whether it changed anything (a shared "last update was a
// no-op" field could be read after another queued update had overwritten it).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { seedConfig } from '../../server/demo.js';
import { ConfigStore } from '../../server/store/config.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

it('concurrent updates each report their own change, and a no-op writes nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'luot-config-'));
  dirs.push(dir);
  const { store } = await ConfigStore.open(dir, async () => (await seedConfig({ demo: false, adminPassword: 'mat-khau-quan-tri' })).config.office.config);
  const file = join(dir, 'config.json');
  const [a, b, c, d] = await Promise.all([
    store.update((draft) => {
      draft.settings.announcementRepeat = 2;
      return 'a';
    }),
    store.update(() => 'b'),
    store.update((draft) => {
      draft.settings.announcementRepeat = 3;
      return 'c';
    }),
    store.update((draft) => {
      draft.settings.announcementRepeat = 3;
      return 'd';
    }),
  ]);
  expect([a, b, c, d]).toEqual([
    { result: 'a', changed: true },
    { result: 'b', changed: false },
    { result: 'c', changed: true },
    { result: 'd', changed: false },
  ]);
  expect(JSON.parse(await readFile(file, 'utf8')).settings.announcementRepeat).toBe(3);
  const before = await readFile(file, 'utf8');
  const same = await store.update((draft) => {
    draft.settings.announcementRepeat = 3;
  });
  expect(same.changed).toBe(false);
  expect(await readFile(file, 'utf8')).toBe(before);
});
