import type { Namespace, Server } from 'socket.io';
import type {
  CounterClientToServer, CounterServerToClient, DisplayClientToServer, DisplayServerToClient,
  KioskClientToServer, KioskServerToClient,
} from '../../shared/events.js';
import type { Office } from '../office.js';
import type { HandlerLog } from './handle.js';

export interface CounterSocketData {
  userId: string;
  token: string;
  /** The login's session id: the socket is in room `session:<sid>` (and `user:<userId>`). */
  sid: string;
}

export type DisplayNamespace = Namespace<DisplayClientToServer, DisplayServerToClient>;
export type KioskNamespace = Namespace<KioskClientToServer, KioskServerToClient>;
export type CounterNamespace = Namespace<CounterClientToServer, CounterServerToClient, Record<string, never>, CounterSocketData>;

export interface RealtimeDeps {
  office: Office;
  log: HandlerLog & { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  now: () => number;
  /** Per-kiosk-connection issue rate: burst and refill per second. */
  kioskRate?: { capacity: number; perSec: number };
}

export interface Namespaces {
  io: Server;
  display: DisplayNamespace;
  kiosk: KioskNamespace;
  counter: CounterNamespace;
}
