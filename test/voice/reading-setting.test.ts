// The office's number reading (issue 12 §2): set by hand, or from its province by the one rule in
// shared/provinces.ts, carried to every display in the snapshot; older config files still load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCES, officeReading } from '../../shared/provinces.js';
import { settingsSchema } from '../../shared/schemas.js';
import type { Snapshot } from '../../shared/types.js';
import { DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE } from '../../shared/voice.js';
import { defaultSettings } from '../../server/store/config.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('province → reading', () => {
  it('has the 34 provinces and cities of the 2025 reorganisation, each once, in NFC', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.id)).size).toBe(34);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(34);
    for (const p of PROVINCES) expect(p.name).toBe(p.name.normalize('NFC'));
    expect(PROVINCES.filter((p) => p.name.startsWith('Thành phố'))).toHaveLength(6);
  });

  it('a setting by hand wins; auto follows the province, Northern without one', () => {
    expect(officeReading('auto', 'ho-chi-minh')).toBe('south');
    expect(officeReading('auto', 'ha-noi')).toBe('north');
    expect(officeReading('auto', null)).toBe('north');
    expect(officeReading('north', 'can-tho')).toBe('north');
    expect(officeReading('south', 'ha-noi')).toBe('south');
  });

  it('a config.json written before these settings loads with the defaults', () => {
    const { recallTemplate: _r, numberReading: _n, province: _p, ...old } = defaultSettings();
    const parsed = settingsSchema.parse({ ...old, announcementTemplate: 'Mời công dân có số thứ tự {number} đến quầy số {counter}' });
    expect(parsed).toMatchObject({ recallTemplate: DEFAULT_RECALL_TEMPLATE, numberReading: 'auto', province: null });
    expect(defaultSettings().announcementTemplate).toBe(DEFAULT_ANNOUNCEMENT_TEMPLATE);
  });
});

describe('the reading reaches the displays', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const display = async () => {
    const r = await server.api<{ snapshot: Snapshot }>('GET', '/api/state');
    if (!r.body.ok) throw new Error(r.body.error.message);
    return r.body.snapshot.display!;
  };
  const put = (body: object) => server.api('PUT', '/api/settings', body, admin);

  it('the demo office (Hồ Chí Minh City) reads the Southern way, and its recall has its own sentence', async () => {
    expect(server.office.settings.province).toBe('ho-chi-minh');
    expect(await display()).toMatchObject({ numberReading: 'south', recallTemplate: DEFAULT_RECALL_TEMPLATE });
  });

  it('set by hand, by province, or refused when the province is unknown', async () => {
    expect((await put({ numberReading: 'north' })).status).toBe(200);
    expect((await display()).numberReading).toBe('north');
    expect((await put({ numberReading: 'auto', province: 'can-tho' })).status).toBe(200);
    expect((await display()).numberReading).toBe('south');
    expect((await put({ province: 'ha-noi' })).status).toBe(200);
    expect((await display()).numberReading).toBe('north');
    expect((await put({ province: 'sai-gon' })).status).toBe(400);
    expect((await put({ numberReading: 'central' })).status).toBe(400);
    expect((await put({ recallTemplate: 'Xin mời lại công dân có số {number} đến quầy số {counter}' })).status).toBe(200);
    expect((await display()).recallTemplate).toBe('Xin mời lại công dân có số {number} đến quầy số {counter}');
  });
});
