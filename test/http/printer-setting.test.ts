// The printer setting cannot write files (issue 9, item 5): only the printer forms the README
// lists are accepted, over REST (400, Vietnamese message, field `printer`), from LUOT_PRINTER, and
// by the transport itself for a config.json written before the rule.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget } from '../../server/print/transport.js';
import { printerAddressProblem } from '../../shared/printer-address.js';
import { settingsUpdateSchema } from '../../shared/schemas.js';
import type { ApiError, Result } from '../../shared/errors.js';
import type { IssueResult, Settings } from '../../shared/types.js';
import { pino } from 'pino';
import { startServer } from '../../server/server.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';
import { expectError } from './helpers.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login();
});

afterAll(async () => {
  await server?.stop();
});

/** Every file of the data folder with its size: nothing may grow from a refused setting. */
function filesOf(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = statSync(p).size;
    }
  };
  walk(dir);
  return out;
}

function refusedTargets(dataDir: string): string[] {
  const abs = resolve(dataDir);
  return [
    './data/config.json',
    'data/config.json',
    'config.json',
    join(abs, 'config.json'),
    join(abs, 'journal', '2026-03-02.jsonl'),
    join(abs, 'journal'),
    `${abs}/../${abs.split('/').pop()}/config.json`,
    '/dev/usb/../../etc/passwd',
    '/dev/usb/../../' + abs.slice(1) + '/config.json',
    '/dev/lp0/../x',
    '/dev/lp0/../../tmp/x',
    '/dev/tty/../../tmp/x',
    '/dev/ttyS0/..',
    '/dev/usb/',
    '/dev/null',
    '/dev/sda',
    '/etc/passwd',
    '/tmp/luot-printer.bin',
    'file:///etc/passwd',
    `file://${abs}/config.json`,
    'FILE:config.json',
    '../config.json',
    '..',
    '~/.bashrc',
    'C:\\luot\\data\\config.json',
    'C:/luot/data/config.json',
    '\\\\?\\C:\\luot\\data\\config.json',
    '\\\\.\\C:',
    '\\\\localhost\\share\\config.json',
    '//localhost/share',
    'printer:../config.json',
    'printer:a/b',
    'printer:a\\b',
    'printer:',
    'tcp://',
    'tcp://host:0',
    'tcp://host:70000',
    'tcp://host:abc',
    'tcp://host/../../config.json',
    'http://192.168.1.50:9100',
    '192.168.1.50:9100',
    'COM0',
    'LPT1.txt',
    'nul',
  ];
}

const ACCEPTED = [
  'none',
  'tcp://192.168.1.50:9100',
  'tcp://192.168.1.50',
  'tcp://may-in-quay-1.local:9100',
  'tcp://[fe80::1]:9100',
  '/dev/usb/lp0',
  '/dev/usb/lp1',
  '/dev/ttyUSB0',
  '/dev/ttyS0',
  '/dev/ttyACM0',
  '/dev/lp0',
  'COM3',
  'com12',
  'LPT1',
  '\\\\.\\COM10',
  '\\\\localhost\\LUOT',
  '\\\\PC-KIOSK\\POS-80',
  'printer:LUOT',
  'printer:KIOSK_80',
];

describe('the printer setting', () => {
  it('refuses file paths, the data folder and `..` tricks with 400 and a Vietnamese message; nothing is written', async () => {
    const before = (await server.api<{ settings: Settings }>('GET', '/api/settings', undefined, admin)).body;
    const files = filesOf(server.dataDir);
    const targets = refusedTargets(server.dataDir);
    for (const printer of targets) {
      const r = await server.api('PUT', '/api/settings', { printer }, admin);
      expect(r.status, printer).toBe(400);
      expectError(r.body, 'invalid', 'printer');
      const message = (r.body as { error: ApiError }).error.message;
      expect(message, printer).toMatch(/^Dữ liệu không hợp lệ: printer — (Máy in|Tên máy in|Địa chỉ máy in)/);
      expect(message.normalize('NFC')).toBe(message);
    }
    // Nothing changed and nothing in the data folder grew (config.json included).
    expect((await server.api('GET', '/api/settings', undefined, admin)).body).toEqual(before);
    expect(filesOf(server.dataDir)).toEqual(files);
    console.log(`[printer-setting] refused ${targets.length} printer values over REST`);
  });

  it('accepts every printer form the README lists', async () => {
    for (const printer of ACCEPTED) {
      const r = await server.api<{ settings: Settings }>('PUT', '/api/settings', { printer }, admin);
      expect(r.status, `${printer}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.ok && r.body.settings.printer).toBe(printer);
    }
    expect((await server.api('PUT', '/api/settings', { printer: 'none' }, admin)).status).toBe(200);
  });

  it('the settings form checks with the same schema and shows the same Vietnamese error', () => {
    const r = settingsUpdateSchema.safeParse({ printer: '/dev/usb/../../etc/passwd' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['printer']);
    expect(r.error?.issues[0]?.message).toBe(printerAddressProblem('/dev/usb/../../etc/passwd')?.vi);
    expect(settingsUpdateSchema.safeParse({ printer: '/dev/usb/lp0' }).success).toBe(true);
  });

  it('the transport refuses the same values (a config.json from before the rule opens nothing)', () => {
    for (const t of refusedTargets('/var/lib/luot')) expect(parseTarget(t, 'linux').kind, t).toBe('invalid');
    for (const t of refusedTargets('/var/lib/luot')) expect(parseTarget(t, 'win32').kind, t).toBe('invalid');
    for (const t of ACCEPTED) expect(parseTarget(t, 'linux').kind, t).not.toBe('invalid');
  });
});

describe('a printer value that is not a printer, from elsewhere', () => {
  it('LUOT_PRINTER pointing into the data folder stops the start with a clear message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'luot-printer-env-'));
    try {
      await expect(
        startServer({ dataDir, host: '127.0.0.1', port: 0, adminPassword: ADMIN_PASSWORD, printer: join(dataDir, 'config.json'), log: pino({ level: 'silent' }) }),
      ).rejects.toThrow(/^LUOT_PRINTER: Máy in không hợp lệ/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a config.json that already names itself as printer still starts, reports an error and never appends to it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'luot-printer-old-'));
    try {
      // A data folder made by an older version, then its printer set to the config file itself.
      const first = await startServer({ dataDir, host: '127.0.0.1', port: 0, demo: true, adminPassword: ADMIN_PASSWORD, printer: 'none', log: pino({ level: 'silent' }) });
      await first.close();
      const configPath = join(dataDir, 'config.json');
      const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as { settings: { printer: string } };
      cfg.settings.printer = configPath;
      writeFileSync(configPath, JSON.stringify(cfg, null, 2));

      const s = await startServer({ dataDir, host: '127.0.0.1', port: 0, adminPassword: ADMIN_PASSWORD, log: pino({ level: 'silent' }) });
      try {
        const before = filesOf(dataDir);
        const res = await fetch(`${s.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 'ho-tich' }) });
        const r = (await res.json()) as Result<IssueResult>;
        expect(res.status, JSON.stringify(r)).toBe(201);
        if (r.ok) expect(r.print.status).toBe('failed');
        expect(s.office.printerStatus().status).toBe('error');
        const after = filesOf(dataDir);
        // config.json is untouched; only the journal grew, by the ticket's own event.
        expect(after[configPath]).toBe(before[configPath]);
        expect(readFileSync(configPath, 'utf8')).not.toMatch(/\x1b|\x1d/);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(noBrowser)('the settings form in Chromium', () => {
  it('shows the Vietnamese printer error under the field and saves nothing; the PIN field is never filled from the server', { timeout: 90_000 }, async () => {
    ensureBuilt();
    const web = await startTestServer({ staticDir: distDir });
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      const errors = watchErrors(page);
      await staffLogin(page, `${web.url}/counter/#settings`, 'admin', ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Cơ quan' }).click();
      const office = page.locator('luot-settings-office');
      const printer = office.getByLabel(/^Máy in/);
      await printer.waitFor({ timeout: 20_000 });
      // The demo seeds a PIN: the form says one is set and shows nothing of it.
      const pin = office.getByLabel(/^Mã PIN cài đặt ki-ốt/);
      expect(await pin.inputValue()).toBe('');
      expect(await pin.getAttribute('type')).toBe('password');
      await office.getByText('đã đặt; mã không hiển thị').waitFor({ timeout: 10_000 });

      await printer.fill(`${web.dataDir}/config.json`);
      await office.getByRole('button', { name: 'Lưu' }).click();
      await office.getByText(/^Máy in không hợp lệ: chỉ nhận none, tcp:\/\/192\.168\.1\.50:9100/).waitFor({ timeout: 10_000 });
      expect(web.office.settings.printer).toBe('none');
      await printer.fill('/dev/usb/lp0');
      await office.getByRole('button', { name: 'Lưu' }).click();
      // The saved notice itself: the test-print hint below the printer says "…đã lưu." too.
      await office.getByText(/^Đã lưu\./).waitFor({ timeout: 10_000 });
      expect(web.office.settings.printer).toBe('/dev/usb/lp0');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await web.stop();
    }
  });
});
