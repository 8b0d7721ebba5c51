// The day state as checkpoint bytes (store/checkpoint.ts), packed by column. V8's serializer
// on the plain state writes every ticket and timeline entry as its own object with its keys,
// and every string again: a busy day (10,000 tickets, ~50,000 objects, ~300,000 strings) took
// 60–110 ms to deserialize, the largest part of a restart. Here each string is written once
// (one table, split at start), the tickets' fields are typed arrays of string codes or
// numbers, timeline entries are codes, and the indexes that hold tickets (by token, by
// request, queues) are ticket numbers, so that the restored indexes share the restored
// tickets as the reducer's do. Fields most tickets leave alone are stored sparse, whole numbers
// as 32-bit integers, and maps of flat records (counters, result files) by column too; the
// table's strings are cut from it only when used. Whatever does not fit a packed form (a field
// of another type, the small maps of samples) goes through V8's serializer as it is: the codec
// needs no change when the state gains a field, only the shape check (state.ts) does.
import { deserialize, serialize } from 'node:v8';
import type { DayState, Ticket } from './state.js';

export interface PlainState {
  v: 1;
  shape: string;
  revision: number;
  day: DayState;
}

/** Codes of a string column: an index into the string table, or one of these. */
const NULL = -1;
const UNDEFINED = -2;
/** Separates the strings of the table: a string holding it is kept as a raw value instead. */
const SEP = '\u0000';

type Column =
  | { key: string; kind: 'str'; codes: Int32Array }
  /** A string column where most rows hold one value (null mostly): that value, and the others. */
  | { key: string; kind: 'sparse'; fill: number; at: Int32Array; codes: Int32Array }
  /** `nulls` only when a row holds null; 'int' when every number is a 32-bit integer. */
  | { key: string; kind: 'num'; values: Float64Array; nulls: Uint8Array | null }
  | { key: string; kind: 'int'; values: Int32Array; nulls: Uint8Array | null }
  | { key: string; kind: 'entries'; lens: Int32Array; shapes: Int32Array; codes: Int32Array; shapeKeys: string[][] }
  | { key: string; kind: 'raw'; values: unknown[] };

type Index =
  | { key: string; kind: 'tickets'; keys: Int32Array; at: Int32Array }
  | { key: string; kind: 'lists'; keys: Int32Array; lens: Int32Array; at: Int32Array }
  /** A map of flat records of one shape (the office's result files), packed like the tickets. */
  | { key: string; kind: 'records'; keys: Int32Array; columns: Column[] };

interface Packed {
  /**
   * 3 since the table left out its wide strings (`wide`): a reader of 2 would take them as
   * empty, so it must not take this form at all (it then replays the day whole).
   */
  v: 2 | 3;
  shape: string;
  revision: number;
  strings: string;
  /**
   * Where each string of the table ends: a start cuts only the strings it uses, when it first
   * uses them (splitting the whole table of a busy day, ~70,000 strings, took ~10 ms and most
   * of them are never read). Absent in checkpoints written before it: the table is split.
   */
  ends?: Int32Array;
  /**
   * Since v 3 the table is here, as latin1 bytes, and `strings` is empty: a start turns them
   * into one string held outside V8's heap (node keeps a large latin1 string external), where
   * the table as a string was 1.7 M characters of old space on a busy day — 3.3 MB, as two
   * bytes a character once any string of it had a wider character, or was cut from a table
   * that had. The strings with a character past U+00FF (a staff name, a rating's comment…)
   * are in `wide` instead, empty in the table.
   */
  latin1?: Uint8Array;
  wide?: { at: Int32Array; list: string[] };
  /** The key of every ticket in `day.tickets`, in its order. */
  ids: Int32Array;
  columns: Column[];
  indexes: Index[];
  /** The day's other fields, as they are. */
  rest: Record<string, unknown>;
  /** The order of the day's fields. */
  order: string[];
}

class Strings {
  private readonly codes = new Map<string, number>();
  readonly list: string[] = [];
  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.list.length;
      this.codes.set(s, c);
      this.list.push(s);
    }
    return c;
  }
}

const codable = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && !v.includes(SEP));
const codeOf = (strings: Strings, v: unknown): number => (v === null ? NULL : v === undefined ? UNDEFINED : strings.code(v as string));

/**
 * The column as its most common code and the rows that differ, when at most a quarter do:
 * fields a ticket rarely has (a booking, a transfer's target, a comment) cost 4 bytes a row
 * dense, in the file, in its hash and in every start's copy.
 */
function sparse(key: string, codes: Int32Array): Column | null {
  const n = codes.length;
  if (n < 16) return null;
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  let fill = 0;
  let most = -1;
  for (const [c, k] of counts) if (k > most) [fill, most] = [c, k];
  if (n - most > n / 4) return null;
  const at = new Int32Array(n - most);
  const others = new Int32Array(n - most);
  for (let i = 0, j = 0; i < n; i++) {
    if (codes[i] === fill) continue;
    at[j] = i;
    others[j++] = codes[i]!;
  }
  return { key, kind: 'sparse', fill, at, codes: others };
}

function packColumn(key: string, values: unknown[], strings: Strings): Column {
  const n = values.length;
  if (values.every(codable)) {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = codeOf(strings, values[i]);
    return sparse(key, codes) ?? { key, kind: 'str', codes };
  }
  if (values.every((v) => v === null || (typeof v === 'number' && !Number.isNaN(v)))) {
    // Most number fields are counts or nulls: 4 bytes a row instead of 8, and no null
    // flags for a field that is never null. -0 is not an integer here (Int32Array would drop its sign).
    const int = values.every((v) => v === null || ((v as number) | 0) === v && !Object.is(v, -0));
    const out = int ? new Int32Array(n) : new Float64Array(n);
    let nulls: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      if (values[i] === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else out[i] = values[i] as number;
    }
    return int ? { key, kind: 'int', values: out as Int32Array, nulls } : { key, kind: 'num', values: out as Float64Array, nulls };
  }
  // Lists of flat objects whose values are strings: a ticket's timeline.
  const flat = (e: unknown) => e !== null && typeof e === 'object' && Object.getPrototypeOf(e) === Object.prototype && Object.values(e).every(codable);
  if (values.every((v) => Array.isArray(v) && v.every(flat))) {
    const lists = values as Record<string, unknown>[][];
    const lens = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += lens[i] = lists[i]!.length;
    const shapes = new Int32Array(total);
    const codes: number[] = [];
    const shapeKeys: string[][] = [];
    const shapeOf = new Map<string, number>();
    let k = 0;
    for (const list of lists) {
      for (const e of list) {
        const keys = Object.keys(e);
        const name = keys.join(SEP);
        let s = shapeOf.get(name);
        if (s === undefined) shapeOf.set(name, (s = shapeKeys.push(keys) - 1));
        shapes[k++] = s;
        for (const key of keys) codes.push(codeOf(strings, e[key]));
      }
    }
    return { key, kind: 'entries', lens, shapes, codes: Int32Array.from(codes), shapeKeys };
  }
  return { key, kind: 'raw', values };
}

function packIndex(key: string, value: unknown, at: Map<Ticket, number>, strings: Strings, held: Map<unknown, number>): Index | null {
  if (!(value instanceof Map) || value.size === 0) return null;
  const keys = [...value.keys()];
  if (!keys.every((k) => typeof k === 'string' && codable(k))) return null;
  const vals = [...value.values()];
  if (vals.every((t) => at.has(t))) {
    return { key, kind: 'tickets', keys: Int32Array.from(keys, (k) => strings.code(k)), at: Int32Array.from(vals, (t) => at.get(t)!) };
  }
  if (vals.every((l) => Array.isArray(l) && l.every((t) => at.has(t)))) {
    const lists = vals as Ticket[][];
    return {
      key,
      kind: 'lists',
      keys: Int32Array.from(keys, (k) => strings.code(k)),
      lens: Int32Array.from(lists, (l) => l.length),
      at: Int32Array.from(lists.flat(), (t) => at.get(t)!),
    };
  }
  const plain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
  if (vals.every(plain)) {
    const fields = Object.keys(vals[0]!);
    const same = (v: Record<string, unknown>) => {
      const keys = Object.keys(v);
      return keys.length === fields.length && keys.every((k, i) => k === fields[i]);
    };
    // Flat records only (strings, numbers, nulls), each held by this map alone: a record made
    // again from columns is a new object, so one held elsewhere too would come back as two.
    if (fields.length && vals.every(same) && vals.every((v) => held.get(v) === 1)) {
      const columns = fields.map((f) => packColumn(f, vals.map((v) => v[f]), strings));
      if (columns.every((c) => c.kind !== 'raw' && c.kind !== 'entries')) {
        return { key, kind: 'records', keys: Int32Array.from(keys, (k) => strings.code(k)), columns };
      }
    }
  }
  return null;
}

/** How many times each object is held by the day's fields: as a value of a map, a set or an array. */
function holders(day: Record<string, unknown>): Map<unknown, number> {
  const n = new Map<unknown, number>();
  const count = (v: unknown) => {
    if (v !== null && typeof v === 'object') n.set(v, (n.get(v) ?? 0) + 1);
  };
  for (const [key, value] of Object.entries(day)) {
    if (key === 'tickets') continue;
    if (value instanceof Map) value.forEach(count);
    else if (value instanceof Set || Array.isArray(value)) value.forEach(count);
  }
  return n;
}

function stringsOf(list: string[]): Pick<Packed, 'strings' | 'latin1' | 'ends' | 'wide'> {
  const at: number[] = [];
  const narrow = list.map((s, i) => (/[^\x00-\xff]/.test(s) ? (at.push(i), '') : s));
  const wide = at.length ? { at: Int32Array.from(at), list: at.map((i) => list[i]!) } : undefined;
  const bytes = Buffer.from(narrow.join(SEP), 'latin1');
  return { strings: '', latin1: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), ends: stringEnds(narrow), ...(wide ? { wide } : {}) };
}

function stringEnds(list: string[]): Int32Array {
  const ends = new Int32Array(list.length);
  for (let i = 0, end = -1; i < list.length; i++) ends[i] = end += list[i]!.length + 1;
  return ends;
}

/** The table's string of code `c` (≥ 0), cut from the table when first asked for. */
function stringTable(p: Packed): (c: number) => string {
  if (!p.ends) {
    const list = p.strings === '' ? [] : p.strings.split(SEP);
    return (c) => list[c]!;
  }
  const { ends } = p;
  const text = p.latin1 ? Buffer.from(p.latin1.buffer, p.latin1.byteOffset, p.latin1.byteLength).toString('latin1') : p.strings;
  const made: (string | undefined)[] = new Array(ends.length);
  if (p.wide) for (let j = 0; j < p.wide.at.length; j++) made[p.wide.at[j]!] = p.wide.list[j]!;
  return (c) => (made[c] ??= text.slice(c === 0 ? 0 : ends[c - 1]! + 1, ends[c]));
}

export function packState(s: PlainState): Buffer {
  const day = s.day as unknown as Record<string, unknown>;
  const tickets = [...s.day.tickets.values()];
  const fields = tickets.length ? Object.keys(tickets[0]!) : [];
  const sameKeys = tickets.every((t) => {
    const keys = Object.keys(t);
    return keys.length === fields.length && keys.every((k, i) => k === fields[i]);
  });
  const ids = [...s.day.tickets.keys()];
  // Anything unusual (tickets of two shapes, keys that are not plain strings): the plain form.
  if (!sameKeys || !ids.every(codable) || ids.some((k) => k == null)) return serialize(s);
  const strings = new Strings();
  const idCodes = Int32Array.from(ids, (k) => strings.code(k));
  const at = new Map(tickets.map((t, i) => [t, i]));
  const columns = fields.map((f) => packColumn(f, tickets.map((t) => (t as unknown as Record<string, unknown>)[f]), strings));
  const indexes: Index[] = [];
  const rest: Record<string, unknown> = {};
  const held = holders(day);
  for (const [key, value] of Object.entries(day)) {
    if (key === 'tickets') continue;
    const index = packIndex(key, value, at, strings, held);
    if (index) indexes.push(index);
    else rest[key] = value;
  }
  return serialize({
    v: 3,
    shape: s.shape,
    revision: s.revision,
    ...stringsOf(strings.list),
    ids: idCodes,
    columns,
    indexes,
    rest,
    order: Object.keys(day),
  } satisfies Packed);
}

/** What the row maker reads for a column: its typed arrays as they are; a timeline list per row. */
function columnData(c: Column, n: number, str: (c: number) => string | null | undefined): unknown {
  switch (c.kind) {
    case 'str':
      return c.codes;
    case 'sparse': {
      const codes = new Int32Array(n).fill(c.fill);
      for (let j = 0; j < c.at.length; j++) codes[c.at[j]!] = c.codes[j]!;
      return codes;
    }
    case 'num':
    case 'int':
      return [c.values, c.nulls];
    case 'raw':
      return c.values;
    case 'entries': {
      // Where each row's entries and their codes begin, so that any row can be built alone.
      const firstEntry = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) firstEntry[i + 1] = firstEntry[i]! + c.lens[i]!;
      const firstCode = new Int32Array(c.shapes.length + 1);
      for (let e = 0; e < c.shapes.length; e++) firstCode[e + 1] = firstCode[e]! + c.shapeKeys[c.shapes[e]!]!.length;
      return (i: number): Record<string, unknown>[] => {
        const from = firstEntry[i]!;
        const list: Record<string, unknown>[] = new Array(firstEntry[i + 1]! - from);
        for (let j = 0, k = firstCode[from]!; j < list.length; j++) {
          // A few keys each: they fit in the object itself, added one by one.
          const entry: Record<string, unknown> = {};
          for (const f of c.shapeKeys[c.shapes[from + j]!]!) entry[f] = str(c.codes[k++]!);
          list[j] = entry;
        }
        return list;
      };
    }
    default:
      throw new Error('checkpoint: unknown column');
  }
}

type RowOf = (i: number) => Ticket;

/**
 * A function that builds row `i` as one object literal, fields in the columns' order, reading the
 * columns' arrays directly. Adding two dozen fields one by one by name would leave each ticket a
 * slow dictionary object (V8 does so past a dozen such additions), unlike the reducer's tickets.
 */
function rowMaker(columns: Column[], data: unknown[], strings: (c: number) => string): RowOf {
  const decls: string[] = [];
  const fields = columns.map((c, i) => {
    const name = JSON.stringify(c.key);
    switch (c.kind) {
      case 'str':
      case 'sparse':
        decls.push(`c${i} = data[${i}]`);
        return `${name}: (x = c${i}[i]) >= 0 ? s(x) : x === ${NULL} ? null : undefined`;
      case 'num':
      case 'int':
        decls.push(`v${i} = data[${i}][0], z${i} = data[${i}][1]`);
        return c.nulls ? `${name}: z${i}[i] === 1 ? null : v${i}[i]` : `${name}: v${i}[i]`;
      case 'entries':
        decls.push(`c${i} = data[${i}]`);
        return `${name}: c${i}(i)`;
      default:
        decls.push(`c${i} = data[${i}]`);
        return `${name}: c${i}[i]`;
    }
  });
  const body = `const ${['_ = 0', ...decls].join(', ')}; return (i) => { let x = 0; return { ${fields.join(', ')} }; };`;
  // The keys are only ever written quoted by JSON.stringify: a key cannot become code.
  return (new Function('data', 's', body) as (data: unknown[], strings: (c: number) => string) => RowOf)(data, strings);
}

/**
 * A map of tickets whose entries are made on first use: a restart that only issues and calls
 * needs a handful of the day's finished tickets, not the ten thousand objects a busy day holds
 * (most of the restore's time). `get`, `has` and `set` work without making the others; anything
 * that walks the map or counts it (values, keys, entries, size, forEach, delete) makes them all
 * first, in the day's order, followed by what was set meanwhile (an entry set again keeps its
 * place, as in a Map). A row is made once and shared by every map that holds it.
 */
export class LazyTicketMap extends Map<string, Ticket> {
  private keyCodes: Int32Array | null;
  private index: Map<string, number> | null = null;
  /** The packed day, let go once every entry is made (the other maps may still hold it). */
  private source: { rowAt: Int32Array | null; strings: (c: number) => string; rowOf: RowOf } | null;

  constructor(keyCodes: Int32Array, rowAt: Int32Array | null, strings: (c: number) => string, rowOf: RowOf) {
    super();
    this.keyCodes = keyCodes.length ? keyCodes : null;
    this.source = this.keyCodes ? { rowAt, strings, rowOf } : null;
  }

  private row(key: string): number {
    if (!this.index) {
      const codes = this.keyCodes!;
      const { rowAt, strings } = this.source!;
      this.index = new Map();
      for (let i = 0; i < codes.length; i++) this.index.set(strings(codes[i]!), rowAt ? rowAt[i]! : i);
    }
    return this.index.get(key) ?? -1;
  }

  /** Every entry made (walked, counted, or empty from the start). */
  get complete(): boolean {
    return this.keyCodes === null;
  }

  override get(key: string): Ticket | undefined {
    if (this.keyCodes === null || super.has(key)) return super.get(key);
    const r = this.row(key);
    return r < 0 ? undefined : this.source!.rowOf(r);
  }

  override has(key: string): boolean {
    return super.has(key) || (this.keyCodes !== null && this.row(key) >= 0);
  }

  /** Makes every entry, in the day's order, then those set since. */
  private fill(): void {
    const codes = this.keyCodes;
    if (codes === null) return;
    const { rowAt, strings, rowOf } = this.source!;
    this.keyCodes = null;
    this.index = null;
    this.source = null;
    const later = [...super.entries()];
    super.clear();
    for (let i = 0; i < codes.length; i++) super.set(strings(codes[i]!), rowOf(rowAt ? rowAt[i]! : i));
    for (const [k, v] of later) super.set(k, v);
  }

  override delete(key: string): boolean {
    this.fill();
    return super.delete(key);
  }

  override clear(): void {
    this.keyCodes = null;
    this.index = null;
    this.source = null;
    super.clear();
  }

  override get size(): number {
    this.fill();
    return super.size;
  }

  override forEach(fn: (value: Ticket, key: string, map: Map<string, Ticket>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(fn, thisArg);
  }

  override keys(): MapIterator<string> {
    this.fill();
    return super.keys();
  }

  override values(): MapIterator<Ticket> {
    this.fill();
    return super.values();
  }

  override entries(): MapIterator<[string, Ticket]> {
    this.fill();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, Ticket]> {
    this.fill();
    return super[Symbol.iterator]();
  }
}

function ticketMap(keys: Int32Array, at: Int32Array | null, str: (c: number) => unknown, rowOf: RowOf): Map<unknown, Ticket> {
  const m = new Map<unknown, Ticket>();
  for (let i = 0; i < keys.length; i++) m.set(str(keys[i]!), rowOf(at ? at[i]! : i));
  return m;
}

/**
 * The state in `bytes`, packed or plain; throws when they are not one. `lazy`: the maps of tickets
 * are `LazyTicketMap`s (an engine's import); else plain Maps with every ticket made.
 */
export function unpackState(bytes: Buffer, opts: { lazy: boolean } = { lazy: false }): PlainState {
  const o = deserialize(bytes) as Packed | PlainState;
  if (o?.v !== 2 && o?.v !== 3) return o as PlainState;
  const p = o;
  const strings = stringTable(p);
  const str = (c: number): string | null | undefined => (c >= 0 ? strings(c) : c === NULL ? null : undefined);
  const n = p.ids.length;
  const make = rowMaker(p.columns, p.columns.map((c) => columnData(c, n, str)), strings);
  const rows: (Ticket | undefined)[] = new Array(n);
  const rowOf: RowOf = (i) => (rows[i] ??= make(i));
  // Made in the day's order: the same order of allocation as a replay.
  if (!opts.lazy) for (let i = 0; i < n; i++) rowOf(i);
  // A lazy map needs string keys; a day whose keys are other (never in practice) is made whole.
  const lazyOk = (keys: Int32Array) => opts.lazy && keys.every((c) => c >= 0);
  const tickets = (keys: Int32Array, at: Int32Array | null) => (lazyOk(keys) ? new LazyTicketMap(keys, at, strings, rowOf) : ticketMap(keys, at, str, rowOf));
  const built: Record<string, unknown> = { tickets: tickets(p.ids, null) };
  for (const x of p.indexes) {
    if (x.kind === 'tickets') {
      built[x.key] = tickets(x.keys, x.at);
    } else if (x.kind === 'records') {
      const k = x.keys.length;
      const record = rowMaker(x.columns, x.columns.map((c) => columnData(c, k, str)), strings) as (i: number) => unknown;
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < k; i++) m.set(str(x.keys[i]!), record(i));
      built[x.key] = m;
    } else {
      const m = new Map<unknown, Ticket[]>();
      for (let i = 0, k = 0; i < x.keys.length; i++) {
        const list: Ticket[] = new Array(x.lens[i]!);
        for (let j = 0; j < list.length; j++) list[j] = rowOf(x.at[k++]!);
        m.set(str(x.keys[i]!), list);
      }
      built[x.key] = m;
    }
  }
  const day: Record<string, unknown> = {};
  for (const key of p.order) day[key] = key in built ? built[key] : p.rest[key];
  return { v: 1, shape: p.shape, revision: p.revision, day: day as unknown as DayState };
}
