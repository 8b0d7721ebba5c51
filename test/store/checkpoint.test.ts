// The checkpoint written at a clean stop (server/store/checkpoint.ts): a restart takes it and
// replays only the journal lines after it, and must end in exactly the state a replay of the
// whole day gives. Whatever does not match — a changed byte in the part it covers, a damaged
// checkpoint, a damaged line after it — is ignored and the day replays whole, as before.
import { mkdtemp, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { engineConfig } from '../../server/office.js';
import { QueueEngine } from '../../server/queue/engine.js';
import { LazyTicketMap, unpackState } from '../../server/queue/state-codec.js';
import { ConfigStore } from '../../server/store/config.js';
import { Journal } from '../../server/store/journal.js';
import { replayLines } from '../../server/store/replay.js';
import { act, issueOn } from '../http/helpers.js';
import { spawnServer } from '../support/child.js';
import { startTestServer, type TestServer } from '../support/server.js';

const silent = { warn: () => undefined, error: () => undefined };
let dirs: string[] = [];
let servers: TestServer[] = [];

afterEach(async () => {
  for (const s of servers) await s.stop().catch(() => undefined);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  servers = [];
  dirs = [];
});

/** A server on `dataDir` whose log lines are kept, to read what its start did. */
async function start(dataDir: string): Promise<{ server: TestServer; replayed: { replayed: number; fromCheckpoint: number } }> {
  const lines: string[] = [];
  const server = await startTestServer({ dataDir, log: pino({ level: 'info' }, { write: (s: string) => void lines.push(s) }) });
  servers.push(server);
  const msg = lines.map((l) => JSON.parse(l) as { msg: string; replayed: number; fromCheckpoint: number }).find((m) => m.msg === 'journal replayed')!;
  return { server, replayed: { replayed: msg.replayed, fromCheckpoint: msg.fromCheckpoint } };
}

async function stop(server: TestServer): Promise<void> {
  servers = servers.filter((s) => s !== server);
  await server.stop();
}

/** The state a fresh engine reaches by replaying the newest day's whole file, line by line. */
async function fullReplay(dataDir: string): Promise<QueueEngine> {
  const { store } = await ConfigStore.open(dataDir, () => Promise.reject(new Error('no config')));
  const engine = new QueueEngine(engineConfig(store.data), { now: () => new Date(), newId: () => 'x', newToken: () => 'y' });
  const loaded = await new Journal(join(dataDir, 'journal'), silent).loadLatest();
  replayLines(engine, loaded!.day, loaded!.buf, loaded!.lines);
  return engine;
}

type Day = { waiting: Map<string, Set<string>>; queues?: Map<string, unknown[]>; counters: Map<string, Record<string, unknown>> };
const IDLE = { status: 'closed', userId: null, staffName: null, currentTicketId: null, pausedReason: null, since: null, normalsSincePriority: 0, lastFinishedTicketId: null, lastFinishedMs: null };

/**
 * Everything the engine holds of the day, and what staff see of it. Reads make entries on
 * demand (a service's empty waiting set, a closed counter's runtime) that no replay makes:
 * the same as absent to the engine, so they are left out on both sides.
 */
function stateOf(e: QueueEngine) {
  const staff = e.staffSnapshot();
  const state = unpackState(e.exportState()) as unknown as { day: Day };
  const d = state.day;
  for (const [k, v] of d.waiting) if (v.size === 0) d.waiting.delete(k);
  for (const [k, v] of d.queues ?? []) if (v.length === 0) d.queues!.delete(k);
  for (const [k, v] of d.counters) if (JSON.stringify(v) === JSON.stringify(IDLE)) d.counters.delete(k);
  return { state, staff };
}

/** The state kept in the checkpoint file. */
async function checkpointState(dataDir: string): Promise<unknown> {
  const bytes = await readFile(join(dataDir, 'cache', 'checkpoint.bin'));
  return unpackState(bytes.subarray(bytes.indexOf(0x0a) + 1));
}

async function dayFile(dataDir: string): Promise<string> {
  const { readdir } = await import('node:fs/promises');
  const f = (await readdir(join(dataDir, 'journal'))).filter((n) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(n)).sort().pop()!;
  return join(dataDir, 'journal', f);
}

const lineCount = async (file: string) => (await readFile(file, 'utf8')).split('\n').length - 1;

/** A busy first run: tickets of three services, some called, served, transferred, then a clean stop. */
async function busyDay(): Promise<{ dataDir: string; lines: number; numbers: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'luot-checkpoint-'));
  dirs.push(dataDir);
  const { server } = await start(dataDir);
  const kiosk = await server.connect('/kiosk');
  const counter = await server.connect('/counter', { token: await server.staff('canbo1') });
  const numbers: string[] = [];
  for (let i = 0; i < 30; i++) numbers.push((await issueOn(kiosk, ['tu-phap', 'dat-dai', 'ho-tich'][i % 3]!)).ticket.number);
  await act(counter, 'counter:open', { counterId: 'q1' });
  for (let i = 0; i < 4; i++) {
    await act(counter, 'ticket:callNext', { counterId: 'q1' });
    await act(counter, 'ticket:complete', { counterId: 'q1' });
  }
  await act(counter, 'ticket:callNext', { counterId: 'q1' });
  const file = await dayFile(dataDir);
  await stop(server);
  return { dataDir, lines: await lineCount(file), numbers };
}

describe('checkpoint of the day at a clean stop', () => {
  it('a restart takes it, replays only what follows, and holds exactly the state of a whole replay', async () => {
    const { dataDir, lines } = await busyDay();
    expect((await stat(join(dataDir, 'cache', 'checkpoint.bin'))).size).toBeGreaterThan(0);

    const { server, replayed } = await start(dataDir);
    expect(replayed).toEqual({ replayed: lines, fromCheckpoint: lines });
    expect(stateOf(server.office.engine)).toStrictEqual(stateOf(await fullReplay(dataDir)));

    // It goes on from there like any start: numbers continue, and the next checkpoint (built
    // from the file, on top of this one) is again exactly a whole replay.
    const kiosk = await server.connect('/kiosk');
    expect((await issueOn(kiosk, 'tu-phap')).ticket.number).toBe('1011');
    expect(await server.office.disk.checkpoint()).toBe(true);
    expect(await checkpointState(dataDir)).toStrictEqual(unpackState((await fullReplay(dataDir)).exportState()));
  });

  it('a restart from it serves kiosks, displays and counters without making every ticket of the day', async () => {
    const { dataDir } = await busyDay();
    const { server, replayed } = await start(dataDir);
    expect(replayed.fromCheckpoint).toBeGreaterThan(0);
    const kiosk = await server.connect('/kiosk');
    await server.connect('/display');
    const counter = await server.connect('/counter', { token: await server.staff('canbo2') });
    expect((await issueOn(kiosk, 'dat-dai')).ticket.number).toBe('A011');
    await act(counter, 'counter:open', { counterId: 'q2' });
    await act(counter, 'ticket:callNext', { counterId: 'q2' });
    // What a restart must do before its first ack touches a few tickets, not the whole day.
    const tickets = (server.office.engine as unknown as { state: { day: { tickets: unknown } } }).state.day.tickets;
    expect(tickets).toBeInstanceOf(LazyTicketMap);
    expect((tickets as LazyTicketMap).complete).toBe(false);
    // Reports of today walk them all, and then see every one.
    expect([...server.office.engine.tickets()]).toHaveLength(31);
    expect((tickets as LazyTicketMap).complete).toBe(true);
  });

  it('after a crash past it (SIGKILL), the checkpoint still covers its prefix and the longer tail replays', async () => {
    const { dataDir, lines } = await busyDay();
    const child = await spawnServer(dataDir);
    const { io } = await import('socket.io-client');
    const kiosk = io(`${child.url}/kiosk`, { transports: ['websocket'], forceNew: true, reconnection: false });
    for (let i = 0; i < 5; i++) await issueOn(kiosk, 'dat-dai');
    kiosk.close();
    await child.kill('SIGKILL');

    const file = await dayFile(dataDir);
    const { server, replayed } = await start(dataDir);
    expect(replayed).toEqual({ replayed: await lineCount(file), fromCheckpoint: lines });
    expect(stateOf(server.office.engine)).toStrictEqual(stateOf(await fullReplay(dataDir)));
    const kiosk2 = await server.connect('/kiosk');
    expect((await issueOn(kiosk2, 'dat-dai')).ticket.number).toBe('A016');
  });

  it('is ignored when a byte of the journal part it covers changed: the day replays whole, from the file', async () => {
    const { dataDir, numbers } = await busyDay();
    const file = await dayFile(dataDir);
    const text = await readFile(file, 'utf8');
    // Still a valid line, only another number: nothing but the check can notice it.
    const changed = text.replace(`"number":"${numbers[3]}"`, '"number":"9999"');
    expect(changed).not.toBe(text);
    await writeFile(file, changed);

    const { server, replayed } = await start(dataDir);
    expect(replayed.fromCheckpoint).toBe(0);
    expect([...server.office.engine.tickets()].map((t) => t.number)).toContain('9999');
    expect(stateOf(server.office.engine)).toStrictEqual(stateOf(await fullReplay(dataDir)));
  });

  it('is ignored when the checkpoint itself is damaged', async () => {
    const { dataDir, lines } = await busyDay();
    const cp = join(dataDir, 'cache', 'checkpoint.bin');
    const bytes = await readFile(cp);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    await writeFile(cp, bytes);

    const { server, replayed } = await start(dataDir);
    expect(replayed).toEqual({ replayed: lines, fromCheckpoint: 0 });
    expect(stateOf(server.office.engine)).toStrictEqual(stateOf(await fullReplay(dataDir)));
  });

  it('a damaged line after it: the whole day replays and the line is set aside, as without a checkpoint', async () => {
    const { dataDir, lines } = await busyDay();
    const file = await dayFile(dataDir);
    await appendFile(file, '{"type":"ticket:called","rev":\u0000\u0000garbage\n');

    const { server, replayed } = await start(dataDir);
    expect(replayed).toEqual({ replayed: lines, fromCheckpoint: 0 });
    expect(server.office.disk.status.damage?.lines).toEqual([lines + 1]);
    expect(await lineCount(file)).toBe(lines);
    expect(stateOf(server.office.engine)).toStrictEqual(stateOf(await fullReplay(dataDir)));
  });
});
