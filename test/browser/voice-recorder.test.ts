// The office records its own voice in Chromium with a fake microphone that plays a WAV this test
// writes (silence, a voice-like sound at a known level, silence): the whole vocabulary is
// recorded, each take is cut to the sound and brought to the pack's level, the preview plays the
// takes through the display's joiner, Save puts every clip on the server, and an open wall display
// switches to them live and plays them at the next call. On a LAN address over plain http (no
// secure context) the recorder says what to do instead.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET_LEVEL_DB, decodeWav, encodeWav, speechLevelDb, voiceRange } from '../../counter/voice-record.js';
import type { IssueResult, PublicTicket } from '../../shared/types.js';
import { officeReading } from '../../shared/provinces.js';
import { recordableClips } from '../../shared/voice-clips.js';
import { announcementClips } from '../../shared/voice.js';
import { CHROMIUM, distDir, ensureBuilt, noBrowser, root, staffLogin, watchErrors } from '../support/browser.js';
import { ADMIN_PASSWORD, request, startTestServer, type TestServer } from '../support/server.js';

const WAIT = { timeout: 30_000 };
const artifacts = join(root, 'test-artifacts', 'voice');
const RATE = 48_000;
/** The fake microphone's file: 0.3 s silence, 0.25 s of "voice", then silence (Chromium loops it). */
const LEAD_S = 0.3;
const VOICE_S = 0.25;
const FILE_S = 2;
/** The sound's peak: its speech level is far below the target, so levelling has work to do. */
const VOICE_PEAK = 0.05;
/** How long each take records: the lead, the voice and a little silence after it. */
const TAKE_MS = 700;

/** A voice-like sound: a 160 Hz buzz with harmonics under a syllable envelope. */
function micFile(): Float32Array {
  const out = new Float32Array(FILE_S * RATE);
  const from = LEAD_S * RATE;
  for (let i = 0; i < VOICE_S * RATE; i++) {
    const t = i / RATE;
    const env = Math.sin((Math.PI * t) / VOICE_S) ** 0.6;
    out[from + i] = VOICE_PEAK * env * (0.6 * Math.sin(2 * Math.PI * 160 * t) + 0.3 * Math.sin(2 * Math.PI * 320 * t) + 0.1 * Math.sin(2 * Math.PI * 480 * t));
  }
  return out;
}

type Take = { name: string; lead: number; seconds: number; levelDb: number };
type Cut = { name: string; decoded: number; lead: number; kept: number; version: string };

describe.skipIf(noBrowser)('the voice recorder in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let dataDir: string;
  let workDir: string;
  let staff: Page;
  let wall: Page;
  let errors: string[];
  let kiosk: Socket;
  let counter: Socket;
  const template = () => server.office.settings.announcementTemplate;
  const officeVoice = () => {
    const s = server.office.settings;
    return { template: s.announcementTemplate, recallTemplate: s.recallTemplate, reading: officeReading(s.numberReading, s.province) };
  };

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(artifacts, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'luot-voice-'));
    workDir = await mkdtemp(join(tmpdir(), 'luot-voice-mic-'));
    const wav = join(workDir, 'mic.wav');
    writeFileSync(wav, encodeWav(micFile(), RATE));
    server = await startTestServer({ staticDir: distDir, dataDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`,
        // A LAN-like name for 127.0.0.1: the page is then plain http on a non-local origin.
        '--host-resolver-rules=MAP lan-office.test 127.0.0.1',
      ],
    });
    const supervisor = await server.staff('giamsat-giong', 'supervisor');
    kiosk = await server.connect('/kiosk');
    counter = await server.connect('/counter', { token: supervisor });
    const open = await request(counter, 'counter:open', { counterId: 'q3' });
    if (!open.ok) throw new Error(open.error.message);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const d of [dataDir, workDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  async function openVoiceTab(page: Page, origin: string) {
    await staffLogin(page, `${origin}/counter/#settings`, 'admin', ADMIN_PASSWORD);
    const settings = page.locator('luot-settings-view');
    await settings.locator('nav.tabs').getByRole('button', { name: 'Giọng đọc' }).click();
    return page.locator('luot-voice-recorder');
  }

  it('on plain http from a LAN address: no microphone, and it says what to do', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const origin = `http://lan-office.test:${server.port}`;
    const rec = await openVoiceTab(page, origin);
    await rec.getByTestId('voice-insecure').waitFor(WAIT);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const text = await rec.getByTestId('voice-insecure').innerText();
    expect(text).toContain(`http://localhost:${server.port}/counter/`);
    expect(text).toContain('https');
    expect(text).toContain(origin);
    expect(await rec.getByTestId('voice-record').count()).toBe(0);
    // Everything but recording still works from there.
    expect(await rec.getByTestId('voice-preview').isEnabled()).toBe(true);
    await page.close();
  });

  it('records the whole set: cut, levelled, previewed, saved; a wall display switches live and plays it', { timeout: 240_000 }, async () => {
    wall = await browser.newPage();
    const wallErrors = watchErrors(wall);
    await wall.goto(`${server.url}/display/`);
    await wall.locator('luot-display-app .board').waitFor(WAIT);
    await wall.waitForFunction(() => (window.__luotVoiceVersions ?? []).length > 0, undefined, WAIT);
    expect(await wall.evaluate(() => window.__luotVoiceVersions!.at(-1)!.version)).toBe('bundled');

    staff = await browser.newPage();
    errors = watchErrors(staff);
    const rec = await openVoiceTab(staff, server.url);
    expect(await staff.evaluate(() => window.isSecureContext)).toBe(true);
    const clips = recordableClips(officeVoice());
    expect(clips.length).toBeGreaterThan(40);
    await rec.getByTestId('voice-record').waitFor(WAIT);
    // Nothing recorded yet: the preview says the bundled clips stand in.
    expect(await rec.getByTestId('voice-preview-missing').innerText()).toMatch(/chưa thu/);

    const started = Date.now();
    for (const [i, clip] of clips.entries()) {
      expect(await rec.getByTestId('voice-phrase').innerText()).toBe(clip.text);
      await rec.getByTestId('voice-record').click();
      await rec.getByTestId('voice-stop').waitFor(WAIT);
      await staff.waitForTimeout(TAKE_MS);
      await rec.getByTestId('voice-stop').click();
      await staff.waitForFunction((n) => (window.__luotVoiceTakes ?? []).length === n, i + 1, WAIT);
      await rec.getByTestId('voice-next').click();
    }
    const recordSeconds = (Date.now() - started) / 1000;
    const takes = await staff.evaluate(() => window.__luotVoiceTakes as Take[]);
    expect(takes.map((t) => t.name)).toEqual(clips.map((c) => c.name));
    for (const t of takes) {
      // The file's leading silence (0.3 s, less the time the microphone took to start) is cut.
      expect(t.lead, t.name).toBeGreaterThan(0.1);
      expect(t.seconds, t.name).toBeLessThan(VOICE_S + 0.2);
      expect(t.seconds, t.name).toBeGreaterThan(VOICE_S * 0.6);
      expect(Math.abs(t.levelDb - TARGET_LEVEL_DB), t.name).toBeLessThan(3);
    }
    expect(await rec.getByTestId('voice-missing').innerText()).toBe('Đã thu đủ mọi đoạn.');
    await staff.screenshot({ path: join(artifacts, 'recorder.png'), fullPage: true });

    // Preview before saving: the display's joiner plays the unsaved takes.
    expect(await rec.getByTestId('voice-preview-missing').innerText()).toBe('Cả câu dùng giọng của cơ quan.');
    await rec.getByTestId('voice-preview').click();
    await staff.waitForFunction(() => (window.__luotSpoken ?? []).some((s) => s.outcome !== 'superseded'), undefined, WAIT);
    expect(await staff.evaluate(() => window.__luotSpoken!.map((s) => s.outcome))).toEqual(['clips']);
    const previewCuts = await staff.evaluate(() => window.__luotClipCuts as Cut[]);
    const previewNames = announcementClips(template(), 'A015', 3, { reading: officeVoice().reading }).filter((c) => c !== 'chime');
    for (const name of previewNames) {
      const cut = previewCuts.find((c) => c.name === name && c.version === 'preview-1');
      expect(cut, name).toBeDefined();
      expect(Math.abs(cut!.decoded - takes.find((t) => t.name === name)!.seconds), name).toBeLessThan(0.005);
    }

    // Save: every clip on the server, cut and levelled.
    await rec.getByTestId('voice-save').click();
    await rec.getByTestId('voice-message').filter({ hasText: `Đã lưu ${clips.length} đoạn` }).waitFor({ timeout: 60_000 });
    const files = (await readdir(join(dataDir, 'clips'))).filter((f) => !f.startsWith('.')).sort();
    expect(files).toEqual(clips.map((c) => `${c.name}.wav`).sort());
    const levels: number[] = [];
    for (const f of files) {
      const { samples, rate } = decodeWav(new Uint8Array(await readFile(join(dataDir, 'clips', f))));
      const level = speechLevelDb(samples, rate);
      levels.push(level);
      expect(Math.abs(level - TARGET_LEVEL_DB), f).toBeLessThan(3);
      // The voice starts and ends within the kept margin (40 ms) of the file's edges.
      const { start, end } = voiceRange(samples, rate);
      expect(start / rate, f).toBeLessThan(0.06);
      expect((samples.length - end) / rate, f).toBeLessThan(0.06);
    }
    const list = await server.api<{ version: string }>('GET', '/api/settings/clips', undefined, await server.login());
    const version = list.body.ok ? list.body.version : '';
    expect(version).toMatch(/^[0-9a-f]{16}$/);

    // The open wall display switched without a reload, and the next call is said with the new clips.
    await wall.waitForFunction((v) => window.__luotVoiceVersions!.at(-1)!.version === v, version, WAIT);
    const issued = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
    if (!issued.ok) throw new Error(issued.error.message);
    const called = await request<{ ticket: PublicTicket }>(counter, 'ticket:callNext', { counterId: 'q3' });
    if (!called.ok) throw new Error(called.error.message);
    await wall.waitForFunction(() => (window.__luotSpoken ?? []).length > 0, undefined, { timeout: 60_000 });
    expect(await wall.evaluate(() => window.__luotSpoken!.at(-1)!.outcome)).toBe('clips');
    const wallCuts = await wall.evaluate(() => window.__luotClipCuts as Cut[]);
    const said = announcementClips(template(), called.ticket.number, 3, { reading: officeVoice().reading }).filter((c) => c !== 'chime');
    for (const name of said) {
      const cut = wallCuts.find((c) => c.name === name && c.version === version);
      expect(cut, name).toBeDefined();
      const { samples, rate } = decodeWav(new Uint8Array(await readFile(join(dataDir, 'clips', `${name}.wav`))));
      expect(Math.abs(cut!.decoded - samples.length / rate), name).toBeLessThan(0.005);
    }
    // The chime stays the bundled one.
    expect(wallCuts.some((c) => c.name === 'chime')).toBe(true);
    expect(errors).toEqual([]);
    expect(wallErrors).toEqual([]);
    const mean = levels.reduce((a, b) => a + b, 0) / levels.length;
    console.log(
      `voice recorder: ${clips.length} clips recorded in ${recordSeconds.toFixed(1)} s; source speech level ${speechLevelDb(micFile(), RATE).toFixed(1)} dBFS → ` +
        `saved ${Math.min(...levels).toFixed(1)}…${Math.max(...levels).toFixed(1)} (mean ${mean.toFixed(1)}, target ${TARGET_LEVEL_DB}); leads cut ${Math.min(...takes.map((t) => t.lead)).toFixed(2)}…${Math.max(...takes.map((t) => t.lead)).toFixed(2)} s`,
    );
  });

  it('downloads the set as a zip, resets to the bundled pack (the display follows), and the zip puts it back', { timeout: 60_000 }, async () => {
    const rec = staff.locator('luot-voice-recorder');
    const saved = (await readdir(join(dataDir, 'clips'))).filter((f) => !f.startsWith('.')).sort();
    const [download] = await Promise.all([staff.waitForEvent('download'), rec.getByTestId('voice-download').click()]);
    expect(download.suggestedFilename()).toBe('luot-giong-doc.zip');
    const zipPath = join(workDir, 'set.zip');
    await download.saveAs(zipPath);
    const entries = unzipSync(new Uint8Array(await readFile(zipPath)));
    expect(Object.keys(entries).sort()).toEqual(saved);
    for (const f of saved) expect(Buffer.from(entries[f]!), f).toEqual(await readFile(join(dataDir, 'clips', f)));

    const reset = rec.locator('luot-confirm-button button');
    await reset.click();
    await reset.click();
    await rec.getByTestId('voice-message').filter({ hasText: 'Đã xoá' }).waitFor(WAIT);
    expect((await readdir(join(dataDir, 'clips'))).filter((f) => !f.startsWith('.'))).toEqual([]);
    await wall.waitForFunction(() => window.__luotVoiceVersions!.at(-1)!.version === 'bundled', undefined, WAIT);

    // Another office copies the set: a zip goes through the upload of the same tab (a few of
    // the files, in a folder as an unpacked-and-repacked copy would have them, to stay quick).
    const some = saved.slice(0, 4);
    const copyPath = join(workDir, 'copy.zip');
    writeFileSync(copyPath, zipSync({ 'giong-doc': Object.fromEntries(some.map((f) => [f, entries[f]!])) }));
    const upload = rec.locator('luot-clip-upload');
    await upload.getByLabel('Chọn tệp âm thanh').setInputFiles(copyPath);
    await upload.getByText(`Đã tải lên ${some.length}/${some.length} tệp`).waitFor(WAIT);
    expect((await readdir(join(dataDir, 'clips'))).filter((f) => !f.startsWith('.')).sort()).toEqual(some);
    for (const f of some) expect(await readFile(join(dataDir, 'clips', f)), f).toEqual(Buffer.from(entries[f]!));
    await wall.waitForFunction(() => window.__luotVoiceVersions!.at(-1)!.version !== 'bundled', undefined, WAIT);
  });
});
