// The counter app's data wrapper (counter/staff-client.ts) against a real server: a press whose
// answer is lost after the server acted is retried with the same requestId and gets the first
// answer; after the automatic retries the next press of the same button retries it again; an
// answer that says what happened is never retried, and the press after it is a new one.
import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_PAUSES_MS, StaffClient } from '../../counter/staff-client.js';
import type { Result } from '../../shared/errors.js';
import type { IssueResult } from '../../shared/types.js';
import { request, startTestServer, type TestServer } from '../support/server.js';

const NO_ANSWER = { ok: false, error: { code: 'internal', message: 'Không nhận được phản hồi', messageEn: 'No answer from the server' } };

/** Every request the client sends, and how many answers to lose (after the server has acted). */
function loseAnswers(client: StaffClient): { sent: { event: string; payload: Record<string, unknown> }[]; lose: number } {
  const live = client.live;
  const real = live.request.bind(live);
  const tap = { sent: [] as { event: string; payload: Record<string, unknown> }[], lose: 0 };
  live.request = (async (event: string, payload: Record<string, unknown>, timeoutMs?: number) => {
    tap.sent.push({ event, payload });
    const r = await real<Result<object>>(event, payload, timeoutMs);
    if (tap.lose > 0) {
      tap.lose--;
      return NO_ANSWER;
    }
    return r;
  }) as typeof live.request;
  return tap;
}

describe('the counter app retrying a press', () => {
  let server: TestServer;
  let client: StaffClient | null = null;
  afterEach(async () => {
    client?.close();
    await server?.stop();
  });

  it('gets the first answer with the same requestId, and never calls a second ticket', async () => {
    server = await startTestServer();
    const kiosk = await server.connect('/kiosk');
    for (let i = 0; i < 3; i++) expect((await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'dat-dai' })).ok).toBe(true);
    client = new StaffClient(await server.staff('minh', 'staff'), server.url);
    await expect.poll(() => client!.connected && client!.state !== null).toBe(true);
    const tap = loseAnswers(client);
    expect(await client.openCounter('q2')).toEqual({ ok: true });

    // The answer to the first try is lost: retried at once, answered with the ticket it called.
    tap.sent.length = 0;
    tap.lose = 1;
    expect(await client.callNext('q2')).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    expect(tap.sent.map((s) => s.event)).toEqual(['ticket:callNext', 'ticket:callNext']);
    const [a, b] = tap.sent.map((s) => s.payload.requestId);
    expect(typeof a === 'string' && a.length >= 8 && a === b).toBe(true);

    // Every answer lost: the error is shown after the automatic retries; the next press of the
    // same button sends the same requestId and gets the ticket the first press completed.
    tap.sent.length = 0;
    tap.lose = RETRY_PAUSES_MS.length + 1;
    expect(await client.complete('q2', 'hs-2026-001')).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(tap.sent).toHaveLength(RETRY_PAUSES_MS.length + 1);
    expect(await client.complete('q2', 'hs-2026-001')).toMatchObject({ ok: true, ticket: { number: 'A001', state: 'done' } });
    expect(new Set(tap.sent.map((s) => s.payload.requestId)).size).toBe(1);

    // The press after an answer is a new one: the next ticket.
    tap.sent.length = 0;
    expect(await client.callNext('q2')).toMatchObject({ ok: true, ticket: { number: 'A002' } });
    expect(tap.sent[0]!.payload.requestId).not.toBe(a);
    // A refusal says what happened: shown at once, not retried.
    tap.sent.length = 0;
    expect(await client.resume('q2')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(tap.sent).toHaveLength(1);

    // Two tickets called in all, as the clerk pressed: A003 still waits.
    await expect.poll(() => client!.state?.waiting['dat-dai']?.map((t) => t.number)).toEqual(['A003']);
  });
});
