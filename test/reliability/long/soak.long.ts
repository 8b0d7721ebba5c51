// Soak: a compressed office day of 50,000 tickets, each issued, called and completed as fast
// as the server allows (two kiosks, twelve counters), with the server in its own process.
//
// Memory: today's tickets are held in memory by design (the engine replays the day's journal
// and answers from it), so the heap must grow with the tickets of the day — linearly, within a
// budget per ticket — and nothing else may grow: no per-request leak, no growth beyond linear.
// The heap is read after forced full collections (--expose-gc in the server process), every
// 5,000 tickets.
import { mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { IssueResult, PublicTicket, StaffSnapshot } from '../../../shared/types.js';
import { spawnMemServer, type MemChild, type MemSample } from '../../support/mem-child.js';
import { ask, connectTo, getJson, loginAt, sleep } from '../helpers.js';

const TICKETS = Number(process.env.LUOT_SOAK_TICKETS ?? 50_000);
const SAMPLE_EVERY = Math.max(1000, Math.round(TICKETS / 10));
/** The budget per ticket of the day: the engine's record, its indexes, and its share of the maps. */
const BUDGET_PER_TICKET = 4 * 1024;
const SERVICES = ['ldtbxh', 'dkkd', 'ho-tich', 'tu-phap', 'dat-dai'];
/** The demo's six counters plus six more on the same services: twelve calling at once. */
const EXTRA_COUNTERS = [
  { id: 'q7', number: 7, serviceIds: ['dat-dai'] },
  { id: 'q8', number: 8, serviceIds: ['ho-tich', 'tu-phap'] },
  { id: 'q9', number: 9, serviceIds: ['tu-phap', 'ho-tich'] },
  { id: 'q10', number: 10, serviceIds: ['dkkd', 'ldtbxh'] },
  { id: 'q11', number: 11, serviceIds: ['ldtbxh', 'dkkd'] },
  { id: 'q12', number: 12, serviceIds: ['dat-dai', 'ho-tich'] },
];
const COUNTERS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', ...EXTRA_COUNTERS.map((c) => c.id)];

let server: MemChild | null = null;
let dataDir = '';
afterAll(async () => {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return num / den;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

describe(`soak: a day of ${TICKETS.toLocaleString('en')} tickets`, () => {
  it('serves them all without an error, with memory linear in the day’s tickets and within budget', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'luot-soak-'));
    server = await spawnMemServer(dataDir);
    const url = server.url;
    const admin = await loginAt(url);
    for (const c of EXTRA_COUNTERS) {
      const res = await fetch(`${url}/api/counters`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ ...c, label: { vi: `Quầy ${c.number}`, en: `Counter ${c.number}` } }),
      });
      expect(res.status, await res.text()).toBe(201);
    }
    // Few sockets: every event is pushed to every socket of a namespace, and the decoding of
    // those pushes would otherwise be what this process spends its time on.
    const kiosks = await Promise.all([0, 1].map(() => connectTo(url, '/kiosk')));
    const staff = await Promise.all([0, 1].map(() => connectTo(url, '/counter', { token: admin })));
    for (const [i, c] of COUNTERS.entries()) expect((await ask(staff[i % 2]!, 'counter:open', { counterId: c }))?.ok, c).toBe(true);

    const samples: (MemSample & { tickets: number; done: number })[] = [];
    const baseline = await server.mem();
    let issued = 0;
    let done = 0;
    const errors: string[] = [];
    let issuingDone = false;
    const started = Date.now();

    const issuing = (async () => {
      let n = 0;
      while (issued < TICKETS) {
        const batch = Math.min(500, TICKETS - issued);
        const results = await Promise.all(
          Array.from({ length: batch }, () => {
            const i = n++;
            // A request id per tap, as the kiosk app sends: they are kept for the day too.
            return ask<IssueResult>(kiosks[i % kiosks.length]!, 'ticket:issue', { serviceId: SERVICES[i % SERVICES.length], requestId: `soak-tap-${i}` }, 60_000);
          }),
        );
        for (const r of results) if (!r?.ok) errors.push(`issue: ${JSON.stringify(r)}`);
        issued += batch;
        if (errors.length) return;
        if (issued % SAMPLE_EVERY === 0) {
          // Sampled with every ticket so far finished, so each sample holds tickets in one state.
          while (done < issued && !errors.length) await sleep(5);
          samples.push({ ...(await server!.mem()), tickets: issued, done });
        }
        // Keep the queues short: the day is compressed, not a backlog.
        while (issued - done > 2_000 && !errors.length) await sleep(5);
      }
      issuingDone = true;
    })();

    const calling = COUNTERS.map(async (counterId, i) => {
      const s: Socket = staff[i % 2]!;
      for (;;) {
        const r = await ask<{ ticket: PublicTicket | null }>(s, 'ticket:callNext', { counterId }, 60_000);
        if (!r?.ok) {
          errors.push(`${counterId} callNext: ${JSON.stringify(r)}`);
          return;
        }
        if (!r.ticket) {
          if (issuingDone || errors.length) return;
          await sleep(3);
          continue;
        }
        const c = await ask(s, 'ticket:complete', { counterId, fileCode: `HS-${r.ticket.number}` }, 60_000);
        if (!c?.ok) {
          errors.push(`${counterId} complete: ${JSON.stringify(c)}`);
          return;
        }
        done++;
      }
    });
    await issuing;
    await Promise.all(calling);
    const ms = Date.now() - started;
    const end = await server.mem();
    if (samples.at(-1)?.tickets !== TICKETS) samples.push({ ...end, tickets: issued, done });

    expect(errors.slice(0, 5)).toEqual([]);
    expect(issued).toBe(TICKETS);
    expect(done).toBe(TICKETS);
    const snap = await ask<{ snapshot: StaffSnapshot }>(staff[0]!, 'snapshot:get', {});
    if (!snap?.ok) throw new Error('snapshot');
    for (const list of Object.values(snap.snapshot.waiting)) expect(list).toEqual([]);
    const health = await getJson<{ ok: boolean; rev: number }>(`${url}/api/health`);
    expect(health.ok).toBe(true);
    for (const s of [...kiosks, ...staff]) s.close();

    // Figures.
    const journalDir = join(dataDir, 'journal');
    let journalBytes = 0;
    for (const f of await readdir(journalDir)) journalBytes += (await stat(join(journalDir, f))).size;
    const after = samples.filter((s) => s.tickets >= SAMPLE_EVERY);
    const points = after.map((s): [number, number] => [s.tickets, s.heapUsed]);
    const perTicket = slope(points);
    const half = Math.floor(points.length / 2);
    const early = slope(points.slice(0, half + 1));
    const late = slope(points.slice(half));
    const table = samples.map((s) => `${String(s.tickets).padStart(6)} tickets: heap ${mb(s.heapUsed)}, rss ${mb(s.vmRss ?? s.rss)}`).join('\n  ');
    console.log(
      `[soak] ${TICKETS} tickets issued, called, completed in ${Math.round(ms / 1000)} s (${Math.round((TICKETS * 3) / (ms / 1000))} operations/s); gc exposed: ${end.gc}\n` +
        `  baseline: heap ${mb(baseline.heapUsed)}, rss ${mb(baseline.vmRss ?? baseline.rss)}\n  ${table}\n` +
        `  heap per ticket of the day: ${Math.round(perTicket)} B (first half ${Math.round(early)} B, second half ${Math.round(late)} B); ` +
        `heap at the end − baseline: ${mb(end.heapUsed - baseline.heapUsed)} = ${Math.round((end.heapUsed - baseline.heapUsed) / TICKETS)} B/ticket; ` +
        `journal ${mb(journalBytes)} = ${Math.round(journalBytes / TICKETS)} B/ticket; rss at the end ${mb(end.vmRss ?? end.rss)}`,
    );
    expect(end.gc, 'the server process must run with --expose-gc for these figures').toBe(true);
    expect(stderrErrors(server.stderr())).toEqual([]);
    // Within the budget per ticket, at the end and in the growth.
    expect(perTicket).toBeLessThan(BUDGET_PER_TICKET);
    expect((end.heapUsed - baseline.heapUsed) / TICKETS).toBeLessThan(BUDGET_PER_TICKET);
    // Linear, not worse: the second half of the day costs no more per ticket than the first.
    expect(late).toBeLessThan(early * 1.5 + 256);
    // And the process as the OS sees it stays in proportion.
    expect(end.vmRss ?? end.rss).toBeLessThan(baseline.rss + TICKETS * BUDGET_PER_TICKET * 2 + 150 * 1024 * 1024);
  }, 900_000);
});

/** Error-level log lines of the server (pino JSON at level ≥ 50). */
function stderrErrors(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => {
      try {
        return (JSON.parse(l) as { level?: number }).level! >= 50;
      } catch {
        return false;
      }
    })
    .slice(0, 5);
}
