// A checkpoint of today's state, so that a restart need not replay the whole day's journal:
// the engine's state as opaque bytes, and what it covers — the first `bytes` bytes (`lines`
// lines) of one day's file, with their SHA-256. The journal is append-only, so a prefix that
// still hashes the same is the very text the state was built from, whatever was appended
// since (even after a crash): the start takes the state and replays only the rest. Anything
// that does not match — another day, a file rewritten after damage, a changed or torn
// checkpoint — is ignored, and the day is replayed whole, as without a checkpoint.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Checkpoint {
  day: string;
  bytes: number;
  lines: number;
  /** The engine's revision in `state`: the rev of the covered prefix's last line. */
  rev: number;
  state: Buffer;
}

interface Header {
  v: 1;
  day: string;
  bytes: number;
  lines: number;
  rev: number;
  prefix: string;
  state: string;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The file's bytes: one JSON header line, then the state. */
export function encodeCheckpoint(c: Checkpoint, prefix: Buffer): Buffer {
  const header: Header = { v: 1, day: c.day, bytes: c.bytes, lines: c.lines, rev: c.rev, prefix: sha256(prefix), state: sha256(c.state) };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), c.state]);
}

/** The checkpoint in `file` when it covers a prefix of `buf`, the day's file as read now; else null. */
export function verifyCheckpoint(file: Buffer, day: string, buf: Buffer): Checkpoint | null {
  const nl = file.indexOf(0x0a);
  if (nl < 0) return null;
  let h: Partial<Header>;
  try {
    h = JSON.parse(file.toString('utf8', 0, nl)) as Partial<Header>;
  } catch {
    return null;
  }
  const { bytes, lines, rev } = h;
  if (h.v !== 1 || h.day !== day || !Number.isSafeInteger(bytes) || !Number.isSafeInteger(lines) || !Number.isSafeInteger(rev)) return null;
  if (bytes! <= 0 || bytes! > buf.length || buf[bytes! - 1] !== 0x0a) return null;
  const state = file.subarray(nl + 1);
  if (sha256(state) !== h.state || sha256(buf.subarray(0, bytes)) !== h.prefix) return null;
  return { day, bytes: bytes!, lines: lines!, rev: rev!, state };
}

export async function readCheckpointFile(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

/**
 * Written beside and renamed over: a reader sees the old file or the new one. Not synced — a
 * checkpoint lost or torn by a power cut only fails its check, and the day is replayed whole.
 */
export async function writeCheckpointFile(path: string, data: Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
