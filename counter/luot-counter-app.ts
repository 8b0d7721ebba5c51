// The staff app's shell: session (login, forced password change, re-login after expiry),
// language, the live connection, and which view the user's role may open.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { officeApi, officePrefix } from '../shared/client/office-base.js';
import type { LoginResult, Role, SessionEndReason, UserPublic } from '../shared/types.js';
import { ApiClient } from './api.js';
import { LangController, LiveController } from './controllers.js';
import { loc } from './format.js';
import { ProvinceFeed } from './province-feed.js';
import { StaffClient } from './staff-client.js';
import { getLang, ROLE_LABEL, setLang, t, type StringKey } from './strings.js';
import { base } from './styles.js';
import './luot-login-form.js';
import './luot-password-change.js';
import './luot-counter-panel.js';
import './luot-disk-banner.js';
import './luot-supervisor-view.js';
import './luot-alarm-overlay.js';
import './luot-reports-view.js';
import './luot-settings-view.js';
import './luot-office-switcher.js';
import './luot-province-overview.js';
import './luot-province-report.js';
import './luot-province-offices.js';

type View = 'counter' | 'supervisor' | 'reports' | 'settings' | 'province' | 'province-report' | 'offices';
/** `province`: the deployment-wide pages, for a province admin only (role admin, no office of its own). */
const VIEWS: { id: View; role: Role; label: StringKey; province?: true }[] = [
  { id: 'counter', role: 'staff', label: 'navCounter' },
  { id: 'supervisor', role: 'supervisor', label: 'navSupervisor' },
  { id: 'reports', role: 'supervisor', label: 'navReports' },
  { id: 'settings', role: 'office_admin', label: 'navSettings' },
  { id: 'province', role: 'admin', label: 'navProvince', province: true },
  { id: 'province-report', role: 'admin', label: 'navProvinceReport', province: true },
  { id: 'offices', role: 'admin', label: 'navOffices', province: true },
];
const RANK: Record<Role, number> = { staff: 1, supervisor: 2, office_admin: 3, admin: 4 };
/** The server's session length (server/auth.ts): a fresh token's expiry tells the server's clock. */
const TOKEN_TTL_MS = 12 * 60 * 60 * 1000;
const SESSION_KEY = 'luot.session';

interface Session {
  token: string;
  user: UserPublic;
  expiresAt: string;
  /** The offices this account may open (from the login answer), for the switcher. */
  offices?: LoginResult['offices'];
}

function loadSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return s && typeof s.token === 'string' && s.user ? s : null;
  } catch {
    return null;
  }
}

function viewFromHash(): View {
  const id = location.hash.replace(/^#\/?/, '');
  return VIEWS.some((v) => v.id === id) ? (id as View) : 'counter';
}

@customElement('luot-counter-app')
export class LuotCounterApp extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; min-height: 100vh; font-size: 16px; }
      header {
        display: flex; align-items: center; gap: 1rem; flex-wrap: wrap;
        background: var(--luot-primary); color: #fff; padding: 0.45rem 1rem;
      }
      .brand { font-weight: 700; font-size: 1.2rem; letter-spacing: 0.02em; }
      .office { font-size: 0.95rem; opacity: 0.95; max-width: 28rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      nav { display: flex; gap: 0.25rem; margin-left: 0.5rem; }
      nav a {
        color: #fff; text-decoration: none; font-weight: 600; padding: 0.35rem 0.75rem; border-radius: 6px;
      }
      nav a[aria-current='page'] { background: #fff; color: var(--luot-primary); }
      nav a:hover:not([aria-current='page']) { background: rgba(255, 255, 255, 0.15); }
      .me { margin-left: auto; display: flex; align-items: center; gap: 0.5rem; font-size: 0.92rem; }
      header button { border-color: #fff; color: #fff; background: transparent; padding: 0.25rem 0.6rem; font-size: 0.9rem; }
      header button:hover:not([disabled]) { background: rgba(255, 255, 255, 0.15); }
      .dot { width: 0.7rem; height: 0.7rem; border-radius: 50%; display: inline-block; background: #4ade80; border: 2px solid #fff; }
      .dot.off { background: #f87171; }
      main { padding: 0.9rem 1rem 1.5rem; }
      .banner {
        background: #b00020; color: #fff; padding: 0.55rem 1rem; font-weight: 700; display: flex; gap: 1rem; align-items: center;
      }
      .overlay {
        position: fixed; inset: 0; background: rgba(16, 25, 43, 0.6); display: grid; place-items: center; z-index: 10; padding: 1rem;
      }
      .centre { min-height: 100vh; display: grid; place-items: center; padding: 1rem; }
      .lang-corner { position: fixed; top: 0.75rem; right: 1rem; }
      .forbidden { max-width: 36rem; }
      .login { display: grid; gap: 0.8rem; justify-items: center; }
      .ended { max-width: 26rem; margin: 0; }
      @media print {
        header, .banner, .overlay { display: none !important; }
        main { padding: 0; }
      }
    `,
  ];

  private readonly langCtl = new LangController(this);
  private readonly liveCtl = new LiveController(this, () => this.client);
  private readonly api = new ApiClient({
    onUnauthorized: () => this.expire(),
    onPasswordChangeRequired: () => {
      if (this.session) this.session = { ...this.session, user: { ...this.session.user, mustChangePassword: true } };
    },
  });

  @state() private session: Session | null = loadSession();
  @state() private expired = false;
  @state() private view: View = viewFromHash();
  @state() private client: StaffClient | null = null;
  /** The /province feed, opened the first time a province page is shown. */
  private province: ProvinceFeed | null = null;
  @state() private officeName: { vi: string; en: string } | null = null;
  /** Refused here, and no office of its own to go to. */
  @state() private wrongOffice = false;
  /** Why the server ended the last session: said on the login screen. */
  @state() private endedBy: SessionEndReason | null = null;
  private everConnected = false;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onHash = () => (this.view = viewFromHash());

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
    document.documentElement.lang = getLang();
    if (this.session) {
      this.api.token = this.session.token;
      this.startLive();
      // The role or the forced password change may have changed since the tab was opened.
      void this.api.me().then((r) => {
        if (r.ok && this.session) this.saveSession({ ...this.session, user: r.user, ...(r.offices ? { offices: r.offices } : {}) });
      });
    } else {
      void this.loadOfficeName();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHash);
    this.client?.close();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
  }

  /** The public state names the office on the login page; it needs no token. */
  private async loadOfficeName() {
    try {
      const r = (await (await fetch(officeApi('/api/state'))).json()) as { ok: boolean; snapshot?: { office: { name: { vi: string; en: string } } } };
      if (r.ok && r.snapshot) this.officeName = r.snapshot.office.name;
    } catch {
      // the login page works without it
    }
  }

  private saveSession(s: Session) {
    // The /province socket keeps the token of its handshake: a new one needs a new socket.
    if (this.province && this.session?.token !== s.token) {
      this.province.close();
      this.province = null;
    }
    this.session = s;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    this.api.token = s.token;
    this.scheduleExpiry();
  }

  private scheduleExpiry() {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    if (!this.session) return;
    const at = Date.parse(this.session.expiresAt);
    if (!Number.isFinite(at)) return;
    const now = this.client?.serverNow() ?? Date.now();
    // Capped so that a sleeping laptop re-checks instead of trusting one very long timer.
    const wait = Math.min(Math.max(0, at - now), 60 * 60_000);
    this.expiryTimer = setTimeout(() => {
      if ((this.client?.serverNow() ?? Date.now()) >= at) this.expire();
      else this.scheduleExpiry();
    }, wait);
  }

  private startLive() {
    if (!this.session || this.session.user.mustChangePassword) return;
    if (this.client) {
      this.client.setToken(this.session.token);
      return;
    }
    const client = new StaffClient(this.session.token);
    client.onUnauthorized = () => this.expire();
    client.onEnded = (reason) => this.sessionEnded(reason);
    client.subscribe((_s, connected) => {
      if (connected) this.everConnected = true;
      if (client.passwordChangeRequired && this.session) {
        this.dropClient();
        this.session = { ...this.session, user: { ...this.session.user, mustChangePassword: true } };
      } else if (client.unauthorized) this.expire();
      else if (client.wrongOffice) this.toOwnOffice();
    });
    this.client = client;
    this.scheduleExpiry();
  }

  /**
   * The account works in another office than this page's (a bookmarked /counter/ of a commune
   * centre's staff, say): its own office's staff app opens instead, in the same view.
   */
  private toOwnOffice() {
    const own = this.session?.offices?.[0];
    if (own && officePrefix() !== `/o/${own.slug}`) location.assign(`/o/${own.slug}/counter/${location.hash}`);
    else this.wrongOffice = true;
  }

  /** Asks for the password again; everything on screen (and the open counter) stays. */
  private expire() {
    if (this.session) this.expired = true;
  }

  /**
   * The server ended the session and disconnected; the app says why and does not reconnect.
   * An account removed or disabled goes back to the login screen. Otherwise (expired, password
   * changed or reset, logged out) the same person may go on: the password is asked over the
   * working screen, and the open counter stays as it is.
   */
  private sessionEnded(reason: SessionEndReason) {
    if (reason === 'user_removed' || reason === 'account_disabled') this.endLocally();
    else this.expire();
    this.endedBy = reason;
  }

  private dropClient() {
    this.client?.close();
    this.client = null;
    this.everConnected = false;
    this.province?.close();
    this.province = null;
  }

  private provinceFeed(): ProvinceFeed {
    if (!this.province) {
      this.province = new ProvinceFeed(this.session!.token);
      // A new or archived office shows in the switcher as soon as the feed says so.
      this.province.subscribe(() => this.requestUpdate());
    }
    return this.province;
  }

  /** The offices the switcher offers: the live list for a province admin, else the login's. */
  private switchable(): { slug: string; name: { vi: string; en: string } }[] {
    const live = this.province?.offices;
    if (live) return live.filter((o) => !o.archived);
    return this.session?.offices ?? [];
  }

  private onLoggedIn(e: CustomEvent<LoginResult>) {
    const r = e.detail;
    const sameUser = this.session?.user.id === r.user.id;
    if (!sameUser && this.client) {
      this.client.close();
      this.client = null;
      this.everConnected = false;
    }
    this.saveSession({ token: r.token, user: r.user, expiresAt: r.expiresAt, ...(r.offices ? { offices: r.offices } : {}) });
    this.expired = false;
    this.endedBy = null;
    this.startLive();
    this.syncClock(r.expiresAt);
  }

  private syncClock(expiresAt: string) {
    const issued = Date.parse(expiresAt) - TOKEN_TTL_MS;
    if (Number.isFinite(issued)) this.client?.setServerTime(new Date(issued).toISOString(), Date.now(), Date.now());
  }

  private onPasswordChanged(e: CustomEvent<LoginResult>) {
    const r = e.detail;
    this.saveSession({ ...this.session, token: r.token, user: r.user, expiresAt: r.expiresAt, ...(r.offices ? { offices: r.offices } : {}) });
    this.startLive();
    this.syncClock(r.expiresAt);
  }

  private logout() {
    // Revoked on the server first: the token must not outlive the session shown here.
    void this.api.logout();
    this.endLocally();
  }

  private endLocally() {
    this.dropClient();
    this.session = null;
    this.expired = false;
    this.api.token = null;
    sessionStorage.removeItem(SESSION_KEY);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    void this.loadOfficeName();
  }

  private toggleLang() {
    setLang(getLang() === 'vi' ? 'en' : 'vi');
    document.documentElement.lang = getLang();
  }

  private langButton(cls = '') {
    const en = getLang() === 'en';
    return html`<button class=${cls} lang=${en ? 'vi' : 'en'} @click=${this.toggleLang}>${en ? 'Tiếng Việt' : 'English'}</button>`;
  }

  private allowed(view: View): boolean {
    const user = this.session?.user;
    const role = user?.role ?? 'staff';
    const v = VIEWS.find((x) => x.id === view)!;
    if (v.province) return role === 'admin' && !user?.officeId;
    return RANK[role] >= RANK[v.role];
  }

  override render() {
    const s = this.session;
    if (!s) {
      return html`<div class="lang-corner">${this.langButton()}</div>
        <main class="centre">
          <div class="login">
            ${this.endedBy ? html`<p class="alert ended" role="alert">${t(`ended_${this.endedBy}`)}</p>` : nothing}
            <luot-login-form .api=${this.api} .office=${this.officeName} @logged-in=${this.onLoggedIn}></luot-login-form>
          </div>
        </main>`;
    }
    if (s.user.mustChangePassword) {
      return html`<div class="lang-corner">${this.langButton()}</div>
        <main class="centre">
          <luot-password-change .api=${this.api} .user=${s.user} forced @password-changed=${this.onPasswordChanged}
            @logout=${this.logout}></luot-password-change>
        </main>`;
    }
    const client = this.client;
    const connected = client?.connected ?? false;
    const office = client?.state?.office.name ?? null;
    return html`
      <header>
        <span class="brand">Lượt</span>
        <span class="office">${loc(office)}</span>
        <luot-office-switcher .offices=${this.switchable()}></luot-office-switcher>
        <nav aria-label=${t('navLabel')}>
          ${VIEWS.filter((v) => this.allowed(v.id)).map(
            (v) => html`<a href="#${v.id}" aria-current=${this.view === v.id ? 'page' : 'false'}>${t(v.label)}</a>`,
          )}
        </nav>
        <div class="me">
          <span class="dot ${connected ? '' : 'off'}" role="img" aria-label=${connected ? t('online') : t('offline')}></span>
          <span>${s.user.name} · ${t(ROLE_LABEL[s.user.role])}</span>
          ${this.langButton()}
          <button @click=${this.logout}>${t('logout')}</button>
        </div>
      </header>
      ${client && !connected && this.everConnected && !this.expired
        ? html`<div class="banner" role="alert">${t('disconnected')}</div>`
        : nothing}
      <luot-disk-banner .client=${client}></luot-disk-banner>
      <main>${this.renderView(client)}</main>
      <luot-alarm-overlay .client=${client} .userId=${s.user.id} ?supervisor=${RANK[s.user.role] >= RANK.supervisor}></luot-alarm-overlay>
      ${this.expired
        ? html`<div class="overlay"><div class="login">
            ${this.endedBy && this.endedBy !== 'expired' ? html`<p class="alert ended" role="alert">${t(`ended_${this.endedBy}`)}</p>` : nothing}
            <luot-login-form .api=${this.api} relogin .username=${s.user.username} @logged-in=${this.onLoggedIn}></luot-login-form>
          </div></div>`
        : nothing}
    `;
  }

  private renderView(client: StaffClient | null) {
    if (!this.allowed(this.view)) {
      return html`<section class="card forbidden" role="alert">
        <h1>${t('forbiddenTitle')}</h1>
        <p>${t('forbiddenText')}</p>
        <p><a href="#counter">${t('backToCounter')}</a></p>
      </section>`;
    }
    switch (this.view) {
      case 'province':
        return html`<luot-province-overview .feed=${this.provinceFeed()}></luot-province-overview>`;
      case 'province-report':
        return html`<luot-province-report .api=${this.api}></luot-province-report>`;
      case 'offices':
        return html`<luot-province-offices .api=${this.api}></luot-province-offices>`;
    }
    if (!client) return nothing;
    if (this.wrongOffice) return html`<section class="card forbidden" role="alert"><h1>${t('forbiddenTitle')}</h1><p>${t('wrongOffice')}</p></section>`;
    if (client.live.officeClosed) return html`<section class="card forbidden" role="alert" data-testid="closed"><h1>${t('officeClosed')}</h1><p>${t('officeClosedText')}</p></section>`;
    const locked = this.expired;
    switch (this.view) {
      case 'counter':
        return html`<luot-counter-panel .client=${client} .api=${this.api} .user=${this.session!.user} ?locked=${locked}></luot-counter-panel>`;
      case 'supervisor':
        return html`<luot-supervisor-view .client=${client} .api=${this.api} ?locked=${locked}></luot-supervisor-view>`;
      case 'reports':
        return html`<luot-reports-view .client=${client} .api=${this.api}></luot-reports-view>`;
      case 'settings':
        return html`<luot-settings-view .client=${client} .api=${this.api} .user=${this.session!.user}></luot-settings-view>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-counter-app': LuotCounterApp;
  }
}
