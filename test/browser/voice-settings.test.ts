// Cài đặt → Cơ quan (issue 12 §2–§3): the recall sentence, the number reading and the province
// are set in the staff app and reach the server; the displays' snapshot follows.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/types.js';
import { distDir, ensureBuilt, launch, noBrowser, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 15_000 };

describe.skipIf(noBrowser)('voice settings in the staff app', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    ensureBuilt();
    server = await startTestServer({ staticDir: distDir });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets the reading by hand, then by province, and a recall sentence', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors = watchErrors(page);
    await staffLogin(page, `${server.url}/counter/#settings`, 'admin', ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Cơ quan' }).click();
    const office = page.locator('luot-settings-office');
    const reading = office.getByLabel('Cách đọc số');
    await reading.waitFor(WAIT);
    // The demo office is in Hồ Chí Minh City.
    expect(await office.getByLabel('Tỉnh, thành phố').inputValue()).toBe('ho-chi-minh');
    await reading.selectOption('north');
    await office.getByLabel(/Câu mời khi gọi lại/).fill('Xin mời lại công dân có số thứ tự {number} đến quầy số {counter}');
    await office.getByRole('button', { name: 'Lưu' }).click();
    await office.getByText('Đã lưu. Ki-ốt và màn hình cập nhật ngay').waitFor(WAIT);
    expect(server.office.settings).toMatchObject({
      numberReading: 'north', province: 'ho-chi-minh', recallTemplate: 'Xin mời lại công dân có số thứ tự {number} đến quầy số {counter}',
    });

    await reading.selectOption('auto');
    await office.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Thành phố Cần Thơ' });
    await office.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => server.office.settings.province, WAIT).toBe('can-tho');
    expect(server.office.settings.numberReading).toBe('auto');
    const state = await server.api<{ snapshot: Snapshot }>('GET', '/api/state');
    expect(state.body.ok && state.body.snapshot.display?.numberReading).toBe('south');
    expect(errors).toEqual([]);
    await page.close();
  });
});
