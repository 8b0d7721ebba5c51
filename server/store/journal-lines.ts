// Reading a day's journal as the disk left it: complete lines, lines that cannot be read
// (a disk error, a hand edit, zeroed blocks), and a torn tail (a power cut mid-append).
// Works on bytes, not on decoded text: garbage bytes decode to U+FFFD, whose UTF-8 length
// differs from theirs, and the offsets here are used to cut and rewrite the file.
import { isUtf8 } from 'node:buffer';
import type { JournalEvent } from '../queue/events.js';

export interface JournalLine {
  event: JournalEvent;
  /** 1-based line number in the file as it was read. */
  line: number;
  start: number;
  /** Offset of the line's newline. */
  end: number;
}

export interface DamagedLine {
  line: number;
  reason: 'unreadable' | 'zeroed' | 'inconsistent';
  detail: string | null;
  text: string;
  /** The exact bytes, kept only when they are not valid UTF-8 (`text` then holds U+FFFD). */
  base64?: string;
}

export interface ParsedDay {
  lines: JournalLine[];
  damaged: DamagedLine[];
  /** Where the last complete line ends: anything after it is a torn tail. */
  cleanEnd: number;
  torn: { bytes: number; zeros: boolean } | null;
}

const NL = 0x0a;

export function damagedLine(buf: Buffer, line: number, reason: DamagedLine['reason'], detail: string | null): DamagedLine {
  const d: DamagedLine = { line, reason, detail, text: buf.toString('utf8') };
  if (!isUtf8(buf)) d.base64 = buf.toString('base64');
  return d;
}

/**
 * Parses a day's file at once: for the start, when nothing else runs yet. `from` skips a
 * prefix already accounted for (a verified checkpoint): its byte length, ending after a newline,
 * and its number of lines; offsets and line numbers stay those of the whole file.
 */
export function parseDay(buf: Buffer, from: { offset: number; lines: number } = { offset: 0, lines: 0 }): ParsedDay {
  const p = new DayParser(buf, from.offset, from.lines + 1);
  while (!p.done) p.step(Infinity);
  return p.result();
}

/** The same in slices, giving the event loop back between them (reports run while kiosks issue). */
export async function parseDayYielding(buf: Buffer, every: number, yieldToLoop: () => Promise<void>): Promise<ParsedDay> {
  const p = new DayParser(buf);
  for (p.step(every); !p.done; p.step(every)) await yieldToLoop();
  return p.result();
}

class DayParser {
  private readonly lines: JournalLine[] = [];
  private readonly damaged: DamagedLine[] = [];
  private readonly cleanEnd: number;
  private readonly zerosFrom: number;
  constructor(private readonly buf: Buffer, private start = 0, private n = 1) {
    // A power cut can leave the file longer than what was written, the tail filled with zeros
    // (the size reached the disk, the data blocks did not): that is a torn tail, not damage.
    let end = buf.length;
    while (end > 0 && buf[end - 1] === 0) end--;
    this.zerosFrom = end;
    this.cleanEnd = end === 0 ? 0 : buf.lastIndexOf(NL, end - 1) + 1;
  }

  get done(): boolean {
    return this.start >= this.cleanEnd;
  }

  step(maxLines: number): void {
    const buf = this.buf;
    for (let k = 0; k < maxLines && this.start < this.cleanEnd; k++, this.n++) {
      const start = this.start;
      const nl = buf.indexOf(NL, start);
      this.start = nl + 1;
      const text = buf.toString('utf8', start, nl);
      if (text.trim() === '') continue;
      let event: unknown = null;
      try {
        event = JSON.parse(text);
      } catch {
        // judged below
      }
      if (event !== null && typeof event === 'object' && typeof (event as { type?: unknown }).type === 'string') {
        this.lines.push({ event: event as JournalEvent, line: this.n, start, end: nl });
      } else {
        const raw = buf.subarray(start, nl);
        this.damaged.push(damagedLine(raw, this.n, raw.includes(0) ? 'zeroed' : 'unreadable', null));
      }
    }
  }

  result(): ParsedDay {
    const { buf, cleanEnd } = this;
    const torn = cleanEnd < buf.length ? { bytes: buf.length - cleanEnd, zeros: this.zerosFrom < buf.length } : null;
    return { lines: this.lines, damaged: this.damaged, cleanEnd, torn };
  }
}

export interface NumberFloor {
  serviceId: string | null;
  upTo: number;
}

/**
 * The ticket numbers a damaged line may still show: every `"seq":N` (an issued ticket) and
 * `"upTo":N` (numbers reserved earlier) in its raw text, with the `"serviceId"` written before
 * it in the same event when that is readable, else for every service. A ticket printed from
 * such a line may be in a citizen's hand: its number stays used.
 */
export function numberFloors(damaged: readonly Pick<DamagedLine, 'text'>[]): NumberFloor[] {
  const best = new Map<string | null, number>();
  for (const { text } of damaged) {
    const re = /"serviceId"\s*:\s*(?:"([^"\\]{1,200})"|null)|"(?:seq|upTo)"\s*:\s*(\d{1,9})/g;
    let service: string | null = null;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[2] === undefined) {
        service = m[1] ?? null;
        continue;
      }
      const seq = Number(m[2]);
      if (seq > (best.get(service) ?? 0)) best.set(service, seq);
      service = null;
    }
  }
  return [...best].map(([serviceId, upTo]) => ({ serviceId, upTo }));
}
