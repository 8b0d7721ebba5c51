// Synthetic past history: one journal file per day, <dataDir>/journal/YYYY-MM-DD.jsonl, with the
// event sequences the real engine writes (same shapes, same key order, rev +1 per event across
// days, `at` in the office's local time). A small office simulation decides who is called when,
// so a replay through QueueEngine ends every day with every ticket in a final state.
//
//   node --import tsx bench/history.ts --data-dir DIR [--days 365] [--tickets-per-day 2700] [--end-day YYYY-MM-DD]
//   node --import tsx bench/history.ts --bench [--quick]   (times it against raw writes, then deletes it)
//
// Service times are scaled to the ticket count so that the demo's 6 counters clear each day;
// at 2,700 tickets a day that is about a minute per citizen, which is fast but keeps the event
// mix (and hence the journal's size and shape) realistic.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashPassword } from '../server/auth.js';
import { seedConfig } from '../server/demo.js';
import { QueueEngine } from '../server/queue/engine.js';
import type { JournalEvent } from '../server/queue/events.js';
import { addDays, instantOf, isoLocal, serviceDayOf, weekdayOf } from '../server/queue/time.js';
import type { ConfigData, UserRecord } from '../server/store/config.js';
import { openFileDeployment } from '../server/store/deployment.js';
import type { Counter, Service } from '../shared/types.js';
import { ADMIN_PASSWORD, flags, main, now, printResult, removeTempDir, round, table, tempDir } from './support.js';

export interface HistoryOptions {
  dataDir: string;
  days: number;
  ticketsPerDay: number;
  /** The last day written (YYYY-MM-DD). Default: yesterday in the office's time zone. */
  endDay?: string | undefined;
  /** Revision of the first event. Default 1 (an empty journal folder). */
  startRev?: number | undefined;
  seed?: number | undefined;
}

export interface HistoryResult {
  firstDay: string;
  lastDay: string;
  days: number;
  tickets: number;
  events: number;
  bytes: number;
  lastRev: number;
  /** Simulating and writing the journal files (config creation excluded). */
  ms: number;
  /** Creating or opening config.json (argon2 hashes on a new folder). */
  configMs: number;
  /** CPU time of this process while writing the journal files. */
  cpuMs: number;
}

// ── configuration ────────────────────────────────────────────────────────────────────────

const STAFF = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Thị Mai', 'Phạm Minh Tuấn', 'Hoàng Thị Hạnh', 'Võ Văn Dũng'];

/**
 * Opens (or creates, with the demo office and the bench's admin password) `dataDir/config.json`,
 * and adds one staff user per counter so that counters are opened by different people.
 */
export async function ensureConfig(dataDir: string): Promise<ConfigData & { users: UserRecord[] }> {
  // The default office of the data folder; accounts belong to the deployment (issue 11).
  const seed = async () => (await seedConfig({ demo: true, adminPassword: ADMIN_PASSWORD })).config;
  const { store } = await openFileDeployment(dataDir, seed, { warn: () => undefined, error: () => undefined });
  const accounts = store.deployment;
  const missing = STAFF.map((name, i) => ({ name, username: `canbo${i + 1}` })).filter(
    (s) => !accounts.data.users.some((u) => u.username === s.username),
  );
  if (missing.length) {
    const hash = await hashPassword('mat-khau-can-bo');
    const officeId = accounts.data.offices[0]!.id;
    await accounts.update((d) => {
      for (const s of missing) {
        d.users.push({ id: randomUUID(), username: s.username, name: s.name, role: 'staff', hash, mustChangePassword: false, officeId });
      }
    });
  }
  const office = await store.openOffice(accounts.data.offices[0]!.id);
  const config = { ...(office.config.data as ConfigData), users: accounts.data.users as UserRecord[] };
  await store.close();
  return config;
}

// ── deterministic randomness ─────────────────────────────────────────────────────────────

function prng(seed: number) {
  let a = seed >>> 0;
  const u32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { u32, next: () => u32() / 4294967296, int: (lo: number, hi: number) => lo + (u32() % (hi - lo + 1)) };
}

type Rng = ReturnType<typeof prng>;

// ── bytes, not strings: a year is ~6 M lines, and building them as strings costs more in
// garbage collection than in formatting. Every fragment below is ASCII unless noted.

// Plain Uint8Arrays only (no Buffer subclasses): keeps the copy loops monomorphic.
const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const HEX2 = new Uint8Array(512);
for (let i = 0; i < 256; i++) HEX2.set(enc(i.toString(16).padStart(2, '0')), i * 2);
const B64URL = enc('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_');
/** "HH:MM:SS" for every second of a day, 8 bytes each. */
const HMS = new Uint8Array(86_400 * 8);
for (let s = 0; s < 86_400; s++) {
  const p = (n: number) => String(n).padStart(2, '0');
  HMS.set(enc(`${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`), s * 8);
}

/** Writes a UUID v4 (36 bytes) at `at`. */
function uuidInto(r: Rng, out: Uint8Array, at: number): void {
  const a = r.u32(), b = r.u32(), c = r.u32(), d = r.u32();
  const bytes = [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, b >>> 24, (b >>> 16) & 255, 0x40 | ((b >>> 8) & 15), b & 255,
    0x80 | ((c >>> 24) & 0x3f), (c >>> 16) & 255, (c >>> 8) & 255, c & 255, d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255];
  let o = at;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 0x2d;
    out[o++] = HEX2[bytes[i]! * 2]!;
    out[o++] = HEX2[bytes[i]! * 2 + 1]!;
  }
}

/** 12 base64url characters, like randomBytes(9).toString('base64url'). */
function tokenInto(r: Rng, out: Uint8Array, at: number): void {
  for (let k = 0; k < 12; k += 4) {
    const x = r.u32();
    out[at + k] = B64URL[x & 63]!;
    out[at + k + 1] = B64URL[(x >>> 6) & 63]!;
    out[at + k + 2] = B64URL[(x >>> 12) & 63]!;
    out[at + k + 3] = B64URL[(x >>> 18) & 63]!;
  }
}

class Writer {
  buf: Uint8Array;
  pos = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }
  reset(size: number): void {
    if (this.buf.length < size) this.buf = new Uint8Array(size);
    this.pos = 0;
  }
  put(b: Uint8Array): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.pos = p;
  }
  slice(src: Uint8Array, from: number, len: number): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < len; i++) buf[p++] = src[from + i]!;
    this.pos = p;
  }
  int(n: number): void {
    if (n === 0) {
      this.buf[this.pos++] = 0x30;
      return;
    }
    let digits = 0;
    for (let x = n; x > 0; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (let x = n; x > 0; x = Math.floor(x / 10)) this.buf[--p] = 0x30 + (x % 10);
  }
  /** `n` zero-padded to at least `width` digits. */
  padded(n: number, width: number): void {
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let k = digits; k < width; k++) this.buf[this.pos++] = 0x30;
    this.int(n);
  }
}

// ── one day of a small office ────────────────────────────────────────────────────────────

/** Share of the day's tickets per demo service; unknown services share what is left. */
const WEIGHTS: Record<string, number> = { 'dat-dai': 0.3, 'ho-tich': 0.15, 'tu-phap': 0.18, dkkd: 0.13, 'xay-dung': 0.04, ldtbxh: 0.2 };
const PRIORITIES = ['elderly', 'elderly', 'elderly', 'disabled', 'pregnant', 'child', 'child', 'merit'].map((p) => enc(`"${p}"`));
const COMMENTS = ['Cán bộ nhiệt tình', 'Chờ hơi lâu', 'Hướng dẫn rõ ràng', 'Cảm ơn quầy số 3'].map((c) => enc(JSON.stringify(c)));
const MORNING = [7 * 3600 + 30 * 60, 11 * 3600 + 30 * 60] as const;
const AFTERNOON = [13 * 3600 + 30 * 60, 17 * 3600] as const;
const DAY_END = 86_400;
const NO_MORE = Number.POSITIVE_INFINITY;

const enum K {
  DayOpened, Issued, Called, Recalled, Started, Completed, NoShow, Transferred, Cancelled, Expired, Rated,
  CounterOpened, CounterClosed, CounterPaused, CounterResumed,
}

const F = {
  dayOpened: enc('{"type":"day:opened","serviceDay":"'),
  issued: enc('{"type":"ticket:issued","ticket":{"id":"'),
  token: enc('","token":"'),
  serviceId: enc('","serviceId":"'),
  seq: enc('","seq":'),
  number: enc(',"number":"'),
  priority: enc('","priority":'),
  requestId: enc(',"requestId":"'),
  issuedEnd: enc('"}'),
  called: enc('{"type":"ticket:called","ticketId":"'),
  started: enc('{"type":"ticket:started","ticketId":"'),
  completed: enc('{"type":"ticket:completed","ticketId":"'),
  noShow: enc('{"type":"ticket:noShow","ticketId":"'),
  transferred: enc('{"type":"ticket:transferred","ticketId":"'),
  cancelled: enc('{"type":"ticket:cancelled","ticketId":"'),
  expired: enc('{"type":"ticket:expired","ticketId":"'),
  rated: enc('{"type":"ticket:rated","ticketId":"'),
  counterOpened: enc('{"type":"counter:opened","counterId":"'),
  counterClosed: enc('{"type":"counter:closed","counterId":"'),
  counterPaused: enc('{"type":"counter:paused","counterId":"'),
  counterResumed: enc('{"type":"counter:resumed","counterId":"'),
  counterId: enc('","counterId":"'),
  recallFalse: enc('","recall":false,"userId":"'),
  recallTrue: enc('","recall":true,"userId":"'),
  fileCode: enc('","fileCode":'),
  fromCounterId: enc('","fromCounterId":"'),
  fromServiceId: enc('","fromServiceId":"'),
  toServiceId: enc('","toServiceId":"'),
  toCounterNull: enc('","toCounterId":null'),
  counterNullUser: enc('","counterId":null,"userId":"'),
  counterNull: enc('","counterId":null'),
  score: enc('","score":'),
  scale: enc(',"scale":3,"comment":'),
  userId: enc('","userId":"'),
  staffName: enc('","staffName":'),
  reasonLunch: enc('","reason":"Nghỉ trưa"'),
  quote: enc('"'),
  null: enc('null'),
  rev: enc(',"rev":'),
  at: enc(',"at":"'),
};

interface SimTicket {
  /** Index into the day's id/token/request byte tables. */
  n: number;
  service: number;
  queued: number;
  avail: number;
  priority: boolean;
  transferred: boolean;
  taken: boolean;
}

/** Waiting tickets of one service and kind, ordered by queue time (transfers keep theirs). */
class Lane {
  items: SimTicket[] = [];
  head = 0;

  push(t: SimTicket): void {
    this.items.push(t);
  }

  /** A transferred ticket goes back to its place by its original queue time. */
  insert(t: SimTicket): void {
    let i = this.items.length;
    while (i > this.head && this.items[i - 1]!.queued > t.queued) i--;
    this.items.splice(i, 0, t);
  }

  /** The oldest ticket available at `at`, or null and the earliest time one will be. */
  peek(at: number, next: { avail: number }): SimTicket | null {
    while (this.head < this.items.length && this.items[this.head]!.taken) this.head++;
    for (let i = this.head; i < this.items.length; i++) {
      const t = this.items[i]!;
      if (t.taken) continue;
      if (t.avail <= at) return t;
      if (t.avail < next.avail) next.avail = t.avail;
      // Arrivals are in order: the first one not yet here means none after it is.
      if (!t.transferred) break;
    }
    return null;
  }
}

/** The day's events as columns: time, kind, ticket, counter and two small arguments. */
class Events {
  count = 0;
  time = new Int32Array(32_768);
  kind = new Uint8Array(32_768);
  ticket = new Int32Array(32_768);
  counter = new Int32Array(32_768);
  a = new Int32Array(32_768);
  b = new Int32Array(32_768);

  add(time: number, kind: K, ticket = -1, counter = -1, a = 0, b = 0): void {
    if (this.count === this.time.length) this.grow();
    const i = this.count++;
    this.time[i] = Math.min(time, DAY_END + 3599);
    this.kind[i] = kind;
    this.ticket[i] = ticket;
    this.counter[i] = counter;
    this.a[i] = a;
    this.b[i] = b;
  }

  private grow(): void {
    const g = <T extends Int32Array | Uint8Array>(x: T): T => {
      const y = new (x.constructor as new (n: number) => T)(x.length * 2);
      y.set(x);
      return y;
    };
    this.time = g(this.time);
    this.kind = g(this.kind);
    this.ticket = g(this.ticket);
    this.counter = g(this.counter);
    this.a = g(this.a);
    this.b = g(this.b);
  }
}

interface DayOutput {
  bytes: Uint8Array;
  events: number;
  tickets: number;
  lastRev: number;
}

interface DayContext {
  services: Service[];
  counters: Counter[];
  staff: { id: string; name: string }[];
  supervisorId: string;
  offset: string;
  ticketsPerDay: number;
  r: Rng;
}

function simulateDay(day: string, nextDay: string, firstRev: number, ctx: DayContext, out: Writer): DayOutput {
  const { services, counters, r } = ctx;
  const ev = new Events();
  ev.add(r.int(0, 5), K.DayOpened);

  // Arrivals: three fifths in the morning session, the rest after lunch.
  const n = ctx.ticketsPerDay;
  const arrivals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [from, to] = r.next() < 0.6 ? MORNING : AFTERNOON;
    arrivals[i] = Math.floor(from + r.next() * (to - from - 60));
  }
  arrivals.sort();

  const weekday = weekdayOf(day);
  const hoursOf = services.map((s) =>
    s.hours && !s.hours.daysOff.includes(day)
      ? (s.hours.weekly[weekday] ?? []).map((h) => {
          const [fh, fm] = h.from.split(':').map(Number) as [number, number];
          const [th, tm] = h.to.split(':').map(Number) as [number, number];
          return [fh * 3600 + fm * 60, th * 3600 + tm * 60] as const;
        })
      : null,
  );
  const openAt = (k: number, sec: number) => {
    const s = services[k]!;
    if (!s.active) return false;
    if (!s.hours) return true;
    const ranges = hoursOf[k];
    if (!ranges) return false;
    for (const [from, to] of ranges) if (sec >= from && sec < to) return true;
    return false;
  };
  const served = services.map((s) => counters.some((c) => c.serviceIds.includes(s.id)));
  const weights = services.map((s, i) => (served[i] && s.active ? (WEIGHTS[s.id] ?? 0.1) : 0));
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w), 0);
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total === 0) throw new Error('no active service is served by any counter');
  const alwaysOpen = services.map((_, i) => i).filter((i) => weights[i]! > 0 && !services[i]!.hours && services[i]!.dailyLimit === null);

  const seqs = new Int32Array(services.length);
  const normal = services.map(() => new Lane());
  const prio = services.map(() => new Lane());
  const ids = new Uint8Array(n * 36);
  const tokens = new Uint8Array(n * 12);
  const requests = new Uint8Array(n * 36);
  const ticketService = new Int32Array(n);
  const ticketSeq = new Int32Array(n);
  const ticketPriority = new Int32Array(n).fill(-1);

  for (let i = 0; i < n; i++) {
    const sec = arrivals[i]!;
    let k = 0;
    const x = r.next() * total;
    while (cumulative[k]! <= x) k++;
    const s = services[k]!;
    if (!openAt(k, sec) || (s.dailyLimit !== null && seqs[k]! >= s.dailyLimit)) k = alwaysOpen[r.int(0, alwaysOpen.length - 1)]!;
    const priority = r.next() < 0.06 ? r.int(0, PRIORITIES.length - 1) : -1;
    uuidInto(r, ids, i * 36);
    tokenInto(r, tokens, i * 12);
    uuidInto(r, requests, i * 36);
    ticketService[i] = k;
    ticketSeq[i] = ++seqs[k]!;
    ticketPriority[i] = priority;
    const t: SimTicket = { n: i, service: k, queued: sec, avail: sec, priority: priority >= 0, transferred: false, taken: false };
    (t.priority ? prio : normal)[k]!.push(t);
    ev.add(sec, K.Issued, i);
  }

  // One clerk per counter; a cycle is sized so that the day's tickets fit in the sessions.
  const serviceIndex = new Map(services.map((s, i) => [s.id, i]));
  const sessionSec = MORNING[1] - MORNING[0] + (AFTERNOON[1] - AFTERNOON[0]);
  const cycle = Math.max(30, Math.floor((0.88 * sessionSec * counters.length) / Math.max(1, n)));
  const serveMean = Math.max(10, cycle - 25);
  const desks = counters.map((c, i) => ({
    c,
    i,
    idx: c.serviceIds.map((id) => serviceIndex.get(id)).filter((x): x is number => x !== undefined),
    free: MORNING[0] - r.int(60, 600),
    last: 0,
    paused: false,
  }));
  for (const d of desks) {
    ev.add(d.free, K.CounterOpened, -1, d.i);
    d.last = d.free;
  }

  const wake = (serviceK: number, at: number) => {
    for (const d of desks) if (d.free === NO_MORE && d.idx.includes(serviceK)) d.free = at;
  };
  const next = { avail: NO_MORE };
  for (;;) {
    let d = desks[0]!;
    for (const x of desks) if (x.free < d.free) d = x;
    if (d.free === NO_MORE) break;
    const at = d.free;
    // Priority first, then the oldest; ties follow the counter's service order.
    let best: SimTicket | null = null;
    next.avail = NO_MORE;
    for (const k of d.idx) {
      const p = prio[k]!.peek(at, next);
      if (p && (!best || p.queued < best.queued)) best = p;
    }
    if (!best) {
      for (const k of d.idx) {
        const p = normal[k]!.peek(at, next);
        if (p && (!best || p.queued < best.queued)) best = p;
      }
    }
    if (!best) {
      const nextAvail = next.avail;
      if (nextAvail !== NO_MORE && at < AFTERNOON[0] && nextAvail >= AFTERNOON[0] - 600 && !d.paused) {
        const pausedAt = Math.max(at, MORNING[1]) + r.int(1, 240);
        const resumedAt = Math.max(pausedAt + 60, AFTERNOON[0] - r.int(0, 300));
        ev.add(pausedAt, K.CounterPaused, -1, d.i);
        ev.add(resumedAt, K.CounterResumed, -1, d.i);
        d.paused = true;
        d.free = Math.max(resumedAt + 1, nextAvail);
      } else d.free = nextAvail;
      continue;
    }
    best.taken = true;
    const t = best;
    const callAt = at + r.int(2, 15);
    const roll = r.next();
    if (roll < 0.005) {
      // The citizen gave up and told the front desk: a supervisor cancels the waiting ticket.
      ev.add(at, K.Cancelled, t.n);
      continue;
    }
    ev.add(callAt, K.Called, t.n, d.i);
    let tNow = callAt;
    if (roll < 0.045) {
      if (r.next() < 0.7) {
        tNow += r.int(45, 90);
        ev.add(tNow, K.Recalled, t.n, d.i);
      }
      tNow += r.int(45, 90);
      ev.add(tNow, K.NoShow, t.n, d.i);
      d.free = d.last = tNow + 1;
      continue;
    }
    if (r.next() < 0.08) {
      tNow += r.int(30, 60);
      ev.add(tNow, K.Recalled, t.n, d.i);
    }
    tNow += r.int(8, 30);
    // Many clerks never press "start": completing straight from `called` is allowed.
    if (r.next() < 0.75) ev.add(tNow, K.Started, t.n, d.i);
    tNow += Math.max(8, Math.round(serveMean * (0.4 + 1.2 * r.next())));
    if (!t.transferred && r.next() < 0.03 && alwaysOpen.length > 1) {
      let to = t.service;
      while (to === t.service) to = alwaysOpen[r.int(0, alwaysOpen.length - 1)]!;
      ev.add(tNow, K.Transferred, t.n, d.i, to, t.service);
      const moved: SimTicket = { ...t, service: to, avail: tNow + 1, transferred: true, taken: false };
      (moved.priority ? prio : normal)[to]!.insert(moved);
      wake(to, moved.avail);
    } else {
      ev.add(tNow, K.Completed, t.n, d.i, r.next() < 0.4 ? r.int(1, 9999) : 0);
      if (r.next() < 0.3) {
        const x = r.next();
        const score = x < 0.7 ? 3 : x < 0.92 ? 2 : 1;
        const comment = r.next() < 0.05 ? r.int(0, COMMENTS.length - 1) : -1;
        ev.add(tNow + r.int(5, 120), K.Rated, t.n, -1, score, comment);
      }
    }
    d.free = d.last = tNow + r.int(1, 10);
  }
  for (const d of desks) ev.add(Math.max(d.last, AFTERNOON[1]) + r.int(60, 900), K.CounterClosed, -1, d.i);

  // Whatever is still open at midnight expires at the next day's rollover, in this day's file.
  const expireAt = DAY_END + r.int(0, 5);
  for (const lanes of [prio, normal]) {
    for (const lane of lanes) {
      for (let i = lane.head; i < lane.items.length; i++) if (!lane.items[i]!.taken) ev.add(expireAt, K.Expired, lane.items[i]!.n);
    }
  }

  return serializeDay(day, nextDay, firstRev, ctx, ev, { n, ids, tokens, requests, ticketService, ticketSeq, ticketPriority }, out);
}

interface TicketTable {
  n: number;
  /** 36 bytes per ticket. */
  ids: Uint8Array;
  /** 12 bytes per ticket. */
  tokens: Uint8Array;
  /** 36 bytes per ticket. */
  requests: Uint8Array;
  ticketService: Int32Array;
  ticketSeq: Int32Array;
  ticketPriority: Int32Array;
}

// Kept apart from the simulation: one huge function kept being deoptimised and recompiled.
function serializeDay(day: string, nextDay: string, firstRev: number, ctx: DayContext, ev: Events, t: TicketTable, w: Writer): DayOutput {
  // Events in time order (insertion order breaks ties, and it is causal within a ticket).
  const count = ev.count;
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = ev.time[i]! * 2 ** 21 + i;
  keys.sort();

  const { services, counters } = ctx;
  const { n, ids, tokens, requests, ticketService, ticketSeq, ticketPriority } = t;
  const counterIds = counters.map((c) => enc(c.id));
  const serviceIds = services.map((s) => enc(s.id));
  const prefixes = services.map((s) => enc(s.prefix));
  const users = counters.map((_, i) => enc(ctx.staff[i % ctx.staff.length]!.id));
  const staffNames = counters.map((_, i) => enc(JSON.stringify(ctx.staff[i % ctx.staff.length]!.name)));
  const supervisor = enc(ctx.supervisorId);
  const today = enc(`${day}T`);
  const tomorrow = enc(`${nextDay}T`);
  const dayBytes = enc(day);
  const fileDay = enc(`"000.00.21.H29-${day.slice(2).replaceAll('-', '')}-`);
  const tail = enc(`${ctx.offset}"}\n`);
  w.reset(count * 320 + 4096);
  let rev = firstRev;
  for (let j = 0; j < count; j++) {
    const i = keys[j]! % 2 ** 21;
    const kind = ev.kind[i]! as K;
    const tk = ev.ticket[i]!;
    const ci = ev.counter[i]!;
    switch (kind) {
      case K.DayOpened:
        w.put(F.dayOpened);
        w.put(dayBytes);
        w.put(F.quote);
        break;
      case K.Issued: {
        const k = ticketService[tk]!;
        w.put(F.issued);
        w.slice(ids, tk * 36, 36);
        w.put(F.token);
        w.slice(tokens, tk * 12, 12);
        w.put(F.serviceId);
        w.put(serviceIds[k]!);
        w.put(F.seq);
        w.int(ticketSeq[tk]!);
        w.put(F.number);
        // formatTicketNumber, in bytes: prefix + (start + seq - 1) padded to `digits`.
        w.put(prefixes[k]!);
        w.padded(services[k]!.start + ticketSeq[tk]! - 1, services[k]!.digits);
        w.put(F.priority);
        w.put(ticketPriority[tk]! >= 0 ? PRIORITIES[ticketPriority[tk]!]! : F.null);
        w.put(F.requestId);
        w.slice(requests, tk * 36, 36);
        w.put(F.issuedEnd);
        break;
      }
      case K.Called:
      case K.Recalled:
        w.put(F.called);
        w.slice(ids, tk * 36, 36);
        w.put(F.counterId);
        w.put(counterIds[ci]!);
        w.put(kind === K.Recalled ? F.recallTrue : F.recallFalse);
        w.put(users[ci]!);
        w.put(F.quote);
        break;
      case K.Started:
      case K.NoShow:
        w.put(kind === K.Started ? F.started : F.noShow);
        w.slice(ids, tk * 36, 36);
        w.put(F.counterId);
        w.put(counterIds[ci]!);
        w.put(F.quote);
        break;
      case K.Completed: {
        w.put(F.completed);
        w.slice(ids, tk * 36, 36);
        w.put(F.counterId);
        w.put(counterIds[ci]!);
        w.put(F.fileCode);
        const code = ev.a[i]!;
        if (code === 0) w.put(F.null);
        else {
          w.put(fileDay);
          w.padded(code, 4);
          w.put(F.quote);
        }
        break;
      }
      case K.Transferred:
        w.put(F.transferred);
        w.slice(ids, tk * 36, 36);
        w.put(F.fromCounterId);
        w.put(counterIds[ci]!);
        w.put(F.fromServiceId);
        w.put(serviceIds[ev.b[i]!]!);
        w.put(F.toServiceId);
        w.put(serviceIds[ev.a[i]!]!);
        w.put(F.toCounterNull);
        break;
      case K.Cancelled:
        w.put(F.cancelled);
        w.slice(ids, tk * 36, 36);
        w.put(F.counterNullUser);
        w.put(supervisor);
        w.put(F.quote);
        break;
      case K.Expired:
        w.put(F.expired);
        w.slice(ids, tk * 36, 36);
        w.put(F.counterNull);
        break;
      case K.Rated:
        w.put(F.rated);
        w.slice(ids, tk * 36, 36);
        w.put(F.score);
        w.int(ev.a[i]!);
        w.put(F.scale);
        w.put(ev.b[i]! >= 0 ? COMMENTS[ev.b[i]!]! : F.null);
        break;
      case K.CounterOpened:
        w.put(F.counterOpened);
        w.put(counterIds[ci]!);
        w.put(F.userId);
        w.put(users[ci]!);
        w.put(F.staffName);
        w.put(staffNames[ci]!);
        break;
      case K.CounterClosed:
      case K.CounterResumed:
        w.put(kind === K.CounterClosed ? F.counterClosed : F.counterResumed);
        w.put(counterIds[ci]!);
        w.put(F.quote);
        break;
      case K.CounterPaused:
        w.put(F.counterPaused);
        w.put(counterIds[ci]!);
        w.put(F.reasonLunch);
        break;
    }
    w.put(F.rev);
    w.int(rev++);
    w.put(F.at);
    const sec = ev.time[i]!;
    if (sec < DAY_END) {
      w.put(today);
      w.slice(HMS, sec * 8, 8);
    } else {
      w.put(tomorrow);
      w.slice(HMS, (sec - DAY_END) * 8, 8);
    }
    w.put(tail);
  }
  return { bytes: w.buf.subarray(0, w.pos), events: count, tickets: n, lastRev: rev - 1 };
}

// ── the generator ────────────────────────────────────────────────────────────────────────

export async function generateHistory(opts: HistoryOptions): Promise<HistoryResult> {
  const tc = now();
  const config = await ensureConfig(opts.dataDir);
  const configMs = now() - tc;
  const t0 = now();
  const cpu0 = process.cpuUsage();
  const tz = config.settings.timeZone;
  const endDay = opts.endDay ?? addDays(serviceDayOf(new Date(), tz), -1);
  const firstDay = addDays(endDay, -(opts.days - 1));
  const admin = config.users.find((u) => u.role === 'admin');
  const staff = config.users.filter((u) => u.role === 'staff').map((u) => ({ id: u.id, name: u.name }));
  const ctx: DayContext = {
    services: [...config.services].sort((a, b) => a.order - b.order),
    counters: [...config.counters].sort((a, b) => a.number - b.number),
    staff: staff.length ? staff : [{ id: admin!.id, name: admin!.name }],
    supervisorId: admin?.id ?? 'admin',
    // One offset for the whole span: Viet Nam has no daylight saving time.
    offset: isoLocal(instantOf(endDay, 12 * 60, tz), tz).slice(19),
    ticketsPerDay: opts.ticketsPerDay,
    r: prng(opts.seed ?? 20_261_126),
  };
  if (ctx.counters.length === 0) throw new Error('config has no counters: history needs someone to call tickets');
  const dir = join(opts.dataDir, 'journal');
  await mkdir(dir, { recursive: true });
  // Revisions must continue the journal that is there: refuse rather than mix two histories.
  if ((await readdir(dir)).some((f) => f.endsWith('.jsonl'))) throw new Error(`${dir} already holds journal files: use an empty data folder`);

  let rev = opts.startRev ?? 1;
  let tickets = 0;
  let events = 0;
  let bytes = 0;
  // One day is written while the next is simulated: one write per file, never one per line.
  // Two buffers take turns: the write of one never sees the other being filled.
  const writers = [new Writer(1 << 22), new Writer(1 << 22)];
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < opts.days; i++) {
    const day = addDays(firstDay, i);
    const out = simulateDay(day, addDays(day, 1), rev, ctx, writers[i % 2]!);
    rev = out.lastRev + 1;
    tickets += out.tickets;
    events += out.events;
    bytes += out.bytes.length;
    await writing;
    writing = writeFile(join(dir, `${day}.jsonl`), out.bytes);
  }
  await writing;
  const cpu = process.cpuUsage(cpu0);
  return {
    firstDay, lastDay: endDay, days: opts.days, tickets, events, bytes, lastRev: rev - 1,
    ms: now() - t0, configMs, cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

/** Replays one generated day through the real engine: every ticket must end final, revs contiguous. */
export async function checkDay(dataDir: string, day: string, config: ConfigData): Promise<{ events: number; tickets: number; states: Record<string, number> }> {
  const engine = new QueueEngine(
    { services: config.services, counters: config.counters, settings: config.settings },
    { now: () => new Date(), newId: () => '', newToken: () => '' },
  );
  const lines = (await readFile(join(dataDir, 'journal', `${day}.jsonl`), 'utf8')).split('\n').filter(Boolean);
  let prev: number | null = null;
  for (const line of lines) {
    const e = JSON.parse(line) as JournalEvent;
    if (prev !== null && e.rev !== prev + 1) throw new Error(`${day}: rev ${e.rev} after ${prev}`);
    prev = e.rev;
    engine.apply(e);
  }
  const states: Record<string, number> = {};
  let tickets = 0;
  for (const t of engine.tickets()) {
    tickets++;
    states[t.state] = (states[t.state] ?? 0) + 1;
    if (t.state === 'waiting' || t.state === 'called' || t.state === 'serving') throw new Error(`${day}: ticket ${t.number} left ${t.state}`);
  }
  return { events: lines.length, tickets, states };
}

// ── CLI and bench ────────────────────────────────────────────────────────────────────────

async function rawWrite(fromDir: string, toDir: string): Promise<{ ms: number; bytes: number; files: number }> {
  const names = (await readdir(fromDir)).filter((f) => f.endsWith('.jsonl')).sort();
  const sizes = await Promise.all(names.map(async (f) => (await stat(join(fromDir, f))).size));
  const max = Math.max(...sizes);
  const buf = Buffer.alloc(max, 'x');
  await mkdir(toDir, { recursive: true });
  const t0 = now();
  let bytes = 0;
  for (let i = 0; i < names.length; i++) {
    const fh = await open(join(toDir, names[i]!), 'w');
    await fh.write(buf, 0, sizes[i]!);
    await fh.close();
    bytes += sizes[i]!;
  }
  return { ms: now() - t0, bytes, files: names.length };
}

async function bench(quick: boolean): Promise<void> {
  const days = quick ? 30 : 365;
  const perDay = 2700;
  const dataDir = tempDir('history');
  console.log(`history: ${days} days × ${perDay} tickets into a temp data folder`);
  const res = await generateHistory({ dataDir, days, ticketsPerDay: perDay });
  const raw = await rawWrite(join(dataDir, 'journal'), join(dataDir, 'raw'));
  const config = await ensureConfig(dataDir);
  const sample = [res.firstDay, addDays(res.firstDay, Math.floor(days / 2)), res.lastDay];
  const checks = [];
  for (const day of sample) checks.push({ day, ...(await checkDay(dataDir, day, config)) });
  removeTempDir(dataDir);

  const mb = res.bytes / 2 ** 20;
  console.log(
    '\n' +
      table(
        ['', 'time s', 'CPU s', 'MB', 'MB/s', 'tickets/s'],
        [
          ['generator (simulate + write)', round(res.ms / 1000), round(res.cpuMs / 1000), round(mb, 1), round(mb / (res.ms / 1000), 1), Math.round(res.tickets / (res.ms / 1000))],
          ['raw write of the same bytes', round(raw.ms / 1000), '—', round(raw.bytes / 2 ** 20, 1), round(raw.bytes / 2 ** 20 / (raw.ms / 1000), 1), '—'],
        ],
      ),
  );
  console.log(`\nconfig.json (demo office + 6 staff, argon2 hashes): ${round(res.configMs)} ms, not counted above`);
  console.log(`${res.tickets} tickets, ${res.events} events (${round(res.events / res.tickets, 2)} per ticket), revs 1…${res.lastRev}, ${res.firstDay} … ${res.lastDay}`);
  console.log('replayed through QueueEngine (every ticket must end final):');
  for (const c of checks) console.log(`  ${c.day}: ${c.events} events, ${c.tickets} tickets, ${JSON.stringify(c.states)}`);
  printResult('history', [
    {
      id: 'history-generate',
      metric: `generate ${round(res.tickets / 1e6, 2)} M tickets (${days} days), time`,
      value: round(res.ms / 1000, 1),
      unit: 's',
      baseline: round(raw.ms / 1000, 1),
      baselineLabel: 'raw write, same bytes',
      ratio: round(res.ms / raw.ms),
    },
    { id: 'history-rate', metric: 'generator throughput', value: Math.round(res.tickets / (res.ms / 1000)), unit: 'tickets/s' },
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { quick, values } = flags();
  main(async () => {
    if (values.bench) return bench(quick);
    const dataDir = values['data-dir'];
    if (typeof dataDir !== 'string') {
      console.error('usage: node --import tsx bench/history.ts --data-dir DIR [--days 365] [--tickets-per-day 2700] [--end-day YYYY-MM-DD] [--seed N]\n       node --import tsx bench/history.ts --bench [--quick]');
      process.exit(2);
    }
    const res = await generateHistory({
      dataDir,
      days: Number(values.days ?? 365),
      ticketsPerDay: Number(values['tickets-per-day'] ?? 2700),
      endDay: typeof values['end-day'] === 'string' ? values['end-day'] : undefined,
      seed: typeof values.seed === 'string' ? Number(values.seed) : undefined,
    });
    console.log(
      `${res.days} days (${res.firstDay} … ${res.lastDay}), ${res.tickets} tickets, ${res.events} events, ` +
        `${round(res.bytes / 2 ** 20, 1)} MB, last rev ${res.lastRev}, in ${round(res.ms / 1000, 1)} s (+ ${round(res.configMs / 1000, 1)} s for config.json)`,
    );
  });
}
