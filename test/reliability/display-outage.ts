// A wall display behind a line that stalls and then drops, while the counters keep working.
// Shared by the default suite (short stall) and the long suite (30 s stall).
//
// The display is the real client code (shared/client/display-feed.ts over live.ts) running in
// Node through a proxy that can cut the line. A second display connected directly to the server
// is the reference: it sees every `called` event with its rev.
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { DisplayFeed } from '../../shared/client/display-feed.js';
import type { CalledEvent, IssueResult, PublicTicket, Snapshot } from '../../shared/types.js';
import { startTestServer } from '../support/server.js';
import { StallingProxy } from '../support/tcp-proxy.js';
import { must, sleep, until } from './helpers.js';

export interface OutageFigures {
  stallMs: number;
  reconnectMs: number;
  callsBefore: number;
  callsDuring: number;
  callsAfter: number;
  announced: number;
  proxyConnections: number;
}

/**
 * Everything in a snapshot a display shows, with each recent call reduced to the call itself.
 * The server fills `recentCalls[].ticket` with the ticket as it is now (done, transferred…);
 * a live display keeps it as it was announced. That difference is by design of LiveState (it
 * only learns of calls through `called`), so the comparison takes the call's identity: which
 * ticket, which number, which counter, when, and whether it was a recall.
 */
export function comparable(s: Snapshot) {
  return {
    ...s,
    recentCalls: s.recentCalls.map((r) => ({ id: r.ticket.id, number: r.ticket.number, counterId: r.counterId, at: r.at, recall: r.recall })),
  };
}

export async function runDisplayOutage(stallMs: number): Promise<OutageFigures> {
  const server = await startTestServer();
  const proxy = await StallingProxy.start(server.port);
  const feed = new DisplayFeed({ url: proxy.url });
  const announced: CalledEvent[] = [];
  feed.onAnnounce((c) => announced.push(c));
  const sockets: Socket[] = [];
  try {
    await until(() => feed.connected && feed.state !== null, 15_000, 'the display to connect through the proxy');
    const reference = await server.connect('/display');
    const calledRevs: number[] = [];
    reference.on('called', (c: CalledEvent) => calledRevs.push(c.rev));
    const kiosk = await server.connect('/kiosk');
    const counter = await server.connect('/counter', { token: await server.login() });
    sockets.push(reference, kiosk, counter);
    const counters = ['q3', 'q4', 'q5'];
    for (const counterId of counters) await must(counter, 'counter:open', { counterId });

    const issue = async (n: number) => {
      const services = ['ho-tich', 'tu-phap', 'dkkd', 'ldtbxh'];
      for (let i = 0; i < n; i++) await must<IssueResult>(kiosk, 'ticket:issue', { serviceId: services[i % services.length] });
    };
    const serverRev = async () => ((await server.api<{ rev: number }>('GET', '/api/health')).body as { rev: number }).rev;
    const inSync = async () => feed.connected && feed.state !== null && feed.state.rev === (await serverRev());

    /** A mixed stretch of counter work: calls, recalls, starts, completions, no-shows, transfers, cancels. */
    let step = 0;
    const work = async (calls: number) => {
      let made = 0;
      while (made < calls) {
        const counterId = counters[step % counters.length]!;
        const s = step++;
        const r = await must<{ ticket: PublicTicket | null }>(counter, 'ticket:callNext', { counterId });
        if (!r.ticket) {
          await issue(4);
          continue;
        }
        made++;
        if (s % 5 === 1) {
          await must(counter, 'ticket:recall', { counterId });
          made++;
        }
        if (s % 7 === 3) await must(counter, 'ticket:noShow', { counterId });
        else if (s % 11 === 5) await must(counter, 'ticket:transfer', { counterId, toServiceId: 'dkkd' });
        else if (s % 13 === 6) await must(counter, 'ticket:cancel', { ticketId: r.ticket.id });
        else {
          if (s % 2 === 0) await must(counter, 'ticket:start', { counterId });
          await must(counter, 'ticket:complete', { counterId, fileCode: `HS-${s}` });
        }
      }
      return made;
    };

    await issue(24);
    const revA0 = calledRevs.length;
    const callsBefore = await work(8);
    await until(inSync, 10_000, 'the display to follow the live updates');
    expect(comparable(feed.state!)).toEqual(comparable(await snapshot(server.url)));
    const beforeRevs = calledRevs.slice(revA0);

    // The line stalls: nothing moves either way, and nobody is told.
    proxy.stall();
    const stalledAt = Date.now();
    const revB0 = calledRevs.length;
    let callsDuring = 0;
    // Spread the counter work over the outage, so calls land in every part of it (before and
    // after either end has noticed the silence).
    while (Date.now() - stalledAt < stallMs - 500) {
      callsDuring += await work(2);
      await issue(2);
      await sleep(Math.min(1000, stallMs / 10));
    }
    await sleep(Math.max(0, stallMs - (Date.now() - stalledAt)));
    const duringRevs = calledRevs.slice(revB0);
    expect(duringRevs.length).toBeGreaterThan(0);
    // Nothing of the outage reached the display, and it still holds the old state.
    expect(announced.some((a) => duringRevs.includes(a.rev))).toBe(false);

    // Then the line drops every connection; the display reconnects through the proxy by itself.
    const dropAt = Date.now();
    proxy.drop();
    await until(inSync, 30_000, 'the display to reconnect and resynchronise');
    const reconnectMs = Date.now() - dropAt;
    expect(comparable(feed.state!)).toEqual(comparable(await snapshot(server.url)));
    const announcedAtReconnect = announced.length;

    const revC0 = calledRevs.length;
    const callsAfter = await work(8);
    await until(inSync, 10_000, 'the display to follow after the reconnect');
    const afterRevs = calledRevs.slice(revC0);
    // Reconnecting announced nothing: the snapshot is history.
    expect(announced.length - announcedAtReconnect).toBe(afterRevs.length);

    // The state the display holds is the server's public snapshot, exactly (recent calls by identity).
    const final = await snapshot(server.url);
    expect(comparable(feed.state!)).toEqual(comparable(final));
    // And its own recent-call list is the server's, ticket for ticket, entry for entry.
    expect(feed.state!.recentCalls.map((r) => r.ticket.id)).toEqual(final.recentCalls.map((r) => r.ticket.id));

    // Announcements: each rev once, the live calls of before and after, none of the outage.
    const revs = announced.map((a) => a.rev);
    expect(new Set(revs).size).toBe(revs.length);
    expect(revs).toEqual([...beforeRevs, ...afterRevs]);
    for (const r of duringRevs) expect(revs).not.toContain(r);
    // Announcements came in order (a display speaks them in the order given).
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);

    const health = await server.api('GET', '/api/health');
    expect(health.status).toBe(200);
    return {
      stallMs,
      reconnectMs,
      callsBefore,
      callsDuring,
      callsAfter,
      announced: announced.length,
      proxyConnections: proxy.accepted,
    };
  } finally {
    feed.close();
    for (const s of sockets) s.close();
    await proxy.close();
    await server.stop();
  }
}

async function snapshot(url: string): Promise<Snapshot> {
  const r = (await (await fetch(`${url}/api/state`)).json()) as { ok: boolean; snapshot: Snapshot };
  return r.snapshot;
}

