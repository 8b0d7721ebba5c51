// Shutting down while the disk fails: the journal's last events may not be on disk, and the
// log must say so (it used to be swallowed), without the shutdown itself throwing or hanging.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import type { IssueResult } from '../../shared/types.js';
import { FaultyFs } from '../support/faulty-fs.js';
import { request, startTestServer } from '../support/server.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

interface LogLine {
  level: number;
  msg: string;
  err?: { message?: string };
}

async function serverWithLog() {
  const dataDir = await mkdtemp(join(tmpdir(), 'luot-shutdown-'));
  dirs.push(dataDir);
  const lines: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  const fs = new FaultyFs();
  // A long retry: the disk stays failed until the shutdown.
  const server = await startTestServer({ dataDir, journalFs: fs.ops, log, diskRetryMs: 60_000 });
  return { server, fs, lines };
}

const flushErrors = (lines: LogLine[]) => lines.filter((l) => l.level >= 50 && /flush failed at shutdown/.test(l.msg));

it('logs a journal flush failure at shutdown instead of swallowing it', async () => {
  const { server, fs, lines } = await serverWithLog();
  const kiosk = await server.connect('/kiosk');
  fs.mode = 'eio';
  const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
  expect(r.ok).toBe(false);
  await server.stop();
  const logged = flushErrors(lines);
  expect(logged).toHaveLength(1);
  expect(logged[0]!.err?.message).toContain('EIO');
});

it('a clean shutdown logs no flush error', async () => {
  const { server, lines } = await serverWithLog();
  const kiosk = await server.connect('/kiosk');
  const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
  expect(r.ok).toBe(true);
  await server.stop();
  expect(flushErrors(lines)).toHaveLength(0);
});
