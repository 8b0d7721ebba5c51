// Several real server processes over one fresh PostgreSQL database (issue 11): each a child
// process (test/support/child.ts) on its own ephemeral port, all reaching the database through a
// loopback proxy of the test's own (tcp-proxy.ts StallingProxy) that can stall and then drop
// their connections — the machine's PostgreSQL itself is never stopped — and a round-robin
// balancer in front of them (RoundRobinBalancer) for clients that must find another process
// when theirs dies.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type Child } from './child.js';
import { createTestDatabase, type TestDatabase } from './pg.js';
import { RoundRobinBalancer, StallingProxy } from './tcp-proxy.js';

export interface ClusterOptions {
  /** Server processes (default 3). */
  processes?: number;
  /** More environment for every process. */
  env?: Record<string, string>;
}

export interface Cluster {
  db: TestDatabase;
  /** Between every process and PostgreSQL: `stall()` cuts the database away, `drop()` ends the cut. */
  pg: StallingProxy;
  /** One address for all processes. */
  balancer: RoundRobinBalancer;
  /** Process i, or null while it is down. */
  node(i: number): Child;
  /** The URL of process i (throws while it is down). */
  url(i: number): string;
  readonly size: number;
  /** Live processes. */
  alive(): Child[];
  /** Ends process i (SIGKILL: a power cut) and waits for its exit. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts process i again, on a new port (the balancer picks it up). */
  restart(i: number): Promise<Child>;
  stop(): Promise<void>;
}

/** The same database through the proxy's port. */
function viaProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const n = opts.processes ?? 3;
  const db = await createTestDatabase();
  const pgPort = Number(new URL(db.url).port || 5432);
  const proxy = await StallingProxy.start(pgPort, new URL(db.url).hostname);
  const dirs: string[] = [];
  const nodes: (Child | null)[] = new Array(n).fill(null);
  const env = { LUOT_DATABASE_URL: viaProxy(db.url, proxy.port), ...opts.env };

  let stopping = false;
  const starting = new Set<Promise<Child>>();
  const launchOnce = async (i: number): Promise<Child> => {
    // Each process its own (unused by the PostgreSQL store) folder: nothing shared but the database.
    const dir = await mkdtemp(join(tmpdir(), `luot-cluster-${i}-`));
    dirs.push(dir);
    const child = await spawnServer(dir, env);
    if (stopping) await child.kill('SIGKILL');
    else nodes[i] = child;
    return child;
  };
  const launch = (i: number): Promise<Child> => {
    // A start can exceed child.ts's limit on a machine loaded by other tests: one more try.
    const p = launchOnce(i).catch(() => launchOnce(i));
    starting.add(p);
    void p.finally(() => starting.delete(p)).catch(() => undefined);
    return p;
  };
  const balancer = await RoundRobinBalancer.start(() => nodes.filter((c): c is Child => c !== null).map((c) => c.port));

  const stop = async () => {
    stopping = true;
    // A start still under way ends too (it kills its process once up, see launchOnce).
    await Promise.allSettled([...starting]);
    await balancer.close();
    await Promise.all(nodes.map((c) => c?.kill('SIGKILL')));
    await proxy.close();
    await db.drop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  };

  try {
    // The first process migrates and seeds the empty database; the others then open it as it is.
    await launch(0);
    await Promise.all(Array.from({ length: n - 1 }, (_, k) => launch(k + 1)));
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }

  const node = (i: number): Child => {
    const c = nodes[i];
    if (!c) throw new Error(`process ${i} is down`);
    return c;
  };
  return {
    db,
    pg: proxy,
    balancer,
    size: n,
    node,
    url: (i) => node(i).url,
    alive: () => nodes.filter((c): c is Child => c !== null),
    async kill(i, signal = 'SIGKILL') {
      const c = nodes[i];
      nodes[i] = null;
      await c?.kill(signal);
    },
    restart: launch,
    stop,
  };
}
