// The kiosk's data wrapper without a browser: one ticket per tap, the same requestId on a retry,
// nothing sent while disconnected; plus its local settings and time formatting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/errors.js';
import type { IssueResult, PrinterStatus, Snapshot, TicketPrintEvent } from '../../shared/types.js';
import {
  KioskClient, defaultLocalSettings, loadLocalSettings, newRequestId, saveLocalSettings, type KioskTransport,
} from '../../kiosk/kiosk-client.js';
import { formatNextOpen } from '../../kiosk/strings.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const issued = (number: string): Result<IssueResult> => ({
  ok: true,
  ticket: {
    id: `t-${number}`, token: 'tok', number, serviceId: 'ho-tich', priority: null, state: 'waiting',
    issuedAt: '2026-05-12T08:00:00+07:00', calledAt: null, counterId: null, callCount: 0,
    queuedAt: '2026-05-12T08:00:00+07:00', seq: 1,
  },
  ahead: 0,
  estimatedWaitMin: 0,
  trackUrl: 'http://127.0.0.1/t/tok',
  print: { status: 'printed' },
});
const lostAck: Result<IssueResult> = { ok: false, error: { code: 'internal', message: 'Không nhận được phản hồi', messageEn: 'No answer' } };

class FakeTransport implements KioskTransport {
  connected = true;
  state: Snapshot | null = null;
  printer: PrinterStatus | null = null;
  print: TicketPrintEvent | null = null;
  refused: { code: string; message: string } | null = null;
  calls: { event: string; payload: { serviceId: string; requestId: string; priority?: string } }[] = [];
  answers: (() => Promise<unknown>)[] = [];
  retries = 0;
  listener: (() => void) | null = null;
  subscribe(listener: () => void) {
    this.listener = listener;
    listener();
    return () => (this.listener = null);
  }
  async request<R>(event: string, payload: unknown): Promise<R> {
    this.calls.push({ event, payload: payload as FakeTransport['calls'][number]['payload'] });
    const next = this.answers.shift();
    if (!next) throw new Error('no answer scripted');
    return (await next()) as R;
  }
  retry() {
    this.retries++;
  }
  close() {}
}

function client(t = new FakeTransport(), extra: Partial<ConstructorParameters<typeof KioskClient>[0]> = {}) {
  return { t, c: new KioskClient({ kioskKey: null, makeTransport: () => t, ...extra }) };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('KioskClient.issue', () => {
  it('retries a lost ack with the same requestId and returns the one ticket', async () => {
    const { t, c } = client();
    t.answers.push(async () => lostAck, async () => issued('B001'));
    const r = await c.issue('ho-tich', 'elderly');
    expect(r.kind).toBe('issued');
    expect(t.calls).toHaveLength(2);
    expect(t.calls[0]!.payload).toEqual({ serviceId: 'ho-tich', priority: 'elderly', requestId: expect.stringMatching(UUID) });
    expect(t.calls[1]!.payload.requestId).toBe(t.calls[0]!.payload.requestId);
  });

  it('gives up after its attempts, and never retries a refusal such as a closed service', async () => {
    const { t, c } = client();
    t.answers.push(async () => lostAck, async () => lostAck, async () => lostAck);
    expect((await c.issue('ho-tich')).kind).toBe('error');
    expect(t.calls).toHaveLength(3);
    t.answers.push(async () => ({ ok: false, error: { code: 'closed', message: 'Đã hết giờ tiếp nhận', messageEn: 'Closed for today' } }));
    const r = await c.issue('ho-tich');
    expect(r.kind === 'error' && r.error.code).toBe('closed');
    expect(t.calls).toHaveLength(4);
  });

  it('ignores a tap while another is in flight, and each tap has a fresh requestId', async () => {
    const { t, c } = client();
    let release!: () => void;
    t.answers.push(() => new Promise((resolve) => (release = () => resolve(issued('B001')))), async () => issued('B002'));
    const first = c.issue('ho-tich');
    expect(c.view.busy).toBe(true);
    expect(await c.issue('ho-tich')).toEqual({ kind: 'busy' });
    release();
    expect((await first).kind).toBe('issued');
    expect(c.view.busy).toBe(false);
    await c.issue('ho-tich');
    expect(t.calls).toHaveLength(2);
    expect(t.calls[1]!.payload.requestId).not.toBe(t.calls[0]!.payload.requestId);
  });

  it('sends nothing while disconnected, and stops retrying when the connection drops', async () => {
    const { t, c } = client();
    t.connected = false;
    expect(await c.issue('ho-tich')).toEqual({ kind: 'offline' });
    expect(t.calls).toHaveLength(0);
    t.connected = true;
    t.answers.push(async () => {
      t.connected = false;
      return lostAck;
    });
    expect(await c.issue('ho-tich')).toEqual({ kind: 'offline' });
    expect(t.calls).toHaveLength(1);
  });

  it('passes the server\'s ticket:print on to the view, for the ticket screen', () => {
    const { t, c } = client();
    const seen: (TicketPrintEvent | null | undefined)[] = [];
    c.subscribe((v) => seen.push(v.print));
    t.print = { ticketId: 't-B001', status: 'printed' };
    t.listener!();
    expect(seen.at(-1)).toEqual({ ticketId: 't-B001', status: 'printed' });
  });

  it('tries the handshake again some time after the server refused it', async () => {
    vi.useFakeTimers();
    const t = new FakeTransport();
    t.connected = false;
    t.refused = { code: 'unauthorized', message: 'Mã ki-ốt không đúng' };
    const { c } = client(t, { refusedRetryMs: 20_000 });
    expect(c.view.refused?.code).toBe('unauthorized');
    vi.advanceTimersByTime(19_000);
    expect(t.retries).toBe(0);
    vi.advanceTimersByTime(2_000);
    expect(t.retries).toBe(1);
    c.close();
  });
});

describe('newRequestId', () => {
  it('is a v4 UUID, also where crypto.randomUUID is missing (plain http on the LAN)', () => {
    expect(newRequestId()).toMatch(UUID);
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) });
    const ids = new Set(Array.from({ length: 50 }, () => newRequestId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID);
  });
});

describe('local settings', () => {
  const memory = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) } as unknown as Storage;
  };

  it('round-trips, and anything malformed falls back to the defaults field by field', () => {
    const s = memory();
    expect(loadLocalSettings(s)).toEqual(defaultLocalSettings());
    saveLocalSettings({ serviceIds: ['ho-tich'], lang: 'en', kioskKey: 'khoa-1' }, s);
    expect(loadLocalSettings(s)).toEqual({ serviceIds: ['ho-tich'], lang: 'en', kioskKey: 'khoa-1' });
    s.setItem('luot.kiosk.settings', '{not json');
    expect(loadLocalSettings(s)).toEqual(defaultLocalSettings());
    s.setItem('luot.kiosk.settings', JSON.stringify({ serviceIds: [1], lang: 'fr', kioskKey: '  ' }));
    expect(loadLocalSettings(s)).toEqual(defaultLocalSettings());
  });
});

describe('formatNextOpen', () => {
  it('shows the office wall-clock time, with the date when it is not today', () => {
    expect(formatNextOpen('2025-05-12T13:30:00+07:00', '2025-05-12', 'vi')).toBe('13:30');
    expect(formatNextOpen('2025-05-12T07:30:00+07:00', '2025-05-10', 'vi')).toBe('07:30, Thứ Hai, 12/5');
    expect(formatNextOpen('2025-05-12T07:30:00+07:00', '2025-05-10', 'en')).toBe('07:30 on Monday 12 May');
    // The kiosk PC's own zone does not matter: the offset in the string is the office's.
    expect(formatNextOpen('2025-05-12T23:45:00+07:00', '2025-05-12', 'en')).toBe('23:45');
  });
});
