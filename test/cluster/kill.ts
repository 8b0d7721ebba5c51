// SIGKILL one of three processes, round after round, under load (issue 11). Kiosks, counters and
// a display reach the processes through the test's round-robin balancer with the client
// library's own reconnection, so a killed process's clients land on another one. Each client
// does one request at a time and keeps what was acknowledged; at the end the table (read by a
// process started after the last kill) holds every acknowledged ticket with its number, every
// acknowledged completion, and numbers per service unique and contiguous: numbering went on
// across every kill, whichever process gave the next number.
// Used by test/cluster/kill.test.ts (a few rounds) and the long suite (20 rounds).
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { DEMO_SERVICES } from '../../server/demo.js';
import type { IssueResult, PublicTicket } from '../../shared/types.js';
import { ask, getJson, loginAt, seqOf, sleep, ticketsFromCsv, until } from '../reliability/helpers.js';
import { startCluster } from '../support/cluster.js';
import { loginSoon } from './race.js';

const SERVICES = ['tu-phap', 'ho-tich', 'dat-dai'];
/** q1 takes dat-dai; q3 takes ho-tich and tu-phap (demo office). */
const COUNTERS = ['q1', 'q3'];
const START = new Map(DEMO_SERVICES.map((s) => [s.id, s.start]));

interface Client {
  socket: Socket;
  connects: number;
}

function client(url: string, nsp: string, auth: object = {}): Client {
  // What the apps do (shared/client/live.ts): websocket only, retry quickly and for ever.
  const socket = io(`${url}${nsp}`, { auth, transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  const c = { socket, connects: 0 };
  socket.on('connect', () => c.connects++);
  return c;
}

export async function clusterKillRounds(rounds: number, log = (s: string) => console.log(s)): Promise<void> {
  const cluster = await startCluster({ processes: 3 });
  const clients: Client[] = [];
  let running = true;
  try {
    const lb = cluster.balancer.url;
    const admin = await loginAt(cluster.url(0));
    for (const c of COUNTERS) {
      const res = await fetch(`${cluster.url(0)}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ username: `kill-${c}`, name: `Cán bộ ${c}`, role: 'staff', password: 'mat-khau-can-bo' }),
      });
      expect(res.status).toBe(201);
    }
    const tokens = await Promise.all(COUNTERS.map((c, i) => loginSoon(cluster.url(1 + i), `kill-${c}`)));
    const kiosks = [0, 1, 2].map(() => client(lb, '/kiosk'));
    const counters = tokens.map((token) => client(lb, '/counter', { token }));
    const display = client(lb, '/display');
    clients.push(...kiosks, ...counters, display);
    await until(() => clients.every((c) => c.socket.connected), 15_000, 'every client to connect through the balancer');
    for (const [i, c] of COUNTERS.entries()) expect((await ask(counters[i]!.socket, 'counter:open', { counterId: c }))?.ok).toBe(true);

    const issued = new Map<string, { number: string; serviceId: string }>();
    const completed = new Set<string>();
    const refusals: string[] = [];
    let acks = 0;
    let unknown = 0;
    let displayCalls = 0;
    display.socket.on('called', () => displayCalls++);

    const kioskLoops = kiosks.map(async (k, i) => {
      let n = i;
      while (running) {
        if (!k.socket.connected) {
          await sleep(20);
          continue;
        }
        const serviceId = SERVICES[n++ % SERVICES.length]!;
        const r = await ask<IssueResult>(k.socket, 'ticket:issue', { serviceId }, 5_000);
        if (!r) unknown++;
        else if (r.ok) {
          issued.set(r.ticket.id, { number: r.ticket.number, serviceId });
          acks++;
        } else refusals.push(`issue: ${r.error.code} ${r.error.messageEn ?? r.error.message}`);
        await sleep(10);
      }
    });
    const counterLoops = counters.map(async (c, i) => {
      const counterId = COUNTERS[i]!;
      /** The last request's outcome is unknown (no answer before its process died). */
      let inDoubt = false;
      while (running) {
        if (!c.socket.connected) {
          await sleep(20);
          continue;
        }
        const r = await ask<{ ticket: PublicTicket | null }>(c.socket, 'ticket:callNext', { counterId }, 5_000);
        if (!r) {
          unknown++;
          inDoubt = true;
          continue;
        }
        if (!r.ok && inDoubt && r.error.code === 'conflict') {
          // A call (or a completion) cut off by a kill did (did not) commit: the counter still
          // serves a ticket, as the staff app would show. Finish it and go on.
          inDoubt = (await ask(c.socket, 'ticket:complete', { counterId }, 5_000))?.ok !== true;
          continue;
        }
        inDoubt = false;
        if (!r.ok) {
          refusals.push(`callNext: ${r.error.code}`);
          await sleep(50);
          continue;
        }
        if (!r.ticket) {
          await sleep(20);
          continue;
        }
        acks++;
        const d = await ask(c.socket, 'ticket:complete', { counterId }, 5_000);
        if (!d) {
          unknown++;
          inDoubt = true;
        }
        else if (d.ok) {
          completed.add(r.ticket.id);
          acks++;
        } else refusals.push(`complete: ${d.error.code}`);
      }
    });

    const started = Date.now();
    // A killed process starts again while the next round kills another one (as a supervisor
    // such as systemd would restart it); it must be up before its own next turn.
    const restarting = new Map<number, Promise<unknown>>();
    for (let round = 0; round < rounds; round++) {
      const victim = round % cluster.size;
      await restarting.get(victim);
      const before = acks;
      await cluster.kill(victim, 'SIGKILL');
      // Its clients find another process by themselves; work goes on meanwhile.
      await until(() => acks >= before + 20 && clients.every((c) => c.socket.connected), 20_000, `round ${round + 1}: work to go on after killing process ${victim + 1}`).catch(
        (e: Error) => {
          const down = clients.map((c, i) => (c.socket.connected ? null : i)).filter((i) => i !== null);
          throw new Error(`${e.message}: ${acks - before} acknowledged since, clients not connected ${JSON.stringify(down)}, ${unknown} unanswered so far, refusals ${JSON.stringify(refusals.slice(-3))}`);
        },
      );
      const up = cluster.restart(victim);
      // Awaited at its next turn or at the end; a failure must not go unhandled meanwhile.
      up.catch(() => undefined);
      restarting.set(victim, up);
    }
    await Promise.all(restarting.values());
    running = false;
    await Promise.all([...kioskLoops, ...counterLoops]);
    const ms = Date.now() - started;

    // Read back by a process started after the last kill (it knows only what the table holds).
    await cluster.kill(0, 'SIGKILL');
    const fresh = (await cluster.restart(0)).url;
    const token = await loginAt(fresh);
    const { serviceDay } = await getJson<{ serviceDay: string }>(`${fresh}/api/health`);
    const csv = await ticketsFromCsv(fresh, token, serviceDay);
    const byId = new Map(csv.map((t) => [t.id, t]));
    const lost = [...issued.entries()].filter(([id, t]) => byId.get(id)?.number !== t.number);
    expect(lost, 'acknowledged tickets missing or renumbered').toEqual([]);
    const undone = [...completed].filter((id) => byId.get(id)?.state !== 'done');
    expect(undone, 'acknowledged completions not done').toEqual([]);
    for (const s of SERVICES) {
      const seqs = csv.filter((t) => t.serviceId === s).map((t) => seqOf(t.number)).sort((a, b) => a - b);
      const from = START.get(s)!;
      expect(seqs, `${s}: numbers unique and contiguous from ${from}`).toEqual(seqs.map((_, i) => from + i));
    }
    // Tickets the table has beyond the acknowledged ones: at most one per request left unanswered by a kill.
    expect(csv.length - issued.size).toBeLessThanOrEqual(unknown);
    expect(refusals.slice(0, 5)).toEqual([]);
    const reconnects = clients.reduce((n, c) => n + c.connects - 1, 0);
    expect(reconnects, 'clients moved to another process').toBeGreaterThanOrEqual(rounds);
    expect(displayCalls).toBeGreaterThan(0);
    log(
      `[cluster kill] ${rounds} SIGKILL rounds in ${(ms / 1000).toFixed(1)} s: ${issued.size} tickets and ${acks} operations acknowledged, ` +
        `${unknown} unanswered at a kill, ${reconnects} client reconnections, ${csv.length} tickets in the table; balancer ${JSON.stringify(Object.fromEntries(cluster.balancer.handed))}`,
    );
  } finally {
    running = false;
    for (const c of clients) c.socket.close();
    await cluster.stop();
  }
}
