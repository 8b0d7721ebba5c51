// Login, and the same form again when a session expires (the counter keeps its state meanwhile).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { loginSchema } from '../shared/schemas.js';
import type { Localized } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage, check, type FieldErrors } from './validation.js';

@customElement('luot-login-form')
export class LuotLoginForm extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; width: min(26rem, 100%); }
      form { display: flex; flex-direction: column; gap: 0.8rem; padding: 1.5rem; }
      h1 { font-size: 1.5rem; }
      .brand { color: var(--luot-primary); font-weight: 700; font-size: 1.1rem; }
      input { font-size: 1.05rem; padding: 0.55rem 0.6rem; }
      button.primary { font-size: 1.05rem; padding: 0.6rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) office: Localized | null = null;
  /** Shown over the working screen after the session expired. */
  @property({ type: Boolean }) relogin = false;
  @property() username = '';
  @state() private errors: FieldErrors = {};
  @state() private busy = false;

  override firstUpdated(): void {
    // Re-login: the username is known, the password is what is missing.
    const field = this.renderRoot.querySelector<HTMLInputElement>(this.relogin ? '#password' : '#username');
    field?.focus();
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const value = { username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') };
    const v = check(loginSchema, value);
    if (!v.ok) {
      this.errors = v.errors;
      return;
    }
    this.busy = true;
    const r = await this.api.login(v.data.username, v.data.password);
    this.busy = false;
    if (!r.ok) {
      this.errors = { _: apiMessage(r.error) };
      const pw = this.renderRoot.querySelector<HTMLInputElement>('#password');
      if (pw) {
        pw.value = '';
        pw.focus();
      }
      return;
    }
    this.errors = {};
    this.dispatchEvent(new CustomEvent('logged-in', { detail: r, bubbles: true, composed: true }));
  }

  override render() {
    const err = this.errors;
    return html`<form class="card" @submit=${this.submit} novalidate
        role=${this.relogin ? 'dialog' : nothing} aria-modal=${this.relogin ? 'true' : nothing} aria-labelledby="title">
      <div class="brand">Lượt${this.office ? html` · <span class="muted">${loc(this.office)}</span>` : nothing}</div>
      <h1 id="title">${this.relogin ? t('reloginTitle') : t('loginTitle')}</h1>
      ${this.relogin ? html`<p class="info">${t('reloginText')}</p>` : nothing}
      <div class="field">
        <label for="username">${t('username')}</label>
        <input id="username" name="username" autocomplete="username" .value=${this.username} autocapitalize="none"
          aria-invalid=${err.username ? 'true' : 'false'} aria-describedby="username-err" />
        ${err.username ? html`<span class="err" id="username-err">${err.username}</span>` : nothing}
      </div>
      <div class="field">
        <label for="password">${t('password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password"
          aria-invalid=${err.password ? 'true' : 'false'} aria-describedby="password-err" />
        ${err.password ? html`<span class="err" id="password-err">${err.password}</span>` : nothing}
      </div>
      ${err._ ? html`<p class="alert" role="alert">${err._}</p>` : nothing}
      <button class="primary" ?disabled=${this.busy}>${this.busy ? t('loggingIn') : t('login')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-login-form': LuotLoginForm;
  }
}
