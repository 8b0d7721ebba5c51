// One TCP write per socket per journal flush (issue 10). A flush's push to a kiosk or a counter
// and the acks of the commands in that flush leave in the same turn of the event loop, yet
// engine.io writes each packet at once, each its own `writev`: the kernel's write and Node's
// stream machinery per packet were the largest single cost of issuing at full speed. Held
// sockets keep their packets in engine.io's own buffer until the microtasks queued with the hold
// have run, then write them all at once (engine.io's flush, the TCP socket corked around it). The order of packets on a
// socket never changes; only how many syscalls carry them.
import type { Socket } from 'socket.io';

/** The parts of engine.io and ws this reaches into (engine.io 6.6 + ws 8: checked at each use). */
interface EngineConn {
  readyState: string;
  transport: { name: string; writable: boolean; socket?: { _socket?: Cork } };
  flush(): void;
}
interface Cork {
  cork(): void;
  uncork(): void;
  destroyed?: boolean;
}

interface Held {
  conn: EngineConn;
  transport: EngineConn['transport'];
  tcp: Cork;
}

export class TurnWrites {
  private held: Held[] = [];
  private scheduled = false;

  /**
   * Holds `socket`'s output until the microtasks queued so far have run. Only a websocket transport that is idle (not
   * waiting for its last write) is held; any other (long-polling, a write in flight) is left as is.
   */
  hold(socket: Pick<Socket, 'conn'>): void {
    const conn = socket.conn as unknown as EngineConn;
    const transport = conn.transport;
    const tcp = transport?.socket?._socket;
    if (conn.readyState !== 'open' || transport.name !== 'websocket' || !transport.writable || !tcp || tcp.destroyed) return;
    // engine.io buffers while its transport is not writable, as it does while a write is in flight.
    transport.writable = false;
    this.held.push({ conn, transport, tcp });
    if (!this.scheduled) {
      this.scheduled = true;
      // Once the microtasks queued now have run: an ack answered in the same promise chain (the
      // socket handler's `await` of its command) is among them. A tick, not a turn of the event
      // loop: the held packets wait for no I/O. An ack that waits for real I/O goes on its own.
      process.nextTick(() => this.release());
    }
  }

  /** Writes everything held, one corked flush per socket. */
  release(): void {
    const held = this.held;
    this.held = [];
    this.scheduled = false;
    for (const { conn, transport, tcp } of held) {
      // The same transport as when held: an upgrade or a close in between replaced or ended it.
      if (conn.transport !== transport) continue;
      transport.writable = true;
      // A closing socket waits for its buffer to drain before it closes: flush that one too.
      if (conn.readyState === 'closed' || tcp.destroyed) continue;
      tcp.cork();
      try {
        conn.flush();
      } finally {
        tcp.uncork();
      }
    }
  }
}
