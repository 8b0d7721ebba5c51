import type { Namespace, Server } from 'socket.io';
import type {
  CounterClientToServer, CounterServerToClient, DisplayClientToServer, DisplayServerToClient,
  KioskClientToServer, KioskServerToClient,
} from '../../shared/events.js';
import type { Office } from '../office.js';
import type { HandlerLog, KeyedLimiter } from './handle.js';
import type { KioskGate } from './kiosk.js';

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
  /** Issuing: kiosk key, then the per-client limit shared with REST. */
  kioskGate: KioskGate;
  /** Public reads (snapshot:get, GET /api/state, /api/tickets/:token, /api/health) per address. */
  publicLimiter: KeyedLimiter;
}

export interface Namespaces {
  io: Server;
  display: DisplayNamespace;
  kiosk: KioskNamespace;
  counter: CounterNamespace;
}
