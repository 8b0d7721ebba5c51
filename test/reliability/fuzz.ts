// Generated malformed input against every socket event and REST route (fast-check): random
// JSON, wrong types, huge strings under the 16 kB frame limit, unknown events, prototype-
// pollution keys, unicode edge cases, deep nesting, binary. Every input is made invalid (it
// fails the route's schema, or names nothing that exists), so the office must be exactly as
// before, every request must get a clear refusal, and the server must stay up.
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.js';
import {
  callSchema, completeSchema, counterIdSchema, counterRatingSchema, counterSchema, counterUpdateSchema, issueSchema, loginSchema,
  moveSchema, passwordChangeSchema, pauseSchema, ratingSchema, serviceSchema, serviceUpdateSchema, settingsUpdateSchema,
  ticketIdSchema, transferSchema, userCreateSchema, userUpdateSchema, reportQuerySchema,
} from '../../shared/schemas.js';
import { emptySchema } from '../../server/realtime/display.js';
import { DEMO_COUNTERS, DEMO_SERVICES } from '../../server/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

const KNOWN_CODES = new Set<string>(Object.keys(ERROR_STATUS).filter((c) => c !== 'internal'));
const KNOWN_IDS = new Set<string>([...DEMO_COUNTERS.map((c) => c.id), ...DEMO_SERVICES.map((s) => s.id)]);
/** socket.io client-side reserved names: emitting them throws in the client, not a server test. */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
/** A socket.io frame is refused above 16 kB; stay clearly under it so each case reaches the handlers. */
const FRAME_BUDGET = 15_000;

type Ns = 'kiosk' | 'display' | 'counter';
const EVENTS: Record<Ns, Record<string, z.ZodType>> = {
  kiosk: { 'ticket:issue': issueSchema, 'snapshot:get': emptySchema },
  display: { 'snapshot:get': emptySchema },
  counter: {
    'snapshot:get': emptySchema,
    'counter:open': counterIdSchema,
    'counter:close': counterIdSchema,
    'counter:pause': pauseSchema,
    'counter:resume': counterIdSchema,
    'ticket:callNext': counterIdSchema,
    'ticket:call': callSchema,
    'ticket:recall': counterIdSchema,
    'ticket:start': counterIdSchema,
    'ticket:complete': completeSchema,
    'ticket:noShow': counterIdSchema,
    'ticket:transfer': transferSchema,
    'ticket:cancel': ticketIdSchema,
    'ticket:move': moveSchema,
  },
};

/** What each event would need to do something, with real ids: the base that cases break. */
const VALID: Record<string, Record<string, unknown>> = {
  'ticket:issue': { serviceId: 'ho-tich', priority: 'elderly', requestId: 'yeu-cau-0001' },
  'snapshot:get': {},
  'counter:open': { counterId: 'q5' },
  'counter:close': { counterId: 'q4' },
  'counter:pause': { counterId: 'q4', reason: 'Nghỉ' },
  'counter:resume': { counterId: 'q4' },
  'ticket:callNext': { counterId: 'q4' },
  'ticket:call': { counterId: 'q4', ticketId: 'T' },
  'ticket:recall': { counterId: 'q3' },
  'ticket:start': { counterId: 'q3' },
  'ticket:complete': { counterId: 'q3', fileCode: 'HS-1' },
  'ticket:noShow': { counterId: 'q3' },
  'ticket:transfer': { counterId: 'q3', toServiceId: 'tu-phap' },
  'ticket:cancel': { ticketId: 'T' },
  'ticket:move': { ticketId: 'T', toServiceId: 'ho-tich' },
};

// ── generators ───────────────────────────────────────────────────────

const edgeStrings = [
  '', ' ', '\u0000', 'q3\u0000', '\uD800', '\uDFFF', 'a\uD800b', '\u202E3q', '\uFEFFq3', '\u200Bq3', ' q9 ', 'Q3', 'q\uFF13', '\uFF51\uFF13',
  'q\u03013', 'Đất đai', 'Hộ tịch', '👨‍👩‍👧‍👦', '🇻🇳', '\r\n', '\t', '../../etc/passwd', '..%2f..%2f', '%00', '<script>alert(1)</script>',
  '${7*7}', '{{7*7}}', "' OR 1=1 --", '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'null',
  'undefined', 'NaN', '1e309', '-0', 'true', '[]', '{}', 'ngan', 'x'.repeat(64), 'x'.repeat(65), 'A'.repeat(201), '9'.repeat(400),
];

const hugeString = fc.oneof(
  fc.integer({ min: 1_000, max: 13_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 300, max: 6_000 }).map((n) => 'Đ'.repeat(n)),
  fc.integer({ min: 100, max: 3_000 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 100, max: 4_000 }).map((n) => 'a\u0301'.repeat(n)),
);

const weirdString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...edgeStrings) },
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
);

/** Nested arrays or objects `depth` deep, as JSON.parse would give them. */
const deep = fc.tuple(fc.integer({ min: 20, max: 800 }), fc.boolean()).map(([d, arrays]) =>
  JSON.parse(arrays ? '['.repeat(d) + ']'.repeat(d) : '{"a":'.repeat(d) + 'null' + '}'.repeat(d)) as unknown,
);

/** Objects with own `__proto__`, `constructor`, `prototype` keys (as JSON.parse makes them). */
const polluting = fc.constantFrom(
  '{"__proto__":{"polluted":"yes","role":"admin"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"__proto__":{"counterId":"q3"}}',
  '{"counterId":"q3","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"ticketId":{"__proto__":{"toString":"x"}}}',
  '{"serviceId":"ho-tich","__proto__":null,"priority":{"__proto__":[]}}',
  '{"__proto__":{"__proto__":{"polluted":"yes"}},"prototype":1}',
  '[{"__proto__":{"polluted":"yes"}}]',
  '{"counterId":{"constructor":{"name":"q3"}}}',
).map((s) => JSON.parse(s) as unknown);

const scalar = fc.oneof(
  weirdString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(0, -1, 1e21, 2 ** 53, -0, 3.5),
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: polluting },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
);

const FIELDS = ['counterId', 'ticketId', 'serviceId', 'priority', 'requestId', 'reason', 'fileCode', 'toServiceId', 'toCounterId', 'score', 'comment'];

/** Own enumerable keys whatever their name (a literal `{ __proto__: x }` would set the prototype instead). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** A payload for `event`: one of the ways a client can get it wrong. */
function payloadFor(event: string): fc.Arbitrary<unknown> {
  const base = VALID[event] ?? {};
  const keys = Object.keys(base);
  const key = fc.oneof(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'prototype'), fc.string({ maxLength: 12 }));
  return fc.oneof(
    // the right shape with one field broken (or one dangerous key added)
    { weight: 4, arbitrary: fc.tuple(keys.length ? fc.constantFrom(...keys) : key, value).map(([k, v]) => objectOf([...Object.entries(base).filter(([x]) => x !== k), [k, v]])) },
    { weight: 2, arbitrary: fc.tuple(key, value).map(([k, v]) => objectOf([...Object.entries(base), [k, v]])) },
    // right keys, every value random
    { weight: 3, arbitrary: fc.array(fc.tuple(fc.constantFrom(...(keys.length ? keys : FIELDS)), value), { maxLength: 4 }).map(objectOf) },
    // random keys and values, or anything at all
    { weight: 2, arbitrary: fc.array(fc.tuple(key, value), { maxLength: 6 }).map(objectOf) },
    { weight: 3, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

interface SocketCase {
  ns: Ns;
  event: string;
  payload: unknown;
  /** false: an event nobody handles, sent without an ack. */
  handled: boolean;
  /** extra arguments after the payload (then the ack is not where the server looks for it). */
  extra: unknown[];
}

const unknownEvent = fc.oneof(
  fc.constantFrom('ticket:issue', 'ticket:callNext', 'counter:open', 'ticket:cancel', 'settings:update', 'admin', 'ticket:rate', 'snapshot', 'update', 'called', 'printer', 'error', '__proto__', 'constructor', 'hasOwnProperty', 'toString'),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
);

function socketCase(): fc.Arbitrary<SocketCase> {
  const nsArb = fc.constantFrom<Ns>('counter', 'counter', 'counter', 'kiosk', 'kiosk', 'display');
  // Every handled event about equally often (issuing a bit more: it is the public one).
  const pairs: [Ns, string][] = [
    ...Object.keys(EVENTS.counter).map((e): [Ns, string] => ['counter', e]),
    ['kiosk', 'ticket:issue'], ['kiosk', 'ticket:issue'], ['kiosk', 'ticket:issue'], ['kiosk', 'snapshot:get'], ['display', 'snapshot:get'],
  ];
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...pairs).chain(([ns, event]) => payloadFor(event).map((payload): SocketCase => ({ ns, event, payload, handled: true, extra: [] }))) },
    { weight: 1, arbitrary: fc.tuple(nsArb, unknownEvent, value).map(([ns, event, payload]): SocketCase => ({ ns, event, payload, handled: false, extra: [] })) },
    { weight: 1, arbitrary: fc.tuple(nsArb, value, fc.array(value, { minLength: 1, maxLength: 3 })).chain(([ns, payload, extra]) => fc.constantFrom(...Object.keys(EVENTS[ns])).map((event): SocketCase => ({ ns, event, payload, handled: false, extra }))) },
  );
}

/** True when the server would accept this as a command on real things: such cases are dropped. */
function couldAct(schema: z.ZodType | undefined, payload: unknown, knownTickets: Set<string>): boolean {
  if (!schema) return false;
  const r = schema.safeParse(payload ?? {});
  if (!r.success) return false;
  const values = Object.values((r.data ?? {}) as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
  return values.some((v) => KNOWN_IDS.has(v) || knownTickets.has(v));
}

/**
 * The payload as the server receives it: socket.io writes JSON, so NaN and ±Infinity arrive as
 * null, undefined members vanish and -0 is 0. Buffers travel as binary attachments; any object
 * judges the same as one in a schema. Judged on the sent form instead, `{ priority: NaN }` looked
 * invalid while the server, given `priority: null`, rightly issued a ticket (seed 961592).
 */
function onTheWire(payload: unknown): unknown {
  if (payload === undefined) return undefined;
  const text = JSON.stringify(payload, (_k, v: unknown) => (Buffer.isBuffer(v) ? { binary: true } : v));
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

function frameBytes(event: string, payload: unknown, extra: unknown[]): number {
  try {
    return Buffer.byteLength(JSON.stringify([event, payload, ...extra], (_k, v: unknown) => (Buffer.isBuffer(v) ? '' : v)) ?? '') + 64;
  } catch {
    return Infinity;
  }
}

// ── REST ─────────────────────────────────────────────────────────────

interface RestRoute {
  method: string;
  /** `{p}` is replaced by a generated path parameter. */
  path: string;
  schema?: z.ZodType;
  auth?: boolean;
  /** A valid body here would change something even with unknown ids. */
  validActs?: boolean;
}

const REST: RestRoute[] = [
  { method: 'POST', path: '/api/tickets', schema: issueSchema },
  { method: 'POST', path: '/api/tickets/{p}/rating', schema: ratingSchema },
  { method: 'POST', path: '/api/counters/{p}/rating', schema: counterRatingSchema },
  { method: 'POST', path: '/api/auth/login', schema: loginSchema },
  { method: 'POST', path: '/api/auth/password', schema: passwordChangeSchema, auth: true },
  { method: 'POST', path: '/api/kiosk/unlock' },
  { method: 'POST', path: '/api/services', schema: serviceSchema, auth: true, validActs: true },
  { method: 'PUT', path: '/api/services/{p}', schema: serviceUpdateSchema, auth: true },
  { method: 'POST', path: '/api/counters', schema: counterSchema, auth: true, validActs: true },
  { method: 'PUT', path: '/api/counters/{p}', schema: counterUpdateSchema, auth: true },
  { method: 'POST', path: '/api/users', schema: userCreateSchema, auth: true, validActs: true },
  { method: 'PUT', path: '/api/users/{p}', schema: userUpdateSchema, auth: true },
  { method: 'PUT', path: '/api/settings', schema: settingsUpdateSchema, auth: true, validActs: true },
  { method: 'DELETE', path: '/api/services/{p}', auth: true },
  { method: 'DELETE', path: '/api/counters/{p}', auth: true },
  { method: 'DELETE', path: '/api/users/{p}', auth: true },
  { method: 'GET', path: '/api/tickets/{p}' },
  { method: 'GET', path: '/api/reports/summary?{p}', auth: true },
  { method: 'GET', path: '/api/reports/tickets.csv?{p}', auth: true },
];

interface RestCase {
  route: RestRoute;
  param: string;
  body: string | undefined;
  contentType: string;
}

const pathParam = fc.oneof(
  weirdString.filter((s) => s.length < 300).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?'))),
  fc.constantFrom('%zz', '%', '%E0%A4%A', '..%2f..%2fpackage.json', '%2e%2e', 'q3%00', 'x'.repeat(2000), 'from=2026-02-30&to=2026-03-01', 'from=0000-01-01&to=0000-01-02', 'from[]=1', 'to=2026-03-02', 'from=2026-03-02&to=2026-03-01'),
);

const restBody = fc.oneof(
  { weight: 4, arbitrary: value.map((v) => JSON.stringify(v, (_k, x: unknown) => (Buffer.isBuffer(x) ? [...x] : x))) },
  { weight: 3, arbitrary: fc.array(fc.tuple(fc.constantFrom('username', 'password', 'currentPassword', 'newPassword', 'id', 'name', 'role', 'prefix', 'start', 'digits', 'number', 'label', 'serviceIds', 'timeZone', 'kioskKey', 'printer', 'score', 'comment', 'pin', 'serviceId', '__proto__', 'constructor'), value), { maxLength: 6 }).map((e) => JSON.stringify(objectOf(e), (_k, x: unknown) => (Buffer.isBuffer(x) ? [...x] : x))) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '\uFEFF{}', '{"a":1}garbage', '') },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 6_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const restCase: fc.Arbitrary<RestCase> = fc.record({
  route: fc.constantFrom(...REST),
  param: pathParam,
  body: restBody,
  contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
});

function restCouldAct(c: RestCase, knownTickets: Set<string>, doneTokens: Set<string>): boolean {
  let decoded = c.param;
  try {
    decoded = decodeURIComponent(c.param);
  } catch {
    // stays encoded: matches nothing real
  }
  if (c.route.path.includes('{p}') && !c.route.path.includes('?') && (KNOWN_IDS.has(decoded.trim()) || knownTickets.has(decoded) || doneTokens.has(decoded))) return true;
  if (!c.route.schema) return false;
  // Not parsed as JSON (other type, or no body): the server validates {}.
  if (!c.contentType.startsWith('application/json') || c.body === undefined) return c.route.schema.safeParse({}).success && (c.route.validActs === true || c.route.method === 'PUT');
  // body-parser decodes these bytes as UTF-16: what it makes of them is anyone's guess, {} included.
  if (c.contentType.includes('utf-16')) return c.route.validActs === true || c.route.method === 'PUT';
  let parsed: unknown;
  try {
    // body-parser reads an empty JSON body as {} and drops a byte-order mark.
    const text = c.body.replace(/^\uFEFF/, '');
    parsed = JSON.parse(text === '' ? '{}' : text);
  } catch {
    return false;
  }
  if (c.route.validActs || c.route.method === 'PUT') return c.route.schema.safeParse(parsed ?? {}).success;
  return couldAct(c.route.schema, parsed, knownTickets);
}

// ── the run ──────────────────────────────────────────────────────────

export interface FuzzFigures {
  seed: number;
  socketCases: number;
  socketAnswered: number;
  socketUnanswered: number;
  restCases: number;
  droppedAsValid: number;
  codes: Record<string, number>;
  statuses: Record<string, number>;
  ms: number;
}

async function pool<T>(items: T[], width: number, run: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}

export async function runFuzz(opts: { socketCases: number; restCases: number; seed?: number }): Promise<FuzzFigures> {
  const seed = opts.seed ?? Number(process.env.LUOT_FUZZ_SEED ?? Date.now() % 1_000_000_007);
  const started = Date.now();
  // A fixed Monday morning: opening hours cannot change between the before and after pictures.
  const clock = new Date('2026-03-02T09:00:00+07:00');
  const server: TestServer = await startTestServer({ now: () => clock, tickMs: 3_600_000 });
  try {
    const admin = await server.login();
    const kiosk = await server.connect('/kiosk');
    const display = await server.connect('/display');
    const counter = await server.connect('/counter', { token: admin });
    const staffCounter = await server.connect('/counter', { token: await server.staff('canbo-fuzz') });
    const sockets: Record<Ns, Socket[]> = { kiosk: [kiosk], display: [display], counter: [counter, staffCounter] };

    // A realistic state to break against: q3 has a called ticket, q4 is open and idle, a ticket is
    // done (ratable), others wait.
    const knownTickets = new Set<string>();
    const issue = async (serviceId: string) => {
      const r = (await kiosk.timeout(10_000).emitWithAck('ticket:issue', { serviceId })) as { ok: boolean; ticket: { id: string; token: string } };
      if (!r.ok) throw new Error('issue');
      knownTickets.add(r.ticket.id);
      return r.ticket;
    };
    const first = await issue('tu-phap');
    for (const s of ['tu-phap', 'ho-tich', 'dkkd', 'tu-phap']) await issue(s);
    for (const [event, p] of [['counter:open', { counterId: 'q3' }], ['counter:open', { counterId: 'q4' }], ['ticket:callNext', { counterId: 'q3' }]] as const) {
      expect(((await counter.timeout(10_000).emitWithAck(event, p)) as { ok: boolean }).ok).toBe(true);
    }
    const doneTokens = new Set<string>([first.token]);
    await counter.timeout(10_000).emitWithAck('ticket:complete', { counterId: 'q3' });
    await counter.timeout(10_000).emitWithAck('ticket:callNext', { counterId: 'q3' });

    const picture = async () => {
      const [state, settings, users, services, counters] = await Promise.all(
        ['/api/state', '/api/settings', '/api/users', '/api/services', '/api/counters'].map(async (p) => (await server.api('GET', p, undefined, admin)).body),
      );
      return { state, settings, users, services, counters };
    };
    const before = await picture();
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

    const codes: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    const problems: string[] = [];
    let dropped = 0;

    // Socket cases.
    const generated = fc.sample(socketCase(), { numRuns: Math.ceil(opts.socketCases * 1.6), seed });
    const cases: SocketCase[] = [];
    for (const c of generated) {
      if (cases.length >= opts.socketCases) break;
      if (RESERVED.has(c.event) || frameBytes(c.event, c.payload, c.extra) > FRAME_BUDGET) continue;
      // Also for unacknowledged sends: an "unknown" name may be a real event of that namespace.
      if (couldAct(Object.hasOwn(EVENTS[c.ns], c.event) ? EVENTS[c.ns][c.event] : undefined, onTheWire(c.payload), knownTickets)) {
        dropped++;
        continue;
      }
      cases.push(c);
    }
    let answered = 0;
    let unanswered = 0;
    await pool(cases, 64, async (c, i) => {
      const list = sockets[c.ns];
      const socket = list[i % list.length]!;
      if (!c.handled) {
        socket.emit(c.event, c.payload, ...c.extra);
        unanswered++;
        return;
      }
      let r: { ok: boolean; error?: { code: string; message: string } } | null;
      try {
        r = c.payload === undefined && i % 2 === 0
          ? ((await socket.timeout(10_000).emitWithAck(c.event)) as typeof r)
          : ((await socket.timeout(10_000).emitWithAck(c.event, c.payload)) as typeof r);
      } catch (e) {
        problems.push(`/${c.ns} ${c.event} ${short(c.payload)}: no answer (${(e as Error).message})`);
        return;
      }
      answered++;
      const code = r!.ok ? 'ok' : r!.error!.code;
      codes[code] = (codes[code] ?? 0) + 1;
      if (r!.ok) {
        if (c.event !== 'snapshot:get') problems.push(`/${c.ns} ${c.event} ${short(c.payload)}: accepted`);
      } else if (!KNOWN_CODES.has(code) || typeof r!.error!.message !== 'string' || !r!.error!.message) {
        problems.push(`/${c.ns} ${c.event} ${short(c.payload)}: ${code} ${r!.error!.message}`);
      }
    });
    for (const s of Object.values(sockets).flat()) expect(s.connected, 'a socket was dropped by the fuzz').toBe(true);

    // REST cases.
    const restGenerated = fc.sample(restCase, { numRuns: Math.ceil(opts.restCases * 1.6), seed: seed + 1 });
    const rest: RestCase[] = [];
    for (const c of restGenerated) {
      if (rest.length >= opts.restCases) break;
      if (c.body !== undefined && Buffer.byteLength(c.body) > FRAME_BUDGET) continue;
      if (restCouldAct(c, knownTickets, doneTokens)) {
        dropped++;
        continue;
      }
      rest.push(c);
    }
    await pool(rest, 24, async (c, i) => {
      const path = c.route.path.replace('{p}', c.param);
      const sent = c.route.method === 'GET' ? undefined : c.body;
      let res: Response;
      try {
        res = await fetch(`${server.url}${path}`, {
          method: c.route.method,
          headers: {
            ...(sent !== undefined ? { 'content-type': c.contentType } : {}),
            ...(c.route.auth ? { authorization: `Bearer ${admin}` } : {}),
            // Rate limits are per client address; trusted from loopback, this spreads the cases
            // over many "clients" so they reach validation instead of all answering 429.
            'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          },
          body: sent,
        });
      } catch (e) {
        problems.push(`${c.route.method} ${path.slice(0, 80)}: ${(e as Error).message}`);
        return;
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const text = await res.text();
      let body: { ok?: boolean; error?: { code?: string; message?: string } } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        problems.push(`${c.route.method} ${path.slice(0, 80)} ${short(c.body)}: ${res.status} not JSON: ${text.slice(0, 80)}`);
        return;
      }
      const code = body.ok ? 'ok' : (body.error?.code ?? '?');
      codes[`rest:${code}`] = (codes[`rest:${code}`] ?? 0) + 1;
      if (res.status >= 500 || (res.status >= 400 && (body.ok !== false || !KNOWN_CODES.has(code) || (ERROR_STATUS[code as ErrorCode] !== res.status && res.status !== 413)))) {
        problems.push(`${c.route.method} ${path.slice(0, 80)} ${short(c.body)} [${c.contentType}]: ${res.status} ${text.slice(0, 160)}`);
      } else if (res.status < 400 && c.route.method !== 'GET') {
        problems.push(`${c.route.method} ${path.slice(0, 80)} ${short(c.body)}: accepted ${res.status}`);
      }
    });

    // Unanswered events had time to do harm; then the pictures must match.
    await new Promise((r) => setTimeout(r, 300));
    const health = await server.api('GET', '/api/health');
    expect(health.status).toBe(200);
    // CI shows only the tail of a failure: say the seed and each problem whole, in one line each.
    if (problems.length) console.error(`[fuzz] seed ${seed}: ${problems.length} problem(s)\n${problems.slice(0, 20).join('\n')}`);
    expect(problems.slice(0, 20)).toEqual([]);
    const after = await picture();
    expect(after).toEqual(before);
    // Nothing in the server's process (this one) was polluted.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    for (const s of Object.values(sockets).flat()) expect(s.connected).toBe(true);
    expect(((await counter.timeout(10_000).emitWithAck('snapshot:get', {})) as { ok: boolean }).ok).toBe(true);

    return {
      seed,
      socketCases: cases.length,
      socketAnswered: answered,
      socketUnanswered: unanswered,
      restCases: rest.length,
      droppedAsValid: dropped,
      codes,
      statuses,
      ms: Date.now() - started,
    };
  } finally {
    await server.stop();
  }
}

function short(x: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(x) ?? String(x);
  } catch {
    s = String(x);
  }
  return s.length > 80 ? `${s.slice(0, 77)}…(${s.length})` : s;
}
