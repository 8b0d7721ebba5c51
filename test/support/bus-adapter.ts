// Joins socket.io servers of one test process the way a cluster adapter joins processes: a room
// broadcast or disconnect made on one also reaches the matching sockets of the others. A stand-in
// for @socket.io/postgres-adapter or the Redis Streams adapter (no database needed) in tests of
// what must work "on every process"; it forwards exactly the operations the server relies on.
import type { Namespace, Server } from 'socket.io';

interface AdapterOps {
  readonly nsp: Namespace;
  broadcast(packet: unknown, opts: { rooms: Set<string>; except?: Set<string>; flags?: { local?: boolean } }): void;
  disconnectSockets(opts: { rooms: Set<string>; except?: Set<string>; flags?: { local?: boolean } }, close: boolean): void;
  fetchSockets(opts: { rooms: Set<string>; except?: Set<string>; flags?: { local?: boolean } }): Promise<unknown[]>;
}
type AdapterClass = new (nsp: Namespace) => AdapterOps;

/** Must run before any client connects: replacing the adapter forgets the rooms joined so far. */
export function joinServers(servers: Server[]): void {
  const InMemory = servers[0]!.of('/').adapter.constructor as unknown as AdapterClass;
  const members = new Set<AdapterOps>();

  class BusAdapter extends InMemory {
    private readonly local = {
      broadcast: (packet: unknown, opts: Parameters<AdapterOps['broadcast']>[1]) => super.broadcast(packet, opts),
      disconnectSockets: (opts: Parameters<AdapterOps['disconnectSockets']>[0], close: boolean) => super.disconnectSockets(opts, close),
      fetchSockets: (opts: Parameters<AdapterOps['fetchSockets']>[0]) => super.fetchSockets(opts),
    };

    constructor(nsp: Namespace) {
      super(nsp);
      members.add(this);
    }

    private peers(): BusAdapter[] {
      return [...members].filter((m): m is BusAdapter => m !== this && m instanceof BusAdapter && m.nsp.name === this.nsp.name);
    }

    override broadcast(packet: unknown, opts: Parameters<AdapterOps['broadcast']>[1]): void {
      this.local.broadcast(packet, opts);
      // As across a network: the other process applies it a moment later.
      if (!opts.flags?.local) for (const p of this.peers()) setImmediate(() => p.local.broadcast(packet, opts));
    }

    override disconnectSockets(opts: Parameters<AdapterOps['disconnectSockets']>[0], close: boolean): void {
      this.local.disconnectSockets(opts, close);
      if (!opts.flags?.local) for (const p of this.peers()) setImmediate(() => p.local.disconnectSockets(opts, close));
    }

    override async fetchSockets(opts: Parameters<AdapterOps['fetchSockets']>[0]): Promise<unknown[]> {
      const here = await this.local.fetchSockets(opts);
      if (opts.flags?.local) return here;
      const there = await Promise.all(this.peers().map((p) => p.local.fetchSockets(opts)));
      return [...here, ...there.flat()];
    }
  }

  for (const io of servers) io.adapter(BusAdapter as unknown as Parameters<Server['adapter']>[0]);
}
