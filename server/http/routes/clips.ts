// The office's own voice (Cài đặt → Giọng đọc): clips uploaded under the pack's names, the set
// downloaded as a zip, reset to the bundled pack. Admins only; displays switch by `voice:changed`.
import express, { Router } from 'express';
import { LuotError } from '../../../shared/errors.js';
import { acceptedClipNames } from '../../../shared/voice-clips.js';
import { CLIP_MAX_BYTES, CLIP_TYPES, looksLike, type ClipStorage } from '../../store/clips.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';

const clipError = (field: string, vi: string, en: string) =>
  new LuotError('invalid', `Dữ liệu không hợp lệ: ${vi}`, `Invalid data: ${en}`, { field });

const noStore = () => new LuotError('internal', 'Máy chủ chưa cấu hình thư mục dữ liệu', 'No data folder configured');

export function clipRoutes(deps: HttpDeps, store: ClipStorage | null): Router {
  const { office, now } = deps;
  const r = Router();
  const admin = requireRole(office, 'office_admin', now);
  const clips = () => {
    if (!store) throw noStore();
    return store;
  };

  r.get('/settings/clips', admin, async (_req, res) => {
    const s = clips();
    ok(res, { clips: (await s.list()).map(({ name, ext }) => ({ name, ext })), version: await s.version() });
  });

  r.get('/settings/clips.zip', admin, async (_req, res) => {
    const zip = await clips().zip();
    res.set({
      'content-type': 'application/zip',
      'content-disposition': 'attachment; filename="luot-giong-doc.zip"',
      'cache-control': 'no-store',
    });
    res.send(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
  });

  r.post(
    '/settings/clips',
    admin,
    express.raw({ type: Object.keys(CLIP_TYPES), limit: CLIP_MAX_BYTES }),
    async (req, res) => {
      const name = typeof req.query.name === 'string' ? req.query.name : '';
      // Only the pack's names (and the office's own phrases and counter names): a file under any other name
      // would never be played, and the folder is served to every display.
      const s0 = office.settings;
      const voice = { template: s0.announcementTemplate, recallTemplate: s0.recallTemplate, counterNames: office.config.counters.map((c) => c.label.vi) };
      if (!acceptedClipNames(voice).has(name)) {
        throw clipError('name', 'tên đoạn âm thanh không thuộc bộ âm thanh gọi số (ví dụ num-3, den-quay-so)', 'not a clip name of the voice pack (e.g. num-3, den-quay-so)');
      }
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const ext = CLIP_TYPES[type];
      if (!ext) throw clipError('Content-Type', 'chỉ nhận audio/wav, audio/ogg hoặc audio/mpeg', 'only audio/wav, audio/ogg or audio/mpeg');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (body.length === 0) throw clipError('(payload)', 'tệp rỗng', 'empty file');
      if (!looksLike(ext, body)) throw clipError('(payload)', `nội dung không phải tệp ${ext.toUpperCase()}`, `the content is not a ${ext.toUpperCase()} file`);
      const s = clips();
      await s.save(name, ext, body);
      ok(res, { clip: { name, ext, bytes: body.length }, version: await s.version() }, 201);
    },
  );

  r.delete('/settings/clips', admin, async (_req, res) => {
    const s = clips();
    const removed = await s.reset();
    ok(res, { removed, version: await s.version() });
  });
  return r;
}
