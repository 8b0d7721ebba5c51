// The REST side of the staff app: one typed method per route, every answer a Result envelope.
// Components never call fetch themselves, so session expiry is noticed in one place.
import { officeApi } from '../shared/client/office-base.js';
import type { ApiError, Result } from '../shared/errors.js';
import { MESSAGES } from '../shared/i18n.js';
import type {
  Counter, LoginResult, NewOffice, NoShowTicket, OfficeSummary, PrinterStatus, PrintStatus, ProvinceReport, ReportRow, ReportSummary, Role, Service, Settings, UserPublic,
} from '../shared/types.js';

export type SettingsRecord = Settings & Record<string, unknown>;
export type Figures = ReportSummary['total'];

export interface ReportQuery {
  from: string;
  to: string;
  serviceId?: string | undefined;
  counterId?: string | undefined;
  userId?: string | undefined;
}

export interface StaffMember {
  id: string;
  username: string;
  name: string;
  role: Role;
}

export interface TodayFigures {
  counterId: string;
  serviceDay: string;
  figures: Figures;
  serverTime: string;
}

export interface Clip {
  name: string;
  ext: string;
}

export const PASSWORD_CHANGE_REASON = 'password_change_required';

/** Routes of the whole deployment (sessions, province pages); every other one is the page's office's. */
const DEPLOYMENT_WIDE = /^\/api\/(?:auth|province)(?:[/?]|$)/;

function localError(message: string, messageEn: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: 'internal', message, messageEn } };
}

function query(q: ReportQuery): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, String(v));
  return p.toString();
}

export interface ApiHooks {
  /** The token was refused (expired, or the password changed elsewhere). */
  onUnauthorized(): void;
  /** The server insists on a new password before anything else. */
  onPasswordChangeRequired(): void;
}

export class ApiClient {
  token: string | null = null;

  constructor(private readonly hooks: ApiHooks, private readonly base = '') {}

  private async send(
    method: string,
    path: string,
    init: { body?: BodyInit; contentType?: string; anonymous?: boolean } = {},
  ): Promise<Response | { ok: false; error: ApiError }> {
    const headers: Record<string, string> = {};
    if (init.contentType) headers['content-type'] = init.contentType;
    if (this.token && !init.anonymous) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}${DEPLOYMENT_WIDE.test(path) ? path : officeApi(path)}`, { method, headers, body: init.body ?? null });
    } catch {
      return localError('Không kết nối được máy chủ', 'Cannot reach the server');
    }
    return res;
  }

  private async envelope<T>(res: Response | { ok: false; error: ApiError }, sentToken: boolean): Promise<Result<T>> {
    if (!(res instanceof Response)) return res;
    let body: Result<T>;
    try {
      body = (await res.json()) as Result<T>;
    } catch {
      return localError(`Máy chủ trả lời không hợp lệ (HTTP ${res.status})`, `Unexpected server answer (HTTP ${res.status})`);
    }
    if (!body.ok) {
      // A wrong password (login, or the current one when changing it) is not an expired session.
      if (res.status === 401 && sentToken && body.error.message !== MESSAGES.badLogin.vi) this.hooks.onUnauthorized();
      if (res.status === 403 && body.error.reason === PASSWORD_CHANGE_REASON) this.hooks.onPasswordChangeRequired();
    }
    return body;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
    const init = body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' };
    return this.envelope<T>(await this.send(method, path, init), this.token !== null);
  }

  // ── session ─────────────────────────────────────────────────────────
  async login(username: string, password: string): Promise<Result<LoginResult>> {
    // Without the old token: a refused re-login is a wrong password, not an expired session.
    const body = JSON.stringify({ username, password });
    return this.envelope<LoginResult>(await this.send('POST', '/api/auth/login', { body, contentType: 'application/json', anonymous: true }), false);
  }
  me() {
    return this.request<{ user: UserPublic; offices?: LoginResult['offices'] }>('GET', '/api/auth/me');
  }
  changePassword(currentPassword: string, newPassword: string) {
    return this.request<LoginResult>('POST', '/api/auth/password', { currentPassword, newPassword });
  }
  /** Ends the session on the server too: the token stops working everywhere, not only in this tab. */
  async logout(): Promise<void> {
    if (!this.token) return;
    const res = await this.send('POST', '/api/auth/logout');
    // An answer either way needs no hook: a session already over has nothing left to revoke.
    if (res instanceof Response) await res.body?.cancel();
  }

  // ── configuration ───────────────────────────────────────────────────
  services() {
    return this.request<{ services: Service[] }>('GET', '/api/services');
  }
  createService(s: Service) {
    return this.request<{ service: Service }>('POST', '/api/services', s);
  }
  updateService(id: string, patch: Partial<Service>) {
    return this.request<{ service: Service }>('PUT', `/api/services/${encodeURIComponent(id)}`, patch);
  }
  deleteService(id: string) {
    return this.request<object>('DELETE', `/api/services/${encodeURIComponent(id)}`);
  }
  counters() {
    return this.request<{ counters: Counter[] }>('GET', '/api/counters');
  }
  createCounter(c: Counter) {
    return this.request<{ counter: Counter }>('POST', '/api/counters', c);
  }
  updateCounter(id: string, patch: Partial<Counter>) {
    return this.request<{ counter: Counter }>('PUT', `/api/counters/${encodeURIComponent(id)}`, patch);
  }
  deleteCounter(id: string) {
    return this.request<object>('DELETE', `/api/counters/${encodeURIComponent(id)}`);
  }
  /** A new key for the counter's own display (the old one stops working); `path` opens it paired. */
  newDisplayKey(id: string) {
    return this.request<{ displayKey: string; path: string }>('POST', `/api/counters/${encodeURIComponent(id)}/display-key`);
  }
  users() {
    return this.request<{ users: UserPublic[] }>('GET', '/api/users');
  }
  createUser(u: { username: string; name: string; role: Role; password: string }) {
    return this.request<{ user: UserPublic }>('POST', '/api/users', u);
  }
  updateUser(id: string, patch: { name?: string; role?: Role; password?: string; disabled?: boolean }) {
    return this.request<{ user: UserPublic }>('PUT', `/api/users/${encodeURIComponent(id)}`, patch);
  }
  deleteUser(id: string) {
    return this.request<object>('DELETE', `/api/users/${encodeURIComponent(id)}`);
  }
  settings() {
    return this.request<{ settings: SettingsRecord }>('GET', '/api/settings');
  }
  /** Only the fields that changed: settings other apps add must survive an edit made here. */
  updateSettings(patch: Record<string, unknown>) {
    return this.request<{ settings: SettingsRecord }>('PUT', '/api/settings', patch);
  }
  /** The office's own recordings, and the set's version (`bundled` when there are none). */
  clips() {
    return this.request<{ clips: Clip[]; version: string }>('GET', '/api/settings/clips');
  }
  /** Back to the bundled pack: every recording of the office's is removed. */
  resetClips() {
    return this.request<{ removed: number; version: string }>('DELETE', '/api/settings/clips');
  }
  /** The office's recordings as one zip (needs the Authorization header, so fetched here). */
  async clipsZip(): Promise<Result<{ blob: Blob }>> {
    const res = await this.send('GET', '/api/settings/clips.zip');
    if (!(res instanceof Response)) return res;
    if (!res.ok) return this.envelope(res, this.token !== null);
    return { ok: true, blob: await res.blob() };
  }
  async uploadClip(name: string, file: Blob, contentType: string): Promise<Result<{ clip: Clip & { bytes: number } }>> {
    const res = await this.send('POST', `/api/settings/clips?name=${encodeURIComponent(name)}`, { body: file, contentType });
    return this.envelope(res, this.token !== null);
  }

  // ── printer ─────────────────────────────────────────────────────────
  printer() {
    return this.request<{ printer: PrinterStatus }>('GET', '/api/printer');
  }
  printerTest() {
    return this.request<{ print: { status: PrintStatus; message?: string }; printer: PrinterStatus }>('POST', '/api/printer/test');
  }

  // ── figures and reports ─────────────────────────────────────────────
  counterToday(counterId: string) {
    return this.request<TodayFigures>('GET', `/api/counters/${encodeURIComponent(counterId)}/today`);
  }
  /** Issue 15: today's no-shows, for putting one back in its queue. */
  noShows() {
    return this.request<{ tickets: NoShowTicket[]; maxTimes: number }>('GET', '/api/no-shows');
  }
  staffUsers() {
    return this.request<{ users: StaffMember[] }>('GET', '/api/staff/users');
  }
  summary(q: ReportQuery) {
    return this.request<{ summary: ReportSummary & { rows: ReportRow[] } }>('GET', `/api/reports/summary?${query(q)}`);
  }
  /** Past days' aggregates being built on the server (after an upgrade or a restore): how far. */
  reportProgress() {
    return this.request<{ progress: { done: number; total: number } }>('GET', '/api/reports/progress');
  }
  /** The CSV needs the Authorization header, so it is fetched here and saved from a blob. */
  ticketsCsv(q: ReportQuery): Promise<Result<{ blob: Blob; filename: string }>> {
    return this.download(`/api/reports/tickets.csv?${query(q)}`, `luot-${q.from}_${q.to}.csv`);
  }

  // ── province (deployment-wide; a province admin's) ──────────────────
  provinceOffices() {
    return this.request<{ offices: OfficeSummary[] }>('GET', '/api/province/offices');
  }
  createOffice(o: NewOffice) {
    return this.request<{ office: OfficeSummary }>('POST', '/api/province/offices', o);
  }
  /** Archives: its apps close, its history and reports stay, its slug is never reused. */
  archiveOffice(slug: string) {
    return this.request<{ office: OfficeSummary }>('DELETE', `/api/province/offices/${encodeURIComponent(slug)}`);
  }
  provinceReport(from: string, to: string) {
    return this.request<ProvinceReport>('GET', `/api/province/report?${query({ from, to })}`);
  }
  provinceReportCsv(from: string, to: string): Promise<Result<{ blob: Blob; filename: string }>> {
    return this.download(`/api/province/report?${query({ from, to })}&format=csv`, `luot-tinh-${from}_${to}.csv`);
  }

  /** A file that needs the Authorization header: fetched here and handed back as a blob. */
  private async download(path: string, fallbackName: string): Promise<Result<{ blob: Blob; filename: string }>> {
    const res = await this.send('GET', path);
    if (!(res instanceof Response)) return res;
    if (!res.ok) return this.envelope(res, true);
    const disposition = res.headers.get('content-disposition') ?? '';
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
    return { ok: true, blob: await res.blob(), filename };
  }
}
