// Power cuts under continuous issuing AND calling: a server in a child process is killed with
// SIGKILL 50 times over one data folder while 3 kiosks issue and 3 counters call and complete.
//
// The test keeps an exact model of what was acknowledged. Each client does one request at a
// time, so at a kill each has at most one request whose outcome is unknown (sent, not answered).
// After every restart the server's state must be the model with some subset of those in-flight
// requests applied — nothing else:
// - every acknowledged ticket exists with its number; an acknowledged completion is `done`, an
//   acknowledged call is called (or done, if that counter's in-flight request was its completion);
// - a ticket the model has waiting is still waiting, or was taken by one in-flight callNext;
// - tickets the model does not know are at most one per in-flight issue, of that service;
// - each counter holds what the model says, give or take its own in-flight request;
// - the waiting lists of the staff snapshot are exactly the model's, in queue order;
// - numbers per service are unique and contiguous from the service's start;
// - the rev moved by the acknowledged events, plus at most the in-flight ones.
// The model then takes the server's state (the in-flight outcomes are now known) and the next
// round starts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SERVICES } from '../../../server/demo.js';
import type { IssueResult, PublicTicket, StaffSnapshot, TicketView } from '../../../shared/types.js';
import { spawnServer, type Child } from '../../support/child.js';
import { ask, connectTo, getJson, loginAt, seqOf, sleep, ticketsFromCsv } from '../helpers.js';

const ROUNDS = Number(process.env.LUOT_KILL_ROUNDS ?? 50);
const SERVICES = ['tu-phap', 'ho-tich', 'dat-dai'];
/** Counters and the services they take from (demo office): q1 dat-dai; q3 and q4 share ho-tich and tu-phap. */
const COUNTERS = ['q1', 'q3', 'q4'];
const START = new Map(DEMO_SERVICES.map((s) => [s.id, s.start]));

type State = 'waiting' | 'called' | 'done';
interface ModelTicket {
  id: string;
  number: string;
  serviceId: string;
  state: State;
  token: string | null;
}
type CounterOp = { op: 'call' } | { op: 'complete'; ticketId: string } | null;

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe(`SIGKILL during issuing and calling, ${ROUNDS} rounds`, () => {
  it('loses nothing acknowledged, reuses no number, and restarts into exactly the acknowledged state', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'luot-kill50-'));
    dirs.push(dataDir);
    const tickets = new Map<string, ModelTicket>();
    const current = new Map<string, string | null>(COUNTERS.map((c) => [c, null]));
    const totals = { issues: 0, calls: 0, completes: 0, inflightResolvedDone: 0, inflightResolvedNot: 0, rounds: 0 };
    const errors: string[] = [];
    let serviceDay = '';
    let child: Child | null = null;
    let revBefore = 0;
    let ackedThisRound = 0;
    let inflightIssues: (string | null)[] = [];
    let inflightCounter = new Map<string, CounterOp>();
    const started = Date.now();

    const verifyAfterRestart = async (url: string, round: number) => {
      const token = await loginAt(url);
      const health = await getJson<{ rev: number; serviceDay: string }>(`${url}/api/health`);
      if (serviceDay && health.serviceDay !== serviceDay) throw new Error(`the service day changed during the test (${serviceDay} → ${health.serviceDay}): run it again away from midnight in Asia/Ho_Chi_Minh`);
      serviceDay = health.serviceDay;
      const csv = await ticketsFromCsv(url, token, serviceDay);
      const staff = await connectTo(url, '/counter', { token });
      const snap = await ask<{ snapshot: StaffSnapshot }>(staff, 'snapshot:get', {});
      staff.close();
      if (!snap?.ok) throw new Error('staff snapshot');
      const s = snap.snapshot;
      const where = `after kill ${round}`;
      expect(s.rev, where).toBe(health.rev);

      const observed = new Map(csv.map((t) => [t.id, t]));
      expect(observed.size, `${where}: duplicate ticket ids in the report`).toBe(csv.length);
      const holder = new Map<string, string | null>(COUNTERS.map((c) => [c, s.counters.find((x) => x.id === c)?.current?.id ?? null]));
      const heldBy = new Map([...holder].filter(([, t]) => t !== null).map(([c, t]) => [t!, c]));
      expect(heldBy.size, `${where}: one ticket at two counters`).toBe([...holder.values()].filter((t) => t !== null).length);

      // Each in-flight callNext may account for one ticket (the one its counter now holds).
      const takenByInflightCall = new Set<string>();
      for (const c of COUNTERS) {
        const op = inflightCounter.get(c) ?? null;
        const before = current.get(c) ?? null;
        const now = holder.get(c) ?? null;
        if (before !== null) {
          // The counter had a ticket: it still has it, or its in-flight completion went through.
          if (op?.op === 'complete' && op.ticketId === before && now === null) {
            expect(observed.get(before)?.state, `${where}: ${c}'s completed ticket`).toBe('done');
            totals.inflightResolvedDone++;
          } else {
            expect(now, `${where}: ${c} should still hold ${before}`).toBe(before);
            if (op) totals.inflightResolvedNot++;
          }
        } else if (now !== null) {
          expect(op?.op, `${where}: ${c} holds ${now} without an in-flight call`).toBe('call');
          takenByInflightCall.add(now);
          totals.inflightResolvedDone++;
        } else if (op) totals.inflightResolvedNot++;
      }

      // Every ticket the model knows is there, as acknowledged.
      for (const t of tickets.values()) {
        const o = observed.get(t.id);
        expect(o, `${where}: acknowledged ticket ${t.number} (${t.serviceId}) lost`).toBeDefined();
        if (!o) continue;
        expect(o.number, `${where}: ${t.id}`).toBe(t.number);
        expect(o.serviceId).toBe(t.serviceId);
        if (t.state === 'done') expect(o.state, `${where}: ${t.number} was completed`).toBe('done');
        else if (t.state === 'called') expect(['called', 'done'], `${where}: ${t.number} was called`).toContain(o.state);
        else if (o.state !== 'waiting') {
          expect(o.state, `${where}: ${t.number} left the queue without an acknowledged call`).toBe('called');
          expect(takenByInflightCall.has(t.id), `${where}: ${t.number} called, but not by an in-flight callNext`).toBe(true);
        }
      }
      // Tickets the model does not know: only from in-flight issues, at most one per kiosk, newest numbers.
      const unknown = csv.filter((o) => !tickets.has(o.id));
      const inflightServices = inflightIssues.filter((x): x is string => x !== null);
      expect(unknown.length, `${where}: ${unknown.length} unacknowledged tickets for ${inflightServices.length} in-flight issues`).toBeLessThanOrEqual(inflightServices.length);
      for (const o of unknown) {
        const i = inflightServices.indexOf(o.serviceId);
        expect(i, `${where}: unknown ticket ${o.number} of ${o.serviceId}`).toBeGreaterThanOrEqual(0);
        inflightServices.splice(i, 1);
        const newest = Math.max(0, ...[...tickets.values()].filter((t) => t.serviceId === o.serviceId).map((t) => seqOf(t.number)));
        expect(seqOf(o.number), `${where}: unacknowledged ${o.number} is older than acknowledged ones`).toBeGreaterThan(newest);
        if (o.state !== 'waiting') expect(takenByInflightCall.has(o.id), `${where}: unacknowledged ${o.number} is ${o.state}`).toBe(true);
        totals.inflightResolvedDone++;
      }

      // The waiting lists are exactly the model's, in queue order (no priorities here: by number).
      const expectedWaiting = new Map<string, string[]>();
      for (const o of csv) {
        if (o.state !== 'waiting') continue;
        const m = tickets.get(o.id);
        if (m && m.state !== 'waiting') throw new Error(`${where}: ${m.number} waiting again after being ${m.state}`);
        expectedWaiting.set(o.serviceId, [...(expectedWaiting.get(o.serviceId) ?? []), o.id]);
      }
      for (const serviceId of SERVICES) {
        const list = s.waiting[serviceId] ?? [];
        const ids = list.map((t) => t.id);
        const want = (expectedWaiting.get(serviceId) ?? []).sort((x, y) => seqOf(observed.get(x)!.number) - seqOf(observed.get(y)!.number));
        expect(ids, `${where}: waiting list of ${serviceId}`).toEqual(want);
        // The public count agrees with the list.
        expect(s.services.find((x) => x.id === serviceId)?.waiting).toBe(ids.length);
      }

      // Numbers: unique per service and contiguous from the start (a prefix of the journal survives).
      for (const serviceId of SERVICES) {
        const seqs = csv.filter((o) => o.serviceId === serviceId).map((o) => seqOf(o.number)).sort((a, b) => a - b);
        expect(new Set(seqs).size, `${where}: a number issued twice in ${serviceId}`).toBe(seqs.length);
        const start = START.get(serviceId)!;
        expect(seqs, `${where}: numbers of ${serviceId} not contiguous`).toEqual(seqs.map((_, i) => start + i));
      }

      // The rev moved by what was acknowledged, plus at most what was in flight.
      const inflightCount = inflightIssues.filter((x) => x !== null).length + [...inflightCounter.values()].filter((x) => x !== null).length;
      if (round > 0) {
        expect(health.rev - revBefore, `${where}: rev moved by more or less than the acknowledged events`).toBeGreaterThanOrEqual(ackedThisRound);
        expect(health.rev - revBefore).toBeLessThanOrEqual(ackedThisRound + inflightCount);
      }

      // A sample of acknowledged tickets through the citizen's page (the public read path).
      const withTokens = [...tickets.values()].filter((t) => t.token);
      for (let i = 0; i < 10 && withTokens.length; i++) {
        const t = withTokens[Math.floor(Math.random() * withTokens.length)]!;
        const v = await getJson<{ ok: boolean } & TicketView>(`${url}/api/tickets/${t.token}`);
        expect(v.ok, `${where}: ticket page of ${t.number}`).toBe(true);
        expect(v.ticket.number).toBe(t.number);
      }

      // The model takes the server's state: in-flight outcomes are known now.
      for (const o of csv) {
        const state: State = o.state === 'waiting' ? 'waiting' : o.state === 'done' ? 'done' : 'called';
        const m = tickets.get(o.id);
        if (m) m.state = state;
        else tickets.set(o.id, { id: o.id, number: o.number, serviceId: o.serviceId, state, token: null });
      }
      for (const c of COUNTERS) current.set(c, holder.get(c) ?? null);
      for (const [id, c] of heldBy) {
        expect(observed.get(id)?.state, `${where}: ${c} holds a ticket that is not called`).toBe('called');
      }
      expect(tickets.size).toBe(csv.length);
      revBefore = health.rev;
      return token;
    };

    for (let round = 0; round <= ROUNDS; round++) {
      child = await spawnServer(dataDir);
      const url = child.url;
      const token = await verifyAfterRestart(url, round);
      if (round === ROUNDS) break;

      const kiosks = await Promise.all([0, 1, 2].map(() => connectTo(url, '/kiosk')));
      const counters = await Promise.all(COUNTERS.map(() => connectTo(url, '/counter', { token })));
      // Opening is idempotent for the holder: it adds an event only on the first round.
      for (const [i, c] of COUNTERS.entries()) {
        const r = await ask(counters[i]!, 'counter:open', { counterId: c });
        if (!r?.ok) throw new Error(`open ${c}: ${JSON.stringify(r)}`);
      }
      revBefore = (await getJson<{ rev: number }>(`${url}/api/health`)).rev;
      ackedThisRound = 0;
      inflightIssues = [null, null, null];
      inflightCounter = new Map(COUNTERS.map((c) => [c, null]));
      let stop = false;

      const issuing = kiosks.map(async (k: Socket, i) => {
        let n = 0;
        while (!stop) {
          const serviceId = SERVICES[(i + n++) % SERVICES.length]!;
          inflightIssues[i] = serviceId;
          const r = await ask<IssueResult>(k, 'ticket:issue', { serviceId, requestId: `r${round}-${i}-${n}-${process.pid}` });
          // No answer: the outcome is unknown, and this kiosk stops so that it stays the only one.
          if (r === null) return;
          inflightIssues[i] = null;
          if (!r.ok) {
            errors.push(`issue ${serviceId}: ${r.error.code} ${r.error.message}`);
            return;
          }
          const known = tickets.get(r.ticket.id);
          // A counter may have called it before this ack was read: keep that state.
          if (known) {
            if (known.number !== r.ticket.number) errors.push(`${r.ticket.id}: numbers ${known.number} / ${r.ticket.number}`);
            known.token = r.ticket.token;
          } else tickets.set(r.ticket.id, { id: r.ticket.id, number: r.ticket.number, serviceId, state: 'waiting', token: r.ticket.token });
          totals.issues++;
          ackedThisRound++;
        }
      });
      const calling = COUNTERS.map(async (counterId, i) => {
        const s = counters[i]!;
        while (!stop) {
          const holding = current.get(counterId) ?? null;
          if (holding) {
            inflightCounter.set(counterId, { op: 'complete', ticketId: holding });
            const r = await ask<{ ticket: PublicTicket }>(s, 'ticket:complete', { counterId });
            if (r === null) return;
            inflightCounter.set(counterId, null);
            if (!r.ok) {
              errors.push(`complete at ${counterId}: ${r.error.code} ${r.error.message}`);
              return;
            }
            if (r.ticket.id !== holding) errors.push(`${counterId} completed ${r.ticket.id}, expected ${holding}`);
            tickets.get(holding)!.state = 'done';
            current.set(counterId, null);
            totals.completes++;
            ackedThisRound++;
          } else {
            inflightCounter.set(counterId, { op: 'call' });
            const r = await ask<{ ticket: PublicTicket | null }>(s, 'ticket:callNext', { counterId });
            if (r === null) return;
            inflightCounter.set(counterId, null);
            if (!r.ok) {
              errors.push(`callNext at ${counterId}: ${r.error.code} ${r.error.message}`);
              return;
            }
            if (!r.ticket) {
              await sleep(5);
              continue;
            }
            const t = tickets.get(r.ticket.id);
            if (t) {
              if (t.state !== 'waiting') errors.push(`${counterId} called ${t.number}, which was ${t.state}`);
              t.state = 'called';
            } else tickets.set(r.ticket.id, { id: r.ticket.id, number: r.ticket.number, serviceId: r.ticket.serviceId, state: 'called', token: null });
            current.set(counterId, r.ticket.id);
            totals.calls++;
            ackedThisRound++;
          }
        }
      });

      await sleep(150 + Math.random() * 500);
      await child.kill('SIGKILL');
      stop = true;
      await Promise.all([...issuing, ...calling]);
      for (const s of [...kiosks, ...counters]) s.close();
      expect(errors).toEqual([]);
      totals.rounds++;
    }
    await child?.kill('SIGTERM');

    const states = [...tickets.values()].reduce<Record<string, number>>((a, t) => ((a[t.state] = (a[t.state] ?? 0) + 1), a), {});
    console.log(`[kill rounds] ${totals.rounds} SIGKILLs in ${Math.round((Date.now() - started) / 1000)} s; acknowledged: ${totals.issues} issues, ${totals.calls} calls, ${totals.completes} completions; in-flight at the kills: ${totals.inflightResolvedDone} had happened, ${totals.inflightResolvedNot} had not; tickets at the end ${tickets.size} ${JSON.stringify(states)}`);
    expect(errors).toEqual([]);
    expect(totals.rounds).toBe(ROUNDS);
    // The load really was continuous: plenty acknowledged of each kind.
    expect(totals.issues).toBeGreaterThan(ROUNDS * 5);
    expect(totals.calls).toBeGreaterThan(ROUNDS * 2);
    expect(totals.completes).toBeGreaterThan(ROUNDS * 2);
  }, 900_000);
});
