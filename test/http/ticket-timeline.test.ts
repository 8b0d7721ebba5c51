// A ticket's timeline (GET /api/tickets/<id>/events) and the search by number
// (GET /api/tickets?number=&day=), against a scripted day whose history is known: issued from
// the kiosk and over REST, called, recalled, started, transferred to another counter, completed
// with a file code, rated; a no-show; a supervisor's cancellation; a ticket left waiting that
// expires at the rollover. The day is then past (the clock moves on and the next day opens) and
// is read back from the journal of that day, on files and (LUOT_TEST_STORE=pg) PostgreSQL.
// Every expected entry is written here from the script, not read back from the server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { TicketTimeline, TimelineEntry, TimelineTicket } from '../../shared/timeline.js';
import type { IssueResult, UserPublic } from '../../shared/types.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { act, expectError, issueOn, vnTime } from './helpers.js';

const DAY1 = '2026-03-02'; // a Monday
const DAY2 = '2026-03-03';
let clock = vnTime(DAY1, '07:00');
const at = (day: string, hhmm: string) => {
  clock = vnTime(day, hhmm);
};
const iso = (day: string, hhmm: string) => `${day}T${hhmm}:00+07:00`;

const STAFF = { lan: 'Nguyễn Thị Lan', minh: 'Trần Văn Minh' } as const;
let server: TestServer;
let supervisor: string;
let clerkToken: string;
const ids = {} as Record<'lan' | 'minh' | 'sup', string>;
const sockets = {} as Record<'lan' | 'minh' | 'sup', Socket>;
let kiosk: Socket;
const t = {} as Record<'a' | 'b' | 'c' | 'd' | 'next', { id: string; token: string; number: string }>;

async function restIssue(serviceId: string) {
  const r = await server.api<IssueResult>('POST', '/api/tickets', { serviceId });
  if (!r.body.ok) throw new Error(r.body.error.message);
  return r.body.ticket;
}

beforeAll(async () => {
  server = await startTestServer({ now: () => clock, tickMs: 60_000 });
  const admin = await server.login();
  for (const who of ['lan', 'minh'] as const) {
    const r = await server.api<{ user: UserPublic }>('POST', '/api/users', { username: who, name: STAFF[who], role: 'staff', password: 'mat-khau-can-bo' }, admin);
    if (!r.body.ok) throw new Error(r.body.error.message);
    ids[who] = r.body.user.id;
    sockets[who] = await server.connect('/counter', { token: await server.login(who, 'mat-khau-can-bo') });
  }
  supervisor = await server.staff('giamsat', 'supervisor');
  const me = await server.api<{ user: UserPublic }>('GET', '/api/auth/me', undefined, supervisor);
  if (!me.body.ok) throw new Error(me.body.error.message);
  ids.sup = me.body.user.id;
  sockets.sup = await server.connect('/counter', { token: supervisor });
  kiosk = await server.connect('/kiosk');

  at(DAY1, '07:55');
  await act(sockets.lan, 'counter:open', { counterId: 'q3' });
  await act(sockets.minh, 'counter:open', { counterId: 'q4' });
  at(DAY1, '08:00'); t.a = (await issueOn(kiosk, 'ho-tich')).ticket;
  at(DAY1, '08:01'); t.b = await restIssue('ho-tich');
  at(DAY1, '08:02'); t.c = (await issueOn(kiosk, 'tu-phap')).ticket;
  at(DAY1, '08:03'); t.d = (await issueOn(kiosk, 'tu-phap')).ticket;
  at(DAY1, '08:05'); await act(sockets.lan, 'ticket:call', { counterId: 'q3', ticketId: t.a.id });
  at(DAY1, '08:06'); await act(sockets.lan, 'ticket:recall', { counterId: 'q3' });
  at(DAY1, '08:07'); await act(sockets.lan, 'ticket:start', { counterId: 'q3' });
  at(DAY1, '08:10'); await act(sockets.lan, 'ticket:transfer', { counterId: 'q3', toCounterId: 'q4' });
  at(DAY1, '08:12'); await act(sockets.minh, 'ticket:call', { counterId: 'q4', ticketId: t.a.id });
  at(DAY1, '08:13'); await act(sockets.minh, 'ticket:start', { counterId: 'q4' });
  at(DAY1, '08:20'); await act(sockets.minh, 'ticket:complete', { counterId: 'q4', fileCode: 'HS-ĐĐ-001/Hộ tịch' });
  at(DAY1, '08:21'); await act(sockets.minh, 'ticket:call', { counterId: 'q4', ticketId: t.b.id });
  at(DAY1, '08:24'); await act(sockets.minh, 'ticket:noShow', { counterId: 'q4' });
  at(DAY1, '08:25');
  const rated = await server.api('POST', `/api/tickets/${t.a.token}/rating`, { score: 3, comment: 'Cán bộ nhiệt tình, chu đáo' });
  expect(rated.status, JSON.stringify(rated.body)).toBe(200);
  at(DAY1, '08:30'); await act(sockets.sup, 'ticket:cancel', { ticketId: t.d.id });
  // t.c is left waiting: it expires when the next day opens.
  at(DAY2, '08:00'); t.next = (await issueOn(kiosk, 'ho-tich')).ticket;
  // Sessions are a working day long: the supervisor of the complaint signs in on day two.
  supervisor = await server.login('giamsat', 'mat-khau-can-bo');
  clerkToken = await server.login('lan', 'mat-khau-can-bo');
});

afterAll(async () => {
  await server?.stop();
});

async function timeline(id: string, query = '', token = supervisor) {
  return server.api<TicketTimeline>('GET', `/api/tickets/${encodeURIComponent(id)}/events${query}`, undefined, token);
}
async function search(query: string, token = supervisor) {
  return server.api<{ serviceDay: string; tickets: (TimelineTicket & { serviceDay: string })[] }>('GET', `/api/tickets?${query}`, undefined, token);
}
const q3 = { id: 'q3', number: 3, label: expect.objectContaining({ vi: expect.any(String) }) };
const q4 = { id: 'q4', number: 4, label: expect.objectContaining({ vi: expect.any(String) }) };
const lan = () => ({ userId: ids.lan, name: STAFF.lan });
const minh = () => ({ userId: ids.minh, name: STAFF.minh });
const brief = (e: TimelineEntry) => [e.kind, e.at, e.counter?.id ?? null, e.staff?.name ?? null];

describe('GET /api/tickets/<id>/events', () => {
  it('lists every event of a past day’s ticket, in order, with its time, counter and staff member', async () => {
    const r = await timeline(t.a.id, `?day=${DAY1}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    if (!r.body.ok) return;
    expect(r.body.serviceDay).toBe(DAY1);
    expect(r.body.ticket).toEqual({
      id: t.a.id, number: t.a.number, serviceId: 'ho-tich', serviceName: expect.objectContaining({ vi: 'Hộ tịch' }), priority: null, issuedAt: iso(DAY1, '08:00'),
    });
    expect(r.body.events.map(brief)).toEqual([
      ['issued', iso(DAY1, '08:00'), null, null],
      ['called', iso(DAY1, '08:05'), 'q3', STAFF.lan],
      ['recalled', iso(DAY1, '08:06'), 'q3', STAFF.lan],
      ['started', iso(DAY1, '08:07'), 'q3', STAFF.lan],
      ['transferred', iso(DAY1, '08:10'), 'q3', STAFF.lan],
      ['called', iso(DAY1, '08:12'), 'q4', STAFF.minh],
      ['started', iso(DAY1, '08:13'), 'q4', STAFF.minh],
      ['completed', iso(DAY1, '08:20'), 'q4', STAFF.minh],
      ['rated', iso(DAY1, '08:25'), 'q4', STAFF.minh],
    ]);
    const [issued, called, , , transferred, , , completed, rating] = r.body.events as TimelineEntry[];
    expect(issued).toMatchObject({ type: 'ticket:issued', counter: null, staff: null, detail: { channel: 'kiosk', serviceId: 'ho-tich' } });
    expect(called).toMatchObject({ type: 'ticket:called', counter: q3, staff: lan() });
    expect(transferred).toMatchObject({ type: 'ticket:transferred', counter: q3, detail: { fromServiceId: 'ho-tich', toServiceId: 'ho-tich', toCounter: q4 } });
    expect(completed).toMatchObject({ type: 'ticket:completed', counter: q4, staff: minh(), detail: { fileCode: 'HS-ĐĐ-001/Hộ tịch' } });
    expect(rating).toMatchObject({ type: 'ticket:rated', detail: { score: 3, scale: 3, comment: 'Cán bộ nhiệt tình, chu đáo' } });
    // Revisions are the journal's: strictly increasing.
    const revs = r.body.events.map((e) => e.rev);
    expect([...revs].sort((x, y) => x - y)).toEqual(revs);
    expect(new Set(revs).size).toBe(revs.length);
  });

  it('says how each ticket was issued and how it ended: REST, no-show, cancelled by a supervisor, expired at the rollover', async () => {
    const b = await timeline(t.b.id, `?day=${DAY1}`);
    if (!b.body.ok) throw new Error(b.body.error.message);
    expect(b.body.events.map(brief)).toEqual([
      ['issued', iso(DAY1, '08:01'), null, null],
      ['called', iso(DAY1, '08:21'), 'q4', STAFF.minh],
      ['noShow', iso(DAY1, '08:24'), 'q4', STAFF.minh],
    ]);
    expect(b.body.events[0]!.detail.channel).toBe('rest');

    const d = await timeline(t.d.id, `?day=${DAY1}`);
    if (!d.body.ok) throw new Error(d.body.error.message);
    expect(d.body.events.map(brief)).toEqual([
      ['issued', iso(DAY1, '08:03'), null, null],
      ['cancelled', iso(DAY1, '08:30'), null, 'Cán bộ giamsat'],
    ]);
    expect(d.body.events[1]!.staff).toEqual({ userId: ids.sup, name: 'Cán bộ giamsat' });

    const c = await timeline(t.c.id, `?day=${DAY1}`);
    if (!c.body.ok) throw new Error(c.body.error.message);
    expect(c.body.events.map((e) => [e.kind, e.type])).toEqual([['issued', 'ticket:issued'], ['expired', 'ticket:expired']]);
    // The expiry is written before the new day opens: it belongs to the ticket's own day.
    expect(c.body.events[1]!.at < iso(DAY2, '08:00:01')).toBe(true);
  });

  it('reads today without ?day=, and a past day’s ticket only with its day', async () => {
    const today = await timeline(t.next.id);
    expect(today.status).toBe(200);
    if (today.body.ok) {
      expect(today.body.serviceDay).toBe(DAY2);
      expect(today.body.events.map(brief)).toEqual([['issued', iso(DAY2, '08:00'), null, null]]);
    }
    const past = await timeline(t.a.id);
    expect(past.status).toBe(404);
    expectError(past.body, 'not_found');
    expectError((await timeline(t.a.id, `?day=${DAY2}`)).body, 'not_found');
    expectError((await timeline('no-such-ticket', `?day=${DAY1}`)).body, 'not_found');
  });

  it('reads the journal of the asked day only', async () => {
    if (process.env.LUOT_TEST_STORE !== 'pg') {
      // The past day is a file of its own on disk.
      expect(existsSync(join(server.dataDir, 'journal', `${DAY1}.jsonl`))).toBe(true);
    }
    const journal = server.deployment.defaultHost.store.journal;
    const readDay = journal.readDay;
    const asked: string[] = [];
    journal.readDay = (day) => {
      asked.push(day);
      return readDay.call(journal, day);
    };
    try {
      expect((await timeline(t.a.id, `?day=${DAY1}`)).status).toBe(200);
      expect((await search(`number=${t.a.number}&day=${DAY1}`)).status).toBe(200);
      expect((await timeline(t.next.id)).status).toBe(200);
    } finally {
      journal.readDay = readDay;
    }
    expect(asked).toEqual([DAY1, DAY1, DAY2]);
  });

  it('answers under the office’s own prefix too', async () => {
    const r = await server.api<TicketTimeline>('GET', `/api/o/${server.office.slug}/tickets/${t.a.id}/events?day=${DAY1}`, undefined, supervisor);
    expect(r.status).toBe(200);
    if (r.body.ok) expect(r.body.events).toHaveLength(9);
  });

  it('is for supervisors: a clerk is refused, an anonymous caller too, and a bad day is invalid', async () => {
    const clerk = await timeline(t.a.id, `?day=${DAY1}`, clerkToken);
    expect(clerk.status).toBe(403);
    expectError(clerk.body, 'forbidden');
    const anonymous = await server.api('GET', `/api/tickets/${t.a.id}/events?day=${DAY1}`);
    expect(anonymous.status).toBe(401);
    for (const day of ['2026-02-30', '02-03-2026', '2026-3-2']) {
      const r = await timeline(t.a.id, `?day=${day}`);
      expect(r.status).toBe(400);
      expectError(r.body, 'invalid', 'day');
    }
  });
});

describe('GET /api/tickets?number=&day=', () => {
  it('finds a number on a past day and on today, each its own ticket, however the number is typed', async () => {
    expect(t.next.number).toBe(t.a.number); // numbering restarts each day
    for (const typed of [t.a.number, t.a.number.toLowerCase(), t.a.number.replace(/^([A-Z]+)0+/, '$1')]) {
      const r = await search(`number=${encodeURIComponent(typed)}&day=${DAY1}`);
      if (!r.body.ok) throw new Error(r.body.error.message);
      expect(r.body.tickets.map((x) => x.id), typed).toEqual([t.a.id]);
      expect(r.body.tickets[0]).toMatchObject({ number: t.a.number, serviceId: 'ho-tich', issuedAt: iso(DAY1, '08:00'), serviceDay: DAY1 });
    }
    const today = await search(`number=${t.a.number}`);
    if (!today.body.ok) throw new Error(today.body.error.message);
    expect(today.body.serviceDay).toBe(DAY2);
    expect(today.body.tickets.map((x) => x.id)).toEqual([t.next.id]);
    const none = await search(`number=Z999&day=${DAY1}`);
    expect(none.body.ok && none.body.tickets).toEqual([]);
    const empty = await search(`number=&day=${DAY1}`);
    expectError(empty.body, 'invalid', 'number');
    expect((await search(`number=${t.a.number}&day=${DAY1}`, clerkToken)).status).toBe(403);
  });
});
