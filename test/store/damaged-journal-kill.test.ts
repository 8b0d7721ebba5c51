// The repair of a damaged journal survives power cuts of its own: a server in a child process
// starts on a big damaged day and is killed with SIGKILL during its start (aimed at each step of
// setting the damaged lines aside and rewriting the day, then at random), round after round.
// The last start must still find every undamaged line, report the damage once, and continue
// numbering above the damaged line's number.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { DiskStatus, IssueResult, TicketView } from '../../shared/types.js';
import { root } from '../support/browser.js';
import { spawnServer } from '../support/child.js';

const ROUNDS = Number(process.env.LUOT_REPAIR_KILL_ROUNDS ?? 4);
const TICKETS = 20_000;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('SIGKILL during the repair of a damaged journal', () => {
  it(`${ROUNDS} kills aimed at each step of the repair, then at random, then a start that serves`, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'luot-repair-kill-'));
    dirs.push(dataDir);
    const first = await spawnServer(dataDir);
    await first.kill('SIGTERM');
    const journal = join(dataDir, 'journal');
    const [file] = (await readdir(journal)).filter((f) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(f));
    const path = join(journal, file!);
    const opened = (await readFile(path, 'utf8')).trim().split('\n').at(-1)!;
    const { rev, at } = JSON.parse(opened) as { rev: number; at: string };
    // A busy day: 20,000 tickets of one service, then a counter opening and closing.
    const lines = [opened];
    for (let i = 1; i <= TICKETS; i++) {
      const ticket = { id: `kill-${i}`, token: `tok-kill-${i}`, serviceId: 'ho-tich', seq: i, number: `B${String(i).padStart(3, '0')}`, priority: null, requestId: null };
      lines.push(JSON.stringify({ type: 'ticket:issued', ticket, rev: rev + i, at }));
    }
    lines.push(JSON.stringify({ type: 'counter:opened', counterId: 'q3', userId: 'u', staffName: 'Cán bộ', rev: rev + TICKETS + 1, at }));
    lines.push(JSON.stringify({ type: 'counter:closed', counterId: 'q3', rev: rev + TICKETS + 2, at }));
    // Damaged: a line in the middle, and the highest number's line (its seq still readable).
    const middle = TICKETS / 2;
    for (const i of [middle, TICKETS]) lines[i] = '#@!%' + lines[i]!.slice(12);
    await writeFile(path, lines.join('\n') + '\n');

    // The first kills are aimed: the moment the journal folder shows the repair's first step
    // (the damaged lines' temp file), its second (that file in place), its third (the day's
    // temp file). Then kills at random moments. Where each landed is read back from the files.
    const aims: (RegExp | null)[] = [/\.damaged\.jsonl\.\d+\.\d+\.tmp$/, /^\d{4}-\d{2}-\d{2}\.damaged\.jsonl$/, /^\.\d{4}-\d{2}-\d{2}\.jsonl\.\d+\.\d+\.tmp$/];
    while (aims.length < ROUNDS) aims.push(null);
    const landed: string[] = [];
    for (const aim of aims) {
      const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/child-server.ts')], {
        cwd: root,
        env: { ...process.env, LUOT_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'fatal' },
        stdio: 'ignore',
      });
      const exited = once(proc, 'exit');
      const kill = () => proc.kill('SIGKILL');
      const watcher = aim ? watch(journal, (_e, name) => name && aim.test(name) && kill()) : null;
      const timer = setTimeout(kill, aim ? 10_000 : 300 + Math.random() * 2500);
      await exited;
      clearTimeout(timer);
      watcher?.close();
      const aside = await readFile(join(journal, file!.replace('.jsonl', '.damaged.jsonl')), 'utf8').catch(() => '');
      const main = await readFile(path, 'utf8');
      landed.push(!aside ? 'nothing set aside yet' : main.includes('#@!%') ? 'set aside, day not yet rewritten' : 'repaired');
    }
    console.log(`repair kills landed: ${landed.join(' · ')}`);

    const child = await spawnServer(dataDir);
    try {
      const health = (await (await fetch(`${child.url}/api/health`)).json()) as { disk: DiskStatus };
      expect(health.disk.status).toBe('ok');
      expect(health.disk.damage?.lines.slice().sort((a, b) => a - b)).toEqual([middle + 1, TICKETS + 1]);
      for (const i of [1, middle - 1, middle + 1, TICKETS - 1]) {
        const r = (await (await fetch(`${child.url}/api/tickets/tok-kill-${i}`)).json()) as Result<TicketView>;
        expect(r.ok, `ticket ${i} lost (kills: ${landed.join(', ')})`).toBe(true);
      }
      const kiosk = io(`${child.url}/kiosk`, { transports: ['websocket'], reconnection: false, forceNew: true });
      const r = (await kiosk.timeout(10_000).emitWithAck('ticket:issue', { serviceId: 'ho-tich' })) as Result<IssueResult>;
      kiosk.close();
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.ticket.number).toBe(`B${TICKETS + 1}`);
    } finally {
      await child.kill('SIGTERM');
    }
    const aside = (await readFile(join(journal, file!.replace('.jsonl', '.damaged.jsonl')), 'utf8')).split('\n').filter(Boolean);
    expect(aside.map((l) => (JSON.parse(l) as { line: number }).line)).toEqual([middle + 1, TICKETS + 1]);
    for (const l of (await readFile(path, 'utf8')).split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
  }, 120_000);
});
