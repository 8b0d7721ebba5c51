// The kiosk's size budget (issue 10): the JavaScript the kiosk page loads at start, gzip -9,
// stays at or under 32 kB, and carries none of what a citizen's tap never runs. `npm test` builds
// the apps first; this reads what that build wrote to dist/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distDir, ensureBuilt } from '../support/browser.js';
import { kioskJs, type KioskJs } from './kiosk-js.js';

/** kB as the bench reports it: 1000 bytes. */
const BUDGET_BYTES = 32_000;

/** Text that only each unwanted part contains, as it survives minification. */
const NOT_AT_START = {
  'the QR encoder (loaded after the number is painted)': 'No input text',
  'long-polling (the apps connect by WebSocket only)': 'xhr poll error',
  'the server and staff messages of shared/i18n.ts': 'Sai tên đăng nhập',
  'the staff screens (loaded on a long press)': 'Nhập mã PIN quản trị',
  'the check-in screen (loaded on its button\'s tap)': 'Không tìm thấy mã đặt lịch này',
  'the pickup screen (loaded on its button\'s tap)': 'chưa có trong danh sách trả kết quả',
  'the code entry and its camera (loaded with those screens)': 'Quét bằng camera',
  zod: 'ZodError',
};

let js: KioskJs;

beforeAll(() => {
  ensureBuilt();
  js = kioskJs(distDir);
  const kb = (n: number) => (n / 1000).toFixed(1);
  console.log(
    `kiosk start-up JavaScript: ${kb(js.startGz)} kB gzip -9 (${kb(js.startRaw)} kB raw) in ${js.start.length} files, budget ${kb(BUDGET_BYTES)} kB; ` +
      `loaded later: ${js.lazy.map((f) => `${f.name} ${kb(f.gz)} kB`).join(', ')}`,
  );
});

describe('kiosk size budget', () => {
  it(`the start-up JavaScript is at most ${BUDGET_BYTES / 1000} kB gzip -9`, () => {
    expect(js.start.length).toBeGreaterThan(0);
    expect(js.startGz).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('the start-up JavaScript carries no code a tap never runs, and the lazy chunks carry theirs', () => {
    const start = js.start.map((f) => readFileSync(join(distDir, f.name), 'utf8')).join('\n');
    for (const [what, marker] of Object.entries(NOT_AT_START)) expect(start.includes(marker), what).toBe(false);
    const lazy = js.lazy.map((f) => readFileSync(join(distDir, f.name), 'utf8')).join('\n');
    // The markers mean something: the deferred parts are still built, only later.
    expect(lazy).toContain(NOT_AT_START['the QR encoder (loaded after the number is painted)']);
    expect(lazy).toContain(NOT_AT_START['the staff screens (loaded on a long press)']);
    expect(lazy).toContain(NOT_AT_START['the check-in screen (loaded on its button\'s tap)']);
    expect(lazy).toContain(NOT_AT_START['the pickup screen (loaded on its button\'s tap)']);
    expect(lazy).toContain(NOT_AT_START['the code entry and its camera (loaded with those screens)']);
  });
});
