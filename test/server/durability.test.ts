// Power cuts: a server in a child process is killed with SIGKILL under load, many times over
// one data folder. Everything acknowledged must be there after each restart, and no number
// may ever be issued twice.
import { mkdtemp, readFile, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult, LoginResult, PublicTicket, TicketView } from '../../shared/types.js';
import { spawnServer, type Child } from '../support/child.js';

const ROUNDS = Number(process.env.LUOT_KILL_ROUNDS ?? 8);
const SERVICES = ['tu-phap', 'ho-tich', 'dat-dai'];
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'luot-kill-'));
  dirs.push(d);
  return d;
}

function connect(url: string, nsp: string, auth: object = {}): Promise<Socket> {
  const s = io(`${url}${nsp}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'mat-khau-quan-tri' }),
  });
  const body = (await res.json()) as Result<LoginResult>;
  if (!body.ok) throw new Error(body.error.message);
  return body.token;
}

async function ask<T>(s: Socket, event: string, payload: unknown): Promise<Result<T> | null> {
  if (!s.connected) return null;
  try {
    return (await s.timeout(1500).emitWithAck(event, payload)) as Result<T>;
  } catch {
    return null;
  }
}

interface Acked {
  token: string;
  number: string;
  serviceId: string;
  called: boolean;
}

describe('SIGKILL during issuing and calling', () => {
  it(`loses nothing acknowledged and never reuses a number over ${ROUNDS} kills`, async () => {
    const dataDir = await tempDir();
    const acked = new Map<string, Acked>();
    const byId = new Map<string, Acked>();
    let child: Child | null = null;

    for (let round = 0; round < ROUNDS; round++) {
      child = await spawnServer(dataDir);
      const url = child.url;

      // Everything acknowledged before this restart is still there, as it was acknowledged.
      for (const a of acked.values()) {
        const r = (await (await fetch(`${url}/api/tickets/${a.token}`)).json()) as Result<TicketView>;
        expect(r.ok, `ticket ${a.number} lost after kill ${round}`).toBe(true);
        if (!r.ok) continue;
        expect(r.ticket.number).toBe(a.number);
        expect(r.ticket.serviceId).toBe(a.serviceId);
        if (a.called) expect(r.ticket.state).not.toBe('waiting');
      }

      const token = await login(url);
      const kiosks = await Promise.all([0, 1, 2].map(() => connect(url, '/kiosk')));
      const counter = await connect(url, '/counter', { token });
      let stop = false;
      const issuing = kiosks.map(async (k, i) => {
        let n = 0;
        while (!stop && k.connected) {
          const serviceId = SERVICES[(i + n++) % SERVICES.length]!;
          const r = await ask<IssueResult>(k, 'ticket:issue', { serviceId, requestId: `r${round}-${i}-${n}-${Math.random()}` });
          if (r?.ok) {
            const a = { token: r.ticket.token, number: r.ticket.number, serviceId, called: false };
            acked.set(r.ticket.token, a);
            byId.set(r.ticket.id, a);
          }
        }
      });
      const calling = (async () => {
        await ask(counter, 'counter:open', { counterId: 'q3' });
        while (!stop && counter.connected) {
          const r = await ask<{ ticket: PublicTicket | null }>(counter, 'ticket:callNext', { counterId: 'q3' });
          if (r?.ok && r.ticket) {
            const a = byId.get(r.ticket.id);
            if (a) a.called = true;
            await ask(counter, 'ticket:complete', { counterId: 'q3' });
          } else if (r && !r.ok && r.error.code === 'conflict') {
            await ask(counter, 'ticket:complete', { counterId: 'q3' });
          }
        }
      })();

      await new Promise((r) => setTimeout(r, 150 + Math.random() * 350));
      await child.kill('SIGKILL');
      stop = true;
      for (const s of [...kiosks, counter]) s.close();
      await Promise.all([...issuing, calling]);
    }

    // A last start: every number issued today appears exactly once in the journal.
    child = await spawnServer(dataDir);
    const token = await login(child.url);
    const { serviceDay } = (await (await fetch(`${child.url}/api/health`)).json()) as { serviceDay: string };
    const res = await fetch(`${child.url}/api/reports/tickets.csv?from=${serviceDay}&to=${serviceDay}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const csv = bytes.toString('utf8');
    await child.kill('SIGTERM');
    const journal = await readdir(join(dataDir, 'journal'));
    const issued = new Map<string, string[]>();
    for (const f of journal) {
      for (const line of (await readFile(join(dataDir, 'journal', f), 'utf8')).split('\n')) {
        if (!line) continue;
        const e = JSON.parse(line) as { type: string; ticket?: { serviceId: string; number: string } };
        if (e.type === 'ticket:issued') {
          const list = issued.get(e.ticket!.serviceId) ?? [];
          list.push(e.ticket!.number);
          issued.set(e.ticket!.serviceId, list);
        }
      }
    }
    expect(acked.size).toBeGreaterThan(ROUNDS * 5);
    for (const [service, numbers] of issued) {
      expect(new Set(numbers).size, `duplicate number in ${service}`).toBe(numbers.length);
    }
    for (const a of acked.values()) expect(issued.get(a.serviceId)).toContain(a.number);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.split('\r\n').filter(Boolean).length - 1).toBe([...issued.values()].reduce((n, l) => n + l.length, 0));
  }, 240_000);
});

describe('a torn journal', () => {
  it('drops a torn last line with a warning, serves, and appends on a clean line', async () => {
    const dataDir = await tempDir();
    let child = await spawnServer(dataDir);
    const k = await connect(child.url, '/kiosk');
    const first = await ask<IssueResult>(k, 'ticket:issue', { serviceId: 'ho-tich' });
    expect(first?.ok).toBe(true);
    k.close();
    await child.kill('SIGKILL');

    const [file] = (await readdir(join(dataDir, 'journal'))).filter((f) => f.endsWith('.jsonl'));
    const path = join(dataDir, 'journal', file!);
    const before = await readFile(path, 'utf8');
    const lastRev = Number(/"rev":(\d+)/.exec(before.trim().split('\n').pop()!)![1]);
    // Half an event, as a power cut in the middle of a write leaves it.
    await appendFile(path, `{"type":"ticket:issued","ticket":{"id":"x","token":"torn","serviceId":"ho-tich","seq":2,"num`);

    child = await spawnServer(dataDir, { LOG_LEVEL: 'warn' });
    const k2 = await connect(child.url, '/kiosk');
    const second = await ask<IssueResult>(k2, 'ticket:issue', { serviceId: 'ho-tich' });
    k2.close();
    await child.kill('SIGTERM');
    expect(child.stderr()).toContain('torn last line dropped');
    expect(second?.ok).toBe(true);
    if (!second?.ok || !first?.ok) return;
    expect(first.ticket.number).toBe('B001');
    expect(second.ticket.number).toBe('B002');
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    const events = lines.map((l) => JSON.parse(l) as { rev: number });
    expect(events.map((e) => e.rev)).toEqual(events.map((_, i) => events[0]!.rev + i));
    expect(events.at(-1)!.rev).toBe(lastRev + 1);
  }, 60_000);

  it('a journal of nothing but a torn line still starts', async () => {
    const dataDir = await tempDir();
    const child0 = await spawnServer(dataDir);
    await child0.kill('SIGTERM');
    const dir = join(dataDir, 'journal');
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), '{"rev":1,"at":"2026-');
    const child = await spawnServer(dataDir);
    const health = (await (await fetch(`${child.url}/api/health`)).json()) as { ok: boolean; rev: number };
    await child.kill('SIGTERM');
    expect(health.ok).toBe(true);
    expect(health.rev).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
