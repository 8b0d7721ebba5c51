// The kiosk's typed data wrapper around LiveState: the components read a KioskView and call
// issue()/unlock(); none of them builds a socket message.
import { LiveState } from '../shared/client/live.js';
import { officeApi, officePrefix } from '../shared/client/office-base.js';
import type { ApiError, Result } from '../shared/errors.js';
import type { IssueResult, PrinterStatus, Priority, Snapshot, TicketPrintEvent } from '../shared/types.js';
import type { Lang } from './strings.js';
import { issueAcked, issueSent } from './tap-timing.js';

export interface KioskView {
  snapshot: Snapshot | null;
  connected: boolean;
  /** False until the first connection: "connecting" is not the alarming "connection lost". */
  everConnected: boolean;
  /** Set when the server refused the handshake (wrong or missing kiosk key). */
  refused: { code: string; message: string; messageEn?: string } | null;
  printer: PrinterStatus | null;
  /** A ticket request is in flight: further taps are ignored. */
  busy: boolean;
  /** The last `ticket:print` heard: how the printing of a ticket answered `queued` went on. */
  print?: TicketPrintEvent | null;
}

export type IssueOutcome =
  | { kind: 'issued'; result: IssueResult }
  /** Another request was in flight: this tap was ignored. */
  | { kind: 'busy' }
  | { kind: 'offline' }
  | { kind: 'error'; error: ApiError };

/** The part of LiveState the kiosk needs: the seam the unit test fakes. */
export interface KioskTransport {
  readonly connected: boolean;
  readonly state: Snapshot | null;
  readonly printer: PrinterStatus | null;
  readonly refused: { code: string; message: string } | null;
  /** The last `ticket:print` pushed (issue 10); a change calls the subscribers. */
  readonly print?: TicketPrintEvent | null;
  subscribe(listener: () => void): () => void;
  request<R>(event: string, payload: unknown, timeoutMs?: number): Promise<R>;
  /** Tries the handshake again after a refusal (socket.io does not retry those by itself). */
  retry(): void;
  close(): void;
}

export interface KioskClientOptions {
  kioskKey: string | null;
  /** Server origin; '' is the page's own. */
  url?: string;
  makeTransport?: (auth: { kioskKey?: string; kioskId?: string }) => KioskTransport;
  fetch?: typeof fetch;
  ackTimeoutMs?: number;
  /** Attempts per tap, all with the same requestId. */
  attempts?: number;
  /** How often a refused kiosk tries again, in case an admin changed the key on the server. */
  refusedRetryMs?: number;
}

/**
 * A v4 UUID. crypto.randomUUID exists only in secure contexts, and a kiosk usually opens the
 * server as plain http://<LAN address>, which is not one; getRandomValues works everywhere.
 */
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * This kiosk's own id, made once and kept: with a kiosk key set, the server gives each keyed
 * kiosk its own issue limit by this id, so several kiosks behind one NAT address do not share one.
 */
export function kioskDeviceId(storage: Storage | undefined = globalThis.localStorage): string {
  const stored = storage?.getItem('luot.kiosk.id');
  if (stored && /^[A-Za-z0-9_-]{8,64}$/.test(stored)) return stored;
  const id = newRequestId();
  storage?.setItem('luot.kiosk.id', id);
  return id;
}

function liveTransport(url: string, auth: { kioskKey?: string; kioskId?: string }): KioskTransport {
  const live = new LiveState<Snapshot>({ namespace: '/kiosk', auth, url, rejoinMs: 3000 });
  let print: TicketPrintEvent | null = null;
  return {
    get print() {
      return print;
    },
    get connected() {
      return live.connected;
    },
    get state() {
      return live.state;
    },
    get printer() {
      return live.printer;
    },
    get refused() {
      return live.refused;
    },
    subscribe: (listener) => {
      // Dies with the socket (close()), as the kiosk subscribes once per transport.
      live.socket.on('ticket:print', (p: TicketPrintEvent) => {
        print = p;
        listener();
      });
      return live.subscribe(() => listener());
    },
    request: (event, payload, timeoutMs) => live.request(event, payload, timeoutMs),
    retry: () => {
      if (!live.socket.active) live.socket.connect();
    },
    close: () => live.close(),
  };
}

const networkError: ApiError = { code: 'internal', message: 'Không kết nối được máy chủ', messageEn: 'Cannot reach the server' };

export class KioskClient {
  private transport!: KioskTransport;
  private unsubscribe: () => void = () => undefined;
  private listeners = new Set<(view: KioskView) => void>();
  private everConnected = false;
  private inFlight = false;
  private refusedTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly url: string;
  private readonly makeTransport: (auth: { kioskKey?: string; kioskId?: string }) => KioskTransport;
  private readonly fetchFn: typeof fetch;
  private readonly ackTimeoutMs: number;
  private readonly attempts: number;
  private readonly refusedRetryMs: number;
  view: KioskView = { snapshot: null, connected: false, everConnected: false, refused: null, printer: null, busy: false };

  constructor(opts: KioskClientOptions) {
    this.url = opts.url ?? '';
    this.makeTransport = opts.makeTransport ?? ((auth) => liveTransport(this.url, auth));
    this.fetchFn = opts.fetch ?? ((...args) => globalThis.fetch(...args));
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    this.attempts = opts.attempts ?? 3;
    this.refusedRetryMs = opts.refusedRetryMs ?? 20_000;
    this.connect(opts.kioskKey);
  }

  private connect(kioskKey: string | null): void {
    this.transport = this.makeTransport(kioskKey ? { kioskKey, kioskId: kioskDeviceId() } : {});
    this.unsubscribe = this.transport.subscribe(() => this.update());
  }

  /** A new key needs a new handshake: the old connection is dropped. */
  setKioskKey(kioskKey: string | null): void {
    this.unsubscribe();
    this.transport.close();
    this.connect(kioskKey);
    this.update();
  }

  private update(): void {
    const t = this.transport;
    if (t.connected) this.everConnected = true;
    const s = t.state;
    this.view = {
      // Fresh objects so that Lit sees a change: LiveState patches its snapshot in place.
      snapshot: s ? { ...s, services: [...s.services] } : null,
      connected: t.connected,
      everConnected: this.everConnected,
      refused: t.connected ? null : t.refused,
      printer: t.printer,
      busy: this.inFlight,
      print: t.print,
    };
    if (this.view.refused && !this.refusedTimer) {
      this.refusedTimer = setTimeout(() => {
        this.refusedTimer = null;
        if (!this.transport.connected) this.transport.retry();
      }, this.refusedRetryMs);
    }
    for (const l of this.listeners) l(this.view);
  }

  subscribe(listener: (view: KioskView) => void): () => void {
    this.listeners.add(listener);
    listener(this.view);
    return () => this.listeners.delete(listener);
  }

  /**
   * One tap, one ticket: a tap while another is in flight is ignored, a tap while disconnected
   * is refused (socket.io would otherwise buffer it and issue minutes later), and a lost ack is
   * retried with the same requestId so that the server answers with the same ticket.
   * `onIssued` runs before `busy` ends, so that the ticket and the end of `busy` make one render
   * (otherwise the start screen renders once more between the ack and the number).
   */
  async issue(serviceId: string, priority: Priority | null = null, onIssued?: (result: IssueResult) => void): Promise<IssueOutcome> {
    const requestId = newRequestId();
    const payload = priority ? { serviceId, priority, requestId } : { serviceId, requestId };
    return this.requestTicket('ticket:issue', payload, onIssued);
  }

  /** A request that issues nothing (kiosk/code-requests.ts), refused at once while disconnected. */
  async request<T>(event: string, payload: object): Promise<Result<T>> {
    if (!this.transport.connected) return { ok: false, error: networkError };
    return this.transport.request<Result<T>>(event, payload, this.ackTimeoutMs);
  }

  /**
   * A ticket asked for by `event` (a tap's, or a code's: kiosk/code-requests.ts, loaded with the
   * check-in and pickup screens): one at a time, and a lost ack retried with the same payload.
   */
  async requestTicket(event: string, payload: object, onIssued?: (result: IssueResult) => void): Promise<IssueOutcome> {
    if (this.inFlight) return { kind: 'busy' };
    if (!this.transport.connected) return { kind: 'offline' };
    this.inFlight = true;
    this.update();
    issueSent();
    try {
      for (let attempt = 1; ; attempt++) {
        const r = await this.transport.request<Result<IssueResult>>(event, payload, this.ackTimeoutMs);
        if (r.ok) {
          issueAcked();
          onIssued?.(r);
          return { kind: 'issued', result: r };
        }
        // `internal` is a lost ack or a server error that changed nothing: retrying is safe.
        if (r.error.code === 'internal' && attempt < this.attempts && this.transport.connected) continue;
        return this.transport.connected ? { kind: 'error', error: r.error } : { kind: 'offline' };
      }
    } finally {
      this.inFlight = false;
      this.update();
    }
  }

  /** Asks the server whether `pin` opens this kiosk's settings. */
  async unlock(pin: string): Promise<Result<object>> {
    try {
      const res = await this.fetchFn(`${this.url}${officeApi('/api/kiosk/unlock')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pin }),
      });
      return (await res.json()) as Result<object>;
    } catch {
      return { ok: false, error: networkError };
    }
  }

  /** The public state over HTTP: the settings need the service list even when the socket is refused. */
  async fetchSnapshot(): Promise<Snapshot | null> {
    if (this.transport.state) return this.transport.state;
    try {
      const r = (await (await this.fetchFn(`${this.url}${officeApi('/api/state')}`)).json()) as Result<{ snapshot: Snapshot }>;
      return r.ok ? r.snapshot : null;
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.refusedTimer) clearTimeout(this.refusedTimer);
    this.unsubscribe();
    this.transport.close();
    this.listeners.clear();
  }
}

// ── this kiosk's own settings ───────────────────────────────────────────

export interface KioskLocalSettings {
  /** The services this kiosk offers; null: all of them. */
  serviceIds: string[] | null;
  lang: Lang;
  kioskKey: string | null;
}

// Each office's own (its services, its kiosk key); the default office's key is as before.
const STORAGE_KEY = `luot.kiosk.settings${officePrefix()}`;

export const defaultLocalSettings = (): KioskLocalSettings => ({ serviceIds: null, lang: 'vi', kioskKey: null });

/** Whatever is stored is checked field by field: a hand-edited or old entry never breaks the kiosk. */
export function loadLocalSettings(storage: Storage | undefined = globalThis.localStorage): KioskLocalSettings {
  const d = defaultLocalSettings();
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return d;
    const o = raw as Record<string, unknown>;
    return {
      serviceIds: Array.isArray(o.serviceIds) && o.serviceIds.every((x) => typeof x === 'string') ? (o.serviceIds as string[]) : null,
      lang: o.lang === 'en' ? 'en' : 'vi',
      kioskKey: typeof o.kioskKey === 'string' && o.kioskKey.trim() ? o.kioskKey.trim() : null,
    };
  } catch {
    return d;
  }
}

export function saveLocalSettings(s: KioskLocalSettings, storage: Storage | undefined = globalThis.localStorage): void {
  storage?.setItem(STORAGE_KEY, JSON.stringify(s));
}
