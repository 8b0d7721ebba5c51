// The network printers' connections, on the renderer thread (render-worker.ts runs this). Each
// printer is the same TcpTransport as on the main thread, with the same deadlines, status
// questions and warm connection; only its socket work (writing ~50 kB a ticket, connects,
// closes, status answers) no longer shares the event loop that answers kiosks.
import { TcpTransport, TransportError } from './transport.js';
import { toWire, type IoReply, type IoRequest } from './tcp-wire.js';

const printers = new Map<number, TcpTransport>();
const running = new Map<number, AbortController>();
/**
 * Tickets drawn here for a network printer, by drawing number, until printed or released: their
 * ~50 kB no longer go to the main thread and back (a retry finds them here). What a drawing
 * that failed threw is kept in their place, for the job's attempt to report.
 */
const kept = new Map<number, Buffer | Error>();

/**
 * Buffers of printed jobs, used again for the next ones: a fresh ~50 kB outside V8's heap per
 * ticket brought a full collection of this thread's heap every ~75 tickets. Only a printed job's
 * buffer comes back: nothing refers to it any more (its socket is closed, the job is done).
 */
const spare: ArrayBuffer[] = [];
const SPARE_BUFFERS = 4;
/** Only buffers made here come back: a text-mode job's bytes may be a slice of Node's shared pool. */
const ours = new WeakSet<ArrayBuffer>();

/** A job's bytes, `size` long, in a buffer of a printed job when one is big enough. */
export function jobBuffer(size: number): Buffer {
  let ab = spare.pop();
  if (!ab || ab.byteLength < size) {
    // A little slack (tickets of one paper differ by a line or two of text), not much: while a
    // printer is down its queued jobs' buffers all stay here.
    ab = new ArrayBuffer(size + (size >> 4));
    ours.add(ab);
  }
  return Buffer.from(ab, 0, size);
}

function recycle(bytes: Buffer): void {
  const ab = bytes.buffer;
  if (spare.length < SPARE_BUFFERS && ab instanceof ArrayBuffer && ours.has(ab)) spare.push(ab);
}

/** render-worker.ts, for a drawing asked with `keep` (render-pool.ts hold()). */
export function keep(ref: number, drawn: Buffer | Error): void {
  kept.set(ref, drawn);
}

/**
 * Drawings printed lately. The main thread may send a job again whose earlier attempt it gave up
 * on (its guard ran out while this thread was slow) although that attempt printed it: the job is
 * then answered printed, as it was, instead of "not drawn" (its bytes are gone).
 */
const printed = new Set<number>();
const PRINTED_REMEMBERED = 64;

function printedNow(ref: number): void {
  kept.delete(ref);
  printed.add(ref);
  if (printed.size > PRINTED_REMEMBERED) printed.delete(printed.values().next().value as number);
}

function keptBytes(ref: number): Buffer {
  const drawn = kept.get(ref);
  if (drawn instanceof Buffer) return drawn;
  kept.delete(ref);
  throw new TransportError(drawn instanceof Error ? drawn.message : 'the ticket was not drawn', 'EDRAWING', false);
}

function printerFor(m: { id: number; host: string; port: number }): TcpTransport {
  let t = printers.get(m.id);
  if (!t) printers.set(m.id, (t = new TcpTransport(m.host, m.port)));
  return t;
}

export function handleIo(seq: number, m: IoRequest, reply: (r: IoReply) => void): void {
  if (m.op === 'abort') return void running.get(m.call)?.abort();
  if (m.op === 'release') return void kept.delete(m.ref);
  if (m.op === 'warm') return printerFor(m).warm();
  if (m.op === 'close') {
    printers.get(m.id)?.close();
    printers.delete(m.id);
    return;
  }
  let work: Promise<unknown>;
  try {
    if (m.op === 'executeKept' && printed.has(m.ref) && !kept.has(m.ref)) work = Promise.resolve({});
    else if (m.op === 'execute' || m.op === 'executeKept') {
      const bytes = m.op === 'execute' ? Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength) : keptBytes(m.ref);
      const ac = new AbortController();
      running.set(seq, ac);
      work = printerFor(m)
        .execute(bytes, { timeoutMs: m.timeoutMs, statusTimeoutMs: m.statusTimeoutMs, signal: ac.signal })
        .finally(() => running.delete(seq));
      // Printed: never sent again (a reprint is drawn anew). Otherwise kept for the retry.
      if (m.op === 'executeKept') {
        work = work.then((r) => {
          printedNow(m.ref);
          recycle(bytes);
          return r;
        });
      }
    } else if (m.op === 'readStatus') work = printerFor(m).readStatus(m.answerTimeoutMs, m.connectTimeoutMs);
    else work = printerFor(m).isPrinterConnected(m.timeoutMs);
  } catch (err) {
    work = Promise.reject(err);
  }
  work.then(
    (value) => reply({ seq, io: true, ok: true, value: value ?? null }),
    (err: unknown) => reply({ seq, io: true, ok: false, error: toWire(err) }),
  );
}
