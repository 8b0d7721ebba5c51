// Routes the staff app needs beyond configuration and reports: a counter's figures for today,
// the staff list for report filters, and the voice clip upload of the settings page.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { Router } from 'express';
import { LuotError } from '../../../shared/errors.js';
import { isoLocal } from '../../queue/time.js';
import { fsyncDir } from '../../store/durable-file.js';
import { luotError } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

export const CLIP_NAME = /^[a-z0-9-]{1,40}$/;
export const CLIP_TYPES: Record<string, 'wav' | 'ogg' | 'mp3'> = {
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
};
/** A clip is one word or phrase: a few seconds of audio, far below this. */
export const CLIP_MAX_BYTES = 2 * 1024 * 1024;

/** The first bytes of each accepted format: a renamed text or image file is refused. */
function looksLike(ext: 'wav' | 'ogg' | 'mp3', b: Buffer): boolean {
  if (ext === 'wav') return b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE';
  if (ext === 'ogg') return b.length >= 4 && b.toString('latin1', 0, 4) === 'OggS';
  // MP3: an ID3 tag, or straight into an MPEG audio frame (11 sync bits).
  return b.length >= 3 && (b.toString('latin1', 0, 3) === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0));
}

const clipError = (field: string, vi: string, en: string) =>
  new LuotError('invalid', `Dữ liệu không hợp lệ: ${vi}`, `Invalid data: ${en}`, { field });

export function staffRoutes(deps: HttpDeps): Router {
  const { office, reports, now } = deps;
  const r = Router();
  const staff = requireRole(office, 'staff', now);

  r.get('/counters/:id/today', staff, async (req, res) => {
    const counterId = String(req.params.id);
    if (!office.counter(counterId)) throw luotError('not_found', 'counterNotFound');
    const today = office.engine.serviceDay;
    const summary = await reports.summary({ from: today, to: today, counterId });
    // The server's clock travels with the figures: counter PCs drift, and waiting times shown
    // on the panel are differences against the server's timestamps.
    ok(res, { counterId, serviceDay: today, figures: summary.total, serverTime: isoLocal(new Date(now()), office.settings.timeZone) });
  });

  // Supervisors filter reports by staff member without being allowed to manage users.
  r.get('/staff/users', requireRole(office, 'supervisor', now), (_req, res) => {
    ok(res, { users: office.config.users.map((u) => ({ id: u.id, username: u.username, name: u.name, role: u.role })) });
  });

  const admin = requireRole(office, 'admin', now);
  const clipsDir = () => {
    if (!deps.dataDir) throw new LuotError('internal', 'Máy chủ chưa cấu hình thư mục dữ liệu', 'No data folder configured');
    return join(deps.dataDir, 'clips');
  };

  r.get('/settings/clips', admin, async (_req, res) => {
    const files = await readdir(clipsDir()).catch(() => [] as string[]);
    const clips = files
      .map((f) => /^([a-z0-9-]{1,40})\.(wav|ogg|mp3)$/.exec(f))
      .filter((m) => m !== null)
      .map((m) => ({ name: m[1]!, ext: m[2]! }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    ok(res, { clips });
  });

  r.post(
    '/settings/clips',
    admin,
    express.raw({ type: Object.keys(CLIP_TYPES), limit: CLIP_MAX_BYTES }),
    async (req, res) => {
      const name = typeof req.query.name === 'string' ? req.query.name : '';
      if (!CLIP_NAME.test(name)) throw clipError('name', 'tên tệp chỉ gồm a-z, 0-9 và dấu -, tối đa 40 ký tự', 'name: a-z, 0-9 and -, at most 40 characters');
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const ext = CLIP_TYPES[type];
      if (!ext) throw clipError('Content-Type', 'chỉ nhận audio/wav, audio/ogg hoặc audio/mpeg', 'only audio/wav, audio/ogg or audio/mpeg');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (body.length === 0) throw clipError('(payload)', 'tệp rỗng', 'empty file');
      if (!looksLike(ext, body)) throw clipError('(payload)', `nội dung không phải tệp ${ext.toUpperCase()}`, `the content is not a ${ext.toUpperCase()} file`);

      const dir = clipsDir();
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(tmp, body, { flush: true });
      await rename(tmp, join(dir, `${name}.${ext}`));
      // One file per clip name: a pack re-uploaded as OGG must not leave the old WAV to be played.
      for (const other of Object.values(CLIP_TYPES)) {
        if (other !== ext) await rm(join(dir, `${name}.${other}`), { force: true });
      }
      await fsyncDir(dir);
      ok(res, { clip: { name, ext, bytes: body.length } }, 201);
    },
  );
  return r;
}
