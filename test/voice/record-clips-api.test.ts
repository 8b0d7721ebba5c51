// The office's own clip set on the server: names from the pack's vocabulary (and the office
// template's phrases), the whole set as a zip, reset to the bundled pack, and every display told
// the set's version on connect and after each change (`voice:changed`).
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipStore } from '../../server/store/clips.js';
import { recordableClips } from '../../shared/voice-clips.js';
import { clipVocabulary, isPhraseClip } from '../../shared/voice.js';
import { root } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login();
});
afterAll(async () => {
  await server?.stop();
});

/** A real (tiny) WAV: 16-bit mono, `n` samples of a ramp, so each upload's bytes differ. */
function wav(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16000, 24);
  b.writeUInt32LE(32000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(((i * seed * 37) % 2000) - 1000, 44 + i * 2);
  return b;
}

const upload = (name: string, body: Buffer, token: string | null = admin) =>
  fetch(`${server.url}/api/settings/clips?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'audio/wav', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  });

/** A display socket whose `voice:changed` events are recorded from before it connects. */
async function display(): Promise<{ socket: Socket; versions: string[] }> {
  const versions: string[] = [];
  const socket = io(`${server.url}/display`, { transports: ['websocket'], reconnection: false, forceNew: true });
  server.clients.push(socket);
  socket.on('voice:changed', (v: { version: string }) => versions.push(v.version));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, versions };
}

async function until(check: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the recordable vocabulary', () => {
  const names = (v: Parameters<typeof recordableClips>[0]) => recordableClips(v).map((c) => c.name);

  it('is the office phrases, then the words of its reading and the letters; no chime; NFC Vietnamese', () => {
    const clips = recordableClips({ reading: 'north' });
    const north = clipVocabulary('north');
    expect(clips.slice(0, 3).map((c) => c.text)).toEqual(['Xin mời công dân có số thứ tự', 'đến quầy số', 'Xin mời lần hai công dân có số thứ tự']);
    for (const c of clips) {
      expect(north[c.name], c.name).toBeDefined();
      expect(c.text).toBe(c.text.normalize('NFC'));
    }
    for (const name of Object.keys(north)) if (name !== 'chime' && !isPhraseClip(name)) expect(names({ reading: 'north' })).toContain(name);
    expect(names({})).not.toContain('chime');
    expect(clips.find((c) => c.name === 'muoi-huyen')?.text).toBe('mười');
  });

  it('asks for the words of the office reading only', () => {
    const north = names({ reading: 'north' });
    const south = names({ reading: 'south' });
    expect(north).toEqual(expect.arrayContaining(['linh', 'nghin', 'tu']));
    expect(north).not.toContain('ngan');
    expect(south).toEqual(expect.arrayContaining(['le', 'ngan']));
    expect(south).not.toContain('linh');
    expect(south).not.toContain('nghin');
  });

  it('asks first for the phrases of a custom template, and for counter names when a template says them', () => {
    const clips = recordableClips({ template: 'Kính mời số {number} tới bàn {counter}' });
    expect(clips.slice(0, 2)).toEqual([
      { name: 'kinh-moi-so', text: 'Kính mời số' },
      { name: 'toi-ban', text: 'tới bàn' },
    ]);
    const named = recordableClips({ template: 'Xin mời công dân có số thứ tự {number} đến {counterName}', counterNames: ['Bàn tiếp nhận Đất đai'] });
    expect(named.map((c) => c.name)).toContain('ban-tiep-nhan-dat-dai');
    expect(names({ counterNames: ['Bàn tiếp nhận Đất đai'] })).not.toContain('ban-tiep-nhan-dat-dai');
  });
});

describe('the office clip set', () => {
  it('tells a display the version on connect, then once per burst of uploads', async () => {
    const d = await display();
    await until(() => d.versions.length === 1);
    expect(d.versions[0]).toBe('bundled');
    // A Save: several uploads close together (the store writes them one after another).
    const saves = await Promise.all(['num-1', 'num-2', 'num-3'].map((name, i) => upload(name, wav(800, i + 2))));
    for (const res of saves) expect(res.status).toBe(201);
    await until(() => d.versions.length === 2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(d.versions).toHaveLength(2);
    const list = await server.api<{ version: string }>('GET', '/api/settings/clips', undefined, admin);
    expect(list.body.ok && list.body.version).toBe(d.versions[1]);
    expect(d.versions[1]).toMatch(/^[0-9a-f]{16}$/);
    // A display connecting later learns the same version at once.
    const late = await display();
    await until(() => late.versions.length === 1);
    expect(late.versions[0]).toBe(d.versions[1]);
    // Re-recording one clip is a new version.
    expect((await upload('num-3', wav(900, 9))).status).toBe(201);
    await until(() => d.versions.length === 3);
    expect(d.versions[2]).not.toBe(d.versions[1]);
  });

  it('gives the same version from another store of the same folder (another process of the office)', async () => {
    const other = new ClipStore(join(server.dataDir, 'clips'));
    const before = await other.version();
    expect((await upload('num-9', wav(321, 3))).status).toBe(201);
    const list = await server.api<{ version: string }>('GET', '/api/settings/clips', undefined, admin);
    expect(list.body.ok && list.body.version).toBe(await other.version());
    expect(await other.version()).not.toBe(before);
  });

  it('serves the recording instead of the bundled clip at /clips/<name>', async () => {
    const own = wav(500, 5);
    expect((await upload('num-4', own)).status).toBe(201);
    const res = await fetch(`${server.url}/clips/num-4`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(own);
  });

  it('accepts the phrases of the office template, and refuses them once the template no longer has them', async () => {
    const set = await server.api('PUT', '/api/settings', { announcementTemplate: 'Kính mời số {number} tới bàn {counter}' }, admin);
    expect(set.status).toBe(200);
    expect((await upload('kinh-moi-so', wav(300))).status).toBe(201);
    const back = await server.api('PUT', '/api/settings', { announcementTemplate: 'Mời công dân có số thứ tự {number} đến quầy số {counter}' }, admin);
    expect(back.status).toBe(200);
    expect((await upload('toi-ban', wav(300))).status).toBe(400);
  });

  it('downloads the whole set as a zip, byte for byte', async () => {
    const body = wav(700, 7);
    expect((await upload('letter-a', body)).status).toBe(201);
    const res = await fetch(`${server.url}/api/settings/clips.zip`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain('.zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const onDisk = (await readdir(join(server.dataDir, 'clips'))).filter((f) => !f.startsWith('.')).sort();
    expect(Object.keys(files).sort()).toEqual(onDisk);
    expect(Buffer.from(files['letter-a.wav']!)).toEqual(body);
  });

  it('resets to the bundled pack: files gone, bundled clip served, displays told', async () => {
    const d = await display();
    await until(() => d.versions.length === 1);
    expect(d.versions[0]).not.toBe('bundled');
    const res = await server.api<{ removed: number; version: string }>('DELETE', '/api/settings/clips', undefined, admin);
    expect(res.status).toBe(200);
    expect(res.body.ok && res.body.removed).toBeGreaterThanOrEqual(5);
    expect(res.body.ok && res.body.version).toBe('bundled');
    expect((await readdir(join(server.dataDir, 'clips'))).filter((f) => !f.startsWith('.'))).toEqual([]);
    const served = await fetch(`${server.url}/clips/num-4`);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(readFileSync(join(root, 'display/clips/vi/num-4.mp3')));
    await until(() => d.versions.length === 2);
    expect(d.versions[1]).toBe('bundled');
  });

  it('is for admins only: upload, list, zip and reset', async () => {
    const supervisor = await server.staff('giamsat-giong', 'supervisor');
    expect((await upload('num-1', wav(10), null)).status).toBe(401);
    expect((await upload('num-1', wav(10), supervisor)).status).toBe(403);
    for (const [method, path] of [['GET', '/api/settings/clips.zip'], ['DELETE', '/api/settings/clips'], ['GET', '/api/settings/clips']] as const) {
      expect((await fetch(`${server.url}${path}`, { method })).status).toBe(401);
      expect((await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${supervisor}` } })).status).toBe(403);
    }
  });
});
