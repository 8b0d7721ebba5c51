// The built apps over real HTTP: the build's brotli/gzip copies by Accept-Encoding (bytes that
// decompress to the file), identity otherwise, `Vary`, types, year-long caching for hashed assets
// only, HEAD, ranges and ETags, and no compressed copy from outside the build folder.
import { request } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../server/http/precompress.js';
import { acceptedEncodings } from '../../server/http/static.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Raw bytes as sent: fetch would decompress them and normalise the path. */
function get(server: TestServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const BR = { 'accept-encoding': 'gzip, deflate, br, zstd' }; // what Chromium sends
const GZIP = { 'accept-encoding': 'gzip' };

let base: string;
let www: string;
let server: TestServer;
const script = `// a built app\n${'export const words = ["Mời công dân", "đến quầy số", "Lượt"];\n'.repeat(400)}`;
const page = `<!doctype html><html lang="vi"><head><title>Lượt</title></head><body>${'<p>Xin chào công dân</p>'.repeat(50)}</body></html>`;
const secret = `export const DECOY = "${'outside the build '.repeat(100)}";`;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'luot-static-'));
  www = join(base, 'www');
  await mkdir(join(www, 'assets'), { recursive: true });
  await mkdir(join(www, 'kiosk'), { recursive: true });
  await mkdir(join(www, 'display'), { recursive: true });
  await writeFile(join(www, 'assets', 'app-Ab12Cd34.js'), script);
  await writeFile(join(www, 'assets', 'tiny-Zz99.css'), 'a{}');
  await writeFile(join(www, 'assets', 'font-Q1w2.woff2'), Buffer.alloc(2000, 7));
  await writeFile(join(www, 'kiosk', 'index.html'), page);
  await writeFile(join(www, 'display', 'ticket.html'), page.replace('Lượt', 'Số của tôi'));
  await writeFile(join(www, 'index.html'), page.replace('Lượt', 'Trang chủ'));
  // Decoys beside the build folder, with compressed copies, that no path may reach.
  await writeFile(join(base, 'secret.js'), secret);
  await precompressDir(base);
  server = await startTestServer({ staticDir: www });
});

afterAll(async () => {
  await server?.stop();
  await rm(base, { recursive: true, force: true });
});

describe('precompression at build', () => {
  it('writes .br and .gz beside text files when smaller, nothing for fonts or for what would grow', async () => {
    const sum = await precompressDir(www);
    expect(sum.files).toBeGreaterThanOrEqual(5);
    expect(brotliDecompressSync(await readFile(join(www, 'assets', 'app-Ab12Cd34.js.br'))).toString()).toBe(script);
    expect(gunzipSync(await readFile(join(www, 'assets', 'app-Ab12Cd34.js.gz'))).toString()).toBe(script);
    await expect(readFile(join(www, 'assets', 'font-Q1w2.woff2.br'))).rejects.toThrow();
    await expect(readFile(join(www, 'assets', 'tiny-Zz99.css.gz'))).rejects.toThrow();
  });
});

describe('Accept-Encoding', () => {
  it('is read with q-values; br before gzip on a tie; identity when nothing here fits', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip;q=1, br;q=0.5')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*;q=0, identity')).toEqual([]);
    expect(acceptedEncodings('deflate')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });
});

describe('serving the built apps', () => {
  it('sends the brotli copy to a browser that accepts br: bytes decompress to the file, typed, cached a year', async () => {
    const r = await get(server, '/assets/app-Ab12Cd34.js', BR);
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/^text\/javascript; charset=utf-8$/);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['vary']).toMatch(/Accept-Encoding/);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(Buffer.byteLength(script) / 10);
    expect(brotliDecompressSync(r.body).toString()).toBe(script);
  });

  it('sends gzip to a gzip-only client, and the preferred one by q-value', async () => {
    const g = await get(server, '/assets/app-Ab12Cd34.js', GZIP);
    expect(g.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(g.body).toString()).toBe(script);
    const q = await get(server, '/assets/app-Ab12Cd34.js', { 'accept-encoding': 'br;q=0.4, gzip;q=0.9' });
    expect(q.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(q.body).toString()).toBe(script);
  });

  it('sends the file itself without Accept-Encoding, or when br and gzip are refused, still with Vary', async () => {
    for (const headers of [{}, { 'accept-encoding': 'br;q=0, gzip;q=0' }, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const r = await get(server, '/assets/app-Ab12Cd34.js', headers);
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.headers['vary']).toMatch(/Accept-Encoding/);
      expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(r.body.toString()).toBe(script);
    }
  });

  it('pages and the citizen page are revalidated on every load (no-cache), compressed too', async () => {
    for (const [path, file] of [['/kiosk/', 'kiosk/index.html'], ['/', 'index.html'], ['/t/abc123', 'display/ticket.html'], ['/display/ticket.html', 'display/ticket.html']] as const) {
      const r = await get(server, path, BR);
      expect(r.status, path).toBe(200);
      expect(r.headers['cache-control'], path).toBe('no-cache');
      expect(r.headers['content-type'], path).toBe('text/html; charset=utf-8');
      expect(r.headers['content-encoding'], path).toBe('br');
      expect(brotliDecompressSync(r.body).toString(), path).toBe(await readFile(join(www, file), 'utf8'));
      const plain = await get(server, path);
      expect(plain.headers['cache-control'], path).toBe('no-cache');
      expect(plain.body.toString(), path).toBe(await readFile(join(www, file), 'utf8'));
    }
  });

  it('a file without a smaller copy, or not text, goes out as it is', async () => {
    const css = await get(server, '/assets/tiny-Zz99.css', BR);
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.body.toString()).toBe('a{}');
    const font = await get(server, '/assets/font-Q1w2.woff2', BR);
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(font.body).toEqual(Buffer.alloc(2000, 7));
  });

  it('HEAD gives the headers of GET and no body', async () => {
    const g = await get(server, '/assets/app-Ab12Cd34.js', BR);
    const h = await get(server, '/assets/app-Ab12Cd34.js', BR, 'HEAD');
    expect(h.status).toBe(200);
    expect(h.body.length).toBe(0);
    for (const k of ['content-encoding', 'content-length', 'content-type', 'cache-control', 'etag', 'vary']) expect(h.headers[k], k).toEqual(g.headers[k]);
  });

  it('a range of the file itself is served; an encoded reply is whole; ETags tell the encodings apart', async () => {
    const part = await get(server, '/assets/app-Ab12Cd34.js', { range: 'bytes=3-12' });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe(Buffer.from(script).subarray(3, 13).toString());
    const encoded = await get(server, '/assets/app-Ab12Cd34.js', { ...BR, range: 'bytes=3-12' });
    expect(encoded.status).toBe(200);
    expect(brotliDecompressSync(encoded.body).toString()).toBe(script);
    const plain = await get(server, '/assets/app-Ab12Cd34.js');
    expect(encoded.headers.etag).toBeTruthy();
    expect(encoded.headers.etag).not.toBe(plain.headers.etag);
    const again = await get(server, '/assets/app-Ab12Cd34.js', { ...BR, 'if-none-match': String(encoded.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('no compressed copy from outside the build folder, whatever the path', async () => {
    const paths = ['/../secret.js', '/..%2fsecret.js', '/%2e%2e/secret.js', '/assets/..%2f..%2fsecret.js', '/assets/%2e%2e/%2e%2e/secret.js',
      '/..%5csecret.js', '/assets/..%00/secret.js', '/t/..%2f..%2fsecret.js', '/kiosk/..%2f..%2fsecret.js'];
    for (const path of paths) {
      for (const headers of [BR, GZIP, {}]) {
        const r = await get(server, path, headers);
        const enc = r.headers['content-encoding'];
        const text = enc === 'br' ? brotliDecompressSync(r.body).toString() : enc === 'gzip' ? gunzipSync(r.body).toString() : r.body.toString();
        expect(text, path).not.toContain('DECOY');
        // /t/<anything> is the citizen's page whatever the token: that page, and only it, is fine.
        if (r.status === 200 && path.startsWith('/t/')) expect(text, path).toBe(await readFile(join(www, 'display', 'ticket.html'), 'utf8'));
        else expect([400, 403, 404], `${path} → ${r.status}`).toContain(r.status);
      }
    }
  });

  it('a missing asset is a 404 that no cache keeps', async () => {
    const r = await get(server, '/assets/missing-Xy12.js', BR);
    expect(r.status).toBe(404);
    expect(String(r.headers['cache-control'])).not.toMatch(/immutable|max-age=31536000/);
    expect(r.headers['content-encoding']).toBeUndefined();
  });
});
