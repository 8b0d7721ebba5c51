// Staff panel (minimal for now): log in, then see the live staff snapshot.
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LiveState } from '../shared/client/live.js';
import type { Result } from '../shared/errors.js';
import type { LoginResult, StaffSnapshot } from '../shared/types.js';

@customElement('luot-counter-app')
export class LuotCounterApp extends LitElement {
  static override styles = css`
    :host { display: block; padding: 1.5rem; font-size: 18px; }
    label { display: block; margin: 0.5rem 0; }
    input, button { font: inherit; padding: 0.5rem; }
  `;

  @state() private token = sessionStorage.getItem('luot.token');
  @state() private snapshot: StaffSnapshot | null = null;
  @state() private error: string | null = null;
  private live: LiveState<StaffSnapshot> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.token) this.connect();
  }

  private connect() {
    this.live = new LiveState<StaffSnapshot>({ namespace: '/counter', auth: { token: this.token } });
    this.live.subscribe((s) => (this.snapshot = s ? structuredClone(s) : null));
  }

  private async login(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    });
    const r = (await res.json()) as Result<LoginResult>;
    if (!r.ok) {
      this.error = r.error.message;
      return;
    }
    this.token = r.token;
    sessionStorage.setItem('luot.token', r.token);
    this.connect();
  }

  override render() {
    if (!this.token) {
      return html`<form @submit=${this.login}>
        <h1>Đăng nhập</h1>
        <label>Tên đăng nhập <input name="username" autocomplete="username" required /></label>
        <label>Mật khẩu <input name="password" type="password" autocomplete="current-password" required /></label>
        ${this.error ? html`<p role="alert">${this.error}</p>` : null}
        <button>Đăng nhập</button>
      </form>`;
    }
    const s = this.snapshot;
    return html`<h1>${s?.office.name.vi ?? ''}</h1>
      <ul>
        ${(s?.services ?? []).map((x) => html`<li>${x.name.vi}: ${x.waiting} đang chờ</li>`)}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-counter-app': LuotCounterApp;
  }
}
