// The ticket renderer's thread (render-pool.ts runs it): builds the bytes of each job it is sent,
// in order. Its caches (static parts, glyphs) live here, and so does the ~30 MB canvas addon.
// The network printers' connections live here too (tcp-host.ts, tcp-thread.ts).
import { parentPort, type MessagePort } from 'node:worker_threads';
import { buildRasterJob, buildTextJob } from './escpos.js';
import { renderTestPageBitmap, renderTicketBitmap } from './render.js';
import type { ToPool, ToRenderer } from './render-pool.js';
import { handleIo, jobBuffer, keep } from './tcp-host.js';

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs as a worker thread');

// Messages of one turn on the main thread come as one array (render-pool.ts send()).
port.on('message', (m: ToRenderer | ToRenderer[]) => {
  if (Array.isArray(m)) for (const one of m) handle(one, port);
  else handle(m, port);
});

function handle(m: ToRenderer, port: MessagePort): void {
  if (m.io) return handleIo(m.seq, m.io, (r) => port.postMessage(r));
  // The rows are copied into the job's bytes at once: one buffer serves every ticket. A kept
  // job's bytes go into the buffer of one printed before; those handed over are the job's own.
  const draw = (): Buffer =>
    m.textMode
      ? buildTextJob(m.job, m.textMode, m.paperWidth)
      : buildRasterJob(renderTicketBitmap(m.job, { width: m.paperWidth === 80 ? 576 : 384, scratch: true }), {
          paperWidth: m.paperWidth,
          qr: m.job.trackUrl,
          alloc: m.keep ? jobBuffer : undefined,
        });
  // Kept here for the job's `executeKept` on this thread: no answer, so no wake-up of the main
  // thread per ticket (a failure is told by that attempt).
  if (m.keep) {
    try {
      keep(m.seq, draw());
    } catch (err) {
      keep(m.seq, err instanceof Error ? err : new Error(String(err)));
    }
    return;
  }
  let reply: ToPool;
  try {
    const bytes = draw();
    // Small buffers are slices of Node's shared pool, which must not be handed over.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    reply = { seq: m.seq, ok: true, bytes: own.buffer as ArrayBuffer, length: own.byteLength };
    port.postMessage(reply, [reply.bytes]);
  } catch (err) {
    reply = { seq: m.seq, ok: false, message: (err as Error)?.message ?? String(err) };
    port.postMessage(reply);
  }
}

// Fonts, Skia and the first static parts get going before the first citizen's ticket.
try {
  renderTestPageBitmap({ width: 576, target: '', now: new Date(), timeZone: 'Asia/Ho_Chi_Minh' });
} finally {
  port.postMessage({ seq: 0, ok: true, ready: true } satisfies ToPool);
}
